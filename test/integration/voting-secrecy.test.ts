import fs from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { QueryTypes } from 'sequelize';
import type { MotionList, MotionView, TallyView } from '../../shared/schemas/vote.js';
import { call, connectSocket, waitForMatch } from '../helpers/realtime.js';
import { FakeClock, startTestServer } from '../helpers/server.js';
import { closeMotion, createMotion, openHall, openMotion, phone } from '../helpers/voting.js';

/**
 * Secret ballots (无记名) against someone who reads the database afterwards: every table and
 * column, ids, physical row order (SQLite rowid, PostgreSQL ctid), timestamps and, on
 * PostgreSQL, the writing transaction of each row (xmin). The clock stands still, so timestamps
 * cannot tell the two runs of the indistinguishability test apart either.
 */
const clock = new FakeClock(new Date('2026-11-25T02:00:00Z'));
const srv = await startTestServer({ clock, config: { intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 } } });
test.after(() => srv.close());
const pg = srv.db.dialect === 'postgres';

type Row = Record<string, unknown>;
const select = (sql: string) => srv.db.sequelize.query<Row>(sql, { type: QueryTypes.SELECT });

/** Every base table of the database. */
async function tables(): Promise<string[]> {
  const rows = pg
    ? await select(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      )
    : await select(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  return rows.map((r) => String(r.name)).sort();
}

/** Every row of every table, every column, in physical order, with PostgreSQL's xmin. */
async function dump(): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  for (const table of await tables()) {
    out[table] = pg
      ? await select(`SELECT xmin::text AS "__xmin", * FROM "${table}" ORDER BY ctid`)
      : await select(`SELECT * FROM "${table}" ORDER BY rowid`);
  }
  return out;
}

test('a secret ballot shows no tally to anyone until it closes', async () => {
  const hall = await openHall(srv, { members: 4 });
  const projector = await connectSocket(srv.url);
  await call(projector, 'motion:list', { meetingId: hall.meetingId, screenToken: hall.screenToken });
  const motion = await createMotion(hall, { kind: 'secret' });
  await openMotion(hall, motion.id);
  const tallied = waitForMatch<TallyView>(projector, 'vote:tallied', (t) => t.motionId === motion.id && t.cast === 2);
  const phones = await Promise.all(hall.tokens.map((t) => phone(srv, t)));
  assert.ok((await phones[0]!.vote(motion.id, [0])).ok);
  assert.ok((await phones[1]!.vote(motion.id, [1])).ok);
  const live = await tallied;
  assert.equal([live.cast, live.present, live.counts], [2, 4, null]);
  const consoleView = await call<MotionList>(hall.console, 'motion:list', { meetingId: hall.meetingId });
  assert.ok(consoleView.ok);
  assert.is(consoleView.data.motions.find((m) => m.id === motion.id)!.counts, null);
  const roll = await hall.convener.get(`/api/motions/${motion.id}`);
  assert.equal(
    roll.body.voters.map((v: { choices: unknown }) => v.choices),
    [null, null],
  );
  const listed = await hall.convener.get(`/api/meetings/${hall.meetingId}/motions`);
  assert.is(listed.body.items.find((m: MotionView) => m.id === motion.id).counts, null);
  const closed = await closeMotion(hall, motion.id);
  assert.equal(closed.counts, [1, 1, 0]);
  for (const p of phones) p.close();
  projector.close();
  hall.close();
});

