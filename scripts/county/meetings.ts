import { createHash, randomBytes } from 'node:crypto';
import { chinaDate } from '../../shared/rules/attendance-rules.js';
import { chinaDay } from '../../shared/rules/china-time.js';
import { PRESETS, quorum } from '../../shared/rules/quorum.js';
import { entitled, type Body, type BodyKind } from './bodies.js';
import { MINUTE, audit, type County, type Village } from './context.js';
import type { PlannedMeeting } from './meeting-plan.js';
import type { Register } from './register.js';
import { VENUES } from './words.js';

/** An invitee as the votes need them: who may vote, and whether they are present. */
export interface Invitee {
  id: number;
  member: boolean;
  present: boolean;
}

/** A meeting as written, for its motions, decisions and minutes. */
export interface WrittenMeeting {
  id: number;
  plan: PlannedMeeting;
  title: string;
  venue: string;
  convenerId: number;
  secretaryId: number;
  itemIds: number[];
  invitees: Invitee[];
  /** The attendance summary's expected and present (members present, by QR or by hand). */
  expected: number;
  present: number;
}

const month = (d: Date) => chinaDay(d).slice(0, 7).replace('-', '年') + '月';

function titleOf(village: Village, m: PlannedMeeting): string {
  const first = m.items.find((i) => i.topic)?.topic?.title ?? '村内事务';
  const title =
    m.bodyKind === 'representatives_meeting'
      ? `${village.name}村民代表会议（${month(m.startsAt)}）`
      : m.bodyKind === 'two_committees'
        ? `${village.name}"两委"联席会议（${month(m.startsAt)}）`
        : m.bodyKind === 'party_assembly'
          ? `${village.name}党员大会（${month(m.startsAt)}）`
          : m.bodyKind === 'villagers_assembly'
            ? `${village.name}村民会议（${month(m.startsAt)}）`
            : m.kind === 'roundtable'
              ? `党代表圆桌会议：${first}`
              : `${first}协商会`;
  return title.slice(0, 80);
}

/** The invitee category a seat is listed under (MeetingBodies' categoryOf). */
const categoryOf = (role: string, kind: BodyKind) =>
  role === 'guest'
    ? 'notable'
    : role === 'representative' || role === 'committee'
      ? 'representative'
      : kind === 'party_assembly'
        ? 'party_member'
        : 'resident';

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Writes one meeting as the services leave it: the meeting row (published, opened, closed, with
 * the body's entitled count frozen at the opening), its agenda (each topic's timeline saying it
 * was placed there), the invitees — the body's entitled people on the day, or a roster of named
 * villagers and guests — and who checked in, by the projector's code or by hand.
 */
