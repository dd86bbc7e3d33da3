// Starts one worker thread per enabled bus, relays its messages to the hub, and restarts it when
// it dies: the dead bus's devices are reported removed first (piscina's _addNewWorker pattern:
// fail what was in flight, start a replacement, log once).
//
// Two channels to a worker. Device outputs and stops go through its output table
// (core/output-table.ts): a slot per (device, feature, output type), written here and published by
// commit() at the end of each client frame (DeviceHub.frameDone), so everything one frame sets
// reaches the device's coalescer in one worker turn. Everything else (reads, scanning, indexes,
// shutdown) goes as ToBus messages through the outbox, and so do outputs the table has no slot
// for (it is full): such an output keeps the message path for its device's life, so each output
// is on exactly one channel and its commands can never overtake each other.

import { Worker } from 'node:worker_threads';
import {
  createOutputTable,
  outputSlotKey,
  OutputTableWriter,
  type BusName,
  type BusWorkerData,
  type FromBus,
  type OutputCommand,
  type ToBus,
} from '../core/index.js';
import { busWorkerExecArgv, busWorkerUrl } from '../workers/entry.js';
import type { BusPort } from './device-hub.js';
import { log } from './log.js';
import { currentFrameStamp, writeLatency } from './counters.js';

export interface BusEvents {
  onBusMessage(bus: BusName, msg: FromBus): void;
  /** A bus is serving again after a restart (not called for the first start). */
  onBusUp(bus: BusName): void;
  onBusDown(bus: BusName): void;
}

interface BusSlot {
  readonly data: BusWorkerData;
  worker: Worker | null;
  /** Serving: ready was received and no exit since. */
  up: boolean;
  /** Reported unavailable: not restarted. */
  unavailable: boolean;
  restarts: number;
  /** Worker exits since start (restarts reset on ready; this does not). */
  crashes: number;
  /** Hardware writes reported by this bus's workers, over every restart (/metrics). */
  writes: number;
  /** Pending output values the workers' coalescers replaced before writing them (/metrics). */
  coalesced: number;
  /** Messages posted this turn, sent as one batch at the end of the event-loop turn. */
  outbox: ToBus[];
  /** Position in `outbox` of the queued output per device:feature:type, this turn. */
  outboxOutputs: Map<string, number>;
  /** This worker's output table; null without one (not started, exited, or switched off). */
  table: OutputTableWriter | null;
  /** outputSlotKey → table slot, or −1: the table was full, this output takes the message path. */
  slotOf: Map<number, number>;
  /** Bus device → its keys in slotOf, to free them when the device is removed. */
  deviceKeys: Map<number, number[]>;
  /** End-of-turn commit of writes nobody committed (a caller outside a client frame). */
  commitImmediate: NodeJS.Immediate | null;
  /** Retry of a commit that found the worker draining the table. */
  commitRetry: NodeJS.Timeout | null;
  tableFullLogged: boolean;
  flushTimer: NodeJS.Timeout | null;
  /** performance.now() of the last postMessage to this bus. */
  lastFlushAt: number;
  immediate: NodeJS.Immediate | null;
  /** What the bus listens on, from its ready message. */
  listening: string | undefined;
  restartTimer: NodeJS.Timeout | null;
  onReady: ((outcome: 'ready' | 'unavailable') => void) | null;
  onShutdownDone: (() => void) | null;
}

/** How long outputs may wait on the main thread to share one postMessage. */
const OUTPUT_BATCH_MS = 4;
const RESTART_DELAY_MS = [100, 500, 2000, 5000];
/** How long a bus may take to bind its listeners before start-up carries on without it. */
const READY_TIMEOUT_MS = 10_000;
const SHUTDOWN_TIMEOUT_MS = 2_000;
/** A commit that found the worker inside its (microseconds long) drain tries again this much later. */
const COMMIT_RETRY_MS = 1;

