import fs from 'node:fs';
import path from 'node:path';

/**
 * Import cycles among our own TypeScript modules, found from the source text: every relative
 * `import … from './x.js'`, `export … from`, `import './x.js'` and `import('./x.js')`, type-only imports included
 * (a type-only cycle still couples two modules that should not know each other). Returns each
 * cycle once, as the list of files around it (Tarjan's strongly connected components).
 * `dynamic: false` leaves out `import()` edges: a lazily loaded page importing the router that
 * loads it is no cycle when modules evaluate, only in the dependency graph.
 */
export function importCycles(root: string, dirs: readonly string[], options: { dynamic?: boolean } = {}): string[][] {
  const files = dirs.flatMap((d) =>
    fs.existsSync(path.join(root, d))
      ? fs
          .readdirSync(path.join(root, d), { recursive: true, encoding: 'utf8' })
          .filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))
          .map((f) => path.join(d, f))
      : [],
  );
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  const spec =
    /(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|import\s+['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const file of files) {
    // Comments may quote an import (`import('../components/x.js')` in a JSDoc): not an edge.
    const text = fs
      .readFileSync(path.join(root, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const deps = new Set<string>();
    for (const m of text.matchAll(spec)) {
      if (m[2] && options.dynamic === false) continue;
      const target = path.join(path.dirname(file), (m[1] ?? m[2] ?? m[3])!).replace(/\.js$/, '.ts');
      if (known.has(target)) deps.add(target);
    }
    graph.set(file, [...deps]);
  }
  // Tarjan: components of more than one file (or a file importing itself) are cycles.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) cycles.push(component.sort());
    }
  };
  for (const file of files) if (!idx.has(file)) visit(file);
  return cycles;
}
