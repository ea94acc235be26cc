import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { importCycles } from '../../scripts/lib/import-cycles.js';

/**
 * No import cycles among our modules (CONVENTIONS: "no import cycles"). The ones below are known
 * and left on purpose, each for a reason; a new cycle fails this test, and breaking a known one
 * fails it too until it is removed from the list, so the list only shrinks.
 */
const KNOWN: string[][] = [
  // Voting, being rewritten in parallel: motions.ts calls clearSecretTraces, motion-close.ts
  // takes motions.ts's MotionEvents type. Moving MotionEvents to a file of its own breaks it.
  ['server/services/motion-close.ts', 'server/services/motions.ts'],
];

const key = (cycle: string[]) => cycle.join(' → ');

test('server/ and shared/ have no import cycles beyond the known ones', () => {
  const found = importCycles(process.cwd(), ['server', 'shared']).map(key).sort();
  assert.equal(found, KNOWN.map(key).sort());
});

test('client/ has no static import cycles', () => {
  // Lazily loaded pages import `navigate` from the router that loads them (an import() edge):
  // that is no cycle at evaluation. Moving navigate to a module of its own would end it too.
  assert.equal(importCycles(process.cwd(), ['client'], { dynamic: false }).map(key), []);
});

test.run();
