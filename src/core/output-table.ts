// The bus channel for device outputs: a latest-value table in one SharedArrayBuffer, one slot per
// (device, feature, output type), written by the main thread and drained by the bus worker. It
// coalesces by construction (however many commands reach one output between two drains, the
// worker reads the newest) and costs the main thread a few stores per command instead of a
// message. Raced against postMessage batches in bench/channel.ts (issue 3); this is the winner,
// made frame-atomic.
//
// Layout, one Int32Array over the SharedArrayBuffer:
//   [LOCK]     0 free, LOCKED_BY_WRITER while a commit publishes, LOCKED_BY_READER while a drain
//              copies slots out. Only ever taken with compareExchange, never waited on.
//   [SIGNAL]   0: the worker has drained and may wait on it; 1: a commit happened since.
//   [URGENT]   1: a stop, or a device's first output after an idle gap, was committed since the
//              last drain (ends the worker's hold early, and wakes a worker that otherwise leaves
//              commits to its devices' gap ends: bus-worker.ts).
//   [COMMITS]  commits so far (tests and diagnostics).
//   [CAPACITY] slots in the table.
//   dirty bitmap, ⌈capacity/32⌉ words: bit s = slot s committed since the drain that last read it
//   then SLOT_INTS ints per slot: DEVICE, FEATURE, TYPE (index into OUTPUT_TYPES), GEN
//   (occupant number), VALUE, DURATION (−1 = none), KIND (value or stop), STOPS (stops committed
//   to this occupant), ARRIVED (core/shared-clock stamp of the value's client frame, −1 = none;
//   for /metrics' command-to-write latency).
//
// Frame atomicity: everything one client frame produces must reach the device's coalescer in the
// same worker turn, or a multi-motor device gets one packet per motor. So a write is staged in the
// writer's own memory and nothing reaches the shared slots until commit(), which publishes every
// staged slot at once while holding LOCK; a drain copies the dirty slots out while holding LOCK.
// Each therefore sees the other whole: the reader never sees half a commit, and never a staged
// write. Both critical sections are a few stores per slot. Neither side waits for the lock: a
// commit that finds it taken keeps its writes staged (the caller retries; later writes join them),
// and a drain that finds it taken reads nothing, counting on the commit in progress to raise SIGNAL
// when it ends (drain clears SIGNAL before it tries the lock), so the next wait returns at once.
// Inside the lock the slot fields are plain reads and writes: the lock's atomic operations order
// them (the program is free of data races, so the memory model gives sequential consistency).
//
// Stops are neither lost nor reordered behind an older value: a stop counts up the slot's STOPS,
// which the reader compares with the count it last saw. A value written after the stop (before a
// drain) replaces KIND/VALUE but cannot hide the stop, so the reader reports the stop and then the
// value, the order they were sent in. An older value cannot follow the stop: it lived in the same
// slot the stop overwrote. When a slot passes to another output (its device was removed), GEN
// changes and STOPS restarts at 0, so the old occupant's stop is not applied to the new one.

import type { OutputCommand } from './commands.js';
import { OUTPUT_TYPES, type OutputType } from './features.js';

const LOCK = 0;
const SIGNAL = 1;
const URGENT = 2;
const COMMITS = 3;
const CAPACITY = 4;
const DIRTY = 5;

const LOCKED_BY_WRITER = 1;
const LOCKED_BY_READER = 2;

const DEVICE = 0;
const FEATURE = 1;
const TYPE = 2;
const GEN = 3;
const VALUE = 4;
const DURATION = 5;
const KIND = 6;
const STOPS = 7;
const ARRIVED = 8;
const SLOT_INTS = 9;

const KIND_NONE = 0;
const KIND_VALUE = 1;
const KIND_STOP = 2;

/** Slots per bus worker: every output of a few thousand devices. */
export const OUTPUT_TABLE_SLOTS = 4096;

/** Feature indexes the table can hold (TYPE_INDEX keys leave this many per device). */
const MAX_FEATURES = 1024;

const TYPE_INDEX: ReadonlyMap<OutputType, number> = new Map(OUTPUT_TYPES.map((t, i) => [t, i]));

