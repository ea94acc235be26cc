import { test } from 'uvu';
import * as assert from 'uvu/assert';
import sharp from 'sharp';
import { Client, errorCode } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The residents' API at its edges: every way a submission can be malformed gets a 4xx with a
 * message the resident can read (in their language) and stores nothing — not a topic, not a
 * photo, not a co-sign.
 */
// Residents here file many topics without X-Device-Id; the limits have their own suite (intake-limits).
const srv = await startTestServer({ config: { intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 } } });
test.after(() => srv.close());
const code = () => srv.intakeCodes[0]!;
const url = () => `${srv.url}/api/intake/${code()}/topics`;
const valid = { title: '村口桥栏杆松动', category: '公共设施', phone: '13912345678' };
const stored = async () => ({
  topics: await srv.db.models.Topic.count(),
  photos: await srv.db.models.TopicPhoto.count(),
  cosigns: await srv.db.models.Cosign.count(),
});

async function multipart(
  fields: Record<string, string>,
  photos: { data: Uint8Array; type: string; name: string }[] = [],
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const p of photos)
    form.append('photos', new Blob([p.data as Uint8Array<ArrayBuffer>], { type: p.type }), p.name);
  const res = await fetch(url(), { method: 'POST', body: form, headers: { 'accept-language': 'zh-CN', ...headers } });
  return { status: res.status, body: await res.json() };
}

const jpeg = async (w = 64, h = 48) =>
  new Uint8Array(
    await sharp({ create: { width: w, height: h, channels: 3, background: '#4a8' } })
      .jpeg()
      .toBuffer(),
  );

test('malformed JSON — in the body or in the multipart topic field — is a 400 in the standard shape', async () => {
  const before = await stored();
  const c = new Client(srv.url, { 'accept-language': 'zh-CN' });
  for (const body of ['{"title":', '[1,2', 'null', '"just a string"']) {
    const res = await c.post(`/api/intake/${code()}/topics`, body);
    assert.is(res.status, 400, body);
    assert.ok(['bad_request', 'validation_failed'].includes(errorCode(res.body)), body);
  }
  const res = await multipart({ topic: '{"title": "村口' }, [
    { data: await jpeg(), type: 'image/jpeg', name: 'a.jpg' },
  ]);
  assert.is(res.status, 400);
  assert.is(errorCode(res.body), 'bad_request');
  const missing = await multipart({}, [{ data: await jpeg(), type: 'image/jpeg', name: 'a.jpg' }]);
  assert.is(missing.status, 400, 'multipart without the topic field');
  assert.equal(await stored(), before);
});

test('bodies over the limits are refused with a 413 that says what is too large', async () => {
  const before = await stored();
  const c = new Client(srv.url, { 'accept-language': 'zh-CN' });
  const json = await c.post(`/api/intake/${code()}/topics`, { ...valid, details: '长'.repeat(60_000) });
  assert.is(json.status, 413);
  assert.is(json.body.error.message, '提交的内容太大。');
  // A 5 MB "photo" (the limit is 4 MB after the phone's downscaling).
  const big = new Uint8Array(5 * 1024 * 1024);
  big.set(await jpeg(), 0);
  const photo = await multipart({ topic: JSON.stringify(valid) }, [{ data: big, type: 'image/jpeg', name: 'big.jpg' }]);
  assert.is(photo.status, 413);
  assert.match(photo.body.error.message, /照片太大/);
  const english = await multipart(
    { topic: JSON.stringify(valid) },
    [{ data: big, type: 'image/jpeg', name: 'b.jpg' }],
    {
      'accept-language': 'en',
    },
  );
  assert.match(english.body.error.message, /photo is too large/);
  assert.equal(await stored(), before);
});

test('wrong content types are 415, whatever the body says', async () => {
  const before = await stored();
  const c = new Client(srv.url, { 'accept-language': 'zh-CN' });
  const cases: [string, string][] = [
    ['text/plain', JSON.stringify(valid)],
    ['application/x-www-form-urlencoded', 'title=%E6%9D%91%E5%8F%A3&category=%E5%85%B6%E4%BB%96'],
    ['application/xml', '<topic><title>村口</title></topic>'],
  ];
  for (const [type, body] of cases) {
    const res = await c.post(`/api/intake/${code()}/topics`, body, { 'content-type': type });
    assert.is(res.status, 415, type);
    assert.is(res.body.error.message, '不支持的内容类型。', type);
  }
  const cosign = await c.post('/api/topics/1/cosign', 'deviceId=abcdefgh1234', {
    'content-type': 'application/x-www-form-urlencoded',
  });
  assert.is(cosign.status, 415);
  assert.equal(await stored(), before);
});

