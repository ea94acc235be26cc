import { test } from 'uvu';
import { checkInAtDesk } from '../helpers/checkin.js';
import * as assert from 'uvu/assert';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { fragmentOf, toJSON } from '../../server/collab/minutes-doc.js';
import { Client } from '../helpers/http.js';
import { liveMeeting, principalOf, rawClient, secondSecretary, storedDoc, textOf } from '../helpers/minutes.js';
import { startTestServer } from '../helpers/server.js';
import { connectDoc, until } from '../helpers/yjs.js';

/**
 * The live minutes over Yjs: structure from the meeting, who writes and who only reads (enforced
 * per message with raw y-protocols clients), protected vote blocks, and storage as edits arrive.
 */
const srv = await startTestServer({ config: { collab: { batchMs: 200, idleMs: 400 } } });
test.after(() => srv.close());
const s = srv.app.services;
const login = (username: string, password = srv.password(username)) => new Client(srv.url).login(username, password);
const second = await secondSecretary(s);
const docName = (id: number) => `minutes:${id}`;
const type = (doc: Y.Doc) =>
  fragmentOf(doc)
    .toArray()
    .map((n) => (n as Y.XmlElement).nodeName);
/** Types text into the paragraph after an item's heading, the way y-prosemirror stores it. */
const typeInto = (doc: Y.Doc, itemId: number, text: string) => {
  const nodes = fragmentOf(doc).toArray() as Y.XmlElement[];
  const at = nodes.findIndex((n) => n.nodeName === 'item_heading' && Number(n.getAttribute('itemId')) === itemId);
  const paragraph = nodes[at + 1]!;
  let run = paragraph.get(0) as Y.XmlText | undefined;
  if (!run) {
    run = new Y.XmlText();
    paragraph.insert(0, [run]);
  }
  run.insert(run.length, text);
};

test('the minutes open with the meeting’s header and one section per agenda item, before the first sync completes', async () => {
  const m = await liveMeeting(s);
  const secretary = await login('demo-secretary');
  const c = connectDoc(srv.url, docName(m.id), secretary.cookieHeader);
  await c.synced;
  assert.equal(type(c.doc), ['minutes_header', 'item_heading', 'paragraph', 'item_heading', 'paragraph']);
  const header = (fragmentOf(c.doc).get(0) as Y.XmlElement).getAttributes();
  assert.is(header.title, m.title);
  assert.is(header.convener, '李召集（演示）');
  assert.is(header.recorders, '张记录（演示）');
  assert.equal([header.expected, header.present, header.absent], [2, 0, 2]);
  const titles = (fragmentOf(c.doc).toArray() as Y.XmlElement[])
    .filter((n) => n.nodeName === 'item_heading')
    .map((n) => n.getAttribute('title'));
  assert.equal(titles, ['村道硬化', '垃圾清运']);
  c.close();
});

test('check-ins update the header’s attendance and a new agenda item is appended as a section, live', async () => {
  const m = await liveMeeting(s);
  const c = connectDoc(srv.url, docName(m.id), (await login('demo-secretary')).cookieHeader);
  await c.synced;
  const header = () => (fragmentOf(c.doc).get(0) as Y.XmlElement).getAttributes() as Record<string, unknown>;
  await checkInAtDesk(srv, m.id, m.invitees[0]!.id);
  await until(() => header().present === 1 && header().absent === 1);
  await s.meetings.addItem(await principalOf(srv.db, 'demo-convener'), m.id, { title: '老年食堂', notes: '' });
  await until(() => type(c.doc).length === 7);
  const last = fragmentOf(c.doc).get(5) as Y.XmlElement;
  assert.is(last.getAttribute('title'), '老年食堂');
  c.close();
});

test('two secretaries typing into the same item converge, and their edits are stored within half a second', async () => {
  const m = await liveMeeting(s, { secretaryIds: [(await principalOf(srv.db, 'demo-secretary')).userId, second.id] });
  const a = connectDoc(srv.url, docName(m.id), (await login('demo-secretary')).cookieHeader);
  const b = connectDoc(srv.url, docName(m.id), (await login('second-secretary', second.password)).cookieHeader);
  await Promise.all([a.synced, b.synced]);
  const item = m.agenda[0]!.id;
  typeInto(a.doc, item, '张：同意硬化。');
  typeInto(b.doc, item, '王：资金由村集体出。');
  await until(
    () => textOf(a.doc) === textOf(b.doc) && textOf(a.doc).includes('同意') && textOf(a.doc).includes('资金'),
  );
  await new Promise((r) => setTimeout(r, 500));
  const stored = textOf(await storedDoc(s, docName(m.id)));
  assert.ok(stored.includes('同意硬化') && stored.includes('资金由村集体出'), stored);
  a.close();
  b.close();
});

