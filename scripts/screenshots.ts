import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import type { ScreenMode } from '../shared/rules/meeting.js';
import { createApp } from '../server/app.js';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/index.js';
import { createLogger } from '../server/logger.js';
import type { Principal } from '../server/services/access.js';
import { seedDemoContent } from '../server/services/demo-content.js';
import { seedFirstRun } from '../server/services/seed.js';
import { fill, launchBrowser, newPage, waitForDeep } from '../test/helpers/browser.js';

/**
 * `npm run screenshots`: the README's pictures of the hall, taken from the demo county as
 * `npm start` seeds it, in real Chromium at the sizes people use — the console on a 1366×768
 * laptop, the projector in every screen mode and the command centre's big screen on a 1920×1080
 * wall, the phone ballot on a 390×844 phone. Writes docs/*.png; `npm test` never does.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs');
const only = process.argv.slice(2);

// Without a Chinese font Chromium draws every character as an empty box.
const cjk = (() => {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
})();
if (!cjk) console.warn('no Chinese font found: apt-get install -y fonts-noto-cjk, or the pictures show empty boxes');

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-shots-'));
const config = {
  ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }),
  databaseUrl: `sqlite:${path.join(workDir, 'demo.sqlite')}`,
  clientDir: path.join(root, 'dist/client'),
  loginRateLimit: 1000,
};
const db = await openDatabase(config.databaseUrl);
await db.migrate();
const logins = (await seedFirstRun(db, systemClock, { demo: true }))!;
const app = createApp({ db, clock: systemClock, logger: createLogger('silent'), config });
const demo = await seedDemoContent(app.services);
await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const local = (url: string) => {
  const u = new URL(url);
  return base + u.pathname + u.search;
};
const password = (username: string) => [logins.admin, ...logins.demo].find((l) => l.username === username)!.password;
const meeting = demo.meeting!;
const meetingId = Number(new URL(meeting.consoleUrl).pathname.split('/')[2]);
const convener = (await db.models.User.findOne({ where: { username: 'demo-convener' } }))!;
const principal: Principal = {
  userId: convener.id,
  memberships: (await db.models.Membership.findAll({ where: { userId: convener.id } })).map((m) => ({
    id: m.id,
    organisationId: m.organisationId,
    role: m.role,
  })),
};

const browser = await launchBrowser();
const wanted = (name: string) => !only.length || only.some((o) => name.includes(o));
const shoot = async (page: Page, name: string) => {
  // Fonts and images settle, and countdowns or live counts have been drawn once.
  await new Promise((r) => setTimeout(r, 600));
  await page.screenshot({ path: path.join(out, `${name}.png`) as `${string}.png` });
  console.log(`docs/${name}.png`);
};

async function login(page: Page, username: string): Promise<void> {
  await page.goto(base + '/login');
  await fill(page, '>>> [data-test="login-username"]', username);
  await fill(page, '>>> [data-test="login-password"]', password(username));
  await page.click('>>> [data-test="login-submit"]');
  await page.waitForSelector('>>> [data-test="nav"]');
}

try {
  if (wanted('console')) {
    const p = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 768 });
    await login(p.page, 'demo-convener');
    await p.page.goto(local(meeting.consoleUrl));
    await waitForDeep(p.page, '[data-test="motion-cast"]');
    await shoot(p.page, 'console');
    await p.close();
  }
  if (wanted('projector')) {
    const p = await newPage(browser, { locale: 'zh-CN', width: 1920, height: 1080 });
    await p.page.goto(local(meeting.screenUrl));
    await waitForDeep(p.page, '[data-test="screen"]');
    const modes: ScreenMode[] = ['join', 'agenda', 'item', 'vote', 'attendance', 'minutes'];
    for (const mode of modes) {
      await app.services.live.drive(principal, { meetingId, action: 'screen', mode });
      await waitForDeep(p.page, `section.mode[data-mode="${mode}"]`);
      if (mode === 'minutes') await waitForDeep(p.page, '.ProseMirror');
      await shoot(p.page, `projector-${mode}`);
    }
    await app.services.live.drive(principal, { meetingId, action: 'screen', mode: 'vote' });
    await p.close();
  }
  if (wanted('phone')) {
    const p = await newPage(browser, { locale: 'zh-CN', width: 390, height: 844 });
    await p.page.goto(local(meeting.inviteUrl));
    await waitForDeep(p.page, 'yishi-vote-ballot');
    await shoot(p.page, 'phone-ballot');
    await p.close();
  }
  if (wanted('stats')) {
    const p = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 768 });
    await login(p.page, 'admin');
    await p.page.goto(base + '/stats');
    await waitForDeep(p.page, 'yishi-stats-chart');
    await shoot(p.page, 'stats');
    await p.page.setViewport({ width: 1920, height: 1080 });
    await p.page.goto(base + '/stats/screen');
    await waitForDeep(p.page, 'table');
    await shoot(p.page, 'big-screen');
    await p.close();
  }
} finally {
  await browser.close();
  await app.close();
  await db.close();
  fs.rmSync(workDir, { recursive: true, force: true });
}
