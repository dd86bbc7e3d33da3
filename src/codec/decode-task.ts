// What crosses between the main thread and a decode worker (style.md §7: declared in one file,
// plain data only). One task carries every frame the main thread received in one turn, from any
// number of sessions: their bytes back to back in one transferred ArrayBuffer, with end offsets.
// The reply is one DecodedFrame per frame, in task order, by structured clone (no JSON round trip).

import { decodeFrame, type DecodedFrame } from './frame.js';
import type { SpecVersion } from './types.js';

export interface DecodeTask {
  readonly kind: 'decode';
  /** Frame bytes back to back; moved to the worker (transfer list), so never shared. */
  readonly bytes: ArrayBuffer;
  /** ends[i] is the end offset of frame i in `bytes` (frame i starts at ends[i - 1], or 0). */
  readonly ends: Uint32Array;
  /** modes[i] = spec version (0–4) of frame i's session, plus MODE_BINARY for a msgpack frame. */
  readonly modes: Uint8Array;
  readonly count: number;
}

/**
 * Start-up barrier: each of `parties` workers takes one of these and waits until all have
 * arrived, so the pool's ready() resolves only once every thread has finished booting. A worker
 * still booting when the pool is destroyed can take the whole process down with it (Node 20
 * aborts when a worker is terminated during bootstrap), and a SIGTERM can come right after the
 * ready line.
 */
export interface StartupBarrier {
  readonly kind: 'barrier';
  /** One Int32: workers arrived so far. */
  readonly arrived: SharedArrayBuffer;
  readonly parties: number;
  readonly timeoutMs: number;
}

export type PoolTask = DecodeTask | StartupBarrier;

export interface BarrierReply {
  readonly kind: 'arrived';
  /** False if the wait timed out before every party arrived. */
  readonly complete: boolean;
}

export interface DecodeReply {
  readonly kind: 'decoded';
  /** frames[i] is the result for task frame i. */
  readonly frames: DecodedFrame[];
}

/** Bit of DecodeTask.modes: the frame is binary (msgpack); the low bits are the spec version. */
export const MODE_BINARY = 0x80;
const MODE_VERSION = 0x7f;

export function frameMode(binary: boolean, version: SpecVersion): number {
  return version | (binary ? MODE_BINARY : 0);
}

/** What a pool worker runs: piscina calls this once per task. */
export function runPoolTask(task: PoolTask): DecodeReply | BarrierReply {
  return task.kind === 'decode' ? runDecodeTask(task) : arriveAtBarrier(task);
}

function arriveAtBarrier(task: StartupBarrier): BarrierReply {
  const arrived = new Int32Array(task.arrived);
  const deadline = Date.now() + task.timeoutMs;
  if (Atomics.add(arrived, 0, 1) + 1 >= task.parties) {
    Atomics.notify(arrived, 0);
    return { kind: 'arrived', complete: true };
  }
  for (;;) {
    const seen = Atomics.load(arrived, 0);
    if (seen >= task.parties) return { kind: 'arrived', complete: true };
    const left = deadline - Date.now();
    if (left <= 0) return { kind: 'arrived', complete: false };
    Atomics.wait(arrived, 0, seen, left);
  }
}

/** The worker's decoding job. Also callable on the main thread (tests, a fallback). */
export function runDecodeTask(task: DecodeTask): DecodeReply {
  const frames = new Array<DecodedFrame>(task.count);
  let start = 0;
  for (let i = 0; i < task.count; i++) {
    const end = task.ends[i]!;
    const mode = task.modes[i]!;
    // Only the pool builds modes, and only for sessions past the handshake (a valid version).
    frames[i] = decodeFrame(
      new Uint8Array(task.bytes, start, end - start),
      (mode & MODE_BINARY) !== 0,
      (mode & MODE_VERSION) as SpecVersion,
    );
    start = end;
  }
  return { kind: 'decoded', frames };
}
