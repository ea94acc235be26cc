import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { QueryTypes } from 'sequelize';
import type { VoteReceipt } from '../../shared/schemas/vote.js';
import type { Result } from '../../shared/error-codes.js';
import { FakeClock, startTestServer } from '../helpers/server.js';
import { closeMotion, createMotion, openHall, openMotion, phone } from '../helpers/voting.js';
import { copyDataFiles, eachCommittedState } from '../helpers/wal.js';

/**
 * Issue 14, finding 2: a copy of the data directory taken while a secret vote is open must not
 * link a voter to a choice. Whoever holds it sees every committed state (SQLite keeps each one in
 * the write-ahead log until the next checkpoint; a backup or disk snapshot may be taken at any
 * moment). Between any two committed states the counters may grow only by a mix of at least five
 * ballots, and exactly the voters flagged recorded in between are in it: otherwise the difference
 * of the counters is one voter's choice. Nothing acknowledged may be lost meanwhile: every phone
 * hears "recorded" (in its ack or as `vote:recorded`), and the close counts every ballot.
 */
const MIN = 5;
const clock = new FakeClock(new Date('2026-11-25T03:00:00Z'));
const srv = await startTestServer({ clock, config: { intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 } } });
test.after(() => srv.close());
const pg = srv.db.dialect === 'postgres';

type Query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;
const live: Query = (sql, params = []) =>
  srv.db.sequelize.query(sql, { replacements: params, type: QueryTypes.SELECT }) as never;

interface State {
  ballots: number;
  counts: number[];
  recorded: Set<number>;
}

/** The counters of a motion and the voters whose choice they hold, as one committed state shows them. */
async function stateOf(query: Query, motionId: number): Promise<State> {
  const [tally] = await query<{ ballots: number; counts: unknown }>(
    'SELECT ballots, counts FROM motion_tallies WHERE motion_id = ?',
    [motionId],
  );
  const columns = pg
    ? await query<{ name: string }>(
        `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'votes'`,
      )
    : await query<{ name: string }>('PRAGMA table_info(votes)');
  // Before issue 14 every "has voted" row was written with its choice in the counters.
  const flagged = columns.some((c) => c.name === 'recorded');
  const rows = await query<{ invitee: number; recorded: unknown }>(
    `SELECT invitee_id AS invitee, ${flagged ? 'recorded' : '1'} AS recorded FROM votes WHERE motion_id = ?`,
    [motionId],
  );
  const counts =
    typeof tally?.counts === 'string' ? (JSON.parse(tally.counts) as number[]) : (tally?.counts as number[]);
  return {
    ballots: Number(tally?.ballots ?? 0),
    counts: counts ?? [],
    recorded: new Set(rows.filter((r) => Boolean(Number(r.recorded)) || r.recorded === true).map((r) => r.invitee)),
  };
}

/** Two committed states in a row: the counters grew by nothing or by a mix of MIN or more. */
function assertMixed(before: State, after: State, where: string): void {
  const added = after.ballots - before.ballots;
  const newly = [...after.recorded].filter((v) => !before.recorded.has(v));
  const delta = after.counts.map((c, i) => c - (before.counts[i] ?? 0));
  assert.ok(
    added === 0 || added >= MIN,
    `${where}: ${added} ballot(s) reached the counters in one commit (${JSON.stringify(delta)}), ` +
      `so the choice of voter(s) ${newly.join(', ')} can be read from it`,
  );
  assert.is(newly.length, added, `${where}: the voters flagged recorded are those in the counters`);
}

/** A phone that remembers every receipt it heard "recorded" for, in an ack or later. */
async function recordingPhone(token: string) {
  const p = await phone(srv, token);
  const recorded = new Set<string>();
  p.socket.on('vote:recorded', (r) => recorded.add(r.receipt));
  const vote = async (motionId: number, choices: number[]) => {
    const r: Result<VoteReceipt> = await p.vote(motionId, choices);
    assert.ok(r.ok, JSON.stringify(r));
    if (r.data.recorded) recorded.add(r.data.receipt);
    return r.data;
  };
  return { ...p, vote, recorded };
}

