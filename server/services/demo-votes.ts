import { CreateMotionBody } from '../../shared/schemas/vote.js';
import type { Principal } from './access.js';
import type { Services } from './index.js';

/**
 * Voting in the demo's live session, through the real services: the representatives present
 * check in by the projector's code, the first item was decided by an open vote (closed, passed,
 * recorded as a decision), and a secret vote on the second item is open with two ballots in.
 */
export async function seedDemoVotes(s: Services, villageId: number): Promise<void> {
  const meeting = await s.db.models.Meeting.findOne({
    where: { organisationId: villageId, status: 'live' },
    order: [['id', 'ASC']],
  });
  const convener = await s.db.models.User.findOne({ where: { username: 'demo-convener' } });
  if (!meeting || !convener) return;
  const memberships = await s.db.models.Membership.findAll({ where: { userId: convener.id } });
  const principal: Principal = {
    userId: convener.id,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
  const agenda = await s.meetings.agenda(meeting.id);
  const [first, second] = agenda;
  if (!first || !second) return;
  const present = (await s.meetings.invitees(meeting.id)).filter((i) => i.member && i.present);
  const tokens: string[] = [];
  // They are already present: each gets the personal pass a QR check-in would have given them.
  for (const invitee of present) tokens.push((await s.meetings.roster.issuePass(meeting.id, invitee.id)).token);
  const cast = (motionId: number, choices: number[][]) =>
    Promise.all(
      choices.map((c, i) =>
        s.ballots.cast(null, { motionId, choices: c, clientBallotId: `demo-${motionId}-${i}`, inviteToken: tokens[i] }),
      ),
    );

  const lights = await s.motions.create(
    principal,
    CreateMotionBody.parse({
      meetingId: meeting.id,
      agendaItemId: first.id,
      question: '是否同意由村集体出资修复村东头三盏路灯？',
      kind: 'open',
      liveTally: true,
    }),
  );
  await s.motions.open(principal, lights.id);
  await cast(lights.id, [[0], [0], [0], [0], [0], [2]].slice(0, tokens.length));
  await s.motionCloser.close(principal, lights.id);

  const harvest = await s.motions.create(
    principal,
    CreateMotionBody.parse({
      meetingId: meeting.id,
      agendaItemId: second.id,
      question: '是否同意组织村集体农机，优先帮助缺劳力农户麦收？',
      kind: 'secret',
    }),
  );
  await s.live.drive(principal, { meetingId: meeting.id, action: 'goto', itemId: second.id });
  await s.motions.open(principal, harvest.id);
  await cast(harvest.id, [[0], [1]].slice(0, tokens.length));
}
