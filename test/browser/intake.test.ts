import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import sharp from 'sharp';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, Page } from 'puppeteer-core';
import {
  checkA11y,
  fill,
  launchBrowser,
  newPage,
  screenshot,
  textOf,
  type TestPage,
  waitForDeep,
} from '../helpers/browser.js';
import { Client } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

/**
 * 码上议 in real Chromium: a resident on a 360×740 phone in Chinese, and a reviewer at a desk PC in
 * a second browser, against a real server and database.
 */
const srv = await startTestServer({ config: { clientDir: new URL('../../dist/client', import.meta.url).pathname } });
let browser: Browser;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-intake-'));
const PHONE = { locale: 'zh-CN', width: 360, height: 740 };
/** Pages of the residents' bundle other than the form load on demand: give a loaded machine time. */
const SLOW_MACHINE_MS = 20_000;

test.before(async () => {
  browser = await launchBrowser();
});
test.after(async () => {
  await browser?.close();
  await srv.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The anonymous session check of the staff app answers 401 by design; anything else is a bug. */
const realErrors = (p: TestPage) => p.errors.filter((e) => !/status of 401/.test(e));
const topicCount = () => srv.db.models.Topic.count();

async function phone(): Promise<TestPage> {
  const p = await newPage(browser, PHONE);
  p.page.setDefaultTimeout(SLOW_MACHINE_MS);
  return p;
}

async function staff(username: string): Promise<TestPage> {
  const p = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 900 });
  p.page.setDefaultTimeout(SLOW_MACHINE_MS);
  await p.page.goto(`${srv.url}/login`);
  await fill(p.page, '>>> [data-test="login-username"]', username);
  await fill(p.page, '>>> [data-test="login-password"]', srv.password(username));
  await p.page.click('>>> [data-test="login-submit"]');
  await p.page.waitForSelector('>>> [data-test="nav"]');
  return p;
}

