// Summarise the .cpuprofile files that BENCH_CPU_PROF=DIR leaves (one per thread): the functions
// with the most self time, per profile. Stalls (a sample long after the one before) are capped.
//
//   node --import tsx bench/profile-top.ts DIR [N]

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: profile-top.ts DIR [N]\n');
  process.exit(2);
}
const top = Number(process.argv[3] ?? 25);
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort()) {
  const p = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  // A sample's delta is the time since the previous one. On a loaded machine the thread (or the
  // profiler) is sometimes descheduled for hundreds of ms, and that whole stall would be charged
  // to whatever function the next sample lands in; so each delta counts at most 4× the median.
  const sorted = [...p.timeDeltas].sort((a, b) => a - b);
  const cap = 4 * Math.max(1, sorted[sorted.length >> 1] ?? 1);
  p.samples.forEach((id, i) => {
    const dt = Math.min(cap, Math.max(0, p.timeDeltas[i] ?? 0));
    const n = byId.get(id);
    if (!n) return;
    const f = n.callFrame;
    const where = f.url
      ? `${f.url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/')}:${f.lineNumber + 1}`
      : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    total += dt;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const idle = self.get('(idle)') ?? 0;
  process.stdout.write(
    `\n${file}: ${(total / 1e6).toFixed(2)} s sampled, ${((total - idle) / 1e6).toFixed(2)} s busy\n`,
  );
  const rows = [...self.entries()]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  for (const [k, us] of rows) {
    process.stdout.write(
      `  ${((us / Math.max(1, total - idle)) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}\n`,
    );
  }
}
