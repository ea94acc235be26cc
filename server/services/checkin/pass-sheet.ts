import QRCode from 'qrcode';
import { registerCjkFonts } from '../cjk-font.js';

export interface PassCard {
  name: string;
  bodyName: string;
  organisationName: string;
  url: string;
}

const MARGIN = 28;
const COLUMNS = 2;
const ROWS = 4;

/**
 * An A4 sheet of personal passes (参会证), eight cards a page (2 × 4, cut along the lines): name,
 * body and village in large type and the QR of the personal link, for members without a
 * smartphone — the desk scans the card — and for those who keep it in their phone.
 */
export async function renderPassSheet(title: string, cards: PassCard[]): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: title, Creator: 'Yishi 议事' },
  });
  registerCjkFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const qrs = await Promise.all(
    cards.map((c) => QRCode.toBuffer(c.url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 360 })),
  );
  const perPage = COLUMNS * ROWS;
  if (!cards.length) doc.addPage().font('cjk').fontSize(14).text(title);
  cards.forEach((card, i) => {
    if (i % perPage === 0) doc.addPage();
    const w = (doc.page.width - 2 * MARGIN) / COLUMNS;
    const h = (doc.page.height - 2 * MARGIN) / ROWS;
    const x = MARGIN + ((i % perPage) % COLUMNS) * w;
    const y = MARGIN + Math.floor((i % perPage) / COLUMNS) * h;
    doc.save().lineWidth(0.5).dash(4, { space: 4 }).strokeColor('#888').rect(x, y, w, h).stroke().restore();
    const pad = 12;
    const qrSize = Math.min(h - 2 * pad, w * 0.45);
    doc.image(qrs[i]!, x + w - pad - qrSize, y + pad, { width: qrSize, height: qrSize });
    const textWidth = w - qrSize - 3 * pad;
    doc
      .font('cjk')
      .fontSize(10)
      .fillColor('#8c1c13')
      .text('参会证', x + pad, y + pad, { width: textWidth });
    doc
      .font('cjk-bold')
      .fontSize(24)
      .fillColor('#000')
      .text(card.name, x + pad, y + pad + 18, { width: textWidth });
    doc
      .font('cjk')
      .fontSize(11)
      .fillColor('#333')
      .text(card.bodyName, x + pad, y + pad + 60, { width: textWidth })
      .text(card.organisationName, { width: textWidth });
    doc
      .fontSize(8)
      .fillColor('#555')
      .text('签到：用手机扫大屏二维码，或到签到台出示本证', x + pad, y + h - pad - 24, { width: textWidth });
  });
  doc.end();
  return done;
}
