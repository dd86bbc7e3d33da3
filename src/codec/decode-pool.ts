// Decoding off the main thread: a piscina pool fed in batches. Every frame submitted during one
// turn of the event loop, from any session, is copied once into one ArrayBuffer (the uWS buffer
// is only valid during its callback) and the lot goes to a worker as ONE task at the end of the
// turn, with the buffer in the transfer list. Per-message tasks would pay piscina's post, wake-up
// and promise per message, which is more than decoding a small frame costs.
//
// The end of the turn is a setImmediate, not a microtask: uWS runs the microtask queue after each
// of its callbacks, so a microtask flush posts one task per frame (measured: 4000 frames in 200
// poll iterations gave 4000 microtask flushes and 200 immediates).
//
// Results go back to each frame's owner with the sequence number it gave; owners put them in
// order themselves (the session's FIFO), so tasks may finish in any order with several threads.

import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { failure } from '../core/index.js';
import {
  frameMode,
  type BarrierReply,
  type DecodeReply,
  type DecodeTask,
  type PoolTask,
} from './decode-task.js';
import type { DecodedFrame } from './frame.js';
import type { SpecVersion } from './types.js';

/** Who gets a frame's result: the pool calls this once per submitted frame (never after close). */
export interface DecodeTarget {
  frameDecoded(seq: number, frame: DecodedFrame): void;
}

/** Runs tasks on worker threads. piscina in production; tests wrap it to watch the posts. */
export interface DecodeRunner {
  run(task: DecodeTask, transferList: ArrayBuffer[]): Promise<DecodeReply>;
  /** Resolves once every thread has booted (true), or after a bound if some have not (false). */
  allThreadsBooted?(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DecodePoolOptions {
  /** Size of a batch buffer; a larger frame gets a buffer of its own. */
  readonly chunkBytes?: number;
  /**
   * Tasks queued or running per thread beyond which `saturated` is true (sessions with nothing in
   * flight then decode inline, so a busy pool does not grow an unbounded queue).
   */
  readonly maxTasksPerThread?: number;
  readonly threads?: number;
  /** Told about a failed task (worker crash, a bug); its frames are answered with an Error. */
  readonly onTaskError?: (err: unknown) => void;
}

const DEFAULTS = { chunkBytes: 64 * 1024, maxTasksPerThread: 4, threads: 1 };
/** How long start-up waits for every decode thread to boot (a loaded 2-core CI box takes ~1 s). */
const BOOT_TIMEOUT_MS = 15_000;

// The same checkout runs from sources (vitest, tsx) or compiled; see src/workers/entry.ts for why
// a .ts worker needs the .mjs bootstrap.
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** A piscina pool of `threads` decode workers, all started now. */
export function startDecodeWorkers(threads: number): DecodeRunner {
  const entry = new URL(FROM_SOURCES ? './decode-worker-tsx.mjs' : './decode-worker.js', import.meta.url);
  const pool = new Piscina<PoolTask, DecodeReply | BarrierReply>({
    filename: fileURLToPath(entry),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Infinity,
  });
  return {
    run: (task, transferList) => pool.run(task, { transferList }) as Promise<DecodeReply>,
    // One barrier task per thread: each blocks its thread until all have arrived, so no thread is
    // left idle and every one must have booted.
    async allThreadsBooted() {
      const arrived = new SharedArrayBuffer(4);
      const barrier: PoolTask = { kind: 'barrier', arrived, parties: threads, timeoutMs: BOOT_TIMEOUT_MS };
      const replies = await Promise.all(
        Array.from({ length: threads }, () => pool.run(barrier) as Promise<BarrierReply>),
      );
      return replies.every((r) => r.complete);
    },
    close: () => pool.destroy(),
  };
}

/** The frames of one task being filled, and whom each result goes to. */
class Batch<O extends DecodeTarget> {
  readonly bytes: Uint8Array;
  used = 0;
  readonly ends: number[] = [];
  readonly modes: number[] = [];
  readonly owners: O[] = [];
  readonly seqs: number[] = [];
  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }
}

function poolOnTurnEnd(pool: DecodePool<DecodeTarget>): void {
  pool.flush();
}

export class DecodePool<O extends DecodeTarget> {
  private readonly options: Required<Omit<DecodePoolOptions, 'onTaskError'>>;
  private batch: Batch<O> | null = null;
  private turnEnd: NodeJS.Immediate | null = null;
  private tasksInFlight = 0;
  private closed = false;
  /** Tasks posted and frames decoded so far (for logs and benchmarks). */
  tasks = 0;
  frames = 0;

