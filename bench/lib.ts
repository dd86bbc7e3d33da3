// Shared plumbing of the benchmarks: child processes that are always killed, servers started and
// waited for, /proc sampling, statistics. Loopback only.

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_DIR = path.join(ROOT, 'bench');
/** BENCH_QUICK=1: one run per scenario, shorter windows (a smoke test while developing). */
export const QUICK = process.env.BENCH_QUICK === '1';

// ------------------------------------------------------------------ child processes

const children = new Set<ChildProcess>();

/** Every child spawned here is SIGKILLed when this process exits, however it exits. */
export function track(cp: ChildProcess): ChildProcess {
  children.add(cp);
  cp.once('exit', () => children.delete(cp));
  return cp;
}

export function killAll(): void {
  for (const cp of children) {
    try {
      cp.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}

process.once('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    killAll();
    process.exit(130);
  });
}

/** Ask a child to stop (SIGTERM), SIGKILL it after `graceMs`. Resolves once it has exited. */
export function stopChild(cp: ChildProcess, graceMs = 3000): Promise<void> {
  if (cp.exitCode !== null || cp.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => cp.kill('SIGKILL'), graceMs);
    cp.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    cp.kill('SIGTERM');
  });
}

let tmp: string | null = null;
export function tmpDir(): string {
  tmp ??= mkdtempSync(path.join(os.tmpdir(), 'thrum-bench-'));
  return tmp;
}

// ------------------------------------------------------------------ file descriptors

/** Soft and hard limits on open files, from /proc/self/limits. */
export function fdLimits(): { soft: number; hard: number } {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const parts = line?.split(/\s+/) ?? [];
  const num = (s: string | undefined): number =>
    s === undefined || s === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(s);
  return { soft: num(parts[3]), hard: num(parts[4]) };
}

/**
 * The command line that runs `argv` with at least `fds` open files allowed: through `sh -c
 * 'ulimit -n N; exec …'` when our soft limit is lower and the hard limit allows it (exec keeps the
 * pid, so /proc/<pid> is the node process itself).
 */
export function withFdLimit(argv: readonly string[], fds: number): string[] {
  const { soft, hard } = fdLimits();
  if (soft >= fds || hard < fds) return [...argv];
  return ['/bin/sh', '-c', `ulimit -n ${fds} && exec "$@"`, 'sh', ...argv];
}

// ------------------------------------------------------------------ servers

export interface ServerProcess {
  readonly name: string;
  readonly proc: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** `ws`, or `wss` for a server serving TLS (as its listening line says). */
  readonly scheme: 'ws' | 'wss';
  readonly url: string;
  /** Lines printed on stdout after the listening line (e.g. "simulated devices on ws://…"). */
  readonly stdout: string[];
  readonly logFile: string;
  stop(): Promise<void>;
}

/**
 * Spawn a server and wait for its `listening on ws://HOST:PORT` (or `wss://`) line. stderr goes to a log file
 * (thrum logs every connection at info level: 10,000 lines must not block on a full pipe).
 */
export async function startServer(
  name: string,
  argv: readonly string[],
  timeoutMs = 20_000,
): Promise<ServerProcess> {
  const logFile = path.join(tmpDir(), `${name}-${Date.now()}.log`);
  const errFd = openSync(logFile, 'a');
  const [cmd, ...args] = argv as [string, ...string[]];
  const proc = track(spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', errFd] }));
  closeSync(errFd);
  const stdout: string[] = [];
  const lines = createInterface({ input: proc.stdout! });
  const listening = await new Promise<{ port: number; scheme: 'ws' | 'wss'; url: string }>(
    (resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name}: no "listening on" line within ${timeoutMs} ms (log ${logFile})`)),
        timeoutMs,
      );
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code}) before listening: ${tail(logFile)}`));
      };
      proc.once('exit', onExit);
      lines.on('line', (line) => {
        stdout.push(line);
        const m = /listening on (wss?):\/\/([\d.]+):(\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          proc.off('exit', onExit);
          const scheme = m[1] as 'ws' | 'wss';
          resolve({ port: Number(m[3]), scheme, url: `${scheme}://${m[2]}:${m[3]}` });
        }
      });
    },
  ).catch(async (err: unknown) => {
    await stopChild(proc, 500);
    throw err;
  });
  return {
    name,
    proc,
    pid: proc.pid!,
    ...listening,
    stdout,
    logFile,
    stop: () => stopChild(proc),
  };
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join(' | ');
  } catch {
    return '';
  }
}

/**
 * BENCH_PERF=DIR: both servers start with `--perf-basic-prof` (JIT code named for Linux perf) and
 * e2e records each measured window with `perf record` into DIR (see perfRecord). Native time (uWS,
 * syscalls, the kernel's share) then shows beside JavaScript, which --cpu-prof lumps as "(program)".
 */
export const PERF_DIR = process.env.BENCH_PERF ? path.resolve(process.env.BENCH_PERF) : null;
const PERF_NODE_FLAGS = PERF_DIR ? ['--perf-basic-prof'] : [];

