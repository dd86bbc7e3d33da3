// Tables and target verdicts for bench/RESULTS.md and the console. Every e2e figure is the median
// of the runs; targets are ratios to the floor measured in the same run.

import { OUTPUT_BATCH_MS } from '../src/main/output-channel.js';
import { fmt, mdTable, median } from './lib.js';
import type {
  ChannelResults,
  ChannelRun,
  CoalescingResults,
  E2eResults,
  FuzzResults,
  LoadRun,
  LoadScenario,
  MicroGroup,
  RobustnessResults,
  SenderKind,
  ServerKind,
} from './results.js';

export interface Target {
  readonly target: string;
  readonly measured: string;
  readonly limit: string;
  readonly met: boolean;
  /** How far past the limit, when missed. */
  readonly by: string;
}

function med(runs: readonly LoadRun[], server: ServerKind, key: keyof LoadRun): number {
  return median(runs.filter((r) => r.server === server).map((r) => r[key] as number));
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : Number.NaN;
}

function runsOf(
  e2e: E2eResults,
  match: (s: LoadScenario) => boolean,
): { scenario: LoadScenario; runs: LoadRun[] }[] {
  return e2e.load.filter((l) => match(l.scenario));
}

/** "≤ limit" target on a value; missed-by as the excess over the limit. */
function atMost(
  target: string,
  value: number,
  limit: number,
  measured: string,
  limitText: string,
  unit = '×',
): Target {
  const met = Number.isFinite(value) && value <= limit;
  const by = met
    ? ''
    : Number.isFinite(value)
      ? `${fmt(value - limit, 2)}${unit} over (${fmt((value / limit - 1) * 100, 0)}% above the limit)`
      : 'not measured';
  return { target, measured, limit: limitText, met, by };
}

/** The saturation stage: thrum answers as many closed-loop commands per second as the floor, nearly. */
export function saturationTargets(e2e: E2eResults): Target[] {
  const out: Target[] = [];
  for (const { scenario, runs } of e2e.load) {
    const t = med(runs, 'thrum', 'msgsPerSec');
    const f = med(runs, 'floor', 'msgsPerSec');
    const r = ratio(t, f);
    const met = Number.isFinite(r) && r >= 0.95;
    out.push({
      target: `saturation msgs/s, ${scenario.id}`,
      measured: `${fmt(r, 2)}× (${fmt(t, 0)} vs ${fmt(f, 0)} msgs/s)`,
      limit: '≥ 0.95× floor',
      met,
      by: met ? '' : Number.isFinite(r) ? `${fmt(0.95 - r, 2)}× under` : 'not measured',
    });
  }
  return out;
}

export function e2eTargets(e2e: E2eResults): Target[] {
  const out: Target[] = [];
  for (const { scenario, runs } of e2e.load) {
    const t = med(runs, 'thrum', 'cpuUsPerMsg');
    const f = med(runs, 'floor', 'cpuUsPerMsg');
    const r = ratio(t, f);
    out.push(
      atMost(
        `CPU per command, ${scenario.id}`,
        r,
        1.3,
        `${fmt(r, 2)}× (${fmt(t)} vs ${fmt(f)} µs)`,
        '≤ 1.3× floor',
      ),
    );
  }
  const json = runsOf(e2e, (s) => s.clients === 1000 && s.encoding === 'json' && s.version === 4)[0];
  const mp = runsOf(e2e, (s) => s.encoding === 'msgpack')[0];
  if (json && mp) {
    const j = med(json.runs, 'thrum', 'cpuUsPerMsg');
    const m = med(mp.runs, 'thrum', 'cpuUsPerMsg');
    const r = ratio(m, j);
    out.push(
      atMost(
        'thrum CPU per command, msgpack ≤ JSON (1000×5 v4 OutputCmd)',
        r,
        1,
        `${fmt(m)} vs ${fmt(j)} µs (${fmt(r, 2)}×)`,
        '≤ 1.0× JSON',
      ),
    );
  }
  for (const { scenario, runs } of runsOf(e2e, (s) => s.clients === 1000)) {
    const t = med(runs, 'thrum', 'p99');
    const f = med(runs, 'floor', 'p99');
    const r = ratio(t, f);
    out.push(
      atMost(
        `ack RTT p99, ${scenario.id}`,
        r,
        1.5,
        `${fmt(r, 2)}× (${fmt(t, 2)} vs ${fmt(f, 2)} ms)`,
        '≤ 1.5× floor',
      ),
    );
  }
  e2e.idleCounts.forEach((n, i) => {
    const t = median(e2e.idle.filter((r) => r.server === 'thrum').map((r) => r.perClient[i] ?? Number.NaN));
    const f = median(e2e.idle.filter((r) => r.server === 'floor').map((r) => r.perClient[i] ?? Number.NaN));
    const r = ratio(t, f);
    out.push(
      atMost(
        `RSS per idle client at ${n.toLocaleString('en-US')}`,
        r,
        2,
        `${fmt(r, 2)}× (${fmt(t / 1024, 2)} vs ${fmt(f / 1024, 2)} KiB)`,
        '≤ 2× floor',
      ),
    );
  });
  if (e2e.idleCounts.length === 0) return out; // the saturation stage: load only
  const top = e2e.idleCounts[e2e.idleCounts.length - 1] ?? 0;
  const thrumIdle = e2e.idle.filter((r) => r.server === 'thrum');
  const held = thrumIdle.length > 0 ? Math.min(...thrumIdle.map((r) => r.held)) : 0;
  out.push({
    target: '10,000 idle clients held on one process',
    measured: `${held.toLocaleString('en-US')} of ${top.toLocaleString('en-US')} answered a Ping (worst run)`,
    limit: '10,000',
    met: held >= 10_000,
    by: held >= 10_000 ? '' : `${(10_000 - held).toLocaleString('en-US')} clients short`,
  });
  return out;
}

