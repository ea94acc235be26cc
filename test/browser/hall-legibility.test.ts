import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'puppeteer-core';
import type { ScreenMode } from '../../shared/rules/meeting.js';
import type { Principal } from '../../server/services/access.js';
import { checkA11y, fill, launchBrowser, newPage, waitForDeep, type TestPage } from '../helpers/browser.js';
import { Client } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

/**
 * What people in the hall and in the command centre actually see, at the sizes they see it: the
 * projector at 1920×1080 in every screen mode (legible contrast, nothing under 32 px, the minutes
 * following the item under discussion), the big screen on a 1920×1080 wall (dark tables with
 * legible text, one screen high), and /stats on a 1366×768 laptop (chart clear of the buttons,
 * with a legend; the menu links on one line).
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

/** The demo's live meeting, driven through the service as its convener would from the console. */
async function demoMeeting() {
  const meeting = (await srv.db.models.Meeting.findOne({ where: { status: 'live' }, order: [['id', 'ASC']] }))!;
  const user = (await srv.db.models.User.findOne({ where: { username: 'demo-convener' } }))!;
  const principal: Principal = {
    userId: user.id,
    memberships: (await srv.db.models.Membership.findAll({ where: { userId: user.id } })).map((m) => ({
      id: m.id,
      organisationId: m.organisationId,
      role: m.role,
    })),
  };
  const agenda = await srv.app.services.meetings.agenda(meeting.id);
  const drive = (command: { action: 'screen'; mode: ScreenMode } | { action: 'goto'; itemId: number }) =>
    srv.app.services.live.drive(principal, { meetingId: meeting.id, ...command } as never);
  return { id: meeting.id, agenda, drive };
}

/**
 * Every piece of text a person can see on the page, with its computed size, walking shadow
 * roots: an element counts when it has a non-blank text node of its own and a visible box.
 */
function visibleText(page: Page) {
  return page.evaluate(() => {
    const out: { text: string; size: number }[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of Array.from(root.querySelectorAll('*'))) {
        if (el.shadowRoot) walk(el.shadowRoot);
        const own = Array.from(el.childNodes)
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent ?? '')
          .join('')
          .trim();
        if (!own || !(el as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true })) continue;
        const r = el.getBoundingClientRect();
        // Clipped to a pixel: read to screen readers, not shown (.visually-hidden).
        if (r.width <= 1 || r.height <= 1 || r.bottom <= 0 || r.top >= innerHeight) continue;
        out.push({ text: own.slice(0, 40), size: parseFloat(getComputedStyle(el).fontSize) });
      }
    };
    walk(document);
    return out;
  });
}

test('the projector is legible in every screen mode at 1920×1080: contrast, and nothing under 32 px', async () => {
  const m = await demoMeeting();
  const c = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const link = await c.post(`/api/meetings/${m.id}/screen-link`, {});
  assert.is(link.status, 200, JSON.stringify(link.body));
  const p = await newPage(browser, { locale: 'zh-CN', width: 1920, height: 1080 });
  const url = new URL(link.body.url as string);
  await p.page.goto(srv.url + url.pathname + url.search);
  await waitForDeep(p.page, '[data-test="screen"]');
  for (const mode of ['join', 'agenda', 'item', 'vote', 'attendance', 'minutes'] as ScreenMode[]) {
    await m.drive({ action: 'screen', mode });
    await waitForDeep(p.page, `section.mode[data-mode="${mode}"]`);
    if (mode === 'minutes') await waitForDeep(p.page, '[data-test="minutes-document"] h2.item-heading');
    if (mode === 'vote') await waitForDeep(p.page, '[data-test="vote-board"]');
    await new Promise((r) => setTimeout(r, 300));
    await checkA11y(p.page, `the projector in mode ${mode}`);
    const small = (await visibleText(p.page)).filter((x) => x.size < 32);
    assert.equal(small, [], `text under 32 px in mode ${mode}`);
  }
  assert.equal(realErrors(p), []);
  await p.close();
});

/** Where the current item's heading sits against the minutes' visible box on the projector. */
const headingPlace = (page: Page, itemId: number) =>
  page.evaluate((id: number) => {
    const find = (root: Document | ShadowRoot): Element | null =>
      root.querySelector(`[data-test="screen-mode"][data-mode="minutes"]`)
        ? root.querySelector('[data-test="screen-mode"][data-mode="minutes"]')
        : (Array.from(root.querySelectorAll('*'))
            .map((e) => (e.shadowRoot ? find(e.shadowRoot) : null))
            .find((x) => x) ?? null);
    const inside = (root: Element | ShadowRoot, sel: string): Element | null =>
      root.querySelector(sel) ??
      (Array.from(root.querySelectorAll('*'))
        .map((e) => (e.shadowRoot ? inside(e.shadowRoot, sel) : null))
        .find((x) => x) ||
        null);
    const mode = find(document)!;
    const heading = inside(mode, `h2.item-heading[data-item-id="${id}"]`);
    const frame = mode.getBoundingClientRect();
    if (!heading) return null;
    const r = heading.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, frameTop: frame.top, frameBottom: Math.min(frame.bottom, innerHeight) };
  }, itemId);