test('casting secret ballots writes only the voter register and the counters, never a choice or a time beside a voter', async () => {
  const hall = await openHall(srv, { members: 6 });
  const motion = await createMotion(hall, {
    kind: 'secret',
    form: 'election',
    options: ['甲', '乙', '丙'],
    maxChoices: 2,
  });
  await openMotion(hall, motion.id);
  const phones = await Promise.all(hall.tokens.map((t) => phone(srv, t)));
  const before = await dump();
  // Some one by one, some all at once, as a hall does.
  assert.ok((await phones[0]!.vote(motion.id, [0, 1])).ok);
  assert.ok((await phones[1]!.vote(motion.id, [2])).ok);
  const burst = await Promise.all(phones.slice(2).map((p, i) => p.vote(motion.id, i % 2 ? [1] : [0, 2])));
  assert.ok(burst.every((r) => r.ok));
  const after = await dump();

  const changed = Object.keys(after).filter((t) => JSON.stringify(after[t]) !== JSON.stringify(before[t]));
  assert.equal(changed.sort(), ['motion_tallies', 'votes']);
  const register = after.votes!.filter((v) => Number(v.motion_id) === motion.id);
  assert.is(register.length, 6);
  assert.equal(
    Object.keys(register[0]!)
      .filter((c) => c !== '__xmin')
      .sort(),
    ['cast_at', 'choices', 'client_ballot_id', 'id', 'invitee_id', 'motion_id', 'receipt', 'recorded'],
  );
  for (const row of register) assert.equal([row.choices, row.cast_at], [null, null]);
  const counters = after.motion_tallies!.filter((t) => Number(t.motion_id) === motion.id);
  assert.is(counters.length, 1, 'one row of totals per motion, not one per ballot');
  assert.equal(
    Object.keys(counters[0]!)
      .filter((c) => c !== '__xmin')
      .sort(),
    ['ballots', 'counts', 'motion_id'],
  );
  for (const p of phones) p.close();
  hall.close();
});

/**
 * Everything the database holds about a motion, in physical order, with what is random or merely
 * sequential replaced by a placeholder: ids by their rank, receipts and client ballot ids by a
 * mark, PostgreSQL transaction ids by their rank, the motion row's own creation and update times. Two votes whose ballots differ only in who
 * chose what must leave the same trace, or the database tells who chose what.
 */
async function trace(motionId: number, receipts: Set<string>): Promise<string> {
  const db = await dump();
  const lines: string[] = [];
  const xmins = new Map<string, number>();
  for (const [table, rows] of Object.entries(db)) {
    const mine = rows.filter(
      (r) =>
        Number(r.motion_id) === motionId ||
        (table === 'motions' && Number(r.id) === motionId) ||
        (r.subject_type === 'motion' && r.subject_id === String(motionId)),
    );
    // Audit rows are written by whichever pooled connection runs the step, and PostgreSQL gives
    // each backend its own target page once a table has free space: their physical slots follow
    // the pool, not any ballot (seen once the resolutions' demo data grew audit_events). Compared
    // in the order they were written; the ballot tables keep their physical order.
    if (table === 'audit_events') mine.sort((a, b) => Number(a.id) - Number(b.id));
    const ids = new Map(mine.map((r, i) => [r.id, i]));
    for (const row of mine) {
      const shown = Object.entries(row).map(([column, value]) => {
        if (column === '__xmin')
          return [column, xmins.get(String(value)) ?? xmins.set(String(value), xmins.size).size - 1];
        if (column === 'id') return [column, ids.get(value)];
        if (column === 'motion_id' || column === 'subject_id') return [column, 'M'];
        if (typeof value === 'string' && receipts.has(value)) return [column, 'R'];
        if (column === 'client_ballot_id') return [column, String(value).replace(/^[xy]-/, '')];
        // Sequelize stamps the motion row itself with the wall clock when it is created, opened and
        // closed: lifecycle times of the motion, the same for every voter.
        if (table === 'motions' && (column === 'created_at' || column === 'updated_at')) return [column, 'T'];
        return [column, value];
      });
      lines.push(`${table} ${JSON.stringify(Object.fromEntries(shown))}`);
    }
  }
  return lines.join('\n');
}

