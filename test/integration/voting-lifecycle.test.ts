import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DecisionView, MotionList, MotionView } from '../../shared/schemas/vote.js';
import { Client, errorCode } from '../helpers/http.js';
import { call, connectSocket, waitForMatch } from '../helpers/realtime.js';
import { FakeClock, startTestServer } from '../helpers/server.js';
import { closeMotion, createMotion, openHall, openMotion, phone } from '../helpers/voting.js';

/**
 * The life of a motion in a live hall, over real sockets against a real server and database:
 * closing and locking, countdowns, show of hands, decisions and annulment, elections, bad input.
 */
const clock = new FakeClock(new Date('2026-11-25T01:30:00Z'));
const srv = await startTestServer({ clock, config: { intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 } } });
test.after(() => srv.close());

const screen = async (screenToken: string, meetingId: number) => {
  const socket = await connectSocket(srv.url);
  const listed = await call<MotionList>(socket, 'motion:list', { meetingId, screenToken });
  assert.ok(listed.ok, JSON.stringify(listed));
  return socket;
};

/** Polls `probe` until it returns a value (the minutes are written after the close commits). */
async function until<T>(probe: () => Promise<T | null>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = await probe();
    if (got !== null) return got;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('closing locks a result recomputed from the database; later ballots are refused; it never reopens', async () => {
  const hall = await openHall(srv, { members: 5, checkedIn: 4 });
  const projector = await screen(hall.screenToken, hall.meetingId);
  const motion = await createMotion(hall, { kind: 'open' });
  await openMotion(hall, motion.id);
  const phones = await Promise.all(hall.tokens.map((t) => phone(srv, t)));
  for (const [i, p] of phones.slice(0, 3).entries()) assert.ok((await p.vote(motion.id, [i === 2 ? 1 : 0])).ok);
  // Running counters are a convenience: even if they were wrong, the result comes from the register.
  await srv.db.models.MotionTally.update({ counts: [0, 9, 0], ballots: 9 }, { where: { motionId: motion.id } });

  const shown = waitForMatch<MotionView>(
    projector,
    'motion:updated',
    (m) => m.id === motion.id && m.status === 'closed',
  );
  const closed = await closeMotion(hall, motion.id);
  assert.equal(closed.result!.counts, [2, 1, 0]);
  assert.is(closed.result!.cast, 3);
  // 5 members: two thirds is 4, and 4 are present; more than half of 4 present is 3: 2 in favour fails.
  assert.is(
    closed.result!.statement['zh-CN'],
    '应到 5 人，实到 4 人，已达法定人数（4）；赞成至少 3 票（超过到会 4 人的半数）即通过：赞成 2 — 未通过',
  );
  assert.equal((await shown).result, closed.result);
  // The minutes of the item carry the result as the protected vote block, in the minutes' language.
  const written = await until(async () => {
    const text = JSON.stringify(await srv.app.services.minutes.content(hall.meetingId));
    return text.includes('"type":"vote_result"') && text.includes('赞成 2 票，反对 1 票，弃权 0 票') ? text : null;
  });
  assert.ok(written.includes(closed.result!.statement['zh-CN']), written);
  const row = await srv.db.models.Motion.findByPk(motion.id);
  assert.equal(row!.attendanceSnapshot, { entitled: hall.members, present: hall.members.slice(0, 4) });

  const late = await phones[3]!.vote(motion.id, [0]);
  assert.match(!late.ok ? late.error.message : '', /表决已经结束/);
  const reopen = await call(hall.console, 'motion:open', { motionId: motion.id });
  assert.ok(!reopen.ok && reopen.error.code === 'conflict');
  const reclose = await call(hall.console, 'motion:close', { motionId: motion.id });
  assert.ok(!reclose.ok && reclose.error.code === 'conflict');
  assert.is((await srv.db.models.Motion.findByPk(motion.id))!.status, 'closed');

  // The roll of an open (记名) ballot: who voted what, by name.
  const detail = await hall.convener.get(`/api/motions/${motion.id}`);
  assert.is(detail.status, 200);
  assert.equal(
    detail.body.voters.map((v: { name: string; choices: number[] }) => [v.name, v.choices]),
    [
      ['代表001', [0]],
      ['代表002', [0]],
      ['代表003', [1]],
    ],
  );
  for (const p of phones) p.close();
  projector.close();
  hall.close();
});

test('a countdown closes the vote by itself, and a ballot after it is refused at once', async () => {
  const hall = await openHall(srv, { members: 3 });
  const projector = await screen(hall.screenToken, hall.meetingId);
  const motion = await createMotion(hall, { kind: 'secret' });
  const opened = await openMotion(hall, motion.id, 60);
  assert.is(new Date(opened.closesAt!).getTime() - new Date(opened.openedAt!).getTime(), 60_000);
  const phones = await Promise.all(hall.tokens.map((t) => phone(srv, t)));
  assert.ok((await phones[0]!.vote(motion.id, [0])).ok);
  assert.ok((await phones[1]!.vote(motion.id, [0])).ok);
  const closed = waitForMatch<MotionView>(
    projector,
    'motion:updated',
    (m) => m.id === motion.id && m.status === 'closed',
  );
  clock.advance(61_000);
  const late = await phones[2]!.vote(motion.id, [1]);
  assert.match(!late.ok ? late.error.message : '', /表决已经结束/);
  const result = (await closed).result!;
  assert.equal([result.cast, result.counts, result.passed], [2, [2, 0, 0], true]);
  for (const p of phones) p.close();
  projector.close();
  hall.close();
});

test('closing the meeting with a vote still open closes the vote and locks its result', async () => {
  const hall = await openHall(srv, { members: 3 });
  const motion = await createMotion(hall, { kind: 'open' });
  await openMotion(hall, motion.id);
  for (const token of hall.tokens) assert.ok((await (await phone(srv, token)).vote(motion.id, [0])).ok);
  const closed = waitForMatch<MotionView>(
    hall.console,
    'motion:updated',
    (m) => m.id === motion.id && m.status === 'closed',
  );
  assert.is((await hall.convener.post(`/api/meetings/${hall.meetingId}/transition`, { to: 'closed' })).status, 200);
  const result = (await closed).result!;
  assert.equal([result.cast, result.counts, result.passed], [3, [3, 0, 0], true]);
  hall.close();
});

test('show of hands: counts above those present are rejected; the counts entered are the result', async () => {
  const hall = await openHall(srv, { members: 5, checkedIn: 4 });
  const motion = await createMotion(hall, { kind: 'show_of_hands' });
  await openMotion(hall, motion.id);
  const tooMany = await call(hall.console, 'motion:hands', { motionId: motion.id, counts: [3, 1, 1] });
  assert.ok(!tooMany.ok && tooMany.error.code === 'validation_failed');
  assert.match(!tooMany.ok ? tooMany.error.message : '', /不能超过到会可表决人数（4 人）/);
  const early = await call(hall.console, 'motion:close', { motionId: motion.id });
  assert.match(!early.ok ? early.error.message : '', /请先录入举手表决的票数/);
  const entered = await call<MotionView>(hall.console, 'motion:hands', { motionId: motion.id, counts: [3, 1, 0] });
  assert.ok(entered.ok && entered.data.counts?.join() === '3,1,0', JSON.stringify(entered));
  // Nobody votes a show of hands from a phone.
  const p = await phone(srv, hall.tokens[0]!);
  const fromPhone = await p.vote(motion.id, [0]);
  assert.match(!fromPhone.ok ? fromPhone.error.message : '', /举手表决/);
  const closed = await closeMotion(hall, motion.id);
  assert.equal([closed.result!.cast, closed.result!.counts, closed.result!.passed], [4, [3, 1, 0], true]);
  const after = await call(hall.console, 'motion:hands', { motionId: motion.id, counts: [4, 0, 0] });
  assert.ok(!after.ok && after.error.code === 'conflict', 'a locked result cannot be re-entered');
  p.close();
  hall.close();
});

test('a passed motion and a consensus each record a decision and call the hook; annulling needs a reason and is audited', async () => {
  const recorded: number[] = [];
  const annulled: number[] = [];
  const hooks = srv.app.services.hooks;
  const [onRecorded, onAnnulled] = [hooks.decisionRecorded, hooks.decisionAnnulled];
  hooks.decisionRecorded = (id) => recorded.push(id);
  hooks.decisionAnnulled = (id) => annulled.push(id);
  try {
    const hall = await openHall(srv, { members: 3 });
    const motion = await createMotion(hall, { kind: 'secret' });
    await openMotion(hall, motion.id);
    for (const token of hall.tokens) assert.ok((await (await phone(srv, token)).vote(motion.id, [0])).ok);
    const closed = await closeMotion(hall, motion.id);
    assert.ok(closed.result!.passed);
    const consensus = await call<DecisionView>(hall.console, 'decision:record', {
      meetingId: hall.meetingId,
      agendaItemId: hall.itemId,
      text: '同意先修村东头路灯，费用由村集体承担',
    });
    assert.ok(consensus.ok, JSON.stringify(consensus));
    assert.is(consensus.data.statement['zh-CN'], '应到 3 人，实到 3 人，经协商一致同意');
    const listed = await hall.convener.get(`/api/meetings/${hall.meetingId}/decisions`);
    assert.equal(
      listed.body.items.map((d: DecisionView) => [d.kind, d.motionId, d.text]),
      [
        ['motion', motion.id, '是否同意村道硬化方案？'],
        ['consensus', null, '同意先修村东头路灯，费用由村集体承担'],
      ],
    );
    assert.equal(
      recorded,
      listed.body.items.map((d: DecisionView) => d.id),
    );
    assert.is(listed.body.items[0].statement['zh-CN'], closed.result!.statement['zh-CN']);

    // A secretary may drive the hall but not annul; the convener must give a reason.
    const secretary = await new Client(srv.url).login('demo-secretary', srv.password('demo-secretary'));
    const secretarySocket = await connectSocket(srv.url, secretary.cookieHeader);
    const notTheirs = await call(secretarySocket, 'motion:annul', { motionId: motion.id, reason: '程序有误' });
    assert.ok(!notTheirs.ok && notTheirs.error.code === 'forbidden');
    const noReason = await call(hall.console, 'motion:annul', { motionId: motion.id, reason: ' ' });
    assert.ok(!noReason.ok && noReason.error.code === 'validation_failed');
    const done = await call<MotionView>(hall.console, 'motion:annul', {
      motionId: motion.id,
      reason: '表决时未达到规定的公示期',
    });
    assert.ok(done.ok && done.data.status === 'annulled' && done.data.result === null);
    assert.equal(annulled, [listed.body.items[0].id]);
    const decision = await srv.db.models.Decision.findByPk(listed.body.items[0].id);
    assert.is(decision!.annulReason, '表决时未达到规定的公示期');
    const admin = await new Client(srv.url).login('admin', srv.password('admin'));
    const audit = await admin.get('/api/audit?subjectType=motion');
    const entry = audit.body.items.find(
      (e: { action: string; subjectId: string }) => e.action === 'motion.annulled' && e.subjectId === String(motion.id),
    );
    assert.is(entry.summary.after.reason, '表决时未达到规定的公示期');
    assert.is(entry.actorName, '李召集（演示）');
    const again = await call(hall.console, 'motion:annul', { motionId: motion.id, reason: '再次作废' });
    assert.ok(!again.ok && again.error.code === 'conflict');
    secretarySocket.close();
    hall.close();
  } finally {
    hooks.decisionRecorded = onRecorded;
    hooks.decisionAnnulled = onAnnulled;
  }
});

test('an election of two among three candidates: ballots mark up to two, the top two past the threshold are elected', async () => {
  const hall = await openHall(srv, { members: 5 });
  const motion = await createMotion(hall, {
    kind: 'secret',
    form: 'election',
    question: '选举村民小组长（两名）',
    options: ['张三', '李四', '王五'],
    maxChoices: 2,
  });
  await openMotion(hall, motion.id);
  const phones = await Promise.all(hall.tokens.map((t) => phone(srv, t)));
  const tooMany = await phones[0]!.vote(motion.id, [0, 1, 2]);
  assert.match(!tooMany.ok ? tooMany.error.message : '', /超过了允许的数量/);
  const marks = [[0, 1], [0, 1], [0, 2], [0], []];
  for (const [i, p] of phones.entries()) assert.ok((await p.vote(motion.id, marks[i]!)).ok);
  const closed = await closeMotion(hall, motion.id);
  assert.equal(closed.result!.counts, [4, 2, 1]);
  assert.equal(closed.result!.winners, [0]);
  assert.match(
    closed.result!.statement['zh-CN'],
    /得票至少 3 票（超过到会 5 人的半数）且居前 2 名者当选：张三 4 票、李四 2 票、王五 1 票 — 当选：张三$/,
  );
  const decisions = await hall.convener.get(`/api/meetings/${hall.meetingId}/decisions`);
  assert.is(decisions.body.items[0].text, '选举村民小组长（两名）：张三');
  for (const p of phones) p.close();
  hall.close();
});

test('bad motions are refused by field, and a custom rule must make sense', async () => {
  const hall = await openHall(srv, { members: 2 });
  const base = { meetingId: hall.meetingId, agendaItemId: hall.itemId, question: '是否同意？', kind: 'open' };
  const refusal = async (body: Record<string, unknown>) => {
    const r = await call(hall.console, 'motion:create', { ...base, ...body });
    assert.ok(!r.ok, JSON.stringify(body));
    return !r.ok ? ((r.error.details as { fields: { path: string; message: string }[] }).fields ?? []) : [];
  };
  assert.match(JSON.stringify(await refusal({ options: ['甲', '乙'] })), /不需要自定义选项/);
  assert.match(JSON.stringify(await refusal({ form: 'choice', options: ['甲'] })), /至少需要两个选项/);
  assert.match(
    JSON.stringify(await refusal({ form: 'election', options: ['甲', '乙'], maxChoices: 3 })),
    /可选项数不能多于选项数/,
  );
  assert.match(JSON.stringify(await refusal({ kind: 'secret', liveTally: true })), /只有记名表决可以实时显示票数/);
  const custom = (quorum: object) => ({
    rules: { custom: { quorum, pass: { numerator: 1, denominator: 2, strict: true, base: 'present' } } },
  });
  assert.match(
    JSON.stringify(await refusal(custom({ numerator: 1, denominator: 2, strict: true, base: 'present' }))),
    /法定人数应按/,
  );
  const ok = await call<MotionView>(hall.console, 'motion:create', {
    ...base,
    ...custom({ numerator: 3, denominator: 5, strict: false, base: 'members', counted: 'cast' }),
  });
  assert.ok(ok.ok && ok.data.body === 'custom' && ok.data.rules.quorum?.counted === 'cast', JSON.stringify(ok));
  const unknownItem = await call(hall.console, 'motion:create', { ...base, agendaItemId: 999_999 });
  assert.ok(!unknownItem.ok && unknownItem.error.code === 'validation_failed');
  const noMeeting = await new Client(srv.url).get('/api/motions/1');
  assert.is(errorCode(noMeeting.body), 'unauthenticated');
  hall.close();
});

test('the vote opens on the projector: opening a motion puts the board on screen', async () => {
  const hall = await openHall(srv, { members: 2 });
  const motion = await createMotion(hall);
  const state = waitForMatch<{ screenMode: string }>(hall.console, 'meeting:state', (s) => s.screenMode === 'vote');
  await openMotion(hall, motion.id);
  assert.is((await state).screenMode, 'vote');
  hall.close();
});

test.run();