export function coalescingTargets(c: CoalescingResults): Target[] {
  const maxAvg = Math.max(...c.runs.map((r) => r.writesPerSec));
  const maxWin = Math.max(...c.runs.map((r) => r.maxWritesPerSecond));
  const maxSliding = Math.max(...c.runs.map((r) => r.maxWritesInOneSecond));
  const newest = c.runs.every((r) => r.monotonic && r.staleWrites === 0);
  const stale = c.runs.reduce((s, r) => s + r.staleWrites, 0);
  const last = Math.max(...c.runs.map((r) => r.lastValueLatencyMs));
  const stop = Math.max(...c.stops.map((s) => s.latencyMs));
  const overtaken = c.stops.filter((s) => s.overtaken).length;
  const ownFirst = c.idle.filter((t) => t.firstWritten);
  const idleMedian = median(c.idle.map((t) => t.latencyMs));
  const whole = c.bursts.filter((b) => b.packets === 1 && Number.isFinite(b.latencyMs)).length;
  const burstMedian = median(c.bursts.map((b) => b.latencyMs));
  return [
    atMost(
      'coalescing: peripheral writes/s (1,000 cmd/s, 50 ms gap)',
      maxWin,
      21,
      `${fmt(maxAvg)} avg, ${maxWin} in the busiest second (${maxSliding} in the busiest sliding 1 s window), worst stream`,
      '≤ 21/s',
      ' writes',
    ),
    {
      target: 'coalescing: every write carries the newest value',
      measured: newest
        ? 'monotonic, 0 stale writes'
        : `${stale} stale writes, monotonic: ${c.runs.map((r) => r.monotonic).join('/')}`,
      limit: 'monotonic, ≥ value sent 1 gap earlier',
      met: newest,
      by: newest ? '' : `${stale} stale writes`,
    },
    atMost(
      'coalescing: last value written after',
      last,
      60,
      `${fmt(last)} ms (worst stream)`,
      '≤ 60 ms',
      ' ms',
    ),
    {
      ...atMost(
        'coalescing: stop written after',
        stop,
        c.gapMs,
        `${fmt(stop)} ms (worst of ${c.stops.length})`,
        `≤ ${c.gapMs} ms (one gap)`,
        ' ms',
      ),
      ...(overtaken > 0 && { met: false, by: `${overtaken} stops overtaken by a pending flush` }),
    },
    atMost(
      'coalescing: first command to an idle device, another streaming on the bus, written after (median)',
      idleMedian,
      IDLE_FIRST_LIMIT_MS,
      `${fmt(idleMedian)} ms; written on its own (not merged into the next command, 1 ms later) in ${ownFirst.length}/${c.idle.length} trials`,
      `≤ ${IDLE_FIRST_LIMIT_MS} ms (less than the bus worker's 4 ms batching hold)`,
      ' ms',
    ),
    {
      ...atMost(
        'coalescing: two motors set by two back-to-back frames on an idle two-motor device, another streaming on the bus: one packet, written after (median)',
        burstMedian,
        IDLE_FIRST_LIMIT_MS,
        `${fmt(burstMedian)} ms; one packet carrying both values in ${whole}/${c.bursts.length} trials`,
        `one packet in every trial, ≤ ${IDLE_FIRST_LIMIT_MS} ms`,
        ' ms',
      ),
      ...(whole < c.bursts.length && {
        met: false,
        by: `${c.bursts.length - whole} bursts not written as one packet`,
      }),
    },
  ];
}

