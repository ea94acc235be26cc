import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { QueryTypes } from 'sequelize';
import type { StatsDashboard } from '../../shared/schemas/stats.js';
import { Client } from '../helpers/http.js';
import { insertResolutions } from '../helpers/resolutions-table.js';
import { FakeClock, startTestServer } from '../helpers/server.js';
import { independentMeasures, insertTopics, YEAR_2026 } from '../helpers/stats.js';

/**
 * Statistics against a real server and database: the figures of every level equal the rules
 * applied row by row, each role sees only what its roles cover, exports stream and parse.
 */
const clock = new FakeClock(new Date('2026-11-20T04:00:00Z'));
const srv = await startTestServer({ clock, config: { loginRateLimit: 10_000 } });
test.after(() => srv.close());

const org = async (name: string) => (await srv.db.models.Organisation.findOne({ where: { name } }))!.id;
const county = await org('示范县（演示）');
const township = await org('青山镇（演示）');
const village = await org('桃园村（演示）');
const neighbour = await org('柳溪社区（演示）');
const grid1 = await org('第一网格');
const grid2 = await org('第二网格');
const login = (u: string) => new Client(srv.url).login(u, srv.password(u));
const admin = await login('admin');
const Q = 'from=2026-01&to=2026-12';
const h = (n: number) => n * 3_600_000;
const t0 = Date.parse('2026-03-10T02:00:00Z');

// Topics over several months, grids and categories; some answered in time, some late, some never.
await insertTopics(srv.db, [
  ...Array.from({ length: 24 }, (_, i) => ({
    organisationId: i % 3 === 0 ? neighbour : village,
    gridId: i % 3 === 0 ? null : i % 3 === 1 ? grid1 : grid2,
    category: i % 2 ? '公共设施' : '环境卫生',
    createdAt: new Date(t0 + i * 9 * 86_400_000),
    firstActionAt: i % 4 === 3 ? null : new Date(t0 + i * 9 * 86_400_000 + h(i % 4 === 2 ? 30 : 2 + i)),
    phone: '13800138000',
  })),
  // Outside the period: never counted.
  { organisationId: village, category: '其他', createdAt: new Date('2025-06-01T00:00:00Z') },
]);

const limit24 = () => 24;

// The figures below are counted by hand from the rows each test writes: the demo's resolutions
// (every state, for `npm start`) are cleared first so they are the only ones.
test.before(async () => {
  const m = srv.db.models;
  await m.ResolutionTopic.destroy({ where: {} });
  await m.ResolutionEvent.destroy({ where: {} });
  await m.ResolutionRating.destroy({ where: {} });
  await m.ResolutionPhoto.destroy({ where: {} });
  await m.Notification.destroy({ where: {} });
  await m.WebhookDelivery.destroy({ where: {} });
  await m.Resolution.destroy({ where: {} });
});

