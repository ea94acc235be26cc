import { test } from 'uvu';
import * as assert from 'uvu/assert';
import mammoth from 'mammoth';
import type { ProcedureDetail } from '../../shared/schemas/procedure.js';
import type { MotionView } from '../../shared/schemas/vote.js';
import { Client } from '../helpers/http.js';
import { call, connectSocket } from '../helpers/realtime.js';
import {
  decideStage,
  openProcedure,
  passFirstThreeStages,
  stageMeeting,
  until,
  villageId,
} from '../helpers/procedures.js';
import { FakeClock, startTestServer } from '../helpers/server.js';

/**
 * A stage's vote that is annulled no longer carries the matter (issue 15): against a real server
 * and database, the hall's own annul event undoes the stage, what stood on it falls, a new vote at
 * the same meeting decides it again, and a 决议 annulled after its publication takes the
 * publication down as void so the matter can be published again.
 */
const clock = new FakeClock(new Date('2026-12-01T01:00:00Z'));
const srv = await startTestServer({ clock, config: { loginRateLimit: 10_000 } });
test.after(() => srv.close());

const login = (u: string) => new Client(srv.url).login(u, srv.password(u));
const shape = (d: ProcedureDetail) => d.attempts.map((a) => `${a.stage}:${a.state}`);

async function annul(convener: Client, motionId: number, reason: string): Promise<void> {
  const socket = await connectSocket(srv.url, convener.cookieHeader);
  const done = await call<MotionView>(socket, 'motion:annul', { motionId, reason });
  socket.close();
  if (!done.ok) throw new Error(JSON.stringify(done));
}

/** Marks the first three stages passed at meetings of their bodies, as the main test carries them. */
async function upToResolution(id: number): Promise<void> {
  await srv.db.models.Procedure.update({ step: 'resolution' }, { where: { id } });
  await passFirstThreeStages(srv, id);
}

test('an annulled 提议 no longer carries the matter: it and the 商议 on it fall, and a new vote at the same meeting decides it', async () => {
  const convener = await login('demo-convener');
  const id = await openProcedure(srv, '村集体鱼塘承包');
  const branch = await stageMeeting(srv, 'party_branch');
  await convener.post(`/api/procedures/${id}/schedule`, { stage: 'proposal', meetingId: branch.meetingId });
  const first = await decideStage(srv, branch, id, 'proposal', 3);
  await until(convener, id, (d) => d.step === 'consultation');
  const committees = await stageMeeting(srv, 'two_committees');
  const put = await convener.post(`/api/procedures/${id}/schedule`, {
    stage: 'consultation',
    meetingId: committees.meetingId,
  });
  assert.is(put.status, 200, JSON.stringify(put.body));

  await annul(convener, first.id, '有人代替他人投票');
  const undone = await until(convener, id, (d) => d.step === 'proposal');
  assert.equal(shape(undone), ['proposal:annulled', 'consultation:annulled', 'proposal:scheduled']);
  assert.is(undone.attempts[0]!.reason, '有人代替他人投票');
  assert.ok(undone.events.some((e) => e.kind === 'annulled' && e.stage === 'proposal'));
  assert.equal(undone.flags, []);
  // The matter cannot move on: 商议 is refused until 提议 passes again.
  const early = await convener.post(`/api/procedures/${id}/schedule`, {
    stage: 'consultation',
    meetingId: (await stageMeeting(srv, 'two_committees')).meetingId,
  });
  assert.is(early.status, 409);
  // The public board shows 提议 pending again, with no date.
  const board = await new Client(srv.url).get(`/api/board/${await villageId(srv)}/procedures`);
  const timeline = board.body.items.find((p: { id: number }) => p.id === id);
  assert.equal(timeline.stages[0], { stage: 'proposal', decidedAt: null, outcome: 'pending' });

  // A new vote on the same item, at the same meeting, decides the stage.
  await decideStage(srv, branch, id, 'proposal', 3);
  const again = await until(convener, id, (d) => d.step === 'consultation');
  assert.equal(shape(again), ['proposal:annulled', 'consultation:annulled', 'proposal:passed']);
  const redo = await convener.post(`/api/procedures/${id}/schedule`, {
    stage: 'consultation',
    meetingId: committees.meetingId,
  });
  assert.is(redo.status, 200, JSON.stringify(redo.body));
});

