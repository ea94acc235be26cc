import { QueryTypes, type Transaction } from 'sequelize';
import type { Cluster } from '../cluster/index.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';

/** The fewest secret ballots one transaction adds to the counters while the vote is open. */
export const MIN_MIX = 5;

/** Told when a received ballot has been recorded (added to the counters in a committed mix). */
export type RecordedListener = (ballot: { motionId: number; receipt: string }) => void;

/** A secret ballot received (its "has voted" row committed) whose choice is not in the counters yet. */
export interface Received {
  inviteeId: number;
  receipt: string;
  choices: number[];
  listeners: Set<RecordedListener>;
}

/** How long a close waits for received ballots held elsewhere: other instances, or phones resending. */
const COLLECT_MS = 2_000;
/** With the motion locked, one last call to the other instances for what they still hold. */
const LAST_CALL_MS = 300;
const POLL_MS = 100;

const COLLECT = 'ballots:collect';
const HANDOVER = 'ballots:handover';
const SETTLED = 'ballots:settled';

/**
 * PostgreSQL: adds a mix to a motion's counters in the statement that locks them. Other
 * instances' batches wait on this row; locked by this UPDATE it stays locked for the statement
 * and the commit only, where a SELECT … FOR UPDATE first held it one round trip longer.
 */
const ADD_TO_TALLY_PG = `
  UPDATE motion_tallies
     SET ballots = ballots + :ballots,
         counts = (SELECT json_agg(c.value::int + d.delta ORDER BY c.n)
                     FROM json_array_elements_text(counts) WITH ORDINALITY AS c(value, n)
                     JOIN unnest(ARRAY[:marks]::int[]) WITH ORDINALITY AS d(delta, n) USING (n))
   WHERE motion_id = :motionId
  RETURNING ballots, counts`;

/** Adds ballots and marks to a motion's counters; returns the counters as written. */
export async function addToTally(
  db: Database,
  motionId: number,
  delta: { ballots: number; marks: number[] },
  t: Transaction,
): Promise<{ ballots: number; counts: number[] }> {
  if (db.dialect === 'postgres') {
    const [row] = await db.sequelize.query<{ ballots: number; counts: number[] }>(ADD_TO_TALLY_PG, {
      replacements: { motionId, ballots: delta.ballots, marks: delta.marks },
      type: QueryTypes.SELECT,
      transaction: t,
    });
    if (!row) throw new Error(`motion ${motionId} has no tally row`);
    return row;
  }
  // SQLite: one writer at a time anyway, and no JSON arithmetic worth the SQL.
  const { MotionTally } = db.models;
  const tally = await MotionTally.findByPk(motionId, { transaction: t });
  if (!tally) throw new Error(`motion ${motionId} has no tally row`);
  const ballots = tally.ballots + delta.ballots;
  const counts = tally.counts.map((c, i) => c + (delta.marks[i] ?? 0));
  await MotionTally.update({ ballots, counts }, { where: { motionId }, transaction: t, hooks: false });
  return { ballots, counts };
}

/** The counters' change for a set of ballots. */
export function deltaOf(ballots: number[][], options: number): { ballots: number; marks: number[] } {
  const marks = new Array<number>(options).fill(0);
  for (const choices of ballots) for (const c of choices) marks[c]!++;
  return { ballots: ballots.length, marks };
}

/**
 * The secret ballots this instance has received and not yet recorded, by motion, and the steps
 * that record them: a mix of at least MIN_MIX in one transaction while the vote is open (the
 * ballot writer decides when), everything that remains at close, here and on every other
 * instance, in the closing transaction. Nothing here is ever written anywhere but memory: the
 * choices of received ballots exist only in this map, in the phones that cast them (which resend
 * until told "recorded"), and, while a close collects them, in a Redis pub/sub message.
 */
export class BallotMix {
  private readonly pools = new Map<number, Map<number, Received>>();
  /** Closes in progress on this instance: what the other instances handed over, by motion. */
  private readonly collecting = new Map<number, Map<number, number[]>>();

