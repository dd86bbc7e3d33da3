// Bus worker lifecycle: starts one worker thread per enabled bus, waits for it to be ready (or to
// say why it cannot run), relays its messages to the hub, restarts it with backoff when it dies
// (the dead bus's devices are reported removed first: piscina's _addNewWorker pattern, fail what
// was in flight, start a replacement, log once), and ends it on shutdown. How outputs and other
// messages reach a running worker is output-channel.ts's job: each worker gets a channel (and an
// output table) of its own, dropped with it.

import { Worker } from 'node:worker_threads';
import {
  createOutputTable,
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
import { writeLatency } from './counters.js';
import { OutputChannel } from './output-channel.js';

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
  /** How outputs and messages reach this worker; null while no worker runs. */
  channel: OutputChannel | null;
  /** What the bus listens on, from its ready message. */
  listening: string | undefined;
  restartTimer: NodeJS.Timeout | null;
  onReady: ((outcome: 'ready' | 'unavailable') => void) | null;
  onShutdownDone: (() => void) | null;
}

const RESTART_DELAY_MS = [100, 500, 2000, 5000];
/** How long a bus may take to bind its listeners before start-up carries on without it. */
const READY_TIMEOUT_MS = 10_000;
const SHUTDOWN_TIMEOUT_MS = 2_000;

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
  /** Starts a bus worker thread (tests start a stand-in); default: the real bus worker (entry.ts). */
  readonly startWorker?: (data: BusWorkerData) => Worker;
}

function startBusWorker(data: BusWorkerData): Worker {
  return new Worker(busWorkerUrl(), {
    execArgv: busWorkerExecArgv(),
    workerData: data,
    name: `thrum-bus-${data.bus}`,
  });
}

export class BusSupervisor implements BusPort {
  private readonly slots = new Map<BusName, BusSlot>();
  /** The values of `slots`, for commit() on every frame without an iterator. */
  private readonly slotList: BusSlot[] = [];
  private readonly useTable: boolean;
  private readonly startWorker: (data: BusWorkerData) => Worker;
  private events: BusEvents | null = null;
  private stopping = false;

  constructor(buses: readonly BusWorkerData[], options: SupervisorOptions = {}) {
    this.useTable = options.outputTable ?? true;
    this.startWorker = options.startWorker ?? startBusWorker;
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
        channel: null,
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
    if (slot?.up) slot.channel?.post(msg);
  }

  output(bus: BusName, device: number, command: OutputCommand): void {
    const slot = this.slots.get(bus);
    if (slot?.up) slot.channel?.output(device, command);
  }

  stop(bus: BusName, device: number, commands: readonly OutputCommand[]): void {
    const slot = this.slots.get(bus);
    if (slot?.up) slot.channel?.stop(device, commands);
  }

  /**
   * Publish every output and stop posted since the last commit, at once: the end of one client
   * frame (DeviceHub.frameDone). Writes outside a frame are committed at the end of the turn.
   */
  commit(): void {
    const list = this.slotList;
    for (let i = 0; i < list.length; i++) list[i]!.channel?.commit();
  }

  /** Only the table path is expedited; the message path (a full or switched-off table) batches per bus. */
  expedite(bus: BusName): void {
    this.slots.get(bus)?.channel?.expedite();
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
    return this.slotList.map((slot) => ({
      bus: slot.data.bus,
      writes: slot.writes,
      coalesced: slot.coalesced,
      restarts: slot.crashes,
    }));
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
    slot.channel?.flushNow();
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
          slot.channel?.flushNow();
          worker.postMessage({ t: 'shutdown' } satisfies ToBus);
        });
        if (confirmed) await worker.terminate();
        else log('warn', `bus ${slot.data.bus} did not confirm shutdown within ${SHUTDOWN_TIMEOUT_MS} ms`);
      }),
    );
  }

  private spawn(slot: BusSlot): void {
    // A new worker, a new table and channel: nothing of the dead one's slots carries over.
    slot.channel?.close();
    const table = this.useTable ? createOutputTable() : null;
    const worker = this.startWorker(table === null ? slot.data : { ...slot.data, outputTable: table });
    slot.worker = worker;
    slot.channel = new OutputChannel(
      slot.data.bus,
      worker,
      table === null ? null : new OutputTableWriter(table),
    );
    worker.on('message', (msg: FromBus) => this.onWorkerMessage(slot, msg));
    worker.on('error', (err) =>
      log('error', `bus ${slot.data.bus} worker error: ${err.stack ?? String(err)}`),
    );
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
        slot.channel?.deviceRemoved(msg.device);
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
    slot.channel?.close();
    slot.channel = null;
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
    log(
      'error',
      `bus ${slot.data.bus} worker exited (code ${code}); its devices were removed; restarting in ${delay} ms`,
    );
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = null;
      if (!this.stopping) this.spawn(slot);
    }, delay);
  }
}
