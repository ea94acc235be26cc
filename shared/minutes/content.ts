import type { FooterAttrs, HeaderAttrs, VoteResultAttrs } from './schema.js';

/** A ProseMirror node as JSON: what y-prosemirror stores, the final version keeps and exports read. */
export interface MinutesNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: MinutesNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/**
 * JSON with object keys sorted and no whitespace (the RFC 8785 idea, for the values minutes
 * hold: strings, integers, booleans, arrays, objects). The same content always gives the same
 * bytes, so its SHA-256 can be recomputed by anyone holding the text.
 */
export function canonicalJSON(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJSON(v)}`).join(',')}}`;
}

/** The content a final version's hash covers: everything but the footer, which carries the hash. */
export function hashedContent(doc: MinutesNode): MinutesNode {
  return { ...doc, content: (doc.content ?? []).filter((n) => n.type !== 'minutes_footer') };
}

export const inlineText = (node: MinutesNode): string =>
  node.type === 'text'
    ? (node.text ?? '')
    : node.type === 'hard_break'
      ? '\n'
      : (node.content ?? []).map(inlineText).join('');

/**
 * One block of the minutes as exporters see it: a flat list, each with what it needs to be
 * drawn in Word, in a PDF or as plain text. Lists become items with their depth and number.
 */
export type Block =
  | { kind: 'header'; attrs: HeaderAttrs }
  | { kind: 'item'; title: string; number: number }
  | { kind: 'heading'; level: 3 | 4; runs: Run[] }
  | { kind: 'paragraph'; runs: Run[]; quote: number }
  | { kind: 'list_item'; runs: Run[]; depth: number; ordered: boolean; number: number; quote: number }
  | { kind: 'vote'; attrs: VoteResultAttrs }
  | { kind: 'footer'; attrs: FooterAttrs };

export interface Run {
  text: string;
  bold: boolean;
}

function runsOf(node: MinutesNode): Run[] {
  const out: Run[] = [];
  for (const child of node.content ?? []) {
    const text = child.type === 'hard_break' ? '\n' : (child.text ?? '');
    if (!text) continue;
    const bold = (child.marks ?? []).some((m) => m.type === 'strong');
    const last = out[out.length - 1];
    if (last && last.bold === bold) last.text += text;
    else out.push({ text, bold });
  }
  return out;
}

/** Flattens a minutes document into blocks, in order. */
export function blocksOf(doc: MinutesNode): Block[] {
  const out: Block[] = [];
  let item = 0;
  const walk = (nodes: MinutesNode[], ctx: { quote: number; depth: number; list: null | { ordered: boolean } }) => {
    let number = 0;
    for (const node of nodes) {
      switch (node.type) {
        case 'minutes_header':
          out.push({ kind: 'header', attrs: node.attrs as unknown as HeaderAttrs });
          break;
        case 'item_heading':
          out.push({ kind: 'item', title: String(node.attrs?.title ?? ''), number: ++item });
          break;
        case 'vote_result':
          out.push({ kind: 'vote', attrs: node.attrs as unknown as VoteResultAttrs });
          break;
        case 'minutes_footer':
          out.push({ kind: 'footer', attrs: node.attrs as unknown as FooterAttrs });
          break;
        case 'heading':
          out.push({ kind: 'heading', level: node.attrs?.level === 4 ? 4 : 3, runs: runsOf(node) });
          break;
        case 'paragraph':
          out.push({ kind: 'paragraph', runs: runsOf(node), quote: ctx.quote });
          break;
        case 'blockquote':
          walk(node.content ?? [], { ...ctx, quote: ctx.quote + 1 });
          break;
        case 'bullet_list':
        case 'ordered_list':
          walk(node.content ?? [], { ...ctx, depth: ctx.depth + 1, list: { ordered: node.type === 'ordered_list' } });
          break;
        case 'list_item': {
          number++;
          const [first, ...rest] = node.content ?? [];
          out.push({
            kind: 'list_item',
            runs: first ? runsOf(first) : [],
            depth: ctx.depth,
            ordered: ctx.list?.ordered ?? false,
            number,
            quote: ctx.quote,
          });
          walk(rest, { ...ctx, list: null });
          break;
        }
      }
    }
  };
  walk(doc.content ?? [], { quote: 0, depth: 0, list: null });
  return out;
}
