// Tables and target verdicts for bench/RESULTS.md and the console. Every e2e figure is the median
// of the runs; targets are ratios to the floor measured in the same run.

import type { CoalescingResults } from './coalescing.js';
import type { E2eResults, LoadRun, LoadScenario, ServerKind } from './e2e.js';
import { fmt, mdTable, median } from './lib.js';
import type { MicroGroup } from './micro.js';

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

function runsOf(e2e: E2eResults, match: (s: LoadScenario) => boolean): { scenario: LoadScenario; runs: LoadRun[] }[] {
  return e2e.load.filter((l) => match(l.scenario));
}

/** "≤ limit" target on a value; missed-by as the excess over the limit. */
function atMost(target: string, value: number, limit: number, measured: string, limitText: string, unit = '×'): Target {
  const met = Number.isFinite(value) && value <= limit;
  const by = met ? '' : Number.isFinite(value) ? `${fmt(value - limit, 2)}${unit} over (${fmt((value / limit - 1) * 100, 0)}% above the limit)` : 'not measured';
  return { target, measured, limit: limitText, met, by };
}

export function e2eTargets(e2e: E2eResults): Target[] {
  const out: Target[] = [];
  for (const { scenario, runs } of e2e.load) {
    const t = med(runs, 'thrum', 'cpuUsPerMsg');
    const f = med(runs, 'floor', 'cpuUsPerMsg');
    const r = ratio(t, f);
    out.push(atMost(`CPU per command, ${scenario.id}`, r, 1.3, `${fmt(r, 2)}× (${fmt(t)} vs ${fmt(f)} µs)`, '≤ 1.3× floor'));
  }
  const json = runsOf(e2e, (s) => s.clients === 1000 && s.encoding === 'json' && s.version === 4)[0];
  const mp = runsOf(e2e, (s) => s.encoding === 'msgpack')[0];
  if (json && mp) {
    const j = med(json.runs, 'thrum', 'cpuUsPerMsg');
    const m = med(mp.runs, 'thrum', 'cpuUsPerMsg');
    const r = ratio(m, j);
    out.push(atMost('thrum CPU per command, msgpack ≤ JSON (1000×5 v4 OutputCmd)', r, 1, `${fmt(m)} vs ${fmt(j)} µs (${fmt(r, 2)}×)`, '≤ 1.0× JSON'));
  }
  for (const { scenario, runs } of runsOf(e2e, (s) => s.clients === 1000)) {
    const t = med(runs, 'thrum', 'p99');
    const f = med(runs, 'floor', 'p99');
    const r = ratio(t, f);
    out.push(atMost(`ack RTT p99, ${scenario.id}`, r, 1.5, `${fmt(r, 2)}× (${fmt(t, 2)} vs ${fmt(f, 2)} ms)`, '≤ 1.5× floor'));
  }
  e2e.idleCounts.forEach((n, i) => {
    const t = median(e2e.idle.filter((r) => r.server === 'thrum').map((r) => r.perClient[i] ?? Number.NaN));
    const f = median(e2e.idle.filter((r) => r.server === 'floor').map((r) => r.perClient[i] ?? Number.NaN));
    const r = ratio(t, f);
    out.push(atMost(`RSS per idle client at ${n.toLocaleString('en-US')}`, r, 2, `${fmt(r, 2)}× (${fmt(t / 1024, 2)} vs ${fmt(f / 1024, 2)} KiB)`, '≤ 2× floor'));
  });
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
  return [
    atMost('coalescing: peripheral writes/s (1,000 cmd/s, 50 ms gap)', maxWin, 21, `${fmt(maxAvg)} avg, ${maxWin} in the busiest second (${maxSliding} in the busiest sliding 1 s window), worst stream`, '≤ 21/s', ' writes'),
    {
      target: 'coalescing: every write carries the newest value',
      measured: newest ? 'monotonic, 0 stale writes' : `${stale} stale writes, monotonic: ${c.runs.map((r) => r.monotonic).join('/')}`,
      limit: 'monotonic, ≥ value sent 1 gap earlier',
      met: newest,
      by: newest ? '' : `${stale} stale writes`,
    },
    atMost('coalescing: last value written after', last, 60, `${fmt(last)} ms (worst stream)`, '≤ 60 ms', ' ms'),
    {
      ...atMost('coalescing: stop written after', stop, c.gapMs, `${fmt(stop)} ms (worst of ${c.stops.length})`, `≤ ${c.gapMs} ms (one gap)`, ' ms'),
      ...(overtaken > 0 && { met: false, by: `${overtaken} stops overtaken by a pending flush` }),
    },
  ];
}

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
  const load = mdTable(['scenario', 'server (runs)', 'msgs/s', 'server CPU µs/msg', 'of which main thread', 'RTT p50 ms', 'RTT p99 ms', 'device writes/s', 'errors'], rows);

  const idleRows: string[][] = [];
  e2e.idleCounts.forEach((n, i) => {
    const per = (s: ServerKind): number => median(e2e.idle.filter((r) => r.server === s).map((r) => r.perClient[i] ?? Number.NaN));
    idleRows.push([
      n.toLocaleString('en-US'),
      fmt(per('floor') / 1024, 2),
      fmt(per('thrum') / 1024, 2),
      `${fmt(ratio(per('thrum'), per('floor')), 2)}×`,
    ]);
  });
  const base = (s: ServerKind): string => fmt(median(e2e.idle.filter((r) => r.server === s).map((r) => r.baseRss)) / 1048576, 1);
  const held = e2e.idle.map((r) => `${r.server} ${r.held.toLocaleString('en-US')}`).join(', ');
  const idle = [
    mdTable(['idle handshaken clients', 'floor KiB/client', 'thrum KiB/client', 'thrum/floor'], idleRows),
    '',
    `Baseline RSS before any client: floor ${base('floor')} MiB, thrum ${base('thrum')} MiB (device attached). ` +
      `Clients answering a Ping at ${(e2e.idleCounts[e2e.idleCounts.length - 1] ?? 0).toLocaleString('en-US')}, per run: ${held}.`,
  ].join('\n');
  const notes = e2e.notes.length > 0 ? `\n\nNotes:\n${e2e.notes.map((n) => `- ${n}`).join('\n')}` : '';
  return `${load}\n\n${idle}${notes}`;
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
    ['stream', 'commands', 'writes', 'writes/s', 'max writes in a second / sliding 1 s', 'write interval min / median ms', 'monotonic', 'stale writes', 'value age at write p50 / max ms', 'last value after ms'],
    rows,
  );
  const stops = c.stops.map((s) => `${fmt(s.latencyMs)} ms${s.overtaken ? ' (overtaken)' : ''}`).join(', ');
  return [
    `Gap configured ${c.gapMs} ms; thrum lists DeviceMessageTimingGap ${fmt(c.listedGapMs, 0)} ms. Client errors: ${c.errors}${c.firstError ? ` (${c.firstError})` : ''}.`,
    '',
    table,
    '',
    `Stop (StopCmd sent with a flush pending inside a gap) → "Vibrate:0;" at the peripheral: ${stops}.`,
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
