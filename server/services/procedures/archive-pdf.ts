import PDFDocument from 'pdfkit';
import { registerCjkFonts } from '../cjk-font.js';
import type { ArchiveBundle } from './archive-bundle.js';

const MARGIN = 56;

/**
 * The archive as an A4 PDF with Noto Sans SC embedded (the glyphs it uses; the font itself is parsed
 * once per process), so Chinese prints anywhere.
 */
export async function archivePdf(b: ArchiveBundle): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: b.title, Creator: 'Yishi 议事' } });
  registerCjkFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 2 * MARGIN;
  doc.font('cjk-bold').fontSize(18).text(b.title, { width, align: 'center' });
  doc.moveDown(0.3).font('cjk').fontSize(10).text(b.subtitle, { width, align: 'center' });
  doc.text(b.labels.generated, { width, align: 'center' }).moveDown(1);
  for (const p of b.parts) {
    doc.font('cjk-bold').fontSize(13).text(p.heading, MARGIN, doc.y, { width }).moveDown(0.3);
    doc.font('cjk').fontSize(10.5);
    for (const line of p.lines) doc.text(line || ' ', MARGIN, doc.y, { width, lineGap: 2 });
    doc.fontSize(8).fillColor('#555').text(`SHA-256 ${p.sha256}`, { width }).fillColor('#000').moveDown(0.8);
  }
  doc.font('cjk-bold').fontSize(13).text(b.labels.hashes, MARGIN, doc.y, { width }).moveDown(0.3);
  doc.font('cjk').fontSize(8.5);
  for (const p of b.parts) doc.text(`${p.heading}  ${p.sha256}`, { width });
  doc.font('cjk-bold').text(`${b.labels.whole}  ${b.sha256}`, { width });
  doc.end();
  return done;
}
