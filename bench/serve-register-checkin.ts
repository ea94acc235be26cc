import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { createApp } from '../server/app.js';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/index.js';
import { createLogger } from '../server/logger.js';
import type { Principal } from '../server/services/access.js';
import { seedFirstRun } from '../server/services/seed.js';
import { CreateMeetingBody } from '../shared/schemas/meeting.js';

/**
 * The server for bench/register-checkin.ts, in a process of its own: `<databaseUrl> <members>`
 * migrates and seeds, puts <members> people with personal passes in a representatives' body,
 * opens a meeting of that body (its roster frozen) and issues a projector link; prints
 * {url, meetingId, passes, screenToken}. EOF on stdin stops it.
 */
const [databaseUrl, membersArg] = process.argv.slice(2);
if (!databaseUrl) throw new Error('usage: <databaseUrl> <members>');
const n = Number(membersArg ?? 300);
const config = {
  ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }),
  databaseUrl,
  intakeRateLimit: { perAddress: 100_000, perDevice: 100_000 },
};
const db = await openDatabase(databaseUrl);
await db.migrate();
await seedFirstRun(db, systemClock, { demo: true });
const app = createApp({ db, clock: systemClock, logger: createLogger('silent'), config });
await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
const s = app.services;
const convener = (await db.models.User.findOne({ where: { username: 'demo-convener' } }))!;
const memberships = await db.models.Membership.findAll({ where: { userId: convener.id } });
const principal: Principal = {
  userId: convener.id,
  memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
};
const village = (await db.models.Organisation.findOne({ where: { kind: 'village' }, order: [['id', 'ASC']] }))!;
const body = await db.models.DeliberatingBody.create({
  organisationId: village.id,
  kind: 'representatives_meeting',
  name: '村民代表会议（压测）',
  archivedAt: null,
});
const people = await db.models.Person.bulkCreate(
  Array.from({ length: n }, (_, i) => ({
    organisationId: village.id,
    householdId: null,
    gridId: null,
    externalKey: `bench-${i}`,
    name: `代表${i + 1}`,
    gender: 'unknown' as const,
    birthYear: 1970,
    adult: null,
    idSuffix: null,
    phone: null,
    relation: null,
    status: 'resident' as const,
    statusSince: '2000-01-01',
  })),
);
const passes = people.map(() => randomBytes(18).toString('base64url'));
await db.models.BodyMember.bulkCreate(
  people.map((p, i) => ({
    bodyId: body.id,
    personId: p.id,
    role: 'representative' as const,
    startsOn: '2020-01-01',
    endsOn: null,
    passTokenHash: createHash('sha256').update(passes[i]!).digest('hex'),
    passIssuedAt: new Date(),
  })),
);
const meeting = await s.meetings.create(
  principal,
  CreateMeetingBody.parse({
    organisationId: village.id,
    kind: 'consultation',
    title: '村民代表会议（签到压测）',
    venue: '村委会',
    startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 7200_000).toISOString(),
    body: 'representatives_meeting',
    bodyId: body.id,
  }),
);
await s.meetings.addItem(principal, meeting.id, { title: '村道硬化方案', notes: '' });
await s.meetings.transition(principal, meeting.id, 'scheduled');
await s.meetings.transition(principal, meeting.id, 'live');
const screenToken = new URL((await s.live.issueScreenToken(principal, meeting.id)).url).searchParams.get('token');
console.log(
  JSON.stringify({
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    meetingId: meeting.id,
    passes,
    screenToken,
  }),
);
createInterface({ input: process.stdin }).on('close', async () => {
  await app.close();
  await db.close();
  process.exit(0);
});