/** Atomics.waitAsync is in Node 20 (V8), but tsconfig's lib (ES2022) does not declare it. */
type WaitAsync = (
  typedArray: Int32Array,
  index: number,
  value: number,
  timeout?: number,
) => { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

function words(slots: number): number {
  return Math.ceil(slots / 32);
}

/** A zeroed table for `slots` outputs; the main thread creates it and hands it to the worker. */
export function createOutputTable(slots = OUTPUT_TABLE_SLOTS): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(
    (DIRTY + words(slots) + slots * SLOT_INTS) * Int32Array.BYTES_PER_ELEMENT,
  );
  new Int32Array(sab)[CAPACITY] = slots;
  return sab;
}

/**
 * A numeric key for one output of one device, or −1 when the table cannot name it (a feature
 * index beyond MAX_FEATURES, an unknown type): such outputs take the message path.
 */
export function outputSlotKey(device: number, feature: number, type: OutputType): number {
  const t = TYPE_INDEX.get(type);
  if (t === undefined || feature < 0 || feature >= MAX_FEATURES || device < 0) return -1;
  return (device * MAX_FEATURES + feature) * 16 + t;
}

/**
 * The main thread's side. Exactly one writer. Writes are staged here and become visible to the
 * reader only at commit().
 */
export class OutputTableWriter {
  readonly #i32: Int32Array;
  readonly #capacity: number;
  readonly #base: number;
  // Per slot, this side's copy: who occupies it and what is staged for the next commit.
  readonly #device: Int32Array;
  readonly #feature: Int32Array;
  readonly #type: Int32Array;
  readonly #gen: Int32Array;
  readonly #value: Int32Array;
  readonly #duration: Int32Array;
  readonly #kind: Int32Array;
  readonly #stops: Int32Array;
  readonly #arrived: Int32Array;
  /** Slots staged since the last commit, and a flag per slot so each is listed once. */
  readonly #pending: Int32Array;
  readonly #isPending: Uint8Array;
  #pendingCount = 0;
  #urgent = false;
  readonly #free: number[] = [];

  constructor(table: SharedArrayBuffer) {
    this.#i32 = new Int32Array(table);
    const capacity = this.#i32[CAPACITY]!;
    this.#capacity = capacity;
    this.#base = DIRTY + words(capacity);
    this.#device = new Int32Array(capacity);
    this.#feature = new Int32Array(capacity);
    this.#type = new Int32Array(capacity);
    this.#gen = new Int32Array(capacity);
    this.#value = new Int32Array(capacity);
    this.#duration = new Int32Array(capacity);
    this.#kind = new Int32Array(capacity);
    this.#stops = new Int32Array(capacity);
    this.#arrived = new Int32Array(capacity);
    this.#pending = new Int32Array(capacity);
    this.#isPending = new Uint8Array(capacity);
    for (let s = capacity - 1; s >= 0; s--) this.#free.push(s);
  }

  get capacity(): number {
    return this.#capacity;
  }

  /** Slots in use. */
  get used(): number {
    return this.#capacity - this.#free.length;
  }

  /** Whether writes are staged that no commit has published yet. */
  get pending(): boolean {
    return this.#pendingCount > 0;
  }

  /** A slot for this output, or −1 when the table is full (the caller takes the message path). */
  allocate(device: number, feature: number, type: OutputType): number {
    const slot = this.#free.pop();
    if (slot === undefined) return -1;
    this.#device[slot] = device;
    this.#feature[slot] = feature;
    this.#type[slot] = TYPE_INDEX.get(type) ?? 0;
    this.#gen[slot] = (this.#gen[slot]! + 1) | 0;
    this.#kind[slot] = KIND_NONE;
    this.#stops[slot] = 0;
    return slot;
  }

  /**
   * Give a slot back. Its last writes may still be read by the worker (for a device that is gone
   * there, so they are no-ops); its next occupant starts a new GEN.
   */
  release(slot: number): void {
    this.#free.push(slot);
  }

  /** Stage the newest value of a slot. `duration` −1 = none; `arrived` a shared-clock stamp or −1. */
  write(slot: number, value: number, duration: number, arrived = -1): void {
    this.#arrived[slot] = arrived;
    this.#value[slot] = value;
    this.#duration[slot] = duration;
    this.#kind[slot] = KIND_VALUE;
    this.#stage(slot);
  }

  /** Stage a stop of a slot: the reader reports it even if a value follows before it drains. */
  stop(slot: number): void {
    this.#value[slot] = 0;
    this.#duration[slot] = -1;
    this.#kind[slot] = KIND_STOP;
    this.#stops[slot] = (this.#stops[slot]! + 1) | 0;
    this.#urgent = true;
    this.#stage(slot);
  }

