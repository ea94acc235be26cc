import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findDemoBodies } from '../../server/services/register/demo-register.js';
import type { MeetingView } from '../../shared/schemas/meeting.js';
import { villageId } from '../helpers/checkin.js';
import { Client, errorCode } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

/**
 * A meeting of a body (issue 13) counts the body's seats and nothing typed by hand: what the
 * meeting form's body picker relies on when it replaces the typed list with the body's.
 */
const srv = await startTestServer({ config: { loginRateLimit: 10_000 } });
test.after(() => srv.close());

const convener = await new Client(srv.url, { 'accept-language': 'zh-CN' }).login(
  'demo-convener',
  srv.password('demo-convener'),
);
const village = await villageId(srv);
const bodies = (await findDemoBodies(srv.db, village))!;

async function draft(title: string, bodyId: number | null = null): Promise<MeetingView> {
  const start = new Date(Date.now() + 86_400_000);
  const res = await convener.post('/api/meetings', {
    organisationId: village,
    kind: 'consultation',
    title,
    venue: '村委会',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
    body: 'representatives_meeting',
    bodyId,
  });
  assert.is(res.status, 201, JSON.stringify(res.body));
  return res.body as MeetingView;
}

test('choosing a body for a meeting with a typed list keeps those names as guests: only the seats count', async () => {
  const m = await draft('先手填后选主体');
  const typed = await convener.post(`/api/meetings/${m.id}/invitees`, {
    name: '手填代表',
    category: 'representative',
    member: true,
  });
  assert.is(typed.status, 200);
  assert.is((typed.body as MeetingView).attendance.expected, 1, 'without a body the typed member counts');

  const attached = await convener.patch(`/api/meetings/${m.id}`, { bodyId: bodies.representatives });
  assert.is(attached.status, 200, JSON.stringify(attached.body));
  const view = attached.body as MeetingView;
  const fromBody = view.invitees.filter((i) => i.fromBody);
  assert.ok(fromBody.length >= 30, `the body's members are listed (${fromBody.length})`);
  assert.ok(fromBody.every((i) => i.member));
  const hand = view.invitees.find((i) => i.name === '手填代表')!;
  assert.is(hand.fromBody, false);
  assert.is(hand.member, false, 'the typed name stays, as a guest');
  assert.is(view.attendance.expected, fromBody.length, 'expected is the body’s count, not one more');
});

test('in a body’s meeting nobody is added as a member by hand, and the body’s members are not removed from the list', async () => {
  const m = await draft('主体会议', bodies.representatives);
  const member = await convener.post(`/api/meetings/${m.id}/invitees`, {
    name: '冒名代表',
    category: 'representative',
    member: true,
  });
  assert.is(member.status, 409);
  assert.is(errorCode(member.body), 'conflict');
  assert.match(member.body.error.message, /列席/);
  const guest = await convener.post(`/api/meetings/${m.id}/invitees`, {
    name: '镇农技站',
    category: 'department',
    member: false,
  });
  assert.is(guest.status, 200);

  const view = guest.body as MeetingView;
  const seated = view.invitees.find((i) => i.fromBody)!;
  const refused = await convener.del(`/api/meetings/${m.id}/invitees/${seated.id}`);
  assert.is(refused.status, 409);
  assert.match(refused.body.error.message, /席位/);
  const after = (await convener.get(`/api/meetings/${m.id}`)).body as MeetingView;
  assert.ok(
    after.invitees.some((i) => i.id === seated.id),
    'still listed',
  );
  assert.is(after.attendance.expected, view.attendance.expected);

  const visitor = view.invitees.find((i) => i.name === '镇农技站')!;
  assert.is((await convener.del(`/api/meetings/${m.id}/invitees/${visitor.id}`)).status, 200, 'a guest can go');
});

test.run();
