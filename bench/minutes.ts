import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MINUTES_FRAGMENT } from '../shared/minutes/schema.js';
import { median, percentile, round } from './lib.js';

/**
 * Live minutes under load, against Hocuspocus in the same run, each server in its own process:
 * 20 editors type 5 characters a second for 30 s while one observer watches; the latency from
 * an edit to the observer seeing it (p50, p99). Then a fresh client syncing a ~200 KB minutes
 * document the server must load from its database (median of 15), and how many database rows a
 * document takes once compacted. Hocuspocus stores in the same SQLite table through the same
 * store, one row per document, the way its database extension does. Both servers run throughout
 * and are measured in alternating rounds (typing, then fresh syncs), so load from elsewhere on
 * the machine falls on both alike; each round starts with a short unmeasured warm-up.
 */
// Each Hocuspocus socket adds a process exit listener; 21 of them are expected here.
process.setMaxListeners(100);
const EDITORS = Number(process.env.BENCH_EDITORS ?? 20);
const CHARS_PER_SECOND = 5;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const SYNC_RUNS = Number(process.env.BENCH_SYNC_RUNS ?? 15);
/** Typing before measuring, for both servers alike: the first seconds pay for JIT compilation and the setup's GC. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
/** The 30 s are typed in rounds alternating between the two servers. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function child(args: string[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/serve-minutes.ts', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const queue: string[] = [];
  const waiters: ((l: string) => void)[] = [];
  createInterface({ input: proc.stdout! }).on('line', (l) => (waiters.shift() ?? ((x: string) => queue.push(x)))(l));
  const next = () =>
    new Promise<Record<string, any>>((resolve) =>
      queue.length ? resolve(JSON.parse(queue.shift()!)) : waiters.push((l) => resolve(JSON.parse(l))),
    );
  const ask = (line: string) => {
    proc.stdin!.write(`${line}\n`);
    return next();
  };
  const stop = () => new Promise<void>((resolve) => (proc.once('exit', () => resolve()), proc.stdin!.end()));
  return { next, ask, stop };
}

interface Client {
  doc: Y.Doc;
  synced: Promise<void>;
  close(): void;
}
type Connect = (docName: string) => Client;

const yWebsocket =
  (url: string, cookie: string): Connect =>
  (docName) => {
    const doc = new Y.Doc();
    class CookieWebSocket extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, { headers: { cookie } });
      }
    }
    const provider = new WebsocketProvider(url.replace(/^http/, 'ws') + '/yjs', docName, doc, {
      WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()));
    return { doc, synced, close: () => (provider.destroy(), doc.destroy()) };
  };

const hocuspocus =
  (url: string): Connect =>
  (docName) => {
    const doc = new Y.Doc();
    const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
    let resolveSynced: () => void = () => undefined;
    const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: docName,
      document: doc,
      onSynced: () => resolveSynced(),
    });
    provider.attach();
    return { doc, synced, close: () => (provider.destroy(), socket.destroy(), doc.destroy()) };
  };

/** 20 editors, each typing into a paragraph of its own; the observer notes when each character arrives. */
async function typingRun(connect: Connect, docName: string, seconds: number): Promise<number[]> {
  const observer = connect(docName);
  const editors = Array.from({ length: EDITORS }, () => connect(docName));
  await Promise.all([observer.synced, ...editors.map((e) => e.synced)]);
  const texts = editors.map((e) => {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    const fragment = e.doc.getXmlFragment(MINUTES_FRAGMENT);
    fragment.insert(fragment.length, [paragraph]);
    return text;
  });
  await new Promise((r) => setTimeout(r, 1000));
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  let measuring = false;
  observer.doc.on('update', (update: Uint8Array) => {
    const now = performance.now();
    if (!measuring) return;
    const { from, to } = Y.parseUpdateMeta(update);
    for (const [client, end] of to) {
      for (let clock = from.get(client) ?? 0; clock < end; clock++) {
        const at = sent.get(`${client}:${clock}`);
        if (at === undefined) continue;
        latencies.push(now - at);
        sent.delete(`${client}:${clock}`);
      }
    }
  });
  const period = 1000 / CHARS_PER_SECOND;
  const timers: NodeJS.Timeout[] = [];
  await new Promise<void>((resolve) => {
    editors.forEach((editor, i) => {
      // Staggered, so the editors do not all type in the same millisecond.
      setTimeout(
        () => {
          timers.push(
            setInterval(() => {
              const clock = Y.getState(editor.doc.store, editor.doc.clientID);
              if (measuring) sent.set(`${editor.doc.clientID}:${clock}`, performance.now());
              texts[i]!.insert(texts[i]!.length, '议');
            }, period),
          );
        },
        (i * period) / EDITORS,
      );
    });
    setTimeout(() => (measuring = true), WARMUP_SECONDS * 1000);
    setTimeout(resolve, (WARMUP_SECONDS + seconds) * 1000);
  });
  timers.forEach(clearInterval);
  await new Promise((r) => setTimeout(r, 1000));
  const lost = sent.size;
  if (lost) console.log(`  (${lost} edits never reached the observer)`);
  for (const c of [observer, ...editors]) c.close();
  return latencies;
}

