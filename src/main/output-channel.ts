// The main thread's output channel to one bus worker: how device outputs, stops and every other
// ToBus message reach it. It knows nothing of the worker's life (bus-supervisor.ts starts, restarts
// and ends workers; a new worker gets a new channel).
//
// Two paths. Outputs and stops go through the worker's output table (core/output-table.ts): a slot
// per (device, feature, output type), written here and published by commit() at the end of each
// client frame (DeviceHub.frameDone), so everything one frame sets reaches the device's coalescer
// in one worker turn. Everything else (reads, scanning, indexes) goes as ToBus messages through the
// outbox, and so do outputs the table has no slot for: the table is full (more live outputs on one
// bus than it has slots) or cannot name them (a feature index beyond its range). Such an output
// keeps the message path for its device's life, so each output is on exactly one channel and its
// commands can never overtake each other.
//
// The table path allocates nothing per command: a numeric key, a Map<number, number> lookup and a
// few typed-array stores (OutputTableWriter.write). Nor does it schedule anything when it runs
// inside a client frame (the frame's stamp is set): the frame's end commits (DeviceHub.frameDone).
// Writes made outside a frame (a client gone, a burst released, an operator's stop) are committed
// at the end of their turn. The message path builds a ToBus per command; it
// only carries outputs the table cannot, so its cost does not matter to the common case.

import {
  outputSlotKey,
  type OutputTableWriter,
  type BusName,
  type OutputCommand,
  type ToBus,
} from '../core/index.js';
import { NO_STAMP } from '../core/shared-clock.js';
import { currentFrameStamp } from './counters.js';
import { log } from './log.js';

/** Where the channel's messages go: the bus worker (a Worker; a recorder in tests). */
export interface MessageTarget {
  postMessage(msg: ToBus): void;
}

/** How long outputs on the message path may wait on the main thread to share one postMessage. */
export const OUTPUT_BATCH_MS = 4;
/** A commit that found the worker inside its (microseconds long) drain tries again this much later. */
const COMMIT_RETRY_MS = 1;

export class OutputChannel {
  readonly #bus: BusName;
  #target: MessageTarget | null;
  /** The worker's table; null without one (switched off) or once the channel is closed. */
  #table: OutputTableWriter | null;
  /** outputSlotKey → table slot, or −1: the table was full, this output takes the message path. */
  readonly #slotOf = new Map<number, number>();
  /** Bus device → its keys in #slotOf, to free them when the device is removed. */
  readonly #deviceKeys = new Map<number, number[]>();
  #tableFullLogged = false;
  /** End-of-turn commit of writes nobody committed (a caller outside a client frame). */
  #commitImmediate: NodeJS.Immediate | null = null;
  /** Retry of a commit that found the worker draining the table. */
  #commitRetry: NodeJS.Timeout | null = null;

  /** Messages posted this turn, sent as one batch at the end of the event-loop turn. */
  #outbox: ToBus[] = [];
  /** Position in #outbox of the queued output per outputSlotKey, this turn. */
  readonly #outboxOutputs = new Map<number, number>();
  #flushTimer: NodeJS.Timeout | null = null;
  #flushImmediate: NodeJS.Immediate | null = null;
  /** performance.now() of the last postMessage. */
  #lastFlushAt = 0;

  constructor(bus: BusName, target: MessageTarget, table: OutputTableWriter | null) {
    this.#bus = bus;
    this.#target = target;
    this.#table = table;
  }

  /** Whether table writes are staged that no commit has published yet. */
  get pending(): boolean {
    return this.#table !== null && this.#table.pending;
  }

