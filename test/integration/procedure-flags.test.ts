import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeFlags, factsOf, settingsFor } from '../../server/services/procedures/facts.js';
import { flagDeadlines, flagSchedule, staticFlags, type Flag } from '../../shared/rules/procedure.js';
import type { ProcedureDetail, ProcedureList, ProcedureSummary } from '../../shared/schemas/procedure.js';
import { Client } from '../helpers/http.js';
import { call, connectSocket, waitForMatch } from '../helpers/realtime.js';
import { FakeClock, startTestServer } from '../helpers/server.js';
import {
  decideStage,
  openProcedure,
  passFirstThreeStages,
  principalOf,
  stageMeeting,
  villageId,
} from '../helpers/procedures.js';

/**
 * The township filters and counts by stored flags (`procedures.flags`, the due dates and the
 * `procedure_flags` rows). These must equal what the pure rule gives for the facts after every
 * change of the facts, wherever it happens: a stage placed, removed or decided, the meeting it sits
 * on published or moved, a publication, an objection and its answer, the organisation's settings.
 */
const DAY = 86_400_000;
const clock = new FakeClock(new Date('2026-12-01T01:00:00Z'));
const srv = await startTestServer({
  clock,
  config: { loginRateLimit: 10_000, intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 } },
});
test.after(() => srv.close());

const login = (u: string) => new Client(srv.url).login(u, srv.password(u));

/** Stored flags, due dates and flag rows all equal the pure rule's, as of the facts in the database now. */
async function assertInStep(id: number, when: string): Promise<Flag[]> {
  const p = (await srv.db.models.Procedure.findByPk(id))!;
  const facts = await factsOf(srv.db, p, await settingsFor(srv.db, srv.app.services.tree, p.organisationId));
  const flags = staticFlags(facts);
  const due = flagDeadlines(facts);
  assert.equal(decodeFlags(p.flags), flags, `${when}: flags`);
  assert.equal(
    [p.objectionDueAt?.getTime() ?? null, p.resultDueAt?.getTime() ?? null],
    [due.objectionDueAt?.getTime() ?? null, due.resultDueAt?.getTime() ?? null],
    `${when}: due dates`,
  );
  const rows = await srv.db.models.ProcedureFlag.findAll({ where: { procedureId: id } });
  const key = (flag: string, at: Date) => `${flag}@${at.toISOString()}`;
  assert.equal(
    rows.map((r) => key(r.flag, r.appliesFrom)).sort(),
    flagSchedule(flags, due)
      .map((r) => key(r.flag, r.from))
      .sort(),
    `${when}: flag rows`,
  );
  assert.ok(
    rows.every((r) => r.organisationId === p.organisationId),
    `${when}: rows name the village`,
  );
  return flags;
}

/** Whether the township's list, filtered by `flag`, holds the matter (and its total agrees with its rows). */
async function listed(admin: Client, township: number, flag: Flag, id: number): Promise<boolean> {
  const list = (await admin.get(`/api/procedures?organisationId=${township}&flag=${flag}&limit=200`))
    .body as ProcedureList;
  assert.is(list.total, list.items.length, `${flag}: total`);
  assert.ok(
    list.items.every((i) => i.flags.includes(flag)),
    `${flag}: every row carries it`,
  );
  return list.items.some((i) => i.id === id);
}

