import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RESIDENT_CATALOGUES } from '../../client/resident/catalogues.js';
import { residentPages } from '../../shared/i18n/messages/resident-pages.js';
import { resolution } from '../../shared/i18n/messages/resolution.js';
import { resolutionResident } from '../../shared/i18n/messages/resolution-resident.js';
import { cosign } from '../../shared/i18n/messages/cosign.js';
import { procedurePublic } from '../../shared/i18n/messages/procedure-public.js';
import { OBJECTION_STATUSES, PROCEDURE_KINDS, PUBLICATION_KINDS } from '../../shared/rules/procedure.js';
import { mergeCatalogues } from '../../shared/i18n/translator.js';
import { TOPIC_STATUSES } from '../../shared/rules/intake.js';
import { LOCALES } from '../../shared/roles.js';
import { ENTRIES, esbuildOptions } from '../../scripts/build-client.js';

/**
 * The residents' bundle is built for real (esbuild, minified) and held to what a phone on a weak
 * signal needs: none of the staff app's machinery, at most 35 KB gzipped for the intake form
 * (including the schema it loads once the resident types), and every message it shows present.
 */
const entry = ENTRIES.find((e) => e.name === 'resident')!;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-resident-'));
const built = await esbuild.build({ ...esbuildOptions(entry, out, true), logLevel: 'silent' });
const meta = built.metafile!;
test.after(() => fs.rmSync(out, { recursive: true, force: true }));

const outputs = Object.entries(meta.outputs).filter(([f]) => f.endsWith('.js'));
const main = outputs.find(([, o]) => o.entryPoint === entry.script)![0];
const gz = (file: string) => gzipSync(fs.readFileSync(path.resolve(file)), { level: 9 }).length;
const staticClosure = (file: string, kinds: string[], seen = new Set<string>()): Set<string> => {
  seen.add(file);
  for (const imp of meta.outputs[file]!.imports) {
    if (kinds.includes(imp.kind) && !seen.has(imp.path)) staticClosure(imp.path, kinds, seen);
  }
  return seen;
};
const inputs = Object.keys(meta.inputs);

test('the residents’ bundle carries no Socket.IO, no Yjs, no classic zod and none of the staff shell', () => {
  const forbidden = [
    /node_modules\/socket\.io-client\//,
    /node_modules\/engine\.io-client\//,
    /node_modules\/yjs\//,
    /node_modules\/y-websocket\//,
    /node_modules\/zod\/v4\/classic\//,
    /node_modules\/@zxcvbn-ts\//,
    /client\/components\/app\.ts$/,
    /client\/data\/socket\.ts$/,
    /client\/data\/session\.ts$/,
    /shared\/i18n\/messages\/(admin|common|meeting|review|reception-desk)\.ts$/,
  ];
  for (const re of forbidden)
    assert.equal(
      inputs.filter((i) => re.test(i)),
      [],
      String(re),
    );
});

test('the intake form’s JavaScript stays within 35 KB gzipped, schema included', () => {
  const initial = staticClosure(main, ['import-statement']);
  const atLoad = [...initial].reduce((n, f) => n + gz(f), 0);
  // The form's schema chunk: the lazily imported module that brings zod/mini.
  const schemaChunk = outputs.find(
    ([f, o]) => !initial.has(f) && Object.keys(o.inputs).some((i) => /zod\/v4\/mini/.test(i)),
  )?.[0];
  assert.ok(schemaChunk, 'zod/mini is loaded on demand');
  const withSchema = staticClosure(schemaChunk!, ['import-statement'], new Set(initial));
  const total = [...withSchema].reduce((n, f) => n + gz(f), 0);
  assert.ok(atLoad <= 30 * 1024, `at load: ${(atLoad / 1024).toFixed(1)} KB`);
  assert.ok(total <= 35 * 1024, `with the schema: ${(total / 1024).toFixed(1)} KB`);
});

test('every message the residents’ pages use is in the catalogues the bundle carries, in both languages', () => {
  const messages = mergeCatalogues([
    ...RESIDENT_CATALOGUES,
    residentPages,
    resolution,
    resolutionResident,
    cosign,
    procedurePublic,
  ]);
  const files = inputs.filter((i) => /^(client|shared)\//.test(i) && i.endsWith('.ts'));
  const keys = new Set<string>();
  for (const file of files) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bt\('([a-z_]+\.[a-z0-9_.-]+)'/g)) keys.add(m[1]!);
  }
  // Keys built at run time, with every value they can take.
  for (const page of ['intake', 'topics', 'track', 'objection', 'studio', 'screen', 'none'])
    keys.add(`resident.title.${page}`);
  // The objection pages: the matter's kind, which publication, the objection's status.
  for (const k of PROCEDURE_KINDS) keys.add(`procedure.kind.${k}`);
  for (const k of PUBLICATION_KINDS) keys.add(`procedure.publication.${k}`);
  for (const s of OBJECTION_STATUSES) keys.add(`procedure.resident.status.${s}`);
  for (const l of LOCALES) keys.add(`resident.lang.${l}`);
  for (const s of TOPIC_STATUSES) keys.add(`topic.status.${s}`);
  assert.ok(keys.size > 80, `found ${keys.size} keys`);
  const missing = [...keys].flatMap((k) => LOCALES.filter((l) => !messages[l][k]).map((l) => `${l} ${k}`));
  assert.equal(missing, []);
});

test.run();
