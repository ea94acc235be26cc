import { test } from 'uvu';
import * as assert from 'uvu/assert';
import mammoth from 'mammoth';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ProcedureDetail, ProcedureList, ProcedureSummary } from '../../shared/schemas/procedure.js';
import { Client, errorCode } from '../helpers/http.js';
import { call, connectSocket, waitForMatch } from '../helpers/realtime.js';
import { FakeClock, startTestServer } from '../helpers/server.js';
import {
  decideStage,
  openProcedure,
  passFirstThreeStages,
  stageMeeting,
  until,
  villageId,
} from '../helpers/procedures.js';

/**
 * 四议两公开 against a real server and database: the order of the stages (REST and socket), a
 * failed stage returning the matter, the versions' diff, the two publications with objections
 * through the intake code, the township's flags and summary, and the archive's text.
 */
const clock = new FakeClock(new Date('2026-12-01T01:00:00Z'));
const srv = await startTestServer({
  clock,
  config: { loginRateLimit: 10_000, intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 } },
});
test.after(() => srv.close());

const login = (u: string) => new Client(srv.url).login(u, srv.password(u));

test('a stage goes on an agenda only after the previous one passed, and only before its own body (REST and socket)', async () => {
  const convener = await login('demo-convener');
  const id = await openProcedure(srv, '村规民约修订');
  const committees = await stageMeeting(srv, 'two_committees');
  const early = await convener.post(`/api/procedures/${id}/schedule`, {
    stage: 'consultation',
    meetingId: committees.meetingId,
  });
  assert.is(early.status, 409);
  assert.is(errorCode(early.body), 'conflict');
  assert.match(early.body.error.message, /上一环节通过后/);
  // The meeting's own agenda route refuses the same way, and nothing was added.
  const direct = await convener.post(`/api/meetings/${committees.meetingId}/agenda`, {
    procedureId: id,
    stage: 'review',
  });
  assert.is(direct.status, 409);
  const socket = await connectSocket(srv.url, convener.cookieHeader);
  const viaSocket = await call(socket, 'procedure:schedule', {
    procedureId: id,
    stage: 'consultation',
    meetingId: committees.meetingId,
  });
  assert.ok(!viaSocket.ok && viaSocket.error.code === 'conflict', JSON.stringify(viaSocket));
  assert.is(await srv.db.models.AgendaItem.count({ where: { meetingId: committees.meetingId } }), 0);
  // 提议 belongs to the party branch, not to the two committees.
  const wrongBody = await call(socket, 'procedure:schedule', {
    procedureId: id,
    stage: 'proposal',
    meetingId: committees.meetingId,
  });
  assert.ok(!wrongBody.ok && wrongBody.error.code === 'validation_failed', JSON.stringify(wrongBody));
  const branch = await stageMeeting(srv, 'party_branch');
  const ok = await call<ProcedureDetail>(socket, 'procedure:schedule', {
    procedureId: id,
    stage: 'proposal',
    meetingId: branch.meetingId,
  });
  assert.ok(ok.ok, JSON.stringify(ok));
  assert.equal(ok.ok && ok.data.attempts.map((a) => [a.stage, a.state]), [['proposal', 'scheduled']]);
  const twice = await convener.post(`/api/procedures/${id}/schedule`, {
    stage: 'proposal',
    meetingId: branch.meetingId,
  });
  assert.is(twice.status, 409);
  // Once a stage is on its agenda the meeting's body is that stage's: changing it afterwards would
  // let another body decide the stage under the party branch's name.
  for (const change of [{ body: 'free_consultation' }, { membersFrom: 'organisation' }]) {
    const moved = await convener.patch(`/api/meetings/${branch.meetingId}`, change);
    assert.is(moved.status, 409, JSON.stringify(change));
    assert.match(moved.body.error.message, /四议两公开/);
  }
  assert.is((await srv.db.models.Meeting.findByPk(branch.meetingId))!.body, 'party_branch');
  // The vote on the stage's item decides it: no weaker rule and no other form can be put to it.
  const item = (await srv.db.models.ProcedureStage.findOne({ where: { procedureId: id, stage: 'proposal' } }))!
    .agendaItemId!;
  const motion = (extra: object) =>
    call(socket, 'motion:create', {
      meetingId: branch.meetingId,
      agendaItemId: item,
      question: '是否同意提议？',
      kind: 'open',
      ...extra,
    });
  const lenient = { numerator: 1, denominator: 10, strict: false, base: 'cast' };
  const quorum = { numerator: 3, denominator: 5, strict: false, base: 'members', counted: 'cast' };
  for (const extra of [
    { rules: { custom: { quorum, pass: lenient } } },
    { rules: { body: 'free_consultation' } },
    { form: 'choice', options: ['甲', '乙'] },
  ]) {
    const refused = await motion(extra);
    assert.ok(!refused.ok && /法定规则/.test(refused.error.message), JSON.stringify(refused));
  }
  assert.is(await srv.db.models.Motion.count({ where: { agendaItemId: item } }), 0);
  const statutory = await motion({});
  assert.ok(statutory.ok, JSON.stringify(statutory));
  socket.close();
});

