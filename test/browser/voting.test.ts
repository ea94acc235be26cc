import type { Browser } from 'puppeteer-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  checkA11y,
  confirmYes,
  fill,
  launchBrowser,
  newPage,
  screenshot,
  textOf,
  type TestPage,
} from '../helpers/browser.js';
import type { MotionView } from '../../shared/schemas/vote.js';
import { call } from '../helpers/realtime.js';
import { startTestServer } from '../helpers/server.js';
import { createMotion, openHall, openMotion, type Hall } from '../helpers/voting.js';

/**
 * Voting on the real pages in real Chromium: the convener drafts and opens a motion on the
 * console (`/m/<id>/console`), the projector (`/m/<id>/screen?token=`) is switched to the vote,
 * five checked-in phones (`/m/<id>?invite=`) vote with one tap each (已收到, then 已记录 once five
 * secret ballots can be recorded together), the projector follows "已投 n / 5" and shows the
 * result with its rule sentence when the convener closes.
 */
const srv = await startTestServer({
  config: {
    clientDir: new URL('../../dist/client', import.meta.url).pathname,
    loginRateLimit: 1000,
    intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 },
  },
});
let browser: Browser;
let hall: Hall;
test.before(async () => {
  browser = await launchBrowser();
  hall = await openHall(srv, { members: 5 });
});
test.after(async () => {
  hall?.close();
  await browser?.close();
  await srv.close();
});

/**
 * Waits until an element matching `selector` (inside any shadow root) exists and, if given,
 * contains `text`. Polls on a timer: puppeteer's `>>>` waits watch the document for mutations,
 * and changes inside shadow roots are not mutations of the document.
 */
const shown = (p: TestPage, selector: string, text = '') =>
  p.page.waitForFunction(
    (sel: string, want: string) => {
      const find = (root: Document | ShadowRoot): boolean => {
        if (Array.from(root.querySelectorAll(sel)).some((el) => el.textContent?.includes(want))) return true;
        return Array.from(root.querySelectorAll('*')).some((el) => el.shadowRoot && find(el.shadowRoot));
      };
      return find(document);
    },
    { polling: 100, timeout: 15_000 },
    selector,
    text,
  );

/** Pages without a login ask once who is signed in; the 401 that answers is expected. */
const realErrors = (p: TestPage) => p.errors.filter((e) => !/status of 401 .*\/api\/session\)$/.test(e));

async function loginAs(p: TestPage, username: string): Promise<void> {
  await p.page.goto(srv.url + '/login');
  await fill(p.page, '>>> [data-test="login-username"]', username);
  await fill(p.page, '>>> [data-test="login-password"]', srv.password(username));
  await p.page.click('>>> [data-test="login-submit"]');
  await p.page.waitForSelector('>>> [data-test="nav"]');
}

