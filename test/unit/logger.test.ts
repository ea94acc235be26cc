import { Writable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogger } from '../../server/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

test('cookies, passwords and phone numbers never reach the log', () => {
  const { logger, lines } = capture();
  logger.info(
    { req: { headers: { cookie: 'yishi_sid=secret-token' } }, password: 'hunter2', body: { phone: '13912345678' } },
    'request',
  );
  const text = lines.join('');
  assert.not.match(text, /secret-token|hunter2|13912345678/);
  assert.match(text, /\[redacted\]/);
});

test('a database error is logged without its SQL or bound values', () => {
  const { logger, lines } = capture();
  const err = Object.assign(new Error('UNIQUE constraint failed'), {
    sql: "INSERT INTO topics (submitter_phone) VALUES ('13912345678')",
    parameters: ['13912345678'],
    original: { sql: 'INSERT …13912345678', parameters: ['13912345678'] },
  });
  logger.error({ err }, 'unhandled error');
  const text = lines.join('');
  assert.not.match(text, /13912345678/);
  assert.match(text, /UNIQUE constraint failed/);
});

test.run();
