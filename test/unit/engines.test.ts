import fs from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/**
 * package.json's `engines` must be true of every installed package: CI and the machines run Node
 * 20, and a dependency that quietly needs Node 22 (nanoid 6 under docx did) breaks there first.
 * Checked at the lowest version of each major line the range admits. Platform packages for
 * other systems (sharp's Windows builds) are skipped: they are never installed here.
 */
// semver comes with npm's own tree (no types of its own); only `satisfies` and `minVersion` are used.
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; os?: string[] }>;
};
const lowest = pkg.engines.node.split('||').map((part) => semver.minVersion(part.trim())!.version);

test('the engines range covers the Node the machines and CI run', () => {
  assert.ok(
    semver.satisfies(process.versions.node, pkg.engines.node),
    `${process.versions.node} vs ${pkg.engines.node}`,
  );
});

test('every dependency supports every Node version package.json admits', () => {
  const problems: string[] = [];
  for (const [where, info] of Object.entries(lock.packages)) {
    const range = !Array.isArray(info.engines) ? info.engines?.node : undefined;
    if (!where || !range) continue;
    if (info.os && !info.os.includes(process.platform)) continue;
    for (const version of lowest)
      if (!semver.satisfies(version, range)) problems.push(`${where}@${info.version} needs ${range}, not ${version}`);
  }
  assert.equal(problems, []);
});

test.run();
