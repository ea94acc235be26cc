import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client } from '../helpers/http.js';
import { liveMeeting } from '../helpers/minutes.js';
import { from, socketClient, socketHandshake, yjsHandshake } from '../helpers/origins.js';
import { call } from '../helpers/realtime.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Cross-site WebSocket hijacking (issue 14, finding 1): a page on another port of the same host
 * is "same site", so the SameSite=Lax session cookie goes along with its handshakes. The
 * service's own origins are PUBLIC_URL's, YISHI_ALLOWED_ORIGINS and loopback on its own port.
 */
const srv = await startTestServer({
  config: { publicUrl: 'https://yishi.example.cn', allowedOrigins: ['https://yishi.gov.example.cn'] },
});
test.after(() => srv.close());

const convener = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
const otherPort = `http://127.0.0.1:${srv.port === 65535 ? 65534 : srv.port + 1}`;
const FOREIGN = [
  otherPort,
  'http://localhost:8080',
  'https://evil.example.com',
  'https://yishi.example.cn.evil.com',
  'null',
];
const OWN = [srv.url, `http://localhost:${srv.port}`, 'https://yishi.example.cn', 'https://yishi.gov.example.cn'];

test('a page on another port of the same host cannot open Socket.IO as the logged-in convener', async () => {
  const { socket, connected } = await socketClient(srv.url, from(otherPort, convener.cookieHeader));
  socket.close();
  assert.is(connected, false);
  const raw = await socketHandshake(srv.url, from(otherPort, convener.cookieHeader));
  assert.is(raw.kind, 'refused');
  assert.match(raw.kind === 'refused' ? raw.body : '', /origin_forbidden/);
});

test('nor sync the minutes over /yjs/: the upgrade is refused with 403 and the standard error body', async () => {
  const meeting = await liveMeeting(srv.app.services);
  const outcome = await yjsHandshake(srv.url, `minutes:${meeting.id}`, from(otherPort, convener.cookieHeader));
  assert.is(outcome.kind, 'refused');
  if (outcome.kind !== 'refused') return;
  assert.is(outcome.status, 403);
  assert.is(JSON.parse(outcome.body).error.code, 'origin_forbidden');
});

test('every foreign origin is refused on both; the service’s own origins and no Origin at all are let through', async () => {
  const meeting = await liveMeeting(srv.app.services);
  for (const origin of FOREIGN) {
    const headers = from(origin, convener.cookieHeader);
    assert.is((await socketHandshake(srv.url, headers)).kind, 'refused', `socket.io from ${origin}`);
    assert.is((await yjsHandshake(srv.url, `minutes:${meeting.id}`, headers)).kind, 'refused', `yjs from ${origin}`);
  }
  for (const origin of [...OWN, undefined]) {
    const headers = from(origin, convener.cookieHeader);
    assert.is((await socketHandshake(srv.url, headers)).kind, 'open', `socket.io from ${origin}`);
    assert.is((await yjsHandshake(srv.url, `minutes:${meeting.id}`, headers)).kind, 'open', `yjs from ${origin}`);
  }
});

test('a client without Origin keeps only its own authority: no cookie, no session, no minutes', async () => {
  const meeting = await liveMeeting(srv.app.services);
  const { socket, connected } = await socketClient(srv.url, {});
  assert.ok(connected);
  assert.equal(await call(socket, 'session:get', {}), { ok: true, data: null });
  socket.close();
  assert.equal(await yjsHandshake(srv.url, `minutes:${meeting.id}`, {}), { kind: 'closed', code: 4401 });
});

test('from its own origin the convener’s socket is the convener’s', async () => {
  const { socket, connected } = await socketClient(srv.url, from('https://yishi.example.cn', convener.cookieHeader));
  assert.ok(connected);
  const me = await call<{ username: string } | null>(socket, 'session:get', {});
  socket.close();
  assert.is(me.ok && me.data?.username, 'demo-convener');
});

test.run();