test('a county user’s numbers equal the rules applied row by row, at every level down to a grid', async () => {
  const at = (s: string) => new Date(s);
  await insertResolutions(srv.db, [
    {
      organisationId: village,
      state: 'closed',
      deadline: at('2026-05-01T00:00:00Z'),
      dispatchedAt: at('2026-04-01T00:00:00Z'),
      closedAt: at('2026-04-20T00:00:00Z'),
      rating: 'satisfied',
      ratedAt: at('2026-04-21T00:00:00Z'),
      createdAt: at('2026-03-30T00:00:00Z'),
    },
    {
      organisationId: village,
      state: 'closed',
      deadline: at('2026-06-01T00:00:00Z'),
      closedAt: at('2026-06-20T00:00:00Z'),
      rating: 'dissatisfied',
      ratedAt: at('2026-06-21T00:00:00Z'),
      createdAt: at('2026-05-01T00:00:00Z'),
    },
    {
      organisationId: village,
      state: 'in_progress',
      deadline: at('2026-07-01T00:00:00Z'),
      createdAt: at('2026-05-01T00:00:00Z'),
    },
    {
      organisationId: village,
      state: 'reopened',
      deadline: at('2026-12-20T00:00:00Z'),
      rating: 'basically_satisfied',
      ratedAt: at('2026-09-01T00:00:00Z'),
      createdAt: at('2026-05-01T00:00:00Z'),
    },
    {
      organisationId: neighbour,
      state: 'closed',
      deadline: at('2026-08-01T00:00:00Z'),
      closedAt: at('2026-07-20T00:00:00Z'),
      rating: 'basically_satisfied',
      ratedAt: at('2026-07-21T00:00:00Z'),
      createdAt: at('2026-07-01T00:00:00Z'),
    },
    {
      organisationId: neighbour,
      state: 'withdrawn',
      deadline: at('2026-08-01T00:00:00Z'),
      createdAt: at('2026-07-01T00:00:00Z'),
    },
    { organisationId: neighbour, state: 'draft', createdAt: at('2026-07-01T00:00:00Z') },
  ]);
  const check = async (node: number, orgIds: number[], gridId?: number) => {
    const res = await admin.get(`/api/stats?${Q}&organisationId=${node}`);
    assert.is(res.status, 200, JSON.stringify(res.body));
    const d = res.body as StatsDashboard;
    const expected = await independentMeasures(srv.db, {
      orgIds,
      gridId,
      period: YEAR_2026,
      limitHours: limit24,
      now: clock.now(),
      withResolutions: gridId === undefined,
    });
    assert.is(d.totals.topics, expected.topics, `topics at ${node}`);
    assert.equal(d.totals.response, expected.response, `response at ${node}`);
    if (gridId === undefined) {
      assert.equal(d.totals.completion, expected.completion, `completion at ${node}`);
      assert.equal(d.totals.resolution, expected.resolution, `resolution at ${node}`);
      assert.equal(d.totals.satisfaction, expected.satisfaction, `satisfaction at ${node}`);
      assert.equal(d.totals.ratings, expected.ratings);
      assert.is(d.totals.overdue, expected.overdue);
    }
    // Children add up to the whole.
    if (d.children.length) {
      assert.is(
        d.children.reduce((n, c) => n + c.measures.topics, 0),
        d.totals.topics,
        `children of ${node}`,
      );
    }
    return d;
  };
  const c = await check(county, await srv.app.services.tree.subtree(county));
  assert.equal(
    c.children.map((x) => x.id),
    [township],
  );
  assert.ok(c.totals.topics >= 24);
  const tw = await check(township, await srv.app.services.tree.subtree(township));
  assert.ok(tw.children.some((x) => x.id === village));
  const v = await check(village, await srv.app.services.tree.subtree(village));
  assert.ok(v.children.some((x) => x.id === grid1));
  const g = await check(grid1, [village], grid1);
  assert.equal(
    g.breadcrumb.map((b) => b.id),
    [county, township, village, grid1],
  );
  assert.is(g.totals.topics, 8);
  // Co-sign leaders: the five most co-signed of the period and scope (ties by id), read row by row.
  const leadersOf = async (orgIds: number[]) =>
    (await srv.db.models.Topic.findAll())
      .filter((t) => orgIds.includes(t.organisationId) && t.cosignCount > 0 && t.status !== 'merged')
      .filter((t) => t.createdAt >= YEAR_2026.from && t.createdAt < YEAR_2026.to)
      .sort((a, b) => b.cosignCount - a.cosignCount || a.id - b.id)
      .slice(0, 5)
      .map((t) => [t.id, t.cosignCount]);
  assert.equal(
    c.cosignLeaders.map((l) => [l.id, l.cosigns]),
    await leadersOf(await srv.app.services.tree.subtree(county)),
  );
  assert.equal(
    v.cosignLeaders.map((l) => [l.id, l.cosigns]),
    await leadersOf([village]),
  );
  assert.ok(c.cosignLeaders.length === 5);
  // By hand: five due in 2026, three of them closed out (withdrawn and draft never count).
  assert.equal(c.totals.completion, { numerator: 3, denominator: 5 });
  assert.equal(c.totals.ratings, { satisfied: 1, basicallySatisfied: 2, dissatisfied: 1 });
  assert.equal(c.totals.resolution, { numerator: 2, denominator: 3 });
  assert.is(c.totals.overdue, 1);
  assert.is(c.byMonth.length, 12);
  assert.is(
    c.byMonth.reduce((n, m) => n + m.topics, 0),
    c.totals.topics,
  );
  assert.ok(c.responseTime.median !== null && c.responseTime.p90 !== null);
});