/** "At once" for the first command after an idle gap: not held back by another device's batching. */
const IDLE_FIRST_LIMIT_MS = 3;

export function targetsSection(targets: readonly Target[]): string {
  return mdTable(
    ['target', 'measured', 'limit', 'result'],
    targets.map((t) => [t.target, t.measured, t.limit, t.met ? '**met**' : `**missed** by ${t.by}`]),
  );
}

export function e2eSection(e2e: E2eResults): string {
  const rows: string[][] = [];
  for (const { scenario, runs } of e2e.load) {
    const n = (s: ServerKind): number => runs.filter((r) => r.server === s).length;
    const line = (s: ServerKind): string[] => [
      scenario.id,
      `${s} (${n(s)})`,
      fmt(med(runs, s, 'msgsPerSec'), 0),
      fmt(med(runs, s, 'cpuUsPerMsg')),
      fmt(med(runs, s, 'mainCpuUsPerMsg')),
      fmt(med(runs, s, 'p50'), 2),
      fmt(med(runs, s, 'p99'), 2),
      s === 'thrum' ? fmt(med(runs, s, 'writesPerSec')) : '–',
      String(runs.filter((r) => r.server === s).reduce((a, r) => a + r.errors + r.failedClients, 0)),
    ];
    rows.push(line('floor'), line('thrum'));
    rows.push([
      '',
      '*thrum/floor*',
      `*${fmt(ratio(med(runs, 'thrum', 'msgsPerSec'), med(runs, 'floor', 'msgsPerSec')), 2)}×*`,
      `*${fmt(ratio(med(runs, 'thrum', 'cpuUsPerMsg'), med(runs, 'floor', 'cpuUsPerMsg')), 2)}×*`,
      `*${fmt(ratio(med(runs, 'thrum', 'mainCpuUsPerMsg'), med(runs, 'floor', 'mainCpuUsPerMsg')), 2)}×*`,
      `*${fmt(ratio(med(runs, 'thrum', 'p50'), med(runs, 'floor', 'p50')), 2)}×*`,
      `*${fmt(ratio(med(runs, 'thrum', 'p99'), med(runs, 'floor', 'p99')), 2)}×*`,
      '',
      '',
    ]);
  }
  const load = mdTable(
    [
      'scenario',
      'server (runs)',
      'msgs/s',
      'server CPU µs/msg',
      'of which main thread',
      'RTT p50 ms',
      'RTT p99 ms',
      'device writes/s',
      'errors',
    ],
    rows,
  );

  const idleRows: string[][] = [];
  e2e.idleCounts.forEach((n, i) => {
    const per = (s: ServerKind): number =>
      median(e2e.idle.filter((r) => r.server === s).map((r) => r.perClient[i] ?? Number.NaN));
    idleRows.push([
      n.toLocaleString('en-US'),
      fmt(per('floor') / 1024, 2),
      fmt(per('thrum') / 1024, 2),
      `${fmt(ratio(per('thrum'), per('floor')), 2)}×`,
    ]);
  });
  const base = (s: ServerKind): string =>
    fmt(median(e2e.idle.filter((r) => r.server === s).map((r) => r.baseRss)) / 1048576, 1);
  const held = e2e.idle.map((r) => `${r.server} ${r.held.toLocaleString('en-US')}`).join(', ');
  const idle = [
    mdTable(['idle handshaken clients', 'floor KiB/client', 'thrum KiB/client', 'thrum/floor'], idleRows),
    '',
    `Baseline RSS before any client: floor ${base('floor')} MiB, thrum ${base('thrum')} MiB (device attached). ` +
      `Clients answering a Ping at ${(e2e.idleCounts[e2e.idleCounts.length - 1] ?? 0).toLocaleString('en-US')}, per run: ${held}.`,
  ].join('\n');
  const notes = e2e.notes.length > 0 ? `\n\nNotes:\n${e2e.notes.map((n) => `- ${n}`).join('\n')}` : '';
  return e2e.idleCounts.length > 0 ? `${load}\n\n${idle}${notes}` : `${load}${notes}`;
}

