// End-to-end load benchmark: the same load against the floor (bench/floor-server.ts, a bare uWS
// server that only parses and acks) and against thrum (dist/, simulated Lovense Hush attached so
// every command runs the real device path), one after the other in the same run, alternating
// which goes first. Measured per window: server CPU per acked message (utime+stime of every
// thread, /proc/<pid>/stat), ack round trip p50/p99, msgs/s, and for thrum the writes/s the
// peripheral receives; and RSS per idle handshaken client at 1,000 and 10,000 clients.
//
//   node --import tsx bench/e2e.ts          (after `npm run build`; BENCH_QUICK=1 for one run)

import { pathToFileURL } from 'node:url';
import { LoadPool } from './load-pool.js';
import {
  cpuSeconds,
  fdLimits,
  mainThreadCpuSeconds,
  freePort,
  perfRecord,
  pinToCpu,
  QUICK,
  rssBytes,
  sleep,
  startFloor,
  startThrum,
  type ServerProcess,
} from './lib.js';
import { SimHush } from './sim-devices.js';
import type { E2eResults, IdleRun, LoadRun, LoadScenario, ServerKind } from './results.js';

export const SERVERS: readonly ServerKind[] = ['floor', 'thrum'];

export const LOAD_SCENARIOS: readonly LoadScenario[] = [
  {
    id: '100×50 JSON v3 VibrateCmd',
    clients: 100,
    rate: 50,
    version: 3,
    kind: 'VibrateCmd',
    encoding: 'json',
  },
  { id: '100×50 JSON v4 OutputCmd', clients: 100, rate: 50, version: 4, kind: 'OutputCmd', encoding: 'json' },
  { id: '1000×5 JSON v3 ScalarCmd', clients: 1000, rate: 5, version: 3, kind: 'ScalarCmd', encoding: 'json' },
  // Not in the list: the JSON twin of the msgpack scenario, so "msgpack ≤ JSON" compares
  // the same messages at the same load.
  { id: '1000×5 JSON v4 OutputCmd', clients: 1000, rate: 5, version: 4, kind: 'OutputCmd', encoding: 'json' },
  {
    id: '1000×5 msgpack v4 OutputCmd',
    clients: 1000,
    rate: 5,
    version: 4,
    kind: 'OutputCmd',
    encoding: 'msgpack',
  },
];

/**
 * Saturation: how many commands per second a server answers when clients wait for nothing but
 * their own previous Ok (closed loop), and what each costs it there.
 */
export const SATURATION_SCENARIOS: readonly LoadScenario[] = [
  {
    id: '50 clients closed loop JSON v4 OutputCmd',
    clients: 50,
    rate: 0,
    version: 4,
    kind: 'OutputCmd',
    encoding: 'json',
  },
];

// Five runs of each load scenario: on this shared 2-core machine one run's CPU per message moves
// by up to 2× from interference alone (22–60 µs for the same scenario in one bench, 2026-12-03),
// and the median of five stands still where the median of three could land on an outlier.
export const RUNS = QUICK ? 1 : 5;
/** Idle memory runs (10,000 connections each, so fewer). */
export const IDLE_RUNS = QUICK ? 1 : 3;
export const WARMUP_MS = QUICK ? 1000 : 2000;
export const WINDOW_MS = QUICK ? 3000 : 5000;
const IDLE_SETTLE_MS = 2000;
const LOAD_PROCESSES = 2;

interface Up {
  readonly server: ServerProcess;
  readonly hush: SimHush | null;
  readonly device: number;
}

/**
 * Under load the server under test has CPU 0 to itself and the load processes share CPU 1 (lib.ts
 * pinToCpu). Idle-memory runs stay unpinned: pinned, the floor's RSS fell below its baseline while
 * 10,000 clients opened (its heap shrunk by V8 meanwhile), so its per-client figure read near zero.
 */
const SERVER_CPU = 0;
const LOAD_CPU = 1;
const NO_PIN = -1;

