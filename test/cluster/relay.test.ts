import pg from 'pg';
import { test } from 'uvu';
import { claimConfirmedOver } from '../helpers/checkin.js';
import * as assert from 'uvu/assert';
import * as Y from 'yjs';
import { fragmentOf } from '../../server/collab/minutes-doc.js';
import { checkinCode } from '../../server/services/checkin-code.js';
import type { MotionView, TallyView, VoteReceipt } from '../../shared/schemas/vote.js';
import {
  dropRedisPrefix,
  eventually,
  REDIS_URL,
  seededPostgres,
  startInstance,
  uniquePrefix,
} from '../helpers/cluster.js';
import { Client } from '../helpers/http.js';
import { textOf } from '../helpers/minutes.js';
import { call, connectSocket, waitForMatch, type TestSocket } from '../helpers/realtime.js';
import { ballotId } from '../helpers/voting.js';
import { connectDoc } from '../helpers/yjs.js';

/**
 * What crosses instances besides the hall's state: live minutes (the Yjs relay over Redis,
 * server/collab/relay.ts) and ballots. Two instances of `server/main.ts` over one PostgreSQL
 * database and one Redis; the last test kills one of them.
 */
const database = await seededPostgres();
const prefix = uniquePrefix();
const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_KEY_PREFIX: prefix };
const [A, B] = await Promise.all([startInstance('A', env), startInstance('B', env)]);
const sql = new pg.Client({ connectionString: database.url });
await sql.connect();
const sockets: TestSocket[] = [];
const docs: { close(): void }[] = [];
test.after(async () => {
  for (const s of sockets) s.close();
  for (const d of docs) d.close();
  await sql.end();
  await Promise.all([A.stop(), B.stop()]);
  await database.drop();
  await dropRedisPrefix(prefix);
});

let addresses = 0;
const login = (url: string, username: string) =>
  new Client(url, { 'x-forwarded-for': `198.51.100.${++addresses}` }).login(username, database.password(username));
const socket = async (url: string, cookie = '') => {
  const s = await connectSocket(url, cookie);
  sockets.push(s);
  return s;
};
const minutesOf = (url: string, meetingId: number, cookie: string) => {
  const d = connectDoc(url, `minutes:${meetingId}`, cookie);
  docs.push(d);
  return d;
};
const userId = async (username: string) =>
  (await sql.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [username])).rows[0]!.id;

/** Types at the end of the paragraph under the n-th agenda item's heading, as y-prosemirror stores text. */
function typeInItem(doc: Y.Doc, n: number, text: string): void {
  const nodes = fragmentOf(doc).toArray() as Y.XmlElement[];
  const headings = nodes.flatMap((node, i) => (node.nodeName === 'item_heading' ? [i] : []));
  const paragraph = nodes[headings[n]! + 1]!;
  let run = paragraph.get(0) as Y.XmlText | undefined;
  if (!run) {
    run = new Y.XmlText();
    paragraph.insert(0, [run]);
  }
  run.insert(run.length, text);
}

const convener = await login(A.url, 'demo-convener');
const secretary = await login(B.url, 'demo-secretary');

/** A live meeting of five members with two items, the demo secretary recording. */
async function liveMeeting(title: string) {
  const village = ((await convener.get('/api/organisations')).body.items as { id: number; name: string }[]).find(
    (o) => o.name === '桃园村（演示）',
  )!.id;
  const created = await convener.post('/api/meetings', {
    organisationId: village,
    kind: 'consultation',
    title,
    venue: '村委会会议室',
    startsAt: '2026-12-01T09:00:00+08:00',
    endsAt: '2026-12-01T11:00:00+08:00',
    body: 'representatives_meeting',
    secretaryIds: [await userId('demo-secretary')],
  });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as number;
  let agenda: { id: number }[] = [];
  for (const t of ['村道硬化', '垃圾分类'])
    agenda = (await convener.post(`/api/meetings/${id}/agenda`, { title: t, notes: '' })).body.agenda;
  let roster: { id: number }[] = [];
  for (let i = 1; i <= 5; i++)
    roster = (
      await convener.post(`/api/meetings/${id}/invitees`, {
        name: `代表${i}`,
        category: 'representative',
        member: true,
      })
    ).body.invitees;
  await convener.post(`/api/meetings/${id}/transition`, { to: 'scheduled' });
  assert.is((await convener.post(`/api/meetings/${id}/transition`, { to: 'live' })).status, 200);
  const link = (await convener.post(`/api/meetings/${id}/screen-link`)).body.url as string;
  return { id, agenda, roster, screenToken: new URL(link).searchParams.get('token')! };
}