export function coalescingSection(c: CoalescingResults): string {
  const rows = c.runs.map((r, i) => [
    String(i + 1),
    String(r.commands),
    String(r.writes),
    fmt(r.writesPerSec),
    `${r.maxWritesPerSecond} / ${r.maxWritesInOneSecond}`,
    `${fmt(r.minIntervalMs)} / ${fmt(r.medianIntervalMs)}`,
    r.monotonic ? 'yes' : 'NO',
    String(r.staleWrites),
    `${fmt(r.ageP50Ms)} / ${fmt(r.ageMaxMs)}`,
    fmt(r.lastValueLatencyMs),
  ]);
  const table = mdTable(
    [
      'stream',
      'commands',
      'writes',
      'writes/s',
      'max writes in a second / sliding 1 s',
      'write interval min / median ms',
      'monotonic',
      'stale writes',
      'value age at write p50 / max ms',
      'last value after ms',
    ],
    rows,
  );
  const stops = c.stops.map((s) => `${fmt(s.latencyMs)} ms${s.overtaken ? ' (overtaken)' : ''}`).join(', ');
  return [
    `Gap configured ${c.gapMs} ms; thrum lists DeviceMessageTimingGap ${fmt(c.listedGapMs, 0)} ms. Client errors: ${c.errors}${c.firstError ? ` (${c.firstError})` : ''}.`,
    '',
    table,
    '',
    `Stop (StopCmd sent with a flush pending inside a gap) → "Vibrate:0;" at the peripheral: ${stops}.`,
    '',
    `An idle second Hush on the bus, two commands 1 ms apart while the first Hush streams: first value written after ${c.idle
      .map((t) => (t.firstWritten ? `${fmt(t.latencyMs)} ms` : 'merged'))
      .join(', ')} (median ${fmt(median(c.idle.map((t) => t.latencyMs)))} ms).`,
    '',
    `An idle Satisfyer Double Desire on the bus, both motors set by two OutputCmd frames sent back to back while the first Hush streams: the packet carrying both written after ${c.bursts
      .map((b) =>
        Number.isFinite(b.latencyMs)
          ? `${fmt(b.latencyMs)} ms${b.packets === 1 ? '' : ` (${b.packets} packets)`}`
          : `split (${b.packets} packets)`,
      )
      .join(', ')} (median ${fmt(median(c.bursts.map((b) => b.latencyMs)))} ms).`,
  ].join('\n');
}

export function microSection(groups: readonly MicroGroup[]): string {
  const rows: string[][] = [];
  for (const g of groups) {
    const base = g.rows.find((r) => r.task === g.baseline);
    for (const r of g.rows) {
      rows.push([
        g.name,
        r.task,
        fmt(r.opsPerSec, 0),
        fmt(r.meanNs, 0),
        `±${fmt(r.rme, 1)}%`,
        base ? `${fmt(base.meanNs / r.meanNs, 2)}×` : '',
      ]);
    }
  }
  return mdTable(['group', 'task', 'ops/s', 'mean ns/op', 'rme', 'speed vs baseline'], rows);
}

// ------------------------------------------------------------------ channel race

type ChannelFigure = Exclude<keyof ChannelRun, 'workload' | 'sender' | 'run' | 'exact'>;
type ChannelKindName = 'postMessage' | 'sab';

const CHANNEL_LABEL: Readonly<Record<SenderKind, string>> = {
  postMessage: 'A postMessage batches',
  sab: 'B SAB latest-value table',
  none: 'generator only (no channel)',
};

function channelMed(runs: readonly ChannelRun[], sender: SenderKind, key: ChannelFigure): number {
  return median(runs.filter((r) => r.sender === sender).map((r) => r[key]));
}

/**
 * Per workload, what each channel costs per command (medians), the generator's own cost taken off
 * the main thread and the process. Thread CPU time where /proc has it, else event-loop busy time.
 */
interface ChannelFigures {
  readonly workload: string;
  readonly runs: readonly ChannelRun[];
  readonly mainNet: Readonly<Record<ChannelKindName, number>>;
  readonly worker: Readonly<Record<ChannelKindName, number>>;
  /** mainNet (at least 0) + worker: what the channel costs the two threads. */
  readonly threads: Readonly<Record<ChannelKindName, number>>;
}

