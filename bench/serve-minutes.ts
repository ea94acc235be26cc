import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Server } from '@hocuspocus/server';
import { Op } from 'sequelize';
import * as Y from 'yjs';
import { DocumentStore } from '../server/collab/store.js';
import { systemClock } from '../server/clock.js';
import { openDatabase } from '../server/db/index.js';
import { CreateMeetingBody } from '../shared/schemas/meeting.js';
import type { MinutesNode } from '../shared/minutes/content.js';
import { startBenchServer } from './lib.js';

/**
 * Server child for bench/minutes.ts (so the clients and each server get a core of their own).
 *   ours <updateFile>: Yishi with a live meeting to type into, and a second meeting whose minutes
 *     (about 200 KB) are stored and unloaded; writes that document's stored update to the file.
 *   hocuspocus <updateFile>: @hocuspocus/server storing documents in the same SQLite table through
 *     the same DocumentStore (one row per document, replaced on store), seeded with that update.
 * Prints one JSON line when ready; then reads commands on stdin, answering each with a JSON line:
 *   "loaded <doc>" → {"loaded"}: is the document in memory?   "rows <doc>" → {"rows"}
 */
const mode = process.argv[2];
const updateFile = process.argv[3]!;
const rl = createInterface({ input: process.stdin });
const reply = (x: unknown) => console.log(JSON.stringify(x));

const PARAGRAPH = '村民代表围绕村道硬化的资金来源、施工时间和质量监督进行了充分讨论，一致同意由村集体经济列支，'.repeat(
  6,
);

if (mode === 'hocuspocus') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-bench-hp-'));
  const db = await openDatabase(`sqlite:${path.join(dir, 'db.sqlite')}`);
  await db.migrate();
  const store = new DocumentStore(db, systemClock);
  const server = new Server({
    port: 0,
    address: '127.0.0.1',
    quiet: true,
    async onLoadDocument({ documentName, document }) {
      const { update } = await store.load(documentName);
      if (update) Y.applyUpdate(document, update);
    },
    // What Hocuspocus' database extension does: the whole state, one row per document.
    async onStoreDocument({ documentName, document }) {
      const state = Y.encodeStateAsUpdate(document);
      await db.tx(async (transaction) => {
        await db.models.YjsUpdate.destroy({ where: { docName: documentName }, transaction });
        await db.models.YjsUpdate.create(
          { docName: documentName, data: Buffer.from(state), createdAt: new Date() },
          { transaction },
        );
      });
    },
  });
  await server.listen();
  await store.append('minutes-200k', fs.readFileSync(updateFile));
  reply({ url: `ws://127.0.0.1:${server.address.port}`, typingDoc: 'minutes-typing', syncDoc: 'minutes-200k' });
  rl.on('line', async (line) => {
    const [cmd, name] = line.split(' ');
    if (cmd === 'loaded') reply({ loaded: server.hocuspocus.documents.has(name!) });
    if (cmd === 'rows') reply({ rows: await db.models.YjsUpdate.count({ where: { docName: name! } }) });
  });
  rl.on('close', async () => {
    await server.destroy();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
} else {
  const srv = await startBenchServer();
  const s = srv.app.services;
  const user = async (username: string) => {
    const u = (await srv.db.models.User.findOne({ where: { username } }))!;
    const memberships = await srv.db.models.Membership.findAll({ where: { userId: u.id } });
    return {
      userId: u.id,
      memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
    };
  };
  const convener = await user('demo-convener');
  const secretary = await user('demo-secretary');
  const village = (await srv.db.models.Organisation.findOne({ where: { kind: 'village' }, order: [['id', 'ASC']] }))!;
  const meeting = async (title: string) => {
    const m = await s.meetings.create(
      convener,
      CreateMeetingBody.parse({
        organisationId: village.id,
        kind: 'consultation',
        title,
        venue: '村委会',
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 7200_000).toISOString(),
        body: 'representatives_meeting',
        secretaryIds: [secretary.userId],
      }),
    );
    for (let i = 0; i < 8; i++) await s.meetings.addItem(convener, m.id, { title: `议程 ${i + 1}`, notes: '' });
    await s.meetings.transition(convener, m.id, 'scheduled');
    await s.meetings.transition(convener, m.id, 'live');
    return m.id;
  };
  const typing = await meeting('压测：二十人同时记录');
  const big = await meeting('压测：二百 KB 的会议记录');
  const items = (await s.meetings.agenda(big)).map((i) => i.id);
  const docName = `minutes:${big}`;
  let bytes = 0;
  for (let round = 0; bytes < 200 * 1024; round++) {
    const blocks: MinutesNode[] = Array.from({ length: 10 }, (_, k) => ({
      type: 'paragraph',
      content: [{ type: 'text', text: `${round * 10 + k + 1}. ${PARAGRAPH}` }],
    }));
    await s.minutes.appendToItem(big, items[round % items.length]!, blocks);
    bytes = (await s.documents.load(docName)).update?.length ?? 0;
  }
  while (await s.collab.loaded(docName)) await new Promise((r) => setTimeout(r, 50));
  await s.documents.compact(docName);
  const { update } = await s.documents.load(docName);
  fs.writeFileSync(updateFile, update!);
  reply({
    url: srv.url,
    typingDoc: `minutes:${typing}`,
    syncDoc: docName,
    syncBytes: update!.length,
    password: srv.logins.demo.find((l) => l.username === 'demo-secretary')!.password,
    rowsBefore: await srv.db.models.YjsUpdate.count({ where: { docName: { [Op.eq]: docName } } }),
  });
  rl.on('line', async (line) => {
    const [cmd, name] = line.split(' ');
    if (cmd === 'loaded') reply({ loaded: (await s.collab.loaded(name!)) !== null });
    if (cmd === 'rows') reply({ rows: await s.documents.count(name!) });
  });
  rl.on('close', async () => {
    await srv.close();
    process.exit(0);
  });
}
