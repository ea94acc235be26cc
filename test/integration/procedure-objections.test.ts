import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashPassword } from '../../server/services/passwords.js';
import type { ProcedureDetail, ProcedureList } from '../../shared/schemas/procedure.js';
import type { NotificationView } from '../../shared/schemas/resolution.js';
import { Client, errorCode } from '../helpers/http.js';
import { connectSocket, waitForMatch } from '../helpers/realtime.js';
import { onDisplay, villageId } from '../helpers/procedures.js';
import { FakeClock, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Objections (异议) against a real server and database: a resident objects through the village's
 * intake code while a matter is on display and keeps a receipt; the village's reviewers and the
 * matter's opener are told over a real Socket.IO connection; the answer reaches the resident by
 * receipt without anyone's phone; an unanswered objection flags the matter until it is answered;
 * after the period the server refuses; a reviewer of another village neither sees nor answers it.
 * The intake form's limits are in procedure-objection-limits.test.ts (a server of its own).
 */
const DAY = 86_400_000;
const clock = new FakeClock(new Date('2026-12-01T01:00:00Z'));
const srv = await startTestServer({
  clock,
  config: { loginRateLimit: 10_000, intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 } },
});
test.after(() => srv.close());

const login = (s: TestServer, u: string) => new Client(s.url).login(u, s.password(u));
const device = (n: number) => ({ 'x-device-id': `phone-${process.pid}-${n}-abcdef` });

/** A reviewer of the other demo village (柳溪社区), signed in. */
async function otherReviewer(): Promise<Client> {
  const org = await srv.db.models.Organisation.findOne({ where: { name: '柳溪社区（演示）' } });
  const user = await srv.db.models.User.create({
    username: 'liuxi-reviewer',
    displayName: '柳溪审定',
    passwordHash: await hashPassword('liuxi-password-123'),
    phone: null,
    lockedUntil: null,
  });
  await srv.db.models.Membership.create({ userId: user.id, organisationId: org!.id, role: 'reviewer' });
  return new Client(srv.url).login('liuxi-reviewer', 'liuxi-password-123');
}

const code = () => srv.intakeCodes[0]!;
let id = 0;
let receipt = '';
let objectionId = 0;

test('a resident objects while the matter is on display; the reviewers and the opener are told live', async () => {
  id = await onDisplay(srv, '集体借款修建冷库');
  const reviewer = await login(srv, 'demo-reviewer');
  const convener = await login(srv, 'demo-convener');
  const reviewerSocket = await connectSocket(srv.url, reviewer.cookieHeader);
  const convenerSocket = await connectSocket(srv.url, convener.cookieHeader);
  type Change = { unread: number; latest: NotificationView | null };
  const about = (c: Change) => c.latest?.kind === 'objection' && c.latest.procedureId === id;
  const toReviewer = waitForMatch<Change>(reviewerSocket, 'notifications:changed', about);
  const toOpener = waitForMatch<Change>(convenerSocket, 'notifications:changed', about);

  const resident = new Client(srv.url);
  const shown = await resident.get(`/api/intake/${code()}/procedures`);
  assert.ok(shown.body.items.some((p: { id: number }) => p.id === id));
  const sent = await resident.post(
    `/api/intake/${code()}/objections`,
    { procedureId: id, text: '借款利息太高，建议再比较几家银行', name: '张大爷', phone: '13912345678' },
    device(1),
  );
  assert.is(sent.status, 201, JSON.stringify(sent.body));
  receipt = sent.body.receipt;
  assert.match(receipt, /^[2-9A-HJ-NP-Z]{8}$/);
  assert.ok(sent.body.trackUrl.endsWith(`/o/${receipt}`), sent.body.trackUrl);

  const [r, o] = await Promise.all([toReviewer, toOpener]);
  assert.ok(r.unread >= 1);
  assert.match(r.latest!.text, /集体借款修建冷库/);
  assert.match(r.latest!.text, /借款利息太高/);
  // Nobody's phone or name travels in a notification.
  assert.not.ok(JSON.stringify([r, o]).includes('13912345678'));
  assert.not.ok(JSON.stringify([r, o]).includes('张大爷'));
  reviewerSocket.close();
  convenerSocket.close();
  const list = await reviewer.get('/api/notifications');
  assert.ok(list.body.items.some((n: NotificationView) => n.kind === 'objection' && n.procedureId === id));

  // The matter's page shows it, awaiting an answer, with the phone for those who carry the matter.
  const detail = (await reviewer.get(`/api/procedures/${id}`)).body as ProcedureDetail;
  assert.equal(
    detail.objections.map((x) => [x.status, x.receipt, x.name, x.phone]),
    [['awaiting', receipt, '张大爷', '13912345678']],
  );
  objectionId = detail.objections[0]!.id;
  assert.ok(detail.actions.includes('answer'));
  // The township watches, and sees the objection but not how to reach its author.
  const township = (await (await login(srv, 'demo-department')).get(`/api/procedures/${id}`)).body as ProcedureDetail;
  assert.equal(
    township.objections.map((x) => [x.text, x.phone]),
    [['借款利息太高，建议再比较几家银行', null]],
  );

  // The resident follows it by receipt (as typed: lower case, with a dash), without name or phone.
  const typed = `${receipt.slice(0, 4)}-${receipt.slice(4)}`.toLowerCase();
  const tracked = await resident.get(`/api/objections/${typed}`);
  assert.is(tracked.status, 200);
  assert.equal(
    [tracked.body.status, tracked.body.procedureTitle, tracked.body.publicationKind, tracked.body.answer],
    ['awaiting', '集体借款修建冷库', 'resolution', null],
  );
  assert.not.ok(JSON.stringify(tracked.body).includes('13912345678'));
  assert.not.ok(JSON.stringify(tracked.body).includes('张大爷'));
});