function threadMetric(c: ChannelResults): { main: ChannelFigure; worker: ChannelFigure; name: string } {
  return c.runs.every((r) => Number.isFinite(r.mainCpuUsPerCmd))
    ? { main: 'mainCpuUsPerCmd', worker: 'workerCpuUsPerCmd', name: 'thread CPU time' }
    : {
        main: 'mainEluUsPerCmd',
        worker: 'workerEluUsPerCmd',
        name: 'event-loop busy time (no per-thread CPU time here)',
      };
}

function channelFigures(c: ChannelResults): ChannelFigures[] {
  const m = threadMetric(c);
  return c.workloads.map((workload) => {
    const runs = c.runs.filter((r) => r.workload === workload);
    const per = (f: (k: ChannelKindName) => number): Record<ChannelKindName, number> => ({
      postMessage: f('postMessage'),
      sab: f('sab'),
    });
    const mainNet = per((k) => channelMed(runs, k, m.main) - channelMed(runs, 'none', m.main));
    const worker = per((k) => channelMed(runs, k, m.worker));
    // A channel cheaper than the generator alone is run-to-run noise: it counts as costing nothing.
    return { workload, runs, mainNet, worker, threads: per((k) => Math.max(0, mainNet[k]) + worker[k]) };
  });
}

function exactText(runs: readonly ChannelRun[], sender: SenderKind): string {
  const mine = runs.filter((r) => r.sender === sender);
  if (mine.length === 0 || mine.some((r) => r.exact === null)) return '–';
  const bad = mine.filter((r) => !(r.exact!.ordered && r.exact!.stopsExact && r.exact!.finalsExact));
  return bad.length === 0 ? 'yes' : `**NO** in ${bad.length} run(s): ${bad[0]!.exact!.problem}`;
}

function allExact(c: ChannelResults): boolean {
  return c.runs.every(
    (r) => r.exact === null || (r.exact.ordered && r.exact.stopsExact && r.exact.finalsExact),
  );
}