test('a matter carried through four meetings, its versions diffed, published, objected to, and archived', async () => {
  const convener = await login('demo-convener');
  const reviewer = await login('demo-reviewer');
  const id = await openProcedure(srv);
  const stages = [
    ['proposal', 'party_branch'],
    ['consultation', 'two_committees'],
    ['review', 'party_assembly'],
    ['resolution', 'representatives_meeting'],
  ] as const;
  for (const [stage, body] of stages) {
    if (stage === 'review') {
      const revised = await reviewer.post(`/api/procedures/${id}/versions`, {
        text: '村里将集体土地80亩流转给果蔬合作社，租期5年，租金每年每亩600元。',
        note: '按两委意见调整面积和租期',
      });
      assert.is(revised.status, 200, JSON.stringify(revised.body));
    }
    const hall = await stageMeeting(srv, body, { members: 3 });
    const put = await convener.post(`/api/procedures/${id}/schedule`, { stage, meetingId: hall.meetingId });
    assert.is(put.status, 200, JSON.stringify(put.body));
    await decideStage(srv, hall, id, stage, 3);
    await until(convener, id, (d) => d.attempts.some((a) => a.stage === stage && a.state === 'passed'));
  }
  const done = (await convener.get(`/api/procedures/${id}`)).body as ProcedureDetail;
  assert.is(done.step, 'resolution_publication');
  assert.equal(
    done.attempts.map((a) => [a.stage, a.version, a.entitled, a.present]),
    [
      ['proposal', 1, 3, 3],
      ['consultation', 1, 3, 3],
      ['review', 2, 3, 3],
      ['resolution', 2, 3, 3],
    ],
  );
  assert.match(done.attempts[3]!.statement!['zh-CN'], /应到 3 人，实到 3 人/);
  assert.equal(done.flags, []);
  // What changed between 商议 (v1) and 审议 (v2), word by word.
  const diff = await convener.get(`/api/procedures/${id}/diff?from=1&to=2`);
  assert.equal(
    diff.body.parts
      .filter((p: { kind: string }) => p.kind !== 'same')
      .map((p: { kind: string; text: string }) => `${p.kind}:${p.text}`),
    ['removed:100', 'added:80', 'removed:10', 'added:5', 'added:，租金每年每亩600元'],
  );
  const fixed = await reviewer.post(`/api/procedures/${id}/versions`, { text: '再改一次', note: '' });
  assert.is(fixed.status, 409);

  // 决议公开: never below the organisation's minimum (5 days by default).
  const short = await convener.post(`/api/procedures/${id}/publications`, { kind: 'resolution', days: 3 });
  assert.is(short.status, 400);
  assert.match(short.body.error.message, /不少于 5 天/);
  const published = await convener.post(`/api/procedures/${id}/publications`, { kind: 'resolution' });
  assert.is(published.status, 200, JSON.stringify(published.body));
  assert.equal([published.body.publications[0].days, published.body.step], [7, 'implementation']);

  // A resident objects through the village's intake code; the reviewer sees it and answers.
  const resident = new Client(srv.url);
  const shown = await resident.get(`/api/intake/${srv.intakeCodes[0]}/procedures`);
  assert.ok(
    shown.body.items.some((p: { id: number }) => p.id === id),
    JSON.stringify(shown.body),
  );
  const objected = await resident.post(`/api/intake/${srv.intakeCodes[0]}/objections`, {
    procedureId: id,
    text: '租金偏低，希望再议',
    phone: '13800001111',
  });
  assert.is(objected.status, 201, JSON.stringify(objected.body));
  const withObjection = (await reviewer.get(`/api/procedures/${id}`)).body as ProcedureDetail;
  assert.equal(
    withObjection.objections.map((o) => [o.text, o.phone]),
    [['租金偏低，希望再议', '13800001111']],
  );
  // The public board shows the timeline with counts, never the text or the phone.
  const board = await resident.get(`/api/board/${await villageId(srv)}/procedures`);
  const timeline = board.body.items.find((p: { id: number }) => p.id === id);
  assert.equal(
    timeline.stages.map((s: { outcome: string }) => s.outcome),
    ['passed', 'passed', 'passed', 'passed'],
  );
  assert.equal(timeline.objections, { raised: 1, answered: 0 });
  assert.not.ok(JSON.stringify(board.body).includes('13800001111'));
  // Unanswered when the period ends: flagged; answering clears it.
  clock.advance(8 * 86_400_000);
  // Sessions age with the clock: sign in again after the period.
  const reviewerLater = await login('demo-reviewer');
  assert.equal(((await reviewerLater.get(`/api/procedures/${id}`)).body as ProcedureDetail).flags, [
    'objection_unanswered',
  ]);
  const answered = await reviewerLater.post(
    `/api/procedures/${id}/objections/${withObjection.objections[0]!.id}/answer`,
    {
      answer: '租金按市场价评估，已在决议中说明',
    },
  );
  assert.equal(answered.body.flags, []);
  const late = await resident.post(`/api/intake/${srv.intakeCodes[0]}/objections`, {
    procedureId: id,
    text: '期满后的异议',
  });
  assert.is(late.status, 409);

  // The archive: PDF (CJK embedded) and DOCX, text extracted.
  const pdfRes = await fetch(`${srv.url}/api/procedures/${id}/archive.pdf`, {
    headers: { cookie: reviewerLater.cookieHeader },
  });
  const pdfText = await extractPdfText(new Uint8Array(await pdfRes.arrayBuffer()));
  for (const want of [
    '村集体土地流转给合作社',
    '提议',
    '商议',
    '审议',
    '决议',
    '应到 3 人',
    '决议公开',
    '租金偏低，希望再议',
    '全部内容',
  ])
    assert.ok(pdfText.replace(/\s+/g, '').includes(want.replace(/\s+/g, '')), `PDF lacks ${want}`);
  const docxRes = await fetch(`${srv.url}/api/procedures/${id}/archive.docx`, {
    headers: { cookie: reviewerLater.cookieHeader },
  });
  const docxText = (await mammoth.extractRawText({ buffer: Buffer.from(await docxRes.arrayBuffer()) })).value;
  for (const want of ['按两委意见调整面积和租期', '+ 80', '应到 3 人，实到 3 人，已达法定人数', 'SHA-256'])
    assert.ok(docxText.includes(want), `DOCX lacks ${want}`);
  const hashes = docxText.match(/[0-9a-f]{64}/g) ?? [];
  assert.ok(hashes.length >= 2 * 7, `each part and the whole are hashed: ${hashes.length}`);
});

