import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'puppeteer-core';
import { checkA11y, confirmYes, fill, launchBrowser, newPage, screenshot, type TestPage } from '../helpers/browser.js';
import { Client } from '../helpers/http.js';
import { FakeClock, startTestServer } from '../helpers/server.js';

/**
 * The hall in three real browsers against a real server: the convener's console, the projector
 * (a screen link, no login) and a participant's phone (checked in through the projector's QR).
 * The server's clock is a fake one, so a check-in code can be made to expire and the speaker
 * countdown to run out without waiting.
 */
const clock = new FakeClock(new Date());
const srv = await startTestServer({
  clock,
  config: { clientDir: new URL('../../dist/client', import.meta.url).pathname, loginRateLimit: 1000 },
});
let browser: Browser;

test.before(async () => {
  browser = await launchBrowser();
});
test.after(async () => {
  await browser?.close();
  await srv.close();
});

/** The anonymous GET /api/session 401 is expected on public pages; anything else is a bug. */
const realErrors = (p: TestPage) => p.errors.filter((e) => !/status of 401/.test(e));
/** Links the server prints use PUBLIC_URL; the test server answers on 127.0.0.1. */
const local = (url: string) => {
  const u = new URL(url, srv.url);
  return srv.url + u.pathname + u.search;
};

/**
 * Polls a shadow-piercing selector until `accept` holds for its text (or attribute), or fails
 * with what was seen. Polling, not puppeteer's waitForSelector: that watches the light DOM for
 * mutations, and a state pushed over the socket changes only shadow roots.
 */
async function waitFor(
  page: Page,
  selector: string,
  accept: (value: string) => boolean,
  options: { attribute?: string; timeout?: number } = {},
): Promise<string> {
  const deadline = Date.now() + (options.timeout ?? 10_000);
  let seen = '(absent)';
  while (Date.now() < deadline) {
    const el = await page.$(selector);
    if (el) {
      seen = await el.evaluate(
        (n, attr) =>
          attr === 'value'
            ? (n as HTMLInputElement).value
            : attr
              ? (n.getAttribute(attr) ?? '')
              : (n.textContent ?? '').trim(),
        options.attribute ?? '',
      );
      if (accept(seen)) return seen;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `timed out waiting on ${selector}${options.attribute ? `[${options.attribute}]` : ''}; last seen: ${seen}`,
  );
}

async function loginAs(p: TestPage, username: string): Promise<void> {
  await p.page.goto(srv.url + '/login');
  await fill(p.page, '>>> [data-test="login-username"]', username);
  await fill(p.page, '>>> [data-test="login-password"]', srv.password(username));
  await p.page.click('>>> [data-test="login-submit"]');
  await p.page.waitForSelector('>>> [data-test="nav"]');
}

/** Answers yes once the confirmation dialog is open. */
async function confirm(page: Page): Promise<void> {
  await confirmYes(page);
}
const village = async () => (await srv.db.models.Organisation.findOne({ where: { name: '桃园村（演示）' } }))!.id;

/** A live representatives' meeting of three members (quorum 2) with two items, through the API. */
async function liveMeeting(title: string, secretaries: string[] = []): Promise<number> {
  const c = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const start = new Date(clock.now().getTime() + 3_600_000);
  const created = await c.post('/api/meetings', {
    organisationId: await village(),
    kind: 'consultation',
    title,
    venue: '村委会会议室',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 7_200_000).toISOString(),
    body: 'representatives_meeting',
    secretaryIds: await Promise.all(
      secretaries.map(async (u) => (await srv.db.models.User.findOne({ where: { username: u } }))!.id),
    ),
  });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as number;
  await c.post(`/api/meetings/${id}/agenda`, {
    title: '村道硬化方案',
    notes: '预算 12 万元，由村集体和上级补助共同承担。',
  });
  await c.post(`/api/meetings/${id}/agenda`, { title: '垃圾分类试点', notes: '' });
  for (const name of ['王代表', '李代表', '张代表'])
    await c.post(`/api/meetings/${id}/invitees`, { name, category: 'representative', member: true });
  await c.post(`/api/meetings/${id}/transition`, { to: 'scheduled' });
  assert.is((await c.post(`/api/meetings/${id}/transition`, { to: 'live' })).status, 200);
  return id;
}