test('no state of the database while a secret vote is open singles out a voter: snapshots after every ballot', async () => {
  const hall = await openHall(srv, { members: 12 });
  const motion = await createMotion(hall, { kind: 'secret' });
  await openMotion(hall, motion.id);
  const phones = await Promise.all(hall.tokens.map((t) => recordingPhone(t)));
  const choices = [0, 1, 0, 2, 0, 1, 1, 0, 2, 0, 1, 0];
  const receipts: string[] = [];
  let before = await stateOf(live, motion.id);
  const snapshot = async (where: string) => {
    const after = await stateOf(live, motion.id);
    assertMixed(before, after, where);
    before = after;
  };
  // One at a time, as a quiet hall votes: nothing reaches the counters until five can go together.
  for (let i = 0; i < 7; i++) {
    const receipt = await phones[i]!.vote(motion.id, [choices[i]!]);
    receipts.push(receipt.receipt);
    await snapshot(`after ballot ${i + 1}`);
    assert.is(receipt.recorded, i === 4, `ballot ${i + 1} recorded at once: ${receipt.recorded}`);
  }
  assert.equal(before.counts, [3, 1, 1], 'the first five went in together');
  for (const p of phones.slice(0, 4)) assert.is(p.recorded.size, 1, 'the first four heard "recorded" later');
  // Then four at once: the two held and these four make a mix of six.
  const burst = await Promise.all(phones.slice(7, 11).map((p, i) => p.vote(motion.id, [choices[7 + i]!])));
  receipts.push(...burst.map((r) => r.receipt));
  await snapshot('after a burst of four');
  assert.is(before.ballots, 11);
  // A last one alone waits for the close.
  const last = await phones[11]!.vote(motion.id, [choices[11]!]);
  receipts.push(last.receipt);
  assert.is(last.recorded, false);
  await snapshot('after the last ballot');
  assert.is(before.ballots, 11, 'a lone ballot is held, not recorded');
  assert.is(await srv.db.models.Vote.count({ where: { motionId: motion.id } }), 12, 'but its voter is marked');

  if (pg) {
    // PostgreSQL: each row carries the transaction that last wrote it (xmin). Recorded rows come
    // in groups of at least five per transaction, and the counters were last written by one of them.
    const groups = await live<{ xmin: string; n: string }>(
      `SELECT xmin::text AS xmin, COUNT(*) AS n FROM votes WHERE motion_id = ? AND recorded GROUP BY xmin`,
      [motion.id],
    );
    for (const g of groups) assert.ok(Number(g.n) >= MIN, `${g.n} recorded voter(s) share one transaction`);
  }

  const closed = await closeMotion(hall, motion.id);
  assert.equal([closed.result!.cast, closed.result!.counts], [12, [6, 4, 2]]);
  await new Promise((r) => setTimeout(r, 200));
  phones.forEach((p, i) => assert.ok(p.recorded.has(receipts[i]!), `phone ${i + 1} heard "recorded"`));
  for (const p of phones) p.close();
  hall.close();
});

test('SQLite: a copy of the data directory taken while a secret vote is open: no commit in the log singles out a voter', async () => {
  if (pg) return;
  const file = srv.config.databaseUrl.slice('sqlite:'.length);
  // Start from an empty log, so what the copy holds is this vote's history (and all of it).
  await srv.db.afterWrites(() => srv.db.sequelize.query('PRAGMA wal_checkpoint(TRUNCATE)'));
  const hall = await openHall(srv, { members: 8 });
  const motion = await createMotion(hall, { kind: 'secret' });
  await openMotion(hall, motion.id);
  const phones = await Promise.all(hall.tokens.map((t) => recordingPhone(t)));
  const choices = [0, 1, 2, 0, 1, 0, 1];
  for (const [i, c] of choices.entries()) await phones[i]!.vote(motion.id, [c]);

  // `npm run backup`, a disk snapshot or `cp -a data/` in the middle of the vote.
  const copy = copyDataFiles(file);
  assert.ok(copy.wal.length > 32, 'the ballots went through the write-ahead log');
  let previous: State | null = null;
  let grew = 0;
  const commits = await eachCommittedState(copy, async (state) => {
    const now = await stateOf(state.query, motion.id);
    if (previous) assertMixed(previous, now, `commit ${state.commit} of the log`);
    if (previous && now.ballots > previous.ballots) grew++;
    previous = now;
  });
  assert.ok(commits > choices.length, `${commits} commits read from the log`);
  assert.is(grew, 1, 'the counters changed once, by a mix of five');
  assert.equal([previous!.ballots, previous!.recorded.size], [5, 5]);

  const closed = await closeMotion(hall, motion.id);
  assert.equal([closed.result!.cast, closed.result!.counts], [7, [3, 3, 1]]);
  for (const p of phones) p.close();
  hall.close();
});

test.run();
