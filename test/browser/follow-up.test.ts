import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  checkA11y,
  docsScreenshot,
  fill,
  launchBrowser,
  newPage,
  screenshot,
  type TestPage,
} from '../helpers/browser.js';
import { Client } from '../helpers/http.js';
import { orgIdOf, passedMotion } from '../helpers/resolutions.js';
import { insertResolutions } from '../helpers/resolutions-table.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The follow-up as people see it (issue 17), in Chromium: the convener dispatches with a 派单
 * button, a note the unit reads and the decision's wording; the unit's progress box empties after
 * posting and its report photo shows on the staff page; the resident's badge reads 办理中 → 已办结待评价
 * → 已评价待销号 → 已办结销号 with one rating form only; the board, reached by its short address
 * from the intake and tracking pages, shows the wording; with the browser on UTC every date is still
 * China's; and no public page asks for a session it does not have (no 401 in the console).
 */
const srv = await startTestServer({
  config: {
    clientDir: new URL('../../dist/client', import.meta.url).pathname,
    loginRateLimit: 10_000,
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

const SLOW_MACHINE_MS = 20_000;

/** Text of every element matching `selector` in any shadow root. */
const texts = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const all = (root: Document | ShadowRoot): Element[] => [
      ...root.querySelectorAll(sel),
      ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? all(el.shadowRoot) : [])),
    ];
    return all(document).map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());
  }, selector);

const waitText = (page: Page, selector: string, text: string) =>
  page.waitForFunction(
    (sel, want) => {
      const all = (root: Document | ShadowRoot): Element[] => [
        ...root.querySelectorAll(sel),
        ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? all(el.shadowRoot) : [])),
      ];
      return all(document).some((el) => el.textContent?.includes(want));
    },
    { timeout: SLOW_MACHINE_MS, polling: 100 },
    selector,
    text,
  );

async function staff(username: string, options: { utc?: boolean } = {}): Promise<TestPage> {
  const p = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 900 });
  p.page.setDefaultTimeout(SLOW_MACHINE_MS);
  if (options.utc) await p.page.emulateTimezone('UTC');
  await p.page.goto(`${srv.url}/login`);
  await fill(p.page, '>>> [data-test="login-username"]', username);
  await fill(p.page, '>>> [data-test="login-password"]', srv.password(username));
  await p.page.click('>>> [data-test="login-submit"]');
  await p.page.waitForSelector('>>> [data-test="nav"]');
  return p;
}

async function resident(options: { utc?: boolean } = {}): Promise<TestPage> {
  const p = await newPage(browser, { locale: 'zh-CN', width: 360, height: 740 });
  p.page.setDefaultTimeout(SLOW_MACHINE_MS);
  if (options.utc) await p.page.emulateTimezone('UTC');
  return p;
}

/** Console errors: none at all on public pages, 401s included. */
const noErrors = (p: TestPage, where: string) => assert.equal(p.errors, [], where);

