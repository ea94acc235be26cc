import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { RESIDENT_CRITICAL_CSS } from '../client/styles/resident-critical.js';
import { intakePlaceholder, residentPlaceholder } from './lib/resident-shells.js';

export interface ClientEntry {
  /** Name in the manifest; also the HTML file (`<name>.html`) and the asset prefix. */
  name: string;
  script: string;
  /** Document-level CSS, served as a hashed file because the CSP forbids inline styles. */
  css?: string;
  title: string;
  /** The root element the HTML shell contains. */
  element: string;
  /**
   * Static HTML inside the root element, painted before the script arrives (a slow phone sees the
   * page start at once); the element's shadow root replaces it when it upgrades.
   */
  placeholder?: string;
  /** More shells of the same bundle with other placeholders (`<name>.<variant>.html`), picked by URL. */
  variants?: Record<string, string>;
  /**
   * Critical CSS inlined into the shell's head, so the first paint needs no stylesheet round trip.
   * The server admits it by hash in the CSP (server/http/static.ts).
   */
  inlineCss?: string;
  /** esbuild targets; the residents' entry reaches further back, to old in-app browsers. */
  target?: string[];
}

/**
 * The client's entries. Each gets its own hashed JS and CSS and an HTML shell; the server picks
 * the shell by URL prefix (server/http/static.ts). Residents' phones get a small entry of their
 * own (the intake form, tracking, co-signing, studio queue), without the staff shell, Socket.IO
 * or Yjs, built for older in-app browsers (WeChat's on old Android phones: Chrome 66-era; iOS 15's WebKit).
 */
export const ENTRIES: readonly ClientEntry[] = [
  { name: 'app', script: 'client/app/main.ts', css: 'client/styles/base.css', title: '议事', element: 'yishi-app' },
  {
    name: 'resident',
    script: 'client/resident/main.ts',
    title: '议事 · 码上议',
    element: 'yishi-resident',
    inlineCss: RESIDENT_CRITICAL_CSS,
    placeholder: residentPlaceholder(),
    variants: { intake: intakePlaceholder() },
    target: ['es2018', 'chrome66', 'ios15'],
  },
];

export interface BuiltEntry {
  html: string;
  js: string;
  css?: string;
  /** Variant name → its HTML shell (same scripts, another placeholder). */
  variants?: Record<string, string>;
}

export interface OutputSize {
  file: string;
  min: number;
  gzip: number;
  /** Loaded on demand (a lazily imported page), not with the HTML shell. */
  lazy: boolean;
  /** The module a lazily loaded file starts from (a page or a message file), when it has one. */
  source?: string;
}

