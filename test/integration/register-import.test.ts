import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { messyRegisterXlsx, uploadSheet } from '../helpers/register.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Importing a village's own sheet (issue 13): every bad row reported before anything is written,
 * all or nothing, re-import by stable key, and export in the same shape.
 */
const srv = await startTestServer({ config: { loginRateLimit: 10_000 } });
test.after(() => srv.close());

const admin = await new Client(srv.url).login('admin', srv.password('admin'));
const village = (await srv.db.models.Organisation.findOne({ where: { name: '柳溪社区（演示）' } }))!.id;
const base = `/api/organisations/${village}/register`;

/** Row counts of everything an import could touch. */
async function footprint() {
  const m = srv.db.models;
  return {
    people: await m.Person.count({ where: { organisationId: village } }),
    households: await m.Household.count({ where: { organisationId: village } }),
    events: await m.PersonStatusEvent.count(),
    audit: await m.AuditEvent.count(),
  };
}

test('a messy XLSX (merged title and headers, full-width digits, blank rows, a duplicate): every bad row reported, nothing written', async () => {
  const before = await footprint();
  const file = await messyRegisterXlsx();
  const preview = await uploadSheet(admin, `${base}/import/preview`, file, '花名册.xlsx');
  assert.is(preview.status, 200, JSON.stringify(preview.body));
  const p = preview.body;
  assert.equal(p.headerRows, [3, 4], 'the two-row header under the merged title');
  assert.is(p.headers[7], '联系方式/手机');
  assert.is(p.suggested.name, 1);
  assert.is(p.suggested.phone, 7, 'the 手机 column under 联系方式, not 固话');
  assert.is(p.suggested.key, undefined, '序号 is no stable key');
  assert.is(p.counts.rows, 7, 'blank rows are skipped, not counted');
  const problems = p.problems.map((x: { row: number; code: string }) => `${x.row}:${x.code}`).sort();
  assert.equal(problems, ['10:phone_invalid', '12:duplicate', '9:grid_unknown']);
  const duplicate = p.problems.find((x: { code: string }) => x.code === 'duplicate');
  assert.match(duplicate.message, '第 8 行');
  assert.is(p.problems.find((x: { code: string }) => x.code === 'grid_unknown').column, '网格');
  assert.equal(await footprint(), before, 'a dry run writes nothing');

  const refused = await uploadSheet(admin, `${base}/import`, file, '花名册.xlsx');
  assert.is(refused.status, 400);
  assert.is(errorCode(refused.body), 'validation_failed');
  assert.is(refused.body.error.details.problems.length, 3);
  assert.equal(await footprint(), before, 'a refused import changes nothing');
});

test('unmapping the bad columns and dropping the duplicate lets the sheet in; ID numbers keep only their last four', async () => {
  const file = await messyRegisterXlsx({ duplicate: false });
  const { body: preview } = await uploadSheet(admin, `${base}/import/preview`, file, 'a.xlsx');
  const mapping = { ...preview.suggested, grid: null, phone: null };
  const dry = await uploadSheet(admin, `${base}/import/preview`, file, 'a.xlsx', { mapping });
  assert.equal(dry.body.problems, []);
  assert.equal(dry.body.counts, { rows: 6, new: 6, updated: 0, unchanged: 0, households: 3 });
  const done = await uploadSheet(admin, `${base}/import`, file, 'a.xlsx', { mapping });
  assert.is(done.status, 200, JSON.stringify(done.body));
  assert.is(done.body.counts.new, 6);

  const people = await admin.get(`${base}/people?limit=50`);
  assert.is(people.body.total, 6);
  const byName = new Map(people.body.items.map((x: { name: string }) => [x.name, x]));
  const head = byName.get('张建国') as Record<string, unknown>;
  assert.is(head.idSuffix, '1234');
  assert.is(head.birthYear, 1962);
  assert.is(head.householdNumber, '001', 'full-width digits made ASCII');
  assert.is(head.isHead, true);
  assert.is((byName.get('张伟') as Record<string, unknown>).birthYear, 1988, 'a date cell');
  assert.is((byName.get('张伟') as Record<string, unknown>).status, 'away');
  assert.is((byName.get('刘洋') as Record<string, unknown>).status, 'deceased');
  const stored = JSON.stringify(await srv.db.models.Person.findAll({ raw: true }));
  assert.not.ok(stored.includes('330102196205121234'), 'no whole ID number is stored');

  const again = await uploadSheet(admin, `${base}/import`, file, 'a.xlsx', { mapping });
  assert.equal(again.body.counts, { rows: 6, new: 0, updated: 0, unchanged: 6, households: 0 });
  assert.is((await admin.get(`${base}/people`)).body.total, 6, 're-importing duplicates nobody');
});

