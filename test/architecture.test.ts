// Dependencies point one way (style.md §1): core ← codec, protocols ← config ← workers; core ←
// access ← operator; core, codec ← cluster; main uses core, codec, config, platform, access, operator,
// cluster and only the worker's entry module. Nothing imports main.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/reference.js';

const SRC = path.join(repoRoot, 'src');

/** Which top-level folders of src/ each folder may import. */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  platform: [],
  codec: ['core'],
  protocols: ['core'],
  config: ['core', 'protocols'],
  workers: ['core', 'protocols', 'config', 'platform'],
  // Access control is pure policy over core types; the operator listener sees the server only
  // through an interface main implements, so nothing imports main.
  access: ['core'],
  operator: ['core', 'access', 'platform'],
  // The NATS link knows the hub only through interfaces of its own (main implements them).
  cluster: ['core', 'codec'],
  main: ['core', 'codec', 'config', 'platform', 'workers/entry', 'access', 'operator', 'cluster'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.(ts|mjs)$/.test(name) ? [full] : [];
  });
}

describe('layering', () => {
  const all = files(SRC);
  it('covers every source folder', () => {
    const folders = new Set(all.map((f) => path.relative(SRC, f).split(path.sep)[0]));
    expect([...folders].filter((f) => f === undefined || !(f in ALLOWED))).toEqual([]);
  });

  it.each(all.map((f) => [path.relative(SRC, f), f]))('%s imports only what its layer may', (_rel, file) => {
    const from = path.relative(SRC, file).split(path.sep)[0]!;
    const text = readFileSync(file, 'utf8');
    const bad: string[] = [];
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const target = path.relative(SRC, path.resolve(path.dirname(file), m[1]!));
      const top = target.split(path.sep)[0]!;
      if (top === from) continue;
      const ok = ALLOWED[from]!.some(
        (a) => target === a || target.startsWith(`${a}${path.sep}`) || target.replace(/\.js$/, '') === a,
      );
      if (!ok) bad.push(`${m[1]} (${top})`);
    }
    expect(bad).toEqual([]);
  });
});

/** Every import cycle in a graph of module → modules it imports, each as a path that returns to its start. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, trail: string[]): void => {
    const at = trail.indexOf(node);
    if (at >= 0) {
      cycles.push([...trail.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    trail.push(node);
    for (const next of graph.get(node) ?? []) visit(next, trail);
    trail.pop();
    done.add(node);
  };
  for (const node of graph.keys()) visit(node, []);
  return cycles;
}

describe('bench', () => {
  it('finds a cycle when there is one (the check below can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(importCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('has no import cycles among its files (type-only and dynamic imports included)', () => {
    const BENCH = path.join(repoRoot, 'bench');
    const graph = new Map<string, string[]>();
    for (const file of files(BENCH)) {
      const text = readFileSync(file, 'utf8');
      const targets: string[] = [];
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.\/[^']+)'/g)) {
        targets.push(path.relative(BENCH, path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts'))));
      }
      graph.set(path.relative(BENCH, file), targets);
    }
    expect(graph.has('report.ts')).toBe(true);
    expect(importCycles(graph)).toEqual([]);
  });
});
