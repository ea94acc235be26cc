import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import mammoth from 'mammoth';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as Y from 'yjs';
import { fragmentOf, toJSON } from '../../server/collab/minutes-doc.js';
import { canonicalJSON, hashedContent, type MinutesNode } from '../../shared/minutes/content.js';
import { Client, errorCode } from '../helpers/http.js';
import { liveMeeting, principalOf, rawClient, storedDoc } from '../helpers/minutes.js';
import { startTestServer } from '../helpers/server.js';
import { connectDoc, until } from '../helpers/yjs.js';

/**
 * Closing a meeting freezes its minutes into a numbered version with a SHA-256 and signatories;
 * exports carry headings, lists and vote results; publishing puts a redacted copy on the board.
 */
const srv = await startTestServer({ config: { collab: { batchMs: 200, idleMs: 400 } } });
test.after(() => srv.close());
const s = srv.app.services;
const login = (username: string) => new Client(srv.url).login(username, srv.password(username));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const convener = await principalOf(srv.db, 'demo-convener');
const reviewer = await principalOf(srv.db, 'demo-reviewer');

const text = (t: string, bold = false): MinutesNode => ({
  type: 'text',
  text: t,
  ...(bold ? { marks: [{ type: 'strong' }] } : {}),
});
const p = (...content: MinutesNode[]): MinutesNode => ({ type: 'paragraph', content });
const li = (t: string): MinutesNode => ({ type: 'list_item', content: [p(text(t))] });

/** A resident who gave a name and phone, whose topic is on the agenda and is talked about in the minutes. */
async function meetingWithMinutes() {
  const { receipt } = await s.intake.submit(
    srv.intakeCodes[0]!,
    {
      title: '村西水渠年久失修',
      details: '灌溉时漏水严重。',
      category: '公共设施',
      location: '',
      gridId: null,
      name: '孙长福',
      phone: '13812345678',
      anonymous: false,
      website: '',
    },
    [],
    null,
  );
  const topic = await s.intake.findByReceipt(receipt);
  await s.review.accept(reviewer, topic.id, convener.userId);
  const m = await liveMeeting(s);
  await s.meetings.addItem(convener, m.id, { topicId: topic.id });
  const items = (await s.meetings.agenda(m.id)).map((i) => i.id);
  await s.minutes.appendToItem(m.id, items[0]!, [
    { type: 'heading', attrs: { level: 3 }, content: [text('讨论情况')] },
    p(text('与会代表一致认为'), text('道路硬化刻不容缓', true), text('。')),
    { type: 'bullet_list', content: [li('资金由村集体经济列支'), li('施工期间保留单侧通行')] },
    { type: 'blockquote', content: [p(text('王代表：要请专业队伍施工。'))] },
  ]);
  await s.minutes.insertVoteResult(m.id, items[0]!, {
    title: '村道硬化方案',
    lines: ['赞成 7 票', '反对 1 票', '弃权 0 票', '通过'],
  });
  await s.minutes.appendToItem(m.id, items[2]!, [
    p(text('孙长福（电话 138 1234 5678）反映水渠漏水，座机 0571-8888 1234。')),
    { type: 'ordered_list', content: [li('本周内查看现场'), li('下月底前修复')] },
  ]);
  return { m, items };
}

test('before the meeting closes there is no final version to export or publish', async () => {
  const m = await liveMeeting(s);
  const c = await login('demo-convener');
  const info = await c.get(`/api/meetings/${m.id}/minutes`);
  assert.is(info.status, 200);
  assert.equal([info.body.canWrite, info.body.final], [true, null]);
  for (const path of [`/api/meetings/${m.id}/minutes.docx`, `/api/meetings/${m.id}/minutes.pdf`]) {
    const res = await c.get(path);
    assert.is(res.status, 409);
    assert.is(errorCode(res.body), 'conflict');
  }
  assert.is((await c.post(`/api/meetings/${m.id}/minutes/publish`)).status, 409);
  const reader = await (await login('demo-reviewer')).get(`/api/meetings/${m.id}/minutes`);
  assert.equal([reader.body.canWrite, reader.body.canPublish], [false, false]);
});

