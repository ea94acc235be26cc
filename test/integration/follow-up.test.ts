import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ResolutionDetail, TrackedResolution } from '../../shared/schemas/resolution.js';
import type { TrackView } from '../../shared/schemas/intake.js';
import { Client, errorCode } from '../helpers/http.js';
import { orgIdOf, passedMotion } from '../helpers/resolutions.js';
import { FakeClock, startTestServer } from '../helpers/server.js';

/**
 * The follow-up as people use it (issue 17), over the real API: the 交办说明 written at dispatch is
 * kept for the unit; a passed motion's resolution reads as a statement, editable at dispatch and
 * shown to the public; the resident's badge follows the work and the receipt rates a report once;
 * the board has a short public address; the meeting's date on a resident's timeline is China's;
 * the readable signed-in hint follows the session.
 */
const clock = new FakeClock(new Date('2026-11-25T01:30:00Z'));
const srv = await startTestServer({
  clock,
  config: { loginRateLimit: 10_000, intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 } },
});
test.after(() => srv.close());

const login = (u: string) => new Client(srv.url).login(u, srv.password(u));
const village = await orgIdOf(srv, '桃园村（演示）');
const township = await orgIdOf(srv, '青山镇（演示）');

const detail = async (c: Client, id: number): Promise<ResolutionDetail> => {
  const res = await c.get(`/api/resolutions/${id}`);
  assert.is(res.status, 200, JSON.stringify(res.body));
  return res.body;
};
const trackView = async (receipt: string): Promise<TrackView> =>
  (await new Client(srv.url).get(`/api/track/${receipt}`)).body;
const tracked = async (receipt: string): Promise<TrackedResolution> =>
  (await new Client(srv.url).get(`/api/track/${receipt}/resolutions`)).body.items[0];
const rate = (receipt: string, resolutionId: number, rating: string) =>
  new Client(srv.url).post(`/api/track/${receipt}/rating`, { resolutionId, rating, deviceId: 'resident-phone-0001' });

test('the 交办说明 written at dispatch is stored for the unit, not replaced by the unit’s name, and not public', async () => {
  const { receipt, resolutionId: id } = await passedMotion(srv, '村口排水沟堵塞');
  const convener = await login('demo-convener');
  const note = '先清淤，再看是否需要加盖板；联系人村委会老李';
  const res = await convener.post(`/api/resolutions/${id}/dispatch`, { responsibleOrganisationId: township, note });
  assert.is(res.status, 200, JSON.stringify(res.body));
  assert.is((res.body as ResolutionDetail).dispatchNote, note);
  const department = await login('demo-department');
  assert.is((await detail(department, id)).dispatchNote, note);
  assert.is((await srv.db.models.Resolution.findByPk(id))!.dispatchNote, note);
  // The public sees which unit, never the note.
  const seen = await tracked(receipt);
  assert.ok(seen.timeline.some((s) => s.kind === 'dispatched' && s.note === '青山镇（演示）'));
  assert.not.ok(JSON.stringify(seen).includes('老李'));
  assert.not.ok(JSON.stringify((await new Client(srv.url).get(`/api/board/${village}`)).body).includes('老李'));
});

test('a passed motion’s resolution reads as a statement, editable at dispatch, on the board and the tracking page', async () => {
  const { receipt, resolutionId: id } = await passedMotion(srv, '修建村东头的水渠');
  const convener = await login('demo-convener');
  const draft = await detail(convener, id);
  assert.is(draft.text, '同意修建村东头的水渠');
  assert.is(draft.question, '是否同意：修建村东头的水渠？');
  assert.is((await srv.db.models.Resolution.findByPk(id))!.wording, '同意修建村东头的水渠');
  // Too short a wording is refused and changes nothing.
  const bad = await convener.post(`/api/resolutions/${id}/dispatch`, {
    responsibleOrganisationId: township,
    wording: 'x',
  });
  assert.is(bad.status, 400);
  assert.is((await detail(convener, id)).state, 'draft');

  const wording = '同意由镇水利站负责修建村东头水渠，年底前完工';
  const res = await convener.post(`/api/resolutions/${id}/dispatch`, { responsibleOrganisationId: township, wording });
  assert.is(res.status, 200, JSON.stringify(res.body));
  assert.is(res.body.text, wording);
  const board = (await new Client(srv.url).get(`/api/board/${village}`)).body;
  const row = board.resolutions.find((r: { id: number }) => r.id === id);
  assert.is(row.text, wording);
  assert.not.ok(JSON.stringify(board).includes('是否同意：修建村东头的水渠'));
  assert.is((await tracked(receipt)).text, wording);
  const list = (await convener.get(`/api/resolutions?organisationId=${village}`)).body;
  assert.is(list.items.find((r: { id: number }) => r.id === id).text, wording);
});

