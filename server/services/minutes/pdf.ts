import PDFDocument from 'pdfkit';
import { blocksOf, type Run } from '../../../shared/minutes/content.js';
import { attendanceText, formatMeetingTime } from '../../../shared/minutes/format.js';
import { pageFooter, sealLines, type ExportInput } from './seal.js';
import { registerCjkFonts } from '../cjk-font.js';

const MARGIN = 56;
const FOOTER_SPACE = 36;

/**
 * The final minutes as an A4 PDF for printing and filing, in Noto Sans SC (the intake poster's
 * font, embedded as a subset so Chinese prints anywhere). Headings, numbered and bulleted lists,
 * quotes and boxed vote results keep their shape; every page carries version, SHA-256 and number.
 */
export async function renderPdf(input: ExportInput): Promise<Buffer> {
  const { label } = input;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE },
    bufferPages: true,
    info: { Title: input.title, Creator: 'Yishi 议事' },
  });
  registerCjkFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  /** Writes runs (bold or not) as one flowing paragraph at x with the given width. */
  const write = (list: Run[], x: number, w: number, size: number) => {
    const parts = list.length ? list : [{ text: ' ', bold: false }];
    doc.fontSize(size);
    parts.forEach((r, i) => {
      doc.font(r.bold ? 'cjk-bold' : 'cjk');
      const options = { width: w, continued: i < parts.length - 1, lineGap: 3 };
      if (i === 0) doc.text(r.text, x, doc.y, options);
      else doc.text(r.text, options);
    });
  };

  for (const block of blocksOf(input.content)) {
    switch (block.kind) {
      case 'header': {
        const a = block.attrs;
        doc
          .font('cjk-bold')
          .fontSize(20)
          .text(label('minutes.header.heading', { title: a.title }), left, doc.y, {
            width,
            align: 'center',
          });
        doc.moveDown(0.6);
        const field = (key: string, value: string) =>
          write(
            [
              { text: `${label(key)}：`, bold: true },
              { text: value, bold: false },
            ],
            left,
            width,
            11,
          );
        field('minutes.header.organisation', a.organisation);
        field('minutes.header.kind', label(`minutes.kind.${a.kind}`));
        field('minutes.header.time', formatMeetingTime(a.startsAt, a.endsAt));
        field('minutes.header.venue', a.venue);
        field('minutes.header.convener', a.convener || '—');
        field('minutes.header.recorder', a.recorders || '—');
        field('minutes.header.attendance', attendanceText(a, label));
        doc.moveDown(0.5);
        break;
      }
      case 'item':
        ensure(60);
        doc.moveDown(0.6);
        doc.font('cjk-bold').fontSize(15).text(`${block.number}. ${block.title}`, left, doc.y, { width });
        doc.moveDown(0.3);
        break;
      case 'heading':
        ensure(40);
        doc.moveDown(0.3);
        write(
          block.runs.map((r) => ({ ...r, bold: true })),
          left,
          width,
          block.level === 3 ? 13 : 12,
        );
        doc.moveDown(0.2);
        break;
      case 'paragraph': {
        const indent = block.quote * 14;
        const top = doc.y;
        write(block.runs, left + indent, width - indent, 11);
        if (block.quote)
          doc
            .save()
            .rect(left + indent - 8, top, 2, doc.y - top)
            .fill('#999999')
            .restore();
        doc.moveDown(0.3);
        break;
      }
      case 'list_item': {
        const indent = block.quote * 14 + (block.depth - 1) * 18;
        const marker = block.ordered ? `${block.number}.` : '•';
        ensure(18);
        const top = doc.y;
        doc
          .font('cjk')
          .fontSize(11)
          .text(marker, left + indent, top, { width: 18 });
        doc.y = top;
        write(block.runs, left + indent + 20, width - indent - 20, 11);
        doc.moveDown(0.2);
        break;
      }
      case 'vote': {
        const a = block.attrs;
        const title = `${label('minutes.vote.label')}：${a.title}`;
        doc.fontSize(11);
        const inner = width - 24;
        const height =
          doc.font('cjk-bold').heightOfString(title, { width: inner }) +
          a.lines.reduce((h, l) => h + doc.font('cjk').heightOfString(`• ${l}`, { width: inner, lineGap: 3 }) + 2, 0) +
          20;
        ensure(height + 10);
        const top = doc.y + 4;
        doc.save().rect(left, top, width, height).fillAndStroke('#f3f0e8', '#8c7a4f').restore();
        doc.fillColor('#000000');
        doc
          .font('cjk-bold')
          .fontSize(11)
          .text(title, left + 12, top + 10, { width: inner });
        for (const line of a.lines)
          doc.font('cjk').text(`• ${line}`, left + 12, doc.y + 2, { width: inner, lineGap: 3 });
        doc.y = top + height + 8;
        doc.x = left;
        break;
      }
      case 'footer':
        break;
    }
  }

  doc.moveDown(1);
  ensure(90);
  for (const line of sealLines(input)) doc.font('cjk').fontSize(10).text(line, left, doc.y, { width });

  // Page footers last, when the number of pages is known; below the bottom margin, so lift it.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('cjk')
      .fontSize(7.5)
      .fillColor('#444444')
      .text(
        `${pageFooter(input)}\u3000${label('minutes.export.page', { page: i + 1, pages: range.count })}`,
        left,
        doc.page.height - MARGIN,
        {
          width,
          align: 'center',
          lineBreak: false,
        },
      );
    doc.page.margins.bottom = saved;
  }
  doc.end();
  return done;
}