test('a category filter narrows every figure; a per-organisation response limit changes the response rate', async () => {
  const all = (await admin.get(`/api/stats?${Q}&organisationId=${village}`)).body as StatsDashboard;
  const one = (await admin.get(`/api/stats?${Q}&organisationId=${village}&category=${encodeURIComponent('公共设施')}`))
    .body as StatsDashboard;
  assert.ok(one.totals.topics < all.totals.topics);
  assert.equal(
    one.byCategory.map((c) => c.category),
    ['公共设施'],
  );

  const patched = await admin.patch(`/api/organisations/${village}`, { settings: { responseLimitHours: 48 } });
  assert.is(patched.status, 200, JSON.stringify(patched.body));
  const after = (await admin.get(`/api/stats?${Q}&organisationId=${village}`)).body as StatsDashboard;
  assert.is(after.responseLimitHours, 48);
  const expected = await independentMeasures(srv.db, {
    orgIds: await srv.app.services.tree.subtree(village),
    period: YEAR_2026,
    limitHours: (id) => (id === village ? 48 : 24),
    now: clock.now(),
    withResolutions: false,
  });
  assert.equal(after.totals.response, expected.response);
  assert.ok(after.totals.response.numerator > all.totals.response.numerator, 'late-but-within-48h topics now count');
  await admin.patch(`/api/organisations/${village}`, { settings: {} });
});

test('each role sees only the organisations it covers', async () => {
  const reviewer = await login('demo-reviewer');
  const own = await reviewer.get(`/api/stats?${Q}`);
  assert.is(own.status, 200);
  assert.is((own.body as StatsDashboard).organisation.id, village);
  assert.equal(
    (own.body as StatsDashboard).breadcrumb.map((b) => b.id),
    [village],
  );
  assert.is((await reviewer.get(`/api/stats?organisationId=${county}`)).status, 403);
  assert.is((await reviewer.get(`/api/stats?organisationId=${neighbour}`)).status, 403);
  assert.is((await reviewer.get(`/api/stats?organisationId=${grid2}`)).status, 200);
  assert.is((await (await login('demo-department')).get('/api/stats')).status, 403);
  assert.is((await new Client(srv.url).get('/api/stats')).status, 401);
});

test('bad filters are refused with a translated 400 and nothing else', async () => {
  const bad = await admin.get('/api/stats?from=2026-12&to=2026-01');
  assert.is(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /结束月份不能早于开始月份/);
  assert.is((await admin.get('/api/stats?from=2026-13')).status, 400);
  assert.is((await admin.get('/api/stats?nonsense=1')).status, 400);
});

test('the public board shows a village’s three rates for the last 12 months, counts only', async () => {
  const res = await new Client(srv.url).get(`/api/board/${village}/rates`);
  assert.is(res.status, 200);
  assert.is(res.body.months.length, 12);
  assert.is(res.body.months[11].month, '2026-11');
  assert.ok(res.body.totals.response.denominator > 0);
  assert.not.match(JSON.stringify(res.body), /1380013/);
  assert.is((await new Client(srv.url).get('/api/board/999999/rates')).status, 404);
});

test('the board’s cached rates never hide a topic filed a moment ago', async () => {
  const resident = new Client(srv.url);
  const file = async () => {
    const res = await resident.post(`/api/intake/${srv.intakeCodes[0]}/topics`, {
      title: `公开栏${Date.now()}`,
      category: '其他',
    });
    assert.is(res.status, 201, JSON.stringify(res.body));
  };
  await file();
  const { organisationId } = (await srv.db.models.Topic.findOne({ order: [['id', 'DESC']] }))!;
  const before = (await resident.get(`/api/board/${organisationId}/rates`)).body.totals.response.denominator as number;
  assert.ok(before > 0);
  await file();
  const after = (await resident.get(`/api/board/${organisationId}/rates`)).body.totals.response.denominator as number;
  assert.is(after, before + 1);
});