  /**
   * Make the next commit end the worker's hold at once, as a stop does: it carries a device's
   * first output after an idle gap, which coalescing sends at once, not after another device's
   * hold.
   */
  expedite(): void {
    this.#urgent = true;
  }

  #stage(slot: number): void {
    if (this.#isPending[slot] === 1) return;
    this.#isPending[slot] = 1;
    this.#pending[this.#pendingCount++] = slot;
  }

  /**
   * Publish everything staged, all at once, and wake the worker. Returns false when the worker
   * holds the table this instant: the writes stay staged for the next commit (call again soon).
   */
  commit(): boolean {
    const count = this.#pendingCount;
    if (count === 0) return true;
    const i32 = this.#i32;
    if (Atomics.compareExchange(i32, LOCK, 0, LOCKED_BY_WRITER) !== 0) return false;
    const base = this.#base;
    for (let i = 0; i < count; i++) {
      const slot = this.#pending[i]!;
      this.#isPending[slot] = 0;
      const at = base + slot * SLOT_INTS;
      i32[at + DEVICE] = this.#device[slot]!;
      i32[at + FEATURE] = this.#feature[slot]!;
      i32[at + TYPE] = this.#type[slot]!;
      i32[at + GEN] = this.#gen[slot]!;
      i32[at + VALUE] = this.#value[slot]!;
      i32[at + DURATION] = this.#duration[slot]!;
      i32[at + KIND] = this.#kind[slot]!;
      i32[at + STOPS] = this.#stops[slot]!;
      i32[at + ARRIVED] = this.#arrived[slot]!;
      const word = DIRTY + (slot >>> 5);
      i32[word] = i32[word]! | (1 << (slot & 31));
    }
    i32[COMMITS] = (i32[COMMITS]! + 1) | 0;
    this.#pendingCount = 0;
    Atomics.store(i32, LOCK, 0);
    if (this.#urgent) {
      this.#urgent = false;
      Atomics.store(i32, URGENT, 1);
      Atomics.notify(i32, URGENT);
    }
    if (Atomics.exchange(i32, SIGNAL, 1) === 0) Atomics.notify(i32, SIGNAL);
    return true;
  }
}

/** Where a drain delivers: per device, its stops first (one call), then its values in slot order. */
export interface OutputSink {
  stop(device: number, commands: readonly OutputCommand[]): void;
  /** `arrived`: the shared-clock stamp the writer gave the value (−1 = none). */
  output(device: number, command: OutputCommand, arrived: number): void;
}

/** drain() found the writer mid-commit and read nothing; SIGNAL will be raised when it ends. */
export const DRAIN_DEFERRED = -1;

/** The worker's side. */
export class OutputTableReader {
  readonly #i32: Int32Array;
  readonly #capacity: number;
  readonly #base: number;
  /** GEN and STOPS as last read, per slot. */
  readonly #seenGen: Int32Array;
  readonly #seenStops: Int32Array;
  // One drain's copy of the slots it took, filled under the lock and delivered after it.
  readonly #device: Int32Array;
  readonly #feature: Int32Array;
  readonly #type: Int32Array;
  readonly #value: Int32Array;
  readonly #duration: Int32Array;
  readonly #kind: Int32Array;
  readonly #arrived: Int32Array;
  readonly #stopped: Uint8Array;

  constructor(table: SharedArrayBuffer) {
    this.#i32 = new Int32Array(table);
    const capacity = this.#i32[CAPACITY]!;
    this.#capacity = capacity;
    this.#base = DIRTY + words(capacity);
    this.#seenGen = new Int32Array(capacity);
    this.#seenStops = new Int32Array(capacity);
    this.#device = new Int32Array(capacity);
    this.#feature = new Int32Array(capacity);
    this.#type = new Int32Array(capacity);
    this.#value = new Int32Array(capacity);
    this.#duration = new Int32Array(capacity);
    this.#kind = new Int32Array(capacity);
    this.#arrived = new Int32Array(capacity);
    this.#stopped = new Uint8Array(capacity);
  }

