import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Browser } from 'puppeteer-core';
import { fill, launchBrowser, newPage, type TestPage } from '../helpers/browser.js';
import { FakeClock, startTestServer } from '../helpers/server.js';
import { independentMeasures, insertTopics } from '../helpers/stats.js';
import { monthsPeriod } from '../../shared/rules/stats.js';

/**
 * A county user drills down from the county to a grid in real Chromium; at each level the page
 * shows the figures a query computed here, row by row, gives. Then an export downloads and parses.
 */
const clock = new FakeClock(new Date('2026-11-20T04:00:00Z'));
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
const SLOW_MACHINE_MS = 20_000;
const org = async (name: string) => (await srv.db.models.Organisation.findOne({ where: { name } }))!.id;

async function login(username: string): Promise<TestPage> {
  const p = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 900 });
  p.page.setDefaultTimeout(SLOW_MACHINE_MS);
  await p.page.goto(`${srv.url}/login`);
  await fill(p.page, '>>> [data-test="login-username"]', username);
  await fill(p.page, '>>> [data-test="login-password"]', srv.password(username));
  await p.page.click('>>> [data-test="login-submit"]');
  await p.page.waitForSelector('>>> [data-test="nav"]');
  return p;
}

const PERIOD = monthsPeriod('2025-12', '2026-11');

test('a county user drills down to a grid and every level matches an independent count', async () => {
  const village = await org('桃园村（演示）');
  const grid = await org('第一网格');
  const t0 = Date.parse('2026-06-01T02:00:00Z');
  await insertTopics(
    srv.db,
    Array.from({ length: 12 }, (_, i) => ({
      organisationId: village,
      gridId: i % 2 ? grid : null,
      category: '道路交通',
      createdAt: new Date(t0 + i * 86_400_000),
      firstActionAt: i % 3 ? new Date(t0 + i * 86_400_000 + (i % 3) * 20 * 3_600_000) : null,
    })),
  );
  const p = await login('admin');
  await p.page.goto(`${srv.url}/stats`);
  const readLevel = async () => {
    await p.page.waitForSelector('>>> [data-test="rate-response"]');
    const topics = await p.page.$eval('>>> [data-test="stats-topics"] strong', (e) => e.textContent!.trim());
    const ratio = await p.page.$eval('>>> [data-test="rate-response"] >>> [data-test="rate-ratio"]', (e) =>
      e.textContent!.trim(),
    );
    return { topics: Number(topics), ratio };
  };
  const expectLevel = async (orgIds: number[], gridId?: number) => {
    const e = await independentMeasures(srv.db, {
      orgIds,
      gridId,
      period: PERIOD,
      limitHours: () => 24,
      now: clock.now(),
      withResolutions: false,
    });
    return { topics: e.topics, ratio: `${e.response.numerator}/${e.response.denominator}` };
  };
  const drillTo = async (name: string) => {
    const before = await p.page.$eval('>>> [data-test="stats-breadcrumb"]', (e) => e.textContent);
    const buttons = await p.page.$$('>>> [data-test="stats-drill"]');
    for (const b of buttons) {
      if ((await b.evaluate((e) => e.textContent!.trim())) === name) {
        await b.click();
        break;
      }
    }
    await p.page.waitForFunction(
      (prev) => {
        const page = document.querySelector('yishi-app')?.shadowRoot?.querySelector('yishi-stats-page');
        const crumbs = page?.shadowRoot?.querySelector('[data-test="stats-breadcrumb"]')?.textContent;
        return crumbs && crumbs !== prev;
      },
      {},
      before,
    );
  };
  const tree = srv.app.services.tree;
  assert.equal(await readLevel(), await expectLevel(await tree.subtree(await org('示范县（演示）'))));
  await drillTo('青山镇（演示）');
  assert.equal(await readLevel(), await expectLevel(await tree.subtree(await org('青山镇（演示）'))));
  await drillTo('桃园村（演示）');
  assert.equal(await readLevel(), await expectLevel(await tree.subtree(village)));
  await drillTo('第一网格');
  const atGrid = await readLevel();
  assert.equal(atGrid, await expectLevel([village], grid));
  assert.ok(atGrid.topics >= 6);
  assert.match(p.page.url(), new RegExp(`organisationId=${grid}`));
  await p.page.close();
});

test('an export downloads with progress and parses', async () => {
  const p = await login('admin');
  await p.page.goto(`${srv.url}/stats?organisationId=${await org('桃园村（演示）')}`);
  await p.page.waitForSelector('>>> [data-test="export-topics-csv"]');
  // Read the file the page saves: capture the Blob handed to the download link (CSP forbids fetching blob: URLs).
  await p.page.evaluate(() => {
    const w = window as unknown as { saved: Promise<string> };
    w.saved = new Promise((resolve) => {
      const original = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        if (blob instanceof Blob) void blob.text().then(resolve);
        return original(blob);
      };
    });
  });
  await p.page.click('>>> [data-test="export-topics-csv"]');
  const csv = await p.page.evaluate(() =>
    Promise.race([
      (window as unknown as { saved: Promise<string> }).saved,
      new Promise<string>((r) => setTimeout(() => r('TIMEOUT'), 15_000)),
    ]),
  );
  const rows = parseCsv(csv, { bom: true }) as string[][];
  assert.is(rows[0]![0], '编号');
  const topics = Number(await p.page.$eval('>>> [data-test="stats-topics"] strong', (e) => e.textContent!.trim()));
  assert.is(rows.length - 1, topics);
  await p.page.waitForFunction(() => {
    const page = document.querySelector('yishi-app')?.shadowRoot?.querySelector('yishi-stats-page');
    const exp = page?.shadowRoot?.querySelector('yishi-stats-export');
    return /导出完成/.test(exp?.shadowRoot?.querySelector('[data-test="export-status"]')?.textContent ?? '');
  });
  await p.page.close();
});

test.run();
