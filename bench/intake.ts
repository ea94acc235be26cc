import { spawn } from 'node:child_process';
import fs from 'node:fs';

/**
 * `npm run bench:intake`: the submission API under load (bench/intake-api.ts) and the resident's
 * page on an emulated slow 3G phone (bench/intake-page.ts), one after the other so they do not
 * disturb each other; their output passes through, and one combined BENCH line ends the run.
 */
function run(script: string): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let bench: Record<string, unknown> | null = null;
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('BENCH ')) bench = JSON.parse(line.slice(6)) as Record<string, unknown>;
        else console.log(line);
      }
    });
    child.on('close', () => resolve(bench));
  });
}

const parts: Record<string, Record<string, unknown>> = {};
for (const script of ['bench/intake-api.ts', 'bench/intake-page.ts']) {
  if (!fs.existsSync(script)) continue;
  const result = await run(script);
  if (result) parts[String(result.name)] = result;
}
const pick = (key: 'ours' | 'baseline' | 'ratio' | 'units' | 'targets') =>
  Object.fromEntries(Object.entries(parts).map(([name, r]) => [name, r[key] ?? {}]));
console.log(
  `BENCH ${JSON.stringify({ name: 'intake', ours: pick('ours'), baseline: pick('baseline'), ratio: pick('ratio'), units: pick('units'), targets: pick('targets') })}`,
);
