import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { createApp } from '../server/app.js';
import { systemClock } from '../server/clock.js';
import { connectCluster, type Cluster } from '../server/cluster/index.js';
import { loadConfig, type Config } from '../server/config.js';
import { openDatabase } from '../server/db/index.js';
import { createLogger } from '../server/logger.js';
import { seedFirstRun } from '../server/services/seed.js';
import { CreateMeetingBody } from '../shared/schemas/meeting.js';

/**
 * Server child for bench/cluster.ts.
 *   seed <databaseUrl> <N>  migrate, seed, and prepare a live meeting with N invitees holding
 *                           participant tokens (written directly: the check-in flow is not what is
 *                           measured); prints {meetingId, tokens, screenToken, password}; exits.
 *   serve <databaseUrl>     one Yishi instance on a free port; with REDIS_URL set it joins the
 *                           cluster (REDIS_KEY_PREFIX). Prints {url}; "rss" → {rssMb} after a GC; EOF → exits.
 */
const [mode, databaseUrl, n] = process.argv.slice(2);
const logger = createLogger('silent');
const config: Config = {
  ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }),
  databaseUrl: databaseUrl!,
  loginRateLimit: 1e9,
  intakeRateLimit: { perAddress: 1e9, perDevice: 1e9 },
};
const print = (o: object) => console.log(JSON.stringify(o));

if (mode === 'seed') {
  const db = await openDatabase(databaseUrl!);
  await db.migrate();
  const logins = (await seedFirstRun(db, systemClock, { demo: true }))!;
  const app = createApp({ db, clock: systemClock, logger, config });
  const s = app.services;
  const convener = (await db.models.User.findOne({ where: { username: 'demo-convener' } }))!;
  const memberships = await db.models.Membership.findAll({ where: { userId: convener.id } });
  const principal = {
    userId: convener.id,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
  const village = (await db.models.Organisation.findOne({ where: { kind: 'village' }, order: [['id', 'ASC']] }))!;
  const meeting = await s.meetings.create(
    principal,
    CreateMeetingBody.parse({
      organisationId: village.id,
      kind: 'consultation',
      title: '村民代表大会（压测）',
      venue: '村委会',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 7200_000).toISOString(),
      body: 'representatives_meeting',
    }),
  );
  for (let i = 0; i < 20; i++)
    await s.meetings.addItem(principal, meeting.id, { title: `议程 ${i + 1}`, notes: '讨论并形成决议'.repeat(5) });
  const tokens = Array.from({ length: Number(n) }, () => randomBytes(24).toString('base64url'));
  for (let i = 0; i < tokens.length; i += 1_000) {
    const invitees = await db.models.Invitee.bulkCreate(
      tokens.slice(i, i + 1_000).map((token, j) => ({
        meetingId: meeting.id,
        userId: null,
        name: `代表${i + j + 1}`,
        affiliation: '',
        category: 'representative',
        member: true,
        inviteTokenHash: createHash('sha256').update(token).digest('hex'),
      })),
    );
    await db.models.Attendance.bulkCreate(
      invitees.map((inv) => ({
        meetingId: meeting.id,
        inviteeId: inv.id,
        present: true,
        method: 'qr' as const,
        recordedBy: null,
        at: new Date(),
      })),
    );
  }
  await s.meetings.transition(principal, meeting.id, 'scheduled');
  await s.meetings.transition(principal, meeting.id, 'live');
  const screen = new URL((await s.live.issueScreenToken(principal, meeting.id)).url).searchParams.get('token');
  print({
    meetingId: meeting.id,
    tokens,
    screenToken: screen,
    password: logins.demo.find((l) => l.username === 'demo-convener')!.password,
  });
  await app.close();
  await db.close();
  process.exit(0);
} else if (mode === 'serve') {
  const db = await openDatabase(databaseUrl!);
  let cluster: Cluster | undefined;
  if (process.env.REDIS_URL)
    cluster = await connectCluster(process.env.REDIS_URL, process.env.REDIS_KEY_PREFIX ?? 'bench:', logger);
  const app = createApp({ db, clock: systemClock, logger, config, cluster });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  print({ url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` });
  createInterface({ input: process.stdin })
    .on('line', (l) => {
      if (l !== 'rss') return;
      (globalThis as { gc?: () => void }).gc?.();
      print({ rssMb: Math.round(process.memoryUsage().rss / 1e6) });
    })
    .on('close', async () => {
      await app.close();
      await cluster?.close();
      await db.close();
      process.exit(0);
    });
} else {
  console.error('usage: serve-cluster.ts seed <databaseUrl> <N> | serve <databaseUrl>');
  process.exit(2);
}