/** A fresh client each time, with the document not in the server's memory (so it loads from the database). */
/** One fresh client, with the document not in the server's memory (so it loads from the database). */
async function syncOnce(connect: Connect, docName: string, loaded: () => Promise<boolean>): Promise<number> {
  while (await loaded()) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 100));
  const start = performance.now();
  const client = connect(docName);
  await client.synced;
  const ms = performance.now() - start;
  client.close();
  return ms;
}

async function waitUnloaded(loaded: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && (await loaded()); i++) await new Promise((r) => setTimeout(r, 100));
}

const updateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-bench-minutes-')), 'update.bin');

// Our server writes the 200 KB document that Hocuspocus is then seeded with.
const ours = child(['ours', updateFile]);
const setup = await ours.next();
const hp = child(['hocuspocus', updateFile]);
const hpSetup = await hp.next();
const login = await fetch(`${setup.url}/api/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'demo-secretary', password: setup.password }),
});
const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
const servers = [
  {
    connect: yWebsocket(setup.url, cookie),
    loaded: (name: string) => async () => (await ours.ask(`loaded ${name}`)).loaded as boolean,
    rows: async (name: string) => (await ours.ask(`rows ${name}`)).rows as number,
    docs: setup,
    latency: [] as number[],
    sync: [] as number[],
  },
  {
    connect: hocuspocus(hpSetup.url),
    loaded: (name: string) => async () => (await hp.ask(`loaded ${name}`)).loaded as boolean,
    rows: async (name: string) => (await hp.ask(`rows ${name}`)).rows as number,
    docs: hpSetup,
    latency: [] as number[],
    sync: [] as number[],
  },
];
// Interleaved in rounds, so that whatever else the machine is doing meanwhile hits both alike.
for (let r = 0; r < ROUNDS; r++) {
  for (const server of servers) {
    server.latency.push(...(await typingRun(server.connect, server.docs.typingDoc, SECONDS / ROUNDS)));
    await waitUnloaded(server.loaded(server.docs.typingDoc));
  }
}
for (let i = 0; i < SYNC_RUNS; i++)
  for (const server of servers)
    server.sync.push(await syncOnce(server.connect, server.docs.syncDoc, server.loaded(server.docs.syncDoc)));
const [oursRows, hpRows, oursSyncRows] = [
  await servers[0]!.rows(setup.typingDoc),
  await servers[1]!.rows(hpSetup.typingDoc),
  await servers[0]!.rows(setup.syncDoc),
];
await ours.stop();
await hp.stop();
fs.rmSync(path.dirname(updateFile), { recursive: true, force: true });
const [oursLatency, hpLatency] = [servers[0]!.latency, servers[1]!.latency];
const [oursSync, hpSync] = [servers[0]!.sync, servers[1]!.sync];

const stats = (latency: number[], sync: number[], rows: number) => ({
  p50Ms: round(median(latency), 1),
  p99Ms: round(percentile(latency, 99), 1),
  edits: latency.length,
  syncMedianMs: round(median(sync), 1),
  rowsAfterCompaction: rows,
});
const o = stats(oursLatency, oursSync, oursRows);
const b = stats(hpLatency, hpSync, hpRows);
console.log(
  `${EDITORS} editors × ${CHARS_PER_SECOND} chars/s × ${SECONDS} s (${ROUNDS} alternating rounds, ${WARMUP_SECONDS} s warm-up each) + 1 observer; fresh sync of a ${round(setup.syncBytes / 1024, 0)} KB document ×${SYNC_RUNS}`,
);
console.log(
  `ours:       edit→observer p50 ${o.p50Ms} ms, p99 ${o.p99Ms} ms (${o.edits} edits); fresh sync median ${o.syncMedianMs} ms; rows after compaction ${o.rowsAfterCompaction} (200 KB doc: ${oursSyncRows})`,
);
console.log(
  `hocuspocus: edit→observer p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms (${b.edits} edits); fresh sync median ${b.syncMedianMs} ms; rows ${b.rowsAfterCompaction}`,
);
console.log(
  `BENCH ${JSON.stringify({
    name: 'minutes',
    ours: o,
    baseline: b,
    ratio: {
      p50: round(o.p50Ms / b.p50Ms, 2),
      p99: round(o.p99Ms / b.p99Ms, 2),
      syncMedian: round(o.syncMedianMs / b.syncMedianMs, 2),
    },
    units: { p50Ms: 'ms', p99Ms: 'ms', edits: 'count', syncMedianMs: 'ms', rowsAfterCompaction: 'rows' },
    targets: { p99Ms: 50, ratioP99: 1, syncMedianMs: 100, rowsAfterCompaction: 1 },
  })}`,
);
process.exit(0);
