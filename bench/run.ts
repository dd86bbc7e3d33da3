// `npm run bench`: build, then micro-benchmarks, the end-to-end load benchmark (floor vs thrum),
// the coalescing benchmark, the bus-channel race (postMessage batches vs a SharedArrayBuffer
// latest-value table), the robustness stage (hostile clients), the operator console under 1,000
// streaming clients (a real headless Chromium) and the fuzz properties with many
// runs; writes bench/RESULTS.md, ending with bench/notes.md verbatim (hand-written sections: edit
// them there, since this file is regenerated). Every child process is killed on exit, whatever
// happens (lib.ts).
//
//   BENCH_QUICK=1         a one-run smoke version, short windows.
//   BENCH_STAGE=a,b       run only these stages (micro, e2e, saturation, coalescing, channel,
//                         robustness, console, fuzz, cluster)
//                         and print their sections; bench/RESULTS.md is left as it is, so a partial
//                         run never drops the other sections. Builds only for stages that start
//                         thrum. e.g. BENCH_QUICK=1 BENCH_STAGE=channel npm run bench
//   FUZZ_SEED, FUZZ_RUNS, FUZZ_LIVE_RUNS   the fuzz stage's seed and runs (bench/fuzz.ts).

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runChannel } from './channel.js';
import { clusterSection, runCluster, type ClusterRun } from './cluster.js';
import { runCoalescing } from './coalescing.js';
import { consoleSection, consoleTargets, runConsoleLoad, type ConsoleResults } from './console-load.js';
import {
  IDLE_RUNS,
  LOAD_SCENARIOS,
  RUNS,
  runE2e,
  SATURATION_SCENARIOS,
  WARMUP_MS,
  WINDOW_MS,
} from './e2e.js';
import { runFuzz } from './fuzz.js';
import { BENCH_DIR, killAll, machine, QUICK, ROOT } from './lib.js';
import { runMicro } from './micro.js';
import { runRobustness } from './robustness.js';
import type {
  ChannelResults,
  CoalescingResults,
  E2eResults,
  FuzzResults,
  MicroGroup,
  RobustnessResults,
} from './results.js';
import {
  channelSection,
  coalescingSection,
  coalescingTargets,
  e2eSection,
  e2eTargets,
  fuzzSection,
  microSection,
  robustnessSection,
  robustnessTargets,
  saturationTargets,
  targetsSection,
  type Target,
} from './report.js';

const STAGES = [
  'micro',
  'e2e',
  'saturation',
  'coalescing',
  'channel',
  'robustness',
  'console',
  'fuzz',
  'cluster',
] as const;
type StageName = (typeof STAGES)[number];
const only = (process.env.BENCH_STAGE ?? '')
  .split(',')
  .map((x) => x.trim())
  .filter(Boolean);
for (const x of only) {
  if (!(STAGES as readonly string[]).includes(x)) {
    process.stderr.write(`bench: unknown BENCH_STAGE '${x}' (stages: ${STAGES.join(', ')})\n`);
    process.exit(2);
  }
}
const partial = only.length > 0;
const selected = (name: StageName): boolean => !partial || only.includes(name);

const CHANNEL_HEADING = 'Bus channel: postMessage batches vs SharedArrayBuffer latest-value table';

const started = performance.now();
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const say = (line: string): void => void process.stdout.write(`[${elapsed()}] ${line}\n`);
const failures: string[] = [];

async function stage<T>(name: string, fn: () => Promise<T>): Promise<T | null> {
  say(`${name}…`);
  try {
    const r = await fn();
    say(`${name} done`);
    return r;
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    failures.push(`${name}: ${message.split('\n')[0]}`);
    say(`${name} FAILED: ${message}`);
    return null;
  }
}

// e2e, saturation, coalescing, robustness, console, fuzz and cluster start thrum from dist/; the others
// import the sources.
if (
  selected('e2e') ||
  selected('saturation') ||
  selected('coalescing') ||
  selected('robustness') ||
  selected('console') ||
  selected('fuzz') ||
  selected('cluster')
) {
  say('npm run build');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write('bench: npm run build failed\n');
    process.exit(1);
  }
}

