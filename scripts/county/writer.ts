import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '../../server/db/index.js';

/** A column's value; any other object is stored as JSON text. */
export type Value = string | number | boolean | Date | Buffer | null | object;
export type Row = Record<string, Value>;

/**
 * Tables in the order their rows may be written: every foreign key points to a table earlier in
 * the list, so a flush never writes a child before its parent (SQLite checks them per statement).
 */
export const TABLES = [
  'organisations',
  'users',
  'memberships',
  'intake_codes',
  'households',
  'people',
  'person_status_events',
  'deliberating_bodies',
  'body_members',
  'topics',
  'topic_events',
  'cosigns',
  'referrals',
  'meetings',
  'agenda_items',
  'invitees',
  'attendance',
  'motions',
  'motion_tallies',
  'votes',
  'decisions',
  'resolutions',
  'resolution_topics',
  'resolution_events',
  'resolution_ratings',
  'notifications',
  'minutes_versions',
  'yjs_updates',
  'audit_events',
] as const;
export type Table = (typeof TABLES)[number];

/** Rows taken from the queue together, with the statements that follow them. */
export interface Batch {
  rows: (readonly [Table, Row[]])[];
  statements: string[];
}

/** Rows per INSERT: large enough to amortise a statement, small enough to stay a few hundred KB. */
const CHUNK = 500;

/**
 * Writes rows in bulk, bypassing the models: one multi-row INSERT per few hundred rows, with ids
 * assigned here (from each table's current maximum) so that children can point at parents
 * without reading anything back. Values are formatted as Sequelize itself stores them: SQLite
 * dates as 'YYYY-MM-DD HH:MM:SS.mmm +00:00', booleans as 1/0, JSON as text.
 */
export class BulkWriter {
  private readonly nextId = new Map<string, number>();
  private readonly pending = new Map<Table, Row[]>();
  /** Statements run after the rows of the same flush (updates of rows written earlier). */
  private statements: string[] = [];
  /** Rows written per table, for the totals printed at the end. */
  readonly written = new Map<Table, number>();

  constructor(private readonly db: Database) {}

  /** Reads where each table's ids stand (a database with rows already, under --force). */
  async init(): Promise<void> {
    for (const table of TABLES) {
      if (table === 'motion_tallies') continue;
      const [row] = await this.db.sequelize.query<{ n: number | string | null }>(`SELECT MAX(id) AS n FROM ${table}`, {
        type: QueryTypes.SELECT,
      });
      this.nextId.set(table, Number(row?.n ?? 0) + 1);
    }
  }

  id(table: Table): number {
    const n = this.nextId.get(table);
    if (n === undefined) throw new Error(`no ids for ${table}`);
    this.nextId.set(table, n + 1);
    return n;
  }

  /** Queues a row; with `id` unset, assigns the next one and returns it. */
  add(table: Table, row: Row): number {
    const withId = table === 'motion_tallies' || 'id' in row ? row : { id: this.id(table), ...row };
    let list = this.pending.get(table);
    if (!list) this.pending.set(table, (list = []));
    list.push(withId);
    return Number(withId.id ?? withId.motion_id);
  }

  /** Queues a statement to run after this flush's rows. */
  later(sql: string): void {
    this.statements.push(sql);
  }

  bool(v: boolean): string {
    return this.literal(v);
  }

  queued(): number {
    let n = 0;
    for (const rows of this.pending.values()) n += rows.length;
    return n;
  }

  /** Writes everything queued, parents first, inside `t`. */
  async flush(t: Transaction): Promise<void> {
    await this.write(this.take(), t);
  }

  /** Everything queued so far, handed over (the queue starts again empty): write it with `write`. */
  take(): Batch {
    const batch = {
      rows: TABLES.map((table) => [table, this.pending.get(table) ?? []] as const),
      statements: this.statements,
    };
    this.pending.clear();
    this.statements = [];
    return batch;
  }

  async write(batch: Batch, t: Transaction): Promise<void> {
    for (const [table, rows] of batch.rows) {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await this.db.sequelize.query(this.insert(table, rows.slice(i, i + CHUNK)), { transaction: t });
      }
      if (rows.length) this.written.set(table, (this.written.get(table) ?? 0) + rows.length);
    }
    for (const sql of batch.statements) await this.db.sequelize.query(sql, { transaction: t });
  }

  /** PostgreSQL's sequences do not see ids given explicitly: move them past what was written. */
  async finish(): Promise<void> {
    if (this.db.dialect !== 'postgres') return;
    for (const table of TABLES) {
      if (table === 'motion_tallies') continue;
      await this.db.sequelize.query(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM ${table}), 1))`,
      );
    }
  }

  private insert(table: Table, rows: Row[]): string {
    const columns = Object.keys(rows[0]!);
    const values = rows.map((r) => `(${columns.map((c) => this.literal(r[c] ?? null)).join(',')})`);
    return `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${values.join(',')}`;
  }

  private literal(v: Value): string {
    if (v === null) return 'NULL';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error(`not a number: ${v}`);
      return String(v);
    }
    if (typeof v === 'boolean') return this.db.dialect === 'sqlite' ? (v ? '1' : '0') : v ? 'TRUE' : 'FALSE';
    if (typeof v === 'string') return quote(v);
    if (v instanceof Date) return quote(v.toISOString().replace('T', ' ').replace('Z', ' +00:00'));
    if (Buffer.isBuffer(v))
      return this.db.dialect === 'sqlite' ? `X'${v.toString('hex')}'` : `'\\x${v.toString('hex')}'`;
    return quote(JSON.stringify(v));
  }
}

/** Standard SQL string literal (PostgreSQL's standard_conforming_strings is on by default). */
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
