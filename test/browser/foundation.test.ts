import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser } from 'puppeteer-core';
import {
  checkA11y,
  docsScreenshot,
  fill,
  launchBrowser,
  newPage,
  screenshot,
  textOf,
  type TestPage,
} from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The staff app in a real Chromium against a real server: every demo role logs in and sees the
 * menu for its role, the language switch works and is remembered, and axe finds no serious or
 * critical problem on any page visited.
 */
const srv = await startTestServer({ config: { clientDir: new URL('../../dist/client', import.meta.url).pathname } });
let browser: Browser;

test.before(async () => {
  browser = await launchBrowser();
});
test.after(async () => {
  await browser?.close();
  await srv.close();
});

/** The anonymous GET /api/session 401 is expected; anything else in the console is a bug. */
const realErrors = (p: TestPage) => p.errors.filter((e) => !/status of 401/.test(e));

async function loginAs(p: TestPage, username: string, password: string): Promise<void> {
  await p.page.goto(srv.url + '/');
  await fill(p.page, '>>> [data-test="login-username"]', username);
  await fill(p.page, '>>> [data-test="login-password"]', password);
  await p.page.click('>>> [data-test="login-submit"]');
  await p.page.waitForSelector('>>> [data-test="nav"]');
}

const menuOf = (p: TestPage) =>
  p.page.$$eval('>>> [data-test="nav-link"]', (links) => links.map((a) => a.getAttribute('data-path')));

const EXPECTED_MENU: Record<string, string[]> = {
  admin: [
    '/',
    '/review',
    '/intake-codes',
    '/meetings',
    '/reception',
    '/procedures',
    '/follow',
    '/follow/inbox',
    '/stats',
    '/notifications',
    '/register',
    '/bodies',
    '/admin/organisations',
    '/admin/users',
    '/admin/webhooks',
    '/admin/audit',
  ],
  'demo-reviewer': [
    '/',
    '/review',
    '/intake-codes',
    '/procedures',
    '/follow',
    '/stats',
    '/notifications',
    '/register',
    '/bodies',
  ],
  'demo-convener': ['/', '/meetings', '/procedures', '/follow', '/stats', '/notifications'],
  'demo-secretary': ['/', '/meetings', '/procedures', '/follow', '/stats', '/notifications'],
  'demo-representative': ['/', '/reception', '/procedures', '/follow', '/stats', '/notifications'],
  'demo-department': ['/', '/procedures', '/follow/inbox', '/notifications'],
};

test('the login page is in Chinese by default and says why a login failed', async () => {
  const p = await newPage(browser, { locale: 'zh-CN' });
  await p.page.goto(srv.url + '/');
  await p.page.waitForSelector('>>> [data-test="login-username"]');
  assert.is(await p.page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.is(await textOf(p.page, '>>> h1'), '工作人员登录');
  await fill(p.page, '>>> [data-test="login-username"]', 'admin');
  await fill(p.page, '>>> [data-test="login-password"]', 'not-the-password');
  await p.page.click('>>> [data-test="login-submit"]');
  await p.page.waitForFunction(() =>
    document
      .querySelector('yishi-app')
      ?.shadowRoot?.querySelector('yishi-login-page')
      ?.shadowRoot?.querySelector('[data-test="login-error"]')
      ?.textContent?.includes('不正确'),
  );
  await checkA11y(p.page, 'login');
  await screenshot(p.page, 'test/artifacts/login.png');
  assert.equal(realErrors(p), []);
});

for (const [username, menu] of Object.entries(EXPECTED_MENU)) {
  test(`${username} logs in and sees the menu for the role, with no accessibility violations`, async () => {
    const p = await newPage(browser, { locale: 'zh-CN' });
    await loginAs(p, username, srv.password(username));
    assert.equal(await menuOf(p), menu);
    assert.ok((await textOf(p.page, '>>> [data-test="my-roles"]')).length > 0);
    await checkA11y(p.page, `home as ${username}`);
    assert.equal(realErrors(p), []);
  });
}

test('an admin visits every admin page; each passes axe, and a screenshot is kept for the README', async () => {
  const p = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 900 });
  await loginAs(p, 'admin', srv.password('admin'));
  for (const [path, hook] of [
    ['/admin/organisations', 'org-tree'],
    ['/admin/users', 'users-table'],
    ['/admin/audit', 'audit-table'],
  ] as const) {
    await p.page.click(`>>> [data-test="nav-link"][data-path="${path}"]`);
    await p.page.waitForSelector(`>>> [data-test="${hook}"]`);
    assert.is(new URL(p.page.url()).pathname, path);
    await checkA11y(p.page, path);
  }
  await p.page.click('>>> [data-test="nav-link"][data-path="/admin/organisations"]');
  await p.page.waitForSelector('>>> [data-test="org-node"][data-name="第二网格"]');
  await screenshot(p.page, docsScreenshot('screenshot.png'));
  assert.equal(realErrors(p), []);
});

test('a non-admin who types an admin address is told they are not allowed', async () => {
  const p = await newPage(browser, { locale: 'zh-CN' });
  await loginAs(p, 'demo-reviewer', srv.password('demo-reviewer'));
  await p.page.goto(srv.url + '/admin/users');
  assert.match(await textOf(p.page, '>>> h1'), /您没有权限/);
});

test('switching to English changes every label, survives a reload and is saved on the account', async () => {
  const p = await newPage(browser, { locale: 'zh-CN' });
  await loginAs(p, 'demo-secretary', srv.password('demo-secretary'));
  await p.page.click('>>> [data-test="lang-switch"] button[data-locale="en"]');
  await p.page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.is(await textOf(p.page, '>>> [data-test="nav-link"][data-path="/"]'), 'Home');
  await p.page.reload();
  await p.page.waitForSelector('>>> [data-test="nav"]');
  assert.is(await textOf(p.page, '>>> [data-test="logout"]'), 'Log out');
  await checkA11y(p.page, 'home in English');
  const user = await srv.db.models.User.findOne({ where: { username: 'demo-secretary' } });
  assert.is(user!.locale, 'en');
});

test('on a 360 px phone the menu folds behind a toggle button', async () => {
  const p = await newPage(browser, { locale: 'zh-CN', width: 360, height: 740 });
  await loginAs(p, 'admin', srv.password('admin'));
  const toggle = await p.page.waitForSelector('>>> .menu-toggle');
  assert.is(await toggle!.evaluate((b) => b.getAttribute('aria-expanded')), 'false');
  assert.is(await p.page.$eval('>>> [data-test="nav"]', (n) => getComputedStyle(n).display), 'none');
  await toggle!.click();
  assert.is(await p.page.$eval('>>> [data-test="nav"]', (n) => getComputedStyle(n).display), 'block');
  const fontSize = await p.page.$eval('>>> main', (m) => parseFloat(getComputedStyle(m).fontSize));
  assert.ok(fontSize >= 18, `font size ${fontSize}`);
  await checkA11y(p.page, 'phone home');
});

test('logging out returns to the login page and the session is gone', async () => {
  const p = await newPage(browser, { locale: 'zh-CN' });
  await loginAs(p, 'demo-convener', srv.password('demo-convener'));
  await p.page.click('>>> [data-test="logout"]');
  await p.page.waitForSelector('>>> [data-test="login-username"]');
  const status = await p.page.evaluate(async () => (await fetch('/api/session')).status);
  assert.is(status, 401);
});

test.run();