async function bringUp(kind: ServerKind, fds: number, cpu: number): Promise<Up> {
  if (kind === 'floor') {
    const floor = await startFloor(fds);
    if (cpu !== NO_PIN) pinToCpu(floor.pid, cpu);
    return { server: floor, hush: null, device: 0 };
  }
  const simPort = await freePort();
  // BENCH_THRUM_ARGS adds flags to thrum (e.g. "--decode-pool" to race the decode paths).
  const server = await startThrum(
    simPort,
    fds,
    (process.env.BENCH_THRUM_ARGS ?? '').split(' ').filter(Boolean),
  );
  if (cpu !== NO_PIN) pinToCpu(server.pid, cpu);
  try {
    const hush = await SimHush.attach(simPort);
    return { server, hush, device: hush.deviceIndex };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

async function tearDown(up: Up, pool: LoadPool): Promise<void> {
  try {
    await pool.close();
  } finally {
    up.hush?.close();
    await up.server.stop();
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function loadRun(kind: ServerKind, sc: LoadScenario, pool: LoadPool, fds: number): Promise<LoadRun> {
  const up = await bringUp(kind, fds, SERVER_CPU);
  try {
    const o = await pool.open(up.server.url, sc.clients, sc.version, sc.encoding);
    if (o.opened === 0) throw new Error(`no client completed the handshake (${o.firstError})`);
    await pool.run(sc.rate, sc.kind, up.device);
    await sleep(WARMUP_MS);
    await pool.mark();
    const cpu0 = cpuSeconds(up.server.pid);
    const main0 = mainThreadCpuSeconds(up.server.pid);
    const t0 = performance.now();
    await Promise.all([sleep(WINDOW_MS), perfRecord(up.server.pid, `${kind}-${sc.id}`, WINDOW_MS - 200)]);
    const r = await pool.report();
    const cpu1 = cpuSeconds(up.server.pid);
    const main1 = mainThreadCpuSeconds(up.server.pid);
    const t1 = performance.now();
    await pool.stop();
    const writes = up.hush ? up.hush.countWrites(t0, t1) / ((t1 - t0) / 1000) : Number.NaN;
    return {
      server: kind,
      cpuUsPerMsg: r.acked > 0 ? ((cpu1 - cpu0) * 1e6) / r.acked : Number.NaN,
      mainCpuUsPerMsg: r.acked > 0 ? ((main1 - main0) * 1e6) / r.acked : Number.NaN,
      msgsPerSec: r.msgsPerSec,
      p50: r.p50,
      p99: r.p99,
      writesPerSec: writes,
      sent: r.sent,
      acked: r.acked,
      errors: r.errors,
      firstError: r.firstError || o.firstError,
      failedClients: o.failed,
      late: r.late,
    };
  } finally {
    await tearDown(up, pool);
  }
}

async function idleRun(
  kind: ServerKind,
  counts: readonly number[],
  pool: LoadPool,
  fds: number,
): Promise<IdleRun> {
  const up = await bringUp(kind, fds, NO_PIN);
  try {
    await sleep(1500);
    const baseRss = rssBytes(up.server.pid);
    const perClient: number[] = [];
    let opened = 0;
    for (const n of counts) {
      const o = await pool.open(up.server.url, n - opened, 4, 'json');
      opened += o.opened;
      if (o.failed > 0) log(`  ${kind}: ${o.failed} idle clients failed to open (${o.firstError})`);
      await sleep(IDLE_SETTLE_MS);
      perClient.push((rssBytes(up.server.pid) - baseRss) / opened);
    }
    const p = await pool.ping();
    return { server: kind, baseRss, perClient, opened, held: p.ok };
  } finally {
    await tearDown(up, pool);
  }
}

/** The largest idle count the fd limits allow (server: 1 fd per client; each load process: half). */
export function idleCounts(notes: string[]): number[] {
  const { soft, hard } = fdLimits();
  const limit = Math.max(soft, hard);
  const wanted = [1000, 10_000];
  // The server holds one fd per client (each load process half of them), plus its own.
  const fit = limit - 200;
  if (fit >= 10_000) return wanted;
  const top = Math.max(100, fit);
  notes.push(
    `open-file limit ${limit} (ulimit -n) cannot hold 10,000 clients: idle memory measured at ${Math.min(1000, top)} and ${top} clients`,
  );
  return top > 1000 ? [1000, top] : [top];
}

/** BENCH_ONLY=text: only the load scenarios whose id contains it ("idle": only the idle runs). */
const ONLY = process.env.BENCH_ONLY ?? '';

/** `idle` false: the load scenarios only (the saturation stage). */
export async function runE2e(
  all: readonly LoadScenario[] = LOAD_SCENARIOS,
  { idle: withIdle = true } = {},
): Promise<E2eResults> {
  const scenarios = ONLY ? all.filter((s) => s.id.includes(ONLY)) : all;
  const runIdle = withIdle && (!ONLY || ONLY === 'idle');
  const notes: string[] = [];
  const counts = runIdle ? idleCounts(notes) : [];
  const top = counts[counts.length - 1] ?? 0;
  const fds = Math.max(top, ...scenarios.map((s) => s.clients)) + 256;
  const pool = await LoadPool.start(LOAD_PROCESSES, Math.ceil(top / LOAD_PROCESSES) + 256);
  pool.pin(LOAD_CPU);
  const load: E2eResults['load'] = [];
  const idle: IdleRun[] = [];
  try {
    for (const sc of scenarios) {
      const entry = { scenario: sc, runs: [] as LoadRun[] };
      load.push(entry);
      for (let r = 0; r < RUNS; r++) {
        for (const kind of r % 2 === 0 ? SERVERS : [...SERVERS].reverse()) {
          try {
            const run = await loadRun(kind, sc, pool, fds);
            entry.runs.push(run);
            log(
              `${sc.id} #${r + 1} ${kind}: ${run.msgsPerSec.toFixed(0)} msg/s, ${run.cpuUsPerMsg.toFixed(1)} µs CPU/msg (main thread ${run.mainCpuUsPerMsg.toFixed(1)}), ` +
                `RTT p50 ${run.p50.toFixed(2)} p99 ${run.p99.toFixed(2)} ms` +
                (kind === 'thrum' ? `, ${run.writesPerSec.toFixed(1)} device writes/s` : '') +
                (run.errors || run.failedClients
                  ? `, ${run.errors} errors, ${run.failedClients} clients failed: ${run.firstError}`
                  : ''),
            );
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            notes.push(`${sc.id} run ${r + 1} ${kind} failed: ${message}`);
            log(`${sc.id} #${r + 1} ${kind}: FAILED ${message}`);
          }
        }
      }
    }
    if (runIdle) pool.pin('any');
    for (let r = 0; r < (runIdle ? IDLE_RUNS : 0); r++) {
      for (const kind of r % 2 === 0 ? SERVERS : [...SERVERS].reverse()) {
        try {
          const run = await idleRun(kind, counts, pool, fds);
          idle.push(run);
          log(
            `idle #${r + 1} ${kind}: ` +
              counts
                .map(
                  (n, i) => `${n} clients ${((run.perClient[i] ?? Number.NaN) / 1024).toFixed(2)} KiB/client`,
                )
                .join(', ') +
              `; ${run.held}/${top} answered a Ping`,
          );
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          notes.push(`idle run ${r + 1} ${kind} failed: ${message}`);
          log(`idle #${r + 1} ${kind}: FAILED ${message}`);
        }
      }
    }
  } finally {
    await pool.shutdown();
  }
  return { load, idleCounts: counts, idle, notes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { e2eSection } = await import('./report.js');
  const results = await runE2e();
  process.stdout.write(`\n${e2eSection(results)}\n`);
  process.exit(0);
}
