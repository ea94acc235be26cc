import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import type { AnyRoute } from '../../server/http/route.js';
import { hashPassword } from '../../server/services/passwords.js';
import { aroundSchema, deepJsonText, EVIL_STRINGS, isStandardError } from '../helpers/fuzz.js';
import { Client } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Property: whatever arrives at any route — wrong types, huge or malformed strings, unicode edge
 * cases, prototype-pollution keys, deep nesting, bad JSON, the wrong content type — from an
 * anonymous caller or a logged-in one, the answer is never a 5xx, and every rejection is a 4xx
 * with the standard error body. Routes come from the app's own route table, so a route added
 * later is fuzzed without touching this file.
 */
const srv = await startTestServer({
  config: { loginRateLimit: 1e9, intakeRateLimit: { perAddress: 1e9, perDevice: 1e9 } },
});
test.after(() => srv.close());

const RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 7_000);
const routes = srv.app.routes;
const runsPerRoute = Math.ceil(RUNS / routes.length);
const BATCH = 4;

type CallerName = 'anonymous' | 'admin' | 'reviewer' | 'admin without CSRF';
const users = { admin: 'admin', reviewer: 'demo-reviewer' } as const;
const sessions: Partial<Record<'admin' | 'reviewer', Client>> = {};
const memberships = await srv.db.models.Membership.findAll({ raw: true });

/**
 * The fuzzer may log its callers out, disable or lock them, reset their passwords or revoke
 * their roles — all legitimately. Put them back so every route keeps being tried logged in.
 */
// Hashed once: scrypt is deliberately slow, and repair runs after every route.
const hashes = Object.fromEntries(
  await Promise.all(Object.values(users).map(async (u) => [u, await hashPassword(srv.password(u))] as const)),
);
async function repair(): Promise<void> {
  const { User, Membership } = srv.db.models;
  for (const username of Object.values(users)) {
    await User.update(
      { disabled: false, lockedUntil: null, failedLogins: 0, passwordHash: hashes[username]! },
      { where: { username } },
    );
  }
  const present = new Set((await Membership.findAll({ raw: true })).map((m) => m.id));
  const missing = memberships.filter((m) => !present.has(m.id));
  if (missing.length) await Membership.bulkCreate(missing);
}

async function session(who: 'admin' | 'reviewer'): Promise<Client> {
  const existing = sessions[who];
  if (existing) return existing;
  let client = new Client(srv.url);
  try {
    await client.login(users[who], srv.password(users[who]));
  } catch {
    await repair();
    client = await new Client(srv.url).login(users[who], srv.password(users[who]));
  }
  sessions[who] = client;
  return client;
}

async function headersFor(caller: CallerName): Promise<Record<string, string>> {
  if (caller === 'anonymous') return {};
  const c = await session(caller === 'reviewer' ? 'reviewer' : 'admin');
  return caller === 'admin without CSRF'
    ? { cookie: c.cookieHeader }
    : { cookie: c.cookieHeader, 'x-csrf-token': c.csrfToken! };
}

/** Any generated value as text (objects may lack a prototype, so String() is not enough). */
const text = (v: unknown): string => {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? 'undefined';
  } catch {
    return 'unprintable';
  }
};

/** Lone surrogates cannot be percent-encoded: the client would throw before the server saw anything. */
const wellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

const paramNames = (r: AnyRoute) => [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);

/** A path with each `:param` filled: shaped like the schema wants, or evil, encoded or raw. */
function pathArb(r: AnyRoute): fc.Arbitrary<string> {
  const names = paramNames(r);
  if (!names.length) return fc.constant(r.path);
  const shaped = aroundSchema(r.params);
  return fc
    .tuple(
      shaped,
      fc.array(fc.oneof(fc.constantFrom(...EVIL_STRINGS), fc.string({ maxLength: 30 })), {
        minLength: names.length,
        maxLength: names.length,
      }),
      fc.array(fc.nat(3), { minLength: names.length, maxLength: names.length }),
    )
    .map(([params, evil, modes]) => {
      let path = r.path;
      names.forEach((name, i) => {
        const fromSchema = params && typeof params === 'object' ? (params as Record<string, unknown>)[name] : undefined;
        const value = modes[i] === 0 || fromSchema === undefined ? evil[i]! : text(fromSchema);
        // Raw sometimes: malformed percent-encoding and stray slashes must be refused, not crash.
        const segment = modes[i] === 3 ? value.replace(/[?#\s]/g, '') : encodeURIComponent(wellFormed(value));
        path = path.replace(`:${name}`, segment || '%20');
      });
      return path;
    });
}

function queryArb(r: AnyRoute): fc.Arbitrary<string> {
  return fc.oneof(aroundSchema(r.query), fc.constant(undefined)).map((q) => {
    if (!q || typeof q !== 'object' || Array.isArray(q))
      return q === undefined ? '' : `?q=${encodeURIComponent(wellFormed(text(q)))}`;
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(q as Record<string, unknown>)) {
      for (const x of Array.isArray(v) ? v : [v]) search.append(wellFormed(k), wellFormed(text(x)));
    }
    const s = search.toString();
    return s ? `?${s}` : '';
  });
}

type Encoding = 'json' | 'bad json' | 'deep json' | 'text/plain' | 'form' | 'multipart' | 'utf-16' | 'none' | 'huge';
const BAD_JSON = [
  '{"a":',
  '{"a":1}}',
  "{'a':1}",
  '\u0000',
  '[1,2',
  'undefined',
  '{"__proto__":',
  '\uFEFF{}',
  '{"a":1e999999}',
];

function requestArb(r: AnyRoute) {
  const hasBody = r.method !== 'get';
  return fc.record({
    caller: fc.constantFrom<CallerName>('anonymous', 'admin', 'reviewer', 'admin without CSRF'),
    path: pathArb(r),
    query: queryArb(r),
    body: aroundSchema(r.body),
    encoding: hasBody
      ? fc.constantFrom<Encoding>(
          'json',
          'json',
          'json',
          'json',
          'bad json',
          'deep json',
          'text/plain',
          'form',
          'multipart',
          'utf-16',
          'none',
          'huge',
        )
      : fc.constant<Encoding>('none'),
    badJson: fc.constantFrom(...BAD_JSON),
    deepJson: deepJsonText,
    lang: fc.constantFrom('zh-CN', 'en', 'fr', '*', ''),
    device: fc.option(fc.stringMatching(/^[\w-]{0,70}$/)),
    idempotency: fc.option(fc.stringMatching(/^[\w-]{0,80}$/)),
    photo: fc.option(fc.uint8Array({ maxLength: 2_000 })),
    // Register imports (issue 13): a CSV of evil cells, or bytes that claim to be a zip (XLSX).
    sheet: fc.oneof(
      fc
        .array(
          fc.array(fc.oneof(fc.constantFrom(...EVIL_STRINGS, '姓名', '户号', '手机'), fc.string()), { maxLength: 6 }),
          {
            maxLength: 6,
          },
        )
        .map((rows) => Buffer.from(rows.map((r) => r.join(',')).join('\n'))),
      fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.concat([Buffer.from('PK\u0003\u0004'), b])),
    ),
  });
}
type FuzzRequest = ReturnType<typeof requestArb> extends fc.Arbitrary<infer T> ? T : never;

