import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';

/**
 * What someone holding a copy of the data directory can read: the SQLite file and its
 * write-ahead log, replayed commit by commit. The WAL (https://sqlite.org/fileformat.html#the_write_ahead_log)
 * is a 32-byte header, then frames of a 24-byte header and one page; a frame whose second
 * header word is non-zero ends a transaction (it holds the database size in pages after the
 * commit). Every committed state since the last checkpoint is therefore in the copy: the main
 * file plus the frames up to each commit. Frames left from an earlier generation of the log
 * (other salts) and frames of a transaction that never committed are not states, and skipped.
 */
export interface WalState {
  /** 1-based index of the commit within the log; 0 is the main file alone. */
  commit: number;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** Copies a live database and its log, as a backup script or a disk snapshot would. */
export function copyDataFiles(dbFile: string): { db: Buffer; wal: Buffer } {
  const db = fs.readFileSync(dbFile);
  const wal = fs.existsSync(`${dbFile}-wal`) ? fs.readFileSync(`${dbFile}-wal`) : Buffer.alloc(0);
  return { db, wal };
}

/** Calls `visit` with every committed state in the copy, oldest first. */
export async function eachCommittedState(
  copy: { db: Buffer; wal: Buffer },
  visit: (state: WalState) => Promise<void>,
): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-wal-'));
  const file = path.join(dir, 'state.sqlite');
  let image = Buffer.from(copy.db);
  const show = async (commit: number) => {
    // Bytes 18 and 19 say "WAL mode"; as a rollback-journal file the image opens on its own.
    image[18] = 1;
    image[19] = 1;
    fs.writeFileSync(file, image);
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const opened: sqlite3.Database = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) =>
        err ? reject(err) : resolve(opened),
      );
    });
    try {
      await visit({
        commit,
        query: <T>(sql: string, params: unknown[] = []) =>
          new Promise<T[]>((resolve, reject) =>
            db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
          ),
      });
    } finally {
      await new Promise<void>((resolve) => db.close(() => resolve()));
    }
  };
  let commits = 0;
  try {
    await show(0);
    const { wal } = copy;
    if (wal.length < 32) return 0;
    const pageSize = wal.readUInt32BE(8);
    const salts = wal.subarray(16, 24);
    let pending: { page: number; data: Buffer }[] = [];
    for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
      if (!wal.subarray(at + 8, at + 16).equals(salts)) break;
      pending.push({ page: wal.readUInt32BE(at), data: wal.subarray(at + 24, at + 24 + pageSize) });
      const pagesAfterCommit = wal.readUInt32BE(at + 4);
      if (!pagesAfterCommit) continue;
      const next = Buffer.alloc(pagesAfterCommit * pageSize);
      image.copy(next, 0, 0, Math.min(image.length, next.length));
      for (const { page, data } of pending) if (page <= pagesAfterCommit) data.copy(next, (page - 1) * pageSize);
      image = next;
      pending = [];
      await show(++commits);
    }
    return commits;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
