// Channel race (issue 3, point 2): how the main thread hands device outputs to a bus worker. Both
// sides are the shipped modules, src/main/output-channel.ts and src/core/output-table.ts:
//   A  the channel without an output table: postMessage batches (its message path, which carries
//      the outputs a full table has no slot for);
//   B  the channel with one: a SharedArrayBuffer latest-value table, one slot per (device, feature,
//      output type), the worker woken by Atomics.notify and waiting with Atomics.waitAsync.
// Both end in the same per-device latest-value map on a worker thread (bench/channel-worker.ts).
// A third row drives the same workload into no channel at all: the load generator's own cost,
// subtracted from the main thread's figures so they show the channel alone.
//
// Each workload runs on every channel in the same run (order alternating run to run), after a
// warm-up session of the same workload. Per session: CPU time of the main thread and of the worker
// thread (thread-cpu.ts), their event-loop busy time from performance.eventLoopUtilization() (the
// worker's read from the main thread), the whole process's CPU from process.cpuUsage(), latency from send to the worker applying the value on
// the main thread's clock (performance.timeOrigin + now(), shared with the worker), values
// delivered vs sent, and exactness (channel-check.ts).
//
//   node --import tsx bench/channel.ts          (BENCH_QUICK=1 for one short run)

import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OutputCommand } from '../src/core/index.js';
import { checkExactness, type SentCommands } from './channel-check.js';
import type {
  ChannelKind,
  ChannelSender,
  ChannelWorkerData,
  FromChannelWorker,
  SlotOutput,
  ToChannelWorker,
  WorkerReport,
} from './channel-protocol.js';
import { createOutputTable, OutputTableWriter } from '../src/core/index.js';
import { OutputChannel } from '../src/main/output-channel.js';
import { percentile, QUICK, sleep } from './lib.js';
import { currentThreadId, threadCpuNs } from './thread-cpu.js';
import type { ChannelResults, ChannelRun, SenderKind } from './results.js';

export const CHANNEL_RUNS = QUICK ? 1 : 3;
export const CHANNEL_WINDOW_MS = QUICK ? 1000 : 3000;
const WARMUP_MS = QUICK ? 250 : 500;
/** After the last command: longer than either channel holds a value (OUTPUT_BATCH_MS). */
const SETTLE_MS = 30;
/** A burst sends this many commands per event-loop turn (a poll phase full of client frames). */
const BURST_CHUNK = 20;
const MAX_SLOTS = 1000;
const MAIN_TID = currentThreadId();

interface ChannelWorkload {
  readonly id: string;
  /** One output (feature 0, Vibrate) per device, so one slot per device. */
  readonly devices: number;
  /** Stream: commands per second per device, phases spread evenly over the devices. */
  readonly ratePerDevice?: number;
  /**
   * Every `stopEvery`-th command is a stop: per device in a stream (mid-period, so streams end on a
   * value), counted over the whole burst in a burst (there a stop often shares a drain with the
   * values around it, the case channel B must get right).
   */
  readonly stopEvery?: number;
  /** Burst: this many commands, BURST_CHUNK per turn, to devices in pseudo-random order. */
  readonly burst?: number;
}

const CHANNEL_WORKLOADS: readonly ChannelWorkload[] = [
  { id: '100 devices × 50 cmd/s (1 in 50 a stop)', devices: 100, ratePerDevice: 50, stopEvery: 50 },
  { id: '1 device × 1,000 cmd/s', devices: 1, ratePerDevice: 1000 },
  {
    id: 'burst of 20,000 cmds over 1,000 slots (1 in 50 a stop)',
    devices: 1000,
    burst: 20_000,
    stopEvery: 50,
  },
];

// ------------------------------------------------------------------ workloads

interface Schedule extends SentCommands {
  /** ms after the start at which command n (index n - 1) is due; null for a burst (as fast as possible). */
  readonly dueMs: Float64Array | null;
  readonly outputs: readonly SlotOutput[];
}

function layout(devices: number): SlotOutput[] {
  return Array.from({ length: devices }, (_, device) => ({
    device,
    feature: 0,
    type: 'Vibrate' as const,
    hasDuration: false,
  }));
}