export function channelSection(c: ChannelResults): string {
  const rows: string[][] = [];
  for (const { workload, runs } of channelFigures(c)) {
    const sent = channelMed(runs, 'none', 'commands');
    const med = (k: SenderKind, key: ChannelFigure): number => channelMed(runs, k, key);
    const net = (k: SenderKind, key: ChannelFigure): number => med(k, key) - med('none', key);
    for (const k of ['postMessage', 'sab', 'none'] as const) {
      const n = runs.filter((r) => r.sender === k).length;
      const channel = k !== 'none';
      const wakeupsPerSec = med(k, 'wakeups') / Math.max(med(k, 'sendingMs') / 1000, 0.001);
      rows.push([
        workload,
        `${CHANNEL_LABEL[k]} (${n})`,
        channel
          ? `${fmt(med(k, 'mainCpuUsPerCmd'), 2)} (${fmt(net(k, 'mainCpuUsPerCmd'), 2)})`
          : fmt(med(k, 'mainCpuUsPerCmd'), 2),
        channel ? fmt(med(k, 'workerCpuUsPerCmd'), 2) : '–',
        channel
          ? `${fmt(med(k, 'mainEluUsPerCmd'), 2)} (${fmt(net(k, 'mainEluUsPerCmd'), 2)}) / ${fmt(med(k, 'workerEluUsPerCmd'), 2)}`
          : `${fmt(med(k, 'mainEluUsPerCmd'), 2)} / –`,
        channel
          ? `${fmt(med(k, 'processUsPerCmd'), 2)} (${fmt(net(k, 'processUsPerCmd'), 2)})`
          : fmt(med(k, 'processUsPerCmd'), 2),
        channel
          ? `${fmt(med(k, 'p50Ms'), 2)} / ${fmt(med(k, 'p99Ms'), 2)} / ${fmt(med(k, 'maxMs'), 2)}`
          : '–',
        channel
          ? `${fmt(med(k, 'delivered'), 0)} / ${fmt(sent, 0)} (${fmt((med(k, 'delivered') / sent) * 100, 1)}%)`
          : `– / ${fmt(sent, 0)}`,
        channel ? fmt(wakeupsPerSec, 0) : '–',
        exactText(runs, k),
      ]);
    }
    const ba = (key: ChannelFigure, minusGenerator = false): string => {
      const off = minusGenerator ? med('none', key) : 0;
      const a = med('postMessage', key) - off;
      // A net cost at or below the generator's noise makes the ratio meaningless.
      return a > 0.05 ? `*${fmt(ratio(med('sab', key) - off, a), 2)}×*` : '–';
    };
    rows.push([
      '',
      '*B/A*',
      `${ba('mainCpuUsPerCmd')} (${ba('mainCpuUsPerCmd', true)})`,
      ba('workerCpuUsPerCmd'),
      `${ba('mainEluUsPerCmd')} (${ba('mainEluUsPerCmd', true)}) / ${ba('workerEluUsPerCmd')}`,
      `${ba('processUsPerCmd')} (${ba('processUsPerCmd', true)})`,
      `${ba('p50Ms')} / ${ba('p99Ms')} / ${ba('maxMs')}`,
      ba('delivered'),
      ba('wakeups'),
      '',
    ]);
  }
  const table = mdTable(
    [
      'workload',
      'channel (runs)',
      'main thread CPU µs/cmd (net of generator)',
      'worker CPU µs/cmd',
      'ELU µs/cmd: main (net) / worker',
      'process CPU µs/cmd (net)',
      'latency p50 / p99 / max ms',
      'values delivered / sent',
      'worker wake-ups/s',
      'exact (order, stops, final values)',
    ],
    rows,
  );
  return [
    `Both channels in the same run, ${c.runsPerWorkload} run(s) per workload (order alternating), medians; streams last ${fmt(c.windowMs / 1000, 0)} s after a warm-up session of the same workload; the burst sends ${c.burstChunk} commands per event-loop turn. ` +
      "Per command sent: CPU time of the main thread and of the worker thread (/proc/self/task/<tid>/schedstat, ns), their event-loop busy time (performance.eventLoopUtilization(), the worker's read from the main thread; wall time, so on this shared machine it also counts time a busy thread waited for a CPU), and process.cpuUsage() (every thread, GC included). " +
      '"net" subtracts the generator-only row (the same commands built and timed, sent nowhere). Latency: send → the worker applies the value, on the main thread\'s clock; values coalesced away have none. ' +
      `Both channels hold values for at most ${OUTPUT_BATCH_MS} ms during a stream (A on the main thread, B in the worker's drain), so they differ in transport only. B/A ratios are of the medians.`,
    '',
    'Stops: A keeps them in order inside the batch, as the supervisor does. B writes a stop into its slot and counts it there, so a newer value cannot hide it and an older one cannot follow it: the worker applies the stop, then any value written after it (src/core/output-table.ts). "exact" checks, per slot, that applied values only rise, that every stop sent was applied between the values around it (and none that was not sent), and that the worker ends on the last command sent.',
    '',
    table,
    '',
    channelVerdict(c),
  ].join('\n');
}

/**
 * "Winner and why", from the numbers: what the channel costs both threads per command (main thread
 * net of the generator, plus the worker thread) decides; a 10% margin either way, since run-to-run noise on this
 * shared machine is of that order.
 */
