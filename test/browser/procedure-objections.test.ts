import type { Browser } from 'puppeteer-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkA11y, fill, launchBrowser, newPage, type TestPage } from '../helpers/browser.js';
import { onDisplay, villageId } from '../helpers/procedures.js';
import { FakeClock, startTestServer } from '../helpers/server.js';

/**
 * Objections (异议) in real Chromium: a resident on a phone opens the village's public board,
 * taps "提出异议" on the matter on display, sends an objection through the village's intake code
 * and keeps the receipt; the reviewer, already on the matter's page at a desk, sees it arrive
 * live and answers; the resident sees the answer by receipt; once the period is over the board
 * no longer offers the button.
 */
const SLOW = 30_000;
const clock = new FakeClock(new Date());
const srv = await startTestServer({
  clock,
  config: { clientDir: new URL('../../dist/client', import.meta.url).pathname, loginRateLimit: 10_000 },
});
let browser: Browser;
test.before(async () => {
  browser = await launchBrowser();
});
test.after(async () => {
  await browser?.close();
  await srv.close();
});

const PHONE = { locale: 'zh-CN', width: 360, height: 740 };
/** Page errors other than the login page's own "who am I?" answered 401 before signing in. */
const realErrors = (p: TestPage) =>
  p.errors.filter((e) => !e.includes('401 (Unauthorized) (http://127.0.0.1') || !e.includes('/api/session'));

async function reviewerAt(path: string): Promise<TestPage> {
  const p = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 900 });
  p.page.setDefaultTimeout(SLOW);
  await p.page.goto(`${srv.url}/login`);
  await fill(p.page, '>>> [data-test="login-username"]', 'demo-reviewer');
  await fill(p.page, '>>> [data-test="login-password"]', srv.password('demo-reviewer'));
  await p.page.click('>>> [data-test="login-submit"]');
  await p.page.waitForSelector('>>> [data-test="nav"]');
  await p.page.goto(`${srv.url}${path}`);
  return p;
}

test('a resident objects from the board on a phone; the reviewer sees it live and answers; the resident reads the answer', async () => {
  const id = await onDisplay(srv, '集体鱼塘对外承包');
  const reviewer = await reviewerAt(`/procedures/${id}`);
  await reviewer.page.waitForSelector('>>> [data-test="procedure-title"]');
  assert.is(await reviewer.page.$$eval('>>> [data-test="objection"]', (els) => els.length), 0);

  const resident = await newPage(browser, PHONE);
  resident.page.setDefaultTimeout(SLOW);
  await resident.page.goto(`${srv.url}/board/${await villageId(srv)}`);
  const button = `>>> yishi-procedure-timeline[data-id="${id}"] >>> [data-test="object"]`;
  await resident.page.waitForSelector(button);
  await resident.page.click(button);
  // The residents' own small page, through the village's intake code, with the matter named.
  await resident.page.waitForSelector('>>> [data-test="objection-form"]');
  assert.match(resident.page.url(), new RegExp(`/o/\\?code=${srv.intakeCodes[0]}&matter=${id}$`));
  assert.is(
    await resident.page.$eval('>>> [data-test="objection-matter"]', (el) => el.textContent?.trim()),
    '集体鱼塘对外承包',
  );
  await checkA11y(resident.page, 'objection form');
  // Too short: said in the resident's language, nothing sent.
  await fill(resident.page, '>>> textarea#text', '不');
  await resident.page.click('>>> [data-test="objection-submit"]');
  await resident.page.waitForSelector('>>> [data-test="objection-error"]:not(:empty)');
  assert.is(await srv.db.models.ProcedureObjection.count({ where: { procedureId: id } }), 0);
  await fill(resident.page, '>>> textarea#text', '承包费偏低，应当公开招标');
  await fill(resident.page, '>>> input#phone', '13700001234');
  await resident.page.click('>>> [data-test="objection-submit"]');
  await resident.page.waitForSelector('>>> [data-test="objection-receipt"]');
  const receipt = (await resident.page.$eval('>>> [data-test="objection-receipt"]', (el) => el.textContent ?? ''))
    .trim()
    .replace('-', '');
  assert.match(receipt, /^[2-9A-HJ-NP-Z]{8}$/);
  // Fits the phone: nothing to scroll sideways.
  assert.ok(
    await resident.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'no sideways scrolling on a 360 px phone',
  );

  // The reviewer's page shows it without a reload: awaiting, with the phone for the village.
  const arrived = '>>> [data-test="objection"][data-status="awaiting"]';
  await reviewer.page.waitForSelector(arrived);
  const shown = await reviewer.page.$eval(arrived, (el) => el.textContent ?? '');
  assert.match(shown, /承包费偏低，应当公开招标/);
  assert.match(shown, /13700001234/);
  await fill(reviewer.page, '>>> [data-test="answer-form"] textarea', '下一步将公开招标，底价按评估价确定');
  await reviewer.page.click('>>> [data-test="answer-form"] button[type="submit"]');
  await reviewer.page.waitForSelector('>>> [data-test="objection"][data-status="answered"]');
  assert.equal(realErrors(reviewer), []);
  await reviewer.close();

  // The resident follows the receipt and reads the answer; no phone on their page either.
  await resident.page.click('>>> [data-test="objection-follow"]');
  await resident.page.waitForSelector('>>> [data-test="objection-status"][data-status="answered"]');
  assert.is(
    await resident.page.$eval('>>> [data-test="objection-answer"]', (el) => el.textContent?.trim()),
    '下一步将公开招标，底价按评估价确定',
  );
  assert.ok(resident.page.url().endsWith(`/o/${receipt}`));
  const page = await resident.page.evaluate(
    () => document.querySelector('yishi-resident')?.shadowRoot?.innerHTML ?? '',
  );
  assert.not.ok(page.includes('13700001234'));
  assert.equal(realErrors(resident), []);

  // After the period the board offers no button, and the old link says objections are closed.
  clock.advance(8 * 86_400_000);
  await resident.page.goto(`${srv.url}/board/${await villageId(srv)}`);
  await resident.page.waitForSelector(`>>> yishi-procedure-timeline[data-id="${id}"]`);
  assert.is(await resident.page.$$eval(button, (els) => els.length), 0);
  await resident.page.goto(`${srv.url}/o/?code=${srv.intakeCodes[0]}&matter=${id}`);
  await resident.page.waitForSelector('>>> [data-test="objection-closed"]');
  await resident.close();
});

test.run();
