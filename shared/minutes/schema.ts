import { Schema, type DOMOutputSpec, type Node as PMNode, type NodeSpec } from 'prosemirror-model';
import type { Params } from '../i18n/index.js';
import { attendanceText, formatMeetingTime, formatTimestamp } from './format.js';

/**
 * Nodes only the server writes: the header, one heading per agenda item, vote results and the
 * footer of the final version. They are leaf atoms (attributes, no content), so "changing" one
 * can only mean setting an attribute, inserting into it or deleting it — the three things the
 * server's guard refuses (server/collab/protect.ts). The editor refuses them too, before they
 * are sent (client/components/minutes-guard.ts), so an honest client never gets disconnected.
 */
export const PROTECTED_NODES = ['minutes_header', 'item_heading', 'vote_result', 'minutes_footer'] as const;
export type ProtectedNode = (typeof PROTECTED_NODES)[number];
export const isProtected = (name: string): name is ProtectedNode =>
  (PROTECTED_NODES as readonly string[]).includes(name);

/** The name of the Y.XmlFragment the editor binds to (y-prosemirror's default). */
export const MINUTES_FRAGMENT = 'prosemirror';

export interface HeaderAttrs {
  title: string;
  organisation: string;
  kind: string;
  startsAt: string;
  endsAt: string;
  venue: string;
  convener: string;
  recorders: string;
  expected: number;
  present: number;
  absent: number;
  /** Members following by their personal link from elsewhere (0 in documents written before remote attendance). */
  remote: number;
  /** Whether `present` includes the remote ones (the organisation allows remote voting). */
  remoteCounted: boolean;
}

export interface VoteResultAttrs {
  itemId: number;
  title: string;
  lines: string[];
}

export interface FooterAttrs {
  version: number;
  sha256: string;
  finalisedAt: string;
  signatories: { role: 'convener' | 'recorder'; name: string }[];
}

export type Label = (key: string, params?: Params) => string;

const atom = { group: 'protected', atom: true, selectable: false, draggable: false } as const;
const frozen = { contenteditable: 'false' };

function headerDOM(node: PMNode, label: Label): DOMOutputSpec {
  const a = node.attrs as HeaderAttrs;
  const row = (key: string, value: string): DOMOutputSpec => ['div', ['dt', label(key)], ['dd', value]];
  return [
    'header',
    { ...frozen, class: 'minutes-header' },
    ['h1', label('minutes.header.heading', { title: a.title })],
    [
      'dl',
      row('minutes.header.organisation', a.organisation),
      row('minutes.header.kind', label(`minutes.kind.${a.kind}`)),
      row('minutes.header.time', formatMeetingTime(a.startsAt, a.endsAt)),
      row('minutes.header.venue', a.venue),
      row('minutes.header.convener', a.convener || '—'),
      row('minutes.header.recorder', a.recorders || '—'),
      row('minutes.header.attendance', attendanceText(a, label)),
    ],
  ];
}

function voteDOM(node: PMNode, label: Label): DOMOutputSpec {
  const a = node.attrs as VoteResultAttrs;
  return [
    'section',
    { ...frozen, class: 'vote-result', 'data-item-id': String(a.itemId), 'aria-label': label('minutes.vote.label') },
    ['p', { class: 'vote-title' }, ['strong', a.title]],
    ['ul', ...a.lines.map((line): DOMOutputSpec => ['li', line])],
  ];
}

function footerDOM(node: PMNode, label: Label): DOMOutputSpec {
  const a = node.attrs as FooterAttrs;
  return [
    'footer',
    { ...frozen, class: 'minutes-footer' },
    ['p', label('minutes.footer.version', { version: a.version, time: formatTimestamp(a.finalisedAt) })],
    [
      'p',
      label('minutes.footer.signatories', {
        names: a.signatories.map((s) => `${label(`minutes.signatory.${s.role}`)} ${s.name}`).join('\u3000'),
      }),
    ],
    ['p', { class: 'sha' }, `SHA-256 ${a.sha256}`],
  ];
}

/**
 * The minutes schema: headings, bold, lists and quotes for the secretaries, and the protected
 * atoms above. Every protected attribute has a default, because y-prosemirror deletes a Yjs
 * element it cannot turn into a node — and deleting a protected element is refused.
 * `label` translates the fixed words the protected nodes show (the client passes its `t`).
 */
export function minutesSchema(label: Label): Schema {
  const nodes: Record<string, NodeSpec> = {
    doc: { content: '(block | protected)+' },
    paragraph: { group: 'block', content: 'inline*', parseDOM: [{ tag: 'p' }], toDOM: () => ['p', 0] },
    // Secretaries' headings sit under the agenda headings (h2), so they start at h3.
    heading: {
      group: 'block',
      content: 'inline*',
      attrs: { level: { default: 3 } },
      defining: true,
      parseDOM: [
        { tag: 'h1', attrs: { level: 3 } },
        { tag: 'h2', attrs: { level: 3 } },
        { tag: 'h3', attrs: { level: 3 } },
        { tag: 'h4', attrs: { level: 4 } },
        { tag: 'h5', attrs: { level: 4 } },
        { tag: 'h6', attrs: { level: 4 } },
      ],
      toDOM: (node) => [`h${node.attrs.level === 4 ? 4 : 3}`, 0],
    },
    blockquote: {
      group: 'block',
      content: 'block+',
      defining: true,
      parseDOM: [{ tag: 'blockquote' }],
      toDOM: () => ['blockquote', 0],
    },
    bullet_list: { group: 'block', content: 'list_item+', parseDOM: [{ tag: 'ul' }], toDOM: () => ['ul', 0] },
    ordered_list: { group: 'block', content: 'list_item+', parseDOM: [{ tag: 'ol' }], toDOM: () => ['ol', 0] },
    list_item: { content: 'paragraph block*', defining: true, parseDOM: [{ tag: 'li' }], toDOM: () => ['li', 0] },
    text: { group: 'inline' },
    hard_break: { inline: true, group: 'inline', selectable: false, parseDOM: [{ tag: 'br' }], toDOM: () => ['br'] },
    minutes_header: {
      ...atom,
      attrs: {
        title: { default: '' },
        organisation: { default: '' },
        kind: { default: 'consultation' },
        startsAt: { default: '' },
        endsAt: { default: '' },
        venue: { default: '' },
        convener: { default: '' },
        recorders: { default: '' },
        expected: { default: 0 },
        present: { default: 0 },
        absent: { default: 0 },
        remote: { default: 0 },
        remoteCounted: { default: false },
      },
      toDOM: (node) => headerDOM(node, label),
    },
    item_heading: {
      ...atom,
      attrs: { itemId: { default: 0 }, title: { default: '' } },
      // Numbered by a CSS counter in document order: sections never move, the agenda may.
      toDOM: (node) => [
        'h2',
        { ...frozen, class: 'item-heading', 'data-item-id': String(node.attrs.itemId) },
        String(node.attrs.title),
      ],
    },
    vote_result: {
      ...atom,
      attrs: { itemId: { default: 0 }, title: { default: '' }, lines: { default: [] } },
      toDOM: (node) => voteDOM(node, label),
    },
    minutes_footer: {
      ...atom,
      attrs: {
        version: { default: 0 },
        sha256: { default: '' },
        finalisedAt: { default: '' },
        signatories: { default: [] },
      },
      toDOM: (node) => footerDOM(node, label),
    },
  };
  return new Schema({
    nodes,
    marks: { strong: { parseDOM: [{ tag: 'strong' }, { tag: 'b' }], toDOM: () => ['strong', 0] } },
  });
}
