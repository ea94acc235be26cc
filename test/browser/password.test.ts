import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'puppeteer-core';
import { checkA11y, fill, launchBrowser, newPage, textOf, type TestPage } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Issue 14, finding 7 and issue 17, item 10 in a real Chromium: the change-password form states
 * the strength rule, measures as one types and shows the server's reason for a weak password;
 * the login form says how many minutes to wait once failed attempts are rate-limited.
 */
const srv = await startTestServer({
  config: { clientDir: new URL('../../dist/client', import.meta.url).pathname, loginRateLimit: 3 },
});
let browser: Browser;
test.before(async () => {
  browser = await launchBrowser();
});
test.after(async () => {
  await browser?.close();
  await srv.close();
});

const realErrors = (p: TestPage) => p.errors.filter((e) => !/status of (400|401|429)/.test(e));

async function loginAs(p: TestPage, username: string, password: string): Promise<void> {
  await p.page.goto(srv.url + '/');
  await fill(p.page, '>>> [data-test="login-username"]', username);
  await fill(p.page, '>>> [data-test="login-password"]', password);
  await p.page.click('>>> [data-test="login-submit"]');
  await p.page.waitForSelector('>>> [data-test="nav"]');
}

const waitForText = (page: Page, selector: string, pattern: RegExp) =>
  page.waitForFunction(
    (sel: string, source: string) => {
      const find = (root: Document | ShadowRoot): Element | null => {
        const hit = root.querySelector(sel);
        if (hit) return hit;
        for (const el of root.querySelectorAll('*')) {
          const found = el.shadowRoot ? find(el.shadowRoot) : null;
          if (found) return found;
        }
        return null;
      };
      return new RegExp(source).test(find(document)?.textContent ?? '');
    },
    { timeout: 10_000 },
    selector,
    pattern.source,
  );

test('the change-password form states the rule, measures strength as one types, and shows why a password is refused', async () => {
  const p = await newPage(browser, { locale: 'zh-CN' });
  await loginAs(p, 'demo-department', srv.password('demo-department'));
  // The link sits in the account menu behind the user's name.
  await p.page.click('>>> [data-test="user-menu-name"]');
  await p.page.click('>>> [data-test="change-password"]');
  await p.page.waitForSelector('>>> [data-test="password-form"]');
  const hint = await textOf(p.page, '>>> [data-test="password-hint"]');
  assert.match(hint, /至少 10 个字符/);
  assert.match(hint, /3\/4/);
  await fill(p.page, '>>> #currentPassword', srv.password('demo-department'));
  await fill(p.page, '>>> [data-test="new-password"]', 'aaaaaaaaaaaa');
  await waitForText(p.page, '[data-test="password-strength"]', /极弱/);
  await fill(p.page, '>>> #repeatPassword', 'aaaaaaaaaaaa');
  await p.page.click('>>> [data-test="password-submit"]');
  await waitForText(p.page, '[data-field="newPassword"]', /密码太容易被猜到/);
  await checkA11y(p.page, 'change password');

  const strong = 'Tao-yuan-cun-17-lamps';
  await fill(p.page, '>>> [data-test="new-password"]', strong);
  await waitForText(p.page, '[data-test="password-strength"]', /很强|足够/);
  await fill(p.page, '>>> #repeatPassword', strong);
  await p.page.click('>>> [data-test="password-submit"]');
  await waitForText(p.page, '[data-test="password-saved"]', /密码已修改/);
  const res = await fetch(srv.url + '/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo-department', password: strong }),
  });
  assert.is(res.status, 200);
  assert.equal(realErrors(p), []);
});

test('once failed logins are rate-limited, the login form says how many minutes to wait', async () => {
  const p = await newPage(browser, { locale: 'zh-CN' });
  await p.page.goto(srv.url + '/');
  for (let i = 0; i < 4; i++) {
    await fill(p.page, '>>> [data-test="login-username"]', 'admin');
    await fill(p.page, '>>> [data-test="login-password"]', `not-the-password-${i}`);
    await p.page.click('>>> [data-test="login-submit"]');
    await p.page.waitForFunction(
      () =>
        !document
          .querySelector('yishi-app')
          ?.shadowRoot?.querySelector('yishi-login-page')
          ?.shadowRoot?.querySelector('[data-test="login-submit"]')
          ?.hasAttribute('disabled'),
    );
  }
  await waitForText(p.page, '[data-test="login-error"]', /请 1[45] 分钟后再试/);
});

test.run();
