import path from 'node:path';
import { loadConfig } from '../server/config.js';
import { backupDatabase, rowCounts } from './lib/backup.js';

/**
 * `npm run backup [-- <folder>]`: a consistent backup of the configured database (DATABASE_URL)
 * while the service keeps running, to a timestamped file in <folder> (default BACKUP_DIR or
 * ./backups). Restore with `npm run restore -- <file>`.
 */
const config = loadConfig();
const dir = process.argv[2] ?? process.env.BACKUP_DIR ?? path.join(process.cwd(), 'backups');
try {
  const started = Date.now();
  const file = await backupDatabase(config.databaseUrl, dir);
  const counts = (await rowCounts(config.databaseUrl)) ?? {};
  console.log(`backup written: ${file}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(
    `  the database held ${counts.topics ?? 0} topics, ${counts.users ?? 0} accounts, ${counts.meetings ?? 0} meetings`,
  );
} catch (err) {
  console.error(`backup failed: ${(err as Error).message}`);
  process.exit(1);
}
