// Entry of a bus worker thread (start it through entry.ts). workerData: BusWorkerData. Receives
// ToBus on parentPort, posts FromBus. One worker per bus; its devices live and die with it.
//
// Failure policy: a fault inside one device (protocol bug, hardware error, stray rejection) is
// logged and the worker carries on, because the other devices on the bus are fine. A fault in
// the worker itself (cannot start, an uncaught exception) is fatal: the bus drops its native
// handles and the thread exits with code 1, so the main thread's supervisor sees `exit` and
// restarts it. A bus that cannot run here posts `unavailable` and idles until the main thread
// terminates it (exiting would look like a crash to restart).
//
// Native handles: a worker that ends while a uWS socket is open aborts the WHOLE process on
// Node 20 ("uv_loop_close() while having open handles"), whether it ends by an uncaught
// exception or by Worker.terminate(). Hence Bus.abort() before every fatal exit here, and the
// rule for the main thread: terminate a bus worker only after `shutdownDone` (or `unavailable`),
// never while it is serving.
//
// Outputs and stops arrive through the output table (core/output-table.ts) when the main thread
// gives one. Once running, one chain drains it for the life of the worker, and the devices'
// coalescers drain it too, through the gap clock:
//   - while no device is inside a gap: wait for a commit (Atomics.waitAsync, so the event loop
//     stays free for device I/O) → drain. After a quiet spell the first commit is drained at once.
//   - while some device is inside its gap (it wrote, or received a value, less than a gap ago): a
//     value committed now could not be written before that gap ends anyway, so the chain waits
//     only for an urgent commit (a stop, a device's first output after an idle gap: the main thread
//     marks both) and each coalescer drains the table when its gap ends, just before it flushes.
//     A device streaming at any rate so wakes the worker once per gap, not once per commit.
//   - devices with no gap (0 ms) keep the old rhythm: after a drain, hold OUTPUT_HOLD_MS.
// Each drain delivers whole commits in one turn, so a frame's commands meet in the device's
// coalescer and go out as one packet. Every message from the main thread is preceded by a drain,
// so it follows the outputs committed before it.

import { parentPort, workerData } from 'node:worker_threads';
import type { BusWorkerData, FromBus, ToBus } from '../core/channel.js';
import { failure } from '../core/errors.js';
import { DRAIN_DEFERRED, OutputTableReader, type OutputSink } from '../core/output-table.js';
import type { Bus } from './bus.js';
import { BUSES } from './buses.js';
import { createCatalog } from './catalog-config.js';
import type { GapClock } from './coalescer.js';
import { DeviceRuntime } from './device-runtime.js';
import { workerLogger } from './worker-log.js';

if (parentPort === null) throw new Error('bus-worker.ts must run in a worker thread (see entry.ts)');
const port = parentPort;
const data = workerData as BusWorkerData;

function post(msg: FromBus): void {
  port.postMessage(msg);
}

const log = workerLogger(data.logLevel, post, `${data.bus} bus: `);

const STARTING = 0;
const RUNNING = 1;
const UNAVAILABLE = 2;
const SHUT_DOWN = 3;
const FATAL = 4;

let state = STARTING;
let bus: Bus | null = null;
let runtime: DeviceRuntime | null = null;
/** Messages that arrive while the bus starts are handled, in order, once it runs. */
const early: ToBus[] = [];
let shutdown: Promise<void> | null = null;
const table = data.outputTable ? new OutputTableReader(data.outputTable) : null;

/**
 * How long a drain's successor waits for more commits when no device is inside a gap (only
 * devices without one were written): what the main thread's outbox held outputs for before
 * (bench/channel.ts races the two). Stops do not wait.
 */
const OUTPUT_HOLD_MS = 4;

/** Devices whose coalescer has a flush or a gap end ahead (GapClock.opened/closed). */
let openGaps = 0;
/** The chain waits for urgent commits only (table.whenUrgent). */
let waitingForUrgent = false;

const gapClock: GapClock = {
  opened() {
    openGaps++;
  },
  closed() {
    openGaps--;
    // The last gap closed: commits are no longer fetched by gap ends, so the chain must wait for
    // them again. Its pending urgent-only wait is settled so it can.
    if (openGaps === 0 && waitingForUrgent) table?.interruptWait();
  },
  gapEnded() {
    // Mid-commit on the main thread (microseconds): fetch it right after, in this same turn's end.
    if (drainTable() === DRAIN_DEFERRED) setImmediate(drainTable);
  },
};

/**
 * Write counts go to main at most this often (for /metrics): a message per write would cost the
 * main thread a wake-up per device write.
 */
const WRITE_REPORT_MS = 1000;

process.on('unhandledRejection', (reason) => {
  log('error', `unhandled rejection (ignored so other devices keep running): ${describe(reason)}`);
});
process.on('uncaughtException', fatal);

/** Exiting at once from inside a native callback is unsafe; this short delay is measured safe. */
const FATAL_EXIT_DELAY_MS = 20;

function fatal(err: unknown): void {
  if (state === FATAL) return;
  state = FATAL;
  log('error', `fatal: ${describe(err)}`);
  try {
    bus?.abort();
  } catch (abortErr) {
    log('error', `releasing the bus failed: ${describe(abortErr)}`);
  }
  setTimeout(() => process.exit(1), FATAL_EXIT_DELAY_MS);
}

port.on('message', portOnMessageEvent);

function portOnMessageEvent(msg: ToBus): void {
  // Outputs committed before this message was posted are applied before it. (If the main thread
  // is committing again this instant, nothing is read now; the chain applies it right after.
  // Only reads and scanning can then pass those outputs: every output has one channel.)
  drainTable();
  dispatch(msg);
}

