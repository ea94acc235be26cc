import type { CreationAttributes, Transaction } from 'sequelize';
import { optionCount } from '../../shared/rules/ballot.js';
import type { Database } from '../db/index.js';
import type { Motion } from '../db/models/motion.js';
import type { Vote as VoteRow } from '../db/models/vote.js';
import {
  addToTally,
  deltaOf,
  MIN_MIX,
  type BallotMix,
  type BallotReceipt,
  type RecordedListener,
} from './ballot-mix.js';

/** A secret ballot of this batch: new (its row inserted now) or resent (its row committed earlier). */
export interface Staged {
  inviteeId: number;
  receipt: string;
  choices: number[];
  row: CreationAttributes<VoteRow> | null;
  outcomes: BallotReceipt[];
  listeners: RecordedListener[];
}

/**
 * The mixing rule for one secret motion within a batch's transaction: if the ballots received
 * earlier and held here, plus this batch's, number at least MIN_MIX, all of them are recorded
 * now (new rows inserted recorded, earlier rows flagged, counters added once); otherwise this
 * batch's are held. Returns the counters if it added to them.
 */
export async function mixIn(
  db: Database,
  mix: BallotMix,
  motion: Motion,
  staged: Map<number, Staged>,
  t: Transaction,
  undo: (() => void)[],
  after: (() => void)[],
): Promise<number[] | null> {
  const options = optionCount(motion.form, motion.options);
  const held = mix.waiting(motion.id).filter((r) => !staged.has(r.inviteeId));
  const resent = [...staged.values()].filter((s) => !s.row);
  const fresh = [...staged.values()].filter((s) => s.row);
  const earlier = [...held.map((r) => r.inviteeId), ...resent.map((s) => s.inviteeId)];
  let counts: number[] | null = null;
  let recorded: number[] = [];
  let elsewhere: number[] = [];
  if (earlier.length + fresh.length >= MIN_MIX) {
    const flagged = await mix.markRecorded(motion.id, earlier, t);
    // Not flagged by us: already recorded by another transaction (resent to another instance).
    elsewhere = earlier.filter((id) => !flagged.includes(id));
    if (flagged.length + fresh.length >= MIN_MIX) {
      recorded = flagged;
      const choices = new Map(held.map((r) => [r.inviteeId, r.choices]));
      for (const st of staged.values()) choices.set(st.inviteeId, st.choices);
      for (const st of fresh) st.row!.recorded = true;
      const ids = [...recorded, ...fresh.map((st) => st.inviteeId)];
      const delta = deltaOf(
        ids.map((id) => choices.get(id)!),
        options,
      );
      counts = (await addToTally(db, motion.id, delta, t)).counts;
      for (const st of fresh) for (const o of st.outcomes) o.recorded = true;
    } else await mix.unmark(motion.id, flagged, t);
  }
  const done = new Set([...recorded, ...elsewhere]);
  for (const st of resent) if (done.has(st.inviteeId)) for (const o of st.outcomes) o.recorded = true;
  // Hold what was not recorded now, before the commit: a close that locks the motion right
  // after this transaction must find these choices already held.
  for (const st of staged.values()) {
    if (st.outcomes[0]!.recorded) continue;
    const already = mix.has(motion.id, st.inviteeId);
    mix.hold(motion.id, { inviteeId: st.inviteeId, receipt: st.receipt, choices: st.choices });
    const held = mix.has(motion.id, st.inviteeId)!;
    for (const l of st.listeners) held.listeners.add(l);
    if (!already) undo.push(() => mix.release(motion.id, [st.inviteeId]));
  }
  if (done.size) after.push(() => mix.recorded(motion.id, [...done]));
  return counts;
}
