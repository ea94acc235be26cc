import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { startFakeAliyun } from '../helpers/sms-fakes.js';
import { makeResolution } from '../helpers/resolutions.js';

/**
 * Co-signs that count (issue 13). Threat model: a resident with one phone and a script (made-up
 * device ids, typed numbers), a neighbour who knows someone's number and guesses codes, a prober
 * asking which numbers are on the register, and one person co-signing twice by two paths. Only
 * co-signs matched to a person on the register reach the legal trigger, once per person.
 */
const aliyun = await startFakeAliyun('test-key-id', 'test-key-secret');
const srv = await startTestServer({
  config: {
    sms: {
      provider: 'aliyun',
      accessKeyId: 'test-key-id',
      accessKeySecret: 'test-key-secret',
      signName: '议事测试',
      templateCode: 'SMS_TEST',
      resultTemplateCode: 'SMS_RESULT',
      endpoint: aliyun.url,
    },
  },
});
test.after(async () => {
  await srv.close();
  await aliyun.close();
});

let address = 10;
/** A resident's phone behind its own address, so per-address limits do not mix tests up. */
const resident = () =>
  new Client(srv.url, { 'accept-language': 'zh-CN', 'x-forwarded-for': `198.51.100.${address++}` });
const villageId = async () => (await srv.db.models.Organisation.findOne({ where: { name: '桃园村（演示）' } }))!.id;

let personNo = 0;
/** Puts a person on the demo village's register. */
async function villager(fields: { name?: string; phone?: string | null; birthYear?: number | null; status?: string }) {
  personNo++;
  return srv.db.models.Person.create({
    organisationId: await villageId(),
    householdId: null,
    gridId: null,
    externalKey: `cosign-test-${personNo}`,
    name: fields.name ?? `村民${personNo}`,
    gender: 'female',
    birthYear: fields.birthYear === undefined ? 1970 : fields.birthYear,
    adult: null,
    idSuffix: null,
    phone: fields.phone === undefined ? null : fields.phone,
    relation: null,
    status: (fields.status ?? 'resident') as 'resident',
    statusSince: '2020-01-01',
  });
}

async function freshTopic(title = '要求召开村民会议讨论土地流转') {
  const r = await resident().post(`/api/intake/${srv.intakeCodes[0]}/topics`, {
    title: `${title}${personNo++}`,
    details: '',
    category: '其他',
  });
  assert.is(r.status, 201, JSON.stringify(r.body));
  return srv.app.services.intake.findByReceipt(r.body.receipt);
}

/** Asks for a code for `phone` and returns the one the provider delivered (or null when none was sent). */
async function codeFor(client: Client, topicId: number, phone: string): Promise<string | null> {
  const before = aliyun.sent.length;
  const r = await client.post(`/api/topics/${topicId}/cosign/code`, { phone, deviceId: `dev-${phone}` });
  assert.is(r.status, 200, JSON.stringify(r.body));
  const sent = aliyun.sent.slice(before).find((m) => m.phone === phone);
  return sent ? sent.params[0]! : null;
}

// The demo register is replaced by a small one, so a tenth is a handful of people.
const registered: { phone: string; id: number }[] = [];
test.before(async () => {
  await srv.db.models.Person.destroy({ where: {} });
  for (let i = 0; i < 30; i++) {
    const phone = `1380000${String(1000 + i)}`;
    registered.push({ phone, id: (await villager({ phone })).id });
  }
  // Not adults, or no longer villagers: not in the denominator.
  await villager({ phone: '13811110000', birthYear: new Date().getFullYear() - 10 });
  await villager({ phone: '13811110001', status: 'moved_out' });
});

