import * as Y from 'yjs';
import { isProtected } from '../../shared/minutes/schema.js';

/** Per client, sorted non-overlapping clock ranges [start, end). */
type Ranges = Map<number, [number, number][]>;

function add(ranges: Ranges, id: Y.ID, length: number): void {
  const list = ranges.get(id.client) ?? [];
  list.push([id.clock, id.clock + length]);
  ranges.set(id.client, list);
}

function sort(ranges: Ranges): void {
  for (const list of ranges.values()) list.sort((a, b) => a[0] - b[0]);
}

/** True when [clock, clock + len) overlaps a stored range of the client. */
function overlaps(ranges: Ranges, client: number, clock: number, len = 1): boolean {
  const list = ranges.get(client);
  if (!list) return false;
  let lo = 0;
  let hi = list.length;
  // First range that ends after `clock`.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]![1] <= clock) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length && list[lo]![0] < clock + len;
}

const isID = (x: unknown): x is Y.ID => x instanceof Y.ID;

/**
 * Which Yjs items make up the protected blocks of a minutes document (header, agenda headings,
 * vote results, footer: shared/minutes/schema.ts), so an incoming update can be checked against
 * them by id alone, before it is applied. Protected blocks are leaf elements at the top level of
 * the fragment whose only children are their attributes, and only the server writes them.
 *
 * How a client could change one, and how each is recognised in the decoded update:
 * - create one (a forged vote result): a new element whose node name is protected;
 * - set an attribute: a new item whose origin is one of the element's attribute items (Yjs
 *   links a map entry to the entry it overwrites), or whose parent is the element itself;
 * - insert content into it: a new item whose parent is the element;
 * - delete it or clear an attribute: the update's delete set covers the element or a live
 *   attribute item. Deleting what is already deleted is allowed: a client's sync step 2 always
 *   carries its whole delete set, which includes attributes the server itself overwrote;
 * - reference items the server has not written yet (a guessed future id, which would bind once
 *   the server wrote there): an origin or parent of a server-authored client beyond the known state.
 *
 * The index is rebuilt after every change the server makes; clients cannot change it, since
 * every change they could make to it is refused.
 */
export class ProtectedIndex {
  private readonly elements: Ranges = new Map();
  private readonly attributes: Ranges = new Map();
  private readonly liveAttributes: Ranges = new Map();
  private readonly authors = new Set<number>();

  constructor(fragment: Y.XmlFragment) {
    for (let item = fragment._start; item; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
      const type = item.content.type;
      if (!(type instanceof Y.XmlElement) || !isProtected(type.nodeName)) continue;
      add(this.elements, item.id, item.length);
      this.authors.add(item.id.client);
      for (const latest of type._map.values()) {
        for (let entry: Y.Item | null = latest; entry; entry = entry.left) {
          add(this.attributes, entry.id, entry.length);
          if (!entry.deleted) add(this.liveAttributes, entry.id, entry.length);
          this.authors.add(entry.id.client);
        }
      }
    }
    for (const r of [this.elements, this.attributes, this.liveAttributes]) sort(r);
  }

  /** Why the update would change a protected block, or null when it leaves them all alone. */
  check(doc: Y.Doc, update: Uint8Array): string | null {
    const { structs, ds } = Y.decodeUpdate(update);
    const unknownAuthored = (id: Y.ID) => this.authors.has(id.client) && id.clock >= Y.getState(doc.store, id.client);
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      const content = struct.content;
      if (
        content instanceof Y.ContentType &&
        content.type instanceof Y.XmlElement &&
        isProtected(content.type.nodeName)
      )
        return `creates ${content.type.nodeName}`;
      if (isID(struct.parent)) {
        if (overlaps(this.elements, struct.parent.client, struct.parent.clock))
          return 'writes inside a protected block';
        if (unknownAuthored(struct.parent)) return 'refers to an unknown server item';
      }
      for (const origin of [struct.origin, struct.rightOrigin]) {
        if (!origin) continue;
        if (overlaps(this.attributes, origin.client, origin.clock)) return 'sets an attribute of a protected block';
        if (unknownAuthored(origin)) return 'refers to an unknown server item';
      }
    }
    for (const [client, deletes] of ds.clients) {
      for (const { clock, len } of deletes) {
        if (overlaps(this.elements, client, clock, len)) return 'deletes a protected block';
        if (overlaps(this.liveAttributes, client, clock, len)) return 'clears an attribute of a protected block';
      }
    }
    return null;
  }
}
