import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { Client } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { connectDoc, until } from '../helpers/yjs.js';

const srv = await startTestServer();
test.after(() => srv.close());
const village = async () => (await srv.db.models.Organisation.findOne({ where: { name: '桃园村（演示）' } }))!.id;

test('two staff members editing an organisation’s scratch document converge', async () => {
  const a = await new Client(srv.url).login('demo-secretary', srv.password('demo-secretary'));
  const b = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const name = `scratch:${await village()}`;
  const one = connectDoc(srv.url, name, a.cookieHeader);
  const two = connectDoc(srv.url, name, b.cookieHeader);
  await Promise.all([one.synced, two.synced]);
  one.doc.getText('t').insert(0, '张记录：');
  two.doc.getText('t').insert(0, '李召集：');
  await until(
    () =>
      one.doc.getText('t').toString().length === 8 &&
      two.doc.getText('t').toString() === one.doc.getText('t').toString(),
  );
  assert.ok(one.doc.getText('t').toString().includes('张记录'));
  one.close();
  two.close();
});

test('an unauthenticated upgrade is closed with 4401', async () => {
  const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/yjs/scratch:${await village()}`);
  const code = await new Promise<number>((resolve) => ws.on('close', resolve));
  assert.is(code, 4401);
});

test('a malformed message closes the connection without affecting the server', async () => {
  const a = await new Client(srv.url).login('demo-secretary', srv.password('demo-secretary'));
  const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/yjs/scratch:${await village()}`, {
    headers: { cookie: a.cookieHeader },
  });
  await new Promise((resolve) => ws.once('message', resolve));
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, syncProtocol.messageYjsUpdate);
  encoding.writeVarUint8Array(e, new Uint8Array([255, 255, 255, 1, 2, 3]));
  ws.send(encoding.toUint8Array(e));
  const code = await new Promise<number>((resolve) => ws.on('close', resolve));
  assert.is(code, 1003);
  assert.is((await fetch(srv.url + '/healthz')).status, 200);
  assert.ok(Y);
});

test.run();
