// The result types of every bench stage, in a module of their own: the stages produce them,
// report.ts formats them and run.ts passes them between the two. Here rather than in each stage's
// file so report.ts depends on no stage (a stage's own command line imports report.ts; no cycle).

import type { Exactness } from './channel-check.js';
import type { ChannelKind } from './channel-protocol.js';
import type { CommandKind, Encoding } from './load-pool.js';
import type { FuzzSettings, LiveOutcome, PropertyOutcome } from '../test/fuzz/properties.js';

export type ServerKind = 'floor' | 'thrum';
export interface LoadScenario {
  readonly id: string;
  readonly clients: number;
  /** Commands per second per client, open loop; 0: closed loop (each client sends its next command when the previous one's Ok arrives). */
  readonly rate: number;
  readonly version: 3 | 4;
  readonly kind: CommandKind;
  readonly encoding: Encoding;
}
export interface LoadRun {
  readonly server: ServerKind;
  readonly cpuUsPerMsg: number;
  /** The main thread's share (thrum: sessions, codec, hub; the bus worker is the rest). */
  readonly mainCpuUsPerMsg: number;
  readonly msgsPerSec: number;
  readonly p50: number;
  readonly p99: number;
  /** Writes/s the simulated peripheral received (thrum only). */
  readonly writesPerSec: number;
  readonly sent: number;
  readonly acked: number;
  readonly errors: number;
  readonly firstError: string;
  readonly failedClients: number;
  readonly late: number;
}
export interface IdleRun {
  readonly server: ServerKind;
  readonly baseRss: number;
  /** Bytes of RSS per client at each count in `idleCounts`. */
  readonly perClient: readonly number[];
  readonly opened: number;
  /** Clients that answered a Ping at the largest count. */
  readonly held: number;
}
export interface E2eResults {
  readonly load: { scenario: LoadScenario; runs: LoadRun[] }[];
  readonly idleCounts: readonly number[];
  readonly idle: IdleRun[];
  readonly notes: string[];
}

export type SenderKind = ChannelKind | 'none';
export interface ChannelRun {
  readonly workload: string;
  readonly sender: SenderKind;
  readonly run: number;
  readonly commands: number;
  readonly stopsSent: number;
  /** First command sent → last sent, ms. */
  readonly sendingMs: number;
  /** Per command sent, µs: CPU time of the main thread and of the worker thread (thread-cpu.ts)… */
  readonly mainCpuUsPerCmd: number;
  readonly workerCpuUsPerCmd: number;
  /** …their event-loop busy time (performance.eventLoopUtilization(): wall time, preemption included)… */
  readonly mainEluUsPerCmd: number;
  readonly workerEluUsPerCmd: number;
  /** …and the whole process's CPU time (process.cpuUsage(): every thread, GC included). */
  readonly processUsPerCmd: number;
  readonly delivered: number;
  readonly wakeups: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** null for the generator-only row. */
  readonly exact: Exactness | null;
}
export interface ChannelResults {
  readonly runs: readonly ChannelRun[];
  /** Workload ids in CHANNEL_WORKLOADS order. */
  readonly workloads: readonly string[];
  readonly runsPerWorkload: number;
  readonly windowMs: number;
  readonly burstChunk: number;
}

export interface StreamRun {
  readonly commands: number;
  readonly durationMs: number;
  readonly writes: number;
  readonly writesPerSec: number;
  /** Most writes in one of the stream's whole seconds (1 s bins from the first command). */
  readonly maxWritesPerSecond: number;
  /** Most writes inside any sliding 1 s window (arrival jitter can add one). */
  readonly maxWritesInOneSecond: number;
  /** Shortest and median time between consecutive writes at the peripheral, ms. */
  readonly minIntervalMs: number;
  readonly medianIntervalMs: number;
  /** Values strictly increase from write to write. */
  readonly monotonic: boolean;
  /** Writes carrying a value older than the newest command sent a whole gap before the write. */
  readonly staleWrites: number;
  /** Age of the value a write carries when it arrives (arrival − send of that command), ms. */
  readonly ageP50Ms: number;
  readonly ageMaxMs: number;
  /** Time from sending the last command to its value's write, ms (Infinity: never written). */
  readonly lastValueLatencyMs: number;
}
export interface StopTrial {
  /** StopCmd sent while a flush was pending and a gap running → "Vibrate:0;" arrives, ms. */
  readonly latencyMs: number;
  /** A non-zero write arrived after the stop's zero (the pending flush overtook the stop). */
  readonly overtaken: boolean;
}
/**
 * A second Hush, idle, gets two commands 1 ms apart while the first Hush streams 1,000/s on the
 * same bus: coalescing sends the first at once and the second at the end of the gap.
 */
export interface IdleTrial {
  /** First command sent → its value written, ms (Infinity: never written on its own). */
  readonly latencyMs: number;
  /** The first value was written on its own, not merged into the one sent 1 ms after it. */
  readonly firstWritten: boolean;
}
/**
 * The idle Double Desire, while the first Hush streams, gets motor 1 and motor 2 set by two frames
 * sent back to back in one turn.
 */
export interface BurstTrial {
  /** First frame sent → the tx packet carrying both values, ms (Infinity: no packet carried both). */
  readonly latencyMs: number;
  /** tx packets the two frames caused: 1 when the device got the burst as one packet. */
  readonly packets: number;
}
export interface CoalescingResults {
  readonly gapMs: number;
  /** DeviceMessageTimingGap as thrum lists the device (v4 DeviceList). */
  readonly listedGapMs: number;
  readonly runs: StreamRun[];
  readonly stops: StopTrial[];
  readonly idle: IdleTrial[];
  readonly bursts: BurstTrial[];
  readonly errors: number;
  readonly firstError: string;
}

export interface FuzzResults {
  readonly settings: FuzzSettings;
  readonly codec: readonly PropertyOutcome[];
  /** One per decode path (LIVE_VARIANTS). */
  readonly live: readonly LiveOutcome[];
  /** Properties that failed (a live session counts once, with its after-run checks). */
  readonly failed: number;
}

export interface MicroRow {
  readonly task: string;
  readonly opsPerSec: number;
  readonly meanNs: number;
  readonly rme: number;
}
export interface MicroGroup {
  readonly name: string;
  /** Row the others are compared with. */
  readonly baseline: string;
  readonly rows: MicroRow[];
}

export interface RttSummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}
export interface RobustnessResults {
  readonly probes: number;
  readonly probeEveryMs: number;
  readonly windowMs: number;
  readonly quiet: RttSummary;
  readonly flooded: RttSummary;
  /** What the flooder reported: connections made, frames sent, close codes seen. */
  readonly flooder: { connections: number; framesSent: number; closes: Record<string, number> };
  readonly attack: {
    readonly attackers: number;
    readonly ms: number;
    readonly frames: number;
    readonly closes: Record<string, number>;
    readonly baselineRss: number;
    readonly peakRss: number;
    /** RSS after QUIET_MS without any attack. */
    readonly afterRss: number;
    readonly quietMs: number;
  };
}
