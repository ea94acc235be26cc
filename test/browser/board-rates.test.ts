import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser } from 'puppeteer-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { esbuildOptions, writeManifest, writeShell, type ClientEntry } from '../../scripts/build-client.js';
import type { BoardRates } from '../../shared/schemas/stats.js';
import { checkA11y, launchBrowser, newPage } from '../helpers/browser.js';
import { Client } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { insertTopics } from '../helpers/stats.js';

/**
 * `<yishi-board-rates>` in real Chromium before the board page embeds it: a harness entry built
 * like the client mounts it for a village; every month's numerator/denominator on screen equals
 * the public API's, the missing resolution rates read "—", and axe finds nothing.
 */
const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-board-harness-'));
const entry: ClientEntry = {
  name: 'app',
  script: 'test/browser/fixtures/board-rates-harness.ts',
  title: '议事 · 公开栏',
  element: 'main',
};
const built = await esbuild.build(esbuildOptions(entry, clientDir, false));
writeManifest(clientDir, { app: writeShell(entry, clientDir, built.metafile!) });

const srv = await startTestServer({ config: { clientDir } });
let browser: Browser;
test.before(async () => {
  browser = await launchBrowser();
});
test.after(async () => {
  await browser?.close();
  await srv.close();
  fs.rmSync(clientDir, { recursive: true, force: true });
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
  await p.page.goto(`${srv.url}/?org=${village}`);
  await p.page.waitForSelector('>>> tbody tr');
  const rows = await p.page.$$eval('>>> tbody tr', (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('[data-test="board-ratio"]')).map((e) => e.textContent!.trim())),
  );
  assert.is(rows.length, 12);
  const last = api.months[11]!;
  assert.equal(rows[11], [`(${last.response.numerator}/${last.response.denominator})`, '(—)', '(—)']);
  const caption = await p.page.$eval('>>> caption', (e) => e.textContent!);
  assert.match(caption, /桃园村（演示）/, caption);
  assert.equal(await checkA11y(p.page, 'board rates'), []);
  await p.page.close();
});

test.run();