async function waitUntilShown(page: Page, itemId: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  let seen: Awaited<ReturnType<typeof headingPlace>> = null;
  while (Date.now() < deadline) {
    seen = await headingPlace(page, itemId);
    // Brought to the top of the box (a short section fits whole under its heading).
    if (seen && seen.top >= seen.frameTop - 1 && seen.top - seen.frameTop < 200 && seen.bottom <= seen.frameBottom + 1)
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`item ${itemId}'s heading is not on the projector: ${JSON.stringify(seen)}`);
}

test('the projector’s minutes follow the item under discussion, also after another mode was on screen', async () => {
  const m = await demoMeeting();
  const c = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const link = await c.post(`/api/meetings/${m.id}/screen-link`, {});
  const p = await newPage(browser, { locale: 'zh-CN', width: 1920, height: 1080 });
  const url = new URL(link.body.url as string);
  await m.drive({ action: 'screen', mode: 'item' });
  await p.page.goto(srv.url + url.pathname + url.search);
  await waitForDeep(p.page, '[data-test="hall-item-title"]');
  const last = m.agenda[m.agenda.length - 1]!;
  const first = m.agenda[0]!;
  // The item moves while the minutes are not on screen; they are shown later.
  await m.drive({ action: 'goto', itemId: last.id });
  await new Promise((r) => setTimeout(r, 500));
  await m.drive({ action: 'screen', mode: 'minutes' });
  await waitUntilShown(p.page, last.id);
  // And while they are on screen, the next move is followed too.
  await m.drive({ action: 'goto', itemId: first.id });
  await waitUntilShown(p.page, first.id);
  await p.close();
});

test('the big screen fits a 1920×1080 wall with legible tables', async () => {
  const p = await newPage(browser, { locale: 'zh-CN', width: 1920, height: 1080 });
  await loginAs(p, 'admin');
  await p.page.goto(srv.url + '/stats/screen');
  await waitForDeep(p.page, '[data-test="stats-children"]');
  await new Promise((r) => setTimeout(r, 300));
  await checkA11y(p.page, '/stats/screen');
  const height = await p.page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height <= 1080, `the big screen is ${height} px tall on a 1080 px wall`);
  assert.equal(realErrors(p), []);
  await p.close();
});

test('/stats at 1366×768: the menu links keep one line, and the chart has a legend and stays clear of the export buttons', async () => {
  const p = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 768 });
  await loginAs(p, 'admin');
  await p.page.goto(srv.url + '/stats');
  await waitForDeep(p.page, '[data-test="stats-legend"]');
  await waitForDeep(p.page, 'canvas');
  const nav = await p.page.$eval('>>> [data-test="nav"]', (n) => {
    const tops = new Set(Array.from(n.querySelectorAll('a')).map((a) => Math.round(a.getBoundingClientRect().top)));
    return tops.size;
  });
  assert.is(nav, 1, 'the admin menu wraps onto more than one line');
  const chart = await p.page.$eval('>>> yishi-stats-chart', (el) => {
    const canvas = el.shadowRoot!.querySelector('canvas')!.getBoundingClientRect();
    return { top: canvas.top, bottom: canvas.bottom };
  });
  const buttons = await p.page.$eval('>>> yishi-stats-export', (el) => {
    const all = Array.from(el.shadowRoot!.querySelectorAll('button')).map((b) => b.getBoundingClientRect());
    return { top: Math.min(...all.map((r) => r.top)), bottom: Math.max(...all.map((r) => r.bottom)) };
  });
  assert.ok(
    chart.bottom <= buttons.top || chart.top >= buttons.bottom,
    `chart ${JSON.stringify(chart)} overlaps the buttons ${JSON.stringify(buttons)}`,
  );
  const legend = await p.page.$$eval('>>> [data-test="stats-legend"] li', (items) =>
    items.map((i) => i.textContent?.trim()),
  );
  assert.equal(legend, ['受理议题', '按时响应', '办结']);
  await checkA11y(p.page, '/stats');
  await p.close();
});

test.run();
