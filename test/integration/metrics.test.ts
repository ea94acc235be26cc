import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client } from '../helpers/http.js';
import { call, connectSocket } from '../helpers/realtime.js';
import { createApp, type App } from '../../server/app.js';
import { createLogger } from '../../server/logger.js';
import { startTestServer } from '../helpers/server.js';
import { createMotion, openHall, openMotion, phone } from '../helpers/voting.js';

/**
 * GET /metrics: Prometheus text, behind a Bearer token (or on a port of its own), with names and
 * labels an operator's dashboards and alerts can rely on, and no label that grows without bound.
 */
const TOKEN = 'metrics-token-for-tests-0123456789';
const srv = await startTestServer({ config: { metrics: { token: TOKEN, port: null } } });
/**
 * A second app in the same process, on the same database, with the default configuration (no
 * token, no metrics port). A second database would not do: the models are bound to the last one opened.
 */
let plain: { app: App; url: string } | null = null;
const startPlain = async () => {
  const app = createApp({
    db: srv.db,
    clock: srv.clock,
    logger: createLogger('silent'),
    config: { ...srv.config, metrics: { token: null, port: null } },
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
};
test.after(async () => {
  await plain?.app.close();
  await srv.close();
});

const scrape = async (base = srv.url, token: string | null = TOKEN) => {
  const res = await fetch(`${base}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};

/** Samples as { name, labels } from the exposition text. */
const samples = (text: string) =>
  text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(l)!;
      const labels = Object.fromEntries(
        [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]),
      );
      return { name: m[1]!, labels: labels as Record<string, string>, value: Number(m[3]) };
    });
const value = (text: string, name: string, labels: Record<string, string> = {}) =>
  samples(text).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

test('/metrics needs the Bearer token', async () => {
  assert.is((await scrape(srv.url, null)).status, 401);
  assert.is((await scrape(srv.url, 'wrong-token-wrong-token-wrong')).status, 401);
  const ok = await scrape();
  assert.is(ok.status, 200);
  assert.match(ok.type, /^text\/plain; version=0\.0\.4/);
});

test('without a token or a metrics port, /metrics answers 404 like any unknown path', async () => {
  plain = await startPlain();
  const res = await scrape(plain.url, null);
  assert.is(res.status, 404);
  assert.is((await scrape(plain.url, TOKEN)).status, 404);
});

test('the metric names and their label names are the documented, stable set', async () => {
  await fetch(`${srv.url}/readyz`);
  const text = (await scrape()).text;
  const declared = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
  assert.equal(declared, [
    'yishi_ballot_batch_duration_seconds histogram',
    'yishi_ballot_batches_total counter',
    'yishi_ballots_committed_total counter',
    'yishi_db_pool_connections gauge',
    'yishi_db_query_duration_seconds histogram',
    'yishi_event_loop_lag_seconds gauge',
    'yishi_http_request_duration_seconds histogram',
    'yishi_http_requests_total counter',
    'yishi_job_failures_total counter',
    'yishi_job_runs_total counter',
    'yishi_memory_bytes gauge',
    'yishi_sockets_open gauge',
    'yishi_yjs_documents_open gauge',
    'yishi_yjs_updates_pending gauge',
  ]);
  const labelNames = new Map<string, Set<string>>();
  for (const s of samples(text)) {
    const base = s.name.replace(/_(bucket|sum|count)$/, '');
    const set = labelNames.get(base) ?? new Set();
    for (const k of Object.keys(s.labels)) if (k !== 'le') set.add(k);
    labelNames.set(base, set);
  }
  const expected: Record<string, string[]> = {
    yishi_http_requests_total: ['method', 'route', 'status'],
    yishi_http_request_duration_seconds: ['method', 'route'],
    yishi_sockets_open: ['kind'],
    yishi_event_loop_lag_seconds: ['stat'],
    yishi_memory_bytes: ['kind'],
    yishi_db_query_duration_seconds: ['type'],
  };
  for (const [name, labels] of Object.entries(expected)) assert.equal([...labelNames.get(name)!].sort(), labels, name);
  assert.ok(value(text, 'yishi_memory_bytes', { kind: 'rss' })! > 0);
  assert.ok(value(text, 'yishi_event_loop_lag_seconds', { stat: 'max' })! >= 0);
  assert.ok(value(text, 'yishi_db_query_duration_seconds_count', { type: 'SELECT' })! > 0, 'queries are timed');
});

test('requests are labelled by route template and status, never by their raw path or ids', async () => {
  const probe = randomBytes(6).toString('hex');
  assert.is((await fetch(`${srv.url}/api/${probe}/${probe}`)).status, 404);
  // The client's shell when the client is built, else 404: labelled `static` or `unmatched` either way.
  await fetch(`${srv.url}/${probe}/x/${probe}.php`);
  const admin = await new Client(srv.url).login('admin', srv.password('admin'));
  const session = await admin.get('/api/session');
  const someone = session.body.user.memberships[0].organisationId as number;
  assert.is((await admin.get(`/api/organisations/${someone}/intake-codes`)).status, 200);
  const text = (await scrape()).text;
  assert.not.ok(text.includes(probe), 'the random path is no label');
  const routes = new Set(samples(text).flatMap((s) => (s.labels.route ? [s.labels.route] : [])));
  const templates = new Set(srv.app.routes.map((r) => r.path.replace(/\{(\w+)\}/g, ':$1')));
  for (const route of routes)
    assert.ok(route === 'unmatched' || route === 'static' || templates.has(route), `unexpected route label ${route}`);
  assert.ok(routes.has('/api/organisations/:id/intake-codes'), [...routes].join(' '));
  assert.ok(value(text, 'yishi_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })! >= 1);
  assert.ok(value(text, 'yishi_http_requests_total', { method: 'POST', route: '/api/session', status: '200' })! >= 1);
  for (const route of routes) assert.not.ok(/\/\d+(\/|$)/.test(route), `an id in a route label: ${route}`);
});

test('open sockets are counted by kind, and a ballot batch is counted and timed', async () => {
  const hall = await openHall(srv, { members: 2 });
  const screen = await connectSocket(srv.url);
  const joined = await call(screen, 'meeting:join', { meetingId: hall.meetingId, screenToken: hall.screenToken });
  assert.ok(joined.ok, JSON.stringify(joined));
  const member = await phone(srv, hall.tokens[0]!);
  const motion = await createMotion(hall);
  await openMotion(hall, motion.id);
  const receipt = await member.vote(motion.id, [0]);
  assert.ok(receipt.ok, JSON.stringify(receipt));
  const text = (await scrape()).text;
  assert.is(value(text, 'yishi_sockets_open', { kind: 'projector' }), 1);
  assert.ok(value(text, 'yishi_sockets_open', { kind: 'staff' })! >= 1);
  assert.is(value(text, 'yishi_sockets_open', { kind: 'phone' }), 1);
  assert.ok(value(text, 'yishi_ballot_batches_total')! >= 1);
  assert.ok(value(text, 'yishi_ballots_committed_total')! >= 1);
  assert.ok(value(text, 'yishi_ballot_batch_duration_seconds_count')! >= 1);
  screen.close();
  member.close();
  hall.close();
});

test('two apps in one process keep their own registries', async () => {
  const a = (await scrape()).text;
  await fetch(`${plain!.url}/readyz`);
  const b = await new Promise<string>((resolve, reject) => {
    // The separate-port listener: no token configured there, so it serves without one.
    const server = http.createServer(plain!.app.metricsListener).listen(0, '127.0.0.1', async () => {
      try {
        const port = (server.address() as AddressInfo).port;
        assert.is((await fetch(`http://127.0.0.1:${port}/other`)).status, 404);
        const res = await fetch(`http://127.0.0.1:${port}/metrics`);
        assert.is(res.status, 200);
        resolve(await res.text());
      } catch (err) {
        reject(err);
      } finally {
        server.close();
      }
    });
  });
  const ready = (text: string) => value(text, 'yishi_http_requests_total', { route: '/readyz', status: '200' }) ?? 0;
  assert.is(ready(b), 1);
  assert.is(ready((await scrape()).text), ready(a), 'the other app’s request is not counted here');
});

test('a scheduled job’s runs and failures are counted', async () => {
  const job = srv.app.services.metrics.job('test:job', async () => {
    throw new Error('boom');
  });
  await job(new AbortController().signal).catch(() => undefined);
  const text = (await scrape()).text;
  assert.is(value(text, 'yishi_job_runs_total', { job: 'test:job' }), 1);
  assert.is(value(text, 'yishi_job_failures_total', { job: 'test:job' }), 1);
});

test.run();
