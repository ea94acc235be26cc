import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import * as z from 'zod';
import { CLIENT_EVENTS } from '../../shared/events.js';
import { anyValue, EVIL_STRINGS, isStandardError, POLLUTION_KEYS } from '../helpers/fuzz.js';
import { Client } from '../helpers/http.js';
import { from, socketHandshake, yjsHandshake } from '../helpers/origins.js';
import { connectSocket, type TestSocket } from '../helpers/realtime.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Property: whatever payload arrives with any client event (CLIENT_EVENTS, so events added
 * later are covered), from an anonymous or a logged-in socket, the server acknowledges with
 * `{ ok: true, data }` or a standard error that is not `internal`, and keeps the socket and
 * itself alive.
 */
const srv = await startTestServer({ config: { loginRateLimit: 1e9 } });
const RUNS = Number(process.env.FUZZ_SOCKET_RUNS ?? 3_000);
const BATCH = 4;

/** Field names and enum values of every schema in shared/schemas: payloads shaped like real ones. */
async function vocabulary(): Promise<{ keys: string[]; words: unknown[] }> {
  const keys = new Set<string>();
  const words = new Set<unknown>();
  const dir = path.join(import.meta.dirname, '../../shared/schemas');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const module = (await import(path.join(dir, file))) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (!(value instanceof z.ZodType)) continue;
      let json: string;
      try {
        json = JSON.stringify(z.toJSONSchema(value, { io: 'input', unrepresentable: 'any' }));
      } catch {
        continue;
      }
      for (const m of json.matchAll(/"properties":\{(.*?)\}\}/g))
        for (const k of m[1]!.matchAll(/"(\w+)":\{/g)) keys.add(k[1]!);
      for (const m of json.matchAll(/"enum":\[(.*?)\]/g))
        for (const w of JSON.parse(`[${m[1]}]`) as unknown[]) words.add(w);
    }
  }
  return { keys: [...keys], words: [...words] };
}
const { keys, words } = await vocabulary();

const fieldValue = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...words) },
  { weight: 2, arbitrary: fc.constantFrom(...EVIL_STRINGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: anyValue },
);
const shaped = fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.constantFrom(...POLLUTION_KEYS)), fieldValue, {
  maxKeys: 5,
});
const payload = fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 2, arbitrary: anyValue });

type Who = 'anonymous' | 'admin' | 'reviewer';
const cookies: Record<Who, string> = {
  anonymous: '',
  admin: (await new Client(srv.url).login('admin', srv.password('admin'))).cookieHeader,
  reviewer: (await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'))).cookieHeader,
};
const WHO = Object.keys(cookies) as Who[];
/** One socket per caller and batch slot, so a payload that closes its connection affects only its own. */
const sockets = {} as Record<Who, TestSocket[]>;
for (const who of WHO)
  sockets[who] = await Promise.all(Array.from({ length: BATCH }, () => connectSocket(srv.url, cookies[who])));
test.after(async () => {
  for (const s of WHO.flatMap((w) => sockets[w])) s.close();
  await srv.close();
});

/** Engine.IO closes a connection whose message exceeds maxHttpBufferSize: by design, not a crash. */
const MAX_MESSAGE_BYTES = 100_000;
let dropped = 0;

let sent = 0;
type Outcome = { kind: 'ack'; reply: unknown } | { kind: 'sent' } | { kind: 'dropped' };

/** Emits; with an ack asked, resolves with the reply — or 'dropped' if the server closes the connection first. */
function emit(socket: TestSocket, event: string, args: unknown[], withAck: boolean): Promise<Outcome> {
  sent++;
  const raw = socket as unknown as { emit(e: string, ...a: unknown[]): void };
  if (!withAck) {
    raw.emit(event, ...args);
    return Promise.resolve({ kind: 'sent' });
  }
  return new Promise((resolve, reject) => {
    const onDisconnect = () => {
      clearTimeout(timer);
      resolve({ kind: 'dropped' });
    };
    const timer = setTimeout(() => {
      socket.off('disconnect', onDisconnect);
      reject(new Error('no acknowledgement within 5 s'));
    }, 5_000);
    socket.once('disconnect', onDisconnect);
    raw.emit(event, ...args, (reply: unknown) => {
      clearTimeout(timer);
      socket.off('disconnect', onDisconnect);
      resolve({ kind: 'ack', reply });
    });
  });
}

const brief = (value: unknown) => {
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'string' && v.length > 120 ? `${v.slice(0, 60)}…(${v.length} chars)` : v,
    );
  } catch {
    text = String(value);
  }
  return text.length > 1_500 ? `${text.slice(0, 1_500)}…` : text;
};

