import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { ArchiveBundle } from './archive-bundle.js';

const BODY_FONT = { ascii: 'SimSun', eastAsia: 'SimSun', hAnsi: 'SimSun' };
const HEADING_FONT = { ascii: 'SimHei', eastAsia: 'SimHei', hAnsi: 'SimHei' };

/** The archive as a Word document (opens in Word and WPS; SimSun/SimHei named like the minutes' export). */
export async function archiveDocx(b: ArchiveBundle): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(b.title)] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(b.subtitle)] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(b.labels.generated)] }),
  ];
  for (const p of b.parts) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(p.heading)] }));
    for (const line of p.lines) children.push(new Paragraph({ children: [new TextRun(line)] }));
    children.push(
      new Paragraph({ children: [new TextRun({ text: `SHA-256 ${p.sha256}`, size: 16, color: '555555' })] }),
    );
  }
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(b.labels.hashes)] }));
  for (const p of b.parts)
    children.push(new Paragraph({ children: [new TextRun({ text: `${p.heading}  ${p.sha256}`, size: 16 })] }));
  children.push(
    new Paragraph({ children: [new TextRun({ text: `${b.labels.whole}  ${b.sha256}`, bold: true, size: 16 })] }),
  );
  const doc = new Document({
    creator: 'Yishi 议事',
    title: b.title,
    styles: {
      default: {
        document: { run: { font: BODY_FONT, size: 22 } },
        heading1: { run: { font: HEADING_FONT, size: 28, bold: true } },
        title: { run: { font: HEADING_FONT, size: 36, bold: true } },
      },
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
