import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'puppeteer-core';
import { checkA11y, fill, launchBrowser, newPage, textOf, type TestPage } from '../helpers/browser.js';
import { FakeClock, startTestServer } from '../helpers/server.js';

/**
 * Reception day (党代表接待日) in real Chromium: residents take numbers on their phones, the
 * waiting room's screen shows the number being called, the representative calls the next one,
 * records the visit and turns it into a topic or a referral; an admin edits the roster.
 * 09:30 in Beijing on the 15th, when the demo studio receives; the demo handed out five numbers
 * at the desk today and called two.
 */
const clock = new FakeClock(new Date('2026-11-15T01:30:00Z'));
const srv = await startTestServer({
  clock,
  config: { clientDir: new URL('../../dist/client', import.meta.url).pathname },
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
/** The residents' studio pages load on demand: give a loaded machine time. */
const SLOW_MACHINE_MS = 20_000;
async function phone(): Promise<TestPage> {
  const p = await newPage(browser, PHONE);
  p.page.setDefaultTimeout(SLOW_MACHINE_MS);
  return p;
}
const realErrors = (p: TestPage) => p.errors.filter((e) => !/status of 401/.test(e));
const studio = async () => (await srv.db.models.Studio.findOne({ where: { name: '桃园村党代表工作室（演示）' } }))!;

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

const waitText = (page: Page, selector: string, text: string, timeout = SLOW_MACHINE_MS) =>
  page.waitForFunction(
    (sel, want) => {
      const find = (root: Document | ShadowRoot): Element | null => {
        const hit = root.querySelector(sel);
        if (hit) return hit;
        for (const el of root.querySelectorAll('*')) {
          const inner = el.shadowRoot ? find(el.shadowRoot) : null;
          if (inner) return inner;
        }
        return null;
      };
      return find(document)?.textContent?.includes(want) ?? false;
    },
    { timeout },
    selector,
    text,
  );

test('residents take numbers in order on their phones; the screen and the desk show the queue; the representative calls the next and the phone says it is their turn', async () => {
  const s = await studio();
  const first = await phone();
  await first.page.goto(`${srv.url}/s/${s.code}`);
  await first.page.waitForSelector('>>> [data-test="take-ticket"]');
  assert.match(await textOf(first.page, '>>> [data-test="studio-next"]'), /9:00|09:00/);
  await checkA11y(first.page, 'studio page');
  await first.page.click('>>> [data-test="take-ticket"]');
  await first.page.waitForSelector('>>> [data-test="ticket-number"]');
  assert.is(await textOf(first.page, '>>> [data-test="ticket-number"]'), '6');
  await waitText(first.page, '[data-test="ticket"]', '前面还有 3 人');
  await checkA11y(first.page, 'ticket');

  const second = await phone();
  await second.page.goto(`${srv.url}/s/${s.code}`);
  await second.page.waitForSelector('>>> [data-test="take-ticket"]');
  await second.page.click('>>> [data-test="take-ticket"]');
  await second.page.waitForSelector('>>> [data-test="ticket-number"]');
  assert.is(await textOf(second.page, '>>> [data-test="ticket-number"]'), '7');
  // The same phone asking again keeps its number, also after a reload.
  await second.page.reload();
  await second.page.waitForSelector('>>> [data-test="ticket-number"]');
  assert.is(await textOf(second.page, '>>> [data-test="ticket-number"]'), '7');

  const screen = await newPage(browser, { locale: 'zh-CN', width: 1920, height: 1080 });
  screen.page.setDefaultTimeout(SLOW_MACHINE_MS);
  await screen.page.goto(`${srv.url}/s/${s.code}/screen`);
  await waitText(screen.page, '[data-test="screen-calling"]', '2');
  await waitText(screen.page, '[data-test="screen-waiting"]', '等候 5 人');
  await checkA11y(screen.page, 'queue screen');

  const rep = await staff('demo-representative');
  await rep.page.click('>>> [data-test="nav-link"][data-path="/reception"]');
  await rep.page.waitForSelector('>>> [data-test="studio"]');
  await checkA11y(rep.page, 'reception days');
  await rep.page.click('>>> [data-test="studio-desk"]');
  await rep.page.waitForSelector('>>> [data-test="desk-queue"]');
  assert.is(await textOf(rep.page, '>>> [data-test="desk-calling"]'), '2');
  await checkA11y(rep.page, 'desk');
  for (const n of ['3', '4', '5', '6']) {
    await rep.page.click('>>> [data-test="call-next"]');
    await waitText(rep.page, '[data-test="desk-calling"]', n);
  }
  await waitText(screen.page, '[data-test="screen-calling"]', '6');
  await waitText(first.page, '[data-test="ticket"]', '轮到您了');
  await waitText(second.page, '[data-test="ticket"]', '前面还有 0 人');

  // A visitor without a phone gets the next number at the desk.
  await rep.page.click('>>> [data-test="hand-out"]');
  await waitText(rep.page, '[data-test="handed-out"]', '8 号');
  for (const p of [first, second, screen, rep]) assert.equal(realErrors(p), []);
});

test('the representative records a visit and turns it into a topic whose receipt the visitor can follow, and refers another straight to a department', async () => {
  const s = await studio();
  const rep = await staff('demo-representative');
  await rep.page.goto(`${srv.url}/reception/${s.id}`);
  await rep.page.waitForSelector('>>> [data-test="visit-form"]');
  const ticket = await rep.page.$eval('>>> [data-test="visit-ticket"]', (el) => (el as HTMLInputElement).value);
  assert.ok(Number(ticket) >= 2, 'the number being called is filled in');
  await fill(rep.page, '>>> [data-test="visit-matter"]', '村西头桥面开裂，拖拉机过不去');
  await rep.page.select('>>> [data-test="visit-category"]', '道路交通');
  await fill(rep.page, '>>> [data-test="visit-answer"]', '已拍照记录，提交村两委');
  await rep.page.click('>>> [data-test="visit-follow-up"]');
  await rep.page.click('>>> [data-test="visit-save"]');
  await waitText(rep.page, '[data-test="desk-done"]', '接待记录已保存');
  const visit = await srv.db.models.Visit.findOne({ where: { matter: '村西头桥面开裂，拖拉机过不去' } });
  assert.ok(visit);
  assert.is(visit!.followUp, true);

  const cardOf = (id: number) =>
    rep.page.evaluateHandle((visitId) => {
      const desk = document
        .querySelector('yishi-app')!
        .shadowRoot!.querySelector('yishi-studio-desk-page')!.shadowRoot!;
      return [...desk.querySelectorAll('yishi-visit-card')].find((c) =>
        c.shadowRoot?.querySelector(`[data-id="${visitId}"]`),
      )!;
    }, id);
  const clickIn = async (id: number, selector: string) => {
    const host = await cardOf(id);
    await host.evaluate((h, sel) => (h as HTMLElement).shadowRoot!.querySelector<HTMLElement>(sel)!.click(), selector);
  };
  await clickIn(visit!.id, '[data-test="visit-to-topic"]');
  await rep.page.waitForSelector('>>> [data-test="confirm-dialog"][open]');
  await rep.page.click('>>> [data-test="confirm-yes"]');
  await rep.page.waitForSelector('>>> [data-test="visit-receipt"]');
  await visit!.reload();
  const topic = await srv.db.models.Topic.findByPk(visit!.topicId!);
  const repId = (await srv.db.models.User.findOne({ where: { username: 'demo-representative' } }))!.id;
  assert.equal([topic!.status, topic!.ownerId], ['accepted', repId]);
  assert.match(await textOf(rep.page, '>>> [data-test="visit-receipt"]'), new RegExp(topic!.receipt.slice(0, 4)));
  await checkA11y(rep.page, 'desk after a visit');

  const visitor = await phone();
  await visitor.page.goto(`${srv.url}/t/${topic!.receipt}`);
  await visitor.page.waitForSelector('>>> [data-test="track-view"]');
  assert.is(await textOf(visitor.page, '>>> [data-test="track-status"]'), '已受理');
  await waitText(visitor.page, '[data-test="timeline"]', '来自：桃园村党代表工作室（演示）');

  // A second visit goes straight to the township (即办).
  await fill(rep.page, '>>> [data-test="visit-matter"]', '低保审核进度咨询，需要民政所答复');
  await rep.page.click('>>> [data-test="visit-save"]');
  await waitText(rep.page, '[data-test="desk-done"]', '接待记录已保存');
  const second = await srv.db.models.Visit.findOne({ where: { matter: '低保审核进度咨询，需要民政所答复' } });
  await clickIn(second!.id, '[data-test="visit-refer"]');
  const township = (await srv.db.models.Organisation.findOne({ where: { name: '青山镇（演示）' } }))!;
  const host = await cardOf(second!.id);
  await rep.page.waitForFunction(
    (h, id) =>
      !!(h as HTMLElement).shadowRoot
        ?.querySelector('yishi-refer-form')
        ?.shadowRoot?.querySelector(`option[value="unit:${id}"]`),
    {},
    host,
    township.id,
  );
  await host.evaluate((h, id) => {
    const form = (h as HTMLElement).shadowRoot!.querySelector('yishi-refer-form')!.shadowRoot!;
    form.querySelector<HTMLSelectElement>('[data-test="refer-target"]')!.value = `unit:${id}`;
    form.querySelector<HTMLTextAreaElement>('[data-test="refer-note"]')!.value = '请民政所三日内答复来访群众';
    form.querySelector<HTMLButtonElement>('[data-test="refer-submit"]')!.click();
  }, township.id);
  await rep.page.waitForSelector('>>> [data-test="confirm-dialog"][open]');
  await rep.page.click('>>> [data-test="confirm-yes"]');
  await waitText(rep.page, '[data-test="desk-done"]', '已转办');
  await second!.reload();
  const referral = await srv.db.models.Referral.findOne({ where: { topicId: second!.topicId! } });
  assert.equal([referral!.organisationId, referral!.note], [township.id, '请民政所三日内答复来访群众']);
  assert.equal(realErrors(rep), []);
});

test('an admin puts a second representative on the roster through the form; the rotation order is kept', async () => {
  const s = await studio();
  const admin = await staff('admin');
  await admin.page.goto(`${srv.url}/reception`);
  await admin.page.waitForSelector(`>>> [data-test="studio"][data-id="${s.id}"]`);
  await admin.page.click(`>>> [data-test="studio"][data-id="${s.id}"] [data-test="studio-edit"]`);
  await admin.page.waitForSelector('>>> [data-test="studio-form"]');
  await checkA11y(admin.page, 'studio form');
  const before = s.roster.length;
  await admin.page.click('>>> [data-test="studio-roster"] li:last-child button[aria-label*="移出"]');
  await admin.page.waitForFunction(
    (n) =>
      (document
        .querySelector('yishi-app')
        ?.shadowRoot?.querySelector('yishi-reception-page')
        ?.shadowRoot?.querySelector('yishi-studio-form')
        ?.shadowRoot?.querySelectorAll('[data-test="studio-roster"] li').length ?? 0) === n,
    {},
    before - 1,
  );
  await admin.page.click('>>> [data-test="studio-add"]');
  await fill(admin.page, '>>> [data-test="studio-location"]', '党群服务中心二楼');
  await admin.page.click('>>> [data-test="studio-save"]');
  await waitText(admin.page, '[data-test="reception-done"]', '已保存');
  await s.reload();
  assert.is(s.location, '党群服务中心二楼');
  assert.is(s.roster.length, before);
  const audit = await srv.db.models.AuditEvent.findOne({
    where: { action: 'studio.updated', subjectId: String(s.id) },
  });
  assert.ok(audit, 'the change is audited');
  assert.equal(realErrors(admin), []);
});

test.run();