test('re-import updates by stable key: a changed status is a dated event, an unmapped column is left alone', async () => {
  const csv = '户号,姓名,状态\n003,刘洋,已故\n001,张伟,在村\n';
  const res = await uploadSheet(admin, `${base}/import`, Buffer.from(csv), 'b.csv');
  assert.is(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.counts, { rows: 2, new: 0, updated: 1, unchanged: 1, households: 0 });
  const zhang = await srv.db.models.Person.findOne({ where: { organisationId: village, name: '张伟' } });
  assert.is(zhang!.status, 'resident');
  assert.is(zhang!.birthYear, 1988, 'columns the sheet does not have are kept');
  const events = await srv.db.models.PersonStatusEvent.findAll({
    where: { personId: zhang!.id },
    order: [['id', 'ASC']],
  });
  assert.equal(
    events.map((e) => e.status),
    ['away', 'resident'],
  );
});

test('a CSV saved by Chinese Excel (GB18030) is read', async () => {
  // '姓名,性别,户号,联系电话\n陈静,女,004,13900006666\n' in GB18030, as Excel on Chinese Windows saves it.
  const gbk = Buffer.from(
    'd0d5c3fb2cd0d4b1f02cbba7bac52cc1aacfb5b5e7bbb00ab3c2beb22cc5ae2c3030342c31333930303030363636360a',
    'hex',
  );
  const res = await uploadSheet(admin, `${base}/import/preview`, gbk, 'c.csv');
  assert.is(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.headers, ['姓名', '性别', '户号', '联系电话']);
  assert.equal(res.body.sample[0].cells, ['陈静', '女', '004', '13900006666']);
  assert.equal(res.body.problems, []);
});

test('export (XLSX and CSV) has the import’s shape: importing it back changes nothing', async () => {
  for (const format of ['xlsx', 'csv'] as const) {
    const res = await fetch(`${srv.url}${base}/export/${format}`, { headers: { cookie: admin.cookieHeader } });
    assert.is(res.status, 200);
    const file = Buffer.from(await res.arrayBuffer());
    const back = await uploadSheet(admin, `${base}/import`, file, `export.${format}`);
    assert.is(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.counts, { rows: 6, new: 0, updated: 0, unchanged: 6, households: 0 }, format);
  }
});

test('bad files are refused with a clear error and change nothing', async () => {
  const before = await footprint();
  const cases: [Buffer, string][] = [
    [Buffer.from('PK\u0003\u0004 not a zip'), 'register.import.error.unreadable'],
    [Buffer.alloc(0), ''],
    [Buffer.from('\n\n\n'), ''],
  ];
  for (const [file] of cases) {
    const res = await uploadSheet(admin, `${base}/import`, file, 'x.xlsx');
    assert.is(res.status, 400, JSON.stringify(res.body));
    assert.ok(res.body.error.message);
  }
  const noFile = await admin.post(`${base}/import`, { mapping: {} });
  assert.is(noFile.status, 400);
  assert.equal(await footprint(), before);
});

test('staff without an editing role cannot import, even into their own village', async () => {
  const rep = await new Client(srv.url).login('demo-representative', srv.password('demo-representative'));
  const own = (await srv.db.models.Organisation.findOne({ where: { name: '桃园村（演示）' } }))!.id;
  const res = await uploadSheet(
    rep,
    `/api/organisations/${own}/register/import/preview`,
    await messyRegisterXlsx(),
    'a.xlsx',
  );
  assert.is(res.status, 403);
});

test.run();