/** One bus as the operator API shows it. */
export interface BusMetricCounts {
  readonly bus: BusName;
  readonly writes: number;
  readonly coalesced: number;
  readonly restarts: number;
}

export interface BusStatus {
  readonly bus: BusName;
  /** starting: first start not finished; restarting: its worker died and a new one is on the way. */
  readonly state: 'starting' | 'running' | 'restarting' | 'unavailable' | 'stopped';
  /** Worker exits since start. */
  readonly crashes: number;
  readonly listening: string | null;
  readonly writes: number;
}

export interface SupervisorOptions {
  /** Hand outputs and stops to workers through an output table (default); false = messages only. */
  readonly outputTable?: boolean;
}

export class BusSupervisor implements BusPort {
  private readonly slots = new Map<BusName, BusSlot>();
  /** The values of `slots`, for commit() on every frame without an iterator. */
  private readonly slotList: BusSlot[] = [];
  private readonly useTable: boolean;
  private events: BusEvents | null = null;
  private stopping = false;

  constructor(buses: readonly BusWorkerData[], options: SupervisorOptions = {}) {
    this.useTable = options.outputTable ?? true;
    for (const data of buses) {
      this.slots.set(data.bus, {
        data,
        worker: null,
        up: false,
        unavailable: false,
        restarts: 0,
        crashes: 0,
        writes: 0,
        coalesced: 0,
        outbox: [],
        outboxOutputs: new Map(),
        table: null,
        slotOf: new Map(),
        deviceKeys: new Map(),
        commitImmediate: null,
        commitRetry: null,
        tableFullLogged: false,
        flushTimer: null,
        lastFlushAt: 0,
        immediate: null,
        listening: undefined,
        restartTimer: null,
        onReady: null,
        onShutdownDone: null,
      });
    }
    this.slotList.push(...this.slots.values());
  }