test('five phones vote, the projector counts them live and shows the result with the rule when the convener closes', async () => {
  const consolePage = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 900 });
  await loginAs(consolePage, 'demo-convener');
  await consolePage.page.goto(`${srv.url}/m/${hall.meetingId}/console`);
  await shown(consolePage, '[data-test="motion-new"]');
  await consolePage.page.click('>>> [data-test="motion-new"]');
  await shown(consolePage, '[data-test="motion-question"]');
  await fill(consolePage.page, '>>> [data-test="motion-question"]', '是否同意村道硬化方案？');
  await consolePage.page.click('>>> [data-test="motion-kind-secret"]');
  await checkA11y(consolePage.page, 'console: new motion');
  await consolePage.page.click('>>> [data-test="motion-save"]');
  await shown(consolePage, '[data-test="motion"][data-status="draft"]');
  await consolePage.page.click('>>> [data-test="motion-open"]');
  await shown(consolePage, '[data-test="motion"][data-status="open"]');

  const projector = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 720 });
  await projector.page.goto(`${srv.url}/m/${hall.meetingId}/screen?token=${hall.screenToken}`);
  await consolePage.page.click('>>> [data-test="console-mode"][data-mode="vote"]');
  await shown(projector, '[data-test="vote-cast"]', '已投 0 / 5');
  await checkA11y(projector.page, 'projector: voting');

  const choices = [0, 0, 0, 1, 2];
  const phones: TestPage[] = [];
  for (const [i, token] of hall.tokens.entries()) {
    const p = await newPage(browser, { locale: 'zh-CN', width: 390, height: 844 });
    await p.page.goto(`${srv.url}/m/${hall.meetingId}?invite=${token}`);
    await shown(p, '[data-test="ballot-option"]');
    if (i === 0) await checkA11y(p.page, 'phone: ballot');
    const size = await p.page.$eval('>>> [data-test="ballot-option"]', (b) => {
      const r = b.getBoundingClientRect();
      return { height: r.height, font: parseFloat(getComputedStyle(b).fontSize) };
    });
    assert.ok(size.height >= 48 && size.font >= 18, JSON.stringify(size));
    // One tap on the choice casts the vote: no second step for an elderly voter to miss.
    await p.page.click(`>>> [data-test="ballot-option"][data-option="${choices[i]}"]`);
    await shown(p, '[data-test="ballot-done"]');
    const motion = await srv.db.models.Motion.findOne({ where: { meetingId: hall.meetingId, status: 'open' } });
    assert.is(await srv.db.models.Vote.count({ where: { motionId: motion!.id } }), i + 1, 'one tap cast the ballot');
    assert.match(await textOf(p.page, '>>> [data-test="ballot-choice"]'), ['赞成', '反对', '弃权'][choices[i]!]!);
    assert.match(await textOf(p.page, '>>> [data-test="ballot-receipt"]'), /^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    // A secret ballot is received at once and recorded only together with four others.
    if (i < 4) assert.is(await textOf(p.page, '>>> [data-test="ballot-status"]'), '已收到');
    if (i === 0) await checkA11y(p.page, 'phone: received');
    phones.push(p);
    await shown(projector, '[data-test="vote-cast"]', `已投 ${i + 1} / 5`);
  }
  // The fifth ballot made a mix of five: every phone now says 已记录.
  for (const p of phones) await shown(p, '[data-test="ballot-done"][data-state="recorded"]', '已记录');
  await checkA11y(phones[0]!.page, 'phone: recorded');
  // Secret ballot: the projector shows no running counts.
  assert.is(await projector.page.$('>>> [data-test="vote-bars"]'), null);

  await consolePage.page.click('>>> [data-test="motion-close"]');
  await confirmYes(consolePage.page);
  await shown(projector, '[data-test="vote-verdict"]', '通过');
  assert.is(
    await textOf(projector.page, '>>> [data-test="vote-statement"]'),
    '应到 5 人，实到 5 人，已达法定人数（4）；赞成至少 3 票（超过到会 5 人的半数）即通过：赞成 3 — 通过',
  );
  const counts = await projector.page.$$eval('>>> [data-test="vote-count"]', (els) => els.map((e) => e.textContent));
  assert.equal(counts, ['3', '1', '1']);
  await checkA11y(projector.page, 'projector: result');
  await screenshot(projector.page, 'test/artifacts/vote-board.png');
  await shown(phones[0]!, '[data-test="ballot-closed"]', '表决已经结束');
  await shown(consolePage, '[data-test="motion-verdict"]', '通过');
  for (const p of [consolePage, projector, ...phones]) assert.equal(realErrors(p), [], p.errors.join('\n'));
  for (const p of [consolePage, projector, ...phones]) await p.close();
});

test('a phone not checked in is told to check in, and a guest that it is not a voting member', async () => {
  const absent = hall.tokens[4]!;
  await hall.convener.post(`/api/meetings/${hall.meetingId}/attendance`, {
    inviteeId: hall.members[4],
    present: false,
  });
  const motion = await createMotion(hall, { question: '是否同意设立老年食堂？' });
  await openMotion(hall, motion.id);
  const p = await newPage(browser, { locale: 'zh-CN', width: 390, height: 844 });
  await p.page.goto(`${srv.url}/m/${hall.meetingId}?invite=${absent}`);
  await shown(p, '[data-test="ballot-refused"]', '请先扫描大屏上的二维码签到');
  await checkA11y(p.page, 'phone: not checked in');
  await p.close();
});

test('a phone keeps a ballot that is only received, resends it after a reload, and lets it go once recorded', async () => {
  const left = await srv.db.models.Motion.findAll({ where: { meetingId: hall.meetingId, status: 'open' } });
  for (const m of left) assert.ok((await call(hall.console, 'motion:close', { motionId: m.id })).ok);
  const motion = await createMotion(hall, { kind: 'secret', question: '是否同意调整村民小组划分？' });
  await openMotion(hall, motion.id);
  const p = await newPage(browser, { locale: 'zh-CN', width: 390, height: 844 });
  await p.page.goto(`${srv.url}/m/${hall.meetingId}?invite=${hall.tokens[0]}`);
  await shown(p, '[data-test="ballot-option"]');
  await p.page.click('>>> [data-test="ballot-option"][data-option="1"]');
  await shown(p, '[data-test="ballot-done"][data-state="received"]', '已收到');
  const kept = () => p.page.evaluate(() => JSON.parse(localStorage.getItem('yishi.pending-ballots') ?? '[]').length);
  assert.is(await kept(), 1, 'the ballot is kept on the phone until recorded');
  // A reload (a dropped connection, the browser closed by mistake): still received, still kept, resent.
  await p.page.reload();
  await shown(p, '[data-test="ballot-done"][data-state="received"]', '已收到');
  assert.is(await kept(), 1);
  // Alone, it is recorded at the close; the phone hears it and forgets the ballot.
  const closed = await call<MotionView>(hall.console, 'motion:close', { motionId: motion.id });
  assert.ok(closed.ok && closed.data.result!.cast === 1 && closed.data.result!.counts[1] === 1, JSON.stringify(closed));
  await p.page.waitForFunction(() => localStorage.getItem('yishi.pending-ballots') === '[]', { timeout: 10_000 });
  await shown(p, '[data-test="ballot-closed"]', '表决已经结束');
  assert.equal(realErrors(p), [], p.errors.join('\n'));
  await p.close();
});

test.run();