test('dispatch, work, rating and close-out as each person sees them; the board by its short address', async () => {
  const { receipt, resolutionId: id } = await passedMotion(srv, '村口路灯不亮');
  const village = await srv.db.models.Organisation.findByPk(await orgIdOf(srv, '桃园村（演示）'));

  // The convener dispatches: the button says 派单, the wording is a statement to edit, the note is kept.
  const convener = await staff('demo-convener');
  await convener.page.goto(`${srv.url}/follow/${id}`);
  await convener.page.waitForSelector('>>> [data-test="refer-target"] option[value^="unit:"]');
  assert.equal(await texts(convener.page, '[data-test="refer-submit"]'), ['派单']);
  assert.equal(await texts(convener.page, '[data-test="resolution-question"]'), ['是否同意：村口路灯不亮？']);
  const drafted = await convener.page.$eval(
    '>>> [data-test="dispatch-wording"]',
    (e) => (e as HTMLTextAreaElement).value,
  );
  assert.is(drafted, '同意村口路灯不亮');
  // 青山镇, where the demo department works.
  const unit = `unit:${await orgIdOf(srv, '青山镇（演示）')}`;
  await convener.page.select('>>> [data-test="refer-target"]', unit);
  await fill(convener.page, '>>> [data-test="dispatch-wording"]', '同意更换村口路灯，一周内完成');
  await fill(convener.page, '>>> [data-test="refer-note"]', '灯杆在村口桥头，钥匙在村委会');
  await convener.page.click('>>> [data-test="refer-submit"]');
  await waitText(convener.page, '[data-test="resolution-state"]', '已派单');
  await waitText(convener.page, '[data-test="resolution-dispatch-note"]', '灯杆在村口桥头，钥匙在村委会');
  await waitText(convener.page, '[data-test="resolution-text"]', '同意更换村口路灯，一周内完成');

  // The resident: the badge follows, the board is one tap away by its short address.
  const phone = await resident();
  await phone.page.goto(`${srv.url}/t/${receipt}`);
  await waitText(phone.page, '[data-test="track-status"]', '办理中');
  const link = await phone.page.$eval('>>> [data-test="board-link"]', (a) => a.getAttribute('href'));
  assert.is(link, `/b/${village!.boardCode}`);

  // The unit posts progress (the box empties) and reports with a photo (the staff page shows it).
  const dept = await staff('demo-department');
  await dept.page.goto(`${srv.url}/follow/${id}`);
  await dept.page.waitForSelector('>>> [data-test="verb-accept"]');
  await dept.page.click('>>> [data-test="verb-accept"]');
  await waitText(dept.page, '[data-test="resolution-state"]', '已接单');
  await fill(dept.page, '>>> [data-test="form-progress"] textarea', '灯具已订购');
  await dept.page.click('>>> [data-test="form-progress"] button[type="submit"]');
  await waitText(dept.page, '[data-test="resolution-state"]', '办理中');
  await dept.page.waitForFunction(
    () => {
      const all = (root: Document | ShadowRoot): Element[] => [
        ...root.querySelectorAll('[data-test="form-progress"] textarea'),
        ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? all(el.shadowRoot) : [])),
      ];
      const box = all(document)[0] as HTMLTextAreaElement | undefined;
      return box !== undefined && box.value === '';
    },
    { timeout: SLOW_MACHINE_MS, polling: 100 },
  );
  const photo = path.join(os.tmpdir(), `yishi-follow-${process.pid}.jpg`);
  const { default: sharp } = await import('sharp');
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } })
    .jpeg()
    .toFile(photo);
  await fill(dept.page, '>>> [data-test="form-report"] textarea', '已更换 3 盏路灯');
  const input = (await dept.page.$('>>> #photos-report')) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(photo);
  await dept.page.click('>>> [data-test="form-report"] button[type="submit"]');
  fs.rmSync(photo, { force: true });
  await waitText(dept.page, '[data-test="resolution-state"]', '已办结待评价');
  await dept.page.waitForSelector('>>> [data-test="resolution-photos"] img');
  const loaded = await dept.page.$eval('>>> [data-test="resolution-photos"] img', async (img) => {
    const i = img as HTMLImageElement;
    if (!i.complete) await new Promise((r) => i.addEventListener('load', r, { once: true }));
    return i.naturalWidth;
  });
  assert.ok(loaded > 0, 'the photo loads on the staff page');

  // The resident rates once: the form goes, the badge and the state say rated, awaiting close-out.
  await phone.page.reload();
  await waitText(phone.page, '[data-test="track-status"]', '已办结待评价');
  await phone.page.waitForSelector('>>> [data-test="rating-satisfied"]');
  await phone.page.click('>>> [data-test="rating-satisfied"]');
  await phone.page.click('>>> [data-test="rating-submit"]');
  await waitText(phone.page, '[data-test="rating-thanks"]', '谢谢');
  await waitText(phone.page, '[data-test="resolution-state"]', '已评价待销号');
  await waitText(phone.page, '[data-test="track-status"]', '已评价待销号');
  assert.is(await phone.page.$('>>> [data-test="rating-form"]'), null);
  await phone.page.reload();
  await waitText(phone.page, '[data-test="resolution-state"]', '已评价待销号');
  assert.is(await phone.page.$('>>> [data-test="rating-form"]'), null, 'no second rating form after a reload');

  // Closed out: the badge says so.
  await convener.page.reload();
  await convener.page.waitForSelector('>>> [data-test="form-close"]');
  await convener.page.click('>>> [data-test="form-close"] button[type="submit"]');
  await waitText(convener.page, '[data-test="resolution-state"]', '已销号');
  await phone.page.reload();
  await waitText(phone.page, '[data-test="track-status"]', '已办结销号');
  await waitText(phone.page, '[data-test="resolution-state"]', '已销号');
  await checkA11y(phone.page, 'tracking page, closed out');
  await screenshot(phone.page, docsScreenshot('tracking.png'), { fullPage: true });

  // The board through the short address from the tracking page: the decision's wording, no question.
  await phone.page.click('>>> [data-test="board-link"]');
  await phone.page.waitForSelector(`>>> [data-test="board-result"][data-id="${id}"]`);
  assert.match(new URL(phone.page.url()).pathname, new RegExp(`^/board/${village!.boardCode}$`));
  await waitText(phone.page, `[data-test="board-result"][data-id="${id}"]`, '同意更换村口路灯，一周内完成');
  const board = (await texts(phone.page, '[data-test="board-result"]')).join(' ');
  assert.not.match(board, /是否同意/);
  await waitText(phone.page, '[data-test="board-address"]', `/b/${village!.boardCode}`);
  noErrors(phone, 'tracking page and board');

  // And from the intake page.
  const walkIn = await resident();
  await walkIn.page.goto(`${srv.url}/p/${srv.intakeCodes[0]}`);
  await walkIn.page.waitForSelector('>>> [data-test="board-link"]');
  await walkIn.page.click('>>> [data-test="board-link"]');
  await walkIn.page.waitForSelector('>>> [data-test="board-title"]');
  await waitText(walkIn.page, '[data-test="board-title"]', '桃园村（演示）');
  noErrors(walkIn, 'intake page and board');

  for (const p of [convener, dept, phone, walkIn]) await p.close();
});