  /** The newest value of one output of `device` (the worker's device id). */
  output(device: number, command: OutputCommand): void {
    if (this.#target === null) return;
    const table = this.#table;
    if (table !== null) {
      const at = this.#slotFor(table, device, command);
      if (at >= 0) {
        // Steps and durations are validated integers inside the feature's (small) ranges.
        const stamp = currentFrameStamp();
        table.write(at, command.value, command.duration ?? -1, stamp);
        if (stamp === NO_STAMP) this.#commitAtEndOfTurn();
        return;
      }
    }
    this.#queueOutput(device, command);
  }

  /** Stop these outputs of `device`: they bypass coalescing in the worker. */
  stop(device: number, commands: readonly OutputCommand[]): void {
    if (this.#target === null) return;
    const table = this.#table;
    if (table === null) {
      this.#queueOrdered({ t: 'stop', device, commands });
      return;
    }
    let rest: OutputCommand[] | null = null;
    for (let i = 0; i < commands.length; i++) {
      const command = commands[i]!;
      const at = this.#slotFor(table, device, command);
      if (at >= 0) table.stop(at);
      else (rest ??= []).push(command);
    }
    if (currentFrameStamp() === NO_STAMP) this.#commitAtEndOfTurn();
    if (rest !== null) this.#queueOrdered({ t: 'stop', device, commands: rest });
  }

  /** Any other message (a read, scanning, an index): after the outputs before it, at the end of the turn. */
  post(msg: ToBus): void {
    if (this.#target === null) return;
    if (msg.t === 'output') this.output(msg.device, msg.command);
    else if (msg.t === 'stop') this.stop(msg.device, msg.commands);
    else this.#queueOrdered(msg);
  }

  /** Publish every table write staged since the last commit, at once (the end of a client frame). */
  commit(): void {
    if (this.#table?.pending) this.#commitTable();
  }

  /** The next commit ends the worker's hold at once: it carries a device's first output after an idle gap. */
  expedite(): void {
    this.#table?.expedite();
  }

  /** The worker removed a device: its slots (and message-path marks) are free for others. */
  deviceRemoved(device: number): void {
    const keys = this.#deviceKeys.get(device);
    if (!keys) return;
    this.#deviceKeys.delete(device);
    for (const key of keys) {
      const at = this.#slotOf.get(key);
      this.#slotOf.delete(key);
      if (at !== undefined && at >= 0) this.#table?.release(at);
    }
  }

  /**
   * Post everything queued now, table writes committed first (crash, shutdown: the message that
   * follows must come after them).
   */
  flushNow(): void {
    this.flush(true);
  }

  /** The worker is gone: nothing more is sent, queued messages and staged writes are dropped. */
  close(): void {
    this.#target = null;
    this.#table = null;
    this.#outbox.length = 0;
    this.#outboxOutputs.clear();
    this.#slotOf.clear();
    this.#deviceKeys.clear();
    this.#clearFlush();
    if (this.#commitImmediate) clearImmediate(this.#commitImmediate);
    if (this.#commitRetry) clearTimeout(this.#commitRetry);
    this.#commitImmediate = null;
    this.#commitRetry = null;
  }

  /**
   * @internal Post what the outbox holds. Table writes made before are committed first, so the
   * worker (which drains its table before it handles a message) applies them before these
   * messages. If the worker is inside a drain this instant, the flush waits a turn, unless `now`.
   */
  flush(now = false): void {
    this.#clearFlush();
    const target = this.#target;
    if (target === null) return;
    const messages = this.#outbox;
    if (this.#table?.pending && !this.#table.commit() && !now && messages.length > 0) {
      this.#flushImmediate = setImmediate(channelOnFlushDue, this);
      return;
    }
    if (messages.length === 0) return;
    this.#outbox = [];
    this.#outboxOutputs.clear();
    this.#lastFlushAt = performance.now();
    target.postMessage(messages.length === 1 ? messages[0]! : { t: 'batch', messages });
  }

  /** @internal The end of the turn in which a write was staged outside a client frame. */
  commitDue(): void {
    this.#commitImmediate = null;
    if (this.#table?.pending) this.#commitTable();
  }

  /** @internal A commit that found the worker draining tries again. */
  commitRetryDue(): void {
    this.#commitRetry = null;
    if (this.#table?.pending) this.#commitTable();
  }

  #clearFlush(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    if (this.#flushImmediate) clearImmediate(this.#flushImmediate);
    this.#flushTimer = null;
    this.#flushImmediate = null;
  }

  #queueOutput(device: number, command: OutputCommand): void {
    // Flushes are timers or immediates, never microtasks: uWS drains the microtask queue after
    // every socket callback, so a microtask flush would cost one postMessage (one thread wake-up)
    // per client frame. Outputs go at most once per OUTPUT_BATCH_MS: every message costs the
    // worker a wake-up, and a device writes at most once per gap (tens of ms) anyway. After a
    // quiet spell the first one goes at the end of this turn, so an isolated command is not delayed.
    if (this.#outbox.length === 0 && this.#flushTimer === null && this.#flushImmediate === null) {
      const wait = this.#lastFlushAt + OUTPUT_BATCH_MS - performance.now();
      if (wait <= 0) this.#flushImmediate = setImmediate(channelOnFlushDue, this);
      else this.#flushTimer = setTimeout(channelOnFlushDue, wait, this);
    }
    const msg: ToBus = { t: 'output', device, command };
    // Latest value wins already here: a newer command for the same output in this batch replaces
    // the queued one in place (the worker would only coalesce it away after the thread hop).
    const key = outputSlotKey(device, command.feature, command.type);
    if (key >= 0) {
      const at = this.#outboxOutputs.get(key);
      if (at !== undefined) {
        this.#outbox[at] = msg;
        return;
      }
      this.#outboxOutputs.set(key, this.#outbox.length);
    }
    this.#outbox.push(msg);
  }

  #queueOrdered(msg: ToBus): void {
    // Ordered against the outputs before it: later outputs must queue after it, not replace an
    // entry in front of it. It goes at the end of the turn.
    this.#outboxOutputs.clear();
    if (this.#flushImmediate === null) this.#flushImmediate = setImmediate(channelOnFlushDue, this);
    this.#outbox.push(msg);
  }

  /** The table slot of one output, allocated on first use; −1: this output takes the message path. */
  #slotFor(table: OutputTableWriter, device: number, command: OutputCommand): number {
    const key = outputSlotKey(device, command.feature, command.type);
    if (key < 0) return -1;
    let at = this.#slotOf.get(key);
    if (at === undefined) {
      at = table.allocate(device, command.feature, command.type);
      if (at < 0 && !this.#tableFullLogged) {
        this.#tableFullLogged = true;
        log(
          'warn',
          `bus ${this.#bus}: output table full (${table.capacity} slots); further outputs go as messages`,
        );
      }
      this.#slotOf.set(key, at);
      const keys = this.#deviceKeys.get(device);
      if (keys) keys.push(key);
      else this.#deviceKeys.set(device, [key]);
    }
    return at;
  }

  #commitAtEndOfTurn(): void {
    if (this.#commitImmediate === null) this.#commitImmediate = setImmediate(channelOnCommitDue, this);
  }

  #commitTable(): void {
    // Contention is rare (both critical sections are a few stores per slot); later writes join the
    // staged ones meanwhile, and the retry publishes them together.
    if (!this.#table!.commit() && this.#commitRetry === null)
      this.#commitRetry = setTimeout(channelOnCommitRetry, COMMIT_RETRY_MS, this);
  }
}

// Module-level callbacks with the channel as argument: no closure per scheduled flush.
function channelOnFlushDue(channel: OutputChannel): void {
  channel.flush();
}

function channelOnCommitDue(channel: OutputChannel): void {
  channel.commitDue();
}

function channelOnCommitRetry(channel: OutputChannel): void {
  channel.commitRetryDue();
}
