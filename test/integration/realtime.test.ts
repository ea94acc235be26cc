import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import { Client } from '../helpers/http.js';
import { call, connectSocket, waitForEvent } from '../helpers/realtime.js';
import { startTestServer } from '../helpers/server.js';

const srv = await startTestServer();
test.after(() => srv.close());
const village = async () => (await srv.db.models.Organisation.findOne({ where: { name: '桃园村（演示）' } }))!.id;

test('a socket knows its user from the session cookie; an anonymous one gets null', async () => {
  const c = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const s1 = await connectSocket(srv.url, c.cookieHeader);
  const me = await call<{ username: string } | null>(s1, 'session:get', {});
  assert.equal(me.ok && me.data?.username, 'demo-convener');
  const s2 = await connectSocket(srv.url);
  const anon = await call(s2, 'session:get', {});
  assert.equal(anon, { ok: true, data: null });
  s1.close();
  s2.close();
});

test('a bad payload is refused in the ack with the standard error shape, and the socket stays usable', async () => {
  const c = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const s = await connectSocket(srv.url, c.cookieHeader);
  const bad = await call(s, 'organisation:watch', { organisationId: 'DROP TABLE', extra: { __proto__: { x: 1 } } });
  assert.is(bad.ok, false);
  assert.is(!bad.ok && bad.error.code, 'validation_failed');
  assert.ok(!bad.ok && bad.error.message.length > 0);
  const good = await call(s, 'organisation:watch', { organisationId: await village() });
  assert.is(good.ok, true);
  s.close();
});

test('watchers of an organisation see its changes live', async () => {
  const reviewer = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const s = await connectSocket(srv.url, reviewer.cookieHeader);
  assert.is((await call(s, 'organisation:watch', { organisationId: await village() })).ok, true);
  const updated = waitForEvent<OrganisationView>(s, 'organisation:updated');
  const admin = await new Client(srv.url).login('admin', srv.password('admin'));
  await admin.patch(`/api/organisations/${await village()}`, { settings: { adultPopulation: 900, households: 312 } });
  assert.is((await updated).settings.adultPopulation, 900);
  s.close();
});

test('logging out everywhere ends the user’s live sockets with session:ended', async () => {
  const c = await new Client(srv.url).login('demo-secretary', srv.password('demo-secretary'));
  const s = await connectSocket(srv.url, c.cookieHeader);
  const ended = waitForEvent(s, 'session:ended');
  const disconnected = new Promise((resolve) => s.once('disconnect', resolve));
  await c.del('/api/session?everywhere=1');
  await ended;
  await disconnected;
});

test('an unknown event with an ack is answered unknown_event; without one the socket stays usable (issue 14, finding 6)', async () => {
  const s = await connectSocket(srv.url);
  const raw = s as unknown as { emit(e: string, ...a: unknown[]): void };
  raw.emit('meeting:undo', { meetingId: 1 });
  const reply = await call(s, 'no:such-event' as 'session:get', { x: 1 });
  assert.is(reply.ok, false);
  assert.is(!reply.ok && reply.error.code, 'unknown_event');
  assert.ok(!reply.ok && reply.error.message.length > 0);
  assert.equal(await call(s, 'session:get', {}), { ok: true, data: null });
  s.close();
});

test.run();