export interface BuildResult {
  entries: Record<string, BuiltEntry>;
  /** Per entry, every output file with its minified and gzip size. */
  sizes: Record<string, OutputSize[]>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** esbuild options for one entry; scripts/dev.ts uses the same in watch mode. */
export function esbuildOptions(entry: ClientEntry, outDir: string, minify: boolean): esbuild.BuildOptions {
  const entryPoints = [{ in: path.join(ROOT, entry.script), out: entry.name }];
  if (entry.css) entryPoints.push({ in: path.join(ROOT, entry.css), out: entry.name });
  return {
    entryPoints,
    bundle: true,
    format: 'esm',
    target: entry.target ?? 'es2020',
    minify,
    sourcemap: 'linked',
    outdir: path.join(outDir, 'assets'),
    entryNames: '[name]-[hash]',
    // Lazily imported pages (admin, later the meeting room) become chunks of their own.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: ROOT,
  };
}

function shell(
  entry: ClientEntry,
  files: { js: string; css?: string; preload: string[] },
  placeholder = entry.placeholder ?? '',
): string {
  const preload = files.preload.map((href) => `<link rel="modulepreload" href="${href}">\n`).join('');
  const css =
    (entry.inlineCss ? `<style>${entry.inlineCss}</style>\n` : '') +
    (files.css ? `<link rel="stylesheet" href="${files.css}">\n` : '');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#8c1c13">
<title>${escapeHtml(entry.title)}</title>
<link rel="icon" href="data:,">
${css}<script type="module" src="${files.js}"></script>
${preload}</head>
<body>
<${entry.element}>${placeholder}</${entry.element}>
<noscript><p>请启用 JavaScript 后使用议事。Please enable JavaScript to use Yishi.</p></noscript>
</body>
</html>
`;
}

interface EntryOutputs {
  js: string;
  css?: string;
  /** Chunks the entry imports statically: fetched with it, so preloaded to avoid a waterfall. */
  initialChunks: string[];
  /** Everything else the build wrote (lazily imported pages and their chunks). */
  lazyChunks: string[];
}

/** Sorts an entry's outputs (metafile paths) into what the shell loads and what loads later. */
function entryOutputs(entry: ClientEntry, metafile: esbuild.Metafile): EntryOutputs {
  const outputs = Object.entries(metafile.outputs).filter(([file]) => !file.endsWith('.map'));
  const js = outputs.find(([file, o]) => file.endsWith('.js') && o.entryPoint === entry.script)?.[0];
  if (!js) throw new Error(`entry ${entry.name} produced no JavaScript`);
  const css = entry.css
    ? outputs.find(([file, o]) => file.endsWith('.css') && o.entryPoint === entry.css)?.[0]
    : undefined;
  const initial = new Set<string>();
  const visit = (file: string) => {
    for (const imp of metafile.outputs[file]?.imports ?? []) {
      if (imp.kind === 'import-statement' && !imp.external && !initial.has(imp.path)) {
        initial.add(imp.path);
        visit(imp.path);
      }
    }
  };
  visit(js);
  const lazyChunks = outputs.map(([file]) => file).filter((f) => f.endsWith('.js') && f !== js && !initial.has(f));
  return { js, ...(css ? { css } : {}), initialChunks: [...initial], lazyChunks };
}

const assetUrl = (file: string) => `/assets/${path.basename(file)}`;

/** Writes an entry's HTML shell from an esbuild metafile and returns its manifest record. */
export function writeShell(entry: ClientEntry, outDir: string, metafile: esbuild.Metafile): BuiltEntry {
  const out = entryOutputs(entry, metafile);
  const js = assetUrl(out.js);
  const css = out.css ? assetUrl(out.css) : undefined;
  const files = { js, ...(css ? { css } : {}), preload: out.initialChunks.map(assetUrl) };
  fs.writeFileSync(path.join(outDir, `${entry.name}.html`), shell(entry, files));
  const variants: Record<string, string> = {};
  for (const [variant, placeholder] of Object.entries(entry.variants ?? {})) {
    variants[variant] = `${entry.name}.${variant}.html`;
    fs.writeFileSync(path.join(outDir, variants[variant]), shell(entry, files, placeholder));
  }
  return {
    html: `${entry.name}.html`,
    js,
    ...(css ? { css } : {}),
    ...(entry.variants ? { variants } : {}),
  };
}

function sizesOf(entry: ClientEntry, metafile: esbuild.Metafile): OutputSize[] {
  const out = entryOutputs(entry, metafile);
  const measure = (file: string, lazy: boolean): OutputSize => {
    const bytes = fs.readFileSync(path.resolve(ROOT, file));
    const source = lazy ? metafile.outputs[file]?.entryPoint : undefined;
    return {
      file: assetUrl(file),
      min: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      lazy,
      ...(source ? { source } : {}),
    };
  };
  return [
    ...[out.js, ...out.initialChunks, ...(out.css ? [out.css] : [])].map((f) => measure(f, false)),
    ...out.lazyChunks.map((f) => measure(f, true)),
  ];
}

export function writeManifest(outDir: string, entries: Record<string, BuiltEntry>): void {
  fs.writeFileSync(path.join(outDir, 'manifest.json'), `${JSON.stringify({ entries }, null, 2)}\n`);
}

/** Builds every entry into `outDir` (default dist/client), replacing what was there. */
export async function buildClient(options: { outDir?: string; minify?: boolean } = {}): Promise<BuildResult> {
  const outDir = path.resolve(options.outDir ?? path.join(ROOT, 'dist', 'client'));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const result: BuildResult = { entries: {}, sizes: {} };
  for (const entry of ENTRIES) {
    const built = await esbuild.build(esbuildOptions(entry, outDir, options.minify ?? true));
    result.entries[entry.name] = writeShell(entry, outDir, built.metafile!);
    result.sizes[entry.name] = sizesOf(entry, built.metafile!);
  }
  precompress(path.join(outDir, 'assets'));
  writeManifest(outDir, result.entries);
  return result;
}

/**
 * Writes `<file>.gz` at the strongest level next to every script and stylesheet: the server sends
 * these as they are (server/http/static.ts) instead of compressing on the fly at a lower level —
 * a few percent fewer bytes for a phone on a weak signal, and no CPU per request.
 */
export function precompress(assetsDir: string): void {
  for (const file of fs.readdirSync(assetsDir)) {
    if (!/\.(js|css)$/.test(file)) continue;
    fs.writeFileSync(
      path.join(assetsDir, `${file}.gz`),
      gzipSync(fs.readFileSync(path.join(assetsDir, file)), { level: 9 }),
    );
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);

/**
 * Prints every entry's files: what the HTML shell loads (and its total), then what loads on
 * demand, each lazily imported page or message file named by its source module.
 */
export function printSizes(result: BuildResult): void {
  for (const [name, files] of Object.entries(result.sizes)) {
    for (const f of files) {
      const what = f.lazy ? `  (lazy${f.source ? `: ${f.source}` : ''})` : '';
      console.log(`  ${name.padEnd(8)} ${f.file.padEnd(34)} ${kb(f.min)} min ${kb(f.gzip)} gzip${what}`);
    }
    const initial = files.filter((f) => !f.lazy);
    const sum = (key: 'min' | 'gzip') => initial.reduce((n, f) => n + f[key], 0);
    console.log(
      `  ${name.padEnd(8)} ${'first load (HTML shell)'.padEnd(34)} ${kb(sum('min'))} min ${kb(sum('gzip'))} gzip`,
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const result = await buildClient();
  console.log(`client built in ${Date.now() - started} ms: ${Object.keys(result.entries).join(', ')}`);
  if (process.argv.includes('--report')) printSizes(result);
}
