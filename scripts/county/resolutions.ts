import {
  DUE_SOON_MS,
  RESOLUTION_STATES,
  defaultDeadline,
  type Rating,
  type ResolutionState,
} from '../../shared/rules/resolution.js';
import { decisionWording } from '../../shared/rules/wording.js';
import { keyedHash, type County, type Village } from './context.js';
import { writeEvents, type ResolutionEventRow } from './resolution-events.js';
import { runningSpans, stateFor, timeline, type Step } from './resolution-timeline.js';
import type { TopicInfo } from './topics.js';
import type { DecisionInfo } from './votes.js';
import { PROGRESS_NOTES, RATING_COMMENTS, RESULTS, RETURN_REASONS, WITHDRAW_REASONS } from './words.js';

interface Source {
  id: number;
  created: Date;
  text: string;
  category: string | null;
  topics: TopicInfo[];
  decision: DecisionInfo | null;
  referral: TopicInfo | null;
}

/**
 * A village's resolutions: one drafted from each decision of its meetings and one dispatched at
 * once from each referred topic; each is carried to a state that fits its age through the same
 * verbs ResolutionService takes (with its timeline, audit and notifications), rated by the
 * resident whose topic it answers, and marked overdue or due soon as the deadline job would have.
 * Returns how many ended in each state.
 */
export function writeResolutions(
  county: County,
  village: Village,
  decisions: DecisionInfo[],
  referred: TopicInfo[],
): Map<ResolutionState, number> {
  const sources: Source[] = [
    ...decisions.map((d) => ({
      id: d.resolutionId,
      created: d.at,
      text: d.text,
      category: d.topic?.category ?? null,
      topics: d.topic ? [d.topic, ...d.topic.merged] : [],
      decision: d,
      referral: null,
    })),
    ...referred.map((t) => ({
      id: county.writer.id('resolutions'),
      created: t.actedAt!,
      text: t.title,
      category: t.category,
      topics: [t, ...t.merged],
      decision: null,
      referral: t,
    })),
  ];
  const planned = sources.map((s) => stateFor(county, s.created, s.referral !== null, s.topics.length > 0));
  cover(sources, planned);
  const states = new Map<ResolutionState, number>();
  for (const [i, s] of sources.entries()) {
    const state = writeOne(county, village, s, planned[i]!);
    states.set(state, (states.get(state) ?? 0) + 1);
  }
  return states;
}

/**
 * Every state at least once in a village that has enough resolutions (a small county too), taken
 * from the commonest state among the newest that can be in it: a referral is never a draft or
 * withdrawn, and only a resident's rating reopens.
 */
function cover(sources: Source[], planned: ResolutionState[]): void {
  if (sources.length < RESOLUTION_STATES.length * 2) return;
  const newest = [...sources.keys()].sort((a, b) => sources[b]!.created.getTime() - sources[a]!.created.getTime());
  for (const state of RESOLUTION_STATES) {
    if (planned.includes(state)) continue;
    const count = (s: ResolutionState) => planned.filter((x) => x === s).length;
    const i = newest.find((k) => {
      const s = sources[k]!;
      if (count(planned[k]!) < 2) return false;
      if (s.referral && (state === 'draft' || state === 'withdrawn')) return false;
      return state !== 'reopened' || s.topics.length > 0;
    });
    if (i !== undefined) planned[i] = state;
  }
}

