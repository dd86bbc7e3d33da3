// One device's outgoing queue: the newest value per (feature, output type), at most one flush per
// DeviceMessageTimingGap, stops straight through, writes in order, optional keepalive.
//
// Shape taken from buttplug-rs device_task.rs (batching per message gap, keepalive replay of the
// last packet) and device_handle.rs (a command identical to the feature's last one is skipped).
// Two deliberate differences, both from architecture.md "Coalescing": the first command after an
// idle gap is written at once (upstream holds it for a whole gap), and dedup compares with what
// was last *written*, so a value that only lived inside a merged burst is never sent.
// "At once" means at the end of the current event-loop turn (setImmediate): commands that arrive
// together — the features of one ScalarCmd, or several OutputCmds in one client frame — reach the
// encoder together, so a protocol that writes all motors in one packet (Lovense "Mply") sends one
// packet, as upstream does, without waiting a gap.
//
// Timers: one Node timer per device, armed only while a flush is pending (or, with keepalive,
// while idle). A burst of N commands inside a gap costs N map sets and one timer.
//
// With a gap clock (the bus worker's, when its outputs arrive through the output table), the
// coalescer also keeps its timer armed to the end of the gap that follows each flush or received
// value, and when that timer fires it first has the worker drain the table (gapEnded) and then
// flushes what arrived. So a streaming device wakes its worker once per gap, at the one moment it
// may write again; the worker skips the commits in between, which the table coalesces anyway.

import type { OutputCommand } from '../core/commands.js';
import { OUTPUT_TYPES, type OutputType } from '../core/features.js';
import { outputKey, type HwWrite } from '../core/protocol.js';
import type { LogLevel } from '../core/channel.js';

export type Encode = (
  changed: readonly OutputCommand[],
  current: ReadonlyMap<string, OutputCommand>,
) => readonly HwWrite[];

export interface CoalescerOptions {
  /** DeviceMessageTimingGap in ms; 0 writes every command as it comes (still deduplicated). */
  readonly gapMs: number;
  /** Resend the last flush's writes after this many idle ms; absent or 0 = no keepalive. */
  readonly keepaliveMs?: number;
  readonly encode: Encode;
  readonly write: (endpoint: string, data: Uint8Array, withResponse: boolean) => Promise<void>;
  readonly log: (level: LogLevel, msg: string) => void;
  /** A pending value was replaced (by a newer value or a stop) before it was written (/metrics). */
  readonly superseded?: () => void;
  /**
   * The first write of a flush is being issued: the arrival stamps (push's `arrived`, −1 = none)
   * of the commands it carries, for command-to-write latency (/metrics).
   */
  readonly commandsWritten?: (arrivals: readonly number[]) => void;
  /** Monotonic ms clock; tests may pass one that fake timers drive. */
  readonly now?: () => number;
  /** The bus worker's gap clock (see the header); absent: values arrive only through push(). */
  readonly gapClock?: GapClock;
}

/** How coalescers tell the bus worker which devices are inside a gap, and when a gap ends. */
export interface GapClock {
  /** This coalescer now has a flush or a gap end ahead (it will call gapEnded, or flush at once). */
  opened(): void;
  /** It has neither any more: a gap ended with nothing new, or it closed. */
  closed(): void;
  /** A gap ended: deliver the values committed for this bus since (push them) before the flush. */
  gapEnded(): void;
}

const TIMER_NONE = 0;
const TIMER_FLUSH = 1;
const TIMER_KEEPALIVE = 2;
/** Gap clock only: the end of the gap after a flush or a received value, nothing pending yet. */
const TIMER_GAP_END = 3;

const TYPE_ORDER: ReadonlyMap<OutputType, number> = new Map(OUTPUT_TYPES.map((t, i) => [t, i]));

function byFeatureOrder(a: OutputCommand, b: OutputCommand): number {
  return a.feature - b.feature || (TYPE_ORDER.get(a.type) ?? 0) - (TYPE_ORDER.get(b.type) ?? 0);
}

function sameCommand(a: OutputCommand | undefined, b: OutputCommand): boolean {
  return a !== undefined && a.value === b.value && a.duration === b.duration;
}

function defaultNow(): number {
  return performance.now();
}

export class Coalescer {
  readonly #gapMs: number;
  readonly #keepaliveMs: number;
  readonly #encode: Encode;
  readonly #write: CoalescerOptions['write'];
  readonly #log: CoalescerOptions['log'];
  readonly #now: () => number;
  readonly #superseded: () => void;
  readonly #commandsWritten: ((arrivals: readonly number[]) => void) | null;
  readonly #gapClock: GapClock | null;
  /** Gap clock: counted as open there (a flush or a gap end ahead). */
  #open = false;
  /** Gap clock: when push() last received a value. */
  #lastReceivedAt = Number.NEGATIVE_INFINITY;

