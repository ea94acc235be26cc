import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as Y from 'yjs';
import { openDatabase } from '../../server/db/index.js';
import { fragmentOf } from '../../server/collab/minutes-doc.js';
import { Client } from '../helpers/http.js';
import { textOf } from '../helpers/minutes.js';
import { createTestDatabaseUrl } from '../helpers/pg.js';
import { connectDoc, until } from '../helpers/yjs.js';

/**
 * Crash safety, the way it happens: the real server (server/main.ts) as a child process on its own
 * database, editors typing through y-websocket, `kill -9`, a restart on the same port. Nothing
 * anyone typed may be lost: what the server had stored survives, and what it had not yet stored
 * comes back from the editors when they reconnect.
 */
const database = await createTestDatabaseUrl();
const port = await new Promise<number>((resolve) => {
  const probe = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as net.AddressInfo;
    probe.close(() => resolve(port));
  });
});
const url = `http://127.0.0.1:${port}`;
let child: ChildProcess | null = null;
const passwords: Record<string, string> = {};

/** Starts server/main.ts and resolves once it listens; on the first start, collects the printed passwords. */
async function start(): Promise<void> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      LOG_LEVEL: 'warn',
      YISHI_DEMO: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = proc;
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 60_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('Yishi is running')) return;
      clearTimeout(timer);
      for (const m of output.matchAll(/^\s+(admin|demo-[a-z]+) \/ (\S+)/gm)) passwords[m[1]!] = m[2]!;
      resolve();
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

const exited = (proc: ChildProcess) => new Promise<void>((resolve) => proc.once('exit', () => resolve()));

test.after(async () => {
  if (child && child.exitCode === null) {
    const done = exited(child);
    child.kill('SIGKILL');
    await done;
  }
  await database.drop();
});

/** The demo's live meeting and its first agenda item, read from the server's own database. */
async function liveMeeting(): Promise<{ id: number; itemIds: number[] }> {
  const db = await openDatabase(database.url);
  try {
    // The first: npm start also opens a meeting of a body (demo-body-meeting.ts) after it.
    const meeting = (await db.models.Meeting.findOne({ where: { status: 'live' }, order: [['id', 'ASC']] }))!;
    const items = await db.models.AgendaItem.findAll({
      where: { meetingId: meeting.id },
      order: [['position', 'ASC']],
    });
    return { id: meeting.id, itemIds: items.map((i) => i.id) };
  } finally {
    await db.close();
  }
}

/** An editor typing numbered words into the paragraph of one item, the way y-prosemirror stores text. */
function typist(doc: Y.Doc, itemId: number, prefix: string) {
  const typed: string[] = [];
  let n = 0;
  const timer = setInterval(() => {
    const nodes = fragmentOf(doc).toArray() as Y.XmlElement[];
    const at = nodes.findIndex((x) => x.nodeName === 'item_heading' && Number(x.getAttribute('itemId')) === itemId);
    if (at < 0) return;
    const paragraph = nodes[at + 1]!;
    let run = paragraph.get(0) as Y.XmlText | undefined;
    if (!run) {
      run = new Y.XmlText();
      paragraph.insert(0, [run]);
    }
    const word = `${prefix}${n++}；`;
    run.insert(run.length, word);
    typed.push(word);
  }, 30);
  return { typed, stop: () => clearInterval(timer) };
}

async function freshText(cookie: string, docName: string): Promise<string> {
  const c = connectDoc(url, docName, cookie);
  await c.synced;
  const text = textOf(c.doc);
  c.close();
  return text;
}

test('after kill -9 while two editors type, and a restart, nothing either of them typed is lost', async () => {
  await start();
  const { id, itemIds } = await liveMeeting();
  const docName = `minutes:${id}`;
  const secretary = await new Client(url).login('demo-secretary', passwords['demo-secretary']!);
  const convener = await new Client(url).login('demo-convener', passwords['demo-convener']!);
  const a = connectDoc(url, docName, secretary.cookieHeader);
  const b = connectDoc(url, docName, convener.cookieHeader);
  await Promise.all([a.synced, b.synced]);
  const typingA = typist(a.doc, itemIds[0]!, '甲');
  const typingB = typist(b.doc, itemIds[0]!, '乙');
  await new Promise((r) => setTimeout(r, 1500));

  const killed = exited(child!);
  child!.kill('SIGKILL');
  await killed;
  // They keep typing while the server is gone (offline), then it comes back on the same port.
  await new Promise((r) => setTimeout(r, 500));
  await start();
  await until(() => a.provider.synced && b.provider.synced, 30_000);
  await new Promise((r) => setTimeout(r, 300));
  typingA.stop();
  typingB.stop();
  assert.ok(typingA.typed.length > 30 && typingB.typed.length > 30, 'both typed throughout');

  await until(() => textOf(a.doc) === textOf(b.doc), 10_000);
  const want = [...typingA.typed, ...typingB.typed];
  let seen = '';
  for (let i = 0; i < 50 && !want.every((w) => seen.includes(w)); i++) {
    seen = await freshText(secretary.cookieHeader, docName);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(
    want.filter((w) => !seen.includes(w)),
    [],
    'a fresh client sees every word',
  );
  a.close();
  b.close();

  // And it is stored: after a second crash with nobody connected to bring anything back.
  await new Promise((r) => setTimeout(r, 600));
  const again = exited(child!);
  child!.kill('SIGKILL');
  await again;
  await start();
  const stored = await freshText(secretary.cookieHeader, docName);
  assert.equal(
    want.filter((w) => !stored.includes(w)),
    [],
    'the restarted server has every word from its database',
  );
});

test('an edit is in the database half a second after it was typed, even if its editor never returns', async () => {
  const { id, itemIds } = await liveMeeting();
  const docName = `minutes:${id}`;
  const secretary = await new Client(url).login('demo-secretary', passwords['demo-secretary']!);
  const representative = await new Client(url).login('demo-representative', passwords['demo-representative']!);
  // A reader keeps the document open, so the edits are not simply written out when it unloads.
  const reader = connectDoc(url, docName, representative.cookieHeader);
  const a = connectDoc(url, docName, secretary.cookieHeader);
  await Promise.all([reader.synced, a.synced]);
  const typing = typist(a.doc, itemIds[1]!, '丙');
  await new Promise((r) => setTimeout(r, 400));
  typing.stop();
  await until(() => typing.typed.every((w) => textOf(reader.doc).includes(w)));
  // Gone for good: the provider is destroyed, so it will not send anything again.
  a.close();
  await new Promise((r) => setTimeout(r, 500));
  const killed = exited(child!);
  child!.kill('SIGKILL');
  await killed;
  reader.close();
  await start();
  const stored = await freshText(secretary.cookieHeader, docName);
  assert.ok(typing.typed.length >= 5);
  assert.equal(
    typing.typed.filter((w) => !stored.includes(w)),
    [],
  );
});

test.run();