function writeOne(county: County, village: Village, s: Source, state: ResolutionState): ResolutionState {
  const { dice, writer, now } = county;
  const rated = s.topics.length > 0;
  const steps = timeline(county, s.created, state, s.referral !== null, rated);
  const unitName = village.townshipName;
  const row = {
    responsibleOrganisationId: null as number | null,
    deadline: null as Date | null,
    dispatchedAt: null as Date | null,
    reportedAt: null as Date | null,
    closedAt: null as Date | null,
    result: null as string | null,
    rating: null as Rating | null,
    ratedAt: null as Date | null,
    unitSpeed: null as number | null,
    unitQuality: null as number | null,
    overdueNotifiedAt: null as Date | null,
    dueSoonNotifiedAt: null as Date | null,
    updatedAt: s.created,
  };
  const events: ResolutionEventRow[] = [];
  const actorOf = (a: Step['actor']) => (a === 'owner' ? village.leadId : a === 'unit' ? village.unitUserId : null);
  const dispatch = (at: Date) => {
    row.responsibleOrganisationId = village.townshipId;
    row.deadline = defaultDeadline(s.category, at);
    row.dispatchedAt = at;
    row.overdueNotifiedAt = null;
    row.dueSoonNotifiedAt = null;
  };
  let current: ResolutionState;
  if (s.referral) {
    dispatch(s.created);
    events.push({
      kind: 'dispatched',
      from: 'draft',
      to: 'dispatched',
      actorId: village.leadId,
      note: unitName,
      public: true,
      at: s.created,
    });
    if (s.referral.referral?.note)
      events.push({
        kind: 'referral_note',
        from: 'dispatched',
        to: 'dispatched',
        actorId: village.leadId,
        note: s.referral.referral.note,
        public: false,
        at: s.created,
      });
    current = 'dispatched';
  } else {
    events.push({ kind: 'drafted', from: null, to: 'draft', actorId: null, note: null, public: true, at: s.created });
    current = 'draft';
  }
  const deadlines: { from: number; deadline: Date }[] = row.deadline
    ? [{ from: s.created.getTime(), deadline: row.deadline }]
    : [];
  const ratings: { rating: Rating; comment: string; at: Date }[] = [];
  for (const step of steps) {
    let note: string | null = null;
    if (step.kind === 'dispatched' || step.kind === 'redispatched') {
      dispatch(step.at);
      deadlines.push({ from: step.at.getTime(), deadline: row.deadline! });
      note = unitName;
    }
    if (step.kind === 'returned') note = dice.pick(RETURN_REASONS);
    if (step.kind === 'withdrawn') note = dice.pick(WITHDRAW_REASONS);
    if (step.kind === 'progress') note = dice.pick(PROGRESS_NOTES);
    if (step.kind === 'reported') {
      note = dice.pick(RESULTS);
      row.result = note;
      row.reportedAt = step.at;
    }
    if (step.rating) {
      const comment = dice.pick(RATING_COMMENTS[step.rating]);
      ratings.push({ rating: step.rating, comment, at: step.at });
      row.rating = step.rating;
      row.ratedAt = step.at;
      note = comment || null;
    }
    if (step.kind === 'closed') {
      row.closedAt = step.at;
      row.unitSpeed = dice.int(3, 5);
      row.unitQuality = dice.int(3, 5);
    }
    events.push({
      kind: step.kind,
      from: current,
      to: step.to,
      actorId: actorOf(step.actor),
      note,
      public: step.public,
      at: step.at,
    });
    current = step.to;
  }
  // The deadline job's marks, once per deadline, in the minute the deadline came near or passed.
  const spans = runningSpans(steps, { at: s.created, state: s.referral ? 'dispatched' : 'draft' }, now);
  const latest = deadlines[deadlines.length - 1];
  for (const d of deadlines) {
    const end = deadlines.find((x) => x.from > d.from)?.from ?? Infinity;
    for (const [kind, at] of [
      ['due_soon', d.deadline.getTime() - DUE_SOON_MS],
      ['overdue', d.deadline.getTime() + 1],
    ] as const) {
      const span = spans.find((x) => x.to > Math.max(at, d.from) && x.from < end);
      if (!span) continue;
      const when = Math.max(span.from, d.from, at) + dice.int(1, 59) * 1000;
      if (
        when > now.getTime() ||
        when >= end ||
        when >= span.to ||
        (kind === 'due_soon' && when > d.deadline.getTime())
      )
        continue;
      events.push({
        kind,
        from: span.state,
        to: span.state,
        actorId: null,
        note: null,
        public: false,
        at: new Date(when),
      });
      if (d === latest) row[kind === 'overdue' ? 'overdueNotifiedAt' : 'dueSoonNotifiedAt'] = new Date(when);
    }
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  row.updatedAt = events[events.length - 1]!.at;

  const wording = s.decision ? decisionWording(s.text) : null;
  writer.add('resolutions', {
    id: s.id,
    organisation_id: village.id,
    source_kind: s.decision ? s.decision.kind : 'referral',
    source_id: s.decision ? s.decision.sourceId : s.referral!.referral!.id,
    meeting_id: s.decision?.meetingId ?? null,
    decision_id: s.decision?.id ?? null,
    referral_id: s.referral?.referral?.id ?? null,
    text: s.text,
    category: s.category,
    responsible_organisation_id: row.responsibleOrganisationId,
    responsible_user_id: null,
    collaborators: [],
    state: current,
    deadline: row.deadline,
    dispatched_at: row.dispatchedAt,
    reported_at: row.reportedAt,
    closed_at: row.closedAt,
    result: row.result,
    rating: row.rating,
    rated_at: row.ratedAt,
    unit_speed: row.unitSpeed,
    unit_quality: row.unitQuality,
    overdue_notified_at: row.overdueNotifiedAt,
    due_soon_notified_at: row.dueSoonNotifiedAt,
    created_at: s.created,
    updated_at: row.updatedAt,
    wording,
    dispatch_note: s.referral?.referral?.note || null,
  });
  for (const t of s.topics) writer.add('resolution_topics', { resolution_id: s.id, topic_id: t.id });
  for (const r of ratings)
    writer.add('resolution_ratings', {
      resolution_id: s.id,
      topic_id: s.topics[0]!.id,
      by: 'submitter',
      device_hash: keyedHash(county, 'device', `county-resident-${s.topics[0]!.id}`),
      rating: r.rating,
      comment: r.comment,
      at: r.at,
    });
  writeEvents(county, village, { id: s.id, text: s.text }, events, unitName);
  return current;
}