test('two secretaries on A and B co-edit the minutes live and converge; the database holds both edits', async () => {
  const m = await liveMeeting('跨实例记录');
  const onA = minutesOf(A.url, m.id, convener.cookieHeader);
  const onB = minutesOf(B.url, m.id, secretary.cookieHeader);
  await Promise.all([onA.synced, onB.synced]);
  typeInItem(onA.doc, 0, '李召集：方案已公示。');
  typeInItem(onB.doc, 0, '张记录：无异议。');
  typeInItem(onB.doc, 1, '下周开始分类。');
  for (const d of [onA, onB])
    await eventually(
      () => ['李召集：方案已公示。', '张记录：无异议。', '下周开始分类。'].every((t) => textOf(d.doc).includes(t)),
      10_000,
      'both edits on both instances',
    );
  assert.is(textOf(onA.doc), textOf(onB.doc));
  // Everybody leaves; a newcomer on either instance loads what was stored.
  onA.close();
  onB.close();
  await new Promise((r) => setTimeout(r, 1500));
  const later = minutesOf(A.url, m.id, convener.cookieHeader);
  await later.synced;
  for (const t of ['李召集：方案已公示。', '张记录：无异议。', '下周开始分类。'])
    assert.ok(textOf(later.doc).includes(t), t);
});

test('a document opened on B right after an edit on A (not yet stored) shows that edit', async () => {
  const m = await liveMeeting('刚打开的记录');
  const onA = minutesOf(A.url, m.id, convener.cookieHeader);
  await onA.synced;
  typeInItem(onA.doc, 0, '刚刚记下的一句。');
  // Within A's 500 ms storage window: B loads the stored state and asks A for the rest.
  const onB = minutesOf(B.url, m.id, secretary.cookieHeader);
  await onB.synced;
  await eventually(() => textOf(onB.doc).includes('刚刚记下的一句。'), 5000, 'the edit on B');
});

test('voters split across A and B: the projector on B counts every ballot and shows the result', async () => {
  const m = await liveMeeting('跨实例表决');
  const secret = (await sql.query<{ s: string }>('SELECT checkin_secret AS s FROM meetings WHERE id = $1', [m.id]))
    .rows[0]!.s;
  const tokens: string[] = [];
  for (const [i, invitee] of m.roster.entries()) {
    tokens.push(
      await claimConfirmedOver(i % 2 ? B.url : A.url, convener, m.id, checkinCode(secret, new Date()).code, invitee.id),
    );
  }
  const console_ = await socket(A.url, convener.cookieHeader);
  assert.ok((await call(console_, 'meeting:join', { meetingId: m.id })).ok);
  const projector = await socket(B.url);
  assert.ok((await call(projector, 'motion:list', { meetingId: m.id, screenToken: m.screenToken })).ok);
  const created = await call<MotionView>(console_, 'motion:create', {
    meetingId: m.id,
    agendaItemId: m.agenda[0]!.id,
    question: '是否同意村道硬化方案？',
    kind: 'open',
    liveTally: true,
  });
  assert.ok(created.ok, JSON.stringify(created));
  if (!created.ok) return;
  const motionId = created.data.id;
  assert.ok((await call(console_, 'motion:open', { motionId })).ok);

  const allFive = waitForMatch<TallyView>(projector, 'vote:tallied', (t) => t.motionId === motionId && t.cast === 5);
  const choices = [0, 0, 1, 0, 2];
  const receipts = await Promise.all(
    tokens.map(async (token, i) => {
      const phone = await socket(i % 2 ? B.url : A.url);
      return call<VoteReceipt>(phone, 'vote:cast', {
        motionId,
        choices: [choices[i]],
        clientBallotId: ballotId(),
        inviteToken: token,
      });
    }),
  );
  assert.ok(
    receipts.every((r) => r.ok),
    JSON.stringify(receipts),
  );
  assert.equal((await allFive).counts, [3, 1, 1]);
  const closedOnB = waitForMatch<MotionView>(
    projector,
    'motion:updated',
    (v) => v.id === motionId && v.status === 'closed',
  );
  const closed = await call<MotionView>(console_, 'motion:close', { motionId });
  assert.ok(closed.ok);
  const seen = await closedOnB;
  assert.equal(seen.result!.counts, [3, 1, 1]);
  assert.ok(seen.result!.passed);
});