test('100 co-signs from one address with made-up device ids count as support, never toward the trigger', async () => {
  const topic = await freshTopic();
  const phone = resident();
  for (let i = 0; i < 100; i++) {
    const r = await phone.post(`/api/topics/${topic.id}/cosign`, { deviceId: `made-up-device-${i}` });
    assert.is(r.status, 200);
  }
  await topic.reload();
  assert.is(topic.cosignCount, 100, 'shown as support');
  assert.is(topic.verifiedCosignCount, 0, 'none verified');
  assert.is(topic.assemblyDemand, false, 'the demand is not triggered');
  const summary = await resident().get(`/api/topics/${topic.id}/cosign/summary`);
  assert.equal(summary.body, {
    cosignCount: 100,
    verifiedCosignCount: 0,
    registerAdults: 30,
    needed: 3,
    assemblyDemand: false,
    representatives: 0,
    representativeCosigns: 0,
    representativesDemand: false,
  });
});

test('a code sent to the phone on the register makes a verified co-sign; three of thirty adults trigger the demand', async () => {
  const topic = await freshTopic();
  for (const [i, person] of registered.slice(0, 3).entries()) {
    const client = resident();
    const code = await codeFor(client, topic.id, person.phone);
    assert.ok(code && /^\d{6}$/.test(code), 'the provider got a six-digit code');
    const r = await client.post(`/api/topics/${topic.id}/cosign/verify`, {
      phone: person.phone,
      code,
      deviceId: `dev-${person.phone}`,
      notify: i === 0,
    });
    assert.is(r.status, 200, JSON.stringify(r.body));
    assert.is(r.body.verifiedCosignCount, i + 1);
    await topic.reload();
    assert.is(topic.assemblyDemand, i === 2, `flagged only at the third (${i + 1})`);
  }
  const rows = await srv.db.models.Cosign.findAll({ where: { topicId: topic.id }, order: [['id', 'ASC']] });
  assert.equal(
    rows.map((c) => [c.personId, c.verifiedBy, c.notifyConsent]),
    registered.slice(0, 3).map((p, i) => [p.id, 'sms', i === 0]),
  );
  const events = await srv.db.models.TopicEvent.findAll({ where: { topicId: topic.id, kind: 'assembly_threshold' } });
  assert.is(events.length, 1);
  assert.is(events[0]!.detail, '3/30');
  assert.not.match(JSON.stringify(rows.map((r) => r.toJSON())), /1380000/, 'no phone number stored on the co-sign');
});

test('one person counts once per topic, by SMS twice or by SMS and then the desk', async () => {
  const topic = await freshTopic();
  const person = registered[5]!;
  const client = resident();
  const first = await client.post(`/api/topics/${topic.id}/cosign/verify`, {
    phone: person.phone,
    code: (await codeFor(client, topic.id, person.phone))!,
    deviceId: 'first-phone',
  });
  assert.is(first.body.verifiedCosignCount, 1);
  const other = resident();
  await srv.db.models.SmsChallenge.update({ createdAt: new Date(Date.now() - 120_000) }, { where: {} });
  const second = await other.post(`/api/topics/${topic.id}/cosign/verify`, {
    phone: person.phone,
    code: (await codeFor(other, topic.id, person.phone))!,
    deviceId: 'second-phone',
  });
  assert.is(second.status, 200);
  assert.is(second.body.alreadyCosigned, true);
  assert.is(second.body.verifiedCosignCount, 1);
  const reviewer = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const desk = await reviewer.post(`/api/topics/${topic.id}/cosign/desk`, { personId: person.id });
  assert.is(desk.body.alreadyCosigned, true);
  await topic.reload();
  assert.is(topic.verifiedCosignCount, 1);
});

test('a device that co-signed unverified and then verifies is counted once as support', async () => {
  const topic = await freshTopic();
  const person = registered[6]!;
  const client = resident();
  await client.post(`/api/topics/${topic.id}/cosign`, { deviceId: `dev-${person.phone}` });
  await topic.reload();
  const support = topic.cosignCount;
  const code = (await codeFor(client, topic.id, person.phone))!;
  const r = await client.post(`/api/topics/${topic.id}/cosign/verify`, {
    phone: person.phone,
    code,
    deviceId: `dev-${person.phone}`,
  });
  assert.is(r.body.cosignCount, support, 'the same supporter, now verified');
  assert.is(r.body.verifiedCosignCount, 1);
});

