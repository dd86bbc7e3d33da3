// Whole client bursts to the bus. A burst is what a client sets on one device at one moment. A
// spec v4 client sets several motors with one OutputCmd frame per feature, sent back to back in
// one turn (buttplug@5 runOutput); older versions set them all in one message. Either way the
// device must get one packet carrying every value, as it does from the reference server (which
// holds every first write for a whole gap; thrum writes it at once). Each client frame is handed
// to the bus worker on its own (DeviceHub.frameDone), so without this gate a dual-motor device's
// coalescer would write motor 1 at once and motor 2 one gap later.
//
// So the hub offers here the commands of each frame for a device whose features share an output
// type (two vibrators; sharedOutputFeatures). A *complete* burst — for every output type among its
// commands, every feature of the device with that type is set — goes on at once. An incomplete
// one is held, later frames join it, and it goes on whole as soon as it is complete, or when the
// settle window (BURST_SETTLE_MS) ends.
//
// Why on the main thread and not in the worker's coalescer (tried first; bench/notes.md, "One
// packet per client burst"): on this 2-core machine under load the main thread handled a burst's
// later frames a median 0.2 ms after the first, but up to 12 ms after (it is preempted, not least
// by the threads it wakes), and a timer in the worker cannot tell a main thread that has not read
// the rest of the burst yet from a burst that is over. Here it can: the settle timer only
// schedules the decision (setImmediate), and the event loop's poll phase, in which uWS reads the
// client sockets, runs between a timer and the immediates it schedules. The decision is taken
// after the main thread has read whatever the client had sent by then, however late the timer ran.
//
// What the window still has to cover is the client's own spread: the time between its first and
// last send of the burst. That is tens of µs on an idle machine, but a client preempted right
// after its first send (often by the server thread that send wakes) sends the rest later: on this
// loaded machine p99 3.5 ms, at most 9 ms in 2,000 bursts. With 2 ms, one of four runs of the
// 20× multi-frame conformance test split a burst; with 5 ms, none of nine (load average up to 11).
//
// Cost: a command that sets some but not all features of a type (one motor of two) reaches the
// device BURST_SETTLE_MS late. Devices with no shared output type (most), complete bursts, stops
// and reads never wait; a stop or a read first releases the burst held for its device, so the
// client's order holds. An incomplete burst costs one Timeout, one Immediate and two small objects.

import type { FeatureDef, OutputCommand, OutputType } from '../core/index.js';

/** How long an incomplete burst waits for the rest of its frames; bench/notes.md has the measurements. */
export const BURST_SETTLE_MS = 5;

/** Per output type that two or more features share, those features' indexes; empty for most devices. */
export function sharedOutputFeatures(
  features: readonly FeatureDef[],
): ReadonlyMap<OutputType, readonly number[]> {
  const byType = new Map<OutputType, number[]>();
  for (const f of features) {
    if (f.output === undefined) continue;
    for (const type of Object.keys(f.output) as OutputType[]) {
      const list = byType.get(type);
      if (list) list.push(f.index);
      else byType.set(type, [f.index]);
    }
  }
  for (const [type, list] of byType) if (list.length < 2) byType.delete(type);
  return byType;
}

function sets(commands: readonly OutputCommand[], feature: number, type: OutputType): boolean {
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i]!;
    if (c.feature === feature && c.type === type) return true;
  }
  return false;
}

/** Whether `commands` set, for each output type among them, every feature in `shared` with that type. */
export function burstComplete(
  commands: readonly OutputCommand[],
  shared: ReadonlyMap<OutputType, readonly number[]>,
): boolean {
  for (let i = 0; i < commands.length; i++) {
    const type = commands[i]!.type;
    const features = shared.get(type);
    if (features === undefined) continue;
    for (let j = 0; j < features.length; j++) if (!sets(commands, features[j]!, type)) return false;
  }
  return true;
}

