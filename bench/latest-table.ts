// Channel B of bench/channel.ts: a SharedArrayBuffer latest-value table, one slot per (device,
// feature, output type). The main thread writes a slot; a bus worker drains the slots written
// since its last drain. It coalesces by construction: however many commands reach one output
// between two drains, the worker reads the newest one.
//
// Layout, one Int32Array over one SharedArrayBuffer:
//   [0]                          SIGNAL  0: the worker has drained everything and may be waiting;
//                                        1: something is dirty (the worker was woken or is busy)
//   [1, 1 + ⌈slots/32⌉)          dirty bitmap: bit s = slot s written since its last drain
//   then SLOT_INTS ints per slot: SEQ, VALUE, DURATION, KIND, STOPS
//
// Exactly one writer (the main thread), so each slot is a seqlock: SEQ is odd while the writer is
// inside a write, and a reader that sees SEQ change (or odd) leaves the slot for the next drain,
// which the write's own dirty mark schedules. Every field is accessed with Atomics: a plain access
// may be moved across the SEQ check by the compiler.
//
// Stops must be neither lost nor reordered behind an older value. A stop is written into the slot
// (KIND = STOP) and also counts up STOPS, which the worker compares with the count it has seen: a
// value written after the stop (and before the drain) replaces KIND/VALUE but cannot hide the
// stop, so the worker applies the stop first and then that value — the order they were sent in. An
// older value cannot come after the stop because it lives in the same slot the stop overwrote.
//
// Wake-up: the writer sets the slot's dirty bit, and only on SIGNAL 0 → 1 calls Atomics.notify.
// The worker waits with Atomics.waitAsync (its event loop stays free for device I/O), stores
// SIGNAL = 0 before it scans the bitmap, so a write that races the scan either is seen by the scan
// or sets SIGNAL again and wakes the next wait. A write to a slot whose bit is still set skips the
// signal: the coming scan has not cleared that bit yet, so it will read this write.

const SIGNAL = 0;
const DIRTY = 1;

const SEQ = 0;
const VALUE = 1;
const DURATION = 2;
const KIND = 3;
const STOPS = 4;
const SLOT_INTS = 5;

export const KIND_VALUE = 1;
export const KIND_STOP = 2;

/** Atomics.waitAsync is in Node 20 (V8), but tsconfig's lib (ES2022) does not declare it. */
type WaitAsync = (
  typedArray: Int32Array,
  index: number,
  value: number,
) => { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

function words(slots: number): number {
  return Math.ceil(slots / 32);
}

/** A zeroed table for `slots` outputs, to give to both sides. */
export function createTable(slots: number): SharedArrayBuffer {
  return new SharedArrayBuffer((DIRTY + words(slots) + slots * SLOT_INTS) * Int32Array.BYTES_PER_ELEMENT);
}

function slotsBase(slots: number): number {
  return DIRTY + words(slots);
}

/** The main thread's side. Not safe for a second writer. */
export class TableWriter {
  readonly #i32: Int32Array;
  readonly #base: number;

  constructor(table: SharedArrayBuffer, slots: number) {
    this.#i32 = new Int32Array(table);
    this.#base = slotsBase(slots);
  }

  write(slot: number, value: number, duration: number): void {
    const i32 = this.#i32;
    const at = this.#base + slot * SLOT_INTS;
    Atomics.add(i32, at + SEQ, 1);
    Atomics.store(i32, at + VALUE, value);
    Atomics.store(i32, at + DURATION, duration);
    Atomics.store(i32, at + KIND, KIND_VALUE);
    Atomics.add(i32, at + SEQ, 1);
    this.#markDirty(slot);
  }

  stop(slot: number): void {
    const i32 = this.#i32;
    const at = this.#base + slot * SLOT_INTS;
    Atomics.add(i32, at + SEQ, 1);
    Atomics.store(i32, at + VALUE, 0);
    Atomics.store(i32, at + DURATION, 0);
    Atomics.store(i32, at + KIND, KIND_STOP);
    Atomics.add(i32, at + STOPS, 1);
    Atomics.add(i32, at + SEQ, 1);
    this.#markDirty(slot);
  }

  #markDirty(slot: number): void {
    const i32 = this.#i32;
    const bit = 1 << (slot & 31);
    if ((Atomics.or(i32, DIRTY + (slot >>> 5), bit) & bit) !== 0) return;
    if (Atomics.exchange(i32, SIGNAL, 1) === 0) Atomics.notify(i32, SIGNAL, 1);
  }
}

/**
 * Called once per changed slot by TableReader.drain: `stopped` = a stop was written since the
 * last drain (apply it first); then, if `kind` is KIND_VALUE, the newest value.
 */
export type SlotVisitor = (slot: number, stopped: boolean, kind: number, value: number, duration: number) => void;

/** The worker's side. */
export class TableReader {
  readonly #i32: Int32Array;
  readonly #slots: number;
  readonly #base: number;
  /** SEQ and STOPS as last read, per slot: a slot re-marked dirty with nothing new is skipped. */
  readonly #seenSeq: Int32Array;
  readonly #seenStops: Int32Array;

  constructor(table: SharedArrayBuffer, slots: number) {
    this.#i32 = new Int32Array(table);
    this.#slots = slots;
    this.#base = slotsBase(slots);
    this.#seenSeq = new Int32Array(slots);
    this.#seenStops = new Int32Array(slots);
  }

  /** Zero the table and what was seen. Only while the writer is known to be idle. */
  reset(): void {
    this.#i32.fill(0);
    this.#seenSeq.fill(0);
    this.#seenStops.fill(0);
  }

  /** A promise that settles when something is dirty; null when something already is. */
  whenDirty(): Promise<unknown> | null {
    const w = waitAsync(this.#i32, SIGNAL, 0);
    return w.async ? w.value : null;
  }

  /** Visit every slot written since the last drain; returns how many were visited. */
  drain(visit: SlotVisitor): number {
    const i32 = this.#i32;
    Atomics.store(i32, SIGNAL, 0);
    let visited = 0;
    const last = DIRTY + words(this.#slots);
    for (let w = DIRTY; w < last; w++) {
      if (Atomics.load(i32, w) === 0) continue; // most words are clean: skip the read-modify-write
      let bits = Atomics.exchange(i32, w, 0);
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        if (this.#read((w - DIRTY) * 32 + (31 - Math.clz32(low)), visit)) visited++;
      }
    }
    return visited;
  }

  #read(slot: number, visit: SlotVisitor): boolean {
    const i32 = this.#i32;
    const at = this.#base + slot * SLOT_INTS;
    // One attempt, never a spin: a write in progress (odd SEQ) or one that lands during the read
    // (SEQ changed) marks the slot dirty again when it finishes — the writer sets the dirty bit
    // after its last SEQ store, and this drain has already cleared that bit — so the next drain
    // reads it. Spinning instead could wait out a time slice if the main thread is preempted
    // inside a write.
    const seq = Atomics.load(i32, at + SEQ);
    if ((seq & 1) !== 0) return false;
    const value = Atomics.load(i32, at + VALUE);
    const duration = Atomics.load(i32, at + DURATION);
    const kind = Atomics.load(i32, at + KIND);
    const stops = Atomics.load(i32, at + STOPS);
    if (Atomics.load(i32, at + SEQ) !== seq || seq === this.#seenSeq[slot]) return false;
    this.#seenSeq[slot] = seq;
    const stopped = stops !== this.#seenStops[slot];
    this.#seenStops[slot] = stops;
    visit(slot, stopped, kind, value, duration);
    return true;
  }
}