test('a failed 商议 returns the matter to the stage the convener chooses, with the reasons', async () => {
  const convener = await login('demo-convener');
  const id = await openProcedure(srv, '新建村级活动中心');
  const branch = await stageMeeting(srv, 'party_branch');
  await convener.post(`/api/procedures/${id}/schedule`, { stage: 'proposal', meetingId: branch.meetingId });
  await decideStage(srv, branch, id, 'proposal', 3);
  await until(convener, id, (d) => d.step === 'consultation');
  const committees = await stageMeeting(srv, 'two_committees', { members: 4 });
  await convener.post(`/api/procedures/${id}/schedule`, { stage: 'consultation', meetingId: committees.meetingId });
  await decideStage(srv, committees, id, 'consultation', 1);
  const failed = await until(convener, id, (d) => d.attempts.some((a) => a.state === 'failed'));
  assert.equal(failed.actions.includes('return') && !failed.actions.includes('schedule'), true);
  const again = await stageMeeting(srv, 'two_committees');
  const blocked = await convener.post(`/api/procedures/${id}/schedule`, {
    stage: 'consultation',
    meetingId: again.meetingId,
  });
  assert.match(blocked.body.error.message, /先选择退回/);
  const returned = await convener.post(`/api/procedures/${id}/return`, {
    to: 'proposal',
    reason: '选址意见分歧，需重新提议',
  });
  assert.is(returned.status, 200);
  assert.equal(
    [returned.body.step, returned.body.attempts[1].state, returned.body.attempts[1].returnedTo],
    ['proposal', 'returned', 'proposal'],
  );
  const stats = await (await login('admin')).get(`/api/procedures/stats?organisationId=${await villageId(srv)}`);
  assert.ok(stats.body.returned >= 1, JSON.stringify(stats.body));
});

