import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkA11y, fill, launchBrowser, newPage, type TestPage } from '../helpers/browser.js';
import { Client } from '../helpers/http.js';
import { orgIdOf, passedMotion } from '../helpers/resolutions.js';
import { startTestServer } from '../helpers/server.js';

/**
 * A matter from the resident's phone to the public board, in Chromium: the topic is submitted,
 * accepted and passed by a vote (through the API and real sockets), the convener dispatches it;
 * then in the browser the department accepts and reports it done, the resident rates it 不满意
 * on the tracking page (it reopens), the department reports again, the resident rates 满意, the
 * convener closes it out, and the public board shows the result. The tracking page shows each step.
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

/** Waits until the first element matching `selector` in any shadow root contains `text`. */
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

async function staff(username: string): Promise<TestPage> {
  const p = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 900 });
  p.page.setDefaultTimeout(SLOW_MACHINE_MS);
  await p.page.goto(`${srv.url}/login`);
  await fill(p.page, '>>> [data-test="login-username"]', username);
  await fill(p.page, '>>> [data-test="login-password"]', srv.password(username));
  await p.page.click('>>> [data-test="login-submit"]');
  await p.page.waitForSelector('>>> [data-test="nav"]');
  return p;
}

const steps = (page: Page) =>
  page.evaluate(() => {
    const all = (root: Document | ShadowRoot): Element[] => [
      ...root.querySelectorAll('yishi-resolution-track'),
      ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? all(el.shadowRoot) : [])),
    ];
    const track = all(document)[0];
    const entries = track?.shadowRoot?.querySelector('yishi-public-timeline')?.shadowRoot?.querySelectorAll('li');
    return [...(entries ?? [])].map((li) => li.getAttribute('data-kind')!.replace('resolution.step.', ''));
  });

async function report(dept: Page, id: number, result: string, photo?: string): Promise<void> {
  await dept.goto(`${srv.url}/follow/${id}`);
  await dept.waitForSelector('>>> [data-test="form-report"] textarea');
  await fill(dept, '>>> [data-test="form-report"] textarea', result);
  if (photo) {
    const input = (await dept.$('>>> #photos-report')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(photo);
  }
  await dept.click('>>> [data-test="form-report"] button[type="submit"]');
  await waitText(dept, '[data-test="resolution-state"]', '已办结待评价');
}

async function rate(resident: Page, rating: string, comment: string, expectState: string): Promise<void> {
  await resident.reload();
  await resident.waitForSelector('>>> [data-test="rating-form"]');
  await resident.click(`>>> [data-test="rating-${rating}"]`);
  await fill(resident, '>>> [data-test="rating-comment"]', comment);
  await resident.click('>>> [data-test="rating-submit"]');
  await waitText(resident, '[data-test="resolution-state"]', expectState);
}

test('from a resident’s topic to a closed-out result on the public board, each step on the tracking page', async () => {
  const { receipt, resolutionId: id } = await passedMotion(srv, '村口路灯不亮，晚上出行不便');
  const convenerApi = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const dispatched = await convenerApi.post(`/api/resolutions/${id}/dispatch`, {
    responsibleOrganisationId: await orgIdOf(srv, '青山镇（演示）'),
  });
  assert.is(dispatched.status, 200);

  // The resident follows it on the phone.
  const resident = await newPage(browser, { locale: 'zh-CN', width: 360, height: 740 });
  resident.page.setDefaultTimeout(SLOW_MACHINE_MS);
  await resident.page.goto(`${srv.url}/t/${receipt}`);
  await waitText(resident.page, '[data-test="resolution-state"]', '已派单');
  assert.equal(await steps(resident.page), ['drafted', 'dispatched']);
  await checkA11y(resident.page, 'tracking page with a resolution');

  // The department accepts and reports in its browser, from its inbox.
  const dept = await staff('demo-department');
  await dept.page.goto(`${srv.url}/follow/inbox`);
  await dept.page.waitForSelector(`>>> [data-test="resolution-row"][data-id="${id}"]`);
  await dept.page.click(`>>> [data-test="resolution-row"][data-id="${id}"] a`);
  await dept.page.waitForSelector('>>> [data-test="verb-accept"]');
  await dept.page.click('>>> [data-test="verb-accept"]');
  await waitText(dept.page, '[data-test="resolution-state"]', '已接单');
  await report(dept.page, id, '已更换路灯 3 盏');

  await rate(resident.page, 'dissatisfied', '还有一盏不亮', '退回重办');
  await waitText(resident.page, '[data-test="rating-thanks"]', '退回重新办理');
  assert.equal(await steps(resident.page), ['drafted', 'dispatched', 'accepted', 'reported', 'reopened']);

  const photo = path.join(os.tmpdir(), `yishi-after-${process.pid}.jpg`);
  const { default: sharp } = await import('sharp');
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#fc3' } })
    .jpeg()
    .toFile(photo);
  await report(dept.page, id, '4 盏路灯全部修好', photo);
  fs.rmSync(photo, { force: true });
  await rate(resident.page, 'satisfied', '谢谢', '已评价待销号');
  await waitText(resident.page, '[data-test="resolution-rating"]', '满意');

  // The convener closes it out, rating the department (评价权).
  const convener = await staff('demo-convener');
  await convener.page.goto(`${srv.url}/follow/${id}`);
  await convener.page.waitForSelector('>>> [data-test="form-close"]');
  await convener.page.select('>>> #score-quality', '5');
  await convener.page.click('>>> [data-test="form-close"] button[type="submit"]');
  await waitText(convener.page, '[data-test="resolution-state"]', '已销号');

  await resident.page.reload();
  await waitText(resident.page, '[data-test="resolution-state"]', '已销号');
  assert.equal(await steps(resident.page), [
    'drafted',
    'dispatched',
    'accepted',
    'reported',
    'reopened',
    'reported',
    'rated_satisfied',
    'closed',
  ]);

  // The public board, without logging in.
  const board = await newPage(browser, { locale: 'zh-CN' });
  board.page.setDefaultTimeout(SLOW_MACHINE_MS);
  await board.page.goto(`${srv.url}/board/${await orgIdOf(srv, '桃园村（演示）')}`);
  await waitText(board.page, `[data-test="board-result"][data-id="${id}"]`, '4 盏路灯全部修好');
  await board.page.waitForSelector(`>>> [data-test="board-result"][data-id="${id}"] img`);
  const text = await board.page.evaluate(() => document.body.innerText + document.documentElement.outerHTML);
  assert.not.match(text, /13600001111|王阿姨/);
  await checkA11y(board.page, 'public board');

  // The representatives' dashboard lists it under closed out.
  const rep = await staff('demo-representative');
  await rep.page.goto(`${srv.url}/follow`);
  await rep.page.waitForSelector(`>>> [data-test="state-group"][data-state="closed"] [data-id="${id}"]`);
  await rep.page.waitForSelector('>>> [data-test="resolution-row"].overdue');
  for (const p of [resident, dept, convener, board, rep])
    assert.equal(
      p.errors.filter((e) => !/status of 40[13]/.test(e)),
      [],
    );
});

test.run();
