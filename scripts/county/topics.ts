import { randomCode } from '../../server/services/random-codes.js';
import { DEFAULT_CATEGORIES, RECEIPT_LENGTH, type TopicStatus } from '../../shared/rules/intake.js';
import { DAY, HOUR, MINUTE, type County } from './context.js';
import type { PlannedMeeting } from './meeting-plan.js';
import { TOPICS, fill, fillers } from './words.js';

/** A topic as the meetings and resolutions need it. */
export interface TopicInfo {
  id: number;
  receipt: string;
  title: string;
  details: string;
  category: string;
  /** What a decision on it does ("修复村东头路灯"). */
  action: string;
  createdAt: Date;
  status: TopicStatus;
  /** review_started, when reviewing took a step before the decision. */
  reviewStartedAt: Date | null;
  /** The review decision (accepted, declined, merged, referred); null while open. */
  actedAt: Date | null;
  mergedInto: TopicInfo | null;
  /** Duplicates merged into this one (their submitters count as supporters here). */
  merged: TopicInfo[];
  /** Placed on a meeting's agenda (placed_on_agenda on its timeline). */
  agenda: { meetingTitle: string; meetingStarts: Date; at: Date; actorId: number } | null;
  submitterName: string | null;
  /** The referral (即办) of a referred topic, once written. */
  referral: { id: number; note: string } | null;
}

/** Receipts are unique across the county (and any rows already there, under --force). */
export function receiptMaker(taken: Set<string>): () => string {
  return () => {
    let r = randomCode(RECEIPT_LENGTH);
    while (taken.has(r)) r = randomCode(RECEIPT_LENGTH);
    taken.add(r);
    return r;
  };
}

/**
 * A village's topics over three years, more of them lately as the code spreads, and what review
 * did with each: the meetings' agenda items take accepted topics raised before the meeting was
 * called; `referrals` go straight to the township's unit (即办); of the rest, the newest are still
 * waiting (received, under review), and the others were declined, merged into an earlier
 * duplicate, or accepted.
 */
export function planTopics(
  county: County,
  quota: number,
  meetings: PlannedMeeting[],
  referrals: number,
  receipt: () => string,
  names: () => string,
): TopicInfo[] {
  const { dice, writer, now, start } = county;
  const span = now.getTime() - start.getTime();
  const topics: TopicInfo[] = Array.from({ length: quota }, () => {
    const category = dice.pick(DEFAULT_CATEGORIES);
    const template = dice.pick(TOPICS[category]);
    const f = fillers(
      (xs) => dice.pick(xs),
      (a, b) => dice.int(a, b),
    );
    return {
      id: 0,
      receipt: receipt(),
      title: fill(template.title, f).slice(0, 60),
      details: fill(template.details, f),
      category,
      action: fill(template.action, f),
      createdAt: new Date(start.getTime() + span * Math.pow(dice.float(), 0.8)),
      status: 'accepted' as TopicStatus,
      reviewStartedAt: null,
      actedAt: null,
      mergedInto: null,
      merged: [],
      agenda: null,
      submitterName: dice.chance(0.4) ? names() : null,
      referral: null,
    };
  });
  topics.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const t of topics) t.id = writer.id('topics');

  // Agenda items take topics raised (and accepted) before the meeting was called.
  const onAgenda = new Set<TopicInfo>();
  let cursor = 0;
  for (const m of meetings) {
    for (const item of m.items) {
      if (!item.wantsTopic) continue;
      const cutoff = m.createdAt.getTime() - DAY;
      while (cursor < topics.length && topics[cursor]!.createdAt.getTime() < cutoff - 150 * DAY) cursor++;
      for (let i = cursor; i < topics.length && topics[i]!.createdAt.getTime() <= cutoff; i++) {
        const t = topics[i]!;
        if (onAgenda.has(t) || !dice.chance(0.35)) continue;
        onAgenda.add(t);
        item.topic = t;
        break;
      }
    }
  }
  const reviewed = (t: TopicInfo, status: TopicStatus, latest = now.getTime()) => {
    const delay = Math.min(20 * DAY, dice.lognormal(8 * HOUR, 1.3));
    const first = Math.min(latest, t.createdAt.getTime() + Math.max(10 * MINUTE, delay));
    if (dice.chance(0.3)) {
      t.reviewStartedAt = new Date(first);
      t.actedAt = new Date(Math.min(latest, first + dice.lognormal(DAY, 1)));
    } else t.actedAt = new Date(first);
    t.status = status;
  };
  for (const m of meetings)
    for (const item of m.items) if (item.topic) reviewed(item.topic, 'accepted', m.createdAt.getTime() - HOUR);

  const rest = topics.filter((t) => !onAgenda.has(t));
  const referable = dice.shuffle(rest.filter((t) => t.createdAt.getTime() < now.getTime() - 3 * DAY));
  if (referable.length < referrals) throw new Error(`only ${referable.length} topics to refer, ${referrals} asked`);
  const referred = new Set(referable.slice(0, referrals));
  for (const t of referred) reviewed(t, 'referred');
  const accepted: TopicInfo[] = [];
  for (const t of rest) {
    if (referred.has(t)) continue;
    if (t.createdAt.getTime() > now.getTime() - 7 * DAY) {
      if (dice.chance(0.4)) {
        t.status = 'under_review';
        t.reviewStartedAt = new Date(Math.min(now.getTime(), t.createdAt.getTime() + dice.lognormal(6 * HOUR, 1)));
      } else t.status = 'received';
      continue;
    }
    const target = dice.chance(0.06) ? duplicateOf(t, accepted, dice.int(0, 5)) : null;
    if (target) {
      reviewed(t, 'merged');
      t.mergedInto = target;
      target.merged.push(t);
    } else if (dice.chance(0.17)) reviewed(t, 'declined');
    else {
      reviewed(t, 'accepted');
      accepted.push(t);
    }
  }
  return topics;
}

/** An earlier accepted topic of the same category, raised within two months: what a reviewer merges into. */
function duplicateOf(t: TopicInfo, accepted: TopicInfo[], skip: number): TopicInfo | null {
  const from = t.createdAt.getTime() - 60 * DAY;
  let seen = 0;
  for (let i = accepted.length - 1; i >= 0; i--) {
    const a = accepted[i]!;
    if (a.createdAt.getTime() < from) break;
    if (a.category === t.category && a.actedAt && a.actedAt < t.createdAt && seen++ >= skip) return a;
  }
  return null;
}
