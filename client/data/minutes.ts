import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../shared/error-codes.js';
import { MINUTES_FRAGMENT } from '../../shared/minutes/schema.js';
import type { MinutesInfo } from '../../shared/schemas/minutes.js';
import { request } from './api.js';

export const getMinutesInfo = (meetingId: number): Promise<MinutesInfo> =>
  request<MinutesInfo>('GET', `/api/meetings/${meetingId}/minutes`);

export const publishMinutes = (meetingId: number): Promise<MinutesInfo> =>
  request<MinutesInfo>('POST', `/api/meetings/${meetingId}/minutes/publish`);

/** Links, not fetches: the browser downloads the file itself (and keeps the session cookie). */
export const minutesDownload = (meetingId: number, format: 'docx' | 'pdf'): string =>
  `/api/meetings/${meetingId}/minutes.${format}`;

/**
 * - connecting: first connection under way, nothing shown yet;
 * - synced: connected and up to date with the server;
 * - offline: the connection dropped; edits stay in this page and are sent when it comes back;
 * - closed: the server ended the connection for good (see `closedReason`).
 */
export type MinutesConnectionState = 'connecting' | 'synced' | 'offline' | 'closed';
export type MinutesClosedReason = 'unauthorized' | 'forbidden' | 'not_found' | 'read_only' | 'finalised' | 'protected';

const REASONS: Record<number, MinutesClosedReason> = {
  [CLOSE_CODES.unauthorized.code]: 'unauthorized',
  [CLOSE_CODES.forbidden.code]: 'forbidden',
  [CLOSE_CODES.notFound.code]: 'not_found',
  [CLOSE_CODES.readOnly.code]: 'read_only',
  [CLOSE_CODES.finalised.code]: 'finalised',
  [CLOSE_CODES.protectedContent.code]: 'protected',
};

export interface MinutesSession {
  /** The document's content, bound by the editor (y-prosemirror) or rendered by a viewer. */
  readonly fragment: Y.XmlFragment;
  readonly awareness: Awareness;
  readonly state: MinutesConnectionState;
  readonly closedReason: MinutesClosedReason | null;
  /** Called on every state change. */
  onState(fn: () => void): () => void;
  /** Shows this person (name, cursor colour) to the others; null for viewers, who stay invisible. */
  setUser(user: { name: string; color: string } | null): void;
  close(): void;
}

/**
 * Opens a meeting's minutes over y-websocket at /yjs/minutes:<id>. Staff are recognised by their
 * session cookie; the projector passes its screen token, a participant's phone its personal token
 * (as `?t=` / `?p=`). Close codes 44xx are final (y-websocket stops retrying on them); anything
 * else — a restart, a dropped Wi-Fi — is reconnected, and what was typed meanwhile is merged.
 */
export function openMinutes(
  meetingId: number,
  tokens: { screenToken?: string; inviteToken?: string } = {},
): MinutesSession {
  const doc = new Y.Doc();
  const params: Record<string, string> = {};
  if (tokens.screenToken) params.t = tokens.screenToken;
  if (tokens.inviteToken) params.p = tokens.inviteToken;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`;
  const provider = new WebsocketProvider(url, `minutes:${meetingId}`, doc, { params, maxBackoffTime: 5000 });
  const listeners = new Set<() => void>();
  let state: MinutesConnectionState = 'connecting';
  let closedReason: MinutesClosedReason | null = null;
  let everSynced = false;
  const set = (next: MinutesConnectionState) => {
    state = next;
    listeners.forEach((fn) => fn());
  };
  provider.on('sync', (synced: boolean) => {
    if (synced) everSynced = true;
    if (synced && state !== 'closed') set('synced');
  });
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'disconnected' && state !== 'closed') set(everSynced ? 'offline' : 'connecting');
  });
  provider.on('connection-close', (event: CloseEvent | null) => {
    const reason = event ? REASONS[event.code] : undefined;
    if (!reason) return;
    closedReason = reason;
    provider.disconnect();
    set('closed');
  });
  return {
    fragment: doc.getXmlFragment(MINUTES_FRAGMENT),
    awareness: provider.awareness,
    get state() {
      return state;
    },
    get closedReason() {
      return closedReason;
    },
    onState(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    setUser(user) {
      if (user) provider.awareness.setLocalStateField('user', user);
      else provider.awareness.setLocalState(null);
    },
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}
