import { io, type Socket } from 'socket.io-client';
import type { Result } from '../../shared/error-codes.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import type { StaffTopicSummary } from '../../shared/schemas/intake.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import { forgetSession } from './session.js';

export type YishiSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = 'connecting' | 'online' | 'offline';

const ACK_TIMEOUT_MS = 10_000;
let socket: YishiSocket | null = null;
let state: ConnectionState = 'connecting';
const stateListeners = new Set<(s: ConnectionState) => void>();

function setState(next: ConnectionState): void {
  state = next;
  for (const fn of stateListeners) fn(next);
}

/**
 * One socket per page, created on first use. WebSocket only: several server instances run
 * without sticky sessions (STACK.md), which long-polling would need. Exported for the other
 * modules of client/data (meetings, votes); pages and components never touch it.
 */
export function connection(): YishiSocket {
  if (socket) return socket;
  const s: YishiSocket = io({ path: '/socket.io/', transports: ['websocket'] });
  let restartHintMs: number | null = null;
  s.on('connect', () => {
    restartHintMs = null;
    setState('online');
  });
  s.on('connect_error', () => setState('offline'));
  s.on('server:restarting', ({ reconnectInMs }) => {
    restartHintMs = reconnectInMs;
  });
  s.on('disconnect', (reason) => {
    setState('offline');
    // socket.io does not retry after the server disconnects us on purpose. On a restart that is
    // what we want to undo, after the hint plus jitter so a hall full of phones does not reconnect at once.
    if (reason === 'io server disconnect' && restartHintMs !== null) {
      setTimeout(() => s.connect(), restartHintMs + Math.random() * 1000);
    }
  });
  s.on('session:ended', () => forgetSession());
  socket = s;
  return s;
}

/** The page's socket, for the other modules of client/data (components never touch it). */
export const sharedSocket = (): YishiSocket => connection();

/** Re-handshakes so the server sees the current session cookie (after login). */
export function reconnectSocket(): void {
  if (!socket) return;
  setState('connecting');
  socket.disconnect().connect();
}

/** Closes the socket on logout; the next subscriber opens it again. */
export function closeSocket(): void {
  socket?.disconnect();
  setState('connecting');
}

/** Online/offline for the shell's marker; subscribing opens the connection. */
export function onConnectionChange(fn: (s: ConnectionState) => void): () => void {
  stateListeners.add(fn);
  const s = connection();
  if (s.disconnected && !s.active) s.connect();
  fn(state);
  return () => stateListeners.delete(fn);
}

/**
 * Live updates of organisations (the server also sends changes of their descendants). Watches
 * again after every reconnect, since a new socket starts in no rooms. `onError` gets the
 * server's refusal (e.g. forbidden) of any watch.
 */
export function watchOrganisations(
  ids: number[],
  onUpdated: (o: OrganisationView) => void,
  onError?: (error: { code: string; message: string }) => void,
): () => void {
  const s = connection();
  const watch = () => {
    for (const organisationId of ids) {
      s.timeout(ACK_TIMEOUT_MS).emit(
        'organisation:watch',
        { organisationId },
        (err: Error | null, result: Result<{ organisationId: number }>) => {
          // A timeout means the connection dropped; the reconnect watches again.
          if (!err && !result.ok) onError?.(result.error);
        },
      );
    }
  };
  s.on('connect', watch);
  s.on('organisation:updated', onUpdated);
  if (s.connected) watch();
  return () => {
    s.off('connect', watch);
    s.off('organisation:updated', onUpdated);
  };
}

export interface ReviewQueueHandlers {
  received(topic: StaffTopicSummary): void;
  updated(topic: StaffTopicSummary): void;
  /** After each (re)connection has joined the queues: anything missed while offline must be re-read. */
  joined?(): void;
  onError?(error: { code: string; message: string }): void;
}

/**
 * The live review queue (`review:watch`) of organisations the user reviews: topics arriving
 * (`topic:received`) and changing (`topic:updated`). Joins again after every reconnect.
 */
export function watchReviewQueue(ids: number[], handlers: ReviewQueueHandlers): () => void {
  const s = connection();
  const watch = () => {
    let pending = ids.length;
    for (const organisationId of ids) {
      s.timeout(ACK_TIMEOUT_MS).emit(
        'review:watch',
        { organisationId },
        (err: Error | null, result: Result<{ organisationId: number; openCount: number }>) => {
          if (!err && !result.ok) handlers.onError?.(result.error);
          if (--pending === 0) handlers.joined?.();
        },
      );
    }
  };
  const received = (t: StaffTopicSummary) => handlers.received(t);
  const updated = (t: StaffTopicSummary) => handlers.updated(t);
  s.on('connect', watch);
  s.on('topic:received', received);
  s.on('topic:updated', updated);
  if (s.connected) watch();
  return () => {
    s.off('connect', watch);
    s.off('topic:received', received);
    s.off('topic:updated', updated);
  };
}