test('the township sees a 决议 noticed 7 days ahead flagged, live, and can filter by it', async () => {
  const admin = await login('admin');
  const convener = await login('demo-convener');
  const township = (await srv.db.models.Organisation.findByPk(await villageId(srv)))!.parentId!;
  const watcher = await connectSocket(srv.url, admin.cookieHeader);
  assert.ok((await call(watcher, 'procedures:watch', { organisationId: township })).ok);
  const id = await openProcedure(srv, '修建村道筹资筹劳');
  const p = await srv.db.models.Procedure.findByPk(id);
  // Earlier stages passed (as another test carries them through meetings); 决议 at an assembly.
  await p!.update({ step: 'resolution' });
  await passFirstThreeStages(srv, id);
  // Published on 12-13 for a meeting on 12-20: seven days' notice.
  const now = clock.now();
  const assemblyStart = new Date(now.getTime() + 7 * 86_400_000).toISOString();
  const assembly = await stageMeeting(srv, 'villagers_assembly', { startsAt: assemblyStart });
  const updated = waitForMatch<ProcedureSummary>(
    watcher,
    'procedure:updated',
    (s) => s.id === id && s.flags.includes('short_notice'),
  );
  await convener.post(`/api/procedures/${id}/schedule`, { stage: 'resolution', meetingId: assembly.meetingId });
  await convener.post(`/api/meetings/${assembly.meetingId}/transition`, { to: 'scheduled' });
  await decideStage(srv, assembly, id, 'resolution', 3);
  assert.equal((await updated).flags, ['short_notice']);
  const list = (await admin.get(`/api/procedures?organisationId=${township}&flag=short_notice`)).body as ProcedureList;
  assert.equal(
    list.items.map((i) => i.id),
    [id],
  );
  const none = (await admin.get(`/api/procedures?organisationId=${township}&flag=no_quorum`)).body as ProcedureList;
  assert.not.ok(none.items.some((i) => i.id === id));
  const stats = await admin.get(`/api/procedures/stats?organisationId=${township}`);
  assert.ok(stats.body.byFlag.short_notice >= 1);
  watcher.close();
});

test('bad input changes nothing and says why', async () => {
  const reviewer = await login('demo-reviewer');
  const before = await srv.db.models.Procedure.count();
  const bad = await reviewer.post('/api/procedures', {
    organisationId: await villageId(srv),
    kind: 'nonsense',
    title: 'x',
    text: '',
  });
  assert.is(bad.status, 400);
  const township = (await srv.db.models.Organisation.findByPk(await villageId(srv)))!.parentId!;
  const atTownship = await reviewer.post('/api/procedures', {
    organisationId: township,
    kind: 'land',
    title: '镇级事项',
    text: '内容',
  });
  assert.ok(atTownship.status === 400 || atTownship.status === 403, String(atTownship.status));
  const secretary = await login('demo-secretary');
  const forbidden = await secretary.post('/api/procedures', {
    organisationId: await villageId(srv),
    kind: 'land',
    title: '事项',
    text: '内容',
  });
  assert.is(forbidden.status, 403);
  assert.is(await srv.db.models.Procedure.count(), before);
});

async function extractPdfText(data: Uint8Array): Promise<string> {
  const doc = await getDocument({ data, useSystemFonts: false }).promise;
  let out = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    out += content.items.map((it) => ('str' in it ? it.str : '')).join('') + '\n';
  }
  return out;
}

test.run();
