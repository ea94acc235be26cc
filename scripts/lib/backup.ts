import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import sqlite3 from 'sqlite3';

/**
 * Online backups and restores (`npm run backup`, `npm run restore`), for both databases:
 * - SQLite: `VACUUM INTO` a new file — a consistent snapshot taken inside one read transaction,
 *   so the service keeps writing meanwhile (WAL), and the copy comes out compact and checked;
 * - PostgreSQL: `pg_dump --format=custom` (one repeatable-read transaction, also consistent
 *   while the service writes) and `pg_restore --single-transaction`. The client tools must be
 *   installed (postgresql-client, the server's major version or newer).
 */

export type Dialect = 'sqlite' | 'postgres';

export const dialectOf = (url: string): Dialect => (url.startsWith('sqlite:') ? 'sqlite' : 'postgres');
const sqlitePath = (url: string) => url.slice('sqlite:'.length);

/**
 * `yishi-2026-11-20T01-02-03Z.sqlite`: sorts by time, no characters a filesystem dislikes. A
 * second backup within the same second gets `-2`, `-3`… rather than failing (or overwriting).
 */
export function backupName(dialect: Dialect, at: Date, n = 1): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  return `yishi-${stamp}${n > 1 ? `-${n}` : ''}.${dialect === 'sqlite' ? 'sqlite' : 'pgdump'}`;
}

/* ---------- SQLite ---------- */