test('edits arriving together are stored in batches, and an idle document is compacted into one row', async () => {
  const m = await liveMeeting(s);
  const c = connectDoc(srv.url, docName(m.id), (await login('demo-secretary')).cookieHeader);
  await c.synced;
  for (const ch of '讨论决定三月前完成道路硬化工程') {
    typeInto(c.doc, m.agenda[1]!.id, ch);
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 300));
  const rows = await s.documents.count(docName(m.id));
  assert.ok(rows >= 2 && rows <= 5, `15 edits in 0.3 s became ${rows} rows`);
  for (let waited = 0; (await s.documents.count(docName(m.id))) > 1 && waited < 3000; waited += 50)
    await new Promise((r) => setTimeout(r, 50));
  assert.is(await s.documents.count(docName(m.id)), 1);
  assert.ok(textOf(await storedDoc(s, docName(m.id))).includes('道路硬化工程'));
  c.close();
});

test('staff who are not the meeting’s writers get a read-only connection: a forged update is refused and never stored', async () => {
  const m = await liveMeeting(s);
  const writer = connectDoc(srv.url, docName(m.id), (await login('demo-secretary')).cookieHeader);
  await writer.synced;
  const forger = rawClient(srv.url, docName(m.id), { cookie: (await login('demo-reviewer')).cookieHeader });
  await forger.synced;
  const rowsBefore = await s.documents.count(docName(m.id));
  forger.sendUpdate(forger.change((f) => f.insert(f.length, [new Y.XmlElement('paragraph')])));
  assert.is(await forger.closed, 4405);
  await new Promise((r) => setTimeout(r, 400));
  assert.is(type(writer.doc).length, 5);
  assert.is(await s.documents.count(docName(m.id)), rowsBefore);
  assert.is(type(await storedDoc(s, docName(m.id))).length, 5);
  writer.close();
});

test('a viewer cannot appear as an editor: presence from a read-only connection is not passed on', async () => {
  const m = await liveMeeting(s);
  const writer = connectDoc(srv.url, docName(m.id), (await login('demo-secretary')).cookieHeader);
  writer.provider.awareness.setLocalStateField('user', { name: '张记录（演示）', color: '#0b57a4' });
  const viewer = rawClient(srv.url, docName(m.id), { cookie: (await login('demo-reviewer')).cookieHeader });
  await Promise.all([writer.synced, viewer.synced]);
  const fake = new awarenessProtocol.Awareness(viewer.doc);
  fake.setLocalStateField('user', { name: '冒充的记录员', color: '#b3261e' });
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(fake, [viewer.doc.clientID]));
  viewer.ws.send(encoding.toUint8Array(e));
  await new Promise((r) => setTimeout(r, 400));
  const names = [...writer.provider.awareness.getStates().values()].map(
    (x) => (x as { user?: { name: string } }).user?.name,
  );
  assert.not.ok(names.includes('冒充的记录员'));
  assert.is(viewer.ws.readyState, viewer.ws.OPEN);
  fake.destroy();
  viewer.ws.close();
  writer.close();
});

test('a read-only sync step 2 that carries changes is refused too; an empty one is the normal handshake', async () => {
  const m = await liveMeeting(s);
  const honest = rawClient(srv.url, docName(m.id), { cookie: (await login('demo-representative')).cookieHeader });
  await honest.synced;
  const forger = rawClient(srv.url, docName(m.id), { cookie: (await login('demo-representative')).cookieHeader });
  await forger.synced;
  forger.sendStep2(forger.change((f) => f.insert(0, [new Y.XmlElement('paragraph')])));
  assert.is(await forger.closed, 4405);
  await new Promise((r) => setTimeout(r, 300));
  assert.is(honest.ws.readyState, honest.ws.OPEN);
  assert.is(type(await storedDoc(s, docName(m.id)))[0], 'minutes_header');
  honest.ws.close();
});