export function startFloor(fds: number): Promise<ServerProcess> {
  const argv = withFdLimit(
    [
      process.execPath,
      ...PERF_NODE_FLAGS,
      '--expose-gc',
      '--import',
      'tsx',
      path.join(BENCH_DIR, 'floor-server.ts'),
      '0',
    ],
    fds,
  );
  return startServer('floor', argv);
}

/**
 * BENCH_CPU_PROF=DIR starts thrum under `node --cpu-prof` (one .cpuprofile per thread in DIR,
 * written when thrum exits); summarise with `node --import tsx bench/profile-top.ts DIR`.
 */
// Sampled every 100 µs (Node's default is 1 ms): a command costs tens of µs, so at 1 ms a
// 5 s window leaves too few samples per function to tell a change of a few µs from noise.
const CPU_PROF = process.env.BENCH_CPU_PROF
  ? ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`]
  : [];

/**
 * BENCH_THRUM_DIST=DIR runs thrum from DIR/main/index.js instead of dist/: a saved build of an
 * earlier commit (with node_modules beside it), so before/after runs can go back to back.
 */
const THRUM_DIST = process.env.BENCH_THRUM_DIST
  ? path.resolve(process.env.BENCH_THRUM_DIST)
  : path.join(ROOT, 'dist');

export function startThrum(
  simPort: number,
  fds: number,
  extra: readonly string[] = [],
): Promise<ServerProcess> {
  const argv = withFdLimit(
    [
      process.execPath,
      ...CPU_PROF,
      ...PERF_NODE_FLAGS,
      path.join(THRUM_DIST, 'main/index.js'),
      '--websocket-port',
      '0',
      '--use-simulated-devices',
      '--simulated-devices-port',
      String(simPort),
      ...extra,
    ],
    fds,
  );
  return startServer('thrum', argv);
}

/**
 * Pin process `pid` (every thread it has, and the ones it starts later) to CPU `cpu` ('any': unpin), when the
 * machine has at least two: the end-to-end stage gives the server under test a core of its own
 * and the load generators the other (bench/e2e.ts). Unpinned, the scheduler moved the server
 * between the cores the load processes were using, and one run's CPU per message came out 30 or
 * 50 µs depending on where it landed. Does nothing where `taskset` is missing.
 */
export function pinToCpu(pid: number, cpu: number | 'any'): void {
  if (os.availableParallelism() < 2) return;
  const list = cpu === 'any' ? `0-${os.availableParallelism() - 1}` : String(cpu);
  try {
    execFileSync('taskset', ['-a', '-p', '-c', list, String(pid)], { stdio: 'ignore' });
  } catch {
    // No taskset, or not allowed: run unpinned, as before.
  }
}

/**
 * With BENCH_PERF set: `perf record` of process `pid` (every thread, call graphs) for `ms`, into
 * DIR/NAME.data; read it with `perf report -i DIR/NAME.data --no-children --sort sym`. Resolves
 * at once without BENCH_PERF. perf must exist and be allowed to attach (perf_event_paranoid ≤ 2).
 */
export function perfRecord(pid: number, name: string, ms: number): Promise<void> {
  if (!PERF_DIR) return Promise.resolve();
  mkdirSync(PERF_DIR, { recursive: true });
  const out = path.join(PERF_DIR, `${name.replace(/[^\w.-]+/g, '_')}.data`);
  const proc = spawn(
    'perf',
    ['record', '-q', '-F', '2999', '-g', '-p', String(pid), '-o', out, '--', 'sleep', String(ms / 1000)],
    { stdio: 'ignore' },
  );
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.once('error', () => resolve());
  });
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// ------------------------------------------------------------------ /proc

let clkTck = 0;
function ticksPerSecond(): number {
  if (clkTck === 0) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** CPU seconds (user + system, every thread) a process has used so far. */
export function cpuSeconds(pid: number): number {
  return statCpu(`/proc/${pid}/stat`);
}

/** CPU seconds of the process's main thread alone (its tid is its pid). */
export function mainThreadCpuSeconds(pid: number): number {
  return statCpu(`/proc/${pid}/task/${pid}/stat`);
}

function statCpu(file: string): number {
  const stat = readFileSync(file, 'utf8');
  // Fields after "(comm)": state is field 3, utime 14, stime 15 (proc(5)).
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / ticksPerSecond();
}

/** Resident set size in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

// ------------------------------------------------------------------ statistics

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Percentile (0–100) of an ascending-sorted array, nearest rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(values: readonly number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
}

export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return '–';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A markdown table. */
export function mdTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export function machine(): { cpus: number; model: string; node: string } {
  let model = 'unknown';
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model;
  } catch {
    // not Linux
  }
  let cpus = os.availableParallelism();
  try {
    cpus = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || cpus;
  } catch {
    // no nproc
  }
  return { cpus, model, node: process.version };
}
