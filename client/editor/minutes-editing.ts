import { baseKeymap, lift, setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import type { Node as PMNode, Schema } from 'prosemirror-model';
import { liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { Plugin, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import { redo, undo, ySyncPluginKey } from 'y-prosemirror';
import { isProtected } from '../../shared/minutes/schema.js';

/** Top-level protected nodes in order, with their positions, as "type + attributes" keys. */
function protectedNodes(doc: PMNode): { key: string; pos: number; size: number }[] {
  const out: { key: string; pos: number; size: number }[] = [];
  doc.forEach((node, pos) => {
    if (isProtected(node.type.name))
      out.push({ key: `${node.type.name}:${JSON.stringify(node.attrs)}`, pos, size: node.nodeSize });
  });
  return out;
}

/**
 * Refuses, in the editor, every local change that would touch a block only the server writes
 * (header, agenda headings, vote results, footer): deleting one, changing it, or adding one
 * (pasting a copied vote result). The server refuses such updates anyway and disconnects whoever
 * sends one; this keeps an honest secretary from ever getting there — a selection across a vote
 * result and Backspace simply does nothing. Changes arriving from Yjs (the server's own) pass.
 */
export function protectedGuard(): Plugin {
  return new Plugin({
    filterTransaction(tr: Transaction, state: EditorState) {
      if (!tr.docChanged) return true;
      const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
      if (meta?.isChangeOrigin) return true;
      const before = protectedNodes(state.doc);
      for (const { pos, size } of before) {
        const start = tr.mapping.mapResult(pos, 1);
        const end = tr.mapping.mapResult(pos + size, -1);
        if (start.deleted || end.deleted || end.pos - start.pos !== size) return false;
      }
      const after = protectedNodes(tr.doc);
      return after.length === before.length && after.every((n, i) => n.key === before[i]!.key);
    },
  });
}

export interface MinutesCommands {
  paragraph: Command;
  heading: Command;
  subheading: Command;
  bold: Command;
  bulletList: Command;
  orderedList: Command;
  quote: Command;
  lift: Command;
  undo: Command;
  redo: Command;
}

export function minutesCommands(schema: Schema): MinutesCommands {
  const n = schema.nodes;
  return {
    paragraph: setBlockType(n.paragraph!),
    heading: setBlockType(n.heading!, { level: 3 }),
    subheading: setBlockType(n.heading!, { level: 4 }),
    bold: toggleMark(schema.marks.strong!),
    bulletList: wrapInList(n.bullet_list!),
    orderedList: wrapInList(n.ordered_list!),
    quote: wrapIn(n.blockquote!),
    lift: (state, dispatch) => liftListItem(n.list_item!)(state, dispatch) || lift(state, dispatch),
    undo,
    redo,
  };
}

/** Keyboard: the usual shortcuts, Enter/Tab inside lists, and Yjs-aware undo (only your own edits). */
export function minutesKeymaps(schema: Schema, c: MinutesCommands): Plugin[] {
  const item = schema.nodes.list_item!;
  return [
    keymap({
      'Mod-z': c.undo,
      'Mod-y': c.redo,
      'Shift-Mod-z': c.redo,
      'Mod-b': c.bold,
      'Mod-Alt-0': c.paragraph,
      'Mod-Alt-3': c.heading,
      'Mod-Alt-4': c.subheading,
      'Shift-Mod-8': c.bulletList,
      'Shift-Mod-9': c.orderedList,
      'Mod-]': sinkListItem(item),
      'Mod-[': liftListItem(item),
      Enter: splitListItem(item),
      Tab: sinkListItem(item),
      'Shift-Tab': liftListItem(item),
    }),
    keymap(baseKeymap),
  ];
}

/** Cursor colours: dark enough for white name labels (≥ 4.5:1), distinct from each other. */
export const CURSOR_COLOURS = ['#b3261e', '#0b57a4', '#1e6b3a', '#6a3d9a', '#8a4b00', '#00697a', '#a3195b', '#4a545e'];
export const colourFor = (userId: number) => CURSOR_COLOURS[userId % CURSOR_COLOURS.length]!;

/** Colours come from other people's awareness state: only a plain #rrggbb is used, anything else is grey. */
export const safeColour = (colour: unknown) =>
  typeof colour === 'string' && /^#[0-9a-f]{6}$/i.test(colour) ? colour : '#4a545e';

/**
 * Another editor's caret with their name. Built with the CSSOM (`style.borderColor`) rather than
 * y-prosemirror's default, which sets a `style` attribute the CSP (style-src 'self') refuses.
 * Word joiners on both sides keep the label from causing a line break.
 */
export function cursorBuilder(user: { name?: unknown; color?: unknown }): HTMLElement {
  const caret = document.createElement('span');
  caret.className = 'remote-caret';
  caret.style.borderColor = safeColour(user.color);
  const label = document.createElement('span');
  label.className = 'remote-name';
  label.style.backgroundColor = safeColour(user.color);
  label.textContent = typeof user.name === 'string' ? user.name : '';
  caret.append(document.createTextNode('\u2060'), label, document.createTextNode('\u2060'));
  return caret;
}

/** Their selection, tinted with their colour (ProseMirror applies decoration styles through the CSSOM). */
export const selectionBuilder = (user: { color?: unknown }) => ({
  style: `background-color: ${safeColour(user.color)}33`,
  class: 'remote-selection',
});
