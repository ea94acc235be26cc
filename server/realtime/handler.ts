import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Result } from '../../shared/error-codes.js';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../../shared/events.js';
import { AppError, parse } from '../errors.js';
import type { Logger } from '../logger.js';

export type YishiSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
/** Here rather than in index.ts, so the feature modules index.ts imports need not import it back. */
export type YishiServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * A socket event listener made once for every socket. Socket.IO dispatches events through
 * EventEmitter, which calls a listener with the socket as `this`; so no listener closes over
 * its socket, and a hall of a thousand phones does not hold a thousand copies of each (a
 * closure and its context per event per socket came to some 8 KB a socket).
 */
export type SocketHandler = (this: YishiSocket, ...args: unknown[]) => Promise<void>;

/** The listeners of one feature, by event name. */
export type SocketHandlers = { [E in keyof ClientToServerEvents]?: SocketHandler };

/**
 * Wraps a socket event handler the same way routes are wrapped: the payload arrives as unknown
 * and is parsed by a schema, errors become a typed `{ ok: false, error }` ack, a client that
 * sends no ack callback cannot crash the server, and one that sends extra arguments is refused
 * (its ack is still found: it is the last argument).
 */
export function handle<S extends z.ZodType, T>(
  logger: Logger,
  schema: S,
  fn: (payload: z.output<S>, socket: YishiSocket) => Promise<T>,
): SocketHandler {
  return async function (this: YishiSocket, ...args) {
    // Socket.IO passes the ack as the last argument, however many the client sent before it.
    const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
    const reply = ack ? (ack as (r: Result<T>) => void) : () => undefined;
    try {
      if (args.length > 1) throw new AppError('bad_request');
      reply({ ok: true, data: await fn(parse(schema, args[0]), this) });
    } catch (err) {
      const appError = err instanceof AppError ? err : new AppError('internal');
      if (!(err instanceof AppError)) logger.error({ err, socketId: this.id }, 'socket handler failed');
      reply({ ok: false, error: appError.toBody(this.data.locale).error });
    }
  };
}

/** Adds a feature's listeners to a newly connected socket. */
export function attach(socket: YishiSocket, handlers: SocketHandlers): void {
  const on = socket as unknown as { on(event: string, listener: SocketHandler): void };
  for (const [event, listener] of Object.entries(handlers)) on.on(event, listener);
}

/**
 * Answers an event no feature listens to, when the client asked for an answer (issue 14,
 * finding 6): a typo or a client newer than the server otherwise waits on its ack forever.
 * Any-listeners run before the event's own listeners, so this sees every event.
 */
export function answerUnknownEvents(socket: YishiSocket): void {
  socket.onAny((event: unknown, ...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function' || socket.listenerCount(event as string) > 0) return;
    const error = new AppError('unknown_event').toBody(socket.data.locale).error;
    (ack as (r: Result<never>) => void)({
      ok: false,
      error: { ...error, details: { event: String(event).slice(0, 100) } },
    });
  });
}