export function channelVerdict(c: ChannelResults): string {
  const figs = channelFigures(c);
  const metric = threadMetric(c).name;
  if (!allExact(c)) {
    return '**Verdict: postMessage batches kept.** A channel was not exact in this run (see the table): exactness comes before cost.';
  }
  const mainText = (us: number): string =>
    us > 0 ? fmt(us, 2) : `≈ 0 (${fmt(us, 2)}, within the generator's noise)`;
  const lines = figs.map((f) => {
    const rThreads = ratio(f.threads.sab, f.threads.postMessage);
    const rMain = ratio(Math.max(0, f.mainNet.sab), Math.max(0, f.mainNet.postMessage));
    const rWorker = ratio(f.worker.sab, f.worker.postMessage);
    /** Worker CPU per wake-up, µs: what one message (A) or one drain (B) costs it. */
    const perWake = (k: ChannelKindName): number =>
      (f.worker[k] * channelMed(f.runs, k, 'commands')) / channelMed(f.runs, k, 'wakeups');
    return {
      f,
      rThreads,
      rMain,
      rWorker,
      perWake: { postMessage: perWake('postMessage'), sab: perWake('sab') },
      text: `${f.workload}: main thread ${mainText(f.mainNet.postMessage)} → ${mainText(f.mainNet.sab)} µs/cmd, worker ${fmt(f.worker.postMessage, 2)} → ${fmt(f.worker.sab, 2)} µs/cmd, both threads ${fmt(f.threads.postMessage, 2)} → ${fmt(f.threads.sab, 2)} µs/cmd (${fmt(rThreads, 2)}×)`,
    };
  });
  const best = Math.min(...lines.map((l) => l.rThreads));
  const worst = Math.max(...lines.map((l) => l.rThreads));
  const mainNotLower = lines.filter((l) => !(l.rMain < 1)).map((l) => l.f.workload);
  const mainShare =
    mainNotLower.length === 0
      ? 'The main thread, which serves every client, pays less in every workload: a command is a few Atomics stores into its slot (a notify only when the worker is idle) instead of a message object, a key string, a timer or immediate per stream and a serialised batch.'
      : `The main thread's own share is not lower in: ${mainNotLower.join('; ')}.`;
  const workerWorse = lines.filter((l) => !(l.rWorker < 0.9));
  const workerNotLower = workerWorse.map((l) => `${l.f.workload} (${fmt(l.rWorker, 2)}×)`);
  const wakeCosts = workerWorse
    .map((l) => `${fmt(l.perWake.sab, 0)} µs vs A's ${fmt(l.perWake.postMessage, 0)}`)
    .join(', ');
  const wakeWhy = workerWorse.every((l) => l.perWake.sab > l.perWake.postMessage)
    ? ` B wakes the worker less often, but each drain is woken by the worker's own ${OUTPUT_BATCH_MS} ms timer and costs it more per wake-up (${wakeCosts}): here a timer wake-up costs more than a message wake-up.`
    : '';
  const workerShare =
    workerNotLower.length === 0
      ? 'The worker costs less too: one read per changed slot per drain instead of deserialising every queued message.'
      : `The worker thread costs about the same or more with the table in: ${workerNotLower.join('; ')}.${wakeWhy}`;
  // The rule: the main thread serves every client and is the server's limit, while each bus
  // worker has a thread of its own; so the table (what production uses, bus-supervisor.ts) is
  // kept as long as it is exact and the main thread pays less in every workload, unless it costs
  // the two threads together more in every workload.
  const range = `${fmt(best, 2)}–${fmt(worst, 2)}×`;
  let head: string;
  if (mainNotLower.length === 0 && best < 1.1) {
    head = `**Verdict: SAB latest-value table (production's channel) kept.** ${mainShare} The two threads together: ${range} of postMessage's cost per command across workloads (${metric}). ${workerShare}`;
  } else if (best >= 1.1) {
    head = `**Verdict: postMessage batches win**: the table costs the two threads ${fmt((best - 1) * 100, 0)}–${fmt((worst - 1) * 100, 0)}% more per command in every workload (${metric}); production should switch back (BusSupervisor option outputTable: false). ${mainShare} ${workerShare}`;
  } else {
    head = `**Verdict: no clear winner** (the two threads together ${range}, ${metric}). ${mainShare} ${workerShare}`;
  }
  return [head, '', ...lines.map((l) => `- ${l.text}.`)].join('\n');
}

/** Other clients' RTT p99 while one client floods may exceed the quiet p99 by at most this. */
const FLOOD_P99_EXTRA_MS = 5;
/** Server RSS may grow by at most this under the amplification attack. */
const AMPLIFICATION_RSS_LIMIT = 50 * 1024 * 1024;

export function robustnessTargets(r: RobustnessResults): Target[] {
  const extra = r.flooded.p99Ms - r.quiet.p99Ms;
  const growth = r.attack.peakRss - r.attack.baselineRss;
  const mb = (n: number): string => `${fmt(n / 1024 / 1024)} MB`;
  const closed1008 = r.attack.closes['1008'] ?? 0;
  return [
    atMost(
      "robustness: other clients' RTT p99 during a flood, over the quiet p99",
      extra,
      FLOOD_P99_EXTRA_MS,
      `${fmt(r.flooded.p99Ms, 2)} ms during, ${fmt(r.quiet.p99Ms, 2)} ms quiet (+${fmt(extra, 2)} ms)`,
      `≤ +${FLOOD_P99_EXTRA_MS} ms`,
      ' ms',
    ),
    {
      ...atMost(
        'robustness: server RSS growth under the amplification attack (6 non-reading clients, 1 MiB frames of {})',
        growth / 1024 / 1024,
        AMPLIFICATION_RSS_LIMIT / 1024 / 1024,
        `peak ${mb(r.attack.peakRss)} over ${mb(r.attack.baselineRss)} (+${mb(growth)}); ${closed1008}/${r.attack.frames} attackers closed with 1008`,
        `≤ +${mb(AMPLIFICATION_RSS_LIMIT)}, every attacker closed 1008`,
        ' MB',
      ),
      ...(closed1008 !== r.attack.frames && {
        met: false,
        by: `${r.attack.frames - closed1008} attackers not closed with 1008`,
      }),
    },
  ];
}

