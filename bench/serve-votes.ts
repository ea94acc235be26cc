import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { Server } from 'socket.io';
import { createApp } from '../server/app.js';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/index.js';
import { createLogger } from '../server/logger.js';
import { checkinCode } from '../server/services/checkin-code.js';
import type { Principal } from '../server/services/access.js';
import { seedFirstRun } from '../server/services/seed.js';
import { CreateMeetingBody } from '../shared/schemas/meeting.js';
import { CreateMotionBody } from '../shared/schemas/vote.js';

/**
 * A server in a process of its own, for bench/votes.ts and test/integration/voting-crash.test.ts:
 *   fresh <databaseUrl> <voters> [kind] [motions]  migrate and seed; a live meeting with <voters> members,
 *                                        all checked in, and [motions] open motions of [kind] (default one,
 *                                        secret); prints {url, meetingId, motionIds, motionId, tokens, screenToken}
 *   again <databaseUrl>                  the same database after a crash: just serve; prints {url}
 *   echo                                 a bare Socket.IO server answering "echo" with its payload; prints {url}
 * Commands on stdin: "rss" prints {rssMb}; "count" prints the stored ballots; "close <motionId>" closes a
 * motion as its countdown would (recording the secret ballots still held) and prints {closed, ms};
 * EOF stops gracefully.
 */
const [mode, databaseUrl, votersArg, kindArg, motionsArg] = process.argv.slice(2);
const rl = createInterface({ input: process.stdin });
const print = (x: unknown) => console.log(JSON.stringify(x));
const rss = () => Math.round(process.memoryUsage().rss / 1e6);

if (mode === 'echo') {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  io.on('connection', (socket) => {
    socket.on('echo', (payload: unknown, ack: (r: unknown) => void) => ack({ ok: true, data: payload }));
  });
  http.listen(0, '127.0.0.1', () => print({ url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` }));
  rl.on('line', (l) => l === 'rss' && print({ rssMb: rss() })).on('close', () => process.exit(0));
} else {
  if (!databaseUrl || (mode !== 'fresh' && mode !== 'again')) throw new Error('usage: fresh|again <databaseUrl> …');
  const config = { ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), databaseUrl };
  const db = await openDatabase(databaseUrl);
  await db.migrate();
  if (mode === 'fresh') await seedFirstRun(db, systemClock, { demo: true });
  const app = createApp({ db, clock: systemClock, logger: createLogger('silent'), config });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  if (mode === 'again') print({ url });
  else print({ url, ...(await hall(Number(votersArg ?? 1000), kindArg ?? 'secret', Number(motionsArg ?? 1))) });
  rl.on('line', async (l) => {
    if (l === 'rss') print({ rssMb: rss() });
    if (l === 'count') print({ ballots: await db.models.Vote.count() });
    if (l.startsWith('close ')) {
      const started = performance.now();
      await app.services.motionCloser.close(null, Number(l.slice('close '.length)));
      print({ closed: true, ms: performance.now() - started });
    }
  }).on('close', async () => {
    await app.close();
    await db.close();
    process.exit(0);
  });

  /** A live representatives' meeting with n members, all checked in, and open motions. */
  async function hall(n: number, kind: string, motions: number) {
    const s = app.services;
    const convener = (await db.models.User.findOne({ where: { username: 'demo-convener' } }))!;
    const memberships = await db.models.Membership.findAll({ where: { userId: convener.id } });
    const principal: Principal = {
      userId: convener.id,
      memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
    };
    const village = (await db.models.Organisation.findOne({ where: { kind: 'village' }, order: [['id', 'ASC']] }))!;
    const meeting = await s.meetings.create(
      principal,
      CreateMeetingBody.parse({
        organisationId: village.id,
        kind: 'consultation',
        title: '村民代表会议（压测）',
        venue: '村委会',
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 7200_000).toISOString(),
        body: 'representatives_meeting',
      }),
    );
    const withItem = await s.meetings.addItem(principal, meeting.id, { title: '村道硬化方案', notes: '' });
    await db.models.Invitee.bulkCreate(
      Array.from({ length: n }, (_, i) => ({
        meetingId: meeting.id,
        userId: null,
        name: `代表${i + 1}`,
        affiliation: '',
        category: 'representative',
        member: true,
        inviteTokenHash: null,
      })),
    );
    await s.meetings.transition(principal, meeting.id, 'scheduled');
    await s.meetings.transition(principal, meeting.id, 'live');
    const row = (await db.models.Meeting.findByPk(meeting.id))!;
    const invitees = await db.models.Invitee.findAll({ where: { meetingId: meeting.id }, order: [['id', 'ASC']] });
    const tokens: string[] = [];
    for (const invitee of invitees) {
      const code = checkinCode(row.checkinSecret, new Date()).code;
      tokens.push(await s.checkin.claimAndConfirm(principal, meeting.id, code, invitee.id));
    }
    const motionIds: number[] = [];
    for (let i = 0; i < motions; i++) {
      const motion = await s.motions.create(
        principal,
        CreateMotionBody.parse({
          meetingId: meeting.id,
          agendaItemId: withItem.agenda[0]!.id,
          question: `是否同意村道硬化方案（第 ${i + 1} 项）？`,
          kind,
        }),
      );
      await s.motions.open(principal, motion.id);
      motionIds.push(motion.id);
    }
    const screen = new URL((await s.live.issueScreenToken(principal, meeting.id)).url).searchParams.get('token');
    return { meetingId: meeting.id, motionIds, motionId: motionIds[0], tokens, screenToken: screen };
  }
}