test('the resident’s badge follows the work; the receipt rates a report once, and the form is not offered again', async () => {
  const { receipt, resolutionId: id } = await passedMotion(srv, '村小学门口路灯坏了');
  assert.is((await trackView(receipt)).progress, null, 'a draft is not public yet');
  assert.is((await trackView(receipt)).status, 'accepted');
  const convener = await login('demo-convener');
  const department = await login('demo-department');
  await convener.post(`/api/resolutions/${id}/dispatch`, { responsibleOrganisationId: township });
  assert.is((await trackView(receipt)).progress, 'in_hand');
  await department.post(`/api/resolutions/${id}/accept`);
  await department.post(`/api/resolutions/${id}/report`, { result: '已更换 2 盏路灯' });
  assert.is((await trackView(receipt)).progress, 'done');
  assert.ok((await tracked(receipt)).canRate);

  const first = await rate(receipt, id, 'satisfied');
  assert.is(first.status, 200, JSON.stringify(first.body));
  assert.is(first.body.items[0].canRate, false);
  assert.is((await tracked(receipt)).canRate, false);
  assert.is((await trackView(receipt)).progress, 'rated');
  // A second rating of the same report is refused and changes nothing.
  const second = await rate(receipt, id, 'dissatisfied');
  assert.is(second.status, 409);
  assert.is(errorCode(second.body), 'conflict');
  assert.match(second.body.error.message, /已经评价过/);
  const row = (await srv.db.models.Resolution.findByPk(id))!;
  assert.is(row.state, 'reported');
  assert.is(row.rating, 'satisfied');

  assert.is((await convener.post(`/api/resolutions/${id}/close`, { speed: 5, quality: 5 })).status, 200);
  assert.is((await trackView(receipt)).progress, 'closed');
});

test('the public board has a short address: /b/<code> leads to it, the API answers by code, any case', async () => {
  const org = (await srv.db.models.Organisation.findByPk(village))!;
  assert.match(org.boardCode, /^[2-9A-Z]{6}$/);
  assert.match(org.boardCode, /[A-Z]/, 'never all digits, so never read as an id');
  // Every demo organisation has its own.
  const codes = (await srv.db.models.Organisation.findAll()).map((o) => o.boardCode);
  assert.ok(codes.every(Boolean));
  assert.is(new Set(codes).size, codes.length);

  const anon = new Client(srv.url);
  const byCode = await anon.get(`/api/board/${org.boardCode.toLowerCase()}`);
  assert.is(byCode.status, 200, JSON.stringify(byCode.body));
  assert.is(byCode.body.organisation.id, village);
  assert.is(byCode.body.organisation.boardCode, org.boardCode);
  assert.equal(byCode.body.resolutions, (await anon.get(`/api/board/${village}`)).body.resolutions);
  assert.is((await anon.get('/api/board/ZZZZZZ')).status, 404);

  const hop = await anon.get(`/b/${org.boardCode.toLowerCase()}`);
  assert.is(hop.status, 302);
  assert.is(hop.headers.get('location'), `/board/${org.boardCode}`);

  // The resident's pages know the address.
  const info = (await anon.get(`/api/intake/${srv.intakeCodes[0]}`)).body;
  assert.is(info.boardCode, org.boardCode);
  const submitted = await anon.post(`/api/intake/${srv.intakeCodes[0]}/topics`, {
    title: '村里的公告栏玻璃碎了',
    category: '公共设施',
  });
  assert.is((await trackView(submitted.body.receipt)).boardCode, org.boardCode);

  // A new organisation gets one too.
  const admin = await login('admin');
  const created = await admin.post('/api/organisations', { name: '新建村', kind: 'village', parentId: township });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const fresh = (await srv.db.models.Organisation.findByPk(created.body.id))!;
  assert.match(fresh.boardCode, /^[2-9A-Z]{6}$/);
});

