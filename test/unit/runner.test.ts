import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runChild } from '../../scripts/lib/run-child.js';
import { countsForRun, failedTestNames, parseUvuSummary, tallyLine } from '../../scripts/lib/uvu-summary.js';

const block = (total: number, passed: number, skipped: number) =>
  `  Total:     ${total}\n  Passed:    ${passed}\n  Skipped:   ${skipped}\n  Duration:  4.01ms\n\n`;

/** Runs a uvu file given as source in a real child, the way scripts/test.ts runs test files. */
async function uvuChild(source: string, graceAfterSummaryMs?: number) {
  const run = await runChild(
    process.execPath,
    ['--input-type=module', '-e', `import { test } from 'uvu';\n${source}`],
    {
      timeoutMs: 20_000,
      graceAfterSummaryMs,
    },
  );
  return countsForRun(run.stdout, run.code, run.killedFor);
}

test('a summary is read as passed, failed (Total − Passed: uvu leaves skips out of Total) and skipped', () => {
  assert.equal(parseUvuSummary(`• ✘ \n${block(3, 2, 1)}`), { passed: 2, failed: 1, skipped: 1 });
});

test('several summary blocks from one file are added up', () => {
  assert.equal(parseUvuSummary(block(2, 2, 0) + block(3, 1, 0)), { passed: 3, failed: 2, skipped: 0 });
});

test('colour codes do not hide the numbers, and a lone logged "Total:" line is no summary', () => {
  const coloured = '  Total:     2\n\x1b[32m  Passed:    1\x1b[39m\n  Skipped:   \x1b[33m1\x1b[39m\n  Duration:  1ms\n';
  assert.equal(parseUvuSummary(coloured), { passed: 1, failed: 1, skipped: 1 });
  assert.is(parseUvuSummary('  Total:     2\n  Passed:    2\n'), null);
});

test('a crash, a bad exit, a kill or an empty file never looks like success', () => {
  assert.equal(countsForRun('TypeError: boom', 1), {
    passed: 0,
    failed: 1,
    skipped: 0,
    problem: 'printed no uvu summary (exit 1)',
  });
  assert.is(countsForRun(block(2, 2, 0), 1).failed, 1);
  assert.is(countsForRun(block(2, 2, 0), null, 'killed after 240 s').failed, 1);
  assert.is(countsForRun(block(0, 0, 0), 0).failed, 1);
  assert.equal(countsForRun(block(2, 2, 0), 0), { passed: 2, failed: 0, skipped: 0, problem: '' });
});

test('failing test names are read from uvu’s FAIL lines, with their suite', () => {
  const out = '  \x1b[1m FAIL \x1b[0m "logs in"\n    Expected 1\n   FAIL   users   "lists them"\n';
  assert.equal(failedTestNames(out), ['"logs in"', 'users "lists them"']);
});

test('the closing line names skips only when there are some', () => {
  assert.is(tallyLine({ passed: 5, failed: 0, skipped: 0 }), '5 passed, 0 failed');
  assert.is(tallyLine({ passed: 5, failed: 1, skipped: 2 }), '5 passed, 1 failed, 2 skipped');
});

test('real uvu: passes, failures and skips are counted', async () => {
  const r = await uvuChild(
    `test('a', () => {}); test('b', () => { throw new Error('no'); }); test.skip('c', () => {}); test.run();`,
  );
  assert.equal([r.passed, r.failed, r.skipped], [1, 1, 1]);
});

test('real uvu: a throwing before hook, which uvu swallows with exit 0, counts its tests as failed', async () => {
  const r = await uvuChild(
    `test.before(() => { throw new Error('db down'); }); test('a', () => {}); test('b', () => {}); test.run();`,
  );
  assert.equal([r.passed, r.failed], [0, 2]);
  assert.ok(r.problem);
});

test('real uvu: a file that throws before running counts as one failure', async () => {
  const r = await uvuChild(`test('a', () => {}); throw new Error('import failed');`);
  assert.equal([r.passed, r.failed], [0, 1]);
});

test('real uvu: a file kept alive after its summary is killed and counts as failed', async () => {
  const r = await uvuChild(`setInterval(() => {}, 1000); test('a', () => {}); test.run();`, 300);
  assert.equal([r.passed, r.failed], [1, 1]);
  assert.match(r.problem, /after its summary/);
});

test.run();
