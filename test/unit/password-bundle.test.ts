import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENTRIES, esbuildOptions } from '../../scripts/build-client.js';

/**
 * zxcvbn's dictionaries are a few hundred KB: the staff app downloads them only on the
 * change-password page, once someone types a new password (issue 14, finding 7).
 */
const entry = ENTRIES.find((e) => e.name === 'app')!;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-app-'));
const built = await esbuild.build({ ...esbuildOptions(entry, out, true), logLevel: 'silent' });
const meta = built.metafile!;
test.after(() => fs.rmSync(out, { recursive: true, force: true }));

const zxcvbn = (file: string) => Object.keys(meta.outputs[file]!.inputs).some((i) => /@zxcvbn-ts\//.test(i));
const closure = (file: string, kinds: string[], seen = new Set<string>()): Set<string> => {
  seen.add(file);
  for (const imp of meta.outputs[file]!.imports)
    if (kinds.includes(imp.kind) && !seen.has(imp.path)) closure(imp.path, kinds, seen);
  return seen;
};
const outputs = Object.keys(meta.outputs).filter((f) => f.endsWith('.js'));
const main = outputs.find((f) => meta.outputs[f]!.entryPoint === entry.script)!;
const pageChunk = outputs.find((f) =>
  Object.keys(meta.outputs[f]!.inputs).some((i) => i.endsWith('client/pages/password-page.ts')),
)!;

test('the staff app’s first load carries no zxcvbn', () => {
  assert.equal([...closure(main, ['import-statement'])].filter(zxcvbn), []);
});

test('the password page is a chunk of its own that imports zxcvbn only on demand', () => {
  assert.ok(pageChunk, 'password page chunk');
  assert.is.not(pageChunk, main);
  assert.equal([...closure(pageChunk, ['import-statement'])].filter(zxcvbn), []);
  assert.ok([...closure(pageChunk, ['import-statement', 'dynamic-import'])].some(zxcvbn));
});

test.run();
