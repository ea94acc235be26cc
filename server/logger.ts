import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Secrets and phone numbers never reach the log: cookies, auth headers,
 * passwords and any field named `phone` are redacted wherever they appear.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'yishi' },
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          'password',
          '*.password',
          'phone',
          '*.phone',
          '*.*.phone',
          // Database errors carry the statement and its bound values, which may hold a
          // resident's phone number or a submitted text: never log them.
          'err.sql',
          'err.parameters',
          'err.original.sql',
          'err.original.parameters',
          'err.parent.sql',
          'err.parent.parameters',
          'err.fields',
          'err.errors',
        ],
        censor: '[redacted]',
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}