/** Table deliveries. A fault in one device must not lose the rest of the drain. */
const tableSink: OutputSink = {
  stop(device, commands) {
    try {
      runtime?.stop(device, commands);
    } catch (err) {
      log('error', `stop of device ${device} failed: ${describe(err)}`);
    }
  },
  output(device, command, arrived) {
    try {
      runtime?.output(device, command, arrived);
    } catch (err) {
      log('error', `output to device ${device} failed: ${describe(err)}`);
    }
  },
};

function drainTable(): number {
  return table !== null && state === RUNNING ? table.drain(tableSink) : 0;
}

function tableWait(): void {
  if (state !== RUNNING) return;
  if (openGaps > 0) {
    const urgent = table!.whenUrgent();
    waitingForUrgent = urgent !== null;
    if (urgent) void urgent.then(tableOnUrgent);
    else tableOnCommitted();
    return;
  }
  const committed = table!.whenCommitted();
  if (committed) void committed.then(tableOnCommitted);
  else tableOnCommitted();
}

function tableOnUrgent(): void {
  waitingForUrgent = false;
  tableOnCommitted();
}

function tableOnCommitted(): void {
  if (state !== RUNNING) return;
  const n = drainTable();
  // Deferred: the main thread is mid-commit and raises the signal when done; yield meanwhile.
  if (n === DRAIN_DEFERRED) setImmediate(tableWait);
  else if (n === 0 || openGaps > 0) tableWait();
  else {
    const hold = table!.hold(OUTPUT_HOLD_MS);
    if (hold) void hold.then(tableWait);
    else tableWait();
  }
}

function dispatch(msg: ToBus): void {
  try {
    portOnMessage(msg);
  } catch (err) {
    log('error', `handling ${msg.t} failed: ${describe(err)}`);
  }
}

function portOnMessage(msg: ToBus): void {
  if (msg.t === 'batch') {
    for (const m of msg.messages) dispatch(m);
    return;
  }
  if (state === STARTING) {
    early.push(msg);
    return;
  }
  if (state === FATAL) return;
  if (state !== RUNNING || bus === null || runtime === null) {
    if (msg.t === 'shutdown') post({ t: 'shutdownDone' });
    else if (msg.t === 'input')
      post({ t: 'inputResult', req: msg.req, error: failure('THRUM_ERR_DEVICE_GONE', msg.device) });
    return;
  }
  switch (msg.t) {
    case 'startScanning':
      bus.startScanning();
      return;
    case 'stopScanning':
      bus.stopScanning().then(
        () => post({ t: 'scanningFinished' }),
        (err: unknown) => {
          log('warn', `stopping the scan failed: ${describe(err)}`);
          post({ t: 'scanningFinished' });
        },
      );
      return;
    case 'output':
      runtime.output(msg.device, msg.command);
      return;
    case 'stop':
      runtime.stop(msg.device, msg.commands);
      return;
    case 'input':
      runtime.input(msg.device, msg.req, msg.command);
      return;
    case 'deviceIndexed':
      runtime.indexed(msg.device, msg.index);
      return;
    case 'shutdown':
      shutdown ??= shutDown(bus, runtime);
      return;
    case 'crash':
      // Thrown from a fresh task so it is uncaught, as a real fault would be.
      setImmediate(() => {
        throw new Error('crash requested by the main thread');
      });
      return;
    default:
      log('warn', `unknown message from main: ${describe((msg as { t?: unknown }).t)}`);
  }
}

async function shutDown(b: Bus, r: DeviceRuntime): Promise<void> {
  try {
    await r.shutdown();
  } catch (err) {
    log('error', `stopping devices failed: ${describe(err)}`);
  }
  try {
    await b.close();
  } catch (err) {
    log('warn', `closing the bus failed: ${describe(err)}`);
  }
  state = SHUT_DOWN;
  post({ t: 'shutdownDone' });
}

async function start(): Promise<void> {
  const load = BUSES[data.bus];
  if (load === undefined) return unavailable(`this build has no '${data.bus}' bus`);
  let startBus;
  try {
    startBus = await load();
  } catch (err) {
    return unavailable(`cannot load the ${data.bus} bus: ${describe(err)}`);
  }
  const rt = new DeviceRuntime({
    catalog: createCatalog(data),
    post,
    log,
    ...(table !== null && { gapClock }),
  });
  const started = await startBus({ settings: data.settings, log, attach: (p) => rt.attach(p) });
  if ('unavailable' in started) return unavailable(started.unavailable);
  bus = started;
  if (state === FATAL) {
    started.abort(); // a fatal error raced the start; fatal() exits shortly
    return;
  }
  runtime = rt;
  state = RUNNING;
  setInterval(reportWrites, WRITE_REPORT_MS).unref();
  if (table !== null) tableWait();
  post(started.listening === undefined ? { t: 'ready' } : { t: 'ready', listening: started.listening });
  for (const msg of early.splice(0)) dispatch(msg);
}

function reportWrites(): void {
  if (runtime === null || state !== RUNNING) return;
  const count = runtime.takeWrites();
  const coalesced = runtime.takeCoalesced();
  const latency = runtime.writeLatency;
  if (count === 0 && coalesced === 0 && latency.count === 0) return;
  // Once a second at most: the copy of the histogram is this report's only allocation.
  post({
    t: 'writes',
    count,
    coalesced,
    latency: { counts: Array.from(latency.counts), sum: latency.sum, count: latency.count },
  });
  latency.clear();
}

function unavailable(reason: string): void {
  state = UNAVAILABLE;
  post({ t: 'unavailable', reason });
  for (const msg of early.splice(0)) dispatch(msg);
}

function describe(x: unknown): string {
  return x instanceof Error ? (x.stack ?? x.message) : String(x);
}

start().catch(fatal);
