import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import type { Logger } from '../logger.js';

interface Manifest {
  entries: Record<string, { html: string; js: string; css?: string; variants?: Record<string, string> }>;
}

/**
 * /p/<code>: the intake form. Its shell also asks for the form's data (categories, grids) at
 * once, alongside the script, instead of one round trip after the script has run — on a 400 ms
 * connection that is the difference between the form working after ~1.8 s and ~2.3 s.
 */
const INTAKE_PAGE = /^\/p\/([A-Za-z0-9-]{4,12})\/?$/;

/** The public board's short address (organisations.board_code). */
const BOARD_ADDRESS = /^\/b\/([A-Za-z0-9-]{4,16})\/?$/;

/**
 * Pages by URL prefix (or pattern; the first match wins) → client entry, or `entry.variant` for
 * another shell of the same bundle. Residents' pages get their own small entry (the intake form
 * and co-signing and objecting under /p/, tracking under /t/ and /o/, a studio's queue under /s/); the intake form's
 * shell already holds its title field. Everything else is the staff app.
 */
export const ENTRY_BY_PREFIX: [prefix: string | RegExp, entry: string][] = [
  [INTAKE_PAGE, 'resident.intake'],
  ['/p/', 'resident'],
  ['/t/', 'resident'],
  ['/o/', 'resident'],
  ['/s/', 'resident'],
];

const matches = (prefix: string | RegExp, path: string) =>
  typeof prefix === 'string' ? path.startsWith(prefix) : prefix.test(path);

/** CSP sources for a shell's inline <style> blocks (its critical CSS): exactly those, by hash. */
const styleHashes = (page: string): string[] =>
  [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`,
  );

/**
 * Serves the built client: hashed assets cached for a year, HTML never cached so a deploy
 * takes effect at the next load. Unknown non-API paths get the app shell (client-side routing).
 */
export function staticRouter(clientDir: string, logger: Logger): Router {
  const router = express.Router();
  const manifestPath = path.join(clientDir, 'manifest.json');
  let manifest: Manifest | null = null;
  const html = new Map<string, { page: string; styleSrc: string[] }>();
  const read = (file: string) => {
    const page = fs.readFileSync(path.join(clientDir, file), 'utf8');
    return { page, styleSrc: styleHashes(page) };
  };
  const load = () => {
    if (manifest) return manifest;
    try {
      manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
      for (const [name, entry] of Object.entries(manifest.entries)) {
        html.set(name, read(entry.html));
        for (const [variant, file] of Object.entries(entry.variants ?? {})) html.set(`${name}.${variant}`, read(file));
      }
    } catch {
      logger.warn({ manifestPath }, 'client not built: run `npm run build`');
      manifest = null;
    }
    return manifest;
  };

  const assets = path.join(clientDir, 'assets');
  // Scripts and stylesheets were gzipped at build time (scripts/build-client.ts): send those bytes.
  router.get(/^\/assets\/[\w.-]+\.(js|css)$/, (req, res, next) => {
    const gz = path.join(assets, `${path.basename(req.path)}.gz`);
    if (!req.acceptsEncodings('gzip') || !fs.existsSync(gz)) return next();
    res.set({
      'Content-Encoding': 'gzip',
      'Cache-Control': 'public, max-age=31536000, immutable',
      Vary: 'Accept-Encoding',
    });
    res.type(path.extname(req.path)).sendFile(gz);
  });
  router.use(
    '/assets',
    express.static(assets, {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  // /b/<code>: an organisation's public board by its short code, the address printed on posters
  // and linked from the residents' pages. The board page reads the code itself.
  router.get(BOARD_ADDRESS, (req, res) => {
    res.redirect(302, `/board/${BOARD_ADDRESS.exec(req.path)![1]!.toUpperCase()}`);
  });
  router.get(/^\/(?!api\/|socket\.io\/|yjs\/|healthz$|readyz$).*/, (req, res, next) => {
    if (!load()) return next();
    const entry = ENTRY_BY_PREFIX.find(([prefix]) => matches(prefix, req.path))?.[1] ?? 'app';
    const shell = html.get(entry) ?? html.get('app');
    if (!shell) return next();
    const csp = res.getHeader('Content-Security-Policy');
    if (shell.styleSrc.length && typeof csp === 'string') {
      res.setHeader(
        'Content-Security-Policy',
        csp.replace("style-src 'self'", `style-src 'self' ${shell.styleSrc.join(' ')}`),
      );
    }
    const code = INTAKE_PAGE.exec(req.path)?.[1];
    const page = code
      ? shell.page.replace(
          '</head>',
          `<link rel="preload" href="/api/intake/${code}" as="fetch" crossorigin="anonymous">\n</head>`,
        )
      : shell.page;
    res.set('Cache-Control', 'no-cache').type('html').send(page);
  });
  return router;
}