  /** Start every bus and wait until each is serving or has said why it cannot. */
  async start(events: BusEvents): Promise<Map<BusName, 'ready' | 'unavailable' | 'timeout'>> {
    this.events = events;
    const outcomes = new Map<BusName, 'ready' | 'unavailable' | 'timeout'>();
    await Promise.all(
      [...this.slots.values()].map(
        (slot) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              slot.onReady = null;
              outcomes.set(slot.data.bus, 'timeout');
              log('warn', `bus ${slot.data.bus} did not report ready within ${READY_TIMEOUT_MS} ms`);
              resolve();
            }, READY_TIMEOUT_MS);
            slot.onReady = (outcome) => {
              clearTimeout(timer);
              outcomes.set(slot.data.bus, outcome);
              resolve();
            };
            this.spawn(slot);
          }),
      ),
    );
    return outcomes;
  }

  post(bus: BusName, msg: ToBus): void {
    const slot = this.slots.get(bus);
    if (!slot?.up || !slot.worker) return;
    const table = slot.table;
    if (table !== null) {
      if (msg.t === 'output') {
        const at = slotFor(slot, table, msg.device, msg.command);
        if (at >= 0) {
          // Steps and durations are validated integers inside the feature's (small) ranges.
          table.write(at, msg.command.value, msg.command.duration ?? -1, currentFrameStamp());
          commitAtEndOfTurn(slot);
          return;
        }
      } else if (msg.t === 'stop') {
        let rest: OutputCommand[] | null = null;
        for (const command of msg.commands) {
          const at = slotFor(slot, table, msg.device, command);
          if (at >= 0) table.stop(at);
          else (rest ??= []).push(command);
        }
        commitAtEndOfTurn(slot);
        if (rest === null) return;
        msg = { t: 'stop', device: msg.device, commands: rest };
      }
    }
    // Flushes are timers or immediates, never microtasks: uWS drains the microtask queue after
    // every socket callback, so a microtask flush would cost one postMessage (one thread wake-up)
    // per client frame.
    if (msg.t === 'output') {
      // Outputs go at most once per OUTPUT_BATCH_MS: every message costs the worker a wake-up,
      // and a device writes at most once per gap (tens of ms) anyway. After a quiet spell the
      // first one goes at the end of this turn, so an isolated command is not delayed.
      if (slot.outbox.length === 0 && !slot.flushTimer && !slot.immediate) {
        const wait = slot.lastFlushAt + OUTPUT_BATCH_MS - performance.now();
        if (wait <= 0) slot.immediate = setImmediate(flushOutbox, slot);
        else slot.flushTimer = setTimeout(flushOutbox, wait, slot);
      }
      // Latest value wins already here: a newer command for the same output in this batch replaces
      // the queued one in place (the worker would only coalesce it away after the thread hop).
      const key = `${msg.device}:${msg.command.feature}:${msg.command.type}`;
      const at = slot.outboxOutputs.get(key);
      if (at !== undefined) {
        slot.outbox[at] = msg;
        return;
      }
      slot.outboxOutputs.set(key, slot.outbox.length);
    } else {
      // Anything else (a stop, a read) is ordered against the outputs before it: later outputs
      // must queue after it, not replace an entry in front of it. It goes at the end of the turn.
      slot.outboxOutputs.clear();
      if (!slot.immediate) slot.immediate = setImmediate(flushOutbox, slot);
    }
    slot.outbox.push(msg);
  }

  /**
   * Publish every output and stop posted since the last commit, at once: the end of one client
   * frame (DeviceHub.frameDone). Writes outside a frame are committed at the end of the turn.
   */
  commit(): void {
    const list = this.slotList;
    for (let i = 0; i < list.length; i++) {
      const slot = list[i]!;
      if (slot.table?.pending) commitTable(slot);
    }
  }

  /** Only the table path is expedited; the message path (a full or switched-off table) batches per bus. */
  expedite(bus: BusName): void {
    this.slots.get(bus)?.table?.expedite();
  }

  running(): BusName[] {
    const out: BusName[] = [];
    for (const [bus, slot] of this.slots) if (slot.up) out.push(bus);
    return out;
  }

  restarting(): BusName[] {
    const out: BusName[] = [];
    for (const [bus, slot] of this.slots) if (!slot.up && !slot.unavailable && !this.stopping) out.push(bus);
    return out;
  }

  /** Hardware writes per bus since start (reported by the workers about once a second). */
  writeCounts(): Array<[BusName, number]> {
    return this.slotList.map((slot) => [slot.data.bus, slot.writes]);
  }

  /** Per bus: writes, coalesced values and restarts (= worker exits, each one restarted) since start. */
  metricCounts(): BusMetricCounts[] {
    return this.slotList.map((slot) => ({ bus: slot.data.bus, writes: slot.writes, coalesced: slot.coalesced, restarts: slot.crashes }));
  }

  status(): BusStatus[] {
    return this.slotList.map((slot) => ({
      bus: slot.data.bus,
      state: slot.up
        ? 'running'
        : slot.unavailable
          ? 'unavailable'
          : this.stopping
            ? 'stopped'
            : slot.crashes > 0
              ? 'restarting'
              : 'starting',
      crashes: slot.crashes,
      listening: slot.listening ?? null,
      writes: slot.writes,
    }));
  }

  /** URL a bus listens on, once it is ready. */
  listening(bus: BusName): string | undefined {
    return this.slots.get(bus)?.listening;
  }

  /**
   * Fault injection for tests and operators: the bus worker fails as on an uncaught exception
   * (terminate() would abort the whole process while the worker holds native sockets).
   */
  crash(bus: BusName): void {
    const slot = this.slots.get(bus);
    if (!slot?.worker) return;
    flushOutbox(slot, true);
    slot.worker.postMessage({ t: 'crash' } satisfies ToBus);
  }

  /**
   * Ask every bus to stop its devices and release its handles, and wait (bounded) for it; then
   * end the workers that confirmed. A worker that did not confirm is left for process exit:
   * terminating it with native sockets open would abort the process (see bus-worker.ts).
   */
  async shutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.slots.values()].map(async (slot) => {
        if (slot.restartTimer) clearTimeout(slot.restartTimer);
        const worker = slot.worker;
        if (!worker) return;
        const confirmed = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), SHUTDOWN_TIMEOUT_MS);
          slot.onShutdownDone = () => {
            clearTimeout(timer);
            resolve(true);
          };
          // Also asked of a bus that is starting or unavailable: it confirms without devices.
          flushOutbox(slot, true);
          worker.postMessage({ t: 'shutdown' } satisfies ToBus);
        });
        if (confirmed) await worker.terminate();
        else log('warn', `bus ${slot.data.bus} did not confirm shutdown within ${SHUTDOWN_TIMEOUT_MS} ms`);
      }),
    );
  }

  private spawn(slot: BusSlot): void {
    // A new worker, a new table: nothing of the dead one's slots carries over.
    dropTable(slot);
    let workerData = slot.data;
    if (this.useTable) {
      const table = createOutputTable();
      slot.table = new OutputTableWriter(table);
      workerData = { ...slot.data, outputTable: table };
    }
    const worker = new Worker(busWorkerUrl(), {
      execArgv: busWorkerExecArgv(),
      workerData,
      name: `thrum-bus-${slot.data.bus}`,
    });
    slot.worker = worker;
    worker.on('message', (msg: FromBus) => this.onWorkerMessage(slot, msg));
    worker.on('error', (err) => log('error', `bus ${slot.data.bus} worker error: ${err.stack ?? String(err)}`));
    worker.on('exit', (code) => this.onWorkerExit(slot, worker, code));
  }

  private onWorkerMessage(slot: BusSlot, msg: FromBus): void {
    switch (msg.t) {
      case 'ready': {
        // Start-up waits on onReady; a restart has none.
        const restarted = slot.onReady === null && slot.restarts > 0;
        slot.up = true;
        slot.listening = msg.listening;
        slot.restarts = 0;
        slot.onReady?.('ready');
        slot.onReady = null;
        if (restarted) this.events?.onBusUp(slot.data.bus);
        return;
      }
      case 'unavailable':
        slot.unavailable = true;
        log('warn', `bus ${slot.data.bus} unavailable: ${msg.reason}`);
        slot.onReady?.('unavailable');
        slot.onReady = null;
        return;
      case 'log':
        log(msg.level, `[${slot.data.bus}] ${msg.msg}`);
        return;
      case 'writes':
        slot.writes += msg.count;
        slot.coalesced += msg.coalesced;
        writeLatency.add(msg.latency.counts, msg.latency.sum, msg.latency.count);
        return;
      case 'shutdownDone':
        slot.onShutdownDone?.();
        slot.onShutdownDone = null;
        return;
      case 'deviceRemoved':
        releaseSlots(slot, msg.device);
        this.events?.onBusMessage(slot.data.bus, msg);
        return;
      default:
        this.events?.onBusMessage(slot.data.bus, msg);
    }
  }

  private onWorkerExit(slot: BusSlot, worker: Worker, code: number): void {
    if (slot.worker !== worker) return;
    const wasUp = slot.up;
    slot.up = false;
    slot.worker = null;
    slot.outbox.length = 0;
    slot.outboxOutputs.clear();
    dropTable(slot);
    slot.onShutdownDone?.();
    slot.onShutdownDone = null;
    // A worker that dies before it is ready must not hold start-up until the timeout.
    slot.onReady?.('unavailable');
    slot.onReady = null;
    if (wasUp) this.events?.onBusDown(slot.data.bus);
    if (this.stopping || slot.unavailable) return;
    slot.crashes++;
    const delay = RESTART_DELAY_MS[Math.min(slot.restarts, RESTART_DELAY_MS.length - 1)]!;
    slot.restarts++;
    log('error', `bus ${slot.data.bus} worker exited (code ${code}); its devices were removed; restarting in ${delay} ms`);
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = null;
      if (!this.stopping) this.spawn(slot);
    }, delay);
  }
}