test('stored flags follow every change of the facts, and so does the township’s filter', async () => {
  const admin = await login('admin');
  const convener = await login('demo-convener');
  const village = await villageId(srv);
  const township = (await srv.db.models.Organisation.findByPk(village))!.parentId!;
  const id = await openProcedure(srv, '修订村规民约');
  await assertInStep(id, 'opened');
  // The first three stages passed (another test carries them through meetings); 决议 at an assembly.
  await srv.db.models.Procedure.update({ step: 'resolution' }, { where: { id } });
  await passFirstThreeStages(srv, id);
  const in20 = new Date(clock.now().getTime() + 20 * DAY);
  const assembly = await stageMeeting(srv, 'villagers_assembly', { startsAt: in20.toISOString() });

  // On the agenda of an assembly not yet announced: no notice at all.
  await convener.post(`/api/procedures/${id}/schedule`, { stage: 'resolution', meetingId: assembly.meetingId });
  assert.equal(await assertInStep(id, 'placed'), ['short_notice']);
  assert.ok(await listed(admin, township, 'short_notice', id));

  // Announced twenty days ahead: the flag goes, and watchers hear of it.
  const watcher = await connectSocket(srv.url, admin.cookieHeader);
  assert.ok((await call(watcher, 'procedures:watch', { organisationId: township })).ok);
  const cleared = waitForMatch<ProcedureSummary>(
    watcher,
    'procedure:updated',
    (s) => s.id === id && !s.flags.includes('short_notice'),
  );
  const published = await convener.post(`/api/meetings/${assembly.meetingId}/transition`, { to: 'scheduled' });
  assert.is(published.status, 200, JSON.stringify(published.body));
  assert.equal(await assertInStep(id, 'announced'), []);
  assert.equal((await cleared).flags, []);
  assert.not.ok(await listed(admin, township, 'short_notice', id));

  // Moved to five days after the announcement: notice too short again.
  const in5 = clock.now().getTime() + 5 * DAY;
  const moved = await convener.patch(`/api/meetings/${assembly.meetingId}`, {
    startsAt: new Date(in5).toISOString(),
    endsAt: new Date(in5 + 7_200_000).toISOString(),
  });
  assert.is(moved.status, 200, JSON.stringify(moved.body));
  assert.equal(await assertInStep(id, 'moved'), ['short_notice']);
  assert.ok(await listed(admin, township, 'short_notice', id));

  // Taken off the agenda: that meeting no longer counts.
  const placed = ((await convener.get(`/api/procedures/${id}`)).body as ProcedureDetail).attempts.at(-1)!;
  const removed = await convener.del(`/api/meetings/${assembly.meetingId}/agenda/${placed.agendaItemId}`);
  assert.is(removed.status, 200, JSON.stringify(removed.body));
  assert.equal(await assertInStep(id, 'removed'), []);
  assert.not.ok(await listed(admin, township, 'short_notice', id));

  // Back to twenty days, on the agenda again, and decided there.
  await convener.patch(`/api/meetings/${assembly.meetingId}`, {
    startsAt: in20.toISOString(),
    endsAt: new Date(in20.getTime() + 7_200_000).toISOString(),
  });
  await convener.post(`/api/procedures/${id}/schedule`, { stage: 'resolution', meetingId: assembly.meetingId });
  await decideStage(srv, assembly, id, 'resolution', 3);
  for (let i = 0; i < 100 && (await srv.db.models.Procedure.findByPk(id))!.step === 'resolution'; i++)
    await new Promise((r) => setTimeout(r, 30));
  assert.equal(await assertInStep(id, 'decided'), []);

  // Published for seven days; a resident objects; unanswered once the period is over.
  const reviewer = await login('demo-reviewer');
  assert.is((await reviewer.post(`/api/procedures/${id}/publications`, { kind: 'resolution' })).status, 200);
  await assertInStep(id, 'published');
  const objected = await new Client(srv.url).post(`/api/intake/${srv.intakeCodes[0]}/objections`, {
    procedureId: id,
    text: '罚款条款过重，请再议',
  });
  assert.is(objected.status, 201, JSON.stringify(objected.body));
  await assertInStep(id, 'objected');
  assert.not.ok(await listed(admin, township, 'objection_unanswered', id));
  clock.advance(8 * DAY);
  // Time alone raised it: nothing was written, the stored schedule already said when.
  await assertInStep(id, 'period over');
  const adminLater = await login('admin');
  assert.ok(await listed(adminLater, township, 'objection_unanswered', id));
  const stats = (await adminLater.get(`/api/procedures/stats?organisationId=${township}`)).body;
  assert.ok(stats.byFlag.objection_unanswered >= 1, JSON.stringify(stats));
  const reviewerLater = await login('demo-reviewer');
  const objection = ((await reviewerLater.get(`/api/procedures/${id}`)).body as ProcedureDetail).objections[0]!;
  await reviewerLater.post(`/api/procedures/${id}/objections/${objection.id}/answer`, { answer: '已调整' });
  await assertInStep(id, 'answered');
  assert.not.ok(await listed(adminLater, township, 'objection_unanswered', id));

  // The township raises its minimum display period above the seven days this one had. The
  // publication is judged by the minimum of the day it was made: a later rule does not make it short.
  const settings = (await srv.db.models.Organisation.findByPk(township))!.settings;
  const raise = () =>
    adminLater.patch(`/api/organisations/${township}`, { settings: { ...settings, minDisplayDays: 10 } });
  const raised = await raise();
  assert.is(raised.status, 200, JSON.stringify(raised.body));
  assert.equal(await assertInStep(id, 'minimum raised'), []);
  assert.not.ok(await listed(adminLater, township, 'publication_short', id));
  await adminLater.patch(`/api/organisations/${township}`, { settings });
  assert.equal(await assertInStep(id, 'minimum restored'), []);
  // A publication from before the minimum was kept with it is judged by today's, as it always was.
  await srv.db.models.ProcedurePublication.update({ minDays: null }, { where: { procedureId: id } });
  await raise();
  assert.equal(await assertInStep(id, 'minimum raised, older publication'), ['publication_short']);
  assert.ok(await listed(adminLater, township, 'publication_short', id));
  await adminLater.patch(`/api/organisations/${township}`, { settings });
  assert.equal(await assertInStep(id, 'minimum restored again'), []);
  watcher.close();
});

