import { test } from 'uvu';
import * as assert from 'uvu/assert';
import sharp from 'sharp';
import { Client, errorCode } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

// Residents here file many topics without X-Device-Id; the limits have their own suite (intake-limits).
const srv = await startTestServer({ config: { intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 } } });
test.after(() => srv.close());
const code = () => srv.intakeCodes[0]!;
const resident = () => new Client(srv.url, { 'accept-language': 'zh-CN' });
const topicCount = () => srv.db.models.Topic.count();
const valid = {
  title: '村口桥栏杆松动',
  details: '小孩上学经过很危险',
  category: '公共设施',
  name: '刘大爷',
  phone: '13912345678',
};

/** A real JPEG carrying GPS coordinates in its EXIF, like an old phone's camera writes. */
const jpegWithGps = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#4a8' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 0/1' },
    })
    .toBuffer();

async function postMultipart(
  json: unknown,
  photos: { data: Buffer; type: string; name: string }[],
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  form.set('topic', JSON.stringify(json));
  for (const p of photos) form.append('photos', new Blob([new Uint8Array(p.data)], { type: p.type }), p.name);
  const res = await fetch(`${srv.url}/api/intake/${code()}/topics`, { method: 'POST', body: form, headers });
  return { status: res.status, body: await res.json() };
}

test('the form learns its organisation, categories and grids from the code', async () => {
  const res = await resident().get(`/api/intake/${code()}`);
  assert.is(res.status, 200);
  assert.is(res.body.organisationName, '桃园村（演示）');
  assert.ok(res.body.categories.includes('道路交通'));
  assert.equal(
    res.body.grids.map((g: { name: string }) => g.name),
    ['第一网格', '第二网格'],
  );
  // Codes are forgiving of case and dashes, as people type them from a poster.
  assert.is((await resident().get(`/api/intake/${code().toLowerCase()}`)).status, 200);
});

test('an unknown code is a 404 with a Chinese message', async () => {
  const res = await resident().get('/api/intake/ZZZZZZ');
  assert.is(res.status, 404);
  assert.is(errorCode(res.body), 'not_found');
  assert.match(res.body.error.message, /议题码不存在/);
});

test('a resident submits a topic and follows it by receipt; nobody’s personal data is on the tracking page', async () => {
  const res = await resident().post(`/api/intake/${code()}/topics`, valid);
  assert.is(res.status, 201);
  assert.match(res.body.receipt, /^[2-9A-HJKMNP-Z]{8}$/);
  assert.is(res.body.trackUrl, `${srv.config.publicUrl}/t/${res.body.receipt}`);
  const track = await resident().get(`/api/track/${res.body.receipt}`);
  assert.is(track.status, 200);
  assert.is(track.body.status, 'received');
  assert.equal(
    track.body.timeline.map((e: { kind: string }) => e.kind),
    ['received'],
  );
  const text = JSON.stringify(track.body);
  assert.not.match(text, /13912345678/);
  assert.not.match(text, /刘大爷/);
});

test('the same Idempotency-Key twice creates one topic and returns the same receipt', async () => {
  const before = await topicCount();
  const headers = { 'idempotency-key': 'retry-key-0001' };
  const a = await resident().post(`/api/intake/${code()}/topics`, valid, headers);
  const b = await resident().post(`/api/intake/${code()}/topics`, valid, headers);
  assert.is(a.status, 201);
  assert.is(b.status, 201);
  assert.is(a.body.receipt, b.body.receipt);
  assert.is(await topicCount(), before + 1);
});

test('bad input is refused with a clear message and nothing is stored', async () => {
  const before = await topicCount();
  const cases: [unknown, number, RegExp][] = [
    [{ ...valid, title: '太短' }, 400, /至少需要 4 个字/],
    [{ ...valid, phone: '1234567' }, 400, /11 位手机号码/],
    [{ ...valid, category: '不存在的类别' }, 400, /选择类别/],
    [{ ...valid, website: 'http://spam.example' }, 400, /未被接受/],
    [{ ...valid, title: 'x'.repeat(61) }, 400, /最多 60 个字/],
    [{ ...valid, admin: true }, 400, /无法识别的字段/],
  ];
  for (const [body, status, message] of cases) {
    const res = await resident().post(`/api/intake/${code()}/topics`, body);
    assert.is(res.status, status, JSON.stringify(body));
    assert.match(JSON.stringify(res.body.error), message);
  }
  assert.is((await resident().post(`/api/intake/${code()}/topics`, '{"title":')).status, 400);
  assert.is(
    (await resident().post(`/api/intake/${code()}/topics`, 'title=x', { 'content-type': 'text/plain' })).status,
    415,
  );
  assert.is(
    (await resident().post(`/api/intake/${code()}/topics`, { ...valid, details: '长'.repeat(60_000) })).status,
    413,
  );
  assert.is(await topicCount(), before);
});