  /** Commits the writer has made so far. */
  get commits(): number {
    return Atomics.load(this.#i32, COMMITS);
  }

  /** A promise that settles once something has been committed since the last drain; null if already. */
  whenCommitted(): Promise<unknown> | null {
    const w = waitAsync(this.#i32, SIGNAL, 0);
    return w.async ? w.value : null;
  }

  /** A promise that settles as soon as an urgent commit (a stop, an expedited output) happens, or at interruptWait(); null if one already did. */
  whenUrgent(): Promise<unknown> | null {
    const w = waitAsync(this.#i32, URGENT, 0);
    return w.async ? w.value : null;
  }

  /** Settle this thread's pending whenUrgent()/hold() now (it has other reasons to drain). */
  interruptWait(): void {
    Atomics.notify(this.#i32, URGENT);
  }

  /** A promise that settles after `ms` or as soon as an urgent commit (a stop, an expedited output) happens; null if one already did. */
  hold(ms: number): Promise<unknown> | null {
    const w = waitAsync(this.#i32, URGENT, 0, ms);
    return w.async ? w.value : null;
  }

  /**
   * Deliver every slot committed since the last drain to `sink`: whole commits only. Returns how
   * many slots it delivered, or DRAIN_DEFERRED when the writer was mid-commit (nothing was read).
   */
  drain(sink: OutputSink): number {
    const i32 = this.#i32;
    // Before the lock: a commit that ends after this point raises SIGNAL again, so nothing it
    // publishes waits longer than the next wait.
    Atomics.store(i32, SIGNAL, 0);
    Atomics.store(i32, URGENT, 0);
    if (Atomics.compareExchange(i32, LOCK, 0, LOCKED_BY_READER) !== 0) return DRAIN_DEFERRED;
    let taken = 0;
    try {
      taken = this.#take(i32);
    } finally {
      Atomics.store(i32, LOCK, 0);
    }
    if (taken > 0) this.#deliver(taken, sink);
    return taken;
  }

  /** Under the lock: copy out the dirty slots and clear their bits. Nothing else happens here. */
  #take(i32: Int32Array): number {
    const base = this.#base;
    const last = DIRTY + words(this.#capacity);
    let n = 0;
    for (let w = DIRTY; w < last; w++) {
      let bits = i32[w]!;
      if (bits === 0) continue;
      i32[w] = 0;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const slot = (w - DIRTY) * 32 + (31 - Math.clz32(low));
        const at = base + slot * SLOT_INTS;
        const gen = i32[at + GEN]!;
        const stops = i32[at + STOPS]!;
        // A new occupant's stops count from 0; the old one's stop is not its own.
        const stopped = gen === this.#seenGen[slot] ? stops !== this.#seenStops[slot] : stops !== 0;
        this.#seenGen[slot] = gen;
        this.#seenStops[slot] = stops;
        this.#device[n] = i32[at + DEVICE]!;
        this.#feature[n] = i32[at + FEATURE]!;
        this.#type[n] = i32[at + TYPE]!;
        this.#value[n] = i32[at + VALUE]!;
        this.#duration[n] = i32[at + DURATION]!;
        this.#kind[n] = i32[at + KIND]!;
        this.#arrived[n] = i32[at + ARRIVED]!;
        this.#stopped[n] = stopped ? 1 : 0;
        n++;
      }
    }
    return n;
  }

  #deliver(n: number, sink: OutputSink): void {
    // Stops first, one call per device (a multi-motor device gets one stop packet), then values.
    // Only each device's own order matters: its stops were sent before the values that follow them.
    let stopsBy: Map<number, OutputCommand[]> | null = null;
    for (let i = 0; i < n; i++) {
      if (this.#stopped[i] === 0) continue;
      stopsBy ??= new Map();
      const device = this.#device[i]!;
      let list = stopsBy.get(device);
      if (!list) stopsBy.set(device, (list = []));
      list.push({ feature: this.#feature[i]!, type: OUTPUT_TYPES[this.#type[i]!]!, value: 0 });
    }
    if (stopsBy) for (const [device, commands] of stopsBy) sink.stop(device, commands);
    for (let i = 0; i < n; i++) {
      if (this.#kind[i] !== KIND_VALUE) continue;
      const duration = this.#duration[i]!;
      const type = OUTPUT_TYPES[this.#type[i]!]!;
      const feature = this.#feature[i]!;
      const value = this.#value[i]!;
      sink.output(
        this.#device[i]!,
        duration < 0 ? { feature, type, value } : { feature, type, value, duration },
        this.#arrived[i]!,
      );
    }
  }
}
