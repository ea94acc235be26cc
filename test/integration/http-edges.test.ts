import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

const srv = await startTestServer();
test.after(() => srv.close());
const admin = () => new Client(srv.url).login('admin', srv.password('admin'));
const orgCount = () => srv.db.models.Organisation.count();

test('health and readiness answer ok once the database does', async () => {
  // (`%2e%2e/` would be normalised to `../` by fetch itself, before it leaves the client.)
  for (const path of ['/healthz', '/readyz']) {
    const res = await fetch(srv.url + path);
    assert.is(res.status, 200);
    assert.equal(await res.json(), { status: 'ok' });
  }
});

test('responses carry a request id and security headers with a same-origin CSP', async () => {
  const res = await fetch(srv.url + '/healthz', { headers: { 'x-request-id': 'test-request-1234' } });
  assert.is(res.headers.get('x-request-id'), 'test-request-1234');
  const csp = res.headers.get('content-security-policy')!;
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.is(res.headers.get('x-content-type-options'), 'nosniff');
  assert.is(res.headers.get('x-powered-by'), null);
});

test('malformed JSON is a 400 with the standard body and changes nothing', async () => {
  const c = await admin();
  const before = await orgCount();
  const res = await c.post('/api/organisations', '{"name": "x",', {});
  assert.is(res.status, 400);
  assert.is(errorCode(res.body), 'bad_request');
  assert.is(await orgCount(), before);
});

test('a body over the size limit is 413', async () => {
  const c = await admin();
  const res = await c.post('/api/organisations', { name: 'x'.repeat(200_000), kind: 'grid', parentId: 1 });
  assert.is(res.status, 413);
  assert.is(errorCode(res.body), 'payload_too_large');
});

test('a form-encoded body is refused as 415, which also blocks cross-site form posts', async () => {
  const c = await admin();
  const res = await c.post('/api/organisations', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
  assert.is(res.status, 415);
  assert.is(errorCode(res.body), 'unsupported_media_type');
});

test('unknown fields and prototype-pollution keys are refused by name', async () => {
  const c = await admin();
  const res = await c.post(
    '/api/organisations',
    '{"name":"新网格","kind":"grid","parentId":3,"__proto__":{"admin":true},"extra":1}',
  );
  assert.is(res.status, 400);
  assert.match(JSON.stringify(res.body.error.details), /extra/);
  assert.is(({} as Record<string, unknown>).admin, undefined);
});

test('ids in paths are validated', async () => {
  const c = await admin();
  const res = await c.patch('/api/organisations/abc', { name: '某村' });
  assert.is(res.status, 400);
  assert.equal(res.body.error.details.fields[0].path, 'id');
});

test('unknown API paths are 404 with the standard body, in the cookie’s language', async () => {
  const res = await new Client(srv.url).get('/api/nothing-here', { cookie: 'yishi_lang=en' });
  assert.is(res.status, 404);
  assert.is(res.body.error.message, 'Not found.');
});

test('the OpenAPI document lists every mounted route with its error responses', async () => {
  const doc = (await new Client(srv.url).get('/api/openapi.json')).body;
  assert.is(doc.openapi, '3.1.0');
  // Walk Express's own router, independently of the route table the document is built from.
  const stack = (
    srv.app.express as unknown as {
      router: {
        stack: { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[];
      };
    }
  ).router.stack;
  const mounted: string[] = [];
  const walk = (layers: typeof stack) => {
    for (const layer of layers) {
      if (layer.route && typeof layer.route.path === 'string' && /^\/(api|healthz|readyz)/.test(layer.route.path)) {
        for (const m of Object.keys(layer.route.methods))
          mounted.push(`${m} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack as typeof stack);
    }
  };
  walk(stack);
  assert.ok(mounted.length >= 18, `found ${mounted.length} routes`);
  for (const entry of mounted) {
    const [method, path] = entry.split(' ') as [string, string];
    assert.ok(doc.paths[path]?.[method], `${entry} missing from the OpenAPI document`);
    assert.ok(doc.paths[path][method].responses['400'], `${entry} documents no 400`);
  }
});

test('a path traversal attempt under /assets is 403 with the standard body, not a 500 (issue 14, finding 4)', async () => {
  // (`%2e%2e/` is normalised to `../` by fetch itself, before the request leaves the client.)
  for (const path of ['/assets/..%2f..%2f..%2fpackage.json', '/assets/..%5c..%5cpackage.json', '/assets/missing.js']) {
    const res = await new Client(srv.url).get(path);
    assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status}`);
    assert.ok(['forbidden', 'not_found'].includes(errorCode(res.body)), path);
  }
  const traversal = await new Client(srv.url).get('/assets/..%2f..%2f..%2fpackage.json');
  assert.is(traversal.status, 403);
  assert.is(errorCode(traversal.body), 'forbidden');
});

test.run();
