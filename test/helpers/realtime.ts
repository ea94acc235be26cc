import { io, type Socket } from 'socket.io-client';
import type { Result } from '../../shared/error-codes.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real Socket.IO client, authenticated by the cookie of a test Client (or anonymous). */
export async function connectSocket(url: string, cookie = ''): Promise<TestSocket> {
  const socket: TestSocket = io(url, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Emits with an ack and resolves the Result. */
export function call<T>(socket: TestSocket, event: keyof ClientToServerEvents, payload: unknown): Promise<Result<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), 5000);
    (socket.emit as (e: string, p: unknown, ack: (r: Result<T>) => void) => void)(event, payload, (r) => {
      clearTimeout(timer);
      resolve(r);
    });
  });
}

export function waitForEvent<T>(socket: TestSocket, event: keyof ServerToClientEvents, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), ms);
    (socket.once as (e: string, fn: (v: T) => void) => void)(event, (v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

/** Waits for a broadcast that satisfies `accept`, ignoring earlier ones (e.g. stale states still in flight). */
export function waitForMatch<T>(
  socket: TestSocket,
  event: keyof ServerToClientEvents,
  accept: (value: T) => boolean,
  ms = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (value: T) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      (socket.off as (e: string, fn: (v: T) => void) => void)(event, on);
      resolve(value);
    };
    const timer = setTimeout(() => {
      (socket.off as (e: string, fn: (v: T) => void) => void)(event, on);
      reject(new Error(`timed out waiting for a matching ${event}`));
    }, ms);
    (socket.on as (e: string, fn: (v: T) => void) => void)(event, on);
  });
}

/**
 * Records every broadcast of an event from now on, so a test can wait for one that may already
 * have arrived (a broadcast can overtake the acknowledgement of the request that caused it).
 */
export function recordEvents<T>(socket: TestSocket, event: keyof ServerToClientEvents) {
  const seen: T[] = [];
  const waiters = new Set<{ accept: (v: T) => boolean; resolve: (v: T) => void }>();
  (socket.on as (e: string, fn: (v: T) => void) => void)(event, (value) => {
    seen.push(value);
    for (const w of [...waiters])
      if (w.accept(value)) {
        waiters.delete(w);
        w.resolve(value);
      }
  });
  return {
    seen,
    until(accept: (value: T) => boolean, ms = 5000): Promise<T> {
      const found = seen.find(accept);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          accept,
          resolve: (v: T) => {
            clearTimeout(timer);
            resolve(v);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`timed out waiting for a matching ${event}`));
        }, ms);
        waiters.add(waiter);
      });
    },
  };
}
