import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matchPath, resolve } from '../../client/app/router.js';
import { CONSOLE_PANELS, HALL_MODES, currentItem } from '../../client/hall/modes.js';
import { timerView } from '../../client/hall/timer.js';
import { MESSAGES } from '../../shared/i18n/index.js';
import { INVITEE_CATEGORIES, MEETING_KINDS, MEETING_STATUSES, SCREEN_MODES } from '../../shared/rules/meeting.js';
import { BODIES } from '../../shared/rules/quorum.js';
import { LOCALES } from '../../shared/roles.js';

test('the countdown counts against the server clock, warns from 30 seconds and is over at zero', () => {
  const now = Date.parse('2026-11-20T09:00:00Z');
  const endsIn = (s: number) => new Date(now + s * 1000).toISOString();
  assert.equal(timerView(null, 0, now), { seconds: 0, phase: 'idle', text: '' });
  assert.equal(timerView(endsIn(180), 0, now), { seconds: 180, phase: 'running', text: '03:00' });
  assert.is(timerView(endsIn(31), 0, now).phase, 'running');
  assert.is(timerView(endsIn(30), 0, now).phase, 'warning');
  assert.equal(timerView(endsIn(-5), 0, now), { seconds: 0, phase: 'over', text: '00:00' });
  // A projector PC whose clock is two minutes slow still shows what the console shows.
  assert.is(timerView(endsIn(180), 120_000, now - 120_000).text, '03:00');
});

test('route patterns hand their segments to the page and reject other shapes', () => {
  assert.equal(matchPath('/m/:id/console', '/m/12/console'), { id: '12' });
  assert.equal(matchPath('/m/:id', '/m/12'), { id: '12' });
  assert.is(matchPath('/m/:id', '/m/12/screen'), null);
  assert.is(matchPath('/m/:id', '/m/'), null);
  const page = (path: string) => {
    const r = resolve(new URL(`http://x${path}`), null);
    return r.kind === 'page' ? r.route.tag : r.kind;
  };
  assert.is(page('/m/3/screen?token=abc'), 'yishi-screen-page');
  assert.is(page('/m/3/checkin?c=ABCDEF'), 'yishi-checkin-page');
  assert.is(page('/m/3'), 'yishi-phone-page');
  assert.is(page('/m/3/console'), 'redirect', 'the console needs a login');
  assert.is(page('/meetings/new'), 'redirect');
});

test('every screen mode has an element for the projector and the phone, and a label', () => {
  assert.equal(Object.keys(HALL_MODES).sort(), [...SCREEN_MODES].sort());
  for (const mode of SCREEN_MODES) {
    assert.match(HALL_MODES[mode].screen, /^yishi-/);
    assert.match(HALL_MODES[mode].phone, /^yishi-/);
  }
  for (const panel of CONSOLE_PANELS) assert.match(panel.tag, /^yishi-console-/);
});

test('every label built from a value (mode, status, kind, body, category) exists in both languages', () => {
  const keys = [
    ...SCREEN_MODES.map((m) => `screen.mode.${m}`),
    ...MEETING_STATUSES.map((s) => `meeting.status.${s}`),
    ...MEETING_KINDS.map((k) => `meeting.kind.${k}`),
    ...BODIES.filter((b) => b !== 'custom').flatMap((b) => [`meeting.body.${b}`, `meeting.body_hint.${b}`]),
    ...INVITEE_CATEGORIES.map((c) => `invitee.category.${c}`),
    ...['qr', 'manual', 'remote'].map((m) => `attendance.by.${m}`),
    ...['publish', 'unpublish', 'start', 'close'].map((k) => `lifecycle.${k}`),
    ...['scheduled', 'draft', 'live', 'closed'].map((s) => `lifecycle.confirm_${s}`),
    ...['roster', 'organisation'].map((v) => `meeting.members_from.${v}`),
    ...CONSOLE_PANELS.map((p) => p.titleKey),
  ];
  const missing = LOCALES.flatMap((l) => keys.filter((k) => !MESSAGES[l][k]).map((k) => `${l} ${k}`));
  assert.equal(missing, []);
});

test('the current item is found with its place in the agenda', () => {
  const agenda = [1, 2, 3].map((id) => ({ id }) as never);
  assert.equal(currentItem({ agenda, currentItemId: 2 }), { item: agenda[1], index: 1, count: 3 });
  assert.is(currentItem({ agenda, currentItemId: null }), null);
});

test.run();