  /** What the device was last told, per outputKey: the `current` table given to encode. */
  readonly #written = new Map<string, OutputCommand>();
  /** Newest values not yet flushed. */
  readonly #pending = new Map<string, OutputCommand>();
  /** Their arrival stamps (push's `arrived`), by the same keys. */
  readonly #pendingArrived = new Map<string, number>();
  #lastFlushAt = Number.NEGATIVE_INFINITY;
  #lastWrites: readonly HwWrite[] = [];
  #timer: NodeJS.Timeout | null = null;
  #timerKind = TIMER_NONE;
  /** An end-of-turn flush is scheduled (see the header). */
  #immediate: NodeJS.Immediate | null = null;
  /** Writes go out strictly in order: every flush chains onto the previous one. */
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(opts: CoalescerOptions) {
    this.#gapMs = Math.max(0, opts.gapMs);
    this.#keepaliveMs = opts.keepaliveMs !== undefined && opts.keepaliveMs > 0 ? opts.keepaliveMs : 0;
    this.#encode = opts.encode;
    this.#write = opts.write;
    this.#log = opts.log;
    this.#now = opts.now ?? defaultNow;
    this.#superseded = opts.superseded ?? ignore;
    this.#commandsWritten = opts.commandsWritten ?? null;
    this.#gapClock = opts.gapClock ?? null;
  }