let micro: MicroGroup[] | null = null;
let e2e: E2eResults | null = null;
let saturation: E2eResults | null = null;
let coalescing: CoalescingResults | null = null;
let channel: ChannelResults | null = null;
let robustness: RobustnessResults | null = null;
let consoleLoad: ConsoleResults | null = null;
let fuzz: FuzzResults | null = null;
let cluster: ClusterRun[] | null = null;
try {
  if (selected('micro')) micro = await stage('micro-benchmarks', runMicro);
  if (selected('e2e')) e2e = await stage('end-to-end', () => runE2e());
  if (selected('saturation'))
    saturation = await stage('saturation', () => runE2e(SATURATION_SCENARIOS, { idle: false }));
  if (selected('coalescing')) coalescing = await stage('coalescing', runCoalescing);
  if (selected('channel')) channel = await stage('bus channel race', () => runChannel(say));
  if (selected('robustness')) robustness = await stage('robustness', runRobustness);
  if (selected('console')) consoleLoad = await stage('operator console under load', runConsoleLoad);
  if (selected('fuzz')) fuzz = await stage('fuzz properties', () => runFuzz(say));
  if (selected('cluster')) cluster = await stage('cluster on NATS', () => runCluster(say));
  if (fuzz && fuzz.failed > 0)
    failures.push(`fuzz: ${fuzz.failed} propert${fuzz.failed === 1 ? 'y' : 'ies'} failed (see its section)`);
} finally {
  killAll();
}

if (partial) {
  const sections = [
    ...(micro ? ['## Micro-benchmarks (tinybench)', '', microSection(micro), ''] : []),
    ...(e2e ? ['## End to end', '', e2eSection(e2e), ''] : []),
    ...(saturation ? ['## Saturation', '', e2eSection(saturation), ''] : []),
    ...(coalescing ? ['## Coalescing', '', coalescingSection(coalescing), ''] : []),
    ...(channel ? [`## ${CHANNEL_HEADING}`, '', channelSection(channel), ''] : []),
    ...(robustness ? ['## Robustness', '', robustnessSection(robustness), ''] : []),
    ...(consoleLoad ? ['## Operator console under load', '', consoleSection(consoleLoad), ''] : []),
    ...(fuzz ? ['## Fuzz properties', '', fuzzSection(fuzz), ''] : []),
    ...(cluster ? ['## Cluster on NATS', '', clusterSection(cluster), ''] : []),
    ...(failures.length > 0 ? ['## Failures', '', ...failures.map((f) => `- ${f}`), ''] : []),
  ];
  const partialTargets: Target[] = [
    ...(e2e ? e2eTargets(e2e) : []),
    ...(saturation ? [...saturationTargets(saturation), ...e2eTargets(saturation)] : []),
    ...(coalescing ? coalescingTargets(coalescing) : []),
    ...(robustness ? robustnessTargets(robustness) : []),
    ...(consoleLoad ? consoleTargets(consoleLoad) : []),
  ];
  if (partialTargets.length > 0)
    sections.push('## Targets of the stages run', '', targetsSection(partialTargets), '');
  process.stdout.write(
    `\n${sections.join('\n')}\nBENCH_STAGE=${only.join(',')}: bench/RESULTS.md not written (only a full run writes it), in ${elapsed()}\n`,
  );
  process.exit(failures.length > 0 ? 1 : 0);
}

