import { test } from 'uvu';
import { checkInAtDesk } from '../helpers/checkin.js';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'puppeteer-core';
import { checkA11y, confirmYes, fill, launchBrowser, newPage, screenshot, type TestPage } from '../helpers/browser.js';
import { liveMeeting, principalOf, secondSecretary, storedDoc, textOf } from '../helpers/minutes.js';
import { startTestServer } from '../helpers/server.js';
import type { MeetingView } from '../../shared/schemas/meeting.js';

/**
 * The minutes in real Chromium: two secretaries in two browsers type into the same item and
 * converge while a read-only viewer watches; a participant's browser cannot type; the projector's
 * view follows the current item; closing the meeting turns every page into the final version.
 */
const srv = await startTestServer({ config: { clientDir: new URL('../../dist/client', import.meta.url).pathname } });
const s = srv.app.services;
let browsers: Browser[] = [];
const second = await secondSecretary(s);
const secretaryIds = [(await principalOf(srv.db, 'demo-secretary')).userId, second.id];
let meeting: MeetingView;

test.before(async () => {
  browsers = [await launchBrowser(), await launchBrowser()];
  meeting = await liveMeeting(s, { secretaryIds });
});
test.after(async () => {
  for (const b of browsers) await b.close();
  await srv.close();
});

const realErrors = (p: TestPage) => p.errors.filter((e) => !/status of 401/.test(e));
const passwordOf = (username: string) => (username === 'second-secretary' ? second.password : srv.password(username));

async function openAs(browser: Browser, username: string | null, query = ''): Promise<TestPage> {
  const p = await newPage(browser, { locale: 'zh-CN' });
  if (username) {
    await p.page.goto(`${srv.url}/login?next=${encodeURIComponent(`/m/${meeting.id}/minutes`)}`);
    await fill(p.page, '>>> [data-test="login-username"]', username);
    await fill(p.page, '>>> [data-test="login-password"]', passwordOf(username));
    await p.page.click('>>> [data-test="login-submit"]');
  } else await p.page.goto(`${srv.url}/m/${meeting.id}/minutes${query}`);
  await waitForState(p.page, '已同步');
  return p;
}

/**
 * Waits until the first element matching `selector` — looked for through every shadow root —
 * contains every one of `texts`.
 */
const waitForIn = (page: Page, selector: string, ...texts: string[]) =>
  page
    .waitForFunction(
      (sel: string, want: string[]) => {
        const all = (root: Document | ShadowRoot): Element[] => [
          ...root.querySelectorAll(sel),
          ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? all(el.shadowRoot) : [])),
        ];
        // Other editors' carets carry their names inside the text: not part of the minutes.
        const text = all(document)
          .map((el) => {
            const clone = el.cloneNode(true) as Element;
            clone.querySelectorAll('.remote-caret').forEach((c) => c.remove());
            return clone.textContent ?? '';
          })
          .join('\n');
        return want.every((w) => text.includes(w));
      },
      { timeout: 15_000 },
      selector,
      texts,
    )
    .catch(async (err: Error) => {
      const seen = await page.$$eval(`>>> ${selector}`, (els) => els.map((e) => e.textContent)).catch(() => []);
      throw new Error(
        `${err.message}: waiting for ${selector} to show ${texts.join(', ')}; it shows ${JSON.stringify(seen)}`,
      );
    });
const waitForState = (page: Page, text: string) => waitForIn(page, '[data-test="minutes-state"]', text);
const waitForText = (page: Page, ...texts: string[]) => waitForIn(page, '[data-test="minutes-document"]', ...texts);
const documentText = (page: Page) => page.$eval('>>> [data-test="minutes-document"]', (el) => el.textContent ?? '');

/** Clicks into the paragraph under an agenda item's heading and puts the caret at its end (or start). */
async function placeCaret(page: Page, itemId: number, at: 'End' | 'Home' = 'End'): Promise<void> {
  await page.click(`>>> [data-test="minutes-document"] h2[data-item-id="${itemId}"] + p`);
  await page.keyboard.press(at);
}

/** Clicks into the paragraph under an agenda item's heading and types at its end (or start). */
async function typeInItem(page: Page, itemId: number, text: string, at: 'End' | 'Home' = 'End'): Promise<void> {
  await placeCaret(page, itemId, at);
  await page.keyboard.type(text, { delay: 15 });
}

