import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chinaDate, dutyIndex, nextReceptionDay, receptionOpen } from '../../shared/rules/reception.js';

const schedule = { dayOfMonth: 15, start: '09:00', end: '11:30' };

test('the next reception day is this month’s until it ends, then next month’s (China time)', () => {
  assert.is(nextReceptionDay(schedule, new Date('2026-11-10T00:00:00Z')).date, '2026-11-15');
  const day = nextReceptionDay(schedule, new Date('2026-11-15T02:00:00Z'));
  assert.is(day.startsAt.toISOString(), '2026-11-15T01:00:00.000Z');
  assert.is(day.endsAt.toISOString(), '2026-11-15T03:30:00.000Z');
  assert.is(nextReceptionDay(schedule, new Date('2026-11-15T03:30:00Z')).date, '2026-12-15');
  assert.is(nextReceptionDay(schedule, new Date('2026-12-20T00:00:00Z')).date, '2027-01-15');
});

test('the studio is open only between the hours of its day', () => {
  assert.ok(receptionOpen(schedule, new Date('2026-11-15T01:00:00Z')));
  assert.not.ok(receptionOpen(schedule, new Date('2026-11-15T00:59:00Z')));
  assert.not.ok(receptionOpen(schedule, new Date('2026-11-16T01:30:00Z')));
});

test('the roster rotates one place per month across years', () => {
  assert.is(dutyIndex(3, '2026-11', '2026-11-15'), 0);
  assert.is(dutyIndex(3, '2026-11', '2026-12-15'), 1);
  assert.is(dutyIndex(3, '2026-11', '2027-01-15'), 2);
  assert.is(dutyIndex(3, '2026-11', '2027-02-15'), 0);
  assert.is(dutyIndex(3, '2026-11', '2026-10-15'), 2);
  assert.is(dutyIndex(0, '2026-11', '2026-11-15'), null);
});

test('dates are China dates: 23:30 UTC is already the next day in Beijing', () => {
  assert.is(chinaDate(new Date('2026-11-14T23:30:00Z')), '2026-11-15');
});

test.run();
