// The bus-worker side of the channel race (bench/channel.ts); started through
// channel-worker-tsx.mjs. workerData: ChannelWorkerData. Whatever the channel, each output ends in
// a per-device map of the newest command per outputKey — what a device's Coalescer receives
// (push() keeps exactly that map) — and a stop replaces the entry with its zero, as Coalescer.stop
// does. Everything else here is instrumentation: latency, the order values were applied in, and
// the final value per slot.

import { parentPort, workerData } from 'node:worker_threads';
import {
  OutputTableReader,
  outputKey,
  type OutputCommand,
  type OutputSink,
  type ToBus,
} from '../src/core/index.js';
import { OUTPUT_BATCH_MS } from '../src/main/output-channel.js';
import {
  STOP_MARK,
  type ChannelWorkerData,
  type FromChannelWorker,
  type SlotOutput,
  type ToChannelWorker,
  type WorkerReport,
} from './channel-protocol.js';
import { currentThreadId } from './thread-cpu.js';

if (parentPort === null) throw new Error('channel-worker.ts must run in a worker thread');
const port = parentPort;
const data = workerData as ChannelWorkerData;

/** Channel B only: the session's table, read by the shipped reader (core/output-table.ts). */
let reader: OutputTableReader | null = null;
/** Sessions so far: a drain chain waiting on an earlier session's table stops when it wakes. */
let sessionNumber = 0;

/** The main thread's performance.now(), read on this thread. */
const clockOffset = performance.timeOrigin - data.mainTimeOrigin;

function post(msg: FromChannelWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

// ------------------------------------------------------------------ what the coalescer receives

const latest = new Map<number, Map<string, OutputCommand>>();

function deviceMap(device: number): Map<string, OutputCommand> {
  let m = latest.get(device);
  if (!m) latest.set(device, (m = new Map()));
  return m;
}

// ------------------------------------------------------------------ session and instrumentation

let outputs: readonly SlotOutput[] = [];
/** device:feature:type → slot; only stops on channel A look it up (they carry no command number). */
let slotByKey = new Map<string, number>();
let sentAt: Float64Array = new Float64Array(0);
let slotOf: Int32Array = new Int32Array(0);
let latencyMs = new Float64Array(0);
let applied = new Int32Array(0);
let appliedLength = 0;
let delivered = 0;
let stopsApplied = 0;
let wakeups = 0;

function applyOutput(device: number, command: OutputCommand, slot: number): void {
  deviceMap(device).set(outputKey(command.feature, command.type), command);
  latencyMs[delivered++] = performance.now() + clockOffset - sentAt[command.value]!;
  applied[appliedLength++] = slot;
  applied[appliedLength++] = command.value;
}

function applyStop(device: number, command: OutputCommand, slot: number): void {
  deviceMap(device).set(outputKey(command.feature, command.type), command);
  stopsApplied++;
  applied[appliedLength++] = slot;
  applied[appliedLength++] = STOP_MARK;
}

function startSession(msg: Extract<ToChannelWorker, { t: 'session' }>): void {
  const s = msg.session;
  outputs = s.outputs;
  slotByKey = new Map(outputs.map((o, slot) => [`${o.device}:${o.feature}:${o.type}`, slot]));
  sentAt = new Float64Array(s.sentAt);
  slotOf = new Int32Array(s.slotOf);
  latencyMs = new Float64Array(s.commands);
  applied = new Int32Array(2 * s.commands);
  appliedLength = 0;
  delivered = 0;
  stopsApplied = 0;
  wakeups = 0;
  latest.clear();
  sessionNumber++;
  reader = s.table === null ? null : new OutputTableReader(s.table);
  if (reader !== null) waitForTable(sessionNumber);
  post({ t: 'sessionReady' });
}

function sendReport(): void {
  if (reader) drainTable();
  const finals = new Int32Array(outputs.length).fill(-1);
  outputs.forEach((o, slot) => {
    const c = latest.get(o.device)?.get(outputKey(o.feature, o.type));
    if (c) finals[slot] = c.value;
  });
  const report: WorkerReport = {
    delivered,
    stopsApplied,
    wakeups,
    latencyMs: latencyMs.slice(0, delivered),
    applied: applied.slice(0, appliedLength),
    finals,
  };
  post({ t: 'report', report }, [
    report.latencyMs.buffer as ArrayBuffer,
    report.applied.buffer as ArrayBuffer,
    finals.buffer,
  ]);
}

// ------------------------------------------------------------------ channel A: postMessage batches

function applyBusMessage(msg: ToBus): void {
  if (msg.t === 'output') applyOutput(msg.device, msg.command, slotOf[msg.command.value]!);
  else if (msg.t === 'stop')
    for (const c of msg.commands)
      applyStop(msg.device, c, slotByKey.get(`${msg.device}:${c.feature}:${c.type}`)!);
}

port.on('message', (msg: ToChannelWorker) => {
  switch (msg.t) {
    case 'batch':
      wakeups++;
      for (const m of msg.messages) applyBusMessage(m);
      return;
    case 'output':
    case 'stop':
      wakeups++;
      applyBusMessage(msg);
      return;
    case 'session':
      startSession(msg);
      return;
    case 'report':
      sendReport();
      return;
    default:
      throw new Error(`channel worker: unexpected message ${msg.t}`);
  }
});

// ------------------------------------------------------------------ channel B: the latest-value table

/** Where the reader delivers: the slot is found from the command's number (instrumentation). */
const tableSink: OutputSink = {
  stop(device, commands) {
    for (const c of commands) applyStop(device, c, slotByKey.get(`${device}:${c.feature}:${c.type}`)!);
  },
  output(device, command) {
    applyOutput(device, command, slotOf[command.value]!);
  },
};

function drainTable(): void {
  if (reader !== null && reader.drain(tableSink) > 0) wakeups++;
}

// One chain per session, as the bus worker drains (bus-worker.ts): wait for a commit → drain →
// hold OUTPUT_BATCH_MS (the budget the message path has on the main thread) → wait again. During a
// stream that is one timer wake-up per hold and no notify at all: SIGNAL stays 1 from the first
// commit after a drain, so the main thread's later commits skip Atomics.notify.
function waitForTable(session: number): void {
  if (session !== sessionNumber || reader === null) return;
  const committed = reader.whenCommitted();
  if (committed) void committed.then(() => tableOnDrainDue(session));
  else tableOnDrainDue(session);
}

function tableOnDrainDue(session: number): void {
  if (session !== sessionNumber) return;
  drainTable();
  setTimeout(waitForTable, OUTPUT_BATCH_MS, session);
}

post({ t: 'ready', tid: currentThreadId() });