test('closing the meeting freezes the minutes: version 1 with the SHA-256 of its content, signatories, a footer, one stored row', async () => {
  const { m } = await meetingWithMinutes();
  const editor = connectDoc(srv.url, `minutes:${m.id}`, (await login('demo-secretary')).cookieHeader);
  await editor.synced;
  const closed = new Promise<number>((resolve) =>
    editor.provider.once('connection-close', (e) => resolve(e?.code ?? 0)),
  );
  const c = await login('demo-convener');
  assert.is((await c.post(`/api/meetings/${m.id}/transition`, { to: 'closed' })).status, 200);
  assert.is(await closed, 4410);

  const info = (await c.get(`/api/meetings/${m.id}/minutes`)).body;
  assert.is(info.canWrite, false);
  assert.is(info.final.version, 1);
  assert.equal(info.final.signatories, [
    { role: 'convener', name: '李召集（演示）' },
    { role: 'recorder', name: '张记录（演示）' },
  ]);
  const row = (await srv.db.models.MinutesVersion.findOne({ where: { meetingId: m.id } }))!;
  assert.is(info.final.sha256, sha256(row.content));
  assert.is(await s.documents.count(`minutes:${m.id}`), 1);

  // Anyone holding the document can recompute the hash the footer shows.
  const doc = await storedDoc(s, `minutes:${m.id}`);
  const content = toJSON(doc);
  assert.is(sha256(canonicalJSON(hashedContent(content))), info.final.sha256);
  const footer = content.content!.at(-1)!;
  assert.is(footer.type, 'minutes_footer');
  assert.is(footer.attrs!.sha256, info.final.sha256);
  assert.is(footer.attrs!.version, 1);
  editor.close();
});

test('final minutes are immutable: writers reconnect read-only, their updates and the server’s own are refused', async () => {
  const { m, items } = await meetingWithMinutes();
  await s.meetings.transition(convener, m.id, 'closed');
  const before = JSON.stringify(toJSON(await storedDoc(s, `minutes:${m.id}`)));
  const writer = rawClient(srv.url, `minutes:${m.id}`, { cookie: (await login('demo-secretary')).cookieHeader });
  await writer.synced;
  assert.is(fragmentOf(writer.doc).toArray().at(-1) instanceof Y.XmlElement, true);
  writer.sendUpdate(writer.change((f) => f.insert(f.length, [new Y.XmlElement('paragraph')])));
  assert.ok([4405, 4410].includes(await writer.closed));
  try {
    await s.minutes.insertVoteResult(m.id, items[0]!, { title: '补充表决', lines: ['通过'] });
    assert.unreachable('a vote result cannot be added to final minutes');
  } catch (err) {
    assert.is((err as { code?: string }).code, 'conflict');
  }
  await new Promise((r) => setTimeout(r, 400));
  assert.is(JSON.stringify(toJSON(await storedDoc(s, `minutes:${m.id}`))), before);
  assert.is((await s.minutes.finalise(m.id)).version, 1, 'finalising again keeps version 1');
});

/** Every text item of every page, joined. */
async function pdfText(data: Uint8Array): Promise<string> {
  const doc = await getDocument({ data, useSystemFonts: false }).promise;
  let out = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    out += content.items.map((item) => ('str' in item ? item.str : '')).join('');
  }
  return out;
}

test('the final minutes export to DOCX and PDF with headings, list items and the vote block intact', async () => {
  const { m } = await meetingWithMinutes();
  await s.meetings.transition(convener, m.id, 'closed');
  const c = await login('demo-reviewer');
  const sha = (await c.get(`/api/meetings/${m.id}/minutes`)).body.final.sha256 as string;

  const docx = await fetch(`${srv.url}/api/meetings/${m.id}/minutes.docx`, { headers: { cookie: c.cookieHeader } });
  assert.is(docx.status, 200);
  assert.match(docx.headers.get('content-disposition') ?? '', /minutes-\d+-v1\.docx/);
  const html = (await mammoth.convertToHtml({ buffer: Buffer.from(await docx.arrayBuffer()) })).value;
  for (const expected of [
    /<h1>1\. 村道硬化<\/h1>/,
    /<h2>讨论情况<\/h2>/,
    /<strong>道路硬化刻不容缓<\/strong>/,
    /<ul><li>资金由村集体经济列支<\/li><li>施工期间保留单侧通行<\/li><\/ul>/,
    /<ol><li>本周内查看现场<\/li><li>下月底前修复<\/li><\/ol>/,
    /<table><tr><td><p><strong>表决结果：村道硬化方案<\/strong><\/p><ul><li>赞成 7 票<\/li><li>反对 1 票<\/li>/,
    /王代表：要请专业队伍施工。/,
    new RegExp(sha),
  ])
    assert.match(html, expected);

  const pdf = await fetch(`${srv.url}/api/meetings/${m.id}/minutes.pdf`, { headers: { cookie: c.cookieHeader } });
  assert.is(pdf.headers.get('content-type'), 'application/pdf');
  const pdfString = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
  for (const expected of [
    '1. 村道硬化',
    '讨论情况',
    '道路硬化刻不容缓',
    '• 资金由村集体经济列支',
    '2. 下月底前修复',
    '表决结果：村道硬化方案',
    '• 反对 1 票',
    sha,
  ])
    assert.ok(
      pdfString.replace(/\s+/g, '').includes(expected.replace(/\s+/g, '')),
      `PDF lacks ${expected}: ${pdfString}`,
    );
});