test('remote voting allowed on A lets a remote member vote on B at once, not after a cache expires', async () => {
  const m = await liveMeeting('跨实例远程表决');
  const secret = (await sql.query<{ s: string }>('SELECT checkin_secret AS s FROM meetings WHERE id = $1', [m.id]))
    .rows[0]!.s;
  const remoteToken = await claimConfirmedOver(
    B.url,
    convener,
    m.id,
    checkinCode(secret, new Date()).code,
    m.roster[0]!.id,
  );
  // Following from the city over a personal link, as the meeting pages record it.
  await sql.query(`UPDATE attendance SET method = 'remote' WHERE invitee_id = $1`, [m.roster[0]!.id]);
  const console_ = await socket(A.url, convener.cookieHeader);
  assert.ok((await call(console_, 'meeting:join', { meetingId: m.id })).ok);
  const created = await call<MotionView>(console_, 'motion:create', {
    meetingId: m.id,
    agendaItemId: m.agenda[0]!.id,
    question: '是否同意垃圾分类方案？',
    kind: 'secret',
  });
  if (!created.ok) return assert.unreachable(JSON.stringify(created));
  assert.ok((await call(console_, 'motion:open', { motionId: created.data.id })).ok);
  const phone = await socket(B.url);
  const vote = () =>
    call<VoteReceipt>(phone, 'vote:cast', {
      motionId: created.data.id,
      choices: [0],
      clientBallotId: ballotId(),
      inviteToken: remoteToken,
    });
  const refused = await vote();
  assert.match(!refused.ok ? refused.error.message : '', /不允许远程参会人员投票/, 'B has the setting cached now');

  const admin = await login(A.url, 'admin');
  const village = (await admin.get('/api/organisations')).body.items.find(
    (o: { name: string }) => o.name === '桃园村（演示）',
  );
  const settings = (await admin.get(`/api/organisations/${village.id}`)).body.settings;
  assert.is(
    (await admin.patch(`/api/organisations/${village.id}`, { settings: { ...settings, allowRemoteVoting: true } }))
      .status,
    200,
  );
  try {
    // The setting lives ten minutes in B's cache; only the message from A can make this pass.
    await eventually(async () => (await vote()).ok, 2_000, 'B to accept the remote ballot');
  } finally {
    await admin.patch(`/api/organisations/${village.id}`, { settings });
  }
});

test('a resolution closed out on A updates the representatives’ dashboard on B at once', async () => {
  // The demo's "村东头三盏路灯修复" is reported and rated 满意: the owner may close it out.
  const row = (
    await sql.query<{ id: number }>(
      "SELECT id FROM resolutions WHERE text = '村东头三盏路灯修复' AND state = 'reported'",
    )
  ).rows[0];
  assert.ok(row, 'the demo has a reported, rated resolution');
  const dashboard = await socket(B.url, (await login(B.url, 'demo-representative')).cookieHeader);
  assert.ok((await call(dashboard, 'resolutions:watch', { view: 'follow' })).ok);
  const updated = waitForMatch<{ id: number; state: string }>(
    dashboard,
    'resolution:updated',
    (r) => r.id === row!.id && r.state === 'closed',
  );
  const closed = await convener.post(`/api/resolutions/${row!.id}/close`, { speed: 5, quality: 4 });
  assert.is(closed.status, 200, JSON.stringify(closed.body));
  assert.is((await updated).state, 'closed');
});

