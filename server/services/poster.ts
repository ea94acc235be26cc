import QRCode from 'qrcode';

export interface PosterInput {
  organisationName: string;
  label: string;
  code: string;
  url: string;
  /** The organisation's public board (/b/<code>): where residents see what was decided and done. */
  boardUrl?: string | null;
}

const INSTRUCTIONS = [
  '① 用手机微信或相机扫描下方二维码',
  '② 写下您想提的事，可以拍照，不用注册',
  '③ 记下回执码，随时查看办理进展',
];

/**
 * An A4 poster for the notice board: headline, three steps in large type, the QR, the URL and the
 * code, and the public board's address (决议公开、实施结果公开).
 */
export async function renderPoster(input: PosterInput): Promise<Buffer> {
  // Loaded on the first poster, not at start: pdfkit costs ~20 MB of memory that a server
  // running a meeting of a thousand phones should not carry for a poster printed once a year.
  const { default: PDFDocument } = await import('pdfkit');
  const { registerCjkFonts } = await import('./cjk-font.js');
  const qr = await QRCode.toBuffer(input.url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 900 });
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `${input.organisationName} 扫码提议题`, Creator: 'Yishi 议事' },
  });
  registerCjkFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const width = doc.page.width - 112;
  doc.font('cjk-bold').fontSize(30).fillColor('#8c1c13').text(input.organisationName, { align: 'center', width });
  doc.moveDown(0.3);
  doc.font('cjk-bold').fontSize(54).fillColor('#000').text('扫码提议题', { align: 'center', width });
  doc.moveDown(0.5);
  doc.font('cjk').fontSize(22);
  for (const line of INSTRUCTIONS) doc.text(line, { width });
  doc.moveDown(0.5);
  const size = 300;
  doc.image(qr, (doc.page.width - size) / 2, doc.y, { width: size, height: size });
  doc.y += size + 16;
  doc.font('cjk').fontSize(16).text('打不开二维码？在浏览器输入：', { align: 'center', width });
  doc.font('cjk-bold').fontSize(20).text(input.url, { align: 'center', width });
  doc.moveDown(0.3);
  doc.font('cjk').fontSize(18).text(`议题码 ${input.code}\u3000·\u3000${input.label}`, { align: 'center', width });
  if (input.boardUrl) {
    doc.moveDown(0.6);
    doc.font('cjk').fontSize(15).text('决议和办理结果看公开栏：', { align: 'center', width });
    doc.font('cjk-bold').fontSize(17).text(input.boardUrl, { align: 'center', width });
  }
  doc.end();
  return done;
}
