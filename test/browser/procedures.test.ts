import type { Browser } from 'puppeteer-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ProcedureDetail } from '../../shared/schemas/procedure.js';
import { fill, launchBrowser, newPage, type TestPage } from '../helpers/browser.js';
import { Client } from '../helpers/http.js';
import { decideStage, openProcedure, stageMeeting, until, villageId } from '../helpers/procedures.js';
import { startTestServer } from '../helpers/server.js';

/**
 * 四议两公开 in real Chromium: the convener carries a matter from 提议 to 决议 across four meetings
 * from the matter's page (the votes are cast by phones, as in the hall); the 决议 goes to a
 * villagers' assembly noticed 7 days ahead, and the township's view shows the flag while the
 * public board shows the timeline.
 */
const SLOW = 30_000;
const srv = await startTestServer({
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

/** Page errors other than the login page's own "who am I?" answered 401 before signing in. */
const realErrors = (p: TestPage) =>
  p.errors.filter((e) => !e.includes('401 (Unauthorized) (http://127.0.0.1') || !e.includes('/api/session'));

async function staff(username: string): Promise<TestPage> {
  const p = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 900 });
  p.page.setDefaultTimeout(SLOW);
  await p.page.goto(`${srv.url}/login`);
  await fill(p.page, '>>> [data-test="login-username"]', username);
  await fill(p.page, '>>> [data-test="login-password"]', srv.password(username));
  await p.page.click('>>> [data-test="login-submit"]');
  await p.page.waitForSelector('>>> [data-test="nav"]');
  return p;
}

test('a convener carries a matter through four meetings; the township sees the flag and the board the timeline', async () => {
  const id = await openProcedure(srv, '村道硬化筹资筹劳');
  const api = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const convener = await staff('demo-convener');
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const stages = [
    ['proposal', 'party_branch', undefined],
    ['consultation', 'two_committees', undefined],
    ['review', 'party_assembly', undefined],
    ['resolution', 'villagers_assembly', inAWeek],
  ] as const;
  for (const [stage, body, startsAt] of stages) {
    const hall = await stageMeeting(srv, body, { members: 3, ...(startsAt ? { startsAt } : {}) });
    await convener.page.goto(`${srv.url}/procedures/${id}`);
    await convener.page.waitForSelector('>>> [data-test="schedule"] select option');
    await convener.page.$eval(
      '>>> [data-test="schedule"] select',
      (el, value) => ((el as HTMLSelectElement).value = value),
      String(hall.meetingId),
    );
    await convener.page.click('>>> [data-test="schedule"] button[type="submit"]');
    await convener.page.waitForSelector(`>>> [data-test="attempt"][data-stage="${stage}"][data-state="scheduled"]`);
    await decideStage(srv, hall, id, stage, 3);
    await until(api, id, (d: ProcedureDetail) => d.attempts.some((a) => a.stage === stage && a.state === 'passed'));
  }
  await convener.page.goto(`${srv.url}/procedures/${id}`);
  await convener.page.waitForSelector('>>> [data-test="attempt"][data-stage="resolution"][data-state="passed"]');
  assert.is(await convener.page.$$eval('>>> [data-test="attempt"][data-state="passed"]', (els) => els.length), 4);
  await convener.page.waitForSelector('>>> [data-test="flag"][data-flag="short_notice"]');
  assert.equal(realErrors(convener), []);
  await convener.close();

  // The township: the department sits at the township and sees every village's matters.
  const township = await staff('demo-department');
  await township.page.goto(`${srv.url}/procedures/township`);
  await township.page.waitForSelector(`>>> [data-test="township-row"][data-id="${id}"] [data-flag="short_notice"]`);
  await township.page.select('>>> [data-test="filters"] select[name="flag"]', 'short_notice');
  await township.page.waitForFunction(
    () => {
      const all = (root: Document | ShadowRoot): Element[] => [
        ...root.querySelectorAll('[data-test="township-row"]'),
        ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? all(el.shadowRoot) : [])),
      ];
      const rows = all(document);
      return rows.length > 0 && rows.every((r) => r.querySelector('[data-flag="short_notice"]'));
    },
    { timeout: SLOW },
  );
  assert.equal(realErrors(township), []);
  await township.close();

  // The public board: the four stages with their outcomes.
  const resident = await newPage(browser, { locale: 'zh-CN', width: 390, height: 844 });
  await resident.page.goto(`${srv.url}/board/${await villageId(srv)}`);
  await resident.page.waitForSelector(
    `>>> yishi-procedure-timeline[data-id="${id}"] >>> [data-test="timeline-stages"] li`,
  );
  const outcomes = await resident.page.$$eval(
    `>>> yishi-procedure-timeline[data-id="${id}"] >>> [data-test="timeline-stages"] li`,
    (els) => els.map((e) => e.getAttribute('data-outcome')),
  );
  assert.equal(outcomes, ['passed', 'passed', 'passed', 'passed']);
  await resident.close();
});

test.run();
