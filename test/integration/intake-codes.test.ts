import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { Client } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

const srv = await startTestServer();
test.after(() => srv.close());
const village = async () => (await srv.db.models.Organisation.findOne({ where: { name: '桃园村（演示）' } }))!.id;

/** Every text item of every page, joined: what a person could copy out of the PDF. */
async function pdfText(data: Uint8Array): Promise<string> {
  const doc = await getDocument({ data, useSystemFonts: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join('');
  }
  return text;
}

test('a reviewer creates a labelled code for a grid hall and gets its URL', async () => {
  const r = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const res = await r.post(`/api/organisations/${await village()}/intake-codes`, { label: '第一网格活动室' });
  assert.is(res.status, 201);
  assert.match(res.body.code, /^[2-9A-HJKMNP-Z]{6}$/);
  assert.is(res.body.url, `${srv.config.publicUrl}/p/${res.body.code}`);
  const list = await r.get(`/api/organisations/${await village()}/intake-codes`);
  assert.equal(
    list.body.items.map((c: { label: string }) => c.label),
    ['村委会公开栏', '第一网格活动室'],
  );
});

test('the QR code comes as SVG and PNG', async () => {
  const r = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const id = (await srv.db.models.IntakeCode.findOne({ where: { code: srv.intakeCodes[0]! } }))!.id;
  const svg = await fetch(`${srv.url}/api/intake-codes/${id}/qr.svg`, { headers: { cookie: r.cookieHeader } });
  assert.is(svg.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
  assert.match(await svg.text(), /^<svg[\s\S]*<\/svg>\s*$/);
  const png = await fetch(`${srv.url}/api/intake-codes/${id}/qr.png`, { headers: { cookie: r.cookieHeader } });
  const bytes = new Uint8Array(await png.arrayBuffer());
  assert.equal([...bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
});

test('the A4 poster PDF renders Chinese: its text extracts with the headline, the village, the URL, the code and the board’s address', async () => {
  const r = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const row = (await srv.db.models.IntakeCode.findOne({ where: { code: srv.intakeCodes[0]! } }))!;
  const res = await fetch(`${srv.url}/api/intake-codes/${row.id}/poster.pdf`, { headers: { cookie: r.cookieHeader } });
  assert.is(res.headers.get('content-type'), 'application/pdf');
  const data = new Uint8Array(await res.arrayBuffer());
  assert.ok(data.length < 400_000, `poster is ${data.length} bytes: the font should be subset`);
  const text = await pdfText(data);
  for (const expected of [
    '扫码提议题',
    '桃园村（演示）',
    '不用注册',
    `${srv.config.publicUrl}/p/${row.code}`,
    row.code,
    // Where residents see what was decided and done: the public board's short address.
    '公开栏',
    `${srv.config.publicUrl}/b/${(await srv.db.models.Organisation.findByPk(row.organisationId))!.boardCode}`,
  ]) {
    assert.ok(text.includes(expected), `poster text lacks ${expected}: ${text}`);
  }
});

test.run();