test('the deadline to publish the result is the one in force when it was rated; a shorter one later does not make it late', async () => {
  const id = await openProcedure(srv, '村级道路养护承包');
  const township = (await srv.db.models.Organisation.findByPk(await villageId(srv)))!.parentId!;
  const admin = await login('admin');
  const settings = (await srv.db.models.Organisation.findByPk(township))!.settings;
  const limit = async (days: number) =>
    assert.is(
      (await admin.patch(`/api/organisations/${township}`, { settings: { ...settings, resultPublishLimitDays: days } }))
        .status,
      200,
    );
  // Rated satisfactory today under a 7-day limit (the resolutions feature records both at once).
  const ratedAt = clock.now();
  await srv.db.models.Procedure.update(
    { step: 'result_publication', resultRatedAt: ratedAt, resultLimitDays: 7 },
    { where: { id } },
  );
  await limit(3);
  await assertInStep(id, 'limit shortened');
  const p = (await srv.db.models.Procedure.findByPk(id))!;
  assert.is(p.resultDueAt!.getTime(), ratedAt.getTime() + 7 * DAY, 'due by the limit of the day it was rated');
  clock.advance(5 * DAY);
  const later = await login('admin');
  assert.not.ok(await listed(later, township, 'result_late', id), 'five days after: within its seven');
  // A matter rated before the limit was kept with it is judged by today's, as it always was.
  await srv.db.models.Procedure.update({ resultLimitDays: null }, { where: { id } });
  await limit(3);
  await assertInStep(id, 'older rating');
  assert.ok(await listed(later, township, 'result_late', id), 'without its own limit: today’s three days');
  await later.patch(`/api/organisations/${township}`, { settings });
});