test('a reviewer of another village neither sees the objection, nor answers it, nor is told of it', async () => {
  const other = await otherReviewer();
  const seen = await other.get(`/api/procedures/${id}`);
  assert.is(seen.status, 403);
  const answered = await other.post(`/api/procedures/${id}/objections/${objectionId}/answer`, { answer: '不是本村的' });
  assert.is(answered.status, 403);
  const theirs = await other.get(
    `/api/procedures?organisationId=${(await srv.db.models.Organisation.findOne({ where: { name: '柳溪社区（演示）' } }))!.id}`,
  );
  assert.is(theirs.status, 200);
  assert.not.ok((theirs.body as ProcedureList).items.some((p) => p.id === id));
  assert.is((await other.get(`/api/procedures?organisationId=${await villageId(srv)}`)).status, 403);
  assert.equal((await other.get('/api/notifications')).body.items, []);
  // An answer through the wrong matter's address finds nothing either.
  const elsewhere = await onDisplay(srv, '另一项公示事项');
  const reviewer = await login(srv, 'demo-reviewer');
  const wrong = await reviewer.post(`/api/procedures/${elsewhere}/objections/${objectionId}/answer`, {
    answer: '答错了',
  });
  assert.is(wrong.status, 404);
  const o = await srv.db.models.ProcedureObjection.findByPk(objectionId);
  assert.is(o!.answeredAt, null);
});

