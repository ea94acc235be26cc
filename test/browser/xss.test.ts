import type { Browser, Page } from 'puppeteer-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launchBrowser, newPage, type TestPage } from '../helpers/browser.js';
import { Client } from '../helpers/http.js';
import { call, connectSocket } from '../helpers/realtime.js';
import { startTestServer } from '../helpers/server.js';
import { makeResolution, orgIdOf } from '../helpers/resolutions.js';
import { checkIn } from '../helpers/voting.js';

/**
 * Known XSS payloads in everything people type — topic titles and details, submitter names,
 * reviewers' replies, agenda items, guests' names, the screen message, the minutes — rendered
 * on the pages that show them to others: the resident's tracking page, the reviewer's topic,
 * the convener's console, the projector in each mode, a participant's phone and the minutes.
 * In real Chromium: no payload runs (each would set window.__xss), none becomes an element
 * (no element anywhere, shadow roots included, carries an on* attribute, and no img, iframe,
 * svg or script comes from them), and each is visible as the text that was typed.
 */
const srv = await startTestServer({
  config: {
    clientDir: new URL('../../dist/client', import.meta.url).pathname,
    loginRateLimit: 1000,
    intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 },
  },
});
let browser: Browser;
test.before(async () => {
  browser = await launchBrowser();
});
test.after(async () => {
  await browser?.close();
  await srv.close();
});

const TITLE = '<img src=x onerror=__xss=1>桥';
const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '"><svg onload="window.__xss=1">',
  '\'><iframe srcdoc="<script>parent.__xss=1</script>">',
  '<a href="javascript:window.__xss=1" id="xss-link">点我</a>',
  '${window.__xss=1}{{constructor.constructor("window.__xss=1")()}}',
  '<details open ontoggle="window.__xss=1">',
];
const DETAILS = PAYLOADS.join('\n');
const NAME = '<b onclick=__xss=1>刘';
const REPLY = '<img src=x onerror="window.__xss=1">已转交';
const GUEST = '<svg/onload=__xss=1>';
const ITEM = '"><img src=x onerror=__xss=1>';
const MESSAGE = '<script>__xss=1</script>请安静';
const MINUTES = '<img src=x onerror=__xss=1>记录';

/** What a page shows, with everything injected counted: runs in the page. */
async function inspect(page: Page): Promise<{ ran: boolean; injected: string[]; text: string }> {
  return page.evaluate(() => {
    const injected: string[] = [];
    const texts: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of Array.from(root.querySelectorAll('*'))) {
        for (const attr of Array.from(el.attributes))
          if (/^on/i.test(attr.name)) injected.push(`${el.tagName} ${attr.name}`);
        const tag = el.tagName.toLowerCase();
        if (tag === 'iframe' || tag === 'details' || (tag === 'img' && el.getAttribute('src') === 'x'))
          injected.push(tag);
        if (tag === 'script' && !(el as HTMLScriptElement).src) injected.push('inline script');
        if (tag === 'a' && /^javascript:/i.test(el.getAttribute('href') ?? '')) injected.push('javascript: link');
        if (el.shadowRoot) visit(el.shadowRoot);
      }
      texts.push(root instanceof Document ? (root.body?.innerText ?? '') : (root.textContent ?? ''));
    };
    visit(document);
    return { ran: (window as unknown as { __xss?: unknown }).__xss !== undefined, injected, text: texts.join('\n') };
  });
}

/** Waits until the page shows `texts` (as text), then checks nothing was injected or ran. */
async function assertInert(p: TestPage, where: string, texts: string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  let seen = await inspect(p.page);
  while (!texts.every((t) => seen.text.includes(t)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    seen = await inspect(p.page);
  }
  const missing = texts.filter((t) => !seen.text.includes(t));
  assert.equal(missing, [], `${where}: shown as text`);
  assert.equal(seen.injected, [], `${where}: injected elements`);
  assert.is(seen.ran, false, `${where}: a payload ran`);
}

async function loginAs(p: TestPage, username: string): Promise<void> {
  const res = await p.page.goto(`${srv.url}/healthz`);
  assert.is(res?.status(), 200);
  const status = await p.page.evaluate(
    async (u: string, password: string) =>
      (
        await fetch('/api/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: u, password }),
        })
      ).status,
    username,
    srv.password(username),
  );
  assert.is(status, 200);
}