function schedule(w: ChannelWorkload, windowMs: number): Schedule {
  const outputs = layout(w.devices);
  if (w.burst !== undefined) {
    const slot = new Int32Array(w.burst);
    const stop = new Uint8Array(w.burst);
    let seed = 0x2545f491; // xorshift32: the same "random" order on every channel and run
    for (let i = 0; i < w.burst; i++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      slot[i] = (seed >>> 0) % w.devices;
      if (w.stopEvery !== undefined && i % w.stopEvery === w.stopEvery >> 1) stop[i] = 1;
    }
    return { dueMs: null, slot, stop, slots: w.devices, outputs };
  }
  const rate = w.ratePerDevice ?? 1;
  const periodMs = 1000 / rate;
  const perDevice = Math.round((rate * windowMs) / 1000);
  const n = perDevice * w.devices;
  const dueMs = new Float64Array(n);
  const slot = new Int32Array(n);
  const stop = new Uint8Array(n);
  // Device d is offset by d/devices of a period, so k-major, d-minor order is already time order.
  let i = 0;
  for (let k = 0; k < perDevice; k++) {
    for (let d = 0; d < w.devices; d++, i++) {
      dueMs[i] = (k + d / w.devices) * periodMs;
      slot[i] = d;
      if (w.stopEvery !== undefined && k % w.stopEvery === w.stopEvery >> 1) stop[i] = 1;
    }
  }
  return { dueMs, slot, stop, slots: w.devices, outputs };
}

// ------------------------------------------------------------------ driving one session

const NO_CHANNEL: ChannelSender = { output() {}, stop() {}, frameDone() {}, flush() {} };

/** The shipped output channel, as the race drives it; `table` null: its message path alone. */
function shippedChannel(worker: Worker, table: SharedArrayBuffer | null): ChannelSender {
  const channel = new OutputChannel(
    'simulated',
    worker,
    table === null ? null : new OutputTableWriter(table),
  );
  return {
    output: (device, command) => channel.output(device, command),
    stop: (device, commands) => channel.stop(device, commands),
    frameDone: () => channel.commit(),
    flush: () => channel.flushNow(),
  };
}

/**
 * Send every command of the schedule through `sender`: a stream from a 1 ms interval timer (the
 * commands that are due, each tick), a burst BURST_CHUNK per turn.
 */