  constructor(
    private readonly db: Database,
    private readonly cluster: Cluster,
    private readonly logger: Logger,
  ) {
    const json = (data: Buffer) => JSON.parse(data.toString()) as Record<string, unknown>;
    cluster.bus.subscribe(COLLECT, (data) => {
      const { motionId, from } = json(data) as { motionId: number; from: string };
      const entries = this.waiting(motionId).map((r) => [r.inviteeId, r.choices]);
      if (entries.length) cluster.bus.publish(HANDOVER, JSON.stringify({ to: from, motionId, entries }));
    });
    cluster.bus.subscribe(HANDOVER, (data) => {
      const { to, motionId, entries } = json(data) as { to: string; motionId: number; entries: [number, number[]][] };
      const into = to === cluster.instanceId ? this.collecting.get(motionId) : undefined;
      for (const [inviteeId, choices] of into ? entries : []) into!.set(inviteeId, choices);
    });
    cluster.bus.subscribe(SETTLED, (data) => void this.settleHere((json(data) as { motionId: number }).motionId));
  }

  /** Received ballots of a motion held here, oldest first. */
  waiting(motionId: number): Received[] {
    return [...(this.pools.get(motionId)?.values() ?? [])];
  }

  has(motionId: number, inviteeId: number): Received | undefined {
    return this.pools.get(motionId)?.get(inviteeId);
  }

  /** Holds a received ballot (or adds a listener to the one held for the same voter). */
  hold(motionId: number, ballot: Omit<Received, 'listeners'>, listener?: RecordedListener): void {
    let pool = this.pools.get(motionId);
    if (!pool) this.pools.set(motionId, (pool = new Map()));
    const held = pool.get(ballot.inviteeId) ?? { ...ballot, listeners: new Set<RecordedListener>() };
    if (listener) held.listeners.add(listener);
    pool.set(ballot.inviteeId, held);
  }

  /** Forgets held ballots without telling anyone (their transaction failed). */
  release(motionId: number, inviteeIds: number[]): void {
    const pool = this.pools.get(motionId);
    for (const id of inviteeIds) pool?.delete(id);
    if (pool && !pool.size) this.pools.delete(motionId);
  }

  /** These ballots are in the counters (the transaction committed): tell their phones, stop holding them. */
  recorded(motionId: number, inviteeIds: number[]): void {
    const pool = this.pools.get(motionId);
    for (const id of inviteeIds) {
      const held = pool?.get(id);
      if (!held) continue;
      for (const listener of held.listeners) listener({ motionId, receipt: held.receipt });
      pool!.delete(id);
    }
    if (pool && !pool.size) this.pools.delete(motionId);
  }

  /**
   * Marks received ballots recorded, in the transaction that adds them to the counters. Only rows
   * still unrecorded change: a ballot held twice (the phone resent it to another instance) is
   * recorded once, by whichever transaction got its row first.
   */
  async markRecorded(motionId: number, inviteeIds: number[], t: Transaction): Promise<number[]> {
    if (!inviteeIds.length) return [];
    const rows = await this.db.sequelize.query<{ inviteeId: number }>(
      `UPDATE votes SET recorded = :yes
        WHERE motion_id = :motionId AND invitee_id IN (:inviteeIds) AND recorded = :no
       RETURNING invitee_id AS "inviteeId"`,
      { replacements: { motionId, inviteeIds, yes: true, no: false }, type: QueryTypes.SELECT, transaction: t },
    );
    return rows.map((r) => Number(r.inviteeId));
  }

  /** Undoes markRecorded within the same transaction (a mix that fell below MIN_MIX). */
  async unmark(motionId: number, inviteeIds: number[], t: Transaction): Promise<void> {
    if (!inviteeIds.length) return;
    await this.db.sequelize.query(
      'UPDATE votes SET recorded = :no WHERE motion_id = :motionId AND invitee_id IN (:inviteeIds)',
      { replacements: { motionId, inviteeIds, no: false }, transaction: t },
    );
  }

  private async unrecorded(motionId: number, t?: Transaction): Promise<number[]> {
    const rows = await this.db.sequelize.query<{ inviteeId: number }>(
      'SELECT invitee_id AS "inviteeId" FROM votes WHERE motion_id = :motionId AND recorded = :no',
      { replacements: { motionId, no: false }, type: QueryTypes.SELECT, transaction: t },
    );
    return rows.map((r) => Number(r.inviteeId));
  }

