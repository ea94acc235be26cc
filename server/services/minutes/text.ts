import { blocksOf, type Run } from '../../../shared/minutes/content.js';
import { attendanceText, formatMeetingTime } from '../../../shared/minutes/format.js';
import { sealLines, type ExportInput } from './export.js';

const text = (runs: Run[]) => runs.map((r) => r.text).join('');

/** The minutes as plain text, one block per line: for the public board and for screen readers of it. */
export function blocksText(input: ExportInput): string {
  const { label } = input;
  const lines: string[] = [];
  for (const block of blocksOf(input.content)) {
    switch (block.kind) {
      case 'header': {
        const a = block.attrs;
        lines.push(
          label('minutes.header.heading', { title: a.title }),
          `${label('minutes.header.organisation')}：${a.organisation}`,
          `${label('minutes.header.kind')}：${label(`minutes.kind.${a.kind}`)}`,
          `${label('minutes.header.time')}：${formatMeetingTime(a.startsAt, a.endsAt)}`,
          `${label('minutes.header.venue')}：${a.venue}`,
          `${label('minutes.header.convener')}：${a.convener || '—'}`,
          `${label('minutes.header.recorder')}：${a.recorders || '—'}`,
          `${label('minutes.header.attendance')}：${attendanceText(a, label)}`,
        );
        break;
      }
      case 'item':
        lines.push('', `${block.number}. ${block.title}`);
        break;
      case 'heading':
        lines.push(text(block.runs));
        break;
      case 'paragraph':
        if (text(block.runs).trim()) lines.push(`${'> '.repeat(block.quote)}${text(block.runs)}`);
        break;
      case 'list_item':
        lines.push(
          `${'> '.repeat(block.quote)}${'  '.repeat(block.depth - 1)}${block.ordered ? `${block.number}.` : '•'} ${text(block.runs)}`,
        );
        break;
      case 'vote':
        lines.push(
          `【${label('minutes.vote.label')}】${block.attrs.title}`,
          ...block.attrs.lines.map((l) => `  • ${l}`),
        );
        break;
      case 'footer':
        break;
    }
  }
  return [...lines, '', ...sealLines(input)].join('\n');
}