function drive(s: Schedule, sender: ChannelSender, sentAt: Float64Array): Promise<void> {
  const n = s.slot.length;
  const stops: OutputCommand[][] = s.outputs.map((o) => [{ feature: o.feature, type: o.type, value: 0 }]);
  let i = 0;
  const sendOne = (): void => {
    const value = i + 1;
    const o = s.outputs[s.slot[i]!]!;
    sentAt[value] = performance.now();
    if (s.stop[i] === 1) sender.stop(o.device, stops[s.slot[i]!]!);
    else sender.output(o.device, { feature: o.feature, type: o.type, value });
    sender.frameDone(); // each command stands for one client frame
    i++;
  };
  return new Promise((resolve) => {
    const due = s.dueMs;
    if (due === null) {
      const chunk = (): void => {
        const end = Math.min(n, i + BURST_CHUNK);
        while (i < end) sendOne();
        if (i < n) setImmediate(chunk);
        else resolve();
      };
      chunk();
      return;
    }
    const t0 = performance.now();
    const timer = setInterval(() => {
      const now = performance.now() - t0;
      while (i < n && due[i]! <= now) sendOne();
      if (i === n) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
}

function message<T extends FromChannelWorker['t']>(
  worker: Worker,
  t: T,
): Promise<Extract<FromChannelWorker, { t: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: FromChannelWorker): void => {
      if (msg.t !== t) return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      resolve(msg as Extract<FromChannelWorker, { t: T }>);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}

interface ChannelWorker {
  readonly kind: ChannelKind;
  readonly worker: Worker;
  readonly tid: number;
}

async function startWorker(kind: ChannelKind): Promise<ChannelWorker> {
  const workerData: ChannelWorkerData = { channel: kind, mainTimeOrigin: performance.timeOrigin };
  const worker = new Worker(new URL('./channel-worker-tsx.mjs', import.meta.url), {
    workerData,
    name: `bench-channel-${kind}`,
  });
  const { tid } = await message(worker, 'ready');
  return { kind, worker, tid };
}

async function session(
  w: ChannelWorkload,
  s: Schedule,
  kind: SenderKind,
  cw: ChannelWorker | null,
  run: number,
): Promise<ChannelRun> {
  const commands = s.slot.length;
  const sentAtBuf = new SharedArrayBuffer((commands + 1) * Float64Array.BYTES_PER_ELEMENT);
  const slotOfBuf = new SharedArrayBuffer((commands + 1) * Int32Array.BYTES_PER_ELEMENT);
  new Int32Array(slotOfBuf).set(s.slot, 1);
  const sentAt = new Float64Array(sentAtBuf);
  let sender: ChannelSender = NO_CHANNEL;
  if (cw) {
    // A fresh table per session: a new writer on an old table would restart its slots' stop counts.
    const table = cw.kind === 'sab' ? createOutputTable(MAX_SLOTS) : null;
    const ready = message(cw.worker, 'sessionReady');
    cw.worker.postMessage({
      t: 'session',
      session: { outputs: s.outputs, sentAt: sentAtBuf, slotOf: slotOfBuf, commands, table },
    } satisfies ToChannelWorker);
    await ready;
    sender = shippedChannel(cw.worker, table);
  }

  const workerTid = cw ? cw.tid : Number.NaN;
  const elu0 = performance.eventLoopUtilization();
  const welu0 = cw?.worker.performance.eventLoopUtilization();
  const mainNs0 = threadCpuNs(MAIN_TID);
  const workerNs0 = threadCpuNs(workerTid);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await drive(s, sender, sentAt);
  const sendingMs = performance.now() - t0;
  await sleep(SETTLE_MS);
  sender.flush();
  const mainEluMs = performance.eventLoopUtilization(elu0).active;
  const workerEluMs = cw && welu0 ? cw.worker.performance.eventLoopUtilization(welu0).active : Number.NaN;
  const mainNs = threadCpuNs(MAIN_TID) - mainNs0;
  const workerNs = threadCpuNs(workerTid) - workerNs0;
  const cpu = process.cpuUsage(cpu0);

  let report: WorkerReport | null = null;
  if (cw) {
    const answer = message(cw.worker, 'report');
    cw.worker.postMessage({ t: 'report' } satisfies ToChannelWorker);
    report = (await answer).report;
  }
  const latency = report ? report.latencyMs.slice().sort() : new Float64Array(0);
  let stopsSent = 0;
  for (const x of s.stop) stopsSent += x;
  return {
    workload: w.id,
    sender: kind,
    run,
    commands,
    stopsSent,
    sendingMs,
    mainCpuUsPerCmd: mainNs / 1000 / commands,
    workerCpuUsPerCmd: workerNs / 1000 / commands,
    mainEluUsPerCmd: (mainEluMs * 1000) / commands,
    workerEluUsPerCmd: (workerEluMs * 1000) / commands,
    processUsPerCmd: (cpu.user + cpu.system) / commands,
    delivered: report ? report.delivered : Number.NaN,
    wakeups: report ? report.wakeups : Number.NaN,
    p50Ms: percentile(latency, 50),
    p99Ms: percentile(latency, 99),
    maxMs: latency.length > 0 ? latency[latency.length - 1]! : Number.NaN,
    exact: report ? checkExactness(s, report.applied, report.finals) : null,
  };
}

// ------------------------------------------------------------------ the race

export async function runChannel(log: (line: string) => void = () => {}): Promise<ChannelResults> {
  const workers = { postMessage: await startWorker('postMessage'), sab: await startWorker('sab') };
  const runs: ChannelRun[] = [];
  try {
    for (let run = 1; run <= CHANNEL_RUNS; run++) {
      const order: SenderKind[] =
        run % 2 === 1 ? ['postMessage', 'sab', 'none'] : ['sab', 'postMessage', 'none'];
      for (const w of CHANNEL_WORKLOADS) {
        const measured = schedule(w, CHANNEL_WINDOW_MS);
        const warm =
          w.burst !== undefined ? schedule({ ...w, burst: w.burst >> 2 }, 0) : schedule(w, WARMUP_MS);
        for (const kind of order) {
          const cw = kind === 'none' ? null : workers[kind];
          await session(w, warm, kind, cw, run);
          const r = await session(w, measured, kind, cw, run);
          runs.push(r);
          log(
            `run ${run} ${w.id} ${kind}: µs/cmd main ${r.mainCpuUsPerCmd.toFixed(2)} CPU ${r.mainEluUsPerCmd.toFixed(2)} ELU, ` +
              `worker ${r.workerCpuUsPerCmd.toFixed(2)} CPU ${r.workerEluUsPerCmd.toFixed(2)} ELU, process ${r.processUsPerCmd.toFixed(2)}, ` +
              `p50/p99 ${r.p50Ms.toFixed(2)}/${r.p99Ms.toFixed(2)} ms, delivered ${r.delivered}/${r.commands}, wake-ups ${r.wakeups}` +
              (r.exact
                ? `, exact: ${r.exact.ordered && r.exact.stopsExact && r.exact.finalsExact ? 'yes' : `NO (${r.exact.problem})`}`
                : ''),
          );
        }
      }
    }
  } finally {
    await Promise.all([workers.postMessage.worker.terminate(), workers.sab.worker.terminate()]);
  }
  return {
    runs,
    workloads: CHANNEL_WORKLOADS.map((w) => w.id),
    runsPerWorkload: CHANNEL_RUNS,
    windowMs: CHANNEL_WINDOW_MS,
    burstChunk: BURST_CHUNK,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { channelSection } = await import('./report.js');
  const results = await runChannel((line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`\n${channelSection(results)}\n`);
  process.exit(0);
}