/**
 * Post what the outbox holds. Table writes made before are committed first, so the worker (which
 * drains its table before it handles a message) applies them before these messages. If the
 * worker is inside a drain this instant, the flush waits a turn, unless `now` (crash, shutdown).
 */
function flushOutbox(slot: BusSlot, now = false): void {
  if (slot.flushTimer) clearTimeout(slot.flushTimer);
  if (slot.immediate) clearImmediate(slot.immediate);
  slot.flushTimer = null;
  slot.immediate = null;
  const messages = slot.outbox;
  if (!slot.worker) return;
  if (slot.table?.pending && !slot.table.commit() && !now && messages.length > 0) {
    slot.immediate = setImmediate(flushOutbox, slot);
    return;
  }
  if (messages.length === 0) return;
  slot.outbox = [];
  slot.outboxOutputs.clear();
  slot.lastFlushAt = performance.now();
  slot.worker.postMessage(messages.length === 1 ? messages[0] : ({ t: 'batch', messages } satisfies ToBus));
}

/** The table slot of one output, allocated on first use; −1: this output takes the message path. */
function slotFor(slot: BusSlot, table: OutputTableWriter, device: number, command: OutputCommand): number {
  const key = outputSlotKey(device, command.feature, command.type);
  if (key < 0) return -1;
  let at = slot.slotOf.get(key);
  if (at === undefined) {
    at = table.allocate(device, command.feature, command.type);
    if (at < 0 && !slot.tableFullLogged) {
      slot.tableFullLogged = true;
      log('warn', `bus ${slot.data.bus}: output table full (${table.capacity} slots); further outputs go as messages`);
    }
    slot.slotOf.set(key, at);
    const keys = slot.deviceKeys.get(device);
    if (keys) keys.push(key);
    else slot.deviceKeys.set(device, [key]);
  }
  return at;
}

