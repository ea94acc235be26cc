import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { systemClock } from '../../server/clock.js';
import { openDatabase } from '../../server/db/index.js';
import { seedFirstRun } from '../../server/services/seed.js';
import { runCliOver, runCliProcess } from '../helpers/cli.js';
import { createTestDatabaseUrl } from '../helpers/pg.js';
import { messyRegisterXlsx } from '../helpers/register.js';

/**
 * `npm run yishi -- register:import <file> --org <id>` on SQLite, or PostgreSQL under the runner's
 * [pg] pass: the register page's import from the command line — dry run, every bad row reported
 * with nothing written and a failing exit code, re-import updating by the stable key, audited as
 * the operator. Runs in this process over the test's database, and once as the operator runs it.
 */
const database = await createTestDatabaseUrl();
const db = await openDatabase(database.url);
await db.migrate();
await seedFirstRun(db, systemClock, { demo: true });
// 柳溪社区 has grids (东片网格) and, unlike 桃园村, no register yet.
const village = (await db.models.Organisation.findOne({ where: { name: '柳溪社区（演示）' } }))!;
const grid = (await db.models.Organisation.findOne({ where: { parentId: village.id, kind: 'grid' } }))!;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-cli-register-'));
test.after(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await db.close();
  await database.drop();
});

const env = { ...process.env, DATABASE_URL: database.url, REDIS_URL: '', USER: 'ops' };
const yishi = (args: string[]) => runCliOver(db, env, args);

/** A CSV as a village clerk saves it: a header row, then one person a row. */
function csv(name: string, rows: string[][]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, rows.map((r) => r.join(',')).join('\r\n'), 'utf8');
  return file;
}
const HEAD = ['编号', '姓名', '性别', '出生年份', '户号', '与户主关系', '网格', '手机'];
const good = [
  HEAD,
  ['LX001', '周建华', '男', '1968', '101', '户主', '东片网格', '13911110001'],
  ['LX002', '吴玉兰', '女', '1970', '101', '配偶', '东片网格', '13911110002'],
  ['LX003', '周小军', '男', '1995', '101', '子', '东片网格', ''],
  ['LX004', '郑桂芳', '女', '1958', '102', '户主', '东片', '13911110004'],
];
const people = () =>
  db.models.Person.findAll({ where: { organisationId: village.id }, order: [['externalKey', 'ASC']] });
const org = String(village.id);

test('a dry run checks every row and says what would change, writing nothing', async () => {
  const run = await yishi(['register:import', csv('good.csv', good), '--org', org, '--dry-run', '--json']);
  assert.is(run.code, 0, run.stdout + run.stderr);
  assert.is(run.json.dryRun, true);
  assert.is(run.json.written, false);
  assert.equal(run.json.counts, { rows: 4, new: 4, updated: 0, unchanged: 0, households: 2 });
  assert.is(run.json.mapping.name, 1, 'headers mapped automatically');
  assert.is((await people()).length, 0);
  const plain = await yishi(['register:import', csv('good.csv', good), '--org', org, '--dry-run']);
  assert.match(plain.stdout, /dry run — nothing written\. 4 rows: 4 new/);
  assert.match(plain.stdout, /姓名 → name/);
});

test('a good sheet is imported in one go, audited as the operator', async () => {
  const run = await yishi(['register:import', csv('good.csv', good), '--org', org, '--json']);
  assert.is(run.code, 0, run.stdout + run.stderr);
  assert.is(run.json.written, true);
  assert.equal(run.json.counts, { rows: 4, new: 4, updated: 0, unchanged: 0, households: 2 }, 'two new households');
  const rows = await people();
  assert.equal(
    rows.map((p) => [p.externalKey, p.name, p.gridId]),
    [
      ['LX001', '周建华', grid.id],
      ['LX002', '吴玉兰', grid.id],
      ['LX003', '周小军', grid.id],
      ['LX004', '郑桂芳', grid.id],
    ],
  );
  const audit = await db.models.AuditEvent.findOne({
    where: { action: 'register.imported', subjectId: org },
    order: [['id', 'DESC']],
  });
  assert.ok(audit, 'audited like a staff action');
  assert.is(audit!.actorId, null, 'an operator has no account');
  assert.is((audit!.summary as { operator?: string }).operator, 'cli:ops');
  const history = await db.models.PersonStatusEvent.findAll({ where: { personId: rows[0]!.id } });
  assert.ok(history.length >= 1 && history.every((e) => e.recordedBy === null));
});

test('importing the sheet again updates people by their key instead of adding them twice', async () => {
  const changed = good.map((r) => [...r]);
  changed[1]![7] = '13922220001';
  changed[4]![1] = '郑桂芬';
  const run = await yishi(['register:import', csv('again.csv', changed), '--org', org, '--json']);
  assert.is(run.code, 0, run.stdout + run.stderr);
  assert.equal(run.json.counts, { rows: 4, new: 0, updated: 2, unchanged: 2, households: 0 }, 'no new household');
  const rows = await people();
  assert.is(rows.length, 4, 'nobody duplicated');
  assert.is(rows[0]!.phone, '13922220001');
  assert.is(rows[3]!.name, '郑桂芬');
});

