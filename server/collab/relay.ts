import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The Yjs relay between instances (issue 9): every instance that has a document open applies
 * the updates the others' clients make, so two secretaries connected to different instances
 * edit one document and no instance's copy goes stale.
 *
 * Frames travel on one cluster bus channel. Each names its document; an instance that does not
 * have the document open ignores it (it loads the stored state when a client opens it, then
 * asks the others for anything not yet stored). Kinds:
 * - `update`: a Yjs update made on the sender (by its clients or its server work). Receivers
 *   apply it with RELAY_ORIGIN (so it is not relayed back) and store it as well: the sender may
 *   die before its batch reaches the database.
 * - `query`: "this is my state vector"; whoever has the document open answers with an update
 *   of what the asker lacks. Sent after loading and after a Redis outage (messages were lost).
 * - `freeze` / `close`: the minutes were finalised on the sender: refuse further client edits,
 *   and end connections with the given close code, as the sender does with its own.
 */
export const RELAY_CHANNEL = 'yjs';

/** The origin of updates applied from another instance: sent on to local clients, never relayed back. */
export const RELAY_ORIGIN = Symbol('relay');

export type RelayFrame =
  | { kind: 'update'; doc: string; update: Uint8Array }
  | { kind: 'query'; doc: string; stateVector: Uint8Array }
  | { kind: 'freeze'; doc: string }
  | { kind: 'close'; doc: string; code: number; reason: string };

const KINDS = ['update', 'query', 'freeze', 'close'] as const;

export function encodeFrame(frame: RelayFrame): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, KINDS.indexOf(frame.kind));
  encoding.writeVarString(e, frame.doc);
  if (frame.kind === 'update') encoding.writeVarUint8Array(e, frame.update);
  else if (frame.kind === 'query') encoding.writeVarUint8Array(e, frame.stateVector);
  else if (frame.kind === 'close') {
    encoding.writeVarUint(e, frame.code);
    encoding.writeVarString(e, frame.reason);
  }
  return encoding.toUint8Array(e);
}

/** Null for anything that is not a frame of ours (the channel is shared by our instances only, but be strict). */
export function decodeFrame(data: Uint8Array): RelayFrame | null {
  try {
    const d = decoding.createDecoder(data);
    const kind = KINDS[decoding.readVarUint(d)];
    const doc = decoding.readVarString(d);
    switch (kind) {
      case 'update':
        return { kind, doc, update: decoding.readVarUint8Array(d) };
      case 'query':
        return { kind, doc, stateVector: decoding.readVarUint8Array(d) };
      case 'freeze':
        return { kind, doc };
      case 'close':
        return { kind, doc, code: decoding.readVarUint(d), reason: decoding.readVarString(d) };
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/** What the collaboration server needs from the cluster: the bus, and word of a Redis outage ending. */
export interface RelayLink {
  publish(data: Uint8Array): void;
  subscribe(handler: (data: Uint8Array) => void): void;
  onRecovered(fn: () => void): void;
}