/** Opens the console of a fresh meeting as the demo convener and issues a projector link there. */
async function consoleWithScreenLink(meetingId: number): Promise<{ console: TestPage; screenUrl: string }> {
  const p = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 900 });
  await loginAs(p, 'demo-convener');
  await p.page.goto(`${srv.url}/m/${meetingId}/console`);
  await p.page.waitForSelector('>>> [data-test="console-agenda"]');
  await p.page.click('>>> [data-test="screen-link-issue"]');
  const url = await waitFor(p.page, '>>> [data-test="screen-url"]', (v) => v.includes('/screen?token='), {
    attribute: 'value',
  });
  return { console: p, screenUrl: local(url) };
}

/**
 * Records, on every animation frame, whether the projector showed an empty stage: the visible
 * mode must always have rendered content. Read back with `blankFrames`.
 */
async function watchForBlankFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { blank: number; frames: number };
    w.blank = 0;
    w.frames = 0;
    const check = () => {
      const root = document.querySelector('yishi-app')?.shadowRoot?.querySelector('yishi-screen-page')?.shadowRoot;
      const visible = root?.querySelector('[data-test="screen-mode"]:not([hidden])');
      const element = visible?.firstElementChild as HTMLElement | null | undefined;
      const text = element?.shadowRoot?.textContent?.trim() ?? '';
      w.frames++;
      if (!element || !text || element.getBoundingClientRect().height === 0) w.blank++;
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}
const blankFrames = (page: Page) => page.evaluate(() => (window as unknown as { blank: number; frames: number }).blank);