  private choicesAt(motionId: number): Map<number, number[]> {
    const known = new Map(this.collecting.get(motionId) ?? []);
    for (const r of this.waiting(motionId)) known.set(r.inviteeId, r.choices);
    return known;
  }

  /** Asks the other instances for what they hold of a motion until `done` or `ms` ran out. */
  private async callOthers(motionId: number, ms: number, done: () => Promise<boolean>): Promise<void> {
    const end = Date.now() + ms;
    while (!(await done()) && Date.now() < end) {
      if (this.cluster.redis)
        this.cluster.bus.publish(COLLECT, JSON.stringify({ motionId, from: this.cluster.instanceId }));
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Before a secret motion's closing transaction: gathers the choices of every received ballot
   * not yet recorded, from this instance, from the others over the bus, and from phones that
   * resend meanwhile (after an instance died). Waits at most COLLECT_MS, and only when some are
   * missing. Call `endCollect` when the close is over.
   */
  async beginCollect(motionId: number): Promise<void> {
    this.collecting.set(motionId, new Map());
    await this.callOthers(motionId, COLLECT_MS, async () => {
      const known = this.choicesAt(motionId);
      return (await this.unrecorded(motionId)).every((id) => known.has(id));
    });
  }

  endCollect(motionId: number): void {
    this.collecting.delete(motionId);
  }

  /**
   * Inside the closing transaction, with the motion locked (no ballot of it commits meanwhile):
   * records every received ballot that remains, all at once, whatever their number. A "has
   * voted" row whose choice nobody holds any more (its instance died and the phone did not
   * resend in time) is removed: that voter's ballot was never recorded, and the register of who
   * voted must match the counters. Returns how many were recorded and removed.
   */
  async recordAtClose(
    motionId: number,
    options: number,
    t: Transaction,
  ): Promise<{ recorded: number[]; removed: number[] }> {
    const missing = await this.unrecorded(motionId, t);
    // Only other instances can still answer: phones' resends wait for this transaction anyway.
    if (this.cluster.redis && missing.some((id) => !this.choicesAt(motionId).has(id)))
      await this.callOthers(motionId, LAST_CALL_MS, async () =>
        missing.every((id) => this.choicesAt(motionId).has(id)),
      );
    const known = this.choicesAt(motionId);
    const covered = missing.filter((id) => known.has(id));
    const removed = missing.filter((id) => !known.has(id));
    const recorded = await this.markRecorded(motionId, covered, t);
    if (recorded.length)
      await addToTally(
        this.db,
        motionId,
        deltaOf(
          recorded.map((id) => known.get(id)!),
          options,
        ),
        t,
      );
    if (removed.length) {
      await this.db.sequelize.query(
        'DELETE FROM votes WHERE motion_id = :motionId AND invitee_id IN (:removed) AND recorded = :no',
        { replacements: { motionId, removed, no: false }, transaction: t },
      );
      this.logger.warn({ motionId, removed: removed.length }, 'received ballots nobody held any more at close');
    }
    return { recorded, removed };
  }

  /**
   * After a motion closed or was annulled: tells the phones whose held ballots were recorded,
   * forgets the rest, and asks the other instances to do the same with theirs.
   */
  async settled(motionId: number): Promise<void> {
    this.cluster.bus.publish(SETTLED, JSON.stringify({ motionId }));
    await this.settleHere(motionId);
  }

  private async settleHere(motionId: number): Promise<void> {
    const held = this.waiting(motionId).map((r) => r.inviteeId);
    if (!held.length) return;
    try {
      const rows = await this.db.sequelize.query<{ inviteeId: number }>(
        `SELECT invitee_id AS "inviteeId" FROM votes
          WHERE motion_id = :motionId AND invitee_id IN (:held) AND recorded = :yes`,
        { replacements: { motionId, held, yes: true }, type: QueryTypes.SELECT },
      );
      this.recorded(
        motionId,
        rows.map((r) => Number(r.inviteeId)),
      );
    } catch (err) {
      this.logger.error({ err, motionId }, 'settling received ballots failed');
    }
    this.pools.delete(motionId);
  }
}

/** What a voter's phone is told of its ballot: its receipt, whether it was a resend, whether it is recorded yet. */
export interface BallotReceipt {
  receipt: string;
  replayed: boolean;
  recorded: boolean;
}
