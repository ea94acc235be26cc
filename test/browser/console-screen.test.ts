import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'puppeteer-core';
import type { Principal } from '../../server/services/access.js';
import { CreateMotionBody } from '../../shared/schemas/vote.js';
import { checkA11y, fill, launchBrowser, newPage, waitForDeep, type TestPage } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The convener's console as it is used during a meeting, on a 1366×768 laptop: one screen with
 * the agenda, the screen modes and the open vote's count and close button in view; closing a
 * vote states the turnout first; a vote left open on another item is named at the top; the
 * convener's home links to today's meeting; personal links come with a QR code.
 */
const srv = await startTestServer({
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

const realErrors = (p: TestPage) => p.errors.filter((e) => !/status of 401/.test(e));

async function loginAs(p: TestPage, username: string): Promise<void> {
  await p.page.goto(srv.url + '/login');
  await fill(p.page, '>>> [data-test="login-username"]', username);
  await fill(p.page, '>>> [data-test="login-password"]', srv.password(username));
  await p.page.click('>>> [data-test="login-submit"]');
  await p.page.waitForSelector('>>> [data-test="nav"]');
}

async function principalOf(username: string): Promise<Principal> {
  const user = (await srv.db.models.User.findOne({ where: { username } }))!;
  return {
    userId: user.id,
    memberships: (await srv.db.models.Membership.findAll({ where: { userId: user.id } })).map((m) => ({
      id: m.id,
      organisationId: m.organisationId,
      role: m.role,
    })),
  };
}

/** The demo's live meeting: its second item has a secret vote open with two ballots in. */
async function demoMeeting() {
  const meeting = (await srv.db.models.Meeting.findOne({ where: { status: 'live' }, order: [['id', 'ASC']] }))!;
  const agenda = await srv.app.services.meetings.agenda(meeting.id);
  return { id: meeting.id, agenda };
}

/** Polls a shadow-piercing selector's text until it passes `accept`. */
async function waitText(page: Page, selector: string, accept: (v: string) => boolean): Promise<string> {
  const deadline = Date.now() + 10_000;
  let seen = '(absent)';
  while (Date.now() < deadline) {
    const el = await page.$(selector);
    if (el) {
      seen = (await el.evaluate((n) => n.textContent ?? '')).trim();
      if (accept(seen)) return seen;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out on ${selector}; last seen ${seen}`);
}

/** The element's box, and whether it lies wholly inside the window as the page stands (unscrolled). */
const inView = (page: Page, selector: string) =>
  page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return {
      inside:
        r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
      box: [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)].join(','),
    };
  });

test('at 1366×768 the agenda, the screen modes and the open vote’s count and close button are on screen', async () => {
  const m = await demoMeeting();
  const p = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 768 });
  await loginAs(p, 'demo-convener');
  await p.page.goto(`${srv.url}/m/${m.id}/console`);
  await waitForDeep(p.page, '[data-test="motion-cast"]');
  await new Promise((r) => setTimeout(r, 300));
  assert.is(await p.page.evaluate(() => scrollY), 0);
  for (const selector of [
    '[data-test="console-next"]',
    '[data-test="console-previous"]',
    '[data-test="console-item"][data-current="true"]',
    '[data-test="console-mode"][data-mode="agenda"]',
    '[data-test="console-mode"][data-mode="minutes"]',
    '[data-test="console-mode"][data-mode="vote"]',
    '[data-test="motion"][data-status="open"] [data-test="motion-cast"]',
    '[data-test="motion"][data-status="open"] [data-test="motion-close"]',
  ]) {
    const place = await inView(p.page, `>>> ${selector}`);
    assert.ok(place.inside, `${selector} is at ${place.box}, outside the 1366×768 window`);
  }
  // Attendance and links are still there, in the column that scrolls by itself.
  await waitForDeep(p.page, '[data-test="console-attendance"]');
  await waitForDeep(p.page, '[data-test="screen-link-issue"]');
  await checkA11y(p.page, 'the console at 1366×768');
  assert.equal(realErrors(p), []);
  await p.close();
});

test('closing a vote says how many have voted, and warns before closing on no ballots at all', async () => {
  const m = await demoMeeting();
  const convener = await principalOf('demo-convener');
  const item = m.agenda[m.agenda.length - 1]!;
  const motion = await srv.app.services.motions.create(
    convener,
    CreateMotionBody.parse({
      meetingId: m.id,
      agendaItemId: item.id,
      question: '是否同意把其他事项推迟到下次会议？',
      kind: 'open',
    }),
  );
  await srv.app.services.live.drive(convener, { meetingId: m.id, action: 'goto', itemId: item.id });
  await srv.app.services.motions.open(convener, motion.id);
  const present = (await srv.app.services.meetings.invitees(m.id)).filter((i) => i.member && i.present).length;

  const p = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 768 });
  await loginAs(p, 'demo-convener');
  await p.page.goto(`${srv.url}/m/${m.id}/console`);
  const open = `>>> [data-test="motion"][data-status="open"][aria-labelledby="m-${motion.id}"]`;
  await waitText(p.page, `${open} [data-test="motion-cast"]`, (v) => v.includes(`0 / ${present}`));
  await p.page.click(`${open} [data-test="motion-close"]`);
  const dialog = '>>> [data-test="confirm-dialog"][open]';
  const question = await waitText(p.page, `${dialog} [data-test="confirm-text"]`, (v) => v.length > 0);
  assert.match(question, `已投 0 / 应投 ${present}`);
  assert.match(question, '确定结束表决');
  assert.match(await waitText(p.page, `${dialog} [data-test="confirm-warning"]`, (v) => v.length > 0), '还没有人投票');
  await p.page.click(`${dialog} [data-test="confirm-no"]`);
  assert.is((await srv.db.models.Motion.findByPk(motion.id))!.status, 'open', 'cancelling changes nothing');
  await p.close();
});

test('a vote left open on item 2 while the hall moved on is named at the top of the console, with its count', async () => {
  const m = await demoMeeting();
  const convener = await principalOf('demo-convener');
  const second = m.agenda[1]!;
  const third = m.agenda[2]!;
  await srv.app.services.live.drive(convener, { meetingId: m.id, action: 'goto', itemId: third.id });
  const p = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 768 });
  await loginAs(p, 'demo-convener');
  await p.page.goto(`${srv.url}/m/${m.id}/console`);
  const banner = '>>> [data-test="vote-elsewhere"]';
  const text = await waitText(p.page, banner, (v) => v.includes(second.title));
  assert.match(text, '第 2 项');
  assert.match(text, '是否同意组织村集体农机');
  assert.match(text, '手机上仍显示这张选票');
  assert.match(text, /已投 2 \/ \d+/);
  const place = await inView(p.page, banner);
  assert.ok(place.inside, `the banner is at ${place.box}, outside the window`);
  await p.close();
});

test('a convener’s home links to today’s live meeting’s console', async () => {
  const m = await demoMeeting();
  const p = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 768 });
  await loginAs(p, 'demo-convener');
  const link = `>>> [data-test="home-meeting"][data-id="${m.id}"] [data-test="home-console"]`;
  await waitForDeep(p.page, `[data-test="home-meeting"][data-id="${m.id}"]`);
  assert.is(await p.page.$eval(link, (a) => a.getAttribute('href')), `/m/${m.id}/console`);
  await checkA11y(p.page, 'the convener’s home');
  await p.page.click(link);
  await waitForDeep(p.page, '[data-test="console-agenda"]');
  assert.is(new URL(p.page.url()).pathname, `/m/${m.id}/console`);
  await p.close();
});

test('a personal link issued on the console comes with a QR code to scan', async () => {
  const m = await demoMeeting();
  const p = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 768 });
  await loginAs(p, 'demo-convener');
  await p.page.goto(`${srv.url}/m/${m.id}/console`);
  const row = '>>> [data-test="invite-row"][data-name="孙乡贤"]';
  await waitForDeep(p.page, '[data-test="invite-row"][data-name="孙乡贤"]');
  await p.page.click(`${row} [data-test="invite-issue"]`);
  await waitForDeep(p.page, '[data-test="invite-qr"]');
  const qr = await p.page.$eval(`${row} [data-test="invite-qr"]`, async (img) => {
    const i = img as HTMLImageElement;
    await i.decode();
    const r = i.getBoundingClientRect();
    return { src: i.src.slice(0, 26), width: i.naturalWidth, shown: Math.round(r.width), alt: i.alt };
  });
  assert.is(qr.src, 'data:image/svg+xml;base64,');
  assert.ok(qr.width > 0 && qr.shown >= 150, JSON.stringify(qr));
  assert.match(qr.alt, '孙乡贤');
  const url = await p.page.$eval(`${row} input`, (i) => (i as HTMLInputElement).value);
  assert.match(url, `/m/${m.id}?invite=`);
  await p.close();
});

test.run();
