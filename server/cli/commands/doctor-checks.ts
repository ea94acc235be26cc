import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/index.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';
export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
}

/** Clocks further apart than this break the cluster lock's periods (a lease outlives its period by 1 s). */
export const SKEW_FAIL_MS = 1_000;
export const SKEW_WARN_MS = 250;

/** How far `remote` is ahead of this machine, halving the round trip it took to ask. */
export async function skewOf(readRemote: () => Promise<Date>): Promise<number> {
  const before = Date.now();
  const remote = (await readRemote()).getTime();
  const after = Date.now();
  return remote - (before + after) / 2;
}

export const skewCheck = (name: string, skewMs: number): Check => {
  const abs = Math.abs(Math.round(skewMs));
  const status = abs > SKEW_FAIL_MS ? 'fail' : abs > SKEW_WARN_MS ? 'warn' : 'ok';
  return { name, status, detail: `${skewMs >= 0 ? 'ahead of' : 'behind'} this machine by ${abs} ms` };
};

/** Redis answers PING, and its clock (TIME) is close to this machine's. */
export async function checkRedis(url: string): Promise<Check[]> {
  const where = url.replace(/\/\/[^@/]*@/, '//');
  const { createClient } = await import('redis');
  const client = createClient({ url, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    const skew = await skewOf(async () => {
      const [seconds, micros] = (await client.sendCommand(['TIME'])) as [string, string];
      return new Date(Number(seconds) * 1000 + Math.floor(Number(micros) / 1000));
    });
    return [{ name: 'redis', status: 'ok', detail: `reachable at ${where}` }, skewCheck('clock: Redis', skew)];
  } catch (err) {
    return [
      { name: 'redis', status: 'fail', detail: `unreachable at ${where}: ${(err as Error).message || 'no answer'}` },
    ];
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}

/** The service's own address answers, from here (the machine the service runs on). */
export async function checkPublicUrl(publicUrl: string): Promise<Check> {
  const url = `${publicUrl}/healthz`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3_000), redirect: 'manual' });
    return res.status === 200
      ? { name: 'public url', status: 'ok', detail: `${url} answers 200` }
      : { name: 'public url', status: 'fail', detail: `${url} answers ${res.status}` };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return {
      name: 'public url',
      status: 'fail',
      detail: `${url} unreachable (${cause}); is the service running and PUBLIC_URL right?`,
    };
  }
}

/** The nearest existing folder of `dir` (the backup folder may not exist until the first backup). */
function existing(dir: string): string {
  let d = path.resolve(dir);
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

async function databaseBytes(db: Database, databaseUrl: string): Promise<number> {
  if (db.dialect === 'postgres') {
    const [row] = (await db.sequelize.query('SELECT pg_database_size(current_database()) AS bytes', {
      plain: false,
      raw: true,
      type: 'SELECT',
    })) as { bytes: string | number }[];
    return Number(row?.bytes ?? 0);
  }
  const file = databaseUrl.replace(/^sqlite:/, '');
  return [file, `${file}-wal`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

/** Room in the backup folder for two more backups of today's database (a backup is about its size). */
export async function checkBackupSpace(db: Database, databaseUrl: string, backupDir: string): Promise<Check> {
  const size = await databaseBytes(db, databaseUrl);
  const fsStats = fs.statfsSync(existing(backupDir));
  const free = fsStats.bavail * fsStats.bsize;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  const detail = `${mb(free)} free in ${backupDir}; the database is ${mb(size)}`;
  if (free < 2 * size) return { name: 'backup space', status: 'fail', detail: `${detail}: not enough for two backups` };
  if (free < 10 * size)
    return { name: 'backup space', status: 'warn', detail: `${detail}: fewer than ten backups fit` };
  return { name: 'backup space', status: 'ok', detail };
}