/** Resolves once nothing matches the selector. */
async function waitGone(page: Page, selector: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (await page.$(selector)) {
    if (Date.now() > deadline) throw new Error(`${selector} still there after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The text of an element once it is there. */
const textOf = (page: Page, selector: string) => waitFor(page, selector, () => true);
const titleOnScreen = (page: Page) => textOf(page, '>>> [data-test="hall-item-title"]');

test('a convener prepares a meeting: form, agenda from accepted topics and free items, invitees, publish and start', async () => {
  const p = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 900 });
  await loginAs(p, 'demo-convener');
  await p.page.click('>>> [data-test="nav-link"][data-path="/meetings"]');
  await p.page.waitForSelector('>>> [data-test="meetings-table"]');
  await checkA11y(p.page, '/meetings');
  await p.page.click('>>> [data-test="status-filter"][data-status="live"]');
  const statuses = () =>
    p.page.$$eval('>>> [data-test="meeting-row"]', (rows) => rows.map((r) => r.getAttribute('data-status')));
  const deadline = Date.now() + 5000;
  while (!(await statuses()).every((s) => s === 'live') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const live = await statuses();
  assert.ok(live.length > 0 && live.every((s) => s === 'live'), String(live));

  await p.page.click('>>> [data-test="meeting-new"]');
  await p.page.waitForSelector('>>> [data-test="meeting-form"]');
  await checkA11y(p.page, '/meetings/new');
  await p.page.select('>>> [data-test="meeting-kind"]', 'roundtable');
  await fill(p.page, '>>> [data-test="meeting-title"]', '党代表圆桌会议（测试）');
  await fill(p.page, '>>> [data-test="meeting-venue"]', '党群服务中心');
  const day = new Date(clock.now().getTime() + 14 * 86_400_000);
  const local = (h: number) =>
    `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}T${String(h).padStart(2, '0')}:00`;
  // Ends before it starts: refused next to the field, in Chinese, before anything is sent.
  await p.page.$eval('>>> [data-test="meeting-startsAt"]', (el, v) => ((el as HTMLInputElement).value = v), local(11));
  await p.page.$eval('>>> [data-test="meeting-endsAt"]', (el, v) => ((el as HTMLInputElement).value = v), local(9));
  await p.page.click('>>> [data-test="meeting-save"]');
  assert.match(await textOf(p.page, '>>> [data-test="field-error"][data-field="endsAt"]'), /结束时间必须晚于开始时间/);
  await p.page.$eval('>>> [data-test="meeting-endsAt"]', (el, v) => ((el as HTMLInputElement).value = v), local(12));
  await p.page.select('>>> [data-test="meeting-body"]', 'free_consultation');
  await p.page.click('>>> [data-test="meeting-save"]');
  await p.page.waitForSelector('>>> [data-test="agenda-builder"]');
  assert.match(new URL(p.page.url()).pathname, /^\/meetings\/\d+$/);
  const id = Number(new URL(p.page.url()).pathname.split('/').pop());

  // Accepted topics can be added; a round-table lists those open over 30 days as suggestions.
  await p.page.waitForSelector('>>> [data-test="candidates"] [data-test="candidate-add"]');
  await p.page.click('>>> [data-test="candidates"] [data-test="candidate-add"]');
  await waitFor(p.page, '>>> [data-test="agenda-item"]', (v) => v.includes('群众议题'));
  await fill(p.page, '>>> [data-test="agenda-free-title"]', '其他事项');
  await p.page.click('>>> [data-test="agenda-free-add"]');
  await waitFor(p.page, '>>> [data-test="agenda-item"]:nth-of-type(2)', (v) => v.includes('其他事项'));
  // Move the free item up from the keyboard.
  await p.page.focus('>>> [data-test="agenda-item"]:nth-of-type(2) [data-dir="up"]');
  await p.page.keyboard.press('Enter');
  await waitFor(p.page, '>>> [data-test="agenda-item"]:nth-of-type(1)', (v) => v.includes('其他事项'));
  const firstSaved = async () =>
    (await srv.db.models.AgendaItem.findOne({ where: { meetingId: id }, order: [['position', 'ASC']] }))!.title;
  for (let i = 0; i < 100 && (await firstSaved()) !== '其他事项'; i++) await new Promise((r) => setTimeout(r, 50));
  assert.is(await firstSaved(), '其他事项', 'the new order is saved');

  await fill(p.page, '>>> [data-test="invite-guest-name"]', '孙乡贤');
  await p.page.select('>>> [data-test="invite-guest-category"]', 'notable');
  await p.page.click('>>> [data-test="invite-guest-add"]');
  await waitFor(p.page, '>>> [data-test="invitee"][data-name="孙乡贤"]', (v) => v.includes('乡贤'));
  await p.page.click('>>> [data-test="invite-staff-add"]');
  await waitFor(p.page, '>>> [data-test="invitee-editor"] h2', (v) => v.includes('2'));
  await checkA11y(p.page, `/meetings/${id}`);

  await p.page.click('>>> [data-test="lifecycle-publish"]');
  await confirm(p.page);
  await waitFor(p.page, '>>> [data-test="meeting-status"]', (v) => v === 'scheduled', { attribute: 'data-status' });
  await p.page.click('>>> [data-test="lifecycle-start"]');
  await confirm(p.page);
  await waitFor(p.page, '>>> [data-test="meeting-status"]', (v) => v === 'live', { attribute: 'data-status' });
  assert.ok(await p.page.$('>>> [data-test="console-link"]'));
  assert.equal(realErrors(p), []);
  await p.close();
});

test('convener, projector and phone: advancing shows on both; the desk confirms a QR check-in and the count and quorum move; an expired code is refused', async () => {
  const meetingId = await liveMeeting('三方联席协商议事会');
  const { console: c, screenUrl } = await consoleWithScreenLink(meetingId);
  await checkA11y(c.page, 'console');

  const projector = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 720 });
  await projector.page.goto(screenUrl);
  assert.is(await titleOnScreen(projector.page), '村道硬化方案');
  await watchForBlankFrames(projector.page);
  const fontSize = await projector.page.$eval('>>> [data-test="hall-item-notes"]', (n) =>
    parseFloat(getComputedStyle(n).fontSize),
  );
  assert.ok(fontSize >= 32, `projector body text is ${fontSize}px`);
  assert.match(await textOf(projector.page, '>>> [data-test="hall-code"]'), /^[2-9A-Z]{6}$/);
  await waitFor(projector.page, '>>> [data-test="screen-attendance"]', (v) => v === '0', { attribute: 'data-present' });
  await checkA11y(projector.page, 'projector');

  // Someone without a phone is marked present by hand: one of three, the quorum (2) not yet met.
  await c.page.click('>>> [data-test="register-row"][data-name="李代表"] [data-test="mark-present"]');
  await waitFor(projector.page, '>>> [data-test="screen-attendance"]', (v) => v === '1', { attribute: 'data-present' });
  assert.is(
    await projector.page.$eval('>>> [data-test="screen-attendance"]', (n) => n.getAttribute('data-quorum')),
    'unmet',
  );

  // A participant without a pass scans the corner QR and picks their name: the desk must confirm.
  const checkinUrl = local(await projector.page.$eval('>>> [data-test="hall-qr"]', (n) => n.getAttribute('data-url')!));
  const phone = await newPage(browser, { locale: 'zh-CN', width: 390, height: 844 });
  await phone.page.goto(checkinUrl);
  await phone.page.waitForSelector('>>> [data-test="checkin-choice"][data-name="王代表"]');
  await checkA11y(phone.page, 'check-in');
  await phone.page.click('>>> [data-test="checkin-choice"][data-name="王代表"]');
  await phone.page.click('>>> [data-test="checkin-submit"]');
  await waitFor(phone.page, '>>> [data-test="checkin-pending"]', (v) => v.includes('王代表'));
  await checkA11y(phone.page, 'check-in waiting for the desk');
  // The desk (签到台) on the console sees the request by name and confirms it; only then is he in.
  await waitFor(c.page, '>>> [data-test="desk-request"]', (v) => v === '王代表', { attribute: 'data-name' });
  assert.is(
    await projector.page.$eval('>>> [data-test="screen-attendance"]', (n) => n.getAttribute('data-present')),
    '1',
    'a name picked is not a check-in',
  );
  await checkA11y(c.page, 'console with a request at the desk');
  await c.page.click('>>> [data-test="desk-request"][data-name="王代表"] [data-test="desk-confirm"]');
  await waitFor(c.page, '>>> [data-test="desk-decided"][data-name="王代表"]', (v) => v === 'confirmed', {
    attribute: 'data-state',
  });
  await waitFor(phone.page, '>>> [data-test="phone-you"]', (v) => v.includes('王代表'));
  assert.match(phone.page.url(), new RegExp(`/m/${meetingId}\\?invite=`));
  assert.is(await textOf(phone.page, '>>> [data-test="phone-item-title"]'), '村道硬化方案');
  const phoneFont = await phone.page.$eval('>>> [data-test="phone-item-title"]', (n) =>
    parseFloat(getComputedStyle(n).fontSize),
  );
  assert.ok(phoneFont >= 18, `phone text is ${phoneFont}px`);
  await checkA11y(phone.page, 'phone');

  // The projector counts them, and two of three is the quorum.
  await waitFor(projector.page, '>>> [data-test="screen-attendance"]', (v) => v === '2', { attribute: 'data-present' });
  await waitFor(projector.page, '>>> [data-test="screen-attendance"]', (v) => v === 'met', {
    attribute: 'data-quorum',
  });
  await waitFor(c.page, '>>> [data-test="console-attendance"]', (v) => v === 'met', { attribute: 'data-quorum' });

  // The convener advances: the projector and the phone both follow.
  await c.page.click('>>> [data-test="console-next"]');
  await waitFor(projector.page, '>>> [data-test="hall-item-title"]', (v) => v === '垃圾分类试点');
  await waitFor(phone.page, '>>> [data-test="phone-item-title"]', (v) => v === '垃圾分类试点');
  await waitFor(c.page, '>>> [data-test="console-item"][data-current="true"]', (v) => v.includes('垃圾分类试点'));

  // Switching what the projector shows, and a message on top.
  await c.page.click('>>> [data-test="console-mode"][data-mode="attendance"]');
  await waitFor(projector.page, '>>> [data-test="hall-present"]', (v) => v === '2');
  await c.page.click('>>> [data-test="console-mode"][data-mode="agenda"]');
  await waitFor(projector.page, '>>> [data-test="hall-agenda"]', (v) => v.includes('垃圾分类试点'));
  await fill(c.page, '>>> [data-test="console-message"]', '请大家把手机调成静音');
  await c.page.click('>>> [data-test="console-message-show"]');
  await waitFor(projector.page, '>>> [data-test="screen-message"]', (v) => v === '请大家把手机调成静音');
  await waitFor(phone.page, '>>> [data-test="phone-message"]', (v) => v === '请大家把手机调成静音');
  await c.page.click('>>> [data-test="console-goto"]');
  await waitFor(projector.page, '>>> [data-test="hall-item-title"]', (v) => v === '村道硬化方案');

  // The countdown: one minute; amber in the last 30 seconds; flashing at zero.
  await fill(c.page, '>>> [data-test="console-timer-minutes"]', '1');
  await c.page.click('>>> [data-test="console-timer-start"]');
  await waitFor(projector.page, '>>> [data-test="hall-timer"]', (v) => v === 'running', { attribute: 'data-phase' });
  clock.advance(45_000);
  await c.page.click('>>> [data-test="console-message-clear"]');
  await waitFor(projector.page, '>>> [data-test="hall-timer"]', (v) => v === 'warning', { attribute: 'data-phase' });
  clock.advance(30_000);
  await c.page.click('>>> [data-test="console-mode"][data-mode="item"]');
  await waitFor(projector.page, '>>> [data-test="hall-timer"]', (v) => v === 'over', { attribute: 'data-phase' });
  await screenshot(projector.page, 'test/artifacts/projector.png');
  assert.is(await blankFrames(projector.page), 0, 'the projector never showed an empty stage');

  // A photo of the code, sent out of the hall, stops working: the code rotates every minute.
  clock.advance(3 * 60_000);
  const late = await newPage(browser, { locale: 'zh-CN', width: 390, height: 844 });
  await late.page.goto(checkinUrl);
  assert.match(await waitFor(late.page, '>>> [data-test="checkin-error"]', (v) => v !== ''), /签到码已过期/);
  assert.ok(await late.page.$('>>> [data-test="checkin-expired"]'));
  assert.is(await late.page.$('>>> [data-test="checkin-choice"]'), null);
  // The projector already shows the new code.
  await waitFor(projector.page, '>>> [data-test="hall-qr"]', (v) => v !== new URL(checkinUrl).href, {
    attribute: 'data-url',
  });

  for (const p of [c, projector, phone]) assert.equal(realErrors(p), [], 'console errors');
  // The refusal of the expired code is the one failed request the late phone makes.
  assert.equal(
    realErrors(late).filter((e) => !/status of 403 .*\/checkin\?code=/.test(e)),
    [],
  );
  for (const p of [c, projector, phone, late]) await p.close();
});

test('the server restarts mid-meeting: projector and phone reconnect and show the same item within 5 s, without a reload', async () => {
  const meetingId = await liveMeeting('重启测试议事会');
  const { console: c, screenUrl } = await consoleWithScreenLink(meetingId);
  await c.page.click('>>> [data-test="console-next"]');
  const projector = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 720 });
  await projector.page.goto(screenUrl);
  await waitFor(projector.page, '>>> [data-test="hall-item-title"]', (v) => v === '垃圾分类试点');
  const invite = await new Client(srv.url).login('demo-convener', srv.password('demo-convener')).then(async (cl) => {
    const m = await cl.get(`/api/meetings/${meetingId}`);
    const who = m.body.invitees.find((i: { name: string }) => i.name === '张代表');
    return (await cl.post(`/api/meetings/${meetingId}/invitees/${who.id}/invite-link`)).body.url as string;
  });
  const phone = await newPage(browser, { locale: 'zh-CN', width: 390, height: 844 });
  await phone.page.goto(local(invite));
  await waitFor(phone.page, '>>> [data-test="phone-item-title"]', (v) => v === '垃圾分类试点');
  for (const p of [projector, phone])
    await p.page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  const projectorOffline = textOf(projector.page, '>>> [data-test="screen-offline"]');
  const phoneOffline = textOf(phone.page, '>>> [data-test="phone-offline"]');
  await srv.restart();
  const restartedAt = Date.now();
  // While the server is away both say so (a small marker), and keep showing the item.
  await projectorOffline;
  await phoneOffline;
  assert.is(await titleOnScreen(projector.page), '垃圾分类试点', 'the last state stays up while offline');
  await waitGone(projector.page, '>>> [data-test="screen-offline"]', 5000);
  await waitGone(phone.page, '>>> [data-test="phone-offline"]', 5000);
  const elapsed = Date.now() - restartedAt;
  assert.ok(elapsed <= 5000, `back after ${elapsed} ms`);
  assert.is(await titleOnScreen(projector.page), '垃圾分类试点');
  assert.is(await textOf(phone.page, '>>> [data-test="phone-item-title"]'), '垃圾分类试点');
  for (const p of [projector, phone])
    assert.is(await p.page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'no reload');

  // And the restarted server still drives them.
  await waitGone(c.page, '>>> [data-test="console-offline"]');
  await c.page.click('>>> [data-test="console-previous"]');
  await waitFor(projector.page, '>>> [data-test="hall-item-title"]', (v) => v === '村道硬化方案');
  await waitFor(phone.page, '>>> [data-test="phone-item-title"]', (v) => v === '村道硬化方案');
  for (const p of [c, projector, phone]) await p.close();
});

test('a secretary drives the console but does not close the meeting; the meeting page is read-only to them', async () => {
  const meetingId = await liveMeeting('记录员测试', ['demo-secretary']);
  const p = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 900 });
  await loginAs(p, 'demo-secretary');
  await p.page.goto(`${srv.url}/m/${meetingId}/console`);
  await p.page.waitForSelector('>>> [data-test="console-agenda"]');
  await p.page.click('>>> [data-test="console-next"]');
  await waitFor(p.page, '>>> [data-test="console-item"][data-current="true"]', (v) => v.includes('垃圾分类试点'));
  await waitFor(p.page, '>>> [data-test="meeting-status"]', (v) => v === 'live', { attribute: 'data-status' });
  assert.is(await p.page.$('>>> [data-test="lifecycle-close"]'), null);
  await p.page.goto(`${srv.url}/meetings/${meetingId}`);
  await p.page.waitForSelector('>>> [data-test="agenda-builder"]');
  for (const hook of ['meeting-save', 'agenda-free-form', 'invite-guest-form', 'lifecycle-close'])
    assert.is(await p.page.$(`>>> [data-test="${hook}"]`), null, hook);
  await checkA11y(p.page, 'meeting page, read-only');
  assert.equal(realErrors(p), []);
  await p.close();
});

test('withdrawing the projector link ends the screen showing it, with a clear message', async () => {
  const meetingId = await liveMeeting('收回投屏测试');
  const { console: c, screenUrl } = await consoleWithScreenLink(meetingId);
  const projector = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 720 });
  await projector.page.goto(screenUrl);
  await projector.page.waitForSelector('>>> [data-test="hall-item-title"]');
  await c.page.click('>>> [data-test="screen-link-revoke"]');
  await confirm(c.page);
  assert.match(await textOf(projector.page, '>>> [data-test="screen-problem"]'), /投屏链接已失效/);
  await projector.page.reload();
  assert.match(await textOf(projector.page, '>>> [data-test="screen-problem"]'), /投屏链接已失效/);
  await checkA11y(projector.page, 'projector, link withdrawn');
  for (const p of [c, projector]) await p.close();
});

test.run();
