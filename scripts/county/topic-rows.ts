import { randomUUID } from 'node:crypto';
import { reachesAssemblyDemand } from '../../shared/rules/cosign.js';
import { DAY, MINUTE, audit, keyedHash, type County, type Village } from './context.js';
import type { Person, Register } from './register.js';
import type { TopicInfo } from './topics.js';
import { DECLINE_REPLIES, REFERRAL_NOTES } from './words.js';

/** Co-signs of one topic; returns how many and how many matched to the register. */
function cosigns(county: County, village: Village, register: Register, adults: Person[], t: TopicInfo) {
  const { dice, writer, now } = county;
  const n = t.mergedInto ? 0 : Math.min(300, Math.floor(dice.lognormal(1, 1.2) * (t.agenda ? 2 : 1)));
  // Support stops when the topic leaves review for good (declined, referred, merged).
  const until = ['declined', 'referred', 'merged'].includes(t.status) ? t.actedAt! : now;
  const window = Math.max(MINUTE, until.getTime() - t.createdAt.getTime());
  const times = Array.from(
    { length: n },
    () => Math.min(window, dice.lognormal(1.5 * DAY, 1)) + t.createdAt.getTime(),
  ).sort((a, b) => a - b);
  const people = new Set<number>();
  let verified = 0;
  let threshold: { at: Date; detail: string } | null = null;
  for (const [k, time] of times.entries()) {
    const at = new Date(time);
    const device = `county-${village.index}-${t.id}-${k}`;
    const person = adults.length && dice.chance(0.08) ? dice.pick(adults) : null;
    if (person && !people.has(person.id)) {
      people.add(person.id);
      verified++;
      const desk = dice.chance(0.3);
      writer.add('cosigns', {
        topic_id: t.id,
        device_hash: desk
          ? keyedHash(county, 'desk-person', `${t.id}:${person.id}`)
          : keyedHash(county, 'device', device),
        phone_hash: null,
        created_at: at,
        person_id: person.id,
        verified_by: desk ? 'desk' : 'sms',
        verified_at: desk ? at : new Date(Math.min(now.getTime(), time + 2 * MINUTE)),
        verifier_id: desk ? village.leadId : null,
        notify_consent: !desk && dice.chance(0.3),
      });
      if (!threshold && reachesAssemblyDemand(verified, register.adultsNow))
        threshold = { at, detail: `${verified}/${register.adultsNow}` };
    } else {
      const phone = dice.chance(0.1) ? `13${String(t.id % 1e5).padStart(5, '0')}${String(k).padStart(4, '0')}` : null;
      writer.add('cosigns', {
        topic_id: t.id,
        device_hash: keyedHash(county, 'device', device),
        phone_hash: phone ? keyedHash(county, 'phone', phone) : null,
        created_at: at,
        person_id: null,
        verified_by: null,
        verified_at: null,
        verifier_id: null,
        notify_consent: false,
      });
    }
  }
  return { n, verified, threshold, last: times.length ? new Date(times[times.length - 1]!) : null };
}

/**
 * Writes a village's topics as intake, co-signing and review would have: the topic with its
 * counters, its timeline (received, review started, the decision, duplicates merged in, the
 * assembly threshold), the audit record of each review action and the referral of a 即办 topic.
 * A merged duplicate keeps no co-signs (it had none to move) and counts once on its target.
 */
export function writeTopics(county: County, village: Village, register: Register, topics: TopicInfo[]): void {
  const { dice, writer } = county;
  // Who can be matched to the register: villagers living there or working away.
  const adults = register.people.filter((p) => p.status === 'resident' || p.status === 'away');
  for (const t of topics) {
    const c = cosigns(county, village, register, adults, t);
    const ownerId = t.status === 'accepted' ? village.leadId : null;
    const firstAction = t.reviewStartedAt ?? t.actedAt;
    const times = [t.createdAt, t.reviewStartedAt, t.actedAt, c.last, ...t.merged.map((m) => m.actedAt)];
    const updatedAt = new Date(Math.max(...times.map((x) => x?.getTime() ?? 0)));
    const anonymous = !t.submitterName && dice.chance(0.15);
    writer.add('topics', {
      id: t.id,
      receipt: t.receipt,
      organisation_id: village.id,
      intake_code_id: village.intakeCodeId,
      idempotency_key: randomUUID(),
      title: t.title,
      details: t.details,
      category: t.category,
      location: dice.chance(0.5) ? t.title.slice(0, 6) : '',
      grid_id: dice.chance(0.6) ? dice.pick(village.gridIds) : null,
      submitter_name: t.submitterName,
      submitter_phone: t.submitterName && dice.chance(0.7) ? `139${String(t.id).padStart(8, '0').slice(-8)}` : null,
      anonymous,
      status: t.status,
      owner_id: ownerId,
      merged_into_id: t.mergedInto?.id ?? null,
      cosign_count: c.n + t.merged.length,
      assembly_demand: c.threshold !== null,
      first_action_at: firstAction,
      created_at: t.createdAt,
      updated_at: updatedAt,
      verified_cosign_count: c.verified,
    });
    const event = (kind: string, at: Date, actorId: number | null, note: string | null, detail: string | null) =>
      writer.add('topic_events', { topic_id: t.id, kind, actor_id: actorId, note, detail, at });
    event('received', t.createdAt, null, null, null);
    if (c.threshold) event('assembly_threshold', c.threshold.at, null, null, c.threshold.detail);
    const acted = (action: string, at: Date, before: string, after: string, owner: number | null) =>
      audit(county, at, {
        actorId: village.leadId,
        action: `topic.${action}`,
        subjectType: 'topic',
        subjectId: t.id,
        organisationId: village.id,
        summary: { before: { status: before, ownerId: null }, after: { status: after, ownerId: owner } },
      });
    if (t.reviewStartedAt) {
      event('review_started', t.reviewStartedAt, village.leadId, null, null);
      acted('review_started', t.reviewStartedAt, 'received', 'under_review', null);
    }
    if (!t.actedAt) continue;
    const before = t.reviewStartedAt ? 'under_review' : 'received';
    if (t.status === 'accepted') event('accepted', t.actedAt, village.leadId, null, null);
    if (t.status === 'declined') event('declined', t.actedAt, village.leadId, dice.pick(DECLINE_REPLIES), null);
    if (t.status === 'merged') {
      event('merged', t.actedAt, village.leadId, null, t.mergedInto!.receipt);
      writer.add('topic_events', {
        topic_id: t.mergedInto!.id,
        kind: 'merged_in',
        actor_id: village.leadId,
        note: null,
        detail: t.receipt,
        at: t.actedAt,
      });
    }
    if (t.status === 'referred') {
      const note = dice.pick(REFERRAL_NOTES);
      const id = writer.add('referrals', {
        topic_id: t.id,
        organisation_id: village.townshipId,
        assignee_id: null,
        note,
        created_by: village.leadId,
        created_at: t.actedAt,
      });
      t.referral = { id, note };
      event('referred', t.actedAt, village.leadId, null, village.townshipName);
    }
    acted(t.status, t.actedAt, before, t.status, ownerId);
  }
}
