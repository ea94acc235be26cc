import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** y-websocket's outer message types. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;

export const encodeSyncStep1 = (doc: Y.Doc) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
};

export const encodeUpdate = (update: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
};

export const encodeAwareness = (awareness: awarenessProtocol.Awareness, clients: number[]) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(e);
};

/** True when an update carries no insertions and no deletions (what a read-only peer sends in step 2). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  try {
    const { structs, ds } = Y.decodeUpdate(update);
    return structs.length === 0 && ds.clients.size === 0;
  } catch {
    return false;
  }
}

export type SyncOutcome =
  | { kind: 'reply'; message: Uint8Array | null }
  | { kind: 'rejected'; reason: 'read_only_write' | 'malformed' | 'protected'; detail?: string };

/** Inspects an update before it is applied; returns why it is refused, or null to let it through. */
export type UpdateGuard = (update: Uint8Array) => string | null;

/**
 * Handles one sync message. Step 1 (a state vector) is answered with step 2. Step 2 and updates
 * change the document: on a read-only connection they are never applied — an empty step 2 is the
 * normal handshake answer of a peer with nothing new and is ignored; anything else is refused.
 * On a writable connection the guard sees every update first and may refuse it whole.
 */
export function readSync(
  decoder: decoding.Decoder,
  doc: Y.Doc,
  readOnly: boolean,
  origin: unknown,
  guard?: UpdateGuard,
): SyncOutcome {
  const type = decoding.readVarUint(decoder);
  if (type === syncProtocol.messageYjsSyncStep1) {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.readSyncStep1(decoder, e, doc);
    return { kind: 'reply', message: encoding.toUint8Array(e) };
  }
  if (type !== syncProtocol.messageYjsSyncStep2 && type !== syncProtocol.messageYjsUpdate) {
    return { kind: 'rejected', reason: 'malformed' };
  }
  const update = decoding.readVarUint8Array(decoder);
  if (readOnly) {
    return type === syncProtocol.messageYjsSyncStep2 && isEmptyUpdate(update)
      ? { kind: 'reply', message: null }
      : { kind: 'rejected', reason: 'read_only_write' };
  }
  const refusal = guard?.(update);
  if (refusal) return { kind: 'rejected', reason: 'protected', detail: refusal };
  Y.applyUpdate(doc, update, origin);
  return { kind: 'reply', message: null };
}