test('typed payloads stay text on the tracking page, the review page, the console, the projector, a phone and the minutes', async () => {
  const resident = new Client(srv.url);
  const submit = async (title: string) => {
    const r = await resident.post(`/api/intake/${srv.intakeCodes[0]}/topics`, {
      title,
      details: DETAILS,
      category: '公共设施',
      name: NAME,
      phone: '13912345678',
    });
    assert.is(r.status, 201, JSON.stringify(r.body));
    return r.body as { receipt: string };
  };
  const declined = await submit(TITLE);
  const accepted = await submit(`${TITLE}二`);
  const reviewer = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const topicId = async (receipt: string) => (await srv.db.models.Topic.findOne({ where: { receipt } }))!.id;
  const declinedId = await topicId(declined.receipt);
  assert.is((await reviewer.post(`/api/topics/${declinedId}/decline`, { reply: REPLY })).status, 200);
  const acceptedId = await topicId(accepted.receipt);
  const owner = (await srv.db.models.User.findOne({ where: { username: 'demo-representative' } }))!.id;
  assert.is((await reviewer.post(`/api/topics/${acceptedId}/accept`, { ownerId: owner })).status, 200);

  const convener = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const village = (await srv.db.models.Organisation.findOne({ where: { name: '桃园村（演示）' } }))!.id;
  const created = await convener.post('/api/meetings', {
    organisationId: village,
    kind: 'consultation',
    title: '安全测试议事会',
    venue: '村委会',
    startsAt: new Date(Date.now() + 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 7_200_000).toISOString(),
    body: 'free_consultation',
  });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const meetingId = created.body.id as number;
  assert.is((await convener.post(`/api/meetings/${meetingId}/agenda`, { topicId: acceptedId })).status, 200);
  assert.is((await convener.post(`/api/meetings/${meetingId}/agenda`, { title: ITEM, notes: DETAILS })).status, 200);
  const roster = await convener.post(`/api/meetings/${meetingId}/invitees`, {
    name: GUEST,
    category: 'resident',
    member: true,
  });
  assert.is(roster.status, 200, JSON.stringify(roster.body));
  await convener.post(`/api/meetings/${meetingId}/transition`, { to: 'scheduled' });
  assert.is((await convener.post(`/api/meetings/${meetingId}/transition`, { to: 'live' })).status, 200);
  const screenToken = new URL(
    (await convener.post(`/api/meetings/${meetingId}/screen-link`)).body.url,
  ).searchParams.get('token')!;
  const participant = await checkIn(srv, meetingId, roster.body.invitees[0].id);
  const [agendaItem] = await srv.app.services.meetings.agenda(meetingId);
  await srv.app.services.minutes.appendToItem(meetingId, agendaItem!.id, [
    { type: 'paragraph', content: [{ type: 'text', text: MINUTES }] },
  ]);
  const hall = await connectSocket(srv.url, convener.cookieHeader);
  assert.ok((await call(hall, 'meeting:join', { meetingId })).ok);
  const drive = async (command: Record<string, unknown>) =>
    assert.ok((await call(hall, 'meeting:drive', { meetingId, ...command })).ok, JSON.stringify(command));
  await drive({ action: 'message', text: MESSAGE });

  const track = await newPage(browser, { locale: 'zh-CN', width: 390, height: 844 });
  await track.page.goto(`${srv.url}/t/${declined.receipt}`);
  await assertInert(track, 'tracking page', [TITLE, REPLY]);

  const review = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 900 });
  await loginAs(review, 'demo-reviewer');
  await review.page.goto(`${srv.url}/review/${declinedId}`);
  await assertInert(review, 'review page', [TITLE, PAYLOADS[0]!, NAME, REPLY]);

  const console_ = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 900 });
  await loginAs(console_, 'demo-convener');
  await console_.page.goto(`${srv.url}/m/${meetingId}/console`);
  await assertInert(console_, 'console', [`${TITLE}二`, ITEM, MESSAGE, GUEST]);

  const projector = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 720 });
  await projector.page.goto(`${srv.url}/m/${meetingId}/screen?token=${screenToken}`);
  await assertInert(projector, 'projector: item', [`${TITLE}二`, MESSAGE]);
  await drive({ action: 'screen', mode: 'agenda' });
  await assertInert(projector, 'projector: agenda', [ITEM]);
  await drive({ action: 'screen', mode: 'attendance' });
  await assertInert(projector, 'projector: attendance', []);
  await drive({ action: 'screen', mode: 'minutes' });
  await assertInert(projector, 'projector: minutes', [MINUTES]);

  const phone = await newPage(browser, { locale: 'zh-CN', width: 390, height: 844 });
  await phone.page.goto(`${srv.url}/m/${meetingId}?invite=${participant}`);
  await assertInert(phone, 'phone', [MESSAGE, MINUTES]);

  const minutes = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 900 });
  await loginAs(minutes, 'demo-convener');
  await minutes.page.goto(`${srv.url}/m/${meetingId}/minutes`);
  await assertInert(minutes, 'minutes editor', [MINUTES, ITEM]);

  hall.close();
  for (const p of [track, review, console_, projector, phone, minutes]) await p.close();
});

test('payloads in a resolution, its progress notes and result stay text on the board, the dashboard and the tracking page', async () => {
  const resident = new Client(srv.url);
  const submitted = await resident.post(`/api/intake/${srv.intakeCodes[0]}/topics`, {
    title: `${TITLE}三`,
    details: DETAILS,
    category: '公共设施',
  });
  assert.is(submitted.status, 201, JSON.stringify(submitted.body));
  const topic = (await srv.db.models.Topic.findOne({ where: { receipt: submitted.body.receipt } }))!;
  const TEXT = '<img src=x onerror=__xss=1>修路';
  const NOTE = '<svg onload=__xss=1>已订购';
  const RESULT = '"><script>__xss=1</script>已修好';
  const id = await makeResolution(srv, 'accepted', { topicId: topic.id });
  await srv.db.models.Resolution.update({ text: TEXT }, { where: { id } });
  const department = await new Client(srv.url).login('demo-department', srv.password('demo-department'));
  assert.is((await department.post(`/api/resolutions/${id}/progress`, { note: NOTE })).status, 200);
  assert.is((await department.post(`/api/resolutions/${id}/report`, { result: RESULT })).status, 200);

  const board = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 900 });
  await board.page.goto(`${srv.url}/board/${await orgIdOf(srv, '桃园村（演示）')}`);
  await assertInert(board, 'public board', [TEXT]);

  const track = await newPage(browser, { locale: 'zh-CN', width: 390, height: 844 });
  await track.page.goto(`${srv.url}/t/${submitted.body.receipt}`);
  await assertInert(track, 'tracking page: resolution', [TEXT, RESULT]);

  const follow = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 900 });
  await loginAs(follow, 'demo-convener');
  await follow.page.goto(`${srv.url}/follow`);
  await assertInert(follow, 'follow dashboard', [TEXT]);
  await follow.page.goto(`${srv.url}/follow/${id}`);
  await assertInert(follow, 'resolution page', [TEXT, NOTE, RESULT]);
  for (const p of [board, track, follow]) await p.close();
});

test.run();