test('A is killed mid-meeting: no ballot it acknowledged and no edit it relayed is lost', async () => {
  const m = await liveMeeting('实例失效的会议');
  const secret = (await sql.query<{ s: string }>('SELECT checkin_secret AS s FROM meetings WHERE id = $1', [m.id]))
    .rows[0]!.s;
  const tokens: string[] = [];
  for (const invitee of m.roster) {
    tokens.push(await claimConfirmedOver(B.url, convener, m.id, checkinCode(secret, new Date()).code, invitee.id));
  }
  const onB = await socket(B.url, convener.cookieHeader);
  assert.ok((await call(onB, 'meeting:join', { meetingId: m.id })).ok);
  const created = await call<MotionView>(onB, 'motion:create', {
    meetingId: m.id,
    agendaItemId: m.agenda[0]!.id,
    question: '是否同意设立老年食堂？',
    kind: 'secret',
  });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const motionId = created.data.id;
  assert.ok((await call(onB, 'motion:open', { motionId })).ok);
  // Four phones vote through A and are acknowledged there. A secret ballot is "received" first
  // and "recorded" once mixed with four others: a phone keeps what is not recorded yet.
  const ballots = tokens.slice(0, 4).map((token, i) => ({
    motionId,
    choices: [i === 3 ? 1 : 0],
    clientBallotId: ballotId(),
    inviteToken: token,
  }));
  const acked = await Promise.all(
    ballots.map(async (ballot) => call<VoteReceipt>(await socket(A.url), 'vote:cast', ballot)),
  );
  assert.ok(
    acked.every((r) => r.ok),
    JSON.stringify(acked),
  );

  const edA = minutesOf(A.url, m.id, convener.cookieHeader);
  const edB = minutesOf(B.url, m.id, secretary.cookieHeader);
  await Promise.all([edA.synced, edB.synced]);
  // Stop A's editor from re-sending on reconnect: only the relay and B's storage can save the edit.
  edA.provider.shouldConnect = false;
  typeInItem(edA.doc, 0, '断电前的最后一句。');
  await eventually(() => textOf(edB.doc).includes('断电前的最后一句。'), 5000, 'the edit relayed to B');
  A.proc.kill('SIGKILL');
  await A.exited;
  edA.provider.destroy();

  // The phones A told "received" but not "recorded" resend their ballots (same ids) on reconnecting,
  // here to B; the vote then closes on B with every one of them, and the fifth member still votes.
  for (const [i, ballot] of ballots.entries()) {
    const receipt = acked[i]!;
    if (receipt.ok && receipt.data.recorded) continue;
    const again = await call<VoteReceipt>(await socket(B.url), 'vote:cast', ballot);
    assert.ok(again.ok, JSON.stringify(again));
  }
  const fifth = await socket(B.url);
  const last = await call<VoteReceipt>(fifth, 'vote:cast', {
    motionId,
    choices: [0],
    clientBallotId: ballotId(),
    inviteToken: tokens[4],
  });
  assert.ok(last.ok, JSON.stringify(last));
  const closed = await call<MotionView>(onB, 'motion:close', { motionId });
  assert.ok(closed.ok, JSON.stringify(closed));
  if (closed.ok) assert.equal([closed.data.result!.cast, closed.data.result!.counts], [5, [4, 1, 0]]);

  edB.close();
  await new Promise((r) => setTimeout(r, 1500));
  const fresh = minutesOf(B.url, m.id, secretary.cookieHeader);
  await fresh.synced;
  assert.ok(textOf(fresh.doc).includes('断电前的最后一句。'), textOf(fresh.doc));
});

test.run();
