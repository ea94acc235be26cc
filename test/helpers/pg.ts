import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  /** Removes the database; safe to call twice. */
  drop(): Promise<void>;
}

async function onAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The PostgreSQL server the tests may use: TEST_DATABASE_URL, else the one every project machine and CI runs. */
export const POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A new, empty PostgreSQL database on the server of `adminUrl`. */
export async function createPostgresDatabase(adminUrl = POSTGRES_ADMIN_URL): Promise<TestDatabase> {
  // Hex only, so the name needs no quoting.
  const name = `yishi_t_${randomBytes(6).toString('hex')}`;
  await onAdmin(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      // FORCE (PostgreSQL 13+) ends connections a test left open instead of failing on them.
      await onAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * A fresh database per test suite: a new PostgreSQL database on the server of TEST_DATABASE_URL
 * when the runner sets YISHI_TEST_DIALECT=postgres, else a new SQLite file in its own folder.
 */
export async function createTestDatabaseUrl(): Promise<TestDatabase> {
  const suffix = randomBytes(6).toString('hex');
  if (process.env.YISHI_TEST_DIALECT === 'postgres') {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl)
      throw new Error(
        'YISHI_TEST_DIALECT=postgres needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)',
      );
    return createPostgresDatabase(adminUrl);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `yishi-test-${suffix}-`));
  return {
    url: `sqlite:${path.join(dir, 'db.sqlite')}`,
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
