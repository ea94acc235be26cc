import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Topic submissions are limited per address (generous: a village may share one carrier-NAT
 * address) and per device (strict). Issue 14, finding 5: leaving out X-Device-Id skipped the
 * device limit, and one address filed 120 topics in 10 minutes.
 */
const srv = await startTestServer({ config: { intakeRateLimit: { perAddress: 12, perDevice: 3 } } });
test.after(() => srv.close());

let addresses = 0;
const resident = (headers: Record<string, string> = {}) =>
  new Client(srv.url, { 'x-forwarded-for': `192.0.2.${++addresses}`, ...headers });
const submit = (c: Client, n: number, headers: Record<string, string> = {}) =>
  c.post(`/api/intake/${srv.intakeCodes[0]}/topics`, { title: `村口路灯不亮${n}`, category: '公共设施' }, headers);

test('without a device id the stricter per-device limit applies to the address', async () => {
  const c = resident();
  const before = await srv.db.models.Topic.count();
  for (let i = 0; i < 3; i++) assert.is((await submit(c, i)).status, 201);
  const limited = await submit(c, 3);
  assert.is(limited.status, 429);
  assert.is(errorCode(limited.body), 'rate_limited');
  assert.is(await srv.db.models.Topic.count(), before + 3);
});

test('a malformed device id counts as none', async () => {
  const c = resident({ 'x-device-id': 'x' });
  for (let i = 0; i < 3; i++) assert.is((await submit(c, i)).status, 201);
  assert.is((await submit(c, 3)).status, 429);
});

test('phones with their own device ids behind one address share only the per-address budget', async () => {
  const c = resident();
  let accepted = 0;
  for (let phone = 0; phone < 5; phone++)
    for (let i = 0; i < 3; i++)
      if ((await submit(c, i, { 'x-device-id': `phone-${addresses}-${phone}-device` })).status === 201) accepted++;
  assert.is(accepted, 12);
});

test.run();