function openSqlite(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(db)));
  });
}
const run = (db: sqlite3.Database, sql: string, params: unknown[] = []) =>
  new Promise<void>((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
const all = <T>(db: sqlite3.Database, sql: string) =>
  new Promise<T[]>((resolve, reject) => db.all(sql, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
const closeSqlite = (db: sqlite3.Database) => new Promise<void>((resolve) => db.close(() => resolve()));

async function sqliteCounts(file: string): Promise<Record<string, number>> {
  const db = await openSqlite(file, sqlite3.OPEN_READONLY);
  try {
    const tables = await all<{ name: string }>(
      db,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables)
      counts[name] = (await all<{ n: number }>(db, `SELECT COUNT(*) AS n FROM "${name}"`))[0]!.n;
    return counts;
  } finally {
    await closeSqlite(db);
  }
}

async function checkSqliteFile(file: string): Promise<void> {
  const db = await openSqlite(file, sqlite3.OPEN_READONLY).catch(() => null);
  if (!db) throw new Error(`${file} is not a SQLite database`);
  try {
    const [check] = await all<{ integrity_check: string }>(db, 'PRAGMA integrity_check').catch(() => [
      { integrity_check: 'not a database' },
    ]);
    if (check?.integrity_check !== 'ok') throw new Error(`${file} is damaged (${check?.integrity_check})`);
    const marker = await all(db, "SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'");
    if (!marker.length) throw new Error(`${file} is not a Yishi database (no schema_migrations table)`);
  } finally {
    await closeSqlite(db);
  }
}

/* ---------- PostgreSQL ---------- */

/** The URL without its password, which goes in PGPASSWORD: command lines are visible to every user. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

function tool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new Error(
              `${command} is not installed: install the PostgreSQL client tools of the server's major version or newer (Debian: apt-get install postgresql-client)`,
            )
          : err,
      ),
    );
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}): ${stderr.trim().slice(0, 2_000)}`)),
    );
  });
}

async function onPostgres<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function postgresCounts(url: string): Promise<Record<string, number>> {
  return onPostgres(url, async (c) => {
    const tables = await c.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows)
      counts[name] = Number((await c.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${name}"`)).rows[0]!.n);
    return counts;
  });
}

const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));
const adminUrl = (url: string) => {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
};

/* ---------- the verbs ---------- */

/** Rows per table, for summaries and checks; null when the database does not exist yet. */
export async function rowCounts(databaseUrl: string): Promise<Record<string, number> | null> {
  if (dialectOf(databaseUrl) === 'sqlite') {
    const file = sqlitePath(databaseUrl);
    return fs.existsSync(file) ? sqliteCounts(file) : null;
  }
  try {
    return await postgresCounts(databaseUrl);
  } catch (err) {
    if ((err as { code?: string }).code === '3D000') return null; // database does not exist
    throw err;
  }
}

/** Takes a consistent backup of a database that may be in use, into `dir`; returns the file. */
export async function backupDatabase(databaseUrl: string, dir: string, at = new Date()): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const dialect = dialectOf(databaseUrl);
  let n = 1;
  while (fs.existsSync(path.resolve(dir, backupName(dialect, at, n)))) n++;
  const file = path.resolve(dir, backupName(dialect, at, n));
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  if (dialect === 'sqlite') {
    const source = sqlitePath(databaseUrl);
    if (!fs.existsSync(source)) throw new Error(`no database at ${source}`);
    const db = await openSqlite(source, sqlite3.OPEN_READWRITE);
    try {
      // The service may be writing: wait for its write transaction rather than fail.
      await run(db, 'PRAGMA busy_timeout = 30000');
      await run(db, 'VACUUM INTO ?', [partial]);
    } finally {
      await closeSqlite(db);
    }
    await checkSqliteFile(partial);
  } else {
    const { dbname, env } = connection(databaseUrl);
    await tool(
      'pg_dump',
      ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`],
      env,
    );
  }
  // Only a complete backup ever carries the final name.
  fs.renameSync(partial, file);
  return file;
}

/**
 * Why the database looks in use by a running service, or null. SQLite keeps its -wal and -shm
 * files while any connection is open (a crashed service leaves them too); PostgreSQL lists
 * connections in pg_stat_activity.
 */
export async function inUse(databaseUrl: string): Promise<string | null> {
  if (dialectOf(databaseUrl) === 'sqlite') {
    const file = sqlitePath(databaseUrl);
    const open = ['-wal', '-shm'].filter((s) => fs.existsSync(file + s));
    return open.length ? `${path.basename(file)}${open[0]} exists: a service has it open` : null;
  }
  const name = databaseName(databaseUrl);
  const others = await onPostgres(adminUrl(databaseUrl), (c) =>
    c.query<{ n: string }>(
      'SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    ),
  );
  const n = Number(others.rows[0]!.n);
  return n ? `${n} connection(s) to ${name} are open` : null;
}

/**
 * Replaces the database with a backup. Refuses when the database is in use unless `force`
 * (with PostgreSQL, force also ends the other connections). SQLite keeps the replaced file as
 * `<file>.before-restore-<time>`.
 */
export async function restoreDatabase(
  file: string,
  databaseUrl: string,
  options: { force: boolean },
): Promise<{ replaced: string | null }> {
  if (!fs.existsSync(file)) throw new Error(`no backup at ${file}`);
  const dialect = dialectOf(databaseUrl);
  const expected = dialect === 'sqlite' ? '.sqlite' : '.pgdump';
  if (!file.endsWith(expected)) throw new Error(`${path.basename(file)} is not a ${dialect} backup (${expected})`);
  const busy = await inUse(databaseUrl).catch(() => null);
  if (busy && !options.force) throw new DatabaseInUseError(busy);

  if (dialect === 'sqlite') {
    await checkSqliteFile(file);
    const target = path.resolve(sqlitePath(databaseUrl));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const staging = `${target}.restoring`;
    fs.copyFileSync(file, staging);
    let replaced: string | null = null;
    if (fs.existsSync(target)) {
      replaced = `${target}.before-restore-${backupName('sqlite', new Date()).slice('yishi-'.length, -'.sqlite'.length)}`;
      fs.renameSync(target, replaced);
    }
    // A -wal left next to the new file would be replayed into it.
    for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
    fs.renameSync(staging, target);
    return { replaced };
  }

  const name = databaseName(databaseUrl);
  await onPostgres(adminUrl(databaseUrl), async (c) => {
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) {
      if (!/^\w+$/.test(name)) throw new Error(`cannot create database ${name}: use letters, digits and _`);
      await c.query(`CREATE DATABASE ${name}`);
    } else if (busy) {
      await c.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
    }
  });
  const { dbname, env } = connection(databaseUrl);
  await tool(
    'pg_restore',
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${dbname}`,
      file,
    ],
    env,
  );
  return { replaced: null };
}

export class DatabaseInUseError extends Error {
  constructor(reason: string) {
    super(`The database is in use (${reason}). Stop the service first, or pass --force to replace it anyway.`);
    this.name = 'DatabaseInUseError';
  }
}