test('a bad sheet lists every bad row, exits non-zero and writes nothing, not even its good rows', async () => {
  const bad = [
    HEAD,
    ['LX005', '新来的', '男', '1980', '103', '户主', '东片网格', '13911110005'],
    ['LX006', '王错号', '男', '1981', '104', '户主', '东片网格', '1391111'],
    ['LX007', '李无格', '女', '1982', '105', '户主', '北片网格', ''],
    ['LX001', '周建华', '男', '19xx', '101', '户主', '东片网格', '13911110001'],
  ];
  const before = (await people()).map((p) => [p.externalKey, p.name, p.phone]);
  const audits = await db.models.AuditEvent.count({ where: { action: 'register.imported' } });
  const run = await yishi(['register:import', csv('bad.csv', bad), '--org', org]);
  assert.is(run.code, 1);
  assert.match(run.stdout, /3 problem\(s\) in the sheet; nothing was imported/);
  assert.match(run.stdout, /row 3, 手机 \(phone\): 手机号码"1391111"不正确/);
  assert.match(run.stdout, /row 4, 网格 \(grid\): 本村没有网格"北片网格"/);
  assert.match(run.stdout, /row 5, 出生年份 \(birth\)/);
  const json = await yishi(['register:import', csv('bad.csv', bad), '--org', org, '--json', '--locale', 'en']);
  assert.is(json.code, 1);
  assert.is(json.json.written, false);
  assert.equal(
    json.json.problems.map((p: { row: number; code: string }) => [p.row, p.code]),
    [
      [3, 'phone_invalid'],
      [4, 'grid_unknown'],
      [5, 'birth_invalid'],
    ],
  );
  assert.match(json.json.problems[0].message, /is not an 11-digit mobile number/);
  assert.equal(
    (await people()).map((p) => [p.externalKey, p.name, p.phone]),
    before,
    'the register is as it was',
  );
  assert.is(await db.models.AuditEvent.count({ where: { action: 'register.imported' } }), audits);

  // A messy XLSX (merged headers, full-width digits, a duplicate, an unknown grid, a bad phone) likewise.
  const xlsx = path.join(dir, 'messy.xlsx');
  fs.writeFileSync(xlsx, await messyRegisterXlsx());
  const messy = await yishi(['register:import', xlsx, '--org', org, '--json']);
  assert.is(messy.code, 1);
  assert.ok(messy.json.problems.length >= 3, JSON.stringify(messy.json.problems));
  assert.is((await people()).length, 4);
});

test('--mapping names a column the headers did not reveal; bad mappings are usage errors', async () => {
  const odd = [
    ['编号', '户内成员', '性别', '出生年份', '户号', '网格'],
    ['LX008', '孙立新', '男', '1975', '106', '东片网格'],
  ];
  const file = csv('odd.csv', odd);
  const unmapped = await yishi(['register:import', file, '--org', org, '--json']);
  assert.is(unmapped.code, 1);
  assert.is(unmapped.json.problems[0].code, 'name_unmapped');
  const mapped = await yishi(['register:import', file, '--org', org, '--mapping', '{"name":"户内成员"}', '--json']);
  assert.is(mapped.code, 0, mapped.stdout + mapped.stderr);
  assert.is(mapped.json.counts.new, 1);
  assert.is(mapped.json.mapping.key, 0, 'the other columns still mapped by their headers');
  const mappingFile = path.join(dir, 'mapping.json');
  fs.writeFileSync(mappingFile, JSON.stringify({ name: 1 }));
  const again = await yishi(['register:import', file, '--org', org, '--mapping', mappingFile, '--json']);
  assert.equal(again.json.counts, { rows: 1, new: 0, updated: 0, unchanged: 1, households: 0 });

  for (const mapping of ['{"nom":1}', '{"name":"没有这列"}', '{"name":-1}', 'not json'])
    assert.is((await yishi(['register:import', file, '--org', org, '--mapping', mapping])).code, 2, mapping);
});

test('an unknown village, a grid instead of a village, or a missing file: nothing is written', async () => {
  const file = csv('good.csv', good);
  const none = await yishi(['register:import', file, '--org', '999999', '--json']);
  assert.is(none.code, 3);
  assert.match(none.stderr, /no village or community with id 999999/);
  assert.is((await yishi(['register:import', file, '--org', String(grid.id)])).code, 3);
  const missing = await yishi(['register:import', path.join(dir, 'nope.csv'), '--org', org]);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /cannot read .*nope\.csv: ENOENT/);
  assert.is((await yishi(['register:import', file])).code, 2, '--org is required');
  assert.is((await yishi(['register:import', file, '--org', org, '--locale', 'fr'])).code, 2);
});

test('as the operator runs it: npm run yishi -- register:import', async () => {
  const file = csv('good.csv', good);
  const run = await runCliProcess(env, ['register:import', file, '--org', org, '--dry-run']);
  assert.is(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /4 rows: 0 new, 2 updated, 2 unchanged/);
});

test.run();
