import path from 'node:path';
import { loadConfig, type Config } from '../../config.js';
import { openDatabase } from '../../db/index.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../context.js';
import { checkBackupSpace, checkPublicUrl, checkRedis, skewCheck, skewOf, type Check } from './doctor-checks.js';

/**
 * Checks what a running deployment depends on, from the machine it runs on: configuration,
 * database, migrations, Redis, the public address, room for backups and clocks (database and
 * Redis against this machine; the instances share those, so a skewed instance shows here).
 * Exits 1 when any check fails; warnings alone exit 0.
 */
export const doctor: CliCommand = {
  name: 'doctor',
  summary: 'Check the database, migrations, Redis, PUBLIC_URL, backup space and clocks',
  needsServices: false,
  define: (cmd) => cmd.option('--backup-dir <dir>', 'where backups go (default BACKUP_DIR or ./backups)'),
  async run({ options, env }) {
    const checks: Check[] = [];
    let config: Config;
    try {
      config = loadConfig(env);
      checks.push({ name: 'configuration', status: 'ok', detail: 'valid' });
    } catch (err) {
      checks.push({ name: 'configuration', status: 'fail', detail: (err as Error).message });
      // Go on with what can still be checked: the database and Redis as configured.
      config = loadConfig({ ...env, REDIS_URL: '' });
    }
    const dbChecks = async (): Promise<Check[]> => {
      let db;
      try {
        db = await openDatabase(config.databaseUrl);
        await db.ping();
      } catch (err) {
        await db?.close().catch(() => undefined);
        return [
          { name: 'database', status: 'fail', detail: `${db?.dialect ?? 'database'}: ${(err as Error).message}` },
        ];
      }
      try {
        const out: Check[] = [{ name: 'database', status: 'ok', detail: `${db.dialect} answers` }];
        const pending = await db.pendingMigrations();
        out.push(
          pending.length
            ? { name: 'migrations', status: 'fail', detail: `${pending.length} pending: ${pending.join(', ')}` }
            : { name: 'migrations', status: 'ok', detail: 'all applied' },
        );
        if (db.dialect === 'postgres') {
          const skew = await skewOf(async () => {
            const [row] = (await db.sequelize.query('SELECT now() AS now', { raw: true, type: 'SELECT' })) as {
              now: Date | string;
            }[];
            return new Date(row!.now);
          });
          out.push(skewCheck('clock: database', skew));
        } else out.push({ name: 'clock: database', status: 'skip', detail: 'SQLite runs on this machine' });
        const backupDir = (options.backupDir as string | undefined) ?? env.BACKUP_DIR ?? path.resolve('backups');
        out.push(await checkBackupSpace(db, config.databaseUrl, backupDir));
        return out;
      } finally {
        await db.close().catch(() => undefined);
      }
    };
    const redisUrl = env.REDIS_URL || null;
    const [fromDb, fromRedis, publicUrl] = await Promise.all([
      dbChecks(),
      redisUrl
        ? checkRedis(redisUrl)
        : Promise.resolve<Check[]>([{ name: 'redis', status: 'skip', detail: 'REDIS_URL not set (one instance)' }]),
      checkPublicUrl(config.publicUrl),
    ]);
    checks.push(...fromDb, ...fromRedis, publicUrl);
    const failed = checks.filter((c) => c.status === 'fail').length;
    const mark = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: '--  ' } as const;
    return {
      code: failed ? EXIT.failed : EXIT.ok,
      json: { ok: failed === 0, checks },
      lines: [
        ...checks.map((c) => `${mark[c.status]}  ${c.name.padEnd(16)} ${c.detail}`),
        failed ? `${failed} check(s) failed.` : 'All checks passed.',
      ],
    };
  },
};