test('after a secret ballot the database is the same whoever chose what: nothing joins a ballot to a voter', async () => {
  const hall = await openHall(srv, { members: 6 });
  const phones = await Promise.all(hall.tokens.map((t) => phone(srv, t)));
  // The same voters in the same order, with the same totals; every voter's choice differs.
  const choicesX = [0, 0, 0, 1, 1, 2];
  const choicesY = [1, 2, 1, 0, 0, 0];
  const run = async (prefix: string, choices: number[]) => {
    const motion = await createMotion(hall, { kind: 'secret', question: '是否同意调整宅基地分配方案？' });
    await openMotion(hall, motion.id);
    const receipts = new Set<string>();
    for (const [i, p] of phones.entries()) {
      const r = await p.vote(motion.id, [choices[i]!], `${prefix}-voter-${i}`);
      assert.ok(r.ok, JSON.stringify(r));
      receipts.add(r.data.receipt);
    }
    const closed = await closeMotion(hall, motion.id);
    assert.equal(closed.counts, [3, 2, 1]);
    return { motionId: motion.id, receipts };
  };
  const x = await run('x', choicesX);
  const y = await run('y', choicesY);
  const [traceX, traceY] = [await trace(x.motionId, x.receipts), await trace(y.motionId, y.receipts)];
  assert.ok(traceX.includes('votes ') && traceX.includes('motion_tallies ') && traceX.includes('audit_events '));
  assert.fixture(traceY, traceX);

  if (pg) {
    // No row anywhere was written by a voter's transaction except the register and the totals, and
    // the closing transaction, which records the ballots still held (all at once) beside the result.
    const db = await dump();
    const voterTx = new Set(db.votes!.filter((v) => Number(v.motion_id) === y.motionId).map((v) => v.__xmin));
    const closeTx = db.motions!.find((m) => Number(m.id) === y.motionId)!.__xmin;
    for (const [table, rows] of Object.entries(db)) {
      if (table === 'votes') continue;
      const sharing = rows.filter((r) => voterTx.has(r.__xmin) && r.__xmin !== closeTx);
      if (table === 'motion_tallies')
        assert.ok(
          sharing.every((r) => Array.isArray(r.counts) || typeof r.counts === 'string'),
          'totals only',
        );
      else assert.equal(sharing, [], `${table} shares a transaction with a secret ballot`);
      const closing = rows.filter((r) => r.__xmin === closeTx);
      if (table === 'audit_events') assert.ok(closing.every((r) => r.action === 'motion.closed'));
      else if (!['motions', 'motion_tallies', 'decisions'].includes(table))
        assert.equal(closing, [], `${table} is written by the closing transaction`);
    }
  }
  for (const p of phones) p.close();
  hall.close();
});

test('SQLite: when a secret vote closes, the write-ahead log no longer holds the history of the counters', async () => {
  if (pg) return;
  const file = srv.config.databaseUrl.slice('sqlite:'.length);
  const hall = await openHall(srv, { members: 3 });
  const motion = await createMotion(hall, { kind: 'secret' });
  await openMotion(hall, motion.id);
  for (const token of hall.tokens) assert.ok((await (await phone(srv, token)).vote(motion.id, [0])).ok);
  assert.ok(fs.statSync(`${file}-wal`).size > 0, 'ballots went through the log');
  await closeMotion(hall, motion.id);
  assert.is(fs.statSync(`${file}-wal`).size, 0);
  // Annulled mid-vote: no result is shown, and the history goes too.
  const annulled = await createMotion(hall, { kind: 'secret' });
  await openMotion(hall, annulled.id);
  assert.ok((await (await phone(srv, hall.tokens[0]!)).vote(annulled.id, [1])).ok);
  assert.ok(fs.statSync(`${file}-wal`).size > 0);
  const done = await call(hall.console, 'motion:annul', { motionId: annulled.id, reason: '表决程序有误' });
  assert.ok(done.ok);
  assert.is(fs.statSync(`${file}-wal`).size, 0);
  hall.close();
});

test.run();
