import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Principal } from '../../server/services/access.js';
import type { Database } from '../../server/db/index.js';
import type { Services } from '../../server/services/index.js';
import { CreateMeetingBody, type MeetingView } from '../../shared/schemas/meeting.js';
import { MINUTES_FRAGMENT } from '../../shared/minutes/schema.js';

export async function principalOf(db: Database, username: string): Promise<Principal> {
  const user = (await db.models.User.findOne({ where: { username } }))!;
  const memberships = await db.models.Membership.findAll({ where: { userId: user.id } });
  return {
    userId: user.id,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
}

/** Creates the test's second secretary (the demo has one) at the demo village; returns the password. */
export async function secondSecretary(
  s: Services,
  username = 'second-secretary',
): Promise<{ id: number; password: string }> {
  const village = (await s.db.models.Organisation.findOne({ where: { name: '桃园村（演示）' } }))!;
  const issued = await s.users.create(await principalOf(s.db, 'admin'), {
    username,
    displayName: '王记录',
    locale: 'zh-CN',
    organisationId: village.id,
    role: 'secretary',
  });
  return { id: issued.user.id, password: issued.password };
}

let n = 0;
/**
 * A meeting of the demo convener at the demo village with two agenda items and two invitees,
 * opened (live) unless asked otherwise. Secretaries default to the demo secretary.
 */
export async function liveMeeting(
  s: Services,
  options: { secretaryIds?: number[]; status?: 'draft' | 'scheduled' | 'live' } = {},
): Promise<MeetingView> {
  const convener = await principalOf(s.db, 'demo-convener');
  const village = (await s.db.models.Organisation.findOne({ where: { name: '桃园村（演示）' } }))!;
  const secretary = (await s.db.models.User.findOne({ where: { username: 'demo-secretary' } }))!;
  const created = await s.meetings.create(
    convener,
    CreateMeetingBody.parse({
      organisationId: village.id,
      kind: 'consultation',
      title: `村民代表协商议事会${++n}`,
      venue: '村委会会议室',
      startsAt: '2026-12-01T09:00:00+08:00',
      endsAt: '2026-12-01T11:00:00+08:00',
      body: 'representatives_meeting',
      secretaryIds: options.secretaryIds ?? [secretary.id],
    }),
  );
  await s.meetings.addItem(convener, created.id, { title: '村道硬化', notes: '' });
  await s.meetings.addItem(convener, created.id, { title: '垃圾清运', notes: '' });
  for (const name of ['王代表', '李代表'])
    await s.meetings.addInvitee(convener, created.id, {
      name,
      affiliation: '',
      category: 'representative',
      member: true,
    });
  const status = options.status ?? 'live';
  if (status !== 'draft') await s.meetings.transition(convener, created.id, 'scheduled');
  if (status === 'live') await s.meetings.transition(convener, created.id, 'live');
  return s.meetings.get(convener, created.id);
}

/**
 * A y-protocols client written by hand over `ws`, so a test can send exactly the messages a
 * forged client would (the y-websocket provider would never send some of them).
 */
export interface RawClient {
  doc: Y.Doc;
  ws: WebSocket;
  /** Resolves with the close code. */
  closed: Promise<number>;
  /** Resolves once the server answered our sync step 1. */
  synced: Promise<void>;
  sendUpdate(update: Uint8Array): void;
  sendStep2(update: Uint8Array): void;
  /** Makes a change to the local doc and returns the update it produced (not sent). */
  change(fn: (fragment: Y.XmlFragment) => void): Uint8Array;
}

export function rawClient(url: string, docName: string, options: { cookie?: string; query?: string } = {}): RawClient {
  const doc = new Y.Doc();
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/yjs/${docName}${options.query ?? ''}`, {
    headers: options.cookie ? { cookie: options.cookie } : {},
  });
  ws.binaryType = 'arraybuffer';
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  let markSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));
  const send = (type: number, update: Uint8Array) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, type);
    encoding.writeVarUint8Array(e, update);
    ws.send(encoding.toUint8Array(e));
  };
  ws.on('open', () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeSyncStep1(e, doc);
    ws.send(encoding.toUint8Array(e));
  });
  ws.on('message', (data: ArrayBuffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== 0) return;
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, 0);
    const type = syncProtocol.readSyncMessage(decoder, reply, doc, 'server');
    if (encoding.length(reply) > 1) ws.send(encoding.toUint8Array(reply));
    if (type === syncProtocol.messageYjsSyncStep2) markSynced();
  });
  return {
    doc,
    ws,
    closed,
    synced,
    sendUpdate: (update) => send(syncProtocol.messageYjsUpdate, update),
    sendStep2: (update) => send(syncProtocol.messageYjsSyncStep2, update),
    change(fn) {
      let captured: Uint8Array | null = null;
      const on = (u: Uint8Array, origin: unknown) => {
        if (origin !== 'server') captured = u;
      };
      doc.on('update', on);
      doc.transact(() => fn(doc.getXmlFragment(MINUTES_FRAGMENT)));
      doc.off('update', on);
      if (!captured) throw new Error('the change produced no update');
      return captured;
    },
  };
}

/** Reads a stored document straight from the database, as a fresh server would. */
export async function storedDoc(s: Services, docName: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const { update } = await s.documents.load(docName);
  if (update) Y.applyUpdate(doc, update);
  return doc;
}

/** All text of a minutes document (a quick way to see whether something typed is there). */
export function textOf(doc: Y.Doc): string {
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment): string =>
    node instanceof Y.XmlText
      ? node.toString().replace(/<[^>]+>/g, '')
      : node
          .toArray()
          .map((c) => walk(c as Y.XmlElement))
          .join('\n');
  return walk(doc.getXmlFragment(MINUTES_FRAGMENT));
}
