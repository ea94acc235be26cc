import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { Client } from '../helpers/http.js';
import { connectSocket, waitForEvent } from '../helpers/realtime.js';
import { startTestServer } from '../helpers/server.js';

test('a graceful stop tells sockets to reconnect and closes Yjs connections with 1012', async () => {
  const srv = await startTestServer();
  const c = await new Client(srv.url).login('demo-secretary', srv.password('demo-secretary'));
  const socket = await connectSocket(srv.url, c.cookieHeader);
  const village = (await srv.db.models.Organisation.findOne({ where: { name: '桃园村（演示）' } }))!.id;
  const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/yjs/scratch:${village}`, {
    headers: { cookie: c.cookieHeader },
  });
  await new Promise((resolve) => ws.once('message', resolve));
  const restarting = waitForEvent<{ reconnectInMs: number }>(socket, 'server:restarting');
  const yjsClosed = new Promise<number>((resolve) => ws.on('close', resolve));
  await srv.close();
  assert.ok((await restarting).reconnectInMs > 0);
  assert.is(await yjsClosed, 1012);
  socket.close();
});

test('a request in flight when the stop begins still gets its answer', async () => {
  const srv = await startTestServer();
  const c = new Client(srv.url);
  const pending = c.post('/api/session', { username: 'admin', password: srv.password('admin') });
  await new Promise((r) => setTimeout(r, 5));
  const closing = srv.close();
  const res = await pending;
  assert.is(res.status, 200);
  await closing;
});

test.run();
