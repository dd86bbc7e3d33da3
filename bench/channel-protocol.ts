// What crosses between bench/channel.ts (main thread) and bench/channel-worker.ts, and the one
// interface both channels implement on the main thread. Plain data and SharedArrayBuffers only.

import type { OutputCommand, OutputType, ToBus } from '../src/core/index.js';

/**
 * Both are src/main/output-channel.ts, the module the server ships. A: without an output table,
 * every output goes as postMessage batches (its message path, the fallback when a bus's table is
 * full). B: with one, outputs go through the SharedArrayBuffer table (core/output-table.ts).
 */
export type ChannelKind = 'postMessage' | 'sab';

/** One output of one device: the unit channel B gives a slot. Slot s is `outputs[s]`. */
export interface SlotOutput {
  readonly device: number;
  readonly feature: number;
  readonly type: OutputType;
  readonly hasDuration: boolean;
}

export interface ChannelWorkerData {
  readonly channel: ChannelKind;
  /** performance.timeOrigin of the main thread: latencies use the main thread's clock. */
  readonly mainTimeOrigin: number;
}

/**
 * Instrumentation shared by both channels, outside what a real channel would carry: the value of
 * command n is n (unique, rising per slot), so the worker finds when it was sent and for which slot
 * without the message carrying more than a real one.
 */
export interface Session {
  readonly outputs: readonly SlotOutput[];
  /** Float64Array: sentAt[n] = main-thread performance.now() when command n was sent. */
  readonly sentAt: SharedArrayBuffer;
  /** Int32Array: slotOf[n] = slot of command n. */
  readonly slotOf: SharedArrayBuffer;
  /** Commands in the session (values 1..commands). */
  readonly commands: number;
  /** Channel B: a fresh output table (createOutputTable) for this session; null on channel A. */
  readonly table: SharedArrayBuffer | null;
}

export type ToChannelWorker =
  | { readonly t: 'session'; readonly session: Session }
  /** After the last command: drain what is left, then answer `report`. */
  | { readonly t: 'report' }
  /** Channel A's traffic, exactly what the supervisor posts to a bus worker. */
  | ToBus;

export interface WorkerReport {
  /** Values handed to the per-device map (after coalescing). */
  readonly delivered: number;
  readonly stopsApplied: number;
  /** Times the worker woke for the channel: messages received (A) or drains (B). */
  readonly wakeups: number;
  /** Send → applied on the worker, ms, one per delivered value. */
  readonly latencyMs: Float64Array;
  /** What the worker applied, in order: pairs (slot, value), value STOP_MARK for a stop. */
  readonly applied: Int32Array;
  /** Per slot, the value in the per-device map at the end (0 after a stop, -1 never set). */
  readonly finals: Int32Array;
}

export type FromChannelWorker =
  /** `tid`: the worker's thread id, so the main thread can read its CPU time (thread-cpu.ts). */
  | { readonly t: 'ready'; readonly tid: number }
  | { readonly t: 'sessionReady' }
  | { readonly t: 'report'; readonly report: WorkerReport };

/** In `WorkerReport.applied`: a stop. Command values are ≥ 1. */
export const STOP_MARK = -1;

/** How the main thread hands a device's outputs to its bus worker. */
export interface ChannelSender {
  output(device: number, command: OutputCommand): void;
  stop(device: number, commands: readonly OutputCommand[]): void;
  /** The end of one client frame (DeviceHub.frameDone): the table publishes what it set. */
  frameDone(): void;
  /** Send what is still held back (before asking for the report). */
  flush(): void;
}