test('the township’s list pages through its matters and filters by village, kind and state', async () => {
  const admin = await login('admin');
  const reviewer = await principalOf(srv, 'demo-reviewer');
  const village = await villageId(srv);
  const township = (await srv.db.models.Organisation.findByPk(village))!.parentId!;
  const kinds = ['land', 'project', 'village_rules', 'land', 'subsidies', 'land', 'project'] as const;
  const ids: number[] = [];
  for (const [i, kind] of kinds.entries())
    ids.push(
      await srv.app.services.procedures.open(reviewer, {
        organisationId: village,
        kind,
        title: `分页事项${i}`,
        text: '内容',
        topicId: null,
      }),
    );
  await srv.app.services.procedures.end(reviewer, ids[2]!, { reason: '撤回' });
  const all = (await admin.get(`/api/procedures?organisationId=${township}&village=${village}&limit=200`))
    .body as ProcedureList;
  assert.is(all.total, all.items.length);
  assert.ok(ids.every((id) => all.items.some((i) => i.id === id)));
  // Newest change first; pages of three are the same rows in the same order, each once.
  const order = all.items.map((i) => `${i.updatedAt}#${String(i.id).padStart(8, '0')}`);
  assert.equal(order, [...order].sort().reverse());
  const paged: number[] = [];
  for (let offset = 0; offset < all.total; offset += 3) {
    const page = (
      await admin.get(`/api/procedures?organisationId=${township}&village=${village}&limit=3&offset=${offset}`)
    ).body as ProcedureList;
    assert.is(page.total, all.total);
    assert.ok(page.items.length <= 3);
    paged.push(...page.items.map((i) => i.id));
  }
  assert.equal(
    paged,
    all.items.map((i) => i.id),
  );
  const land = (await admin.get(`/api/procedures?organisationId=${township}&village=${village}&kind=land&limit=200`))
    .body as ProcedureList;
  assert.ok(land.items.length >= 3 && land.items.every((i) => i.kind === 'land'));
  assert.is(land.total, land.items.length);
  const ended = (await admin.get(`/api/procedures?organisationId=${township}&state=ended&limit=200`))
    .body as ProcedureList;
  assert.ok(ended.items.some((i) => i.id === ids[2]) && ended.items.every((i) => i.state === 'ended'));
  // A village outside the organisation asked about is refused, not quietly emptied.
  const elsewhere = await admin.get(`/api/procedures?organisationId=${village}&village=${township}`);
  assert.is(elsewhere.status, 400);
});

test('with a second county, a county’s list and summary hold only its own villages’ matters', async () => {
  const admin = await login('admin');
  const home = (await srv.db.models.Organisation.findOne({ where: { parentId: null } }))!;
  const before = (await admin.get(`/api/procedures/stats?organisationId=${home.id}`)).body;
  const beforeList = (await admin.get(`/api/procedures?organisationId=${home.id}&limit=1`)).body as ProcedureList;
  const other = await srv.db.models.Organisation.create({
    name: '邻县',
    kind: 'county',
    parentId: null,
    settings: {},
    isDemo: false,
  });
  const town = await srv.db.models.Organisation.create({
    name: '邻县某镇',
    kind: 'township',
    parentId: other.id,
    settings: {},
    isDemo: false,
  });
  const far = await srv.db.models.Organisation.create({
    name: '邻县某村',
    kind: 'village',
    parentId: town.id,
    settings: {},
    isDemo: false,
  });
  await srv.app.services.tree.reload();
  const foreign = await srv.db.models.Procedure.create({
    organisationId: far.id,
    kind: 'land',
    title: '邻县的事项',
    topicId: null,
    state: 'open',
    step: 'proposal',
    openedBy: null,
    resolutionId: null,
    resultRatedAt: null,
    flags: ',no_quorum,',
    objectionDueAt: null,
    resultDueAt: null,
    endReason: null,
    closedAt: null,
  });
  await srv.db.models.ProcedureFlag.create({
    procedureId: foreign.id,
    flag: 'no_quorum',
    organisationId: far.id,
    appliesFrom: new Date(0),
  });
  const list = (await admin.get(`/api/procedures?organisationId=${home.id}&limit=200`)).body as ProcedureList;
  assert.is(list.total, beforeList.total);
  assert.not.ok(list.items.some((i) => i.id === foreign.id));
  const flagged = (await admin.get(`/api/procedures?organisationId=${home.id}&flag=no_quorum&limit=200`))
    .body as ProcedureList;
  assert.not.ok(flagged.items.some((i) => i.id === foreign.id));
  const after = (await admin.get(`/api/procedures/stats?organisationId=${home.id}`)).body;
  assert.equal(
    [after.opened, after.flagged, after.byFlag.no_quorum],
    [before.opened, before.flagged, before.byFlag.no_quorum],
  );
  assert.not.ok(after.villages.some((v: { id: number }) => v.id === far.id));
});

test.run();
