/** What one test file (or check) contributed to the tally. */
export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * Sums every summary block uvu 0.5 printed. uvu's `Total` leaves out skipped tests, so failed is
 * `Total - Passed`. A file prints more than one block when a top-level await separates two
 * `test.run()` calls, since each run re-arms uvu's timer. Returns null when there is no block.
 */
export function parseUvuSummary(stdout: string): Counts | null {
  // Colour codes would split the numbers from their labels.
  const plain = stdout.replace(/\x1b\[[0-9;]*m/g, '');
  // The four lines together, so a test that happens to log "Total: 3" is not mistaken for one.
  const block =
    /^[ \t]*Total:[ \t]+(\d+)[ \t]*\n[ \t]*Passed:[ \t]+(\d+)[ \t]*\n[ \t]*Skipped:[ \t]+(\d+)[ \t]*\n[ \t]*Duration:/gm;
  let found: Counts | null = null;
  for (const m of plain.matchAll(block)) {
    const [total, passed, skipped] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
    found ??= { passed: 0, failed: 0, skipped: 0 };
    found.passed += passed;
    found.failed += Math.max(0, total - passed);
    found.skipped += skipped;
  }
  return found;
}

export interface FileResult extends Counts {
  /** Why the file counts as failed beyond its own failing tests; empty when it does not. */
  problem: string;
}

/**
 * The counts one child process contributes. A crash, a missing summary, a non-zero exit, a kill or
 * a file that ran no test must never look like success: each adds at least one failure.
 */
export function countsForRun(stdout: string, exitCode: number | null, killedFor = ''): FileResult {
  const parsed = parseUvuSummary(stdout);
  const counts = parsed ?? { passed: 0, failed: 0, skipped: 0 };
  let problem = '';
  if (killedFor) problem = killedFor;
  else if (!parsed) problem = `printed no uvu summary (exit ${exitCode ?? 'by signal'})`;
  else if (exitCode !== 0 && counts.failed === 0) problem = `exited ${exitCode ?? 'by signal'} after its summary`;
  else if (counts.passed + counts.failed + counts.skipped === 0) problem = 'ran no test';
  // A failing uvu `before` hook is swallowed by uvu: its tests count as not passed, exit stays 0.
  else if (counts.failed > 0 && exitCode === 0)
    problem = 'tests did not pass (a throwing before/after hook prints no error)';
  const failed = problem && counts.failed === 0 ? 1 : counts.failed;
  return { ...counts, failed, problem };
}

/** The names uvu printed in its `FAIL "name"` lines (with the suite, if any), for the closing list. */
export function failedTestNames(stdout: string): string[] {
  const plain = stdout.replace(/\x1b\[[0-9;]*m/g, '');
  return [...plain.matchAll(/^\s*FAIL\s+(.+?)\s*$/gm)].map((m) => m[1]!.replace(/\s{2,}/g, ' '));
}

/** The closing line CI reads. */
export function tallyLine(c: Counts): string {
  return `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`;
}
