import * as Y from 'yjs';
import type { MinutesNode } from './content.js';
import { MINUTES_FRAGMENT } from './schema.js';

/**
 * Yjs → ProseMirror JSON, as y-prosemirror's yXmlFragmentToProsemirrorJSON gives it but without
 * importing the editor: the server hashes and exports this, and read-only viewers render it.
 * Unlike y-prosemirror's own conversion it never writes to the document (that one deletes
 * elements the schema rejects, which a read-only connection may not do).
 */
export function toJSON(doc: Y.Doc): MinutesNode {
  const markName = (attr: string) => attr.split('--')[0]!;
  const serialise = (item: Y.XmlElement | Y.XmlText): MinutesNode[] => {
    if (item instanceof Y.XmlText) {
      return (item.toDelta() as { insert: unknown; attributes?: Record<string, Record<string, unknown>> }[])
        .filter((d) => typeof d.insert === 'string' && d.insert)
        .map((d) => {
          const marks = Object.entries(d.attributes ?? {}).map(([name, attrs]) =>
            attrs && Object.keys(attrs).length ? { type: markName(name), attrs } : { type: markName(name) },
          );
          return { type: 'text', text: d.insert as string, ...(marks.length ? { marks } : {}) };
        });
    }
    const attrs = item.getAttributes() as Record<string, unknown>;
    const children = item.toArray().flatMap((c) => serialise(c as Y.XmlElement | Y.XmlText));
    return [
      {
        type: item.nodeName,
        ...(Object.keys(attrs).length ? { attrs } : {}),
        ...(children.length ? { content: children } : {}),
      },
    ];
  };
  return {
    type: 'doc',
    content: doc
      .getXmlFragment(MINUTES_FRAGMENT)
      .toArray()
      .flatMap((c) => serialise(c as Y.XmlElement | Y.XmlText)),
  };
}