const m = machine();
const targets: Target[] = [
  ...(e2e ? e2eTargets(e2e) : []),
  ...(saturation ? [...saturationTargets(saturation), ...e2eTargets(saturation)] : []),
  ...(coalescing ? coalescingTargets(coalescing) : []),
  ...(robustness ? robustnessTargets(robustness) : []),
  ...(consoleLoad ? consoleTargets(consoleLoad) : []),
];
const met = targets.filter((t) => t.met).length;
const doc = [
  '# thrum benchmark results',
  '',
  `Generated by \`${QUICK ? 'BENCH_QUICK=1 ' : ''}npm run bench\` (bench/run.ts) on ${new Date().toISOString()}, in ${elapsed()}.` +
    (QUICK ? ' **Quick smoke run: one run per scenario, short windows; not for conclusions.**' : ''),
  '',
  `Machine: ${m.cpus} CPUs (\`nproc\`), ${m.model}, Node ${m.node}, ${process.platform} ${process.arch}.`,
  '',
  '## How it was measured',
  '',
  `- End to end: the floor (\`bench/floor-server.ts\`: native uWebSockets.js, parses each frame, answers Ok per message, nothing else; started with tsx) and thrum (\`node dist/main/index.js --websocket-port 0 --use-simulated-devices --simulated-devices-port N\`, a simulated Lovense Hush attached so every command runs the real device path, default 75 ms Bluetooth LE gap) are started one after the other in the same run, ${RUNS} run(s) per load scenario and ${IDLE_RUNS} per idle-memory measurement, alternating which goes first; figures are medians of the runs.`,
  `- Load: \`ws\` clients in 2 forked load-client processes (clients split evenly). The machine has ${m.cpus} cores, shared by the server under test and both load processes, so RTTs include load-generator scheduling. Each client sends its rate open-loop (no waiting for acks), phases spread evenly; ${WARMUP_MS / 1000} s warm-up, then a ${WINDOW_MS / 1000} s measured window.`,
  "- Server CPU per message = (utime + stime of the whole server process, every thread, from /proc/<pid>/stat) over the window ÷ acks received in the window. Clock-tick resolution is 10 ms. thrum's figure includes its simulated-device bus worker thread (coalescing, peripheral writes); the main thread's share (/proc/<pid>/task/<pid>/stat) is shown beside it.",
  "- RTT: send → Ok with that Id, on the load process's clock. Device writes/s: writes the simulated peripheral received during the window.",
  '- Idle memory: VmRSS of the server after opening 1,000 and then 10,000 handshaken v4 JSON clients (2 s settle each), minus RSS before any client, ÷ clients. thrum has its device attached before the baseline is read.',
  '- The scenario "1000×5 JSON v4 OutputCmd" is not in the issue\'s list: it is the JSON twin of the msgpack scenario for "msgpack ≤ JSON".',
  '- Coalescing: one v4 JSON client streams 1,000 OutputCmd/s (one frame each) for 5 s at the Hush, whose gap is set to 50 ms by a device config built at run time from the upstream reference (lovense only); for the benchmark only, its vibrator range is widened to 0–10000 so every command carries its own value and each write can be traced to its command. Sender and peripheral share one clock.',
  '- Bus channel race (`bench/channel.ts`, one process, no server): the main thread hands device outputs to a worker thread through the shipped output channel (`src/main/output-channel.ts`) without an output table (postMessage batches, its message path) or with one (a SharedArrayBuffer latest-value table, `src/core/output-table.ts`); same workloads, same run, see its section.',
  "- Fuzz: the properties of `test/fuzz/properties.ts` (also run by `npm test` with 300 runs per codec property and 150 connections), seeded, with many more runs: codec properties in the bench process; the live session against thrum from dist/ (`--max-frame-bytes 4096`, a simulated Lovense Hush and Nora), one raw `ws` connection per generated frame sequence; the server's VmRSS read from /proc/<pid>/status before the first connection, after each, and after the last.",
  "- Profiling: `BENCH_QUICK=1 BENCH_ONLY='1000×5 JSON v3' BENCH_CPU_PROF=/tmp/prof node --import tsx bench/e2e.ts`, then `node --import tsx bench/profile-top.ts /tmp/prof` (self time per function of thrum's main thread); or `BENCH_PERF=/tmp/perf` (Linux perf: both servers with `--perf-basic-prof`, each measured window recorded with `perf record`), then `perf report -i /tmp/perf/<server>-<scenario>.data --no-children --sort dso,sym`, which shows native, kernel and JavaScript time side by side.",
  '',
  '## Targets',
  '',
  targets.length > 0
    ? `${met} of ${targets.length} met.\n\n${targetsSection(targets)}`
    : 'No target could be evaluated.',
  '',
  '## End to end',
  '',
  `Scenarios: ${LOAD_SCENARIOS.map((s) => s.id).join('; ')}.`,
  '',
  e2e ? e2eSection(e2e) : 'Not run (failed).',
  '',
  '## Saturation',
  '',
  `${SATURATION_SCENARIOS.map((s) => s.id).join('; ')}: the end-to-end setup above, but each client sends its next command as soon as the Ok of its previous one arrives (closed loop), so msgs/s is what the server sustains; CPU per command as above.`,
  '',
  saturation ? e2eSection(saturation) : 'Not run (failed).',
  '',
  '## Coalescing',
  '',
  coalescing ? coalescingSection(coalescing) : 'Not run (failed).',
  '',
  `## ${CHANNEL_HEADING}`,
  '',
  channel ? channelSection(channel) : 'Not run (failed).',
  '',
  '## Robustness',
  '',
  robustness ? robustnessSection(robustness) : 'Not run (failed).',
  '',
  '## Operator console under load',
  '',
  consoleLoad ? consoleSection(consoleLoad) : 'Not run (failed).',
  '',
  '## Micro-benchmarks (tinybench)',
  '',
  micro ? microSection(micro) : 'Not run (failed).',
  '',
  '## Fuzz properties',
  '',
  fuzz ? fuzzSection(fuzz) : 'Not run (failed).',
  '',
  '## Cluster on NATS',
  '',
  cluster ? clusterSection(cluster) : 'Not run (failed).',
  '',
  ...(failures.length > 0 ? ['## Failures', '', ...failures.map((f) => `- ${f}`), ''] : []),
  readFileSync(path.join(BENCH_DIR, 'notes.md'), 'utf8').trimEnd(),
  '',
].join('\n');

const out = path.join(BENCH_DIR, 'RESULTS.md');
writeFileSync(out, doc);
process.stdout.write(
  `\n${targets.length > 0 ? targetsSection(targets) : ''}\n\nwrote ${path.relative(ROOT, out)} in ${elapsed()}\n`,
);
process.exit(failures.length > 0 ? 1 : 0);