export function robustnessSection(r: RobustnessResults): string {
  const mb = (n: number): string => fmt(n / 1024 / 1024);
  return [
    `${r.probes} v3 clients each Ping every ${r.probeEveryMs} ms; RTTs over a ${r.windowMs / 1000} s window without, then with, one client that stops reading and floods Ping frames (\`bench/flood-client.ts\`, its own process, reconnecting whenever thrum closes it).`,
    '',
    mdTable(
      ['window', 'answers', 'RTT p50 ms', 'RTT p99 ms', 'RTT max ms'],
      [
        ['quiet', String(r.quiet.count), fmt(r.quiet.p50Ms, 2), fmt(r.quiet.p99Ms, 2), fmt(r.quiet.maxMs, 2)],
        [
          'one client flooding',
          String(r.flooded.count),
          fmt(r.flooded.p50Ms, 2),
          fmt(r.flooded.p99Ms, 2),
          fmt(r.flooded.maxMs, 2),
        ],
      ],
    ),
    '',
    `Flooder: ${r.flooder.connections} connections, ${r.flooder.framesSent.toLocaleString('en-US')} frames sent, closed by thrum with ${Object.entries(
      r.flooder.closes,
    )
      .map(([code, n]) => `${code} ×${n}`)
      .join(', ')}.`,
    '',
    `Amplification: ${r.attack.attackers} clients that do not read send 1 MiB frames of \`{}\` (349,524 messages each; half before the handshake, half after), reconnecting after each close, for ${r.attack.ms / 1000} s: ${r.attack.frames} frames. Server RSS ${mb(r.attack.baselineRss)} MB before, peak ${mb(r.attack.peakRss)} MB (sampled every 20 ms), ${mb(r.attack.afterRss)} MB after ${r.attack.quietMs / 1000} s quiet. Close codes: ${Object.entries(
      r.attack.closes,
    )
      .map(([code, n]) => `${code} ×${n}`)
      .join(', ')}.`,
  ].join('\n');
}

export function fuzzSection(r: FuzzResults): string {
  const { settings } = r;
  const mib = (kb: number): string => fmt(kb / 1024, 1);
  const all = [...r.codec, ...r.live];
  const rows = all.map((p) => [
    p.name,
    p.runs.toLocaleString('en-US'),
    fmt(p.ms / 1000),
    p.failed ? '**failed**' : 'passed',
  ]);
  const servers = r.live.map((l) => {
    const after =
      l.afterProblems.length > 0
        ? l.afterProblems.map((p) => `\n  - ${p}`).join('')
        : ' none (a fresh client was served; stderr shows no uncaught exception).';
    return `- ${l.name.split(':')[0]}: server RSS ${mib(l.rssBeforeKb)} MiB before the first connection, ${mib(l.peakRssKb)} MiB at peak, ${mib(l.rssAfterKb)} MiB after the last (limit: +150 MiB). Problems after the runs:${after}`;
  });
  const failures = all
    .filter((p) => p.failed)
    .map((p) => `\`\`\`\n${p.report.split('\n').slice(0, 8).join('\n')}\n\`\`\``);
  return [
    `Seed ${settings.seed} (\`FUZZ_SEED=${settings.seed}\` replays it); ${settings.codecRuns.toLocaleString('en-US')} runs per codec property, ${settings.liveRuns.toLocaleString('en-US')} connections per live server (\`FUZZ_RUNS\`, \`FUZZ_LIVE_RUNS\`). ${r.failed} of ${all.length} properties failed.`,
    '',
    mdTable(['property', 'runs', 'seconds', 'result'], rows),
    '',
    ...servers,
    ...(failures.length > 0 ? ['', 'Failures (first lines of each report):', '', ...failures] : []),
  ].join('\n');
}