  constructor(
    private readonly runner: DecodeRunner,
    private readonly settings: DecodePoolOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...settings };
  }

  /**
   * Resolves once every worker has booted and one has run an empty task; rejects if workers cannot
   * start. Start-up waits for this so that a shutdown never terminates a thread mid-boot.
   */
  async ready(): Promise<void> {
    const empty: DecodeTask = {
      kind: 'decode',
      bytes: new ArrayBuffer(0),
      ends: new Uint32Array(0),
      modes: new Uint8Array(0),
      count: 0,
    };
    await this.runner.run(empty, []);
    if (this.runner.allThreadsBooted && !(await this.runner.allThreadsBooted())) {
      throw new Error(`not every decode thread started within ${BOOT_TIMEOUT_MS} ms`);
    }
  }

  /** Enough work is queued that a session with nothing in flight should decode inline. */
  get saturated(): boolean {
    return this.tasksInFlight >= this.options.threads * this.options.maxTasksPerThread;
  }

  /**
   * Queue one frame for decoding at `version`. `data` is copied now, so it may be reused as soon as
   * this returns. `owner.frameDecoded(seq, …)` follows, asynchronously.
   */
  submit(owner: O, seq: number, data: ArrayBuffer, binary: boolean, version: SpecVersion): void {
    if (this.closed) return;
    const len = data.byteLength;
    let batch = this.batch;
    if (batch !== null && batch.used + len > batch.bytes.byteLength) {
      // Full: send what we have now (its worker can start early) and open another.
      this.post(batch);
      batch = null;
    }
    if (batch === null) {
      batch = this.batch = new Batch<O>(Math.max(len, this.options.chunkBytes));
      this.turnEnd ??= setImmediate(poolOnTurnEnd, this);
    }
    batch.bytes.set(new Uint8Array(data), batch.used);
    batch.used += len;
    batch.ends.push(batch.used);
    batch.modes.push(frameMode(binary, version));
    batch.owners.push(owner);
    batch.seqs.push(seq);
  }

  /** Post the batch being filled now (called at the end of each turn). */
  flush(): void {
    this.turnEnd = null;
    const batch = this.batch;
    this.batch = null;
    if (batch !== null && !this.closed) this.post(batch);
  }

  private post(batch: Batch<O>): void {
    const count = batch.ends.length;
    const task: DecodeTask = {
      kind: 'decode',
      bytes: batch.bytes.buffer as ArrayBuffer,
      ends: Uint32Array.from(batch.ends),
      modes: Uint8Array.from(batch.modes),
      count,
    };
    this.tasks++;
    this.frames += count;
    this.tasksInFlight++;
    // One promise per task (not per frame); the transfer moves the buffer instead of copying it.
    this.runner.run(task, [task.bytes]).then(
      (reply) => this.deliver(batch, reply.frames),
      (err: unknown) => this.fail(batch, err),
    );
  }

  private deliver(batch: Batch<O>, frames: readonly DecodedFrame[]): void {
    this.tasksInFlight--;
    if (this.closed) return;
    if (frames.length !== batch.owners.length)
      return this.fail(batch, new Error('decode reply has the wrong number of frames'), false);
    for (let i = 0; i < frames.length; i++) batch.owners[i]!.frameDecoded(batch.seqs[i]!, frames[i]!);
  }

  /** A lost task still answers each of its frames, so no session waits forever on its FIFO. */
  private fail(batch: Batch<O>, err: unknown, counted = true): void {
    if (counted) this.tasksInFlight--;
    if (this.closed) return;
    this.settings.onTaskError?.(err);
    const reason = failure(
      'THRUM_ERR_INTERNAL',
      `decode worker failed: ${err instanceof Error ? err.message : String(err)}`,
    );
    const frame: DecodedFrame = { kind: 'Error', id: 0, failure: reason };
    for (let i = 0; i < batch.owners.length; i++) batch.owners[i]!.frameDecoded(batch.seqs[i]!, frame);
  }

  /** Stop the workers. Frames not yet decoded are dropped (their sessions are closing). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.turnEnd !== null) clearImmediate(this.turnEnd);
    this.turnEnd = null;
    this.batch = null;
    await this.runner.close();
  }
}
