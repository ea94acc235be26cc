import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SHELL_CATALOGUES } from '../../client/app/catalogues.js';
import { ROUTES } from '../../client/app/router.js';
import type { Catalogue } from '../../shared/i18n/catalogue.js';
import { mergeCatalogues } from '../../shared/i18n/translator.js';
import { LOCALES } from '../../shared/roles.js';
import { ENTRIES, esbuildOptions } from '../../scripts/build-client.js';

/**
 * The staff entry is built for real (esbuild, minified) and held small: messages load with the
 * page group that shows them (client/app/pages/<group>.ts), so the entry carries only the shell's.
 * And every message a part of the app uses is loaded by the time that part renders.
 */
const entry = ENTRIES.find((e) => e.name === 'app')!;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-staff-'));
const built = await esbuild.build({ ...esbuildOptions(entry, out, true), logLevel: 'silent' });
const meta = built.metafile!;
test.after(() => fs.rmSync(out, { recursive: true, force: true }));

const outputs = Object.entries(meta.outputs).filter(([f]) => f.endsWith('.js'));
const main = outputs.find(([, o]) => o.entryPoint === entry.script)![0];
const closure = (file: string, kinds: string[], seen = new Set<string>(), stop = new Set<string>()): Set<string> => {
  seen.add(file);
  for (const imp of meta.outputs[file]!.imports) {
    if (kinds.includes(imp.kind) && !seen.has(imp.path) && !stop.has(imp.path)) closure(imp.path, kinds, seen, stop);
  }
  return seen;
};
const shellOutputs = closure(main, ['import-statement']);
const groupChunks = new Map(
  outputs.flatMap(([f, o]) => {
    const m = /^client\/app\/pages\/([\w-]+)\.ts$/.exec(o.entryPoint ?? '');
    return m && !m[1]!.endsWith('-messages') ? [[m[1]!, f] as const] : [];
  }),
);

/** Every message file, by the name its module exports, so message-file imports can be resolved. */
const messageDir = 'shared/i18n/messages';
const catalogueFiles = new Map<string, Catalogue>();
for (const file of fs.readdirSync(messageDir)) {
  const mod = (await import(`../../${messageDir}/${file.replace(/\.ts$/, '.js')}`)) as Record<string, Catalogue>;
  catalogueFiles.set(file.replace(/\.ts$/, ''), Object.values(mod)[0]!);
}
const groupCatalogues = (group: string): Catalogue[] => {
  const source = fs.readFileSync(`client/app/pages/${group}-messages.ts`, 'utf8');
  return [...source.matchAll(/messages\/([\w-]+)\.js'/g)].map((m) => catalogueFiles.get(m[1]!)!);
};

/** Keys a set of outputs may show: literal keys, and every key under a prefix built at run time. */
function keysUsed(files: Iterable<string>): Set<string> {
  const all = mergeCatalogues([...catalogueFiles.values()])['zh-CN'];
  const sources = new Set<string>();
  for (const f of files)
    for (const input of Object.keys(meta.outputs[f]!.inputs))
      if (/^(client|shared)\/.*\.ts$/.test(input) && !input.startsWith(messageDir)) sources.add(input);
  const keys = new Set<string>();
  for (const file of sources) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/['"`]([a-z_]+\.[a-z0-9_.-]+)['"`]/g)) if (m[1]! in all) keys.add(m[1]!);
    for (const m of text.matchAll(/`([a-z_]+\.[a-z0-9_.]*)\$\{/g))
      for (const k of Object.keys(all)) if (k.startsWith(m[1]!)) keys.add(k);
  }
  return keys;
}
const missingFrom = (keys: Iterable<string>, catalogues: Catalogue[]) => {
  const messages = mergeCatalogues(catalogues);
  return [...keys].flatMap((k) => LOCALES.filter((l) => !messages[l][k]).map((l) => `${l} ${k}`));
};

test('the staff entry stays within 15 KB gzipped', () => {
  const gz = gzipSync(fs.readFileSync(path.resolve(main)), { level: 9 }).length;
  assert.ok(gz <= 15 * 1024, `staff entry: ${(gz / 1024).toFixed(1)} KB gzipped`);
  const inputs = Object.keys(meta.outputs[main]!.inputs);
  const pageMessages = inputs.filter((i) => i.startsWith(messageDir) && !/\/(errors|common|shell)\.ts$/.test(i));
  assert.equal(pageMessages, [], 'only the shell’s message files are in the entry');
});

test('every message the shell shows is in the shell’s catalogues', () => {
  const keys = keysUsed(shellOutputs);
  // Route titles show once their page group has loaded (checked below), not from the shell.
  for (const r of ROUTES) if (r.load) keys.delete(r.titleKey);
  assert.ok(keys.size > 40, `found ${keys.size} keys`);
  assert.equal(missingFrom(keys, SHELL_CATALOGUES), []);
});

test('every page group loads the messages its pages, their lazy parts and their titles use', () => {
  assert.equal([...groupChunks.keys()].sort(), [
    'admin',
    'follow',
    'hall',
    'intake',
    'meetings',
    'minutes',
    'procedures',
    'register',
    'stats',
  ]);
  const groupEntries = new Set(groupChunks.values());
  for (const [group, chunk] of groupChunks) {
    const files = [...closure(chunk, ['import-statement', 'dynamic-import'], new Set(), groupEntries)].filter(
      (f) => !shellOutputs.has(f),
    );
    const keys = keysUsed(files);
    for (const r of ROUTES) if (r.load && String(r.load).includes(`pages/${group}.js`)) keys.add(r.titleKey);
    assert.equal(missingFrom(keys, [...SHELL_CATALOGUES, ...groupCatalogues(group)]), [], group);
  }
});

test.run();
