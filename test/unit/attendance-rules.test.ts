import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  attending,
  chinaDate,
  isAdult,
  mayHoldProxy,
  onRegister,
  remoteRefusal,
  seatCovers,
  seatVotes,
  statusOn,
  type RegisterStatus,
} from '../../shared/rules/attendance-rules.js';

test('adulthood reads the birth year against the meeting year, else the sheet’s flag, else counts', () => {
  const cases: [number | null, boolean | null, string, boolean][] = [
    [2008, null, '2026-11-20', true],
    [2009, null, '2026-11-20', false],
    [2008, false, '2026-01-01', true],
    [null, true, '2026-11-20', true],
    [null, false, '2026-11-20', false],
    [null, null, '2026-11-20', true],
    [1940, null, '2026-11-20', true],
  ];
  for (const [birthYear, adult, on, expected] of cases)
    assert.is(isAdult({ birthYear, adult }, on), expected, `${birthYear} ${adult} ${on}`);
});

test('a status on a date is the latest dated change on or before it', () => {
  const events: { status: RegisterStatus; effectiveOn: string }[] = [
    { status: 'resident', effectiveOn: '2020-01-01' },
    { status: 'away', effectiveOn: '2025-03-01' },
    { status: 'moved_out', effectiveOn: '2026-06-30' },
  ];
  const current = { status: 'moved_out' as const, statusSince: '2026-06-30' };
  const cases: [string, RegisterStatus][] = [
    ['2019-12-31', 'resident'],
    ['2024-05-01', 'resident'],
    ['2025-03-01', 'away'],
    ['2026-06-29', 'away'],
    ['2026-06-30', 'moved_out'],
  ];
  for (const [on, expected] of cases) assert.is(statusOn(current, events, on), expected, on);
  assert.is(statusOn({ status: 'deceased', statusSince: '2026-02-01' }, [], '2026-03-01'), 'deceased');
  assert.is(statusOn({ status: 'away', statusSince: '2026-02-01' }, [], '2026-01-01'), 'away');
});

test('residents and those working away are on the register; moved out and deceased are not', () => {
  assert.equal((['resident', 'away', 'moved_out', 'deceased'] as const).map(onRegister), [true, true, false, false]);
});

test('a dated seat covers its first and last day, and is open-ended without an end', () => {
  const cases: [string, string | null, string, boolean][] = [
    ['2026-01-01', null, '2026-01-01', true],
    ['2026-01-01', null, '2025-12-31', false],
    ['2026-01-01', '2026-06-30', '2026-06-30', true],
    ['2026-01-01', '2026-06-30', '2026-07-01', false],
  ];
  for (const [startsOn, endsOn, on, expected] of cases)
    assert.is(seatCovers({ startsOn, endsOn }, on), expected, `${startsOn}..${endsOn} ${on}`);
});

test('guests vote only where the body says so; members always', () => {
  assert.is(seatVotes('representative', false), true);
  assert.is(seatVotes('guest', false), false);
  assert.is(seatVotes('guest', true), true);
});

test('nobody holds more proxies than the body allows, and none where it allows none', () => {
  const cases: [number, number, boolean][] = [
    [0, 0, false],
    [1, 0, true],
    [1, 1, false],
    [3, 2, true],
    [3, 3, false],
  ];
  for (const [max, held, expected] of cases) assert.is(mayHoldProxy(max, held), expected, `${max} ${held}`);
});

test('a pass follows remotely unless its holder already counts in the hall or by proxy', () => {
  type Row = { present: boolean; method: string; proxyForInviteeId?: number | null } | null;
  const cases: [Row, 'none' | 'remote' | 'hall', 'in_hall' | 'by_proxy' | null][] = [
    [null, 'none', null],
    [{ present: false, method: 'manual' }, 'none', null],
    [{ present: false, method: 'remote' }, 'none', null],
    [{ present: true, method: 'remote' }, 'remote', null],
    [{ present: true, method: 'qr' }, 'hall', 'in_hall'],
    [{ present: true, method: 'manual' }, 'hall', 'in_hall'],
    [{ present: true, method: 'manual', proxyForInviteeId: 7 }, 'hall', 'by_proxy'],
    [{ present: false, method: 'manual', proxyForInviteeId: 7 }, 'none', null],
  ];
  for (const [row, how, refusal] of cases) {
    assert.is(attending(row), how, JSON.stringify(row));
    assert.is(remoteRefusal(row), refusal, JSON.stringify(row));
  }
});

test('the meeting date is taken in China time', () => {
  assert.is(chinaDate(new Date('2026-11-19T16:00:00Z')), '2026-11-20');
  assert.is(chinaDate(new Date('2026-11-19T15:59:59Z')), '2026-11-19');
});

test.run();