test('two secretaries in two browsers type into the same item and converge; a viewer sees both edits live', async () => {
  const a = await openAs(browsers[0]!, 'demo-secretary');
  const b = await openAs(browsers[1]!, 'second-secretary');
  const viewer = await openAs(browsers[0]!, 'demo-representative');
  const item = meeting.agenda[0]!.id;
  await typeInItem(a.page, item, '张：同意硬化。');
  await waitForText(b.page, '张：同意硬化。');
  // Then both at once in the same paragraph, one at its start and one at its end. The carets
  // are placed first: a click while someone else's edit re-renders the paragraph can land
  // elsewhere (y-prosemirror restores the caret it saved before the click, yjs/y-prosemirror#146),
  // which is not what this test is about.
  await placeCaret(a.page, item, 'Home');
  await placeCaret(b.page, item, 'End');
  await Promise.all([
    a.page.keyboard.type('【一致】', { delay: 15 }),
    b.page.keyboard.type('王：资金由村集体出。', { delay: 15 }),
  ]);
  for (const p of [a, b, viewer]) await waitForText(p.page, '【一致】张：同意硬化。王：资金由村集体出。');
  // Each sees who else is editing, and the other's name at their cursor.
  await waitForIn(a.page, '[data-test="minutes-editors"]', '王记录', '张记录（演示）');
  await waitForIn(a.page, '.remote-name', '王记录');
  // The viewer cannot type: its document is not editable and has no toolbar.
  assert.is(
    await viewer.page.$eval('>>> [data-test="minutes-document"]', (el) => el.getAttribute('contenteditable')),
    'false',
  );
  assert.is(await viewer.page.$('>>> [data-test="minutes-toolbar"]'), null);
  await new Promise((r) => setTimeout(r, 500));
  const stored = textOf(await storedDoc(s, `minutes:${meeting.id}`));
  assert.ok(stored.includes('【一致】张：同意硬化。王：资金由村集体出。'), stored);
  await checkA11y(a.page, 'minutes editor');
  await checkA11y(viewer.page, 'minutes read-only');
  await screenshot(a.page, 'test/artifacts/minutes-editor.png', { fullPage: true });
  for (const p of [a, b, viewer]) {
    assert.equal(realErrors(p), []);
    await p.close();
  }
});

test('the toolbar makes lists, headings and bold; select-all and delete leaves the protected blocks and the connection alone', async () => {
  const a = await openAs(browsers[0]!, 'demo-secretary');
  const item = meeting.agenda[1]!.id;
  await typeInItem(a.page, item, '处理意见');
  await a.page.click('>>> [data-command="heading"]');
  await a.page.keyboard.press('Enter');
  await a.page.click('>>> [data-command="bulletList"]');
  await a.page.keyboard.type('下周清运', { delay: 15 });
  await a.page.keyboard.press('Enter');
  await a.page.click('>>> [data-command="bold"]');
  await a.page.keyboard.type('费用公示', { delay: 15 });
  await a.page.waitForSelector('>>> [data-test="minutes-document"] h3');
  await a.page.waitForSelector('>>> [data-test="minutes-document"] ul li strong');
  await new Promise((r) => setTimeout(r, 500));
  const json = JSON.stringify(await s.minutes.content(meeting.id));
  assert.match(json, /"type":"heading","attrs":\{"level":3\},"content":\[\{"type":"text","text":"处理意见"\}\]/);
  assert.match(json, /"type":"bullet_list"/);
  assert.match(
    json,
    /"marks":\[\{"type":"strong"\}\],"text":"费用公示"|"text":"费用公示","marks":\[\{"type":"strong"\}\]/,
  );

  await a.page.keyboard.down('Control');
  await a.page.keyboard.press('a');
  await a.page.keyboard.up('Control');
  await a.page.keyboard.press('Backspace');
  await new Promise((r) => setTimeout(r, 500));
  const after = await s.minutes.content(meeting.id);
  assert.equal(
    after.content!.filter((n) => n.type === 'item_heading' || n.type === 'minutes_header').length,
    1 + meeting.agenda.length,
  );
  assert.ok((await documentText(a.page)).includes('处理意见'), 'nothing was deleted');
  await waitForState(a.page, '已同步');
  assert.equal(realErrors(a), []);
  await a.close();
});