test('a number not on the register gets the same answer and no text message', async () => {
  const topic = await freshTopic();
  const before = aliyun.sent.length;
  const client = resident();
  const unknown = await client.post(`/api/topics/${topic.id}/cosign/code`, {
    phone: '13999999999',
    deviceId: 'probe-device-1',
  });
  const known = await resident().post(`/api/topics/${topic.id}/cosign/code`, {
    phone: registered[7]!.phone,
    deviceId: 'probe-device-2',
  });
  assert.is(unknown.status, 200);
  assert.equal(unknown.body, known.body, 'the prober cannot tell the two apart');
  assert.is(aliyun.sent.filter((m) => m.phone === '13999999999').length, 0);
  assert.is(aliyun.sent.length, before + 1);
  const guess = await client.post(`/api/topics/${topic.id}/cosign/verify`, {
    phone: '13999999999',
    code: '123456',
    deviceId: 'probe-device-1',
  });
  assert.is(guess.status, 400);
});

test('wrong codes: five tries per code, counted even when guessed in parallel, then the code is dead', async () => {
  const topic = await freshTopic();
  const person = registered[8]!;
  const client = resident();
  const code = (await codeFor(client, topic.id, person.phone))!;
  const wrong = code === '000000' ? '111111' : '000000';
  const guesses = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      resident().post(`/api/topics/${topic.id}/cosign/verify`, {
        phone: person.phone,
        code: wrong,
        deviceId: `guessing-device-${i}`,
      }),
    ),
  );
  assert.ok(guesses.every((g) => g.status === 400));
  const challenge = await srv.db.models.SmsChallenge.findOne({ where: { topicId: topic.id }, order: [['id', 'DESC']] });
  assert.is(challenge!.attempts, 5, 'exactly five wrong tries were counted, none lost');
  const right = await client.post(`/api/topics/${topic.id}/cosign/verify`, {
    phone: person.phone,
    code,
    deviceId: 'late-device',
  });
  assert.is(right.status, 400, 'the right code is refused after five wrong ones');
  assert.match(right.body.error.message, /重新获取/);
  await topic.reload();
  assert.is(topic.verifiedCosignCount, 0);
});

test('codes expire, are bound to their topic, and one phone gets at most one a minute', async () => {
  const topic = await freshTopic();
  const other = await freshTopic('另一个议题');
  const person = registered[9]!;
  const client = resident();
  const code = (await codeFor(client, topic.id, person.phone))!;
  const again = await client.post(`/api/topics/${topic.id}/cosign/code`, {
    phone: person.phone,
    deviceId: 'expiry-device',
  });
  assert.is(again.status, 429);
  assert.is(errorCode(again.body), 'rate_limited');
  const elsewhere = await client.post(`/api/topics/${other.id}/cosign/verify`, {
    phone: person.phone,
    code,
    deviceId: 'expiry-device',
  });
  assert.is(elsewhere.status, 400, "another topic's code does not work here");
  await srv.db.models.SmsChallenge.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { topicId: topic.id } });
  const late = await client.post(`/api/topics/${topic.id}/cosign/verify`, {
    phone: person.phone,
    code,
    deviceId: 'expiry-device',
  });
  assert.is(late.status, 400);
});

test('bad input changes nothing: a malformed phone or code is refused with a translated message', async () => {
  const topic = await freshTopic();
  const count = await srv.db.models.SmsChallenge.count();
  const bad = await resident().post(`/api/topics/${topic.id}/cosign/code`, { phone: '12345', deviceId: 'abcdefgh' });
  assert.is(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /11 位手机号码/);
  const badCode = await resident().post(`/api/topics/${topic.id}/cosign/verify`, {
    phone: registered[10]!.phone,
    code: '12ab',
    deviceId: 'abcdefgh',
  });
  assert.is(badCode.status, 400);
  assert.is(await srv.db.models.SmsChallenge.count(), count);
});

