import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LatestRequest } from '../../client/data/latest.js';

/** A promise settled from outside, to answer requests in the order a slow network might. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

test('the newer page wins when the older answer arrives last', async () => {
  const latest = new LatestRequest();
  const shown: string[] = [];
  const first = deferred<string>();
  const second = deferred<string>();
  const a = latest.run(
    () => first.promise,
    (v) => shown.push(v),
  );
  const b = latest.run(
    () => second.promise,
    (v) => shown.push(v),
  );
  second.resolve('page 2');
  await b;
  first.resolve('page 1');
  await a;
  assert.equal(shown, ['page 2']);
});

test('a superseded failure is dropped; the current one reaches the caller', async () => {
  const latest = new LatestRequest();
  const old = deferred<string>();
  const a = latest.run(
    () => old.promise,
    () => undefined,
  );
  const b = latest.run(
    () => Promise.reject(new Error('offline')),
    () => undefined,
  );
  old.reject(new Error('stale'));
  await a;
  try {
    await b;
    assert.unreachable('the current request failed');
  } catch (err) {
    assert.is((err as Error).message, 'offline');
  }
});

test.run();
