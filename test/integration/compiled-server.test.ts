import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildServer } from '../../scripts/build-server.js';
import { Client } from '../helpers/http.js';
import { createTestDatabaseUrl } from '../helpers/pg.js';
import { connectSocket } from '../helpers/realtime.js';

/**
 * `npm start` runs the server compiled by esbuild, not under tsx: this starts that build as its
 * own process (plain `node --enable-source-maps`, as npm start does) on a free port with a fresh
 * database, and checks what a deployment relies on — it migrates, seeds and prints the admin
 * login, answers /readyz, lets the admin log in, accepts a Socket.IO connection, and the modules
 * it loads on first use (pdfkit with the CJK font resolved from import.meta.url) still load.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Inside the checkout, so the external packages resolve from its node_modules as they do from dist/server.
const outDir = path.join(ROOT, 'dist', `test-server-${randomBytes(4).toString('hex')}`);
const database = await createTestDatabaseUrl();
let child: ChildProcess | null = null;
let output = '';

test.after(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  await database.drop();
});

async function startBuilt(): Promise<{ url: string; adminPassword: string }> {
  await buildServer(outDir);
  child = spawn(process.execPath, ['--enable-source-maps', path.join(outDir, 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      REDIS_URL: '',
      YISHI_DEMO: '0',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'http://127.0.0.1:1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const port = /this machine: http:\/\/localhost:(\d+)\//.exec(output)?.[1];
    const password = /admin \/ (\S+)/.exec(output)?.[1];
    if (port && password) return { url: `http://127.0.0.1:${port}`, adminPassword: password };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`built server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the compiled server starts, is ready, lets the admin log in and accepts a socket', async () => {
  const { url, adminPassword } = await startBuilt();
  assert.ok(fs.existsSync(path.join(outDir, 'main.js.map')), 'source maps are written');
  // The first start seeded the admin in a process of its own (server/first-start.ts).
  assert.ok(fs.existsSync(path.join(outDir, 'seed-main.js')), 'the seeding entry is built');
  const ready = await fetch(`${url}/readyz`);
  assert.is(ready.status, 200);
  assert.equal(await ready.json(), { status: 'ok' });

  const admin = await new Client(url).login('admin', adminPassword);
  const me = await admin.get('/api/session');
  assert.is(me.status, 200);
  assert.is(me.body.user.username, 'admin');

  const socket = await connectSocket(url, admin.cookieHeader);
  assert.ok(socket.connected);
  socket.close();

  // A lazily loaded library and a font file found through createRequire(import.meta.url).
  const orgId = me.body.user.memberships[0].organisationId as number;
  const code = await admin.post(`/api/organisations/${orgId}/intake-codes`, { label: '村口' });
  assert.is(code.status, 201, JSON.stringify(code.body));
  const poster = await admin.get(`/api/intake-codes/${code.body.id}/poster.pdf`);
  assert.is(poster.status, 200);
  assert.ok(String(poster.body).startsWith('%PDF'), 'a PDF came back');
});

test.run();
