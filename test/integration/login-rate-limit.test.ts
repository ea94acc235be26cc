import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

const srv = await startTestServer({ config: { loginRateLimit: 3 } });
test.after(() => srv.close());

test('login attempts from one address are rate-limited with the standard error body', async () => {
  const c = new Client(srv.url);
  for (let i = 0; i < 3; i++)
    assert.is((await c.post('/api/session', { username: 'nobody', password: 'x' })).status, 401);
  const limited = await c.post('/api/session', { username: 'admin', password: srv.password('admin') });
  assert.is(limited.status, 429);
  assert.is(errorCode(limited.body), 'rate_limited');
  assert.is(limited.body.error.message, '操作太频繁，请稍后再试。');
});

test.run();