/** The worker removed a device: its slots (and message-path marks) are free for others. */
function releaseSlots(slot: BusSlot, device: number): void {
  const keys = slot.deviceKeys.get(device);
  if (!keys) return;
  slot.deviceKeys.delete(device);
  for (const key of keys) {
    const at = slot.slotOf.get(key);
    slot.slotOf.delete(key);
    if (at !== undefined && at >= 0) slot.table?.release(at);
  }
}

function commitAtEndOfTurn(slot: BusSlot): void {
  if (slot.commitImmediate === null) slot.commitImmediate = setImmediate(supervisorOnCommitDue, slot);
}

function supervisorOnCommitDue(slot: BusSlot): void {
  slot.commitImmediate = null;
  if (slot.table?.pending) commitTable(slot);
}

function supervisorOnCommitRetry(slot: BusSlot): void {
  slot.commitRetry = null;
  if (slot.table?.pending) commitTable(slot);
}

function commitTable(slot: BusSlot): void {
  // Contention is rare (both critical sections are a few stores per slot); later writes join the
  // staged ones meanwhile, and the retry publishes them together.
  if (!slot.table!.commit() && slot.commitRetry === null) slot.commitRetry = setTimeout(supervisorOnCommitRetry, COMMIT_RETRY_MS, slot);
}

function dropTable(slot: BusSlot): void {
  slot.table = null;
  slot.tableFullLogged = false;
  slot.slotOf.clear();
  slot.deviceKeys.clear();
  if (slot.commitImmediate) clearImmediate(slot.commitImmediate);
  if (slot.commitRetry) clearTimeout(slot.commitRetry);
  slot.commitImmediate = null;
  slot.commitRetry = null;
}