test('unanswered when the period ends, the objection flags the matter; the answer clears the flag and reaches the resident', async () => {
  const township = (await srv.db.models.Organisation.findByPk(await villageId(srv)))!.parentId!;
  // Signed in afresh each time: sessions age with the clock.
  const flagged = async () =>
    (
      (await (await login(srv, 'admin')).get(`/api/procedures?organisationId=${township}&flag=objection_unanswered`))
        .body as ProcedureList
    ).items
      .map((p) => p.id)
      .includes(id);
  assert.not.ok(await flagged(), 'not before the period ends');
  clock.advance(8 * DAY);
  assert.ok(await flagged(), 'flagged once the period ended');
  // After the period the server refuses, in the resident's language, and stores nothing.
  const before = await srv.db.models.ProcedureObjection.count();
  const late = await new Client(srv.url).post(
    `/api/intake/${code()}/objections`,
    { procedureId: id, text: '期满后才看到公示' },
    { 'accept-language': 'en' },
  );
  assert.is(late.status, 409);
  assert.is(errorCode(late.body), 'conflict');
  assert.is(late.body.error.message, 'This matter is not on display now.');
  const lateZh = await new Client(srv.url).post(`/api/intake/${code()}/objections`, {
    procedureId: id,
    text: '期满后才看到公示',
  });
  assert.is(lateZh.body.error.message, '这项事项当前不在公示期内。');
  assert.is(await srv.db.models.ProcedureObjection.count(), before);
  const gone = await new Client(srv.url).get(`/api/intake/${code()}/procedures`);
  assert.not.ok(gone.body.items.some((p: { id: number }) => p.id === id));

  const reviewer = await login(srv, 'demo-reviewer');
  const answered = await reviewer.post(`/api/procedures/${id}/objections/${objectionId}/answer`, {
    answer: '已比较三家银行，信用社利率最低，详见公示附件',
  });
  assert.is(answered.status, 200, JSON.stringify(answered.body));
  assert.equal((answered.body as ProcedureDetail).flags, []);
  assert.is((answered.body as ProcedureDetail).objections[0]!.status, 'answered');
  assert.not.ok(await flagged(), 'answering cleared the flag');
  const twice = await reviewer.post(`/api/procedures/${id}/objections/${objectionId}/answer`, { answer: '再答一次' });
  assert.is(twice.status, 409);

  const tracked = await new Client(srv.url).get(`/api/objections/${receipt}`);
  assert.equal(
    [tracked.body.status, tracked.body.answer],
    ['answered', '已比较三家银行，信用社利率最低，详见公示附件'],
  );
  assert.not.ok(JSON.stringify(tracked.body).includes('13912345678'));
  const unknown = await new Client(srv.url).get('/api/objections/ZZZZ2222');
  assert.is(unknown.status, 404);
  assert.match(unknown.body.error.message, /回执码/);
});

test('bad input changes nothing and says why', async () => {
  const matter = await onDisplay(srv, '村集体厂房出租');
  const resident = new Client(srv.url);
  const before = await srv.db.models.ProcedureObjection.count();
  const cases: [string, unknown, number][] = [
    ['too short', { procedureId: matter, text: '不' }, 400],
    ['not a mobile number', { procedureId: matter, text: '租金太低了', phone: '12345' }, 400],
    ['the honeypot filled in', { procedureId: matter, text: '租金太低了', website: 'http://spam' }, 400],
    ['an unknown field', { procedureId: matter, text: '租金太低了', admin: true }, 400],
    ['a matter that does not exist', { procedureId: 999_999, text: '租金太低了' }, 404],
  ];
  for (const [name, body, status] of cases) {
    const r = await resident.post(`/api/intake/${code()}/objections`, body);
    assert.is(r.status, status, `${name}: ${JSON.stringify(r.body)}`);
    errorCode(r.body);
  }
  // A matter of this village through the other village's code is not found there.
  const other = await resident.post(`/api/intake/${srv.intakeCodes[1]}/objections`, {
    procedureId: matter,
    text: '租金太低了',
  });
  assert.is(other.status, 404);
  // A disabled code looks like an unknown one.
  await srv.db.models.IntakeCode.update({ disabled: true }, { where: { code: code() } });
  srv.app.services.intake.forget();
  const disabled = await resident.post(`/api/intake/${code()}/objections`, { procedureId: matter, text: '租金太低了' });
  await srv.db.models.IntakeCode.update({ disabled: false }, { where: { code: code() } });
  assert.is(disabled.status, 404);
  const badKey = await resident.post(
    `/api/intake/${code()}/objections`,
    { procedureId: matter, text: '租金太低了' },
    { 'idempotency-key': 'x' },
  );
  assert.is(badKey.status, 400);
  assert.is(await srv.db.models.ProcedureObjection.count(), before);
});

test('a retry with the same Idempotency-Key (a lost answer on a weak signal) returns the first receipt', async () => {
  const matter = await onDisplay(srv, '村集体林地流转');
  const resident = new Client(srv.url);
  const send = () =>
    resident.post(
      `/api/intake/${code()}/objections`,
      { procedureId: matter, text: '流转价格请再公示明细' },
      { 'idempotency-key': 'objection-retry-0001' },
    );
  const [a, b] = await Promise.all([send(), send()]);
  const c = await send();
  assert.equal([a.status, b.status, c.status], [201, 201, 201]);
  assert.equal(new Set([a.body.receipt, b.body.receipt, c.body.receipt]).size, 1);
  assert.is(await srv.db.models.ProcedureObjection.count({ where: { procedureId: matter } }), 1);
});

test.run();
