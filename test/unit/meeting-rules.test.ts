import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  canTransition,
  countsAsPresent,
  daysOpen,
  isStalled,
  publishProblem,
  shortNotice,
} from '../../shared/rules/meeting.js';

test('a meeting moves draft → scheduled → live → closed, and never out of closed', () => {
  assert.ok(canTransition('draft', 'scheduled'));
  assert.ok(canTransition('scheduled', 'live'));
  assert.ok(canTransition('live', 'closed'));
  assert.not.ok(canTransition('closed', 'live'));
  assert.not.ok(canTransition('draft', 'live'));
});

test('a villagers’ assembly published less than 10 days ahead is short notice; other bodies are not', () => {
  const published = new Date('2026-11-01T08:00:00+08:00');
  assert.ok(shortNotice('villagers_assembly', published, new Date('2026-11-10T08:00:00+08:00')));
  assert.not.ok(shortNotice('villagers_assembly', published, new Date('2026-11-11T08:00:00+08:00')));
  assert.not.ok(shortNotice('representatives_meeting', published, new Date('2026-11-02T08:00:00+08:00')));
});

test('a topic open more than 30 days is stalled and suggested to round-tables; 30 days exactly is not', () => {
  const raised = new Date('2026-10-01T08:00:00+08:00');
  const at = (days: number, hours = 0) => new Date(raised.getTime() + days * 86_400_000 + hours * 3_600_000);
  const cases: [Date, number, boolean][] = [
    [at(0), 0, false],
    [at(29, 23), 29, false],
    [at(30), 30, false],
    [at(30, 1), 30, true],
    [at(45), 45, true],
  ];
  for (const [now, days, stalled] of cases) {
    assert.is(daysOpen(raised, now), days, now.toISOString());
    assert.is(isStalled(raised, now), stalled, now.toISOString());
  }
});

test('a villagers’ assembly cannot be published without naming its matters; other bodies can', () => {
  assert.is(publishProblem('villagers_assembly', 0), 'meeting.error.agenda_required');
  assert.is(publishProblem('villagers_assembly', 1), null);
  assert.is(publishProblem('representatives_meeting', 0), null);
});

test('remote followers count toward the quorum only where remote voting is allowed', () => {
  const table: [Parameters<typeof countsAsPresent>[0], boolean, boolean][] = [
    ['qr', false, true],
    ['manual', false, true],
    ['remote', false, false],
    ['remote', true, true],
    ['qr', true, true],
  ];
  for (const [method, remoteVoting, counts] of table)
    assert.is(countsAsPresent(method, remoteVoting), counts, `${method} ${remoteVoting}`);
});

test.run();