test('phone numbers that are not mainland mobile numbers are refused on submitting and co-signing', async () => {
  const before = await stored();
  const c = new Client(srv.url, { 'accept-language': 'zh-CN' });
  const bad = [
    '1234567',
    '12345678901',
    '23912345678',
    '139123456789',
    '1391234567a',
    '+8613912345678',
    '010-62345678',
    '139 1234 5678',
  ];
  const accepted = await srv.db.models.Topic.findOne({ where: { status: 'accepted' } });
  for (const phone of bad) {
    const res = await c.post(`/api/intake/${code()}/topics`, { ...valid, phone });
    assert.is(res.status, 400, phone);
    assert.is(res.body.error.details.fields[0].path, 'phone', phone);
    assert.is(res.body.error.details.fields[0].message, '请输入 11 位手机号码。', phone);
    const cosign = await c.post(`/api/topics/${accepted!.id}/cosign`, { deviceId: 'device-for-phone-test', phone });
    assert.is(cosign.status, 400, `cosign ${phone}`);
  }
  for (const phone of ['13912345678', '19912345678', ' 15012345678 ']) {
    const res = await c.post(`/api/intake/${code()}/topics`, { ...valid, title: `手机号${phone.trim()}`, phone });
    assert.is(res.status, 201, phone);
  }
  assert.equal(await stored(), { ...before, topics: before.topics + 3 });
});

test('photos that lie about their type are refused by their content, and nothing is stored', async () => {
  const before = await stored();
  const topic = JSON.stringify(valid);
  const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const html = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');
  const truncated = (await jpeg()).slice(0, 40);
  const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);
  for (const [name, data, type] of [
    ['svg as png', svg, 'image/png'],
    ['html as jpeg', html, 'image/jpeg'],
    ['half a jpeg', truncated, 'image/jpeg'],
    ['exe as jpeg', exe, 'image/jpeg'],
  ] as const) {
    const res = await multipart({ topic }, [
      { data: await jpeg(), type: 'image/jpeg', name: 'good.jpg' },
      { data, type, name: 'photo.jpg' },
    ]);
    assert.is(res.status, 415, name);
    assert.is(res.body.error.message, '照片格式无法识别，请上传 JPG 或 PNG 照片。', name);
  }
  assert.equal(await stored(), before);
  // A real PNG sent as "image/jpeg" is a photo all the same: its content decides.
  const png = new Uint8Array(
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer(),
  );
  const ok = await multipart({ topic }, [{ data: png, type: 'image/jpeg', name: 'x.jpg' }]);
  assert.is(ok.status, 201);
});

test('an Idempotency-Key that is malformed is refused; one reused for different content returns the first receipt', async () => {
  const c = new Client(srv.url, { 'accept-language': 'zh-CN' });
  const before = await stored();
  const bad = await c.post(`/api/intake/${code()}/topics`, valid, { 'idempotency-key': 'short' });
  assert.is(bad.status, 400);
  assert.match(bad.body.error.message, /Idempotency-Key/);
  assert.equal(await stored(), before);
  const key = { 'idempotency-key': 'edge-key-000001' };
  const a = await c.post(`/api/intake/${code()}/topics`, valid, key);
  const b = await c.post(`/api/intake/${code()}/topics`, { ...valid, title: '另一件事情' }, key);
  assert.is(b.body.receipt, a.body.receipt);
  assert.is((await stored()).topics, before.topics + 1);
});

test('the tracking page never shows the receipt of a duplicate merged into a topic', async () => {
  const c = new Client(srv.url);
  const reviewer = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const first = (await c.post(`/api/intake/${code()}/topics`, { ...valid, title: '小学门口没有斑马线' })).body.receipt;
  const dup = (await c.post(`/api/intake/${code()}/topics`, { ...valid, title: '学校门口缺斑马线' })).body.receipt;
  const [a, d] = await Promise.all([first, dup].map((r) => srv.app.services.intake.findByReceipt(r)));
  assert.is((await reviewer.post(`/api/topics/${d!.id}/merge`, { intoTopicId: a!.id })).status, 200);
  const track = (await c.get(`/api/track/${first}`)).body;
  const mergedIn = track.timeline.find((e: { kind: string }) => e.kind === 'merged_in');
  assert.ok(mergedIn);
  assert.is(mergedIn.detail, null);
  assert.not.match(JSON.stringify(track), new RegExp(dup));
  // The duplicate's own page points to where its matter now lives.
  const own = (await c.get(`/api/track/${dup}`)).body;
  assert.is(own.timeline.find((e: { kind: string }) => e.kind === 'merged').detail, first);
});

test('the OpenAPI document describes the resident’s topic body, shared with the phone', async () => {
  const doc = (await new Client(srv.url).get('/api/openapi.json')).body;
  const schema = doc.paths['/api/intake/{code}/topics'].post.requestBody.content['application/json'].schema;
  assert.is(schema.properties.title.minLength, 4);
  assert.is(schema.properties.title.maxLength, 60);
  assert.is(schema.properties.phone.anyOf[0].pattern, '^1[3-9][0-9]{9}$');
  assert.equal(schema.required, ['title', 'category']);
  assert.is(schema.additionalProperties, false);
});

test.run();