  /**
   * Queue a command: written now if the device has been idle for a gap, else merged. `arrived`:
   * when it reached the server (a core/shared-clock stamp; −1 = unknown).
   */
  push(command: OutputCommand, arrived = -1): void {
    if (this.#closed) return;
    if (this.#gapClock !== null) this.#lastReceivedAt = this.#now();
    const pendingBefore = this.#pending.size;
    const key = outputKey(command.feature, command.type);
    this.#pending.set(key, command);
    if (this.#commandsWritten !== null) this.#pendingArrived.set(key, arrived);
    // Same size after a set: the key was there, so a value nobody wrote was just replaced.
    if (this.#pending.size === pendingBefore) this.#superseded();
    // A flush is already due, at the end of this turn or of the gap.
    if (this.#timerKind === TIMER_FLUSH || this.#immediate !== null) return;
    const wait = this.#lastFlushAt + this.#gapMs - this.#now();
    if (this.#gapMs === 0 || wait <= 0) this.#immediate = setImmediate(coalescerOnImmediate, this);
    else this.#arm(TIMER_FLUSH, wait);
    this.#syncOpen();
  }

  /**
   * Write now what was due at the end of this turn, so a hardware operation issued outside the
   * coalescer (an input read) follows the commands that came before it. Gap flushes still wait.
   */
  flushScheduled(): void {
    if (this.#immediate === null) return;
    clearImmediate(this.#immediate);
    this.flushNow();
  }

  /** @internal End of the turn in which the first command after an idle gap arrived. */
  flushNow(): void {
    this.#immediate = null;
    if (!this.#closed) this.#flushPending();
    this.#syncOpen();
  }

  /**
   * Write these at once, ahead of the gap, replacing pending values for the same outputs.
   * `force` skips dedup (shutdown: the device must hear the zero even if we think it knows).
   */
  stop(commands: readonly OutputCommand[], force = false): void {
    if (this.#closed) return;
    const changed: OutputCommand[] = [];
    for (const c of commands) {
      const key = outputKey(c.feature, c.type);
      if (this.#pending.delete(key)) this.#superseded();
      if (force || !sameCommand(this.#written.get(key), c)) changed.push(c);
    }
    if (this.#pending.size === 0 && this.#timerKind === TIMER_FLUSH) this.#disarm();
    this.#flush(changed);
    this.#syncOpen();
  }

  /**
   * Queue writes the protocol produced outside coalescing (ProtocolHandler.tick), behind every
   * write already queued. No dedup, no gap.
   */
  writeRaw(writes: readonly HwWrite[]): void {
    if (!this.#closed && writes.length > 0) this.#enqueue(writes);
  }

  /** Resolves when every write queued so far has completed (or failed and been logged). */
  drained(): Promise<void> {
    return this.#tail;
  }

  /** No more writes are accepted; pending values are dropped. Resolves after queued writes. */
  close(): Promise<void> {
    this.#closed = true;
    this.#pending.clear();
    this.#pendingArrived.clear();
    this.#disarm();
    if (this.#immediate !== null) clearImmediate(this.#immediate);
    this.#immediate = null;
    this.#syncOpen();
    return this.#tail;
  }

  #flushPending(): void {
    const changed: OutputCommand[] = [];
    const arrivals: number[] | null = this.#commandsWritten === null ? null : [];
    for (const [key, c] of this.#pending) {
      if (sameCommand(this.#written.get(key), c)) continue;
      changed.push(c);
      arrivals?.push(this.#pendingArrived.get(key) ?? -1);
    }
    this.#pending.clear();
    this.#pendingArrived.clear();
    this.#flush(changed, arrivals);
  }

  #flush(changed: OutputCommand[], arrivals: readonly number[] | null = null): void {
    if (changed.length === 0) {
      if (!this.#watchGap() && this.#timerKind === TIMER_NONE) this.#armKeepalive();
      return;
    }
    changed.sort(byFeatureOrder);
    const before = changed.map((c) => this.#written.get(outputKey(c.feature, c.type)));
    for (const c of changed) this.#written.set(outputKey(c.feature, c.type), c);
    let writes: readonly HwWrite[];
    try {
      writes = this.#encode(changed, this.#written);
    } catch (err) {
      // Nothing reached the device: forget these values so the next identical command retries.
      changed.forEach((c, i) => {
        const key = outputKey(c.feature, c.type);
        const old = before[i];
        if (old === undefined) this.#written.delete(key);
        else this.#written.set(key, old);
      });
      this.#log('error', `encoder failed: ${errorText(err)}`);
      return;
    }
    this.#lastFlushAt = this.#now();
    if (writes.length === 0) {
      this.#watchGap();
      return;
    }
    this.#lastWrites = writes;
    this.#enqueue(writes, arrivals);
    if (!this.#watchGap() && this.#timerKind !== TIMER_FLUSH) this.#armKeepalive();
  }

  /**
   * Gap clock: keep the timer armed to the end of the gap after the last flush or received value,
   * so values committed meanwhile are fetched then (fire). False: no gap clock, or no gap left.
   */
  #watchGap(): boolean {
    if (this.#gapClock === null || this.#gapMs === 0 || this.#closed || this.#timerKind === TIMER_FLUSH)
      return false;
    const wait = Math.max(this.#lastFlushAt, this.#lastReceivedAt) + this.#gapMs - this.#now();
    if (wait <= 0) return false;
    this.#arm(TIMER_GAP_END, wait);
    return true;
  }

  /** Gap clock: tell it whether this device has a flush or a gap end ahead. */
  #syncOpen(): void {
    const clock = this.#gapClock;
    if (clock === null) return;
    const open =
      !this.#closed &&
      (this.#timerKind === TIMER_FLUSH || this.#timerKind === TIMER_GAP_END || this.#immediate !== null);
    if (open === this.#open) return;
    this.#open = open;
    if (open) clock.opened();
    else clock.closed();
  }

  #enqueue(writes: readonly HwWrite[], arrivals: readonly number[] | null = null): void {
    this.#tail = this.#tail.then(() => this.#writeAll(writes, arrivals));
  }

  async #writeAll(writes: readonly HwWrite[], arrivals: readonly number[] | null): Promise<void> {
    // Measured when the flush's first write is issued, behind every write queued before it.
    if (arrivals !== null && arrivals.length > 0) this.#commandsWritten?.(arrivals);
    for (const w of writes) {
      try {
        await this.#write(w.endpoint, w.data, w.withResponse);
      } catch (err) {
        this.#log('warn', `write to ${w.endpoint} failed: ${errorText(err)}`);
      }
    }
  }

  /** A watched gap ended with nothing new: the keepalive counts from the last flush. */
  #armKeepaliveAfterGap(): void {
    if (this.#keepaliveMs > 0 && this.#lastWrites.length > 0)
      this.#arm(TIMER_KEEPALIVE, Math.max(0, this.#lastFlushAt + this.#keepaliveMs - this.#now()));
  }

  #armKeepalive(): void {
    if (this.#keepaliveMs > 0 && this.#lastWrites.length > 0 && !this.#closed)
      this.#arm(TIMER_KEEPALIVE, this.#keepaliveMs);
    else if (this.#timerKind === TIMER_KEEPALIVE) this.#disarm();
  }

  #arm(kind: number, ms: number): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timerKind = kind;
    this.#timer = setTimeout(onCoalescerTimer, ms, this);
  }

  #disarm(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#timerKind = TIMER_NONE;
  }

  /** @internal called by the module-level timer callback. */
  fire(): void {
    const kind = this.#timerKind;
    this.#timer = null;
    this.#timerKind = TIMER_NONE;
    if (this.#closed) return;
    if (this.#gapClock !== null && (kind === TIMER_FLUSH || kind === TIMER_GAP_END)) {
      // The values committed during the gap arrive now. While the timer kind still reads FLUSH,
      // push() only records them: they go out in the one flush below, not one turn later.
      this.#timerKind = TIMER_FLUSH;
      this.#gapClock.gapEnded();
      // Unless a stop delivered in that drain armed the timer again.
      if (this.#timer === null) this.#timerKind = TIMER_NONE;
      if (this.#closed) return;
      if (this.#pending.size > 0) this.#flushPending();
      else this.#armKeepaliveAfterGap();
      this.#syncOpen();
    } else if (kind === TIMER_FLUSH) {
      this.#flushPending();
    } else if (kind === TIMER_KEEPALIVE) {
      // Idle for a whole keepalive period (any flush re-arms this timer): replay the last packet.
      this.#lastFlushAt = this.#now();
      this.#enqueue(this.#lastWrites);
      this.#armKeepalive();
    }
  }
}

// One module-level callback with the coalescer as argument: no closure per arm (style §6).
function onCoalescerTimer(c: Coalescer): void {
  c.fire();
}

function ignore(): void {}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function coalescerOnImmediate(c: Coalescer): void {
  c.flushNow();
}
