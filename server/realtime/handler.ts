import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { Result } from '../../shared/error-codes.js';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../../shared/events.js';
import { AppError, parse } from '../errors.js';
import type { Logger } from '../logger.js';

export type YishiSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * Wraps a socket event handler the same way routes are wrapped: the payload arrives as unknown
 * and is parsed by a schema, errors become a typed `{ ok: false, error }` ack, a client that
 * sends no ack callback cannot crash the server, and one that sends extra arguments is refused
 * (its ack is still found: it is the last argument).
 */
export function handle<S extends z.ZodType, T>(
  socket: YishiSocket,
  logger: Logger,
  schema: S,
  fn: (payload: z.output<S>) => Promise<T>,
): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    // Socket.IO passes the ack as the last argument, however many the client sent before it.
    const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
    const reply = ack ? (ack as (r: Result<T>) => void) : () => undefined;
    try {
      if (args.length > 1) throw new AppError('bad_request');
      reply({ ok: true, data: await fn(parse(schema, args[0])) });
    } catch (err) {
      const appError = err instanceof AppError ? err : new AppError('internal');
      if (!(err instanceof AppError)) logger.error({ err, socketId: socket.id }, 'socket handler failed');
      reply({ ok: false, error: appError.toBody(socket.data.locale).error });
    }
  };
}
