import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { QueryTypes, type QueryInterface } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { openDatabase, type Database } from '../../server/db/index.js';
import { MIGRATIONS } from '../../server/db/migrations/index.js';
import { createTestDatabaseUrl } from '../helpers/pg.js';

/**
 * Upgrades keep every row. For each earlier point in the migration history — the schema a
 * previous release left behind — a database is built with only the migrations up to that
 * point, every table it has is filled with rows, and then the current code migrates it
 * forward. Rows are made from each table's own description (columns, types, foreign keys), so a
 * new migration is covered by this test without editing it. (SQLite rebuilds a table to change
 * a column; with foreign keys on, dropping the old table can cascade-delete child rows.)
 */

/**
 * Columns a migration changes on purpose, as `table.column`: their values are not compared.
 * Rows must still all be there.
 */
const TRANSFORMED = new Set<string>();
const ROWS_PER_TABLE = 3;

type Column = {
  type: string;
  allowNull: boolean;
  primaryKey: boolean;
  autoIncrement?: boolean;
  defaultValue?: unknown;
};
type Reference = { columnName: string; referencedTableName: string; referencedColumnName: string };

async function migrateTo(db: Database, count: number): Promise<void> {
  const umzug = new Umzug({
    migrations: MIGRATIONS.slice(0, count).map((m) => ({ name: m.name, up: m.up, down: m.down })),
    context: db.sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize: db.sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
  await umzug.up();
}

const tableNames = async (qi: QueryInterface) =>
  ((await qi.showAllTables()) as (string | { tableName: string })[])
    .map((t) => (typeof t === 'string' ? t : t.tableName))
    .filter((t) => t !== 'schema_migrations' && !t.startsWith('sqlite_'));

/** A value a column of this type accepts; distinct per row so unique indexes hold. */
function valueFor(table: string, name: string, column: Column, i: number): unknown {
  const type = column.type.toUpperCase();
  if (/TINYINT\(1\)|BOOLEAN/.test(type)) return i % 2 === 0;
  if (/INT/.test(type)) return i + 1;
  if (/DECIMAL|NUMERIC|REAL|DOUBLE|FLOAT/.test(type)) return i + 0.5;
  if (/DATE|TIME/.test(type)) return new Date(Date.UTC(2025, 0, 1 + i, 8));
  if (/JSON/.test(type)) return '{}';
  if (/BLOB|BYTEA/.test(type)) return Buffer.from(`${table}-${i}`);
  const length = Number(/\((\d+)\)/.exec(type)?.[1] ?? 200);
  // Short enough for the column, distinct per table, column and row.
  return `${table.slice(0, 3)}${name.slice(0, 3)}${i}`.slice(-Math.max(1, length));
}

/** Fills every table, parents before children, each foreign key pointing at a parent row. */
async function fill(db: Database): Promise<Record<string, Record<string, unknown>[]>> {
  const qi = db.sequelize.getQueryInterface();
  const tables = await tableNames(qi);
  const describe = new Map<string, Record<string, Column>>();
  const refs = new Map<string, Reference[]>();
  for (const t of tables) {
    describe.set(t, (await qi.describeTable(t)) as unknown as Record<string, Column>);
    refs.set(
      t,
      ((await qi.getForeignKeyReferencesForTable(t)) as Reference[]).filter((r) => r.referencedTableName),
    );
  }
  // PostgreSQL's stored generated columns (0050-stats) take no value: the database derives them.
  const generated = new Set(
    db.dialect === 'postgres'
      ? (
          await db.sequelize.query<{ t: string; c: string }>(
            `SELECT table_name AS t, column_name AS c FROM information_schema.columns
             WHERE table_schema = current_schema() AND is_generated = 'ALWAYS'`,
            { type: QueryTypes.SELECT },
          )
        ).map((r) => `${r.t}.${r.c}`)
      : [],
  );
  const inserted: Record<string, Record<string, unknown>[]> = {};
  const pending = new Set(tables);
  while (pending.size) {
    const ready = [...pending].filter((t) =>
      refs.get(t)!.every((r) => r.referencedTableName === t || !pending.has(r.referencedTableName)),
    );
    if (!ready.length) throw new Error(`foreign keys form a cycle among ${[...pending].join(', ')}`);
    for (const table of ready) {
      const columns = describe.get(table)!;
      for (let i = 0; i < ROWS_PER_TABLE; i++) {
        const row: Record<string, unknown> = {};
        for (const [name, column] of Object.entries(columns)) {
          if (column.primaryKey && (column.autoIncrement || /nextval/.test(String(column.defaultValue)))) continue;
          if (generated.has(`${table}.${name}`)) continue;
          const ref = refs.get(table)!.find((r) => r.columnName === name);
          if (ref?.referencedTableName === table) {
            // A self-reference (a parent organisation): the first row is the root.
            const parents = inserted[table] ?? [];
            row[name] = parents.length ? parents[0]![ref.referencedColumnName] : column.allowNull ? null : i + 1;
          } else if (ref) {
            const parents = inserted[ref.referencedTableName]!;
            row[name] = parents[i % parents.length]![ref.referencedColumnName];
          } else {
            row[name] = valueFor(table, name, column, i);
          }
        }
        await qi.bulkInsert(table, [row]);
        const all = await db.sequelize.query<Record<string, unknown>>(`SELECT * FROM "${table}" ORDER BY 1`, {
          type: QueryTypes.SELECT,
        });
        inserted[table] = all;
      }
      pending.delete(table);
    }
  }
  return inserted;
}

const key = (row: Record<string, unknown>) => JSON.stringify(Object.values(row)[0]);
const comparable = (v: unknown) =>
  v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? v.toString('base64') : v;

for (let applied = 1; applied < MIGRATIONS.length; applied++) {
  const from = MIGRATIONS[applied - 1]!.name;
  test(`a database at ${from}, full of rows, migrates to the current schema without losing one`, async () => {
    const database = await createTestDatabaseUrl();
    const db = await openDatabase(database.url);
    try {
      await migrateTo(db, applied);
      const before = await fill(db);
      const ran = await db.migrate();
      assert.equal(
        ran,
        MIGRATIONS.slice(applied).map((m) => m.name),
        'the remaining migrations ran',
      );
      for (const [table, rows] of Object.entries(before)) {
        const after = await db.sequelize.query<Record<string, unknown>>(`SELECT * FROM "${table}" ORDER BY 1`, {
          type: QueryTypes.SELECT,
        });
        assert.ok(after.length >= rows.length, `${table}: ${rows.length} rows before, ${after.length} after`);
        const byKey = new Map(after.map((r) => [key(r), r]));
        for (const row of rows) {
          const now = byKey.get(key(row));
          assert.ok(now, `${table}: row ${key(row)} was lost`);
          for (const [column, value] of Object.entries(row)) {
            if (!(column in now!) || TRANSFORMED.has(`${table}.${column}`)) continue;
            assert.equal(comparable(now![column]), comparable(value), `${table}.${column} of row ${key(row)} changed`);
          }
        }
      }
    } finally {
      await db.close();
      await database.drop();
    }
  });
}

test('the history has earlier points to upgrade from', () => {
  assert.ok(MIGRATIONS.length >= 2);
});

test.run();