test('full-width digits and spaces in a typed number are understood', async () => {
  const topic = await freshTopic();
  const person = registered[11]!;
  const typed = person.phone
    .replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
    .replace(/^(...)/, '$1 ');
  const r = await resident().post(`/api/topics/${topic.id}/cosign/code`, {
    phone: typed,
    deviceId: 'fullwidth-device',
  });
  assert.is(r.status, 200);
  assert.ok(aliyun.sent.some((m) => m.phone === person.phone));
});

test('the desk records a co-sign given in person, audited; only for people on this village register', async () => {
  const topic = await freshTopic();
  const reviewer = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const found = await reviewer.get(`/api/topics/${topic.id}/cosign/candidates?q=${encodeURIComponent('村民')}`);
  assert.is(found.status, 200);
  assert.ok(found.body.length > 0);
  assert.not.ok(JSON.stringify(found.body).includes('1380000'), 'the desk list shows no phone numbers');
  const pick = found.body[0];
  const r = await reviewer.post(`/api/topics/${topic.id}/cosign/desk`, { personId: pick.id });
  assert.is(r.status, 200);
  assert.is(r.body.verifiedCosignCount, 1);
  const row = await srv.db.models.Cosign.findOne({ where: { topicId: topic.id, personId: pick.id } });
  assert.is(row!.verifiedBy, 'desk');
  const audit = await srv.db.models.AuditEvent.findOne({
    where: { action: 'topic.cosign_desk', subjectId: String(topic.id) },
  });
  assert.ok(audit, 'audited');
  const outsider = await srv.db.models.Person.create({
    organisationId: (await srv.db.models.Organisation.findOne({ where: { kind: 'county' } }))!.id,
    householdId: null,
    gridId: null,
    externalKey: 'elsewhere-1',
    name: '外村人',
    gender: 'male',
    birthYear: 1960,
    adult: null,
    idSuffix: null,
    phone: null,
    relation: null,
    status: 'resident',
    statusSince: '2020-01-01',
  });
  const refused = await reviewer.post(`/api/topics/${topic.id}/cosign/desk`, { personId: outsider.id });
  assert.is(refused.status, 404);
});

test('merging topics carries verified co-signs once per person', async () => {
  const a = await freshTopic('合并甲');
  const b = await freshTopic('合并乙');
  const reviewer = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const [p1, p2] = [registered[20]!, registered[21]!];
  await reviewer.post(`/api/topics/${a.id}/cosign/desk`, { personId: p1.id });
  await reviewer.post(`/api/topics/${b.id}/cosign/desk`, { personId: p1.id });
  await reviewer.post(`/api/topics/${b.id}/cosign/desk`, { personId: p2.id });
  const merged = await reviewer.post(`/api/topics/${b.id}/merge`, { intoTopicId: a.id });
  assert.is(merged.status, 200, JSON.stringify(merged.body));
  await a.reload();
  assert.is(a.verifiedCosignCount, 2);
});

test('co-signers who asked to be told get a text when the work is reported done; nobody else does', async () => {
  const topic = await freshTopic('路灯不亮');
  const [told, silent] = [registered[25]!, registered[26]!];
  for (const [person, notify] of [
    [told, true],
    [silent, false],
  ] as const) {
    const client = resident();
    const code = (await codeFor(client, topic.id, person.phone))!;
    await client.post(`/api/topics/${topic.id}/cosign/verify`, {
      phone: person.phone,
      code,
      deviceId: `told-${person.phone}`,
      notify,
    });
  }
  const id = await makeResolution(srv, 'dispatched', { topicId: topic.id });
  const department = await new Client(srv.url).login('demo-department', srv.password('demo-department'));
  assert.is((await department.post(`/api/resolutions/${id}/accept`)).status, 200);
  const before = aliyun.sent.length;
  assert.is((await department.post(`/api/resolutions/${id}/report`, { result: '已修好' })).status, 200);
  for (let i = 0; i < 50 && aliyun.sent.length === before; i++) await new Promise((r) => setTimeout(r, 100));
  const texts = aliyun.sent.slice(before);
  assert.equal(
    texts.map((m) => m.phone),
    [told.phone],
    'only the co-signer who consented',
  );
  assert.match(texts[0]!.params[0]!, /路灯不亮/);
  assert.match(texts[0]!.params[1]!, /已办结/);
});

