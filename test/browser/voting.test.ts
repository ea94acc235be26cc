import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser } from 'puppeteer-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { esbuildOptions, writeManifest, writeShell, type ClientEntry } from '../../scripts/build-client.js';
import { checkA11y, fill, launchBrowser, newPage, screenshot, textOf, type TestPage } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';
import { createMotion, openHall, openMotion, type Hall } from '../helpers/voting.js';

/**
 * The voting elements in real Chromium before any page embeds them: a harness entry built like
 * the client (same esbuild options, same CSP) mounts the phone ballot, the projector board and
 * the console controls. The convener drafts and opens a motion, five phones vote, the projector
 * follows "已投 n / 5" and shows the result with its rule sentence when the convener closes.
 */
const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-vote-harness-'));
const entry: ClientEntry = {
  name: 'app',
  script: 'test/browser/fixtures/vote-harness.ts',
  title: '议事 · 表决',
  element: 'main',
};
const built = await esbuild.build(esbuildOptions(entry, clientDir, false));
writeManifest(clientDir, { app: writeShell(entry, clientDir, built.metafile!) });

const srv = await startTestServer({
  config: { clientDir, intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 } },
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
  fs.rmSync(clientDir, { recursive: true, force: true });
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
    { polling: 100 },
    selector,
    text,
  );

test('five phones vote, the projector counts them live and shows the result with the rule when the convener closes', async () => {
  const consolePage = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 900 });
  await consolePage.page.goto(`${srv.url}/healthz`);
  await consolePage.page.evaluate(
    async (password: string) =>
      fetch('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'demo-convener', password }),
      }),
    srv.password('demo-convener'),
  );
  await consolePage.page.goto(`${srv.url}/?el=controls&meeting=${hall.meetingId}&item=${hall.itemId}`);
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
  await projector.page.goto(`${srv.url}/?el=board&meeting=${hall.meetingId}&screen=${hall.screenToken}`);
  await shown(projector, '[data-test="vote-cast"]', '已投 0 / 5');
  await checkA11y(projector.page, 'projector: voting');

  const choices = [0, 0, 0, 1, 2];
  const phones: TestPage[] = [];
  for (const [i, token] of hall.tokens.entries()) {
    const p = await newPage(browser, { locale: 'zh-CN', width: 390, height: 844 });
    await p.page.goto(`${srv.url}/?el=ballot&meeting=${hall.meetingId}&token=${token}`);
    await shown(p, '[data-test="ballot-option"]');
    if (i === 0) await checkA11y(p.page, 'phone: ballot');
    const size = await p.page.$eval('>>> [data-test="ballot-option"]', (b) => {
      const r = b.getBoundingClientRect();
      return { height: r.height, font: parseFloat(getComputedStyle(b).fontSize) };
    });
    assert.ok(size.height >= 48 && size.font >= 18, JSON.stringify(size));
    await p.page.click(`>>> [data-test="ballot-option"][data-option="${choices[i]}"]`);
    // A confirmation step before anything is sent.
    await shown(p, '[data-test="ballot-confirm-text"]');
    const question = await textOf(p.page, '>>> [data-test="ballot-confirm-text"]');
    assert.match(question, ['赞成', '反对', '弃权'][choices[i]!]!);
    const motion = await srv.db.models.Motion.findOne({ where: { meetingId: hall.meetingId, status: 'open' } });
    assert.is(
      await srv.db.models.Vote.count({ where: { motionId: motion!.id } }),
      i,
      'nothing is cast before the confirmation',
    );
    await p.page.click('>>> [data-test="ballot-confirm"]');
    await shown(p, '[data-test="ballot-done"]');
    assert.match(await textOf(p.page, '>>> [data-test="ballot-receipt"]'), /^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    if (i === 0) await checkA11y(p.page, 'phone: voted');
    phones.push(p);
    await shown(projector, '[data-test="vote-cast"]', `已投 ${i + 1} / 5`);
  }
  // Secret ballot: the projector shows no running counts.
  assert.is(await projector.page.$('>>> [data-test="vote-bars"]'), null);

  await consolePage.page.click('>>> [data-test="motion-close"]');
  await shown(consolePage, '[data-test="confirm-yes"]');
  await consolePage.page.click('>>> [data-test="confirm-yes"]');
  await shown(projector, '[data-test="vote-verdict"]', '通过');
  assert.is(
    await textOf(projector.page, '>>> [data-test="vote-statement"]'),
    '应到 5 人，实到 5 人，已达法定人数（4）；赞成超过到会人数半数（3）即通过：赞成 3 — 通过',
  );
  const counts = await projector.page.$$eval('>>> [data-test="vote-count"]', (els) => els.map((e) => e.textContent));
  assert.equal(counts, ['3', '1', '1']);
  await checkA11y(projector.page, 'projector: result');
  await screenshot(projector.page, 'test/artifacts/vote-board.png');
  await shown(phones[0]!, '[data-test="ballot-closed"]', '表决已经结束');
  await shown(consolePage, '[data-test="motion-verdict"]', '通过');
  for (const p of [consolePage, projector, ...phones]) assert.equal(p.errors, [], p.errors.join('\n'));
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
  await p.page.goto(`${srv.url}/?el=ballot&meeting=${hall.meetingId}&token=${absent}`);
  await shown(p, '[data-test="ballot-refused"]', '请先扫描大屏上的二维码签到');
  await checkA11y(p.page, 'phone: not checked in');
  await p.close();
});

test.run();
