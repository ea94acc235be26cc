import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ILevelsOptions,
} from 'docx';
import { blocksOf, type Block, type Run } from '../../../shared/minutes/content.js';
import { attendanceText, formatMeetingTime } from '../../../shared/minutes/format.js';
import { pageFooter, sealLines, type ExportInput } from './seal.js';

const BODY_FONT = { ascii: 'SimSun', eastAsia: 'SimSun', hAnsi: 'SimSun' };
const HEADING_FONT = { ascii: 'SimHei', eastAsia: 'SimHei', hAnsi: 'SimHei' };

const runs = (list: Run[]) => list.map((r) => new TextRun({ text: r.text, bold: r.bold }));

const listLevels = (ordered: boolean): ILevelsOptions[] =>
  [0, 1, 2, 3].map((level) => ({
    level,
    format: ordered ? LevelFormat.DECIMAL : LevelFormat.BULLET,
    text: ordered ? `%${level + 1}.` : ['•', '◦', '▪', '•'][level]!,
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: 480 * (level + 1), hanging: 360 } } },
  }));

const quoteBorder = { left: { style: BorderStyle.SINGLE, size: 12, color: '999999', space: 8 } };

/**
 * The final minutes as a Word document, which village offices open in Word or WPS: real
 * headings (so the navigation pane shows the agenda), real numbered and bulleted lists, vote
 * results in a shaded box, and on every page the version, the SHA-256 and the page number.
 * Fonts are named, not embedded: SimSun/SimHei exist on every Chinese Windows and in WPS.
 */
export async function renderDocx(input: ExportInput): Promise<Buffer> {
  const { label } = input;
  const children: (Paragraph | Table)[] = [];
  let orderedInstance = 0;
  const push = (block: Block) => {
    switch (block.kind) {
      case 'header': {
        const a = block.attrs;
        children.push(
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            children: [new TextRun(label('minutes.header.heading', { title: a.title }))],
          }),
        );
        const field = (key: string, value: string) =>
          new Paragraph({ children: [new TextRun({ text: `${label(key)}：`, bold: true }), new TextRun(value)] });
        children.push(
          field('minutes.header.organisation', a.organisation),
          field('minutes.header.kind', label(`minutes.kind.${a.kind}`)),
          field('minutes.header.time', formatMeetingTime(a.startsAt, a.endsAt)),
          field('minutes.header.venue', a.venue),
          field('minutes.header.convener', a.convener || '—'),
          field('minutes.header.recorder', a.recorders || '—'),
          field('minutes.header.attendance', attendanceText(a, label)),
        );
        break;
      }
      case 'item':
        children.push(
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            children: [new TextRun(`${block.number}. ${block.title}`)],
          }),
        );
        break;
      case 'heading':
        children.push(
          new Paragraph({
            heading: block.level === 3 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
            children: runs(block.runs),
          }),
        );
        break;
      case 'paragraph':
        children.push(
          new Paragraph({
            children: runs(block.runs),
            ...(block.quote ? { indent: { left: 360 * block.quote }, border: quoteBorder } : {}),
          }),
        );
        break;
      case 'list_item':
        if (block.ordered && block.number === 1) orderedInstance++;
        children.push(
          new Paragraph({
            children: runs(block.runs),
            numbering: {
              reference: block.ordered ? 'minutes-ordered' : 'minutes-bullets',
              level: Math.min(3, block.depth - 1),
              ...(block.ordered ? { instance: orderedInstance } : {}),
            },
          }),
        );
        break;
      case 'vote':
        children.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({
                children: [
                  new TableCell({
                    shading: { type: ShadingType.CLEAR, fill: 'F3F0E8', color: 'auto' },
                    margins: { top: 120, bottom: 120, left: 160, right: 160 },
                    children: [
                      new Paragraph({
                        children: [
                          new TextRun({ text: `${label('minutes.vote.label')}：`, bold: true }),
                          new TextRun({ text: block.attrs.title, bold: true }),
                        ],
                      }),
                      ...block.attrs.lines.map(
                        (line) =>
                          new Paragraph({
                            children: [new TextRun(line)],
                            numbering: { reference: 'minutes-bullets', level: 0 },
                          }),
                      ),
                    ],
                  }),
                ],
              }),
            ],
          }),
          new Paragraph({ children: [] }),
        );
        break;
      case 'footer':
        break;
    }
  };
  for (const block of blocksOf(input.content)) push(block);

  children.push(new Paragraph({ children: [] }));
  for (const line of sealLines(input)) children.push(new Paragraph({ children: [new TextRun(line)] }));

  const doc = new Document({
    creator: 'Yishi 议事',
    title: input.title,
    styles: {
      default: {
        document: { run: { font: BODY_FONT, size: 24 }, paragraph: { spacing: { after: 120, line: 360 } } },
        title: { run: { font: HEADING_FONT, size: 36, bold: true, color: '000000' } },
        heading1: { run: { font: HEADING_FONT, size: 30, bold: true, color: '000000' } },
        heading2: { run: { font: HEADING_FONT, size: 26, bold: true, color: '000000' } },
        heading3: { run: { font: HEADING_FONT, size: 24, bold: true, color: '000000' } },
      },
    },
    numbering: {
      config: [
        { reference: 'minutes-bullets', levels: listLevels(false) },
        { reference: 'minutes-ordered', levels: listLevels(true) },
      ],
    },
    sections: [
      {
        properties: {
          page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1300, right: 1300 } },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ text: `${pageFooter(input)}\u3000`, size: 16 }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 16 }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The line under every page: which version, its hash (so a printout can be checked), the page. */