test('a failed 商议 whose vote is annulled waits for a new vote rather than a return', async () => {
  const convener = await login('demo-convener');
  const id = await openProcedure(srv, '村部办公楼改造');
  await srv.db.models.Procedure.update({ step: 'consultation' }, { where: { id } });
  const branch = await stageMeeting(srv, 'party_branch');
  await srv.db.models.ProcedureStage.create({
    procedureId: id,
    stage: 'proposal',
    attempt: 1,
    state: 'passed',
    body: 'party_branch',
    meetingId: branch.meetingId,
    agendaItemId: null,
    version: 1,
    motionId: null,
    decidedAt: clock.now(),
    statement: null,
    quorumMet: true,
    quorumRequired: 2,
    entitled: 3,
    present: 3,
    days: 1,
    reason: null,
    returnedTo: null,
  });
  const committees = await stageMeeting(srv, 'two_committees', { members: 4 });
  await convener.post(`/api/procedures/${id}/schedule`, { stage: 'consultation', meetingId: committees.meetingId });
  const failed = await decideStage(srv, committees, id, 'consultation', 1);
  await until(convener, id, (d) => d.actions.includes('return'));
  await annul(convener, failed.id, '计票有误');
  const d = await until(convener, id, (x) => !x.actions.includes('return'));
  assert.equal(shape(d), ['proposal:passed', 'consultation:annulled', 'consultation:scheduled']);
  assert.is(d.step, 'consultation');
});

test('a 决议 annulled after its publication: the publication is void, the matter is decided and published again', async () => {
  const convener = await login('demo-convener');
  const id = await openProcedure(srv, '村规民约修订（第二稿）');
  await upToResolution(id);
  const hall = await stageMeeting(srv, 'representatives_meeting');
  await convener.post(`/api/procedures/${id}/schedule`, { stage: 'resolution', meetingId: hall.meetingId });
  const resolved = await decideStage(srv, hall, id, 'resolution', 3);
  await until(convener, id, (d) => d.step === 'resolution_publication' && d.resolutionId !== null);
  const published = await convener.post(`/api/procedures/${id}/publications`, { kind: 'resolution' });
  assert.is(published.status, 200, JSON.stringify(published.body));
  clock.advance(86_400_000);

  await annul(convener, resolved.id, '到会人数统计错误');
  const undone = await until(convener, id, (d) => d.step === 'resolution');
  assert.equal(
    undone.publications.map((p) => [p.kind, p.status]),
    [['resolution', 'annulled']],
  );
  assert.is(undone.resolutionId, null);
  // Taken down because its 决议 fell, not cut short: no flag; and residents can no longer object.
  assert.equal(undone.flags, []);
  const shown = await new Client(srv.url).get(`/api/intake/${srv.intakeCodes[0]}/procedures`);
  assert.not.ok(shown.body.items.some((p: { id: number }) => p.id === id));
  const objected = await new Client(srv.url).post(`/api/intake/${srv.intakeCodes[0]}/objections`, {
    procedureId: id,
    text: '对作废的决议提出异议',
  });
  assert.is(objected.status, 409);

  await decideStage(srv, hall, id, 'resolution', 3);
  await until(convener, id, (d) => d.step === 'resolution_publication');
  const twice = await convener.post(`/api/procedures/${id}/publications`, { kind: 'resolution' });
  assert.is(twice.status, 200, JSON.stringify(twice.body));
  assert.equal(
    (twice.body as ProcedureDetail).publications.map((p) => p.status),
    ['annulled', 'on_display'],
  );
  const thrice = await convener.post(`/api/procedures/${id}/publications`, { kind: 'resolution' });
  assert.is(thrice.status, 409);
  // The archive keeps the annulled vote and the void publication, saying what they were.
  const docx = await fetch(`${srv.url}/api/procedures/${id}/archive.docx`, {
    headers: { cookie: convener.cookieHeader },
  });
  const text = (await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) })).value;
  for (const want of ['表决已撤销，不再有效', '到会人数统计错误', '决议表决已撤销，公示作废'])
    assert.ok(text.includes(want), `the archive lacks ${want}`);
});

test('a vote annulled while no process listened is undone at start', async () => {
  const convener = await login('demo-convener');
  const id = await openProcedure(srv, '村道路灯安装');
  const branch = await stageMeeting(srv, 'party_branch');
  await convener.post(`/api/procedures/${id}/schedule`, { stage: 'proposal', meetingId: branch.meetingId });
  const motion = await decideStage(srv, branch, id, 'proposal', 3);
  await until(convener, id, (d) => d.step === 'consultation');
  // Annulled behind the service's back, as if the process stopped before its hook ran.
  await srv.db.models.Motion.update(
    { status: 'annulled', annulReason: '补录', annulledAt: clock.now() },
    { where: { id: motion.id } },
  );
  await srv.app.services.procedureAnnulments.catchUp();
  const d = (await convener.get(`/api/procedures/${id}`)).body as ProcedureDetail;
  assert.is(d.step, 'proposal');
  assert.equal(shape(d), ['proposal:annulled', 'proposal:scheduled']);
  // Idempotent: a second catch-up changes nothing.
  await srv.app.services.procedureAnnulments.catchUp();
  assert.equal(shape((await convener.get(`/api/procedures/${id}`)).body as ProcedureDetail), shape(d));
});

test.run();