test('publishing puts a copy on the public board with phone numbers and residents’ names removed', async () => {
  const { m } = await meetingWithMinutes();
  await s.meetings.transition(convener, m.id, 'closed');
  const anonymous = new Client(srv.url);
  assert.is((await anonymous.get(`/api/board/minutes/${m.id}`)).status, 404, 'not public before publishing');
  assert.is((await (await login('demo-secretary')).post(`/api/meetings/${m.id}/minutes/publish`)).status, 403);
  const published = await (await login('demo-convener')).post(`/api/meetings/${m.id}/minutes/publish`);
  assert.is(published.status, 200);
  assert.ok(published.body.final.publishedAt);

  const village = m.organisationId;
  const county = (await srv.db.models.Organisation.findOne({ where: { name: '示范县（演示）' } }))!.id;
  for (const org of [village, county]) {
    const list = await anonymous.get(`/api/board/${org}/minutes?limit=50`);
    assert.is(list.status, 200);
    assert.ok(
      list.body.items.some((i: { meetingId: number }) => i.meetingId === m.id),
      `board of ${org}`,
    );
  }
  const read = await anonymous.get(`/api/board/minutes/${m.id}`);
  assert.is(read.status, 200);
  const body = read.body;
  for (const secret of ['孙长福', '13812345678', '138 1234 5678', '0571-8888 1234'])
    assert.not.ok(JSON.stringify(body).includes(secret), `public copy shows ${secret}`);
  assert.ok(body.text.includes('［群众］（电话 ［电话已隐去］）反映水渠漏水'), body.text);
  assert.ok(body.text.includes('道路硬化刻不容缓') && body.text.includes('村道硬化方案'));
  assert.is(body.sha256, sha256(canonicalJSON(body.content)));
  assert.is(body.officialSha256, (await srv.db.models.MinutesVersion.findOne({ where: { meetingId: m.id } }))!.sha256);

  const docx = await fetch(srv.url + body.downloads.docx);
  const docxText = (await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) })).value;
  const pdfString = await pdfText(new Uint8Array(await (await fetch(srv.url + body.downloads.pdf)).arrayBuffer()));
  for (const [label, output] of [
    ['docx', docxText],
    ['pdf', pdfString],
  ] as const) {
    assert.ok(output.includes('反映水渠漏水'), `${label} has the text`);
    for (const secret of ['孙长福', '13812345678', '1234 5678'])
      assert.not.ok(output.includes(secret), `${label} shows ${secret}`);
  }
  assert.is(
    (await (await login('demo-convener')).post(`/api/meetings/${m.id}/minutes/publish`)).status,
    200,
    'publishing twice is harmless',
  );
});

test('the board of an unknown organisation is a 404, and bad paging is a validation error', async () => {
  const anonymous = new Client(srv.url);
  assert.is((await anonymous.get('/api/board/999999/minutes')).status, 404);
  assert.is((await anonymous.get('/api/board/1/minutes?limit=5000')).status, 400);
});

test('someone watching when the meeting closes sees the footer arrive before being disconnected', async () => {
  const { m } = await meetingWithMinutes();
  const viewer = connectDoc(srv.url, `minutes:${m.id}`, (await login('demo-representative')).cookieHeader);
  await viewer.synced;
  await s.meetings.transition(convener, m.id, 'closed');
  await until(
    () => (fragmentOf(viewer.doc).toArray().at(-1) as Y.XmlElement | undefined)?.nodeName === 'minutes_footer',
  );
  viewer.close();
});

test.run();
