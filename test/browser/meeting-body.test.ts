import { Op } from 'sequelize';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'puppeteer-core';
import { findDemoBodies } from '../../server/services/register/demo-register.js';
import { checkA11y, fill, launchBrowser, newPage, textOf, type TestPage } from '../helpers/browser.js';
import { Client } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The meeting form's body picker (issue 13) in real Chromium: a convener creates a meeting for the
 * demo village's representatives' meeting and sees its roster come from the register; once the
 * meeting opens the picker shows the frozen count. And the body page prints its pass sheet.
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

const village = async () => (await srv.db.models.Organisation.findOne({ where: { name: '桃园村（演示）' } }))!.id;
const realErrors = (p: TestPage) => p.errors.filter((e) => !/status of 401/.test(e));

async function loginAs(p: TestPage, username: string): Promise<void> {
  await p.page.goto(srv.url + '/login');
  await fill(p.page, '>>> [data-test="login-username"]', username);
  await fill(p.page, '>>> [data-test="login-password"]', srv.password(username));
  await p.page.click('>>> [data-test="login-submit"]');
  await p.page.waitForSelector('>>> [data-test="nav"]');
}

/** Polls a shadow-piercing selector's text until `accept` holds (state arrives after first paint). */
async function waitText(page: Page, selector: string, accept: (v: string) => boolean): Promise<string> {
  let seen = '(absent)';
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    const el = await page.$(selector);
    if (el) seen = (await el.evaluate((n) => n.textContent ?? '')).trim();
    if (el && accept(seen)) return seen;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out on ${selector}; last seen: ${seen}`);
}

const optionTexts = (page: Page) =>
  page.$$eval('>>> [data-test="meeting-body-id"] option', (os) => os.map((o) => (o.textContent ?? '').trim()));

/** Names of the body's members today, straight from the register. */
async function membersOf(bodyId: number): Promise<string[]> {
  const seats = await srv.db.models.BodyMember.findAll({ where: { bodyId, endsOn: null } });
  const people = await srv.db.models.Person.findAll({ where: { id: { [Op.in]: seats.map((s) => s.personId) } } });
  return people.map((p) => p.name).sort();
}

test('a convener picks the representatives’ meeting for a new meeting and its roster comes from the register, frozen when it opens', async () => {
  const bodies = (await findDemoBodies(srv.db, await village()))!;
  const members = await membersOf(bodies.representatives);
  const p = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 900 });
  await loginAs(p, 'demo-convener');
  await p.page.goto(srv.url + '/meetings/new');
  await p.page.waitForSelector('>>> [data-test="meeting-form"]');
  await p.page.select('>>> [data-test="meeting-body"]', 'representatives_meeting');

  // Bodies of the meeting's kind and custom ones, with their member counts; not the party members' assembly.
  const offered = await waitText(p.page, '>>> [data-test="meeting-body-id"]', (v) => v.includes('桃园村村民代表会议'));
  assert.ok(offered.includes(`桃园村村民代表会议（${members.length} 人）`), offered);
  const options = await optionTexts(p.page);
  assert.ok(
    options.some((o) => o.startsWith('乡贤圆桌会')),
    'custom bodies fit any kind',
  );
  assert.not.ok(
    options.some((o) => o.startsWith('桃园村党员大会')),
    String(options),
  );
  assert.ok(await p.page.$('>>> [data-test="meeting-members-from"]'), 'a typed list needs its source');

  await p.page.select('>>> [data-test="meeting-body-id"]', String(bodies.representatives));
  await waitText(p.page, '>>> [data-test="meeting-body-hint"]', (v) =>
    v.includes(`名单来自议事主体：桃园村村民代表会议（${members.length} 人，开会时冻结）`),
  );
  assert.is(await p.page.$('>>> [data-test="meeting-members-from"]'), null, 'no other source to pick');
  // Another kind of meeting cannot keep that body: the choice is dropped, not sent and refused.
  await p.page.select('>>> [data-test="meeting-body"]', 'party_assembly');
  await waitText(p.page, '>>> [data-test="meeting-body-hint"]', (v) => !v.includes('名单来自'));
  assert.ok((await optionTexts(p.page)).some((o) => o.startsWith('桃园村党员大会')));
  await p.page.select('>>> [data-test="meeting-body"]', 'representatives_meeting');
  await p.page.select('>>> [data-test="meeting-body-id"]', String(bodies.representatives));
  await checkA11y(p.page, '/meetings/new with a body');

  await fill(p.page, '>>> [data-test="meeting-title"]', '第四季度村民代表会议');
  await fill(p.page, '>>> [data-test="meeting-venue"]', '村委会一楼');
  const day = new Date(Date.now() + 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  await p.page.$eval(
    '>>> [data-test="meeting-startsAt"]',
    (el, v) => ((el as HTMLInputElement).value = v),
    `${day}T09:00`,
  );
  await p.page.$eval(
    '>>> [data-test="meeting-endsAt"]',
    (el, v) => ((el as HTMLInputElement).value = v),
    `${day}T11:00`,
  );
  await p.page.click('>>> [data-test="meeting-save"]');
  await p.page.waitForSelector('>>> [data-test="invitee-editor"]');
  const id = Number(new URL(p.page.url()).pathname.split('/').pop());
  assert.is((await srv.db.models.Meeting.findByPk(id))!.bodyId, bodies.representatives);

  // The list is the body's, from the register: every member and nobody else; none can be removed here.
  await waitText(p.page, '>>> [data-test="invitees-from-body"]', (v) =>
    v.includes(`桃园村村民代表会议（${members.length} 人，开会时冻结）`),
  );
  const listed = await p.page.$$eval('>>> [data-test="invitee"]', (rows) =>
    rows.map((r) => r.getAttribute('data-name') ?? ''),
  );
  assert.equal(listed.sort(), members);
  assert.is(await p.page.$('>>> [data-test="invitee"] button'), null, 'no remove button on a seat');
  assert.is(await p.page.$('>>> [data-test="invite-guest-form"] input[name="member"]'), null, 'guests only');
  await checkA11y(p.page, `/meetings/${id}`);

  // Opened (through the API, as the console would): the picker becomes the frozen count.
  const c = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  await c.post(`/api/meetings/${id}/agenda`, { title: '年度收支情况', notes: '' });
  assert.is((await c.post(`/api/meetings/${id}/transition`, { to: 'scheduled' })).status, 200);
  assert.is((await c.post(`/api/meetings/${id}/transition`, { to: 'live' })).status, 200);
  await p.page.reload();
  assert.match(
    await textOf(p.page, '>>> [data-test="meeting-body-frozen"]'),
    new RegExp(`桃园村村民代表会议（开会时已冻结：应到 ${members.length} 人）`),
  );
  assert.is(await p.page.$('>>> [data-test="meeting-body-id"]'), null, 'read-only once frozen');
  assert.equal(realErrors(p), []);
  await p.close();
});

test('the body page opened from the start-up link prints the pass sheet, issuing a new pass for every seat', async () => {
  const bodies = (await findDemoBodies(srv.db, await village()))!;
  const p = await newPage(browser, { locale: 'zh-CN' });
  await loginAs(p, 'demo-convener');
  await p.page.goto(`${srv.url}/bodies?body=${bodies.representatives}`);
  await waitText(p.page, '>>> [data-test="body-detail"] h2', (v) => v === '桃园村村民代表会议');
  const before = new Date();
  // Reprinting ends every card and link, so it asks first; saying no changes nothing.
  await p.page.click('>>> [data-test="print-passes"]');
  await waitText(p.page, '>>> [data-test="confirm-text"]', (v) => v.includes('之前打印的参会证和个人链接都将失效'));
  await p.page.click('>>> [data-test="confirm-no"]');
  await new Promise((r) => setTimeout(r, 300));
  const untouched = await srv.db.models.BodyMember.count({
    where: { bodyId: bodies.representatives, passIssuedAt: { [Op.gte]: before } },
  });
  assert.is(untouched, 0, 'no pass issued when the convener says no');
  await p.page.click('>>> [data-test="print-passes"]');
  await p.page.click('>>> [data-test="confirm-yes"]');
  await waitText(p.page, '>>> [data-test="bodies-done"]', (v) => v.includes('参会证已生成'));
  const seats = await srv.db.models.BodyMember.findAll({ where: { bodyId: bodies.representatives, endsOn: null } });
  assert.ok(seats.length > 0);
  assert.ok(
    seats.every((s) => s.passIssuedAt && s.passIssuedAt >= new Date(before.getTime() - 1000)),
    'every current seat has a new pass',
  );
  assert.equal(realErrors(p), []);
  await p.close();
});

test('one member’s new personal link: asked first, shown once with its QR code; that member’s old card ends, the others’ do not', async () => {
  const bodies = (await findDemoBodies(srv.db, await village()))!;
  const convener = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const sheet = await convener.post(`/api/bodies/${bodies.representatives}/pass-sheet`);
  assert.is(sheet.status, 200);
  const [mine, other] = await srv.db.models.BodyMember.findAll({
    where: { bodyId: bodies.representatives, endsOn: null },
    order: [['id', 'ASC']],
    limit: 2,
  });
  const person = (await srv.db.models.Person.findByPk(mine!.personId))!;
  // The cards just printed, as the pass routes see them (each token by its own link).
  const issued = async (seatId: number) =>
    (await convener.post(`/api/bodies/${bodies.representatives}/members/${seatId}/pass-link`)).body.url as string;
  const otherUrl = await issued(other!.id);
  const oldUrl = await issued(mine!.id);
  const tokenOf = (url: string) => url.split('/pass/')[1]!;

  const p = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 900 });
  await loginAs(p, 'demo-convener');
  await p.page.goto(`${srv.url}/bodies?body=${bodies.representatives}`);
  await p.page.waitForSelector(`>>> [data-test="pass-link"][data-id="${mine!.id}"]`);
  await p.page.click(`>>> [data-test="pass-link"][data-id="${mine!.id}"]`);
  await waitText(p.page, '>>> [data-test="confirm-text"]', (v) => v.includes(`为${person.name}制发新的个人链接`));
  await p.page.click('>>> [data-test="confirm-yes"]');
  const shown = await waitText(p.page, '>>> [data-test="pass-link-url"]', () => true).then(() =>
    p.page.$eval('>>> [data-test="pass-link-url"]', (e) => (e as HTMLInputElement).value),
  );
  assert.match(shown, /\/pass\/[\w-]{20,}$/);
  const qr = await p.page.$eval('>>> [data-test="pass-link-qr"]', (img) => (img as HTMLImageElement).naturalWidth);
  assert.ok(qr > 0, 'the QR code renders');

  const anon = new Client(srv.url);
  assert.is((await anon.get(`/api/passes/${tokenOf(shown)}`)).body.name, person.name, 'the new link is theirs');
  assert.is((await anon.get(`/api/passes/${tokenOf(oldUrl)}`)).status, 404, 'their old card stops working');
  assert.is((await anon.get(`/api/passes/${tokenOf(otherUrl)}`)).status, 200, 'another member’s card still works');
  await checkA11y(p.page, 'body page with a personal link');
  assert.equal(realErrors(p), []);
  await p.close();
});

test.run();
