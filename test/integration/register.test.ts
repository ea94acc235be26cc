import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The register's people and households, their dated statuses, and the deliberating bodies with
 * seats over time (issue 13), through the HTTP API as staff use it.
 */
const srv = await startTestServer({ config: { loginRateLimit: 10_000 } });
test.after(() => srv.close());

const reviewer = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
const representative = await new Client(srv.url).login('demo-representative', srv.password('demo-representative'));
const department = await new Client(srv.url).login('demo-department', srv.password('demo-department'));
const orgId = async (name: string) => (await srv.db.models.Organisation.findOne({ where: { name } }))!.id;
const village = await orgId('桃园村（演示）');
const grid = await orgId('第一网格');

const newPerson = (over: Record<string, unknown> = {}) => ({
  name: '周晓梅',
  gender: 'female',
  birthYear: 1979,
  adult: null,
  householdNumber: '９０１',
  relation: '户主',
  gridId: grid,
  phone: '13911112222',
  idSuffix: null,
  partyMember: true,
  ...over,
});

test('the demo register: about 860 adults in 312 households; the representatives’ meeting meets the law', async () => {
  const summary = (await reviewer.get(`/api/organisations/${village}/register`)).body;
  assert.ok(summary.adults >= 800 && summary.adults <= 900, `${summary.adults} adults`);
  assert.is(summary.households, 312);
  assert.is(summary.canEdit, true);
  const bodies = (await reviewer.get(`/api/organisations/${village}/bodies`)).body.items;
  const reps = bodies.find((b: { kind: string }) => b.kind === 'representatives_meeting');
  assert.is(reps.composition.representatives, 35);
  assert.equal(reps.warnings, []);
  const assembly = bodies.find((b: { kind: string }) => b.kind === 'villagers_assembly');
  assert.is(assembly.composition.members, summary.adults, 'the assembly is every adult villager on the register');
  assert.is(bodies.find((b: { kind: string }) => b.kind === 'party_assembly').composition.members, 40);
});

test('a reviewer adds a person (a new 户号 creates the household) and every change is audited without the phone', async () => {
  const res = await reviewer.post(`/api/organisations/${village}/register/people`, newPerson());
  assert.is(res.status, 201, JSON.stringify(res.body));
  assert.is(res.body.householdNumber, '901');
  assert.is(res.body.isHead, true);
  assert.is(res.body.adult, true);
  assert.is(res.body.history.length, 1);
  const again = await reviewer.post(`/api/organisations/${village}/register/people`, newPerson());
  assert.is(again.status, 409, 'same name in the same household without an ID suffix');
  const twin = await reviewer.post(`/api/organisations/${village}/register/people`, newPerson({ idSuffix: '123X' }));
  assert.is(twin.status, 201, 'the ID suffix tells two people of one name apart');
  const patched = await reviewer.patch(`/api/register/people/${res.body.id}`, { phone: '', name: '周小梅' });
  assert.is(patched.body.phone, null);
  const audit = await srv.db.models.AuditEvent.findAll({
    where: { subjectType: 'person', subjectId: String(res.body.id) },
    // PostgreSQL returns rows in no promised order.
    order: [['id', 'ASC']],
  });
  assert.equal(
    audit.map((a) => a.action),
    ['register.person_created', 'register.person_updated'],
  );
  assert.not.ok(JSON.stringify(audit.map((a) => a.summary)).includes('13911112222'), 'no phone in the audit trail');
  assert.ok(audit.every((a) => a.actorId != null));
});

test('bad input is refused with a translated error and changes nothing', async () => {
  const before = await srv.db.models.Person.count();
  const cases = [
    newPerson({ phone: '1391111222' }),
    newPerson({ idSuffix: '110101196503121234' }),
    newPerson({ gridId: await orgId('东片网格') }),
    newPerson({ name: '' }),
  ];
  for (const body of cases) {
    const res = await reviewer.post(`/api/organisations/${village}/register/people`, body);
    assert.is(res.status, 400, JSON.stringify(body));
    assert.is(errorCode(res.body), 'validation_failed');
  }
  assert.is(await srv.db.models.Person.count(), before);
});

test('a status change is dated and reasoned; moving out ends the person’s seats; nobody is deleted', async () => {
  const reps = (await reviewer.get(`/api/organisations/${village}/bodies`)).body.items.find(
    (b: { kind: string }) => b.kind === 'representatives_meeting',
  );
  const detail = (await reviewer.get(`/api/bodies/${reps.id}`)).body;
  const seat = detail.members.find((m: { role: string; current: boolean }) => m.role === 'representative' && m.current);
  const moved = await reviewer.post(`/api/register/people/${seat.personId}/status`, {
    status: 'moved_out',
    effectiveOn: '2026-11-30',
    reason: '户口迁往县城',
  });
  assert.is(moved.status, 200, JSON.stringify(moved.body));
  assert.is(moved.body.status, 'moved_out');
  assert.is(moved.body.statusSince, '2026-11-30');
  assert.is(moved.body.history[0].reason, '户口迁往县城');
  assert.is(moved.body.history[0].recordedBy, '王审定（演示）');
  assert.is(moved.body.seats.find((s: { bodyId: number }) => s.bodyId === reps.id).endsOn, '2026-11-30');
  // A late entry of an older change fills the history without overwriting today's status.
  const late = await reviewer.post(`/api/register/people/${seat.personId}/status`, {
    status: 'away',
    effectiveOn: '2025-02-01',
    reason: '外出务工',
  });
  assert.is(late.body.status, 'moved_out');
  assert.equal(late.body.history.map((h: { status: string }) => h.status).slice(0, 2), ['moved_out', 'away']);
  const future = await reviewer.post(`/api/register/people/${seat.personId}/status`, {
    status: 'resident',
    effectiveOn: '2999-01-01',
    reason: '回村',
  });
  assert.is(future.status, 400);
  const after = (await reviewer.get(`/api/bodies/${reps.id}`)).body;
  assert.is(after.composition.representatives, 34);
  assert.ok(
    after.members.some((m: { personId: number; current: boolean }) => m.personId === seat.personId && !m.current),
  );
  assert.ok(await srv.db.models.Person.findByPk(seat.personId), 'still on the register');
  const list = await reviewer.get(`/api/organisations/${village}/register/people?status=moved_out&limit=200`);
  assert.ok(list.body.items.some((p: { id: number }) => p.id === seat.personId));
});