test('with the browser on UTC, meetings, their date fields and the resident’s timeline are in China time', async () => {
  const village = await orgIdOf(srv, '桃园村（演示）');
  const api = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  // 07:30–09:00 on 2 December in the village: 23:30 on 1 December in UTC.
  const created = await api.post('/api/meetings', {
    organisationId: village,
    kind: 'consultation',
    title: '清晨议事会',
    venue: '村委会会议室',
    startsAt: '2026-12-02T07:30:00+08:00',
    endsAt: '2026-12-02T09:00:00+08:00',
    body: 'free_consultation',
  });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const meetingId = created.body.id as number;
  const submitted = await new Client(srv.url).post(`/api/intake/${srv.intakeCodes[0]}/topics`, {
    title: '三组水井需要清洗',
    category: '公共设施',
  });
  const receipt = submitted.body.receipt as string;
  const topic = await srv.app.services.intake.findByReceipt(receipt);
  const reviewer = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const owner = (await srv.db.models.User.findOne({ where: { username: 'demo-convener' } }))!.id;
  assert.is((await reviewer.post(`/api/topics/${topic.id}/accept`, { ownerId: owner })).status, 200);
  assert.ok((await api.post(`/api/meetings/${meetingId}/agenda`, { topicId: topic.id })).status < 300);

  const p = await staff('demo-convener', { utc: true });
  assert.is(await p.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), 'UTC');
  await p.page.goto(`${srv.url}/meetings`);
  await p.page.waitForSelector(`>>> [data-test="meeting-row"][data-id="${meetingId}"]`);
  const row = (await texts(p.page, `[data-test="meeting-row"][data-id="${meetingId}"]`))[0]!;
  assert.match(row, /2026年12月2日/, row);
  assert.match(row, /07:30/, row);
  assert.match(row, /09:00/, row);
  assert.not.match(row, /23:30|12月1日/, row);

  // The meeting's fields show China time, and saving them unchanged keeps the instants.
  await p.page.goto(`${srv.url}/meetings/${meetingId}`);
  await p.page.waitForSelector('>>> [data-test="meeting-startsAt"]');
  const value = (name: string) =>
    p.page.$eval(`>>> [data-test="meeting-${name}"]`, (e) => (e as HTMLInputElement).value);
  await p.page.waitForFunction(
    () => {
      const all = (root: Document | ShadowRoot): Element[] => [
        ...root.querySelectorAll('[data-test="meeting-startsAt"]'),
        ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? all(el.shadowRoot) : [])),
      ];
      return (all(document)[0] as HTMLInputElement | undefined)?.value !== '';
    },
    { timeout: SLOW_MACHINE_MS, polling: 100 },
  );
  assert.is(await value('startsAt'), '2026-12-02T07:30');
  assert.is(await value('endsAt'), '2026-12-02T09:00');
  await p.page.click('>>> [data-test="meeting-save"]');
  await p.page.waitForSelector('>>> [data-test="meeting-saved"]');
  const saved = (await srv.db.models.Meeting.findByPk(meetingId))!;
  assert.is(saved.startsAt.toISOString(), '2026-12-01T23:30:00.000Z');
  assert.is(saved.endsAt.toISOString(), '2026-12-02T01:00:00.000Z');
  await p.close();

  // The resident on a UTC phone: the meeting's China date, and each step at China time.
  const phone = await resident({ utc: true });
  await phone.page.goto(`${srv.url}/t/${receipt}`);
  await waitText(phone.page, '[data-test="meeting"]', '清晨议事会（2026-12-02）');
  const stamps = await phone.page.evaluate(() => {
    const all = (root: Document | ShadowRoot): Element[] => [
      ...root.querySelectorAll('[data-test="timeline-entry"] time'),
      ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? all(el.shadowRoot) : [])),
    ];
    return all(document).map((t) => ({ at: t.getAttribute('datetime')!, text: t.textContent!.trim() }));
  });
  assert.ok(stamps.length >= 2);
  for (const s of stamps) {
    const china = new Intl.DateTimeFormat('zh-CN', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(s.at));
    assert.is(s.text, china, `${s.at} shown as China time`);
  }
  noErrors(phone, 'tracking page on UTC');
  await phone.close();
});

