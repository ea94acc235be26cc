import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Compiles server/main.ts into plain JavaScript (dist/server/main.js) so production runs without
 * tsx: no TypeScript loader in memory, no transpiling at start. Type-checking stays in `npm test`.
 *
 * Every npm package stays external (`packages: 'external'`): native modules (sqlite3, sharp) and
 * the heavy libraries loaded on first use (docx, pdfkit with its font files, exceljs, redis) are
 * resolved from node_modules exactly as under tsx, and `createRequire(import.meta.url)` still
 * finds them by walking up from dist/server/. Our own lazily imported modules (minutes/docx,
 * minutes/pdf, cluster/redis…) become chunks of their own (`splitting`), so they stay lazy.
 */
export function serverBuildOptions(outDir = path.join(ROOT, 'dist', 'server')): esbuild.BuildOptions {
  return {
    entryPoints: [
      { in: path.join(ROOT, 'server', 'main.ts'), out: 'main' },
      // The first start's seeding runs as its own process (server/first-start.ts).
      { in: path.join(ROOT, 'server', 'seed-main.ts'), out: 'seed-main' },
    ],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    splitting: true,
    chunkNames: 'chunk-[hash]',
    outdir: outDir,
    sourcemap: 'linked',
    // The map points at server/*.ts in the checkout instead of embedding them: Node's
    // --enable-source-maps keeps every loaded map in memory (about 20 MB with the sources inside).
    sourcesContent: false,
    // Names stay readable in stack traces and logs; the size of server code does not matter.
    minify: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: ROOT,
  };
}

/** Builds the server into `outDir` (default dist/server), replacing what was there. */
export async function buildServer(outDir = path.join(ROOT, 'dist', 'server')): Promise<esbuild.Metafile> {
  fs.rmSync(outDir, { recursive: true, force: true });
  const result = await esbuild.build(serverBuildOptions(outDir));
  // The folder is an ES module package whatever the nearest package.json says (a copied dist/).
  fs.writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
  return result.metafile!;
}
