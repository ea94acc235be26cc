import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildClient } from '../../scripts/build-client.js';
import { startTestServer } from '../helpers/server.js';

/**
 * How the built client is served: the residents' shells by address (the intake shell with its
 * title field and the form's data preloaded), their critical CSS admitted by hash and nothing
 * else inline, and scripts sent as the build gzipped them.
 */
const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-static-'));
await buildClient({ outDir: clientDir });
const srv = await startTestServer({ config: { clientDir } });
test.after(async () => {
  await srv.close();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

const get = async (p: string) => {
  const res = await fetch(srv.url + p);
  return { res, html: await res.text(), csp: res.headers.get('content-security-policy') ?? '' };
};
const styleSrc = (csp: string) => /style-src ([^;]*)/.exec(csp)?.[1] ?? '';

test('the intake form’s shell holds the title field and preloads the form’s data for its code', async () => {
  const { res, html } = await get(`/p/${srv.intakeCodes[0]}`);
  assert.is(res.status, 200);
  assert.match(html, /<yishi-resident>.*<input id="early-title" name="title" data-early/s);
  assert.match(html, new RegExp(`<link rel="preload" href="/api/intake/${srv.intakeCodes[0]}" as="fetch"`));
  assert.is(res.headers.get('cache-control'), 'no-cache');
});

test('other residents’ pages get the residents’ bundle without the form; staff pages get the app', async () => {
  for (const p of [`/p/${srv.intakeCodes[0]}/topics`, '/t/ABCD2345', '/t/', '/s/ABC234', '/s/ABC234/screen']) {
    const { html } = await get(p);
    assert.match(html, /<yishi-resident>/, p);
    assert.not.match(html, /early-title|rel="preload"/, p);
  }
  for (const p of ['/review', '/review/3', '/reception', '/']) {
    const { html, csp } = await get(p);
    assert.match(html, /<yishi-app>/, p);
    assert.is(styleSrc(csp), "'self'", p);
  }
});

test('only the shell’s own critical CSS is admitted, by its hash; an address cannot inject markup', async () => {
  const { html, csp } = await get(`/p/${srv.intakeCodes[0]}`);
  const blocks = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  assert.is(blocks.length, 1);
  const hash = createHash('sha256').update(blocks[0]!, 'utf8').digest('base64');
  assert.is(styleSrc(csp), `'self' 'sha256-${hash}'`);
  assert.match(csp, /script-src 'self'(;|$)/);
  const odd = await get('/p/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E');
  assert.not.match(odd.html, /alert\(1\)|rel="preload"/);
});

test('scripts are sent as gzipped at build time, byte for byte the built file', async () => {
  const { html } = await get('/t/');
  const src = /<script type="module" src="([^"]+)"/.exec(html)![1]!;
  const res = await fetch(srv.url + src, { headers: { 'accept-encoding': 'gzip' }, decompress: false } as RequestInit);
  assert.is(res.headers.get('content-encoding'), 'gzip');
  assert.match(res.headers.get('content-type') ?? '', /javascript/);
  assert.match(res.headers.get('cache-control') ?? '', /immutable/);
  const raw = Buffer.from(await res.arrayBuffer());
  const built = fs.readFileSync(path.join(clientDir, 'assets', path.basename(src)));
  // fetch may already have decoded it; either way the bytes are the built file's.
  assert.ok(raw.equals(built) || gunzipSync(raw).equals(built));
  const plain = await fetch(srv.url + src, { headers: { 'accept-encoding': 'identity' } });
  assert.is(plain.headers.get('content-encoding'), null);
  assert.ok(Buffer.from(await plain.arrayBuffer()).equals(built));
});

test.run();