test('public pages ask for no session they do not have: no 401 in the console', async () => {
  const village = await srv.db.models.Organisation.findByPk(await orgIdOf(srv, '桃园村（演示）'));
  const p = await resident();
  const asked: string[] = [];
  p.page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/api/session') asked.push(`${r.status()} ${r.url()}`);
  });
  for (const where of [`/board/${village!.id}`, `/b/${village!.boardCode}`, '/login', `/p/${srv.intakeCodes[0]}`]) {
    await p.page.goto(`${srv.url}${where}`, { waitUntil: 'networkidle0' });
  }
  assert.equal(asked, []);
  noErrors(p, 'public pages');
  await p.close();

  // Signed in, the same app still finds its session (and its CSRF token for writes).
  const convener = await staff('demo-convener');
  await convener.page.goto(`${srv.url}/board/${village!.id}`, { waitUntil: 'networkidle0' });
  await convener.page.goto(`${srv.url}/follow`);
  await convener.page.waitForSelector('>>> [data-test="nav"]');
  assert.equal(
    convener.errors.filter((e) => /401/.test(e)),
    [],
  );
  await convener.close();
});

test('a dashboard longer than a page pages, 200 at a time, most urgent first', async () => {
  const village = await orgIdOf(srv, '桃园村（演示）');
  const now = Date.now();
  // A county's worth in one village: 230 running resolutions, due from tomorrow onwards.
  await insertResolutions(
    srv.db,
    Array.from({ length: 230 }, (_, i) => ({
      organisationId: village,
      state: 'in_progress' as const,
      deadline: new Date(now + (i + 1) * 86_400_000),
      dispatchedAt: new Date(now - 86_400_000),
      createdAt: new Date(now - 2 * 86_400_000),
    })),
  );
  const total = (
    await (
      await new Client(srv.url).login('demo-convener', srv.password('demo-convener'))
    ).get('/api/resolutions?view=follow&limit=1')
  ).body.total as number;
  const p = await staff('demo-convener');
  await p.page.goto(`${srv.url}/follow`);
  await p.page.waitForSelector('>>> [data-test="pager"]');
  const rows = async () => (await texts(p.page, '[data-test="resolution-row"]')).length;
  assert.is(await rows(), 200);
  await waitText(p.page, '[data-test="pager"]', `共 ${total} 条`);
  await p.page.click('>>> [data-test="page-next"]');
  await waitText(p.page, '[data-test="pager"]', `第 201–${total} 条`);
  assert.is(await rows(), total - 200);
  await p.close();
});

test.run();