test('the dashboard’s cached figures never hide a topic filed a moment ago', async () => {
  const read = async () =>
    ((await admin.get(`/api/stats?${Q}&organisationId=${county}`)).body as StatsDashboard).totals;
  const before = await read();
  assert.equal(await read(), before, 'asked again at once, the same figures');
  const filed = await new Client(srv.url).post(`/api/intake/${srv.intakeCodes[0]}/topics`, {
    title: `统计${Date.now()}`,
    category: '其他',
  });
  assert.is(filed.status, 201, JSON.stringify(filed.body));
  assert.is((await read()).topics, before.topics + 1);
});

test('response_ms and china_month follow first_action_at and created_at on every write', async () => {
  const topic = (await srv.db.models.Topic.findOne({ where: { firstActionAt: null }, order: [['id', 'DESC']] }))!;
  const derived = async () =>
    (
      await srv.db.sequelize.query<{ response_ms: unknown; china_month: unknown }>(
        `SELECT response_ms, china_month FROM topics WHERE id = ${topic.id}`,
        { type: QueryTypes.SELECT },
      )
    )[0]!;
  assert.is((await derived()).response_ms, null);
  await topic.update({ firstActionAt: new Date(topic.createdAt.getTime() + 90_500) });
  assert.is(Number((await derived()).response_ms), 90_500);
  // 2026-03-31 17:00 UTC is already April in China.
  // (Sequelize never writes createdAt on update, so the rare correction of a receipt time is raw SQL.)
  await srv.db.sequelize.query('UPDATE topics SET created_at = :c, first_action_at = :f WHERE id = :id', {
    replacements: { c: new Date('2026-03-31T17:00:00Z'), f: new Date('2026-03-31T18:00:00Z'), id: topic.id },
  });
  const d = await derived();
  assert.is(Number(d.china_month), 202604);
  assert.is(Number(d.response_ms), 3_600_000);
});

test('a CSV export streams the screen’s rows and parses; phone numbers only for roles that see them', async () => {
  const res = await fetch(`${srv.url}/api/stats/exports/topics/csv?${Q}&organisationId=${village}`, {
    headers: { cookie: admin.cookieHeader },
  });
  assert.is(res.status, 200);
  const rows = parseCsv(await res.text(), { bom: true }) as string[][];
  const dash = (await admin.get(`/api/stats?${Q}&organisationId=${village}`)).body as StatsDashboard;
  assert.is(rows.length - 1, dash.totals.topics);
  assert.is(Number(res.headers.get('x-export-rows')), dash.totals.topics);
  assert.ok(rows[0]!.includes('手机号'));
  assert.ok(rows.some((r) => r.includes('13800138000')));

  const secretary = await login('demo-secretary');
  const plain = await fetch(`${srv.url}/api/stats/exports/topics/csv?${Q}`, {
    headers: { cookie: secretary.cookieHeader },
  });
  const text = await plain.text();
  assert.not.match(text, /13800138000/);
  assert.not.ok((parseCsv(text, { bom: true }) as string[][])[0]!.includes('手机号'));
});

test('an XLSX export of resolutions reads back with exceljs; ballots never carry voters', async () => {
  const res = await fetch(`${srv.url}/api/stats/exports/resolutions/xlsx?${Q}`, {
    headers: { cookie: admin.cookieHeader },
  });
  assert.is(res.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const sheet = wb.worksheets[0]!;
  assert.is(sheet.rowCount - 1, 7);
  assert.is(sheet.getRow(1).getCell(1).value, '编号');
  for (const kind of ['meetings', 'visits', 'ballots']) {
    const r = await fetch(`${srv.url}/api/stats/exports/${kind}/csv?${Q}`, { headers: { cookie: admin.cookieHeader } });
    assert.is(r.status, 200, kind);
    const body = await r.text();
    assert.ok(parseCsv(body, { bom: true }).length >= 1);
    assert.not.match(body, /invitee|receipt/i);
  }
  assert.is((await fetch(`${srv.url}/api/stats/exports/topics/csv`)).status, 401);
  assert.is((await admin.get('/api/stats/exports/nothing/csv')).status, 400);
});

test.run();
