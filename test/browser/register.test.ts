import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, ElementHandle } from 'puppeteer-core';
import { fill, launchBrowser, newPage, textOf, waitForDeep, type TestPage } from '../helpers/browser.js';
import { messyRegisterXlsx } from '../helpers/register.js';
import { startTestServer } from '../helpers/server.js';

/**
 * A village reviewer imports a messy sheet through the wizard in real Chromium: sees every bad
 * row, fixes the sheet's problems by unmapping the columns at fault, imports, finds the people
 * listed, and records a person's move out with its date and reason.
 */
const srv = await startTestServer({ config: { clientDir: new URL('../../dist/client', import.meta.url).pathname } });
let browser: Browser;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-register-'));
test.before(async () => {
  browser = await launchBrowser();
});
test.after(async () => {
  await browser?.close();
  await srv.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
const SLOW_MACHINE_MS = 30_000;

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

test('import a messy sheet through the wizard, unmap the bad columns, commit, find the people, move one out', async () => {
  const file = path.join(dir, '花名册.xlsx');
  fs.writeFileSync(file, await messyRegisterXlsx({ duplicate: false, grid: '第一网格' }));
  const { page } = await login('demo-reviewer');
  await page.goto(`${srv.url}/register`);
  await waitForDeep(page, '[data-test="register-summary"]');
  await page.click('>>> [data-test="tab-import"]');
  const input = (await page.waitForSelector('>>> [data-test="import-file"]')) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(file);

  await waitForDeep(page, '[data-test="import-problems"]');
  const problems = await textOf(page, '>>> [data-test="import-problems"]');
  assert.match(problems, '西片网格');
  assert.match(problems, '1390000555');
  assert.match(await textOf(page, '>>> [data-test="import-problem-count"]'), '2');
  const commit = await page.waitForSelector('>>> [data-test="import-commit"]');
  assert.ok(await commit!.evaluate((b) => (b as HTMLButtonElement).disabled), 'no import while rows are bad');

  for (const field of ['grid', 'phone']) {
    const select = (await page.waitForSelector(`>>> [data-test="map-${field}"]`)) as ElementHandle<HTMLSelectElement>;
    await select.select('');
  }
  await page.click('>>> [data-test="import-dry-run"]');
  await waitForDeep(page, '[data-test="import-ok"]');
  assert.match(await textOf(page, '>>> [data-test="import-counts"]'), '新增 6 人');
  await page.click('>>> [data-test="import-commit"]');
  await waitForDeep(page, '[data-test="register-people"]');

  await fill(page, '>>> [data-test="register-search"]', '王小明');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => {
      const find = (root: Document | ShadowRoot): Element | null =>
        root.querySelector('[data-test="register-people"]') ??
        Array.from(root.querySelectorAll('*'))
          .map((el) => (el.shadowRoot ? find(el.shadowRoot) : null))
          .find((x) => x) ??
        null;
      const table = find(document);
      return table && table.querySelectorAll('tbody tr').length === 1 && table.textContent!.includes('王小明');
    },
    { polling: 100 },
  );
  await page.click('>>> [data-test="person-link"]');
  await waitForDeep(page, '[data-test="status-form"]');
  const status = (await page.waitForSelector(
    '>>> [data-test="status-form"] select[name="status"]',
  )) as ElementHandle<HTMLSelectElement>;
  await status.select('moved_out');
  await fill(page, '>>> [data-test="status-form"] input[name="reason"]', '户口迁往县城');
  await page.click('>>> [data-test="status-form"] button[type="submit"]');
  await page.waitForFunction(
    () => {
      const find = (root: Document | ShadowRoot): string =>
        root.querySelector('[data-test="panel-status"]')?.textContent ??
        Array.from(root.querySelectorAll('*'))
          .map((el) => (el.shadowRoot ? find(el.shadowRoot) : ''))
          .find((x) => x) ??
        '';
      return find(document).includes('迁出');
    },
    { polling: 100 },
  );
  assert.match(await textOf(page, '>>> [data-test="status-history"]'), '户口迁往县城');
  const person = await srv.db.models.Person.findOne({ where: { name: '王小明' } });
  assert.is(person!.status, 'moved_out');
  assert.is(person!.phone, null, 'the unmapped phone column was not imported');
});

test.run();