test('the projector and checked-in participants read with their tokens; wrong tokens, strangers and no session are refused', async () => {
  const m = await liveMeeting(s);
  const convener = await principalOf(srv.db, 'demo-convener');
  const screen = new URL((await s.live.issueScreenToken(convener, m.id)).url).searchParams.get('token')!;
  const participantToken = await checkInAtDesk(srv, m.id, m.invitees[1]!.id);
  for (const query of [`?t=${screen}`, `?p=${participantToken}`]) {
    const viewer = rawClient(srv.url, docName(m.id), { query });
    await viewer.synced;
    assert.is(type(viewer.doc)[0], 'minutes_header');
    viewer.sendUpdate(viewer.change((f) => f.insert(0, [new Y.XmlElement('paragraph')])));
    assert.is(await viewer.closed, 4405, query);
  }
  assert.is(await rawClient(srv.url, docName(m.id), { query: `?t=${'x'.repeat(32)}` }).closed, 4403);
  assert.is(await rawClient(srv.url, docName(m.id), { query: `?p=${'x'.repeat(32)}` }).closed, 4403);
  assert.is(await rawClient(srv.url, docName(m.id)).closed, 4401);
  assert.is(
    await rawClient(srv.url, 'minutes:999999', { cookie: (await login('demo-secretary')).cookieHeader }).closed,
    4404,
  );
  const neighbour = await s.users.create(await principalOf(srv.db, 'admin'), {
    username: 'liuxi-secretary',
    displayName: '柳溪记录员',
    locale: 'zh-CN',
    organisationId: (await srv.db.models.Organisation.findOne({ where: { name: '柳溪社区（演示）' } }))!.id,
    role: 'secretary',
  });
  const stranger = await login('liuxi-secretary', neighbour.password);
  assert.is(await rawClient(srv.url, docName(m.id), { cookie: stranger.cookieHeader }).closed, 4403);
});

test('a vote result lands at the end of its item’s section as a protected block', async () => {
  const m = await liveMeeting(s);
  const c = connectDoc(srv.url, docName(m.id), (await login('demo-secretary')).cookieHeader);
  await c.synced;
  typeInto(c.doc, m.agenda[0]!.id, '讨论后表决。');
  await s.minutes.insertVoteResult(m.id, m.agenda[0]!.id, {
    title: '村道硬化方案',
    lines: ['赞成 7 票', '反对 1 票', '通过'],
  });
  await until(() => type(c.doc).includes('vote_result'));
  assert.equal(type(c.doc), [
    'minutes_header',
    'item_heading',
    'paragraph',
    'vote_result',
    'paragraph',
    'item_heading',
    'paragraph',
  ]);
  const vote = fragmentOf(c.doc).get(3) as Y.XmlElement;
  assert.equal(vote.getAttribute('lines' as never), ['赞成 7 票', '反对 1 票', '通过'] as never);
  try {
    await s.minutes.insertVoteResult(m.id, 999999, { title: 'x', lines: ['y'] });
    assert.unreachable('an unknown item must be refused');
  } catch (err) {
    assert.is((err as { code?: string }).code, 'not_found');
  }
  c.close();
});

test('a writer cannot delete, change, fill or forge a protected block: each such update is refused whole and not stored', async () => {
  const m = await liveMeeting(s);
  await s.minutes.insertVoteResult(m.id, m.agenda[1]!.id, { title: '垃圾清运承包', lines: ['赞成 8 票', '通过'] });
  const cookie = (await login('demo-secretary')).cookieHeader;
  const attempts: [string, (f: Y.XmlFragment) => void][] = [
    [
      'delete the vote block',
      (f) =>
        f.delete(
          f.toArray().findIndex((n) => (n as Y.XmlElement).nodeName === 'vote_result'),
          1,
        ),
    ],
    [
      'change its lines',
      (f) =>
        (f.toArray().find((n) => (n as Y.XmlElement).nodeName === 'vote_result') as Y.XmlElement).setAttribute(
          'lines',
          ['反对 8 票'] as never,
        ),
    ],
    [
      'type into it',
      (f) =>
        (f.toArray().find((n) => (n as Y.XmlElement).nodeName === 'vote_result') as Y.XmlElement).insert(0, [
          new Y.XmlText('篡改'),
        ]),
    ],
    ['delete the header', (f) => f.delete(0, 1)],
    ['change an agenda heading', (f) => (f.get(1) as Y.XmlElement).setAttribute('title', '别的议题')],
    [
      'forge a vote result',
      (f) => {
        const fake = new Y.XmlElement('vote_result');
        fake.setAttribute('title', '伪造');
        f.insert(2, [fake]);
      },
    ],
  ];
  for (const [what, change] of attempts) {
    const before = JSON.stringify(toJSON(await storedDoc(s, docName(m.id))));
    const forger = rawClient(srv.url, docName(m.id), { cookie });
    await forger.synced;
    forger.sendUpdate(forger.change(change));
    assert.is(await forger.closed, 4422, what);
    await new Promise((r) => setTimeout(r, 300));
    assert.is(JSON.stringify(toJSON(await storedDoc(s, docName(m.id)))), before, what);
  }
  const honest = rawClient(srv.url, docName(m.id), { cookie });
  await honest.synced;
  honest.sendUpdate(honest.change((f) => f.insert(f.length, [new Y.XmlElement('paragraph')])));
  await new Promise((r) => setTimeout(r, 400));
  assert.is(honest.ws.readyState, honest.ws.OPEN, 'an ordinary edit next to protected blocks is accepted');
  honest.ws.close();
});

test.run();
