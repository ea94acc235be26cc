import { createInterface } from 'node:readline';
import { CreateMeetingBody } from '../shared/schemas/meeting.js';
import { checkinCode } from '../server/services/checkin-code.js';
import { startBenchServer } from './lib.js';

/**
 * Yishi's server for bench/fanout.ts, in a process of its own: a live meeting of N invitees
 * with a 20-item agenda, every invitee checked in through the real check-in path (so each holds a
 * pass), and a projector link. Prints the URL, the passes and the screen token; then reads
 * "rss" on stdin → prints {"rssMb", "heapUsedMb"}; EOF → stops.
 */
const n = Number(process.argv[2] ?? 1000);
const srv = await startBenchServer({ intakeRateLimit: { perAddress: 1e9, perDevice: 1e9 } });
const s = srv.app.services;
const convener = (await srv.db.models.User.findOne({ where: { username: 'demo-convener' } }))!;
const memberships = await srv.db.models.Membership.findAll({ where: { userId: convener.id } });
const principal = {
  userId: convener.id,
  memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
};
const village = (await srv.db.models.Organisation.findOne({ where: { kind: 'village' }, order: [['id', 'ASC']] }))!;
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
await srv.db.models.Invitee.bulkCreate(
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
const row = (await srv.db.models.Meeting.findByPk(meeting.id))!;
const invitees = await srv.db.models.Invitee.findAll({ where: { meetingId: meeting.id }, order: [['id', 'ASC']] });
const tokens: string[] = [];
for (const invitee of invitees) {
  const code = checkinCode(row.checkinSecret, new Date()).code;
  tokens.push(await s.checkin.claimAndConfirm(principal, meeting.id, code, invitee.id));
}
const screen = new URL((await s.live.issueScreenToken(principal, meeting.id)).url).searchParams.get('token');
console.log(
  JSON.stringify({
    url: srv.url,
    meetingId: meeting.id,
    tokens,
    screenToken: screen,
    password: srv.logins.demo.find((l) => l.username === 'demo-convener')!.password,
  }),
);
createInterface({ input: process.stdin })
  .on('line', (l) => {
    if (l !== 'rss') return;
    // The JavaScript heap next to the RSS: tells sockets' objects apart from loaded code and libraries.
    const m = process.memoryUsage();
    console.log(JSON.stringify({ rssMb: Math.round(m.rss / 1e6), heapUsedMb: Math.round(m.heapUsed / 1e6) }));
  })
  .on('close', async () => {
    await srv.close();
    process.exit(0);
  });