test('a resident’s timeline names the meeting with its China date, not the UTC one', async () => {
  const submitted = await new Client(srv.url).post(`/api/intake/${srv.intakeCodes[0]}/topics`, {
    title: '二组机耕路坑洼',
    category: '道路交通',
  });
  const receipt = submitted.body.receipt as string;
  const topic = await srv.app.services.intake.findByReceipt(receipt);
  const reviewer = await login('demo-reviewer');
  const owner = (await srv.db.models.User.findOne({ where: { username: 'demo-convener' } }))!.id;
  assert.is((await reviewer.post(`/api/topics/${topic.id}/accept`, { ownerId: owner })).status, 200);
  const convener = await login('demo-convener');
  // 07:30 on 2 December in the village is still 1 December in UTC.
  const meeting = await convener.post('/api/meetings', {
    organisationId: village,
    kind: 'consultation',
    title: '早间议事会',
    venue: '村委会会议室',
    startsAt: '2026-12-02T07:30:00+08:00',
    endsAt: '2026-12-02T09:00:00+08:00',
    body: 'free_consultation',
  });
  assert.is(meeting.status, 201, JSON.stringify(meeting.body));
  const added = await convener.post(`/api/meetings/${meeting.body.id}/agenda`, { topicId: topic.id });
  assert.ok(added.status < 300, JSON.stringify(added.body));
  const step = (await trackView(receipt)).timeline.find((e) => e.kind === 'placed_on_agenda');
  assert.is(step?.detail, '早间议事会（2026-12-02）');
});

test('the readable signed-in hint follows the session: set at login, cleared at logout and when the session is gone', async () => {
  const raw = async (path: string, cookie: string, init: RequestInit = {}) =>
    fetch(srv.url + path, { ...init, headers: { ...(init.headers ?? {}), cookie }, redirect: 'manual' });
  const hint = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('yishi_signed_in='));

  const loggedIn = await fetch(`${srv.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo-secretary', password: srv.password('demo-secretary') }),
  });
  assert.is(loggedIn.status, 200);
  const set = hint(loggedIn)!;
  assert.match(set, /^yishi_signed_in=1;/);
  assert.not.match(set, /HttpOnly/i, 'scripts must read it');
  const session = loggedIn.headers.getSetCookie().find((c) => c.startsWith('yishi_sid='))!;
  assert.match(session, /HttpOnly/i, 'the session cookie itself stays HttpOnly');
  const sid = session.split(';')[0]!;
  const { csrfToken } = (await loggedIn.json()) as { csrfToken: string };

  // A browser signed in before the hint existed gets it at its next request; one with the hint is left alone.
  assert.match(hint(await raw('/api/session', sid)) ?? '', /^yishi_signed_in=1;/);
  assert.is(hint(await raw('/api/session', `${sid}; yishi_signed_in=1`)), undefined);
  // Without a session, a stale hint is cleared; without either, nothing is said.
  assert.match(hint(await raw('/login', 'yishi_signed_in=1')) ?? '', /^yishi_signed_in=;/);
  assert.is(hint(await raw('/login', '')), undefined);

  // Logging out clears it; CSRF still guards the write.
  assert.is((await raw('/api/session', `${sid}; yishi_signed_in=1`, { method: 'DELETE' })).status, 403);
  const out = await raw('/api/session', `${sid}; yishi_signed_in=1`, {
    method: 'DELETE',
    headers: { 'x-csrf-token': csrfToken },
  });
  assert.is(out.status, 204);
  assert.match(hint(out) ?? '', /^yishi_signed_in=;/);
});

test.run();