/** The address printed on the A4 poster, read out of the PDF as a person would copy it. */
async function posterAddress(code: string): Promise<string> {
  const reviewer = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const row = await srv.db.models.IntakeCode.findOne({ where: { code } });
  const res = await fetch(`${srv.url}/api/intake-codes/${row!.id}/poster.pdf`, {
    headers: { cookie: reviewer.cookieHeader },
  });
  const doc = await getDocument({ data: new Uint8Array(await res.arrayBuffer()), useSystemFonts: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    text += (await (await doc.getPage(i)).getTextContent()).items.map((x) => ('str' in x ? x.str : '')).join('');
  }
  const printed = /https?:\/\/\S+?\/p\/[2-9A-HJKMNP-Z]{6}/.exec(text.replace(/\s+/g, ''))?.[0];
  assert.ok(printed, `no address on the poster: ${text.slice(0, 200)}`);
  // The poster carries PUBLIC_URL (the hall's LAN address); the test server listens elsewhere.
  return srv.url + new URL(printed!).pathname;
}

/** A phone camera's photo (2560×1920 JPEG with a GPS position in its EXIF). */
async function cameraPhoto(): Promise<string> {
  const file = path.join(tmp, 'IMG_20261115_093000.jpg');
  await sharp({ create: { width: 2560, height: 1920, channels: 3, background: '#6a8' } })
    .jpeg({ quality: 90 })
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 0/1' } })
    .toFile(file);
  return file;
}

const intakeField = (page: Page, name: string) =>
  page.waitForSelector(`>>> yishi-intake-page >>> [data-test="intake-${name}"]`);

async function fillTopic(page: Page, title: string): Promise<void> {
  await (await intakeField(page, 'title'))!.type(title);
  await page.waitForSelector('>>> [data-test="intake-category"]:not([disabled])');
  await page.select('>>> [data-test="intake-category"]', '公共设施');
  await (await intakeField(page, 'details'))!.type('晚上看不见路，老人容易摔倒。');
}

test('a resident opens the poster’s address on a phone, submits a topic with a photo, and follows it by receipt; a reviewer sees it arrive live and declines it with a reply the resident then reads', async () => {
  const reviewer = await staff('demo-reviewer');
  await reviewer.page.click('>>> [data-test="nav-link"][data-path="/review"]');
  await reviewer.page.waitForSelector('>>> [data-test="topics-table"]');
  const badgeBefore = Number(await textOf(reviewer.page, '>>> [data-test="nav-badge"]'));

  const resident = await phone();
  await resident.page.goto(await posterAddress(srv.intakeCodes[0]!));
  await intakeField(resident.page, 'title');
  assert.is(await resident.page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.match(await textOf(resident.page, '>>> yishi-intake-page >>> h1'), /桃园村/);
  const fontSize = await resident.page.$eval('>>> [data-test="intake-title"]', (el) =>
    parseFloat(getComputedStyle(el).fontSize),
  );
  assert.ok(fontSize >= 18, `title field at ${fontSize}px`);
  const submitHeight = await resident.page.$eval(
    '>>> [data-test="intake-submit"]',
    (el) => el.getBoundingClientRect().height,
  );
  assert.ok(submitHeight >= 48, `submit button ${submitHeight}px high`);
  assert.ok(await resident.page.$('>>> [data-test="privacy"]'), 'the privacy note is on the form');
  await checkA11y(resident.page, 'intake form');

  const before = await topicCount();
  await fillTopic(resident.page, '桥头路灯不亮了');
  const input = await resident.page.waitForSelector('>>> [data-test="photo-input"]');
  await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(await cameraPhoto());
  // Decoding and shrinking a 5-megapixel photo takes a phone (and a busy machine) a few seconds.
  await resident.page.waitForSelector('>>> [data-test="photo-list"] img', { timeout: 30_000 });
  await resident.page.click('>>> [data-test="intake-submit"]');
  const receiptEl = await resident.page.waitForSelector('>>> [data-test="receipt-code"]', { timeout: 20_000 });
  const receipt = (await receiptEl!.evaluate((el) => el.getAttribute('data-receipt')))!;
  assert.match(receipt, /^[2-9A-HJKMNP-Z]{8}$/);
  assert.is(
    await textOf(resident.page, '>>> [data-test="receipt-code"]'),
    `${receipt.slice(0, 4)}-${receipt.slice(4)}`,
  );
  assert.is(await topicCount(), before + 1);
  const topic = await srv.app.services.intake.findByReceipt(receipt);
  const photo = await srv.db.models.TopicPhoto.findOne({ where: { topicId: topic.id } });
  const meta = await sharp(photo!.data).metadata();
  assert.ok(Math.max(meta.width!, meta.height!) <= 1280, `the phone sent ${meta.width}×${meta.height}`);
  assert.is(meta.exif, undefined);
  await checkA11y(resident.page, 'receipt');
  await screenshot(resident.page, 'test/artifacts/intake-receipt.png');

  // The reviewer's queue shows it without a reload, and the menu's count goes up.
  await reviewer.page.waitForSelector(`>>> [data-test="topic-row"][data-id="${topic.id}"]`);
  await reviewer.page.waitForFunction(
    (n) =>
      document
        .querySelector('yishi-app')
        ?.shadowRoot?.querySelector('yishi-app-header')
        ?.shadowRoot?.querySelector('[data-test="nav-badge"]')?.textContent === String(n),
    {},
    badgeBefore + 1,
  );
  await checkA11y(reviewer.page, 'review queue');

  await resident.page.click('>>> [data-test="track-link"]');
  await resident.page.waitForSelector('>>> [data-test="track-view"]');
  assert.is(new URL(resident.page.url()).pathname, `/t/${receipt}`);
  assert.is(await textOf(resident.page, '>>> [data-test="track-status"]'), '已收到');
  await resident.page.waitForSelector('>>> yishi-track-page >>> .photos img');
  await checkA11y(resident.page, 'tracking page');

  await reviewer.page.click(`>>> [data-test="topic-row"][data-id="${topic.id}"] [data-test="topic-link"]`);
  await reviewer.page.waitForSelector('>>> [data-test="topic-photos"] img');
  assert.match(await textOf(reviewer.page, '>>> [data-test="topic-submitter"]'), /—|·/);
  await checkA11y(reviewer.page, 'topic page');
  await reviewer.page.click('>>> [data-test="action-decline"]');
  const reply = '桥头路灯归镇里管，已转告镇供电所，三天内修好。';
  await fill(reviewer.page, '>>> [data-test="decline-reply"]', reply);
  await reviewer.page.click('>>> [data-test="decline-submit"]');
  await reviewer.page.waitForSelector('>>> [data-test="confirm-dialog"][open]');
  await checkA11y(reviewer.page, 'decline confirmation');
  await reviewer.page.click('>>> [data-test="confirm-yes"]');
  await reviewer.page.waitForFunction(() =>
    document
      .querySelector('yishi-app')
      ?.shadowRoot?.querySelector('yishi-topic-page')
      ?.shadowRoot?.querySelector('[data-test="topic-status"]')
      ?.textContent?.includes('未受理'),
  );

  await resident.page.click('>>> [data-test="track-refresh"]');
  await resident.page.waitForSelector('>>> [data-test="timeline-entry"][data-kind="declined"]');
  assert.is(await textOf(resident.page, '>>> [data-test="track-status"]'), '未受理');
  assert.is(await textOf(resident.page, '>>> [data-test="timeline-note"]'), reply);
  const page = await resident.page.evaluate(() => document.body.innerText);
  assert.not.match(page, /王审定/, 'the reviewer’s name is not on the resident’s page');
  assert.equal(realErrors(resident), []);
  assert.equal(realErrors(reviewer), []);
});

test('a submission whose answer is lost keeps the draft; sending it again yields exactly one topic', async () => {
  const resident = await phone();
  const cdp = await resident.page.createCDPSession();
  // The server stores the topic, but the phone never hears back (the signal dropped).
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*/api/intake/*/topics', requestStage: 'Response' }] });
  let dropped = 0;
  cdp.on('Fetch.requestPaused', (e: { requestId: string }) => {
    if (dropped++ === 0) void cdp.send('Fetch.failRequest', { requestId: e.requestId, errorReason: 'ConnectionReset' });
    else void cdp.send('Fetch.continueRequest', { requestId: e.requestId });
  });
  await resident.page.goto(`${srv.url}/p/${srv.intakeCodes[0]}`);
  const before = await topicCount();
  await fillTopic(resident.page, '村委会门口积水');
  await resident.page.click('>>> [data-test="intake-submit"]');
  await resident.page.waitForSelector('>>> [data-test="send-failed"]');
  assert.match(await textOf(resident.page, '>>> [data-test="send-failed"]'), /网络不好，议题还没有提交成功/);
  await checkA11y(resident.page, 'submission failed');
  assert.is(await topicCount(), before + 1, 'the server did store it');
  const draft = await resident.page.evaluate(() =>
    JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('yishi.draft.'))?.[1] ?? 'null'),
  );
  assert.is(draft.title, '村委会门口积水');
  assert.match(draft.idempotencyKey, /^web-/);

  // The resident gives up and comes back later: the draft is there, and sending it again is safe.
  await resident.page.reload();
  await resident.page.waitForSelector('>>> [data-test="draft-restored"]');
  assert.is(
    await resident.page.$eval('>>> [data-test="intake-title"]', (el) => (el as HTMLInputElement).value),
    '村委会门口积水',
  );
  await resident.page.waitForSelector('>>> [data-test="intake-submit"]:not([disabled])');
  await resident.page.click('>>> [data-test="intake-submit"]');
  const receiptEl = await resident.page.waitForSelector('>>> [data-test="receipt-code"]');
  const receipt = await receiptEl!.evaluate((el) => el.getAttribute('data-receipt'));
  assert.is(await topicCount(), before + 1, 'exactly one topic');
  const stored = await srv.db.models.Topic.findAll({ where: { title: '村委会门口积水' } });
  assert.equal(
    stored.map((t) => t.receipt),
    [receipt],
  );
  assert.is(
    await resident.page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('yishi.draft.'))),
    false,
    'the draft is gone once the topic is in',
  );
});

test('when the connection fails before the server hears anything, the page says so and retries by itself', async () => {
  const resident = await phone();
  await resident.page.setRequestInterception(true);
  let failed = 0;
  resident.page.on('request', (req) => {
    if (req.method() === 'POST' && req.url().includes('/topics') && failed++ === 0)
      void req.abort('internetdisconnected');
    else void req.continue();
  });
  await resident.page.goto(`${srv.url}/p/${srv.intakeCodes[0]}`);
  const before = await topicCount();
  await fillTopic(resident.page, '水渠被垃圾堵住');
  await resident.page.click('>>> [data-test="intake-submit"]');
  await resident.page.waitForSelector('>>> [data-test="send-failed"]');
  assert.match(await textOf(resident.page, '>>> [data-test="send-failed"]'), /秒后自动重试/);
  assert.is(await topicCount(), before);
  await resident.page.waitForSelector('>>> [data-test="receipt-code"]', { timeout: 15_000 });
  assert.is(await topicCount(), before + 1);
});

test('invalid input is explained in Chinese next to the field, and nothing is sent', async () => {
  const resident = await phone();
  let posted = 0;
  resident.page.on('request', (req) => {
    if (req.method() === 'POST') posted++;
  });
  await resident.page.goto(`${srv.url}/p/${srv.intakeCodes[0]}`);
  await (await intakeField(resident.page, 'title'))!.type('太短');
  await (await intakeField(resident.page, 'phone'))!.type('1234567');
  await resident.page.waitForSelector('>>> [data-test="intake-submit"]:not([disabled])');
  await resident.page.click('>>> [data-test="intake-submit"]');
  await resident.page.waitForSelector('>>> [data-test="field-error"][data-field="title"]');
  assert.is(await textOf(resident.page, '>>> [data-test="field-error"][data-field="title"]'), '至少需要 4 个字。');
  assert.is(await textOf(resident.page, '>>> [data-test="field-error"][data-field="phone"]'), '请输入 11 位手机号码。');
  assert.is(await textOf(resident.page, '>>> [data-test="field-error"][data-field="category"]'), '此项必填。');
  const focused = await resident.page.evaluate(
    () =>
      document.querySelector('yishi-resident')?.shadowRoot?.querySelector('yishi-intake-page')?.shadowRoot
        ?.activeElement?.id,
  );
  assert.is(focused, 'title');
  await checkA11y(resident.page, 'intake form with errors');
  assert.is(posted, 0);
});

test('while typing a title, similar topics are offered and one tap co-signs instead of duplicating', async () => {
  const resident = await phone();
  await resident.page.goto(`${srv.url}/p/${srv.intakeCodes[0]}`);
  await (await intakeField(resident.page, 'title'))!.type('路灯坏了');
  await resident.page.waitForSelector('>>> [data-test="similar"]');
  assert.match(await textOf(resident.page, '>>> [data-test="similar"] h2'), /已有类似议题 — 附议/);
  const lamp = await srv.db.models.Topic.findOne({ where: { title: '村东头路灯坏了三盏' } });
  await resident.page.click('>>> yishi-similar-topics >>> [data-test="cosign"]');
  await resident.page.waitForSelector('>>> [data-test="cosigned"]');
  await lamp!.reload();
  assert.match(await textOf(resident.page, '>>> [data-test="cosigned"]'), new RegExp(`共 ${lamp!.cosignCount} 人`));
  await checkA11y(resident.page, 'similar topics');

  // The accepted topics are listed publicly too; the same phone cannot co-sign twice.
  await resident.page.click('>>> [data-test="topics-link"]');
  await resident.page.waitForSelector('>>> [data-test="public-topic"]');
  const rows = await resident.page.$$eval('>>> [data-test="public-topic"] h2', (els) => els.map((e) => e.textContent));
  assert.ok(rows.includes('村东头路灯坏了三盏'));
  await resident.page.click('>>> yishi-public-topics-page >>> [data-test="cosign"]');
  await resident.page.waitForSelector('>>> yishi-public-topics-page >>> [data-test="cosigned"]');
  assert.match(await textOf(resident.page, '>>> yishi-public-topics-page >>> [data-test="cosigned"]'), /已经附议过/);
  assert.not.match(await resident.page.evaluate(() => document.body.innerText), /1[3-9]\d{9}/);
  await checkA11y(resident.page, 'public topics');
});

test('what a resident types before the script arrives is kept, with the caret, when the form takes over', async () => {
  const resident = await phone();
  // Hold the scripts back, as a slow connection would.
  await resident.page.setRequestInterception(true);
  const held: { continue(): Promise<void> }[] = [];
  let release = false;
  resident.page.on('request', (req) => {
    if (!release && req.url().endsWith('.js')) held.push(req);
    else void req.continue();
  });
  // Module scripts hold DOMContentLoaded back, so the navigation settles only once they run.
  const loaded = resident.page.goto(`${srv.url}/p/${srv.intakeCodes[0]}`);
  const early = await resident.page.waitForSelector('yishi-resident input[data-early]');
  await early!.type('村口大树');
  release = true;
  await Promise.all(held.map((r) => r.continue()));
  await loaded;
  await resident.page.waitForSelector('>>> yishi-intake-page >>> [data-test="intake-title"]');
  const state = await resident.page.evaluate(() => {
    const root = document.querySelector('yishi-resident')!.shadowRoot!.querySelector('yishi-intake-page')!.shadowRoot!;
    const input = root.querySelector<HTMLInputElement>('#title')!;
    return { value: input.value, focused: root.activeElement === input, caret: input.selectionStart };
  });
  assert.equal(state, { value: '村口大树', focused: true, caret: 4 });
  await resident.page.keyboard.type('倒了');
  assert.is(
    await resident.page.$eval('>>> [data-test="intake-title"]', (el) => (el as HTMLInputElement).value),
    '村口大树倒了',
  );
});

test('an unknown or disabled code says so plainly, and the tracking page asks for a receipt', async () => {
  const resident = await phone();
  await resident.page.goto(`${srv.url}/p/ZZZZZZ`);
  await resident.page.waitForSelector('>>> [data-test="intake-unavailable"]');
  assert.match(await textOf(resident.page, '>>> [data-test="intake-unavailable"]'), /议题码不存在或已停用/);
  await resident.page.goto(`${srv.url}/t/`);
  await waitForDeep(resident.page, '[data-test="track-lookup"]');
  await fill(resident.page, '>>> [data-test="track-lookup"] input', 'zzzz-zzzz');
  await resident.page.click('>>> [data-test="track-lookup"] button');
  await resident.page.waitForFunction(() =>
    document
      .querySelector('yishi-resident')
      ?.shadowRoot?.querySelector('yishi-track-page')
      ?.shadowRoot?.querySelector('[data-test="track-error"]')
      ?.textContent?.includes('找不到这个回执码'),
  );
  await checkA11y(resident.page, 'tracking lookup');
});

test('English is one tap away and the form follows', async () => {
  const resident = await phone();
  await resident.page.goto(`${srv.url}/p/${srv.intakeCodes[0]}`);
  await intakeField(resident.page, 'title');
  await resident.page.click('>>> [data-test="resident-lang"]');
  await resident.page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await textOf(resident.page, '>>> yishi-intake-page >>> label[for="title"]'), /What is it about/);
  await checkA11y(resident.page, 'intake form in English');
});

test('a reviewer accepts a topic with an owner from the picker, then merges a duplicate into it after confirming', async () => {
  const resident = new Client(srv.url);
  const submit = async (title: string) => {
    const { receipt } = (
      await resident.post(`/api/intake/${srv.intakeCodes[0]}/topics`, { title, category: '公共设施' })
    ).body;
    return srv.app.services.intake.findByReceipt(receipt);
  };
  const original = await submit('广场健身器材坏了');
  const duplicate = await submit('广场的健身器材坏了没人修');
  const reviewer = await staff('demo-reviewer');
  const status = (text: string) =>
    reviewer.page.waitForFunction(
      (want) =>
        document
          .querySelector('yishi-app')
          ?.shadowRoot?.querySelector('yishi-topic-page')
          ?.shadowRoot?.querySelector('[data-test="topic-status"]')
          ?.textContent?.includes(want),
      {},
      text,
    );

  await reviewer.page.goto(`${srv.url}/review/${original.id}`);
  await reviewer.page.waitForSelector('>>> [data-test="action-accept"]');
  await reviewer.page.click('>>> [data-test="action-accept"]');
  const rep = await srv.db.models.User.findOne({ where: { username: 'demo-representative' } });
  await reviewer.page.waitForSelector(`>>> [data-test="accept-owner"] option[value="${rep!.id}"]`);
  await checkA11y(reviewer.page, 'accept form');
  await reviewer.page.select('>>> [data-test="accept-owner"]', String(rep!.id));
  await reviewer.page.click('>>> [data-test="accept-submit"]');
  await status('已受理');
  await original.reload();
  assert.equal([original.status, original.ownerId], ['accepted', rep!.id]);

  await reviewer.page.goto(`${srv.url}/review/${duplicate.id}`);
  await reviewer.page.waitForSelector('>>> [data-test="action-merge"]');
  await reviewer.page.click('>>> [data-test="action-merge"]');
  const first = await reviewer.page.waitForSelector('>>> [data-test="merge-candidate"]');
  assert.is(await first!.evaluate((el) => (el as HTMLInputElement).value), String(original.id), 'the most alike first');
  await checkA11y(reviewer.page, 'merge form');
  await first!.click();
  await reviewer.page.click('>>> [data-test="merge-submit"]');
  await reviewer.page.waitForSelector('>>> [data-test="confirm-dialog"][open]');
  assert.match(await textOf(reviewer.page, '>>> [data-test="confirm-dialog"] p'), /不能撤销/);
  await reviewer.page.click('>>> [data-test="confirm-yes"]');
  await status('已合并');
  await duplicate.reload();
  await original.reload();
  assert.is(duplicate.mergedIntoId, original.id);
  assert.is(original.cosignCount, 1, 'the duplicate’s submitter now supports the original');
  assert.equal(realErrors(reviewer), []);
});

test('a reviewer manages intake codes: creates one, previews its QR, downloads its files, disables it after confirming', async () => {
  const reviewer = await staff('demo-reviewer');
  await reviewer.page.click('>>> [data-test="nav-link"][data-path="/intake-codes"]');
  await reviewer.page.waitForSelector('>>> [data-test="intake-code"]');
  await fill(reviewer.page, '>>> [data-test="code-create"] input', '二组议事厅');
  await reviewer.page.click('>>> [data-test="code-create"] button');
  await reviewer.page.waitForFunction(() =>
    document
      .querySelector('yishi-app')
      ?.shadowRoot?.querySelector('yishi-intake-codes-page')
      ?.shadowRoot?.querySelector('[data-test="codes-done"]')
      ?.textContent?.includes('二组议事厅'),
  );
  const row = await srv.db.models.IntakeCode.findOne({ where: { label: '二组议事厅' } });
  const card = `>>> [data-test="intake-code"][data-code="${row!.code}"]`;
  await reviewer.page.waitForFunction(
    (code) => {
      const page = document.querySelector('yishi-app')?.shadowRoot?.querySelector('yishi-intake-codes-page');
      const cards = [...(page?.shadowRoot?.querySelectorAll('yishi-intake-code-card') ?? [])];
      const img = cards
        .map((c) => c.shadowRoot?.querySelector(`[data-code="${code}"] img`) as HTMLImageElement | null)
        .find(Boolean);
      return !!img && img.complete && img.naturalWidth > 0;
    },
    {},
    row!.code,
  );
  const files = await reviewer.page.$$eval(`${card} a[download]`, (links) =>
    Promise.all(
      links.map(async (a) => {
        const res = await fetch((a as HTMLAnchorElement).href);
        return `${res.status} ${res.headers.get('content-type')?.split(';')[0]}`;
      }),
    ),
  );
  assert.equal(files, ['200 image/png', '200 image/svg+xml', '200 application/pdf']);
  await checkA11y(reviewer.page, 'intake codes');
  await reviewer.page.click(`${card} [data-test="code-toggle"]`);
  await reviewer.page.waitForSelector('>>> [data-test="confirm-dialog"][open]');
  await reviewer.page.click('>>> [data-test="confirm-no"]');
  await row!.reload();
  assert.is(row!.disabled, false, 'cancelling changes nothing');
  await reviewer.page.click(`${card} [data-test="code-toggle"]`);
  await reviewer.page.click('>>> [data-test="confirm-yes"]');
  await reviewer.page.waitForFunction(
    (code) =>
      [
        ...(document
          .querySelector('yishi-app')
          ?.shadowRoot?.querySelector('yishi-intake-codes-page')
          ?.shadowRoot?.querySelectorAll('yishi-intake-code-card') ?? []),
      ].some((c) =>
        c.shadowRoot?.querySelector(`[data-code="${code}"] [data-test="code-status"]`)?.textContent?.includes('已停用'),
      ),
    {},
    row!.code,
  );
  await row!.reload();
  assert.is(row!.disabled, true);
  assert.equal(realErrors(reviewer), []);
});

test.run();
