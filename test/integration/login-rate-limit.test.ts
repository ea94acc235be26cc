import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

const srv = await startTestServer({ config: { loginRateLimit: 3 } });
test.after(() => srv.close());

/** Each test from an address of its own (X-Forwarded-For from loopback is believed). */
let addresses = 0;
const fromNewAddress = (headers: Record<string, string> = {}) =>
  new Client(srv.url, { 'x-forwarded-for': `203.0.113.${++addresses}`, ...headers });
/** The limiter takes back a successful attempt once its response has finished. */
const settle = () => new Promise((r) => setTimeout(r, 50));

test('login attempts from one address are rate-limited with the standard error body', async () => {
  const c = fromNewAddress();
  for (let i = 0; i < 3; i++)
    assert.is((await c.post('/api/session', { username: 'nobody', password: 'x' })).status, 401);
  const limited = await c.post('/api/session', { username: 'admin', password: srv.password('admin') });
  assert.is(limited.status, 429);
  assert.is(errorCode(limited.body), 'rate_limited');
});

test('only failed logins count: a village office behind one address logs in all day (issue 14, finding 3)', async () => {
  const c = fromNewAddress();
  for (let i = 0; i < 6; i++) {
    assert.is((await c.post('/api/session', { username: 'admin', password: srv.password('admin') })).status, 200);
    await settle();
  }
  for (let i = 0; i < 3; i++)
    assert.is((await c.post('/api/session', { username: 'nobody', password: 'x' })).status, 401);
  assert.is((await c.post('/api/session', { username: 'nobody', password: 'x' })).status, 429);
});

test('the 429 says how long to wait: Retry-After in seconds and the minutes in the message (issue 17, item 10)', async () => {
  for (const [lang, pattern] of [
    ['zh-CN', /^尝试次数太多，请 (\d+) 分钟后再试。$/],
    ['en', /^Too many attempts\. Please try again in (\d+) min\.$/],
  ] as const) {
    const c = fromNewAddress({ 'accept-language': lang });
    for (let i = 0; i < 3; i++) await c.post('/api/session', { username: 'nobody', password: 'x' });
    const limited = await c.post('/api/session', { username: 'nobody', password: 'x' });
    assert.is(limited.status, 429);
    const seconds = Number(limited.headers.get('retry-after'));
    assert.ok(seconds > 14 * 60 && seconds <= 15 * 60, `Retry-After ${seconds}`);
    const minutes = Number(pattern.exec(limited.body.error.message)?.[1]);
    assert.is(minutes, Math.ceil(seconds / 60), limited.body.error.message);
    assert.is(limited.body.error.details.retryAfterSeconds, seconds);
  }
});

test.run();