test('photos are checked by content, downscaled and stripped of their GPS position', async () => {
  const photo = await jpegWithGps();
  assert.ok((await sharp(photo).metadata()).exif, 'the fixture carries EXIF');
  const res = await postMultipart(valid, [{ data: photo, type: 'image/jpeg', name: 'IMG_0001.jpg' }]);
  assert.is(res.status, 201);
  const topic = await srv.app.services.intake.findByReceipt(res.body.receipt);
  const stored = await srv.db.models.TopicPhoto.findOne({ where: { topicId: topic.id } });
  const meta = await sharp(stored!.data).metadata();
  assert.is(meta.format, 'jpeg');
  assert.is(meta.exif, undefined);
  const served = await fetch(`${srv.url}/api/track/${res.body.receipt}/photos/0`);
  assert.is(served.headers.get('content-type'), 'image/jpeg');
});

test('a file that lies about being a photo is refused and nothing is stored', async () => {
  const before = await topicCount();
  const res = await postMultipart(valid, [
    { data: Buffer.from('<?php echo "hi"; ?>'), type: 'image/jpeg', name: 'photo.jpg' },
  ]);
  assert.is(res.status, 415);
  assert.match(res.body.error.message, /照片格式无法识别/);
  const four = await postMultipart(
    valid,
    await Promise.all([1, 2, 3, 4].map(async () => ({ data: await jpegWithGps(), type: 'image/jpeg', name: 'a.jpg' }))),
  );
  assert.is(four.status, 400);
  assert.match(four.body.error.message, /最多上传 3 张/);
  assert.is(await topicCount(), before);
});

test('similar open topics are offered while typing a title', async () => {
  const res = await resident().get(`/api/intake/${code()}/similar?q=${encodeURIComponent('路灯坏了')}`);
  assert.is(res.status, 200);
  assert.ok(res.body.items.some((t: { title: string }) => t.title === '村东头路灯坏了三盏'));
  assert.not.ok(res.body.items.some((t: { status: string }) => t.status === 'declined' || t.status === 'merged'));
});

test('co-signing counts once per device and once per phone number', async () => {
  const topic = (await resident().get(`/api/intake/${code()}/topics`)).body.items[0];
  const first = await resident().post(`/api/topics/${topic.id}/cosign`, {
    deviceId: 'phone-of-zhang-1',
    phone: '13700000001',
  });
  assert.equal(first.body, { cosignCount: topic.cosignCount + 1, alreadyCosigned: false });
  const sameDevice = await resident().post(`/api/topics/${topic.id}/cosign`, { deviceId: 'phone-of-zhang-1' });
  assert.is(sameDevice.body.alreadyCosigned, true);
  const samePhone = await resident().post(`/api/topics/${topic.id}/cosign`, {
    deviceId: 'another-device-9',
    phone: '13700000001',
  });
  assert.is(samePhone.body.alreadyCosigned, true);
  assert.is(samePhone.body.cosignCount, topic.cosignCount + 1);
  const rows = await srv.db.models.Cosign.findAll({ where: { topicId: topic.id }, raw: true });
  assert.not.match(JSON.stringify(rows), /13700000001|phone-of-zhang/);
});

test('a disabled intake code stops taking topics and looks unknown', async () => {
  const admin = await new Client(srv.url).login('admin', srv.password('admin'));
  const row = await srv.db.models.IntakeCode.findOne({ where: { code: srv.intakeCodes[1]! } });
  assert.is((await admin.patch(`/api/intake-codes/${row!.id}`, { disabled: true })).status, 200);
  const res = await resident().post(`/api/intake/${srv.intakeCodes[1]}/topics`, valid);
  assert.is(res.status, 404);
  await admin.patch(`/api/intake-codes/${row!.id}`, { disabled: false });
  assert.is((await resident().get(`/api/intake/${srv.intakeCodes[1]}`)).status, 200);
});

test.run();
