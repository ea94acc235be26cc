import { createInterface } from 'node:readline/promises';
import path from 'node:path';
import { loadConfig } from '../server/config.js';
import { DatabaseInUseError, inUse, restoreDatabase, rowCounts } from './lib/backup.js';

/**
 * `npm run restore -- <file> [--force] [--yes]`: replaces the configured database (DATABASE_URL)
 * with a backup made by `npm run backup`.
 *   --force  replace it even while a service has it open (stop the service first if you can)
 *   --yes    do not ask for confirmation (scripts); without it, a terminal asks you to type "restore"
 */
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const force = args.includes('--force');
const yes = args.includes('--yes');
const unknown = args.filter((a) => a.startsWith('--') && a !== '--force' && a !== '--yes');
if (!file || unknown.length) {
  console.error('usage: npm run restore -- <backup file> [--force] [--yes]');
  process.exit(2);
}

const config = loadConfig();
const target = config.databaseUrl.startsWith('sqlite:')
  ? config.databaseUrl.slice(7)
  : new URL(config.databaseUrl).pathname.slice(1);
try {
  const busy = await inUse(config.databaseUrl).catch(() => null);
  if (busy && !force) throw new DatabaseInUseError(busy);
  const counts = await rowCounts(config.databaseUrl).catch(() => null);
  const hasData = counts && Object.entries(counts).some(([table, n]) => table !== 'schema_migrations' && n > 0);
  if (hasData && !yes) {
    const what = `${counts.topics ?? 0} topics, ${counts.users ?? 0} accounts, ${counts.meetings ?? 0} meetings`;
    if (!process.stdin.isTTY)
      throw new Error(`${target} holds data (${what}); pass --yes to replace it without asking`);
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(
      `This replaces ${target} (${what}${busy ? ', IN USE by a running service' : ''}) with ${path.basename(file)}.\nType "restore" to continue: `,
    );
    rl.close();
    if (answer.trim() !== 'restore') throw new Error('not confirmed; nothing changed');
  }
  const { replaced } = await restoreDatabase(path.resolve(file), config.databaseUrl, { force });
  const after = (await rowCounts(config.databaseUrl)) ?? {};
  console.log(
    `restored ${path.basename(file)} into ${target}: ${after.topics ?? 0} topics, ${after.users ?? 0} accounts`,
  );
  if (replaced) console.log(`  the previous database was kept as ${replaced}`);
  if (busy) console.log('  a service had the database open: restart it now');
} catch (err) {
  console.error(`restore failed: ${(err as Error).message}`);
  process.exit(1);
}
