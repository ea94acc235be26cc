import * as Y from 'yjs';
import type { MinutesNode } from '../../shared/minutes/content.js';
import {
  MINUTES_FRAGMENT,
  type FooterAttrs,
  type HeaderAttrs,
  type VoteResultAttrs,
} from '../../shared/minutes/schema.js';

/**
 * The minutes document in Yjs terms, as y-prosemirror stores a ProseMirror document: each node
 * an XmlElement named after its type with its attributes, text in XmlText with marks as
 * formatting attributes. These functions are the server's only way of writing to it.
 */
export const fragmentOf = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment(MINUTES_FRAGMENT);
export { toJSON } from '../../shared/minutes/yjs.js';

function element(name: string, attrs: object, children: (Y.XmlElement | Y.XmlText)[] = []): Y.XmlElement {
  const el = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value as string);
  if (children.length) el.insert(0, children);
  return el;
}

/** ProseMirror JSON → Yjs elements, as y-prosemirror would write them (for the demo and tests). */
export function toYjs(node: MinutesNode): Y.XmlElement | Y.XmlText {
  const delta = (texts: MinutesNode[]) =>
    texts.map((t) => ({
      insert: t.text ?? '',
      attributes: Object.fromEntries((t.marks ?? []).map((m) => [m.type, m.attrs ?? {}])),
    }));
  const textOf = (texts: MinutesNode[]) => {
    // Not yet in a document: only applyDelta may be used (reading its length would warn).
    const text = new Y.XmlText();
    text.applyDelta(delta(texts));
    return text;
  };
  if (node.type === 'text') return textOf([node]);
  // Adjacent text nodes share one XmlText, with the marks as formatting of each run.
  const children: (Y.XmlElement | Y.XmlText)[] = [];
  let run: MinutesNode[] = [];
  for (const child of node.content ?? []) {
    if (child.type === 'text') {
      run.push(child);
      continue;
    }
    if (run.length) children.push(textOf(run));
    run = [];
    children.push(toYjs(child));
  }
  if (run.length) children.push(textOf(run));
  return element(node.type, node.attrs ?? {}, children);
}

const children = (doc: Y.Doc) => fragmentOf(doc).toArray() as (Y.XmlElement | Y.XmlText)[];
const named = (node: unknown, name: string): node is Y.XmlElement =>
  node instanceof Y.XmlElement && node.nodeName === name;

export interface Structure {
  header: HeaderAttrs;
  agenda: { id: number; title: string }[];
}

/**
 * Gives a document the structure of its meeting: on first load the header and one section per
 * agenda item (a protected heading and an empty paragraph to type in), in agenda order; later,
 * the header kept current (attendance from check-ins) and a section appended for every new item.
 * Only what differs is written, so calling it again changes nothing. Returns whether it wrote.
 */
export function syncStructure(doc: Y.Doc, s: Structure): boolean {
  let wrote = false;
  const fragment = fragmentOf(doc);
  const nodes = children(doc);
  if (nodes.some((n) => named(n, 'minutes_footer'))) return false;
  const header = nodes.find((n): n is Y.XmlElement => named(n, 'minutes_header'));
  if (!header) {
    fragment.insert(0, [element('minutes_header', s.header)]);
    wrote = true;
  } else {
    const current = header.getAttributes() as Record<string, unknown>;
    for (const [key, value] of Object.entries(s.header)) {
      if (current[key] !== value) {
        header.setAttribute(key, value as string);
        wrote = true;
      }
    }
  }
  const headings = new Map(
    children(doc)
      .filter((n): n is Y.XmlElement => named(n, 'item_heading'))
      .map((n) => [Number(n.getAttribute('itemId')), n]),
  );
  const appended: Y.XmlElement[] = [];
  for (const item of s.agenda) {
    const existing = headings.get(item.id);
    if (!existing) {
      appended.push(element('item_heading', { itemId: item.id, title: item.title }), element('paragraph', {}));
    } else if (existing.getAttribute('title') !== item.title) {
      existing.setAttribute('title', item.title);
      wrote = true;
    }
  }
  if (appended.length) {
    fragment.insert(fragment.length, appended);
    wrote = true;
  }
  return wrote;
}

/** Index just after the last block of an item's section: before the next agenda heading or the footer. */
export function sectionEnd(doc: Y.Doc, itemId: number): number | null {
  const nodes = children(doc);
  const start = nodes.findIndex((n) => named(n, 'item_heading') && Number(n.getAttribute('itemId')) === itemId);
  if (start < 0) return null;
  const next = nodes.findIndex((n, i) => i > start && (named(n, 'item_heading') || named(n, 'minutes_footer')));
  return next < 0 ? nodes.length : next;
}

/** Adds a vote result at the end of its item's section, followed by a paragraph to keep typing in. */
export function insertVote(doc: Y.Doc, vote: VoteResultAttrs): boolean {
  const at = sectionEnd(doc, vote.itemId);
  if (at === null) return false;
  fragmentOf(doc).insert(at, [element('vote_result', vote), element('paragraph', {})]);
  return true;
}

/** Appends blocks (ProseMirror JSON) at the end of an item's section. */
export function appendToSection(doc: Y.Doc, itemId: number, blocks: MinutesNode[]): boolean {
  const at = sectionEnd(doc, itemId);
  if (at === null) return false;
  fragmentOf(doc).insert(at, blocks.map(toYjs));
  return true;
}

export const hasFooter = (doc: Y.Doc): boolean => children(doc).some((n) => named(n, 'minutes_footer'));

/** Seals the document: the footer that shows the version, its hash, who signs and when. */
export function appendFooter(doc: Y.Doc, footer: FooterAttrs): void {
  const fragment = fragmentOf(doc);
  fragment.insert(fragment.length, [element('minutes_footer', footer)]);
}