export function writeMeeting(
  county: County,
  village: Village,
  register: Register,
  bodies: Record<BodyKind, Body>,
  m: PlannedMeeting,
): WrittenMeeting {
  const { dice, writer } = county;
  const id = writer.id('meetings');
  const title = titleOf(village, m);
  const venue = dice.pick(VENUES);
  const convenerId = m.status === 'live' && village.benchUserId ? village.benchUserId : village.leadId;
  const held = m.status === 'closed' || m.status === 'live';
  const body = m.bodyKind ? bodies[m.bodyKind] : null;

  const seats = body
    ? entitled(body, register, chinaDate(m.startsAt)).map((e) => ({
        name: e.person.name,
        affiliation: body.name,
        category: categoryOf(e.role, body.kind),
        member: e.votes,
        person: e.person,
      }))
    : dice
        .shuffle(
          register.people.filter((p) => p.status === 'resident' && p.birthYear <= county.now.getUTCFullYear() - 20),
        )
        .slice(0, dice.int(6, 15))
        .map((p) => ({
          name: p.name,
          affiliation: m.kind === 'roundtable' ? '党员' : p.party ? '党员' : '村民代表',
          category: m.kind === 'roundtable' || p.party ? 'party_member' : 'representative',
          member: true,
          person: null,
        }))
        .concat(
          Array.from({ length: m.kind === 'roundtable' ? dice.int(1, 3) : dice.int(0, 1) }, (_, i) => ({
            name: `${dice.pick(['孙', '钱', '郑', '冯'])}${['乡贤', '经理', '站长'][i % 3]}`,
            affiliation: ['乡贤', '合作社', '镇农技站'][i % 3]!,
            category: ['notable', 'enterprise', 'department'][i % 3]!,
            member: false,
            person: null,
          })),
        );
  const members = seats.filter((s) => s.member).length;
  const frozen = held && body;
  const expected = members;
  // Attendance enough for the body's quorum where the meeting decided by vote; the assembly is thinner.
  const rules = m.body === 'custom' ? PRESETS.free_consultation : PRESETS[m.body];
  const rate =
    m.status === 'live'
      ? 0.75
      : m.body === 'villagers_assembly'
        ? dice.float() * 0.12 + 0.55
        : dice.float() * 0.2 + 0.75;
  const required = quorum(rules, { members: expected, present: expected }).required ?? 0;
  const presentWanted = held ? Math.min(members, Math.max(required, Math.round(members * rate))) : 0;

  const invitees: Invitee[] = [];
  const memberIndexes = dice.shuffle(seats.flatMap((s, i) => (s.member ? [i] : [])));
  const presentIdx = new Set(memberIndexes.slice(0, presentWanted));
  // A few guests come too (they are recorded, but never count).
  for (const [i, s] of seats.entries()) if (!s.member && held && dice.chance(0.7)) presentIdx.add(i);
  let version = 2 + m.items.length + (body ? 0 : seats.length);
  for (const [i, s] of seats.entries()) {
    const present = presentIdx.has(i);
    const qr = present && dice.chance(0.8);
    const inviteeId = writer.add('invitees', {
      meeting_id: id,
      user_id: null,
      name: s.name.slice(0, 40),
      affiliation: s.affiliation.slice(0, 60),
      category: s.category,
      member: s.member,
      // A QR check-in leaves the person's pass (its hash) on the invitee.
      invite_token_hash: qr ? hash(randomBytes(24).toString('base64url')) : null,
      created_at: m.createdAt,
      person_id: s.person?.id ?? null,
    });
    invitees.push({ id: inviteeId, member: s.member, present: present && s.member });
    if (!present) continue;
    version++;
    writer.add('attendance', {
      meeting_id: id,
      invitee_id: inviteeId,
      present: true,
      method: qr ? 'qr' : 'manual',
      recorded_by: qr ? null : convenerId,
      at: new Date(m.startsAt.getTime() + dice.int(-20, 15) * MINUTE),
      household_id: s.person?.householdId ?? null,
      proxy_for_invitee_id: null,
    });
  }

  const itemIds = m.items.map((item, position) => {
    const itemId = writer.add('agenda_items', {
      meeting_id: id,
      position: position + 1,
      topic_id: item.topic?.id ?? null,
      title: (item.topic?.title ?? dice.pick(PLAIN_ITEMS)).slice(0, 80),
      notes: '',
      created_at: m.createdAt,
    });
    if (item.topic) {
      item.topic.agenda = { meetingTitle: title, meetingStarts: m.startsAt, at: m.createdAt, actorId: convenerId };
      writer.add('topic_events', {
        topic_id: item.topic.id,
        kind: 'placed_on_agenda',
        actor_id: convenerId,
        note: null,
        detail: `${title}（${chinaDay(m.startsAt)}）`,
        at: m.createdAt,
      });
    }
    return itemId;
  });

  const published =
    m.status === 'draft' ? null : new Date(Math.min(m.startsAt.getTime() - MINUTE, m.createdAt.getTime() + 86_400_000));
  const present = invitees.filter((i) => i.present).length;
  writer.add('meetings', {
    id,
    organisation_id: village.id,
    kind: m.kind,
    title,
    venue,
    starts_at: m.startsAt,
    ends_at: m.endsAt,
    body: m.body,
    members_from: 'roster',
    status: m.status,
    convener_id: convenerId,
    secretary_ids: [village.secretaryId],
    current_item_id: held ? itemIds[m.status === 'live' ? Math.min(1, itemIds.length - 1) : itemIds.length - 1]! : null,
    screen_mode: held ? 'item' : 'agenda',
    screen_message: null,
    timer_ends_at: null,
    screen_token_hash: m.status === 'live' ? hash(randomBytes(24).toString('base64url')) : null,
    checkin_secret: randomBytes(24).toString('base64url'),
    published_at: published,
    version,
    created_at: m.createdAt,
    updated_at: m.status === 'closed' ? m.endsAt : m.status === 'live' ? county.now : (published ?? m.createdAt),
    body_id: body?.id ?? null,
    entitled_count: frozen ? members : null,
    entitled_households:
      frozen && body.kind === 'villagers_assembly' ? new Set(seats.map((s) => s.person!.householdId)).size : null,
    roster_frozen_at: frozen ? m.startsAt : null,
  });
  const step = (action: string, at: Date, summary?: Record<string, unknown>) =>
    audit(county, at, {
      actorId: convenerId,
      action,
      subjectType: 'meeting',
      subjectId: id,
      organisationId: village.id,
      summary,
    });
  step('meeting.created', m.createdAt, { after: { title, kind: m.kind } });
  if (published) step('meeting.scheduled', published);
  if (held) step('meeting.live', m.startsAt);
  if (m.status === 'closed') step('meeting.closed', m.endsAt);
  return {
    id,
    plan: m,
    title,
    venue,
    convenerId,
    secretaryId: village.secretaryId,
    itemIds,
    invitees,
    expected,
    present,
  };
}

/** Agenda items without a resident's topic: the village's own business. */
const PLAIN_ITEMS = [
  '村集体经济合作社分红办法',
  '年度村务财务公开',
  '村规民约修订',
  '人居环境整治方案',
  '防汛准备工作',
  '年度工作计划',
];