test('composition warnings: below four fifths representatives and below one third women, by integer rule', async () => {
  const created = await reviewer.post(`/api/organisations/${village}/bodies`, {
    kind: 'representatives_meeting',
    name: '测试代表会议',
  });
  assert.is(created.status, 201);
  const id = created.body.id;
  const people = (await reviewer.get(`/api/organisations/${village}/register/people?status=resident&limit=60`)).body
    .items as { id: number; gender: string; adult: boolean }[];
  const men = people.filter((p) => p.gender === 'male' && p.adult);
  const women = people.filter((p) => p.gender === 'female' && p.adult);
  const seat = (personId: number, role: string) =>
    reviewer.post(`/api/bodies/${id}/members`, { personId, role, startsOn: '2026-01-01' });
  assert.is((await seat(men[0]!.id, 'committee')).status, 201);
  let view = (await seat(men[1]!.id, 'representative')).body;
  assert.equal(view.warnings, ['representatives_below_four_fifths', 'women_below_one_third']);
  for (const p of [women[0]!, women[1]!, men[2]!]) view = (await seat(p.id, 'representative')).body;
  // 5 members, 4 representatives (5·4 ≥ 4·5), 2 women (3·2 ≥ 5).
  assert.equal(view.composition.members, 5);
  assert.equal(view.warnings, []);
  assert.is((await seat(men[2]!.id, 'representative')).status, 409, 'an overlapping seat is refused');
  assert.is((await seat(men[3]!.id, 'member')).status, 400, 'no such seat in this body');
  const seatId = view.members.find((m: { personId: number }) => m.personId === women[0]!.id).id;
  const ended = await reviewer.post(`/api/bodies/${id}/members/${seatId}/end`, { endsOn: '2026-06-30' });
  assert.is(ended.status, 200);
  const onceEnded = (await reviewer.get(`/api/bodies/${id}?on=2026-07-01`)).body;
  // 4 members, 3 representatives (5·3 < 4·4), 1 woman (3·1 < 4).
  assert.equal(onceEnded.warnings, ['representatives_below_four_fifths', 'women_below_one_third']);
  const before = (await reviewer.get(`/api/bodies/${id}?on=2026-06-30`)).body;
  assert.equal(before.warnings, [], 'the roll of a past day is rebuilt from the dated seats');
});

test('the villagers’ assembly is one per village and has no roll of its own', async () => {
  const res = await reviewer.post(`/api/organisations/${village}/bodies`, {
    kind: 'villagers_assembly',
    name: '又一个',
  });
  assert.is(res.status, 409);
});

test('other staff of the village read the register without phones; a neighbouring village’s staff cannot', async () => {
  const list = await representative.get(`/api/organisations/${village}/register/people?limit=50`);
  assert.is(list.status, 200);
  assert.ok(list.body.items.every((p: { phone: string | null }) => p.phone === null));
  assert.is((await representative.get(`/api/organisations/${village}/register`)).body.canEdit, false);
  const byPhone = (c: Client) => c.get(`/api/organisations/${village}/register/people?q=13`);
  assert.ok((await byPhone(reviewer)).body.total > 0);
  assert.is((await byPhone(representative)).body.total, 0, 'a reader cannot find who owns a number');
  assert.is((await representative.post(`/api/organisations/${village}/register/people`, newPerson())).status, 403);
  const neighbour = await orgId('柳溪社区（演示）');
  assert.is((await reviewer.get(`/api/organisations/${neighbour}/register`)).status, 403);
  assert.is((await department.get(`/api/organisations/${village}/register`)).status, 200, 'a township role covers it');
  assert.is((await reviewer.get(`/api/organisations/${grid}/register`)).status, 404, 'a grid keeps no register');
});

test('households list their head and how many members count as villagers', async () => {
  const res = await reviewer.get(`/api/organisations/${village}/register/households?q=001`);
  const h = res.body.items.find((x: { number: string }) => x.number === '001');
  assert.ok(h.headName);
  assert.ok(h.members >= 1);
  const refused = await reviewer.patch(`/api/register/households/${h.id}`, { headPersonId: 999999 });
  assert.is(refused.status, 400);
});

test.run();