test('representatives’ demands read their seats on the register: one fifth for their meeting, one third for an assembly', async () => {
  // Threat: a typed "代表人数" or co-signs by people who merely say they are representatives. The
  // denominator is the seats of role representative covering today; a committee member, a seat that
  // ended, and an unverified co-sign from a representative's own phone count for nothing.
  const village = await villageId();
  const body = (await srv.db.models.DeliberatingBody.findOne({
    where: { organisationId: village, kind: 'representatives_meeting' },
  }))!;
  await srv.db.models.BodyMember.destroy({ where: { bodyId: body.id } });
  const seat = (personId: number, role: 'representative' | 'committee', endsOn: string | null = null) => ({
    bodyId: body.id,
    personId,
    role,
    startsOn: '2021-01-20',
    endsOn,
    passTokenHash: null,
    passIssuedAt: null,
  });
  const reps = registered.slice(0, 10);
  await srv.db.models.BodyMember.bulkCreate([
    ...reps.map((p) => seat(p.id, 'representative')),
    seat(registered[10]!.id, 'committee'),
    seat(registered[11]!.id, 'representative', '2023-06-30'),
  ]);
  // A larger register, so one tenth of adults (13 of 130) is not what fires below.
  for (let i = 0; i < 100; i++) await villager({ phone: null });
  const topic = await freshTopic('代表联名要求召开会议');
  const reviewer = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const desk = async (personId: number) => {
    const r = await reviewer.post(`/api/topics/${topic.id}/cosign/desk`, { personId });
    assert.is(r.status, 200, JSON.stringify(r.body));
  };
  // Not counted: the committee member, the former representative, a representative's unverified co-sign.
  await desk(registered[10]!.id);
  await desk(registered[11]!.id);
  await resident().post(`/api/topics/${topic.id}/cosign`, { deviceId: 'rep-phone-unverified' });
  await desk(reps[0]!.id);
  let summary = (await reviewer.get(`/api/topics/${topic.id}/cosign/summary`)).body;
  assert.is(summary.representatives, 10, 'ten seats cover today');
  assert.is(summary.representativeCosigns, 1);
  assert.is(summary.representativesDemand, false);
  await desk(reps[1]!.id);
  await topic.reload();
  assert.is(topic.representativesDemand, true, 'two of ten is one fifth');
  assert.is(topic.assemblyDemand, false, 'but not one third');
  await desk(reps[2]!.id);
  await topic.reload();
  assert.is(topic.assemblyDemand, false, 'three of ten is under one third');
  await desk(reps[3]!.id);
  await topic.reload();
  assert.is(topic.assemblyDemand, true, 'four of ten reaches one third');
  assert.is(topic.verifiedCosignCount, 6, 'under one tenth of 130 adults: the representatives made it');
  const events = await srv.db.models.TopicEvent.findAll({
    where: { topicId: topic.id },
    order: [['id', 'ASC']],
  });
  assert.equal(
    events
      .filter((e) => e.kind.includes('threshold') || e.kind.includes('representatives'))
      .map((e) => [e.kind, e.detail]),
    [
      ['representatives_threshold', '2/10'],
      ['assembly_by_representatives', '4/10'],
    ],
  );
  summary = (await reviewer.get(`/api/topics/${topic.id}/cosign/summary`)).body;
  assert.is(summary.representativeCosigns, 4);
});

test.run();
