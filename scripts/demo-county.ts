import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { systemClock } from '../server/clock.js';
import { openDatabase } from '../server/db/index.js';
import { generateCounty, type CountyResult } from './county/generate.js';

/**
 * npm run demo:county [-- --scale 0.1] [--force] [--database <url>]
 *
 * Builds a county's worth of realistic data into DATABASE_URL (by default a SQLite file of its
 * own, data/county.sqlite): 12 townships, 250 villages, 300,000 people on the registers, 200,000
 * topics over three years with co-signs, 8,000 meetings with minutes and votes, 40,000
 * resolutions in every state. Migrates first; refuses a database that already has users or
 * organisations unless --force. Prints progress, the rows written and the logins, once.
 */
const DEFAULT_URL = 'sqlite:./data/county.sqlite';

const number = (name: string, min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new InvalidArgumentError(`${name} must be between ${min} and ${max}`);
  return n;
};

export function printCounty(result: CountyResult, url: string): void {
  const lines = ['', `  A county built in ${result.seconds.toFixed(1)} s into ${url}:`];
  for (const [table, n] of Object.entries(result.rows).sort((a, b) => b[1] - a[1]))
    lines.push(`    ${table.padEnd(22)} ${n.toLocaleString('en')}`);
  const states = Object.entries(result.resolutionStates)
    .map(([s, n]) => `${s} ${n}`)
    .join(' · ');
  lines.push('', `  Resolutions by state: ${states}`);
  lines.push('', '  Logins (shown once — write them down):');
  for (const l of result.logins)
    lines.push(`    ${l.username} / ${l.password}    (${l.roles.join(', ')}, ${l.organisation})`);
  const v = result.benchVillage;
  lines.push('', `  The village-level account's village: ${v.name}`);
  if (v.liveMeetingId) lines.push(`    its live meeting's console: /m/${v.liveMeetingId}/console`);
  lines.push(`    its public board: /b/${v.boardCode}`);
  lines.push('', '  Start the service on it with the same DATABASE_URL: npm start', '');
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  const program = new Command('demo:county')
    .description("Build a county's worth of demo data (a fresh database; migrates first)")
    .option(
      '--scale <n>',
      'fraction of the full county (1 = 250 villages, 200,000 topics)',
      number('--scale', 0.0001, 4),
      1,
    )
    .option(
      '--seed <n>',
      "seed of the generator's draws (the same draws for the same seed; dates follow today)",
      number('--seed', 0, 2 ** 31),
      20261206,
    )
    .option('--database <url>', `database to fill (default: DATABASE_URL, else ${DEFAULT_URL})`)
    .option('--force', 'add a county to a database that already has data')
    .parse();
  const opts = program.opts<{ scale: number; seed: number; database?: string; force?: boolean }>();
  const url = opts.database ?? process.env.DATABASE_URL ?? DEFAULT_URL;
  const db = await openDatabase(url);
  try {
    await db.startupLock(() => db.migrate());
    const [users, orgs] = await Promise.all([db.models.User.count(), db.models.Organisation.count()]);
    if ((users || orgs) && !opts.force) {
      console.error(
        `${url} is not empty (${users} users, ${orgs} organisations): give a fresh database, or --force to add a county beside them.`,
      );
      process.exitCode = 2;
      return;
    }
    console.log(`Building a county at scale ${opts.scale} into ${url} …`);
    const result = await generateCounty(db, systemClock, {
      scale: opts.scale,
      seed: opts.seed,
      fresh: !users && !orgs,
      log: console.log,
    });
    printCounty(result, url);
  } finally {
    await db.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