/** Where released bursts go (the hub). */
export interface BurstOutlet<D> {
  /** Hand a whole burst on to the device's bus; `expedite`: it started after the device's idle gap. */
  release(device: D, commands: readonly OutputCommand[], expedite: boolean): void;
  /** A settle window ended outside any client frame: publish what was released now (BusPort.commit). */
  commit(): void;
}

interface OpenBurst<D> {
  readonly gate: BurstGate<D>;
  readonly device: D;
  readonly shared: ReadonlyMap<OutputType, readonly number[]>;
  /** The newest command per (feature, output type), in arrival order. */
  readonly held: OutputCommand[];
  expedite: boolean;
  timer: NodeJS.Timeout | null;
  immediate: NodeJS.Immediate | null;
}

export class BurstGate<D> {
  readonly #outlet: BurstOutlet<D>;
  readonly #settleMs: number;
  readonly #open = new Map<D, OpenBurst<D>>();

  constructor(outlet: BurstOutlet<D>, settleMs = BURST_SETTLE_MS) {
    this.#outlet = outlet;
    this.#settleMs = settleMs;
  }

  /** Devices with a burst held. */
  get held(): number {
    return this.#open.size;
  }

  /**
   * One frame's commands for `device`, whose sharedOutputFeatures are `shared` (not empty). They
   * are released now when they complete a burst (with what was held before), else held.
   */
  offer(
    device: D,
    shared: ReadonlyMap<OutputType, readonly number[]>,
    commands: readonly OutputCommand[],
    expedite: boolean,
  ): void {
    const open = this.#open.get(device);
    if (open === undefined) {
      if (burstComplete(commands, shared)) {
        this.#outlet.release(device, commands, expedite);
        return;
      }
      const burst: OpenBurst<D> = {
        gate: this,
        device,
        shared,
        held: [...commands],
        expedite,
        timer: null,
        immediate: null,
      };
      burst.timer = setTimeout(burstOnSettleTimer, this.#settleMs, burst);
      this.#open.set(device, burst);
      return;
    }
    open.expedite ||= expedite;
    const held = open.held;
    for (const c of commands) {
      let i = 0;
      while (i < held.length && (held[i]!.feature !== c.feature || held[i]!.type !== c.type)) i++;
      held[i] = c;
    }
    if (burstComplete(held, open.shared)) this.#release(open);
  }

  /** Release the burst held for `device`, if any, now: a stop or a read for it follows. */
  flush(device: D): void {
    const open = this.#open.get(device);
    if (open !== undefined) this.#release(open);
  }

  /** Forget the burst held for `device` (it is gone). */
  drop(device: D): void {
    const open = this.#open.get(device);
    if (open === undefined) return;
    this.#open.delete(device);
    clearScheduled(open);
  }

  /** @internal The settle window of `burst` has ended and the poll phase after it has run. */
  settled(burst: OpenBurst<D>): void {
    if (this.#open.get(burst.device) !== burst) return;
    this.#release(burst);
    this.#outlet.commit();
  }

  #release(burst: OpenBurst<D>): void {
    this.#open.delete(burst.device);
    clearScheduled(burst);
    this.#outlet.release(burst.device, burst.held, burst.expedite);
  }
}

function clearScheduled(burst: OpenBurst<unknown>): void {
  if (burst.timer !== null) clearTimeout(burst.timer);
  if (burst.immediate !== null) clearImmediate(burst.immediate);
  burst.timer = null;
  burst.immediate = null;
}

// Module-level callbacks with the burst as argument: no closure per burst (style §6).
function burstOnSettleTimer(burst: OpenBurst<unknown>): void {
  burst.timer = null;
  // Decide in the check phase, after this iteration's poll has read the client sockets.
  burst.immediate = setImmediate(burstOnSettleCheck, burst);
}

function burstOnSettleCheck(burst: OpenBurst<unknown>): void {
  burst.immediate = null;
  burst.gate.settled(burst);
}
