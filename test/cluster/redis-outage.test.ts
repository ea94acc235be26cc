import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LiveState } from '../../shared/schemas/meeting.js';
import { freePort, privateRedis, seededPostgres, startInstance, type LogLine } from '../helpers/cluster.js';
import { Client } from '../helpers/http.js';
import { call, connectSocket, recordEvents, type TestSocket } from '../helpers/realtime.js';

/**
 * Redis goes away and comes back. The instances use a private redis-server this test starts
 * and stops (never the shared one on 6379).
 */
const database = await seededPostgres();
const sockets: TestSocket[] = [];
const stops: (() => Promise<void>)[] = [];
test.after(async () => {
  for (const s of sockets) s.close();
  for (const stop of stops) await stop();
  await database.drop();
});

const lost = (l: LogLine) => typeof l.msg === 'string' && l.msg.startsWith('Redis connection LOST');
const restored = (l: LogLine) => l.msg === 'Redis connection restored';

test('with REDIS_URL set but Redis unreachable, an instance refuses to start and says why', async () => {
  const port = await freePort();
  const failure = await startInstance('refused', {
    DATABASE_URL: database.url,
    REDIS_URL: `redis://127.0.0.1:${port}`,
  }).catch((err: Error) => err);
  assert.instance(failure, Error);
  const message = (failure as Error).message;
  assert.match(message, /exited with 1 before listening/);
  assert.match(message, new RegExp(`REDIS_URL is set but Redis at redis://127.0.0.1:${port}/? cannot be reached`));
  assert.match(message, /ECONNREFUSED/);
});

test('Redis lost: each instance logs it loudly and keeps serving its own clients; when Redis returns, clients are resynchronised', async () => {
  const redis = await privateRedis();
  stops.push(() => redis.stop());
  const env = { DATABASE_URL: database.url, REDIS_URL: redis.url };
  const [A, B] = await Promise.all([startInstance('A', env), startInstance('B', env)]);
  stops.push(
    () => A.stop(),
    () => B.stop(),
  );

  const convener = await new Client(A.url).login('demo-convener', database.password('demo-convener'));
  const village = (await convener.get('/api/organisations')).body.items.find(
    (o: { name: string }) => o.name === '桃园村（演示）',
  ).id;
  const id = (
    await convener.post('/api/meetings', {
      organisationId: village,
      kind: 'consultation',
      title: 'Redis 断线时的议事会',
      venue: '村委会',
      startsAt: '2026-12-01T09:00:00+08:00',
      endsAt: '2026-12-01T11:00:00+08:00',
      body: 'representatives_meeting',
    })
  ).body.id as number;
  for (const title of ['一', '二', '三']) await convener.post(`/api/meetings/${id}/agenda`, { title, notes: '' });
  await convener.post(`/api/meetings/${id}/transition`, { to: 'scheduled' });
  await convener.post(`/api/meetings/${id}/transition`, { to: 'live' });
  const screenToken = new URL((await convener.post(`/api/meetings/${id}/screen-link`)).body.url).searchParams.get(
    'token',
  );

  const open = async (url: string, cookie = '') => {
    const s = await connectSocket(url, cookie);
    sockets.push(s);
    return s;
  };
  const console_ = await open(A.url, convener.cookieHeader);
  assert.ok((await call(console_, 'meeting:join', { meetingId: id })).ok);
  const projectorA = await open(A.url);
  const projectorB = await open(B.url);
  for (const p of [projectorA, projectorB])
    assert.ok((await call(p, 'meeting:join', { meetingId: id, screenToken })).ok);
  const onA = recordEvents<LiveState>(projectorA, 'meeting:state');
  const onB = recordEvents<LiveState>(projectorB, 'meeting:state');
  const drive = async (action: string) => {
    const r = await call<LiveState>(console_, 'meeting:drive', { meetingId: id, action });
    assert.ok(r.ok, JSON.stringify(r));
    return r.ok ? r.data.version : -1;
  };

  // Before: a change on A reaches B through Redis.
  const v1 = await drive('next');
  await onB.until((s) => s.version === v1);

  await redis.stop();
  await Promise.all([A.waitForLog(lost), B.waitForLog(lost)]);
  const logged = await A.waitForLog(lost);
  assert.is(logged.level, 50, 'logged at error level');

  // During: A still serves its own clients — the hall, logins (rate limits count locally), residents.
  const v2 = await drive('next');
  assert.is((await onA.until((s) => s.version === v2)).version, v2);
  const again = await new Client(A.url).login('demo-reviewer', database.password('demo-reviewer'));
  assert.is((await again.get('/api/session')).status, 200);
  const topic = await new Client(A.url).post(`/api/intake/${database.intakeCodes[0]}/topics`, {
    title: 'Redis 断线时提交的议题',
    details: '仍然要收到',
    category: '公共设施',
  });
  assert.is(topic.status, 201);

  // After: the same port comes back; both instances notice, and B's projector — which missed
  // the change made on A during the outage — is brought up to date without any new change.
  const back = await privateRedis(redis.port);
  stops.push(() => back.stop());
  await Promise.all([A.waitForLog(restored, 20_000), B.waitForLog(restored, 20_000)]);
  assert.is((await onB.until((s) => s.version === v2, 10_000)).version, v2);

  // And changes on A reach B again.
  const v3 = await drive('previous');
  assert.is((await onB.until((s) => s.version === v3, 10_000)).version, v3);
});

test.run();
