import type { Browser } from 'puppeteer-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { MeetingView } from '../../shared/schemas/meeting.js';
import {
  checkA11y,
  fill,
  launchBrowser,
  newPage,
  screenshot,
  textOf,
  waitForDeep,
  type TestPage,
} from '../helpers/browser.js';
import { addBody, addPerson, addSeat, villageId } from '../helpers/checkin.js';
import { Client } from '../helpers/http.js';
import { call, connectSocket } from '../helpers/realtime.js';
import { startTestServer } from '../helpers/server.js';

/**
 * A member working in the city opens their personal pass link (参会证) on the phone during a live
 * meeting of their body: the page says whether remote ballots count in this village, one tap
 * follows the meeting, the ballot says why it may not vote (remote voting is off), and the
 * projector and the console show the member as following remotely, not counted present.
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

/** Pages without a login ask once who is signed in; the 401 that answers is expected. */
const realErrors = (p: TestPage) => p.errors.filter((e) => !/status of 401 .*\/api\/session\)$/.test(e));

/** Waits until `selector` (inside any shadow root) exists and contains `text`; polls, as shadow DOM changes are not document mutations. */
const shown = (p: TestPage, selector: string, text = '') =>
  p.page.waitForFunction(
    (sel: string, want: string) => {
      const find = (root: Document | ShadowRoot): boolean => {
        if (Array.from(root.querySelectorAll(sel)).some((el) => el.textContent?.includes(want))) return true;
        return Array.from(root.querySelectorAll('*')).some((el) => el.shadowRoot && find(el.shadowRoot));
      };
      return find(document);
    },
    { polling: 100, timeout: 15_000 },
    selector,
    text,
  );

test('a member in the city follows by their pass: told first that remote ballots do not count, then shown apart on the projector and the console', async () => {
  const village = await villageId(srv);
  const bodyId = await addBody(srv, village, 'representatives_meeting');
  const { pass } = await addSeat(srv, bodyId, await addPerson(srv, village, '赵文华'));
  for (const name of ['钱秀英', '孙建国']) await addSeat(srv, bodyId, await addPerson(srv, village, name));
  const convener = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const created = await convener.post('/api/meetings', {
    organisationId: village,
    kind: 'consultation',
    title: '村民代表会议',
    venue: '村委会会议室',
    startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 7_200_000).toISOString(),
    body: 'representatives_meeting',
    bodyId,
  });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as number;
  await convener.post(`/api/meetings/${id}/agenda`, { title: '村道硬化方案', notes: '' });
  await convener.post(`/api/meetings/${id}/transition`, { to: 'scheduled' });
  const live = (await convener.post(`/api/meetings/${id}/transition`, { to: 'live' })).body as MeetingView;
  const screenUrl = (await convener.post(`/api/meetings/${id}/screen-link`)).body.url as string;
  const console = await connectSocket(srv.url, convener.cookieHeader);
  await call(console, 'meeting:join', { meetingId: id });
  const motion = await call<{ id: number }>(console, 'motion:create', {
    meetingId: id,
    agendaItemId: live.agenda[0]!.id,
    question: '是否同意村道硬化方案？',
    kind: 'open',
  });
  assert.ok(motion.ok);
  await call(console, 'motion:open', { motionId: motion.ok ? motion.data.id : 0 });

  const projector = await newPage(browser, { locale: 'zh-CN', width: 1280, height: 720 });
  const screen = new URL(screenUrl);
  await projector.page.goto(`${srv.url}${screen.pathname}${screen.search}`);
  await waitForDeep(projector.page, '[data-test="screen-attendance"]');

  const phone = await newPage(browser, { locale: 'zh-CN', width: 390, height: 844 });
  await phone.page.goto(`${srv.url}/pass/${pass}`);
  await shown(phone, '[data-test="pass-card"]', '赵文华');
  await shown(phone, '[data-test="pass-remote-rule"]', '不允许远程参会人员投票');
  assert.match(await textOf(phone.page, '>>> [data-test="pass-follow"]'), /远程参会/);
  const button = await phone.page.$eval('>>> [data-test="pass-follow"]', (b) => {
    const r = b.getBoundingClientRect();
    return { height: r.height, font: parseFloat(getComputedStyle(b).fontSize) };
  });
  assert.ok(button.height >= 48 && button.font >= 18, JSON.stringify(button));
  await checkA11y(phone.page, 'pass page with a live meeting');
  await screenshot(phone.page, 'test/artifacts/pass-remote.png');

  await phone.page.click('>>> [data-test="pass-follow"]');
  await phone.page.waitForFunction((m: number) => location.pathname === `/m/${m}`, { timeout: 10_000 }, id);
  assert.ok(new URL(phone.page.url()).searchParams.get('invite'), 'the phone follows with its own token');
  await shown(phone, '[data-test="phone-you"]', '赵文华');
  await shown(phone, '[data-test="ballot-refused"]', '不允许远程参会人员投票');
  await checkA11y(phone.page, 'phone following remotely');

  // The projector: nobody present in the hall, one following remotely and not counted.
  await shown(projector, '[data-test="screen-remote"]', '另有远程旁听 1 人，不计入');
  assert.is(
    await projector.page.$eval('>>> [data-test="screen-attendance"]', (n) => n.getAttribute('data-present')),
    '0',
  );
  // The console: the member's row says how they attend.
  const desk = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 900 });
  await desk.page.goto(`${srv.url}/login`);
  await fill(desk.page, '>>> [data-test="login-username"]', 'demo-convener');
  await fill(desk.page, '>>> [data-test="login-password"]', srv.password('demo-convener'));
  await desk.page.click('>>> [data-test="login-submit"]');
  await desk.page.waitForSelector('>>> [data-test="nav"]');
  await desk.page.goto(`${srv.url}/m/${id}/console`);
  await shown(desk, '[data-test="register-row"][data-name="赵文华"]', '远程参会');
  await shown(desk, '[data-test="attendance-remote"]', '另有 1 人远程参会，不计入实到人数');

  // Back on the pass page, it says this phone already follows and what following again would do.
  await phone.page.goto(`${srv.url}/pass/${pass}`);
  await shown(phone, '[data-test="pass-meeting"][data-attending="remote"]', '另一台设备将不再代表您参会');
  for (const p of [phone, projector, desk]) assert.equal(realErrors(p), [], p.errors.join('\n'));
  for (const p of [phone, projector, desk]) await p.close();
  console.close();
});

test.run();
