import type { Browser } from 'puppeteer-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatRatio } from '../../shared/rules/stats.js';
import type { BoardRates } from '../../shared/schemas/stats.js';
import { checkA11y, launchBrowser, newPage } from '../helpers/browser.js';
import { Client } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { insertTopics } from '../helpers/stats.js';

/**
 * The public board's three rates (`<yishi-board-rates>` on `/board/<village>`) in real Chromium:
 * every month's numerator/denominator on screen equals the public API's ("—" where nothing was
 * due or rated), and axe finds nothing.
 */
const srv = await startTestServer({
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

test('a village’s three rates show month by month with numerator/denominator, accessibly', async () => {
  const village = (await srv.db.models.Organisation.findOne({ where: { name: '桃园村（演示）' } }))!.id;
  const now = Date.now();
  await insertTopics(
    srv.db,
    Array.from({ length: 5 }, (_, i) => ({
      organisationId: village,
      category: '环境卫生',
      createdAt: new Date(now - (i + 1) * 3_600_000),
      firstActionAt: i % 2 ? null : new Date(now - i * 3_600_000),
    })),
  );
  const api = (await new Client(srv.url).get(`/api/board/${village}/rates`)).body as BoardRates;
  assert.ok(api.totals.response.denominator >= 5);

  const p = await newPage(browser, { locale: 'zh-CN', width: 390, height: 844 });
  await p.page.goto(`${srv.url}/board/${village}`);
  await p.page.waitForSelector('>>> yishi-board-rates >>> tbody tr');
  const rows = await p.page.$$eval('>>> yishi-board-rates >>> tbody tr', (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('[data-test="board-ratio"]')).map((e) => e.textContent!.trim())),
  );
  // Months with nothing to count are left out rather than shown as "— (0/0)" three times.
  const counted = api.months.filter((m) =>
    [m.response, m.completion, m.satisfaction].some((r) => (r?.denominator ?? 0) > 0),
  );
  assert.ok(counted.length < 12, 'the demo village has empty months');
  assert.is(rows.length, counted.length);
  assert.not.ok(rows.some((cells) => cells.every((c) => c === '(0/0)' || c === '(—)')));
  const last = api.months[11]!;
  assert.equal(
    rows.at(-1),
    [last.response, last.completion, last.satisfaction].map((r) => `(${formatRatio(r)})`),
  );
  assert.is(rows.at(-1)![0], `(${last.response.numerator}/${last.response.denominator})`);
  const caption = await p.page.$eval('>>> yishi-board-rates >>> caption', (e) => e.textContent!);
  assert.match(caption, /桃园村（演示）/, caption);
  assert.equal(await checkA11y(p.page, 'board rates'), []);
  await p.page.close();
});

test.run();
