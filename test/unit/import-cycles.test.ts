import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { importCycles } from '../../scripts/lib/import-cycles.js';

/**
 * No import cycles among our modules (CONVENTIONS: "no import cycles"). There were five; the last
 * two ended when realtime/votes.ts took YishiServer from handler.ts and MotionEvents moved to
 * server/services/motion-events.ts. A cycle that must stay would be listed here with its reason.
 */
const KNOWN: string[][] = [];

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