test('a participant’s browser shows the minutes live but cannot type', async () => {
  const participantToken = await checkInAtDesk(srv, meeting.id, meeting.invitees[0]!.id);
  const phone = await newPage(browsers[1]!, { locale: 'zh-CN', width: 390, height: 844 });
  await phone.page.goto(`${srv.url}/m/${meeting.id}/minutes?p=${participantToken}`);
  await waitForState(phone.page, '已同步');
  const before = await documentText(phone.page);
  assert.ok(before.includes(meeting.agenda[0]!.title));
  assert.is(
    await phone.page.$eval('>>> [data-test="minutes-document"]', (el) => el.getAttribute('contenteditable')),
    'false',
  );
  await phone.page.click(`>>> [data-test="minutes-document"] h2[data-item-id="${meeting.agenda[0]!.id}"] + p`);
  await phone.page.keyboard.type('参会人想改一改', { delay: 10 });
  await new Promise((r) => setTimeout(r, 500));
  assert.not.ok((await documentText(phone.page)).includes('参会人想改一改'));
  assert.not.ok(JSON.stringify(await s.minutes.content(meeting.id)).includes('参会人想改一改'));
  // It still follows what the secretaries write.
  const a = await openAs(browsers[0]!, 'demo-secretary');
  await typeInItem(a.page, meeting.agenda[0]!.id, '会后公示。');
  await waitForText(phone.page, '会后公示。');
  await waitForState(phone.page, '已同步');
  await checkA11y(phone.page, 'minutes on a participant’s phone');
  assert.equal(realErrors(phone), []);
  await phone.close();
  await a.close();
});

test('the projector’s view scrolls to the current agenda item', async () => {
  const convener = await principalOf(srv.db, 'demo-convener');
  for (let i = 0; i < 6; i++)
    await s.minutes.appendToItem(meeting.id, meeting.agenda[0]!.id, [
      { type: 'paragraph', content: [{ type: 'text', text: `第 ${i + 1} 段讨论记录。`.repeat(6) }] },
    ]);
  const screen = new URL((await s.live.issueScreenToken(convener, meeting.id)).url).searchParams.get('token')!;
  const projector = await newPage(browsers[0]!, { locale: 'zh-CN', width: 1280, height: 720 });
  await projector.page.goto(`${srv.url}/m/${meeting.id}/minutes?t=${screen}`);
  await waitForState(projector.page, '已同步');
  const last = meeting.agenda[1]!.id;
  await projector.page.$eval(
    '>>> yishi-minutes-view',
    (el, id) => ((el as HTMLElement & { currentItemId: number }).currentItemId = id),
    last,
  );
  await projector.page.waitForFunction(
    (id) => {
      const find = (root: Document | ShadowRoot): Element | null => {
        const hit = root.querySelector(`h2[data-item-id="${id}"]`);
        if (hit) return hit;
        for (const el of root.querySelectorAll('*')) {
          const inner = el.shadowRoot && find(el.shadowRoot);
          if (inner) return inner;
        }
        return null;
      };
      const top = find(document)?.getBoundingClientRect().top;
      return top !== undefined && top >= -5 && top < 200;
    },
    { timeout: 10_000 },
    last,
  );
  assert.equal(realErrors(projector), []);
  await projector.close();
});

test('closing the meeting turns an open editor into the final version with its hash and downloads', async () => {
  const a = await openAs(browsers[0]!, 'demo-convener');
  await s.meetings.transition(await principalOf(srv.db, 'demo-convener'), meeting.id, 'closed');
  await a.page.waitForSelector('>>> [data-test="minutes-final"]', { timeout: 15_000 });
  const sha = (await s.minutes.finalVersion(meeting.id))!.sha256;
  await waitForIn(a.page, '[data-test="minutes-sha"]', sha);
  // The document itself ends with the footer showing the same hash, and nobody can type.
  await waitForText(a.page, `SHA-256 ${sha}`);
  assert.is(await a.page.$('>>> [data-test="minutes-toolbar"]'), null);
  assert.ok(await a.page.$('>>> [data-test="download-docx"]'));
  await a.page.click('>>> [data-test="minutes-publish"]');
  await confirmYes(a.page);
  await waitForIn(a.page, '[data-test="minutes-published"]', '已于');
  await checkA11y(a.page, 'final minutes');
  await screenshot(a.page, 'test/artifacts/minutes-final.png', { fullPage: true });
  assert.equal(realErrors(a), []);
  await a.close();
});

test.run();
