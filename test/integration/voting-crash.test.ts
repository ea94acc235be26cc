import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { io, type Socket } from 'socket.io-client';
import { openDatabase } from '../../server/db/index.js';
import type { Result } from '../../shared/error-codes.js';
import type { VoteReceipt } from '../../shared/schemas/vote.js';
import { createTestDatabaseUrl } from '../helpers/pg.js';

/**
 * kill -9 in the middle of a storm of ballots: the server runs in a child process on its own
 * database; phones vote in waves and the process is killed after the first acknowledgements.
 * After a restart every acknowledged ballot is there with its receipt, the counters agree with
 * the recorded register, and every phone retrying its ballot gets one receipt and one count
 * (secret ballots that were only received are recorded from the resends, at the latest at close).
 */
const VOTERS = 240;
const database = await createTestDatabaseUrl();
test.after(() => database.drop());

function server(args: string[]) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/serve-votes.ts', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const next = () =>
    new Promise<any>((resolve, reject) => {
      lines.once('line', (l) => resolve(JSON.parse(l)));
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
  const first = next();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, first, next, exited };
}

const connect = (url: string) =>
  new Promise<Socket>((resolve, reject) => {
    const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });

async function connectAll(url: string, n: number): Promise<Socket[]> {
  const out: Socket[] = [];
  for (let i = 0; i < n; i += 40)
    out.push(...(await Promise.all(Array.from({ length: Math.min(40, n - i) }, () => connect(url)))));
  return out;
}

test('kill -9 during a storm of ballots, restart: every acknowledged ballot is present, none doubled', async () => {
  const first = server(['fresh', database.url, String(VOTERS), 'secret']);
  const setup = await first.first;
  const tokens = setup.tokens as string[];
  const phones = await connectAll(setup.url, VOTERS);
  const acked = new Map<number, string>();
  const ballot = (i: number) => ({
    motionId: setup.motionId,
    choices: [i % 3],
    clientBallotId: `crash-test-${i}`,
    inviteToken: tokens[i],
  });
  let killedAfter = 0;
  const killed = new Promise<void>((resolve) => {
    // Waves of 10 ballots every 10 ms, so ballots are still arriving when the process dies.
    let next = 0;
    const wave = setInterval(() => {
      for (const end = Math.min(VOTERS, next + 10); next < end; next++) {
        const i = next;
        phones[i]!.emit('vote:cast', ballot(i), (r: Result<VoteReceipt>) => {
          if (!r.ok) return;
          acked.set(i, r.data.receipt);
          if (acked.size >= VOTERS / 8 && !killedAfter) {
            killedAfter = acked.size;
            first.child.kill('SIGKILL');
            clearInterval(wave);
            resolve();
          }
        });
      }
      if (next >= VOTERS) clearInterval(wave);
    }, 10);
  });
  await killed;
  await first.exited;
  for (const p of phones) p.close();
  const ackedAtCrash = new Map(acked);
  assert.ok(
    ackedAtCrash.size >= killedAfter && ackedAtCrash.size < VOTERS,
    `killed mid-storm (${ackedAtCrash.size} acked)`,
  );

  // Restarted on the same database: what was acknowledged is there, and the counters agree.
  const second = server(['again', database.url]);
  const { url } = await second.first;
  const db = await openDatabase(database.url);
  try {
    const stored = new Map(
      (await db.models.Vote.findAll({ where: { motionId: setup.motionId } })).map((v) => [v.receipt, v]),
    );
    for (const [i, receipt] of ackedAtCrash) assert.ok(stored.has(receipt), `acknowledged ballot ${i} lost`);
    // Secret ballots received but still held for a mix when the process died are not in the
    // counters: their phones were told "received", not "recorded", and resend them below.
    const recorded = [...stored.values()].filter((v) => v.recorded).length;
    const tally = await db.models.MotionTally.findByPk(setup.motionId);
    assert.is(tally!.ballots, recorded, 'counters and recorded register agree after the crash');
    assert.is(
      tally!.counts.reduce((a, b) => a + b, 0),
      recorded,
    );

    // Every phone retries with its own client ballot id: acknowledged ones get their receipt back.
    const again = await connectAll(url, VOTERS);
    const retried = await Promise.all(
      again.map((s, i) => s.timeout(20_000).emitWithAck('vote:cast', ballot(i)) as Promise<Result<VoteReceipt>>),
    );
    for (const s of again) s.close();
    retried.forEach((r, i) => {
      assert.ok(r.ok, `voter ${i}: ${JSON.stringify(r)}`);
      const before = ackedAtCrash.get(i);
      if (before) assert.equal([r.data.receipt, r.data.replayed], [before, true], `voter ${i} replayed`);
    });
    // The close records the last ballots still held (fewer than a mix) all at once.
    second.child.stdin!.write(`close ${setup.motionId}\n`);
    assert.ok((await second.next()).closed);
    const votes = await db.models.Vote.findAll({ where: { motionId: setup.motionId } });
    assert.is(votes.length, VOTERS, 'one ballot per voter, none doubled');
    assert.ok(
      votes.every((v) => v.recorded),
      'every ballot recorded',
    );
    assert.is(new Set(votes.map((v) => v.inviteeId)).size, VOTERS);
    const final = await db.models.MotionTally.findByPk(setup.motionId);
    assert.is(final!.ballots, VOTERS);
    assert.equal(final!.counts, [VOTERS / 3, VOTERS / 3, VOTERS / 3]);
  } finally {
    await db.close();
    second.child.stdin!.end();
    await second.exited;
  }
});

test.run();