function encode(r: AnyRoute, req: FuzzRequest): { body?: BodyInit; type?: string } {
  switch (req.encoding) {
    case 'none':
      return {};
    case 'json':
      return { body: JSON.stringify(req.body) ?? 'null', type: 'application/json' };
    case 'bad json':
      return { body: req.badJson, type: 'application/json' };
    case 'deep json':
      return { body: req.deepJson, type: 'application/json' };
    case 'text/plain':
      return { body: JSON.stringify(req.body) ?? '', type: 'text/plain' };
    case 'form':
      return {
        body: `topic=${encodeURIComponent(JSON.stringify(req.body) ?? '')}&a[b]=c`,
        type: 'application/x-www-form-urlencoded',
      };
    case 'utf-16':
      return { body: JSON.stringify(req.body) ?? '', type: 'application/json; charset=utf-16' };
    case 'huge':
      return { body: JSON.stringify({ title: 'x'.repeat(150_000) }), type: 'application/json' };
    case 'multipart': {
      const form = new FormData();
      // Each multipart route names its own fields; the others get the intake form's.
      const fields = r.multipart ?? { jsonField: 'topic', fileField: 'photos' };
      form.set(fields.jsonField, JSON.stringify(req.body) ?? '');
      if (fields.fileField === 'file') form.append('file', new Blob([new Uint8Array(req.sheet)]), 'sheet.xlsx');
      else if (req.photo) form.append(fields.fileField, new Blob([req.photo], { type: 'image/jpeg' }), 'p.jpg');
      return { body: form };
    }
  }
}

let sent = 0;
async function send(r: AnyRoute, req: FuzzRequest) {
  const headers: Record<string, string> = { ...(await headersFor(req.caller)), 'accept-language': req.lang };
  if (req.device) headers['x-device-id'] = req.device;
  if (req.idempotency) headers['idempotency-key'] = req.idempotency;
  const { body, type } = encode(r, req);
  if (type) headers['content-type'] = type;
  const res = await fetch(srv.url + req.path + req.query, {
    method: r.method.toUpperCase(),
    headers,
    body,
    redirect: 'manual',
  });
  sent++;
  // Logged out or disabled by an earlier input: log in afresh next time.
  if (res.status === 401) {
    if (req.caller === 'reviewer') delete sessions.reviewer;
    else if (req.caller !== 'anonymous') delete sessions.admin;
  }
  const raw = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = raw;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: parsed };
}

/** A failing input, short enough to read (fast-check's own report would print megabytes of a huge string). */
const brief = (value: unknown) => {
  const text = JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'string' && v.length > 120 ? `${v.slice(0, 60)}…(${v.length} chars)` : v,
  );
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
};

for (const r of routes) {
  test(`${r.method.toUpperCase()} ${r.path}: no 5xx, every rejection a 4xx with the standard error body`, async () => {
    // Inputs go in concurrent batches: faster, and concurrent requests find races too.
    const outcome = await fc.check(
      fc.asyncProperty(fc.array(requestArb(r), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(
          batch.map(async (req) => {
            const res = await send(r, req);
            if (res.status >= 500 || (res.status >= 400 && !isStandardError(res.body)))
              throw new Error(`${brief(req)} → ${res.status} ${brief(res.body)}`);
            if (res.status >= 400 && !res.contentType.startsWith('application/json'))
              throw new Error(`${brief(req)} → ${res.status} answered as ${res.contentType}`);
          }),
        );
      }),
      { numRuns: Math.ceil(runsPerRoute / BATCH) },
    );
    await repair();
    if (outcome.failed) {
      const error =
        outcome.errorInstance instanceof Error ? outcome.errorInstance.message : String(outcome.errorInstance);
      assert.unreachable(`${error.split('\n')[0]} (seed ${outcome.seed})`);
    }
  });
}

test('the fuzzer sent what it promised, and the server still answers', async () => {
  assert.ok(sent >= RUNS, `only ${sent} requests`);
  assert.is((await fetch(`${srv.url}/readyz`)).status, 200);
});

test.run();
