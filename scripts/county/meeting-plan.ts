import type { MeetingKind, MeetingStatus } from '../../shared/rules/meeting.js';
import type { Body as RuleBody } from '../../shared/rules/quorum.js';
import type { BodyKind } from './bodies.js';
import { DAY, HOUR, MINUTE, type County } from './context.js';
import type { TopicInfo } from './topics.js';

/** What an agenda item ends in: a passed motion or consensus (a decision), a failed motion, or talk. */
export type ItemOutcome = 'motion' | 'consensus' | 'failed' | 'discussed';

export interface PlannedItem {
  outcome: ItemOutcome;
  wantsTopic: boolean;
  topic: TopicInfo | null;
}

export interface PlannedMeeting {
  kind: MeetingKind;
  /** The quorum rules' body. */
  body: RuleBody;
  /** The register's body the invitees come from; null for a roster of named guests. */
  bodyKind: BodyKind | null;
  status: MeetingStatus;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  items: PlannedItem[];
}

const TYPES = {
  representatives: 40,
  free: 30,
  roundtable: 15,
  committees: 10,
  party: 4,
  assembly: 1,
} as const;

const SHAPE: Record<keyof typeof TYPES, { kind: MeetingKind; body: RuleBody; bodyKind: BodyKind | null }> = {
  representatives: { kind: 'consultation', body: 'representatives_meeting', bodyKind: 'representatives_meeting' },
  free: { kind: 'consultation', body: 'free_consultation', bodyKind: null },
  roundtable: { kind: 'roundtable', body: 'free_consultation', bodyKind: null },
  committees: { kind: 'consultation', body: 'two_committees', bodyKind: 'two_committees' },
  party: { kind: 'consultation', body: 'party_assembly', bodyKind: 'party_assembly' },
  assembly: { kind: 'consultation', body: 'villagers_assembly', bodyKind: 'villagers_assembly' },
};

/**
 * A village's meetings over three years before they are written: when, of which body, in which
 * state (held and closed; live now in the bench's village; published or drafted for the coming
 * weeks), and how each agenda item ends. At most `decisions` items end in a decision (each becomes
 * one of the village's resolutions, whose total is fixed); count them on the plan.
 */
export function planMeetings(
  county: County,
  count: number,
  decisions: number,
  options: { live: boolean },
): PlannedMeeting[] {
  const { dice, now, start } = county;
  const future = Math.min(count - 1, Math.max(1, Math.round(count * 0.03)));
  const live = options.live ? 1 : 0;
  const past = count - future - live;
  const span = now.getTime() - start.getTime() - 45 * DAY;
  const meetings: PlannedMeeting[] = [];
  const at = (time: number, status: MeetingStatus) => {
    const type = live && status === 'live' ? 'representatives' : dice.weighted(TYPES);
    // Meetings are held in the evening or at weekends, in China time.
    const day = new Date(Math.floor((time + 8 * HOUR) / DAY) * DAY - 8 * HOUR);
    const startsAt =
      status === 'live' ? new Date(now.getTime() - 30 * MINUTE) : new Date(day.getTime() + dice.int(9, 19) * HOUR);
    const endsAt = new Date(startsAt.getTime() + dice.int(2, 4) * HOUR);
    const items = type === 'assembly' ? dice.int(1, 2) : dice.int(2, 4);
    meetings.push({
      ...SHAPE[type],
      status,
      startsAt,
      endsAt,
      createdAt: new Date(startsAt.getTime() - dice.int(type === 'assembly' ? 12 : 5, 15) * DAY),
      items: Array.from({ length: items }, () => ({
        outcome: 'discussed',
        wantsTopic: dice.chance(0.85),
        topic: null,
      })),
    });
  };
  for (let i = 0; i < past; i++) at(start.getTime() + 30 * DAY + ((i + dice.float()) / past) * span, 'closed');
  if (live) at(now.getTime(), 'live');
  for (let i = 0; i < future; i++) at(now.getTime() + dice.int(2, 21) * DAY, dice.chance(0.3) ? 'draft' : 'scheduled');
  meetings.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());

  // Decisions only where a meeting was held; the rest of its items failed a vote or were only discussed.
  // The live meeting has decided its first item so far.
  const held = meetings
    .filter((m) => m.status === 'closed' || m.status === 'live')
    .flatMap((m) => (m.status === 'live' ? m.items.slice(0, 1) : m.items).map((item) => ({ item, meeting: m })));
  // Most items end in a decision; what the meetings cannot hold, referrals (即办) make up.
  const wanted = Math.min(decisions, Math.floor(held.length * 0.85));
  const deciding = new Set(dice.shuffle([...held.keys()]).slice(0, wanted));
  held.forEach(({ item, meeting }, i) => {
    const voting = meeting.body !== 'free_consultation';
    if (deciding.has(i)) item.outcome = voting || dice.chance(0.2) ? 'motion' : 'consensus';
    else item.outcome = dice.chance(0.5) ? 'failed' : 'discussed';
  });
  return meetings;
}
