import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { onDisplay } from '../helpers/procedures.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Objections go through the village's intake code, so they carry the intake form's limits (per
 * device and per address, counted together with topics): a server of its own with small budgets.
 */
const limited = await startTestServer({
  config: { loginRateLimit: 10_000, intakeRateLimit: { perAddress: 4, perDevice: 2 } },
});
test.after(() => limited.close());

const device = (n: number) => ({ 'x-device-id': `phone-${process.pid}-${n}-abcdef` });

test('the intake form’s limits hold: per device, then per address, with a translated refusal', async () => {
  const matter = await onDisplay(limited, '村集体水库承包');
  const resident = new Client(limited.url);
  const send = (phone: number, n: number) =>
    resident.post(
      `/api/intake/${limited.intakeCodes[0]}/objections`,
      { procedureId: matter, text: `承包期太长（第${n}条）` },
      device(phone),
    );
  // Two per device (the third from the same phone is refused)…
  assert.equal([(await send(1, 1)).status, (await send(1, 2)).status], [201, 201]);
  const third = await send(1, 3);
  assert.is(third.status, 429);
  assert.is(errorCode(third.body), 'rate_limited');
  assert.match(third.body.error.message, /[\u4e00-\u9fff]/);
  // …and four per address, every request counted: another phone behind it gets one more.
  assert.equal([(await send(2, 4)).status, (await send(2, 5)).status], [201, 429]);
  // Leaving the device header out does not escape: it gets the stricter per-address budget.
  const bare = await resident.post(`/api/intake/${limited.intakeCodes[0]}/objections`, {
    procedureId: matter,
    text: '不带设备号',
  });
  assert.is(bare.status, 429);
  assert.is(await limited.db.models.ProcedureObjection.count({ where: { procedureId: matter } }), 3);
});

test.run();