const inputArb = fc.record({
  who: fc.constantFrom<Who>('anonymous', 'admin', 'reviewer'),
  args: fc.oneof(
    { weight: 5, arbitrary: payload.map((p) => [p]) },
    { weight: 1, arbitrary: fc.array(payload, { maxLength: 3 }) },
  ),
  withAck: fc.nat(9).map((n) => n < 8),
});

for (const event of CLIENT_EVENTS) {
  test(`socket '${event}': every payload is acknowledged without an internal error`, async () => {
    const outcome = await fc.check(
      fc.asyncProperty(fc.array(inputArb, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(
          batch.map(async ({ who, args, withAck }, slot) => {
            let socket = sockets[who][slot]!;
            if (!socket.connected) socket = sockets[who][slot] = await connectSocket(srv.url, cookies[who]);
            const bytes = Buffer.byteLength(JSON.stringify(args) ?? '');
            // A large message always asks for an ack, so a closed connection is pinned on the right message.
            const outcome = await emit(socket, event, args, withAck || bytes > MAX_MESSAGE_BYTES / 2);
            if (outcome.kind === 'dropped') {
              if (bytes < MAX_MESSAGE_BYTES * 0.9) throw new Error(`${who}: connection closed after ${bytes} bytes`);
              dropped++;
              sockets[who][slot] = await connectSocket(srv.url, cookies[who]);
              return;
            }
            if (outcome.kind !== 'ack') return;
            const reply = outcome.reply;
            const r = reply as { ok?: unknown; data?: unknown; error?: unknown } | null;
            const ok = r?.ok === true && 'data' in r;
            const refused = r?.ok === false && isStandardError(r) && (r.error as { code: string }).code !== 'internal';
            if (!ok && !refused) throw new Error(`${who} ${brief(args)} → ${brief(reply)}`);
          }),
        );
      }),
      // No shrinking: each step could wait out an ack timeout. The failing input is reported as found.
      { numRuns: Math.ceil(RUNS / CLIENT_EVENTS.length / BATCH), endOnFailure: true },
    );
    if (outcome.failed) {
      const error =
        outcome.errorInstance instanceof Error ? outcome.errorInstance.message : String(outcome.errorInstance);
      assert.unreachable(`${error.split('\n')[0]} (seed ${outcome.seed})`);
    }
    for (const s of WHO.flatMap((w) => sockets[w]))
      assert.ok(s.connected, 'a socket was dropped for a payload within the size limit');
  });
}

/**
 * The Origin dimension (issue 14, finding 1): whatever `Origin` a handshake carries — foreign
 * hosts and ports, look-alikes, `null`, garbage — Socket.IO and /yjs/ let it through exactly
 * when it is the service's own or absent, and never answer with a server error.
 */
const OWN_ORIGINS = [srv.url, `http://localhost:${srv.port}`, `http://[::1]:${srv.port}`];
const anyOrigin = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom<string | undefined>(...OWN_ORIGINS, undefined) },
  { weight: 3, arbitrary: fc.webUrl().map((u) => new URL(u).origin) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 65535 }).map((port) => `http://127.0.0.1:${port}`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('null', '', 'http://127.0.0.1', `${srv.url}.evil.com`, `${srv.url}/`, 'file://', '*'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).filter((o) => /^[\x21-\x7e]*$/.test(o)) },
);
const ownOrMissing = (origin: string | undefined) =>
  origin === undefined || OWN_ORIGINS.some((own) => URL.canParse(origin) && new URL(origin).origin === own);

test('handshakes × any Origin: open exactly for the service’s own origins and none; never a server error', async () => {
  await fc.assert(
    fc.asyncProperty(anyOrigin, fc.constantFrom<Who>(...WHO), async (origin, who) => {
      const headers = from(origin, cookies[who]);
      for (const outcome of [
        await socketHandshake(srv.url, headers),
        await yjsHandshake(srv.url, 'scratch:1', headers),
      ]) {
        if (outcome.kind === 'refused') assert.ok(outcome.status < 500, `${origin}: ${outcome.status}`);
        const admitted = outcome.kind === 'open' || (outcome.kind === 'closed' && outcome.code >= 4000);
        assert.is(admitted, ownOrMissing(origin), `${who} from ${JSON.stringify(origin)}: ${JSON.stringify(outcome)}`);
      }
    }),
    { numRuns: Number(process.env.FUZZ_ORIGIN_RUNS ?? 150) },
  );
});

test('the fuzzer sent what it promised; the server and every socket still answer', async () => {
  assert.ok(sent >= RUNS, `only ${sent} events`);
  assert.is((await fetch(`${srv.url}/readyz`)).status, 200);
  for (const s of WHO.flatMap((w) => sockets[w])) {
    const outcome = await emit(s, 'session:get', [{}], true);
    assert.is(outcome.kind === 'ack' && (outcome.reply as { ok: boolean }).ok, true);
  }
  assert.ok(dropped > 0, 'oversized messages were tried too');
});

test.run();
