// A bus under test with the real device runtime and the real device database in this thread:
// the runtime's messages land in a Mailbox, the logs in a list. Buses whose hardware is scripted
// behind an adapter (HID, USB) use it; `stopAll()` in afterEach shuts everything started.

import { Worker } from 'node:worker_threads';
import type { BusName, BusWorkerData, FromBus } from '../../src/core/channel.js';
import type { Bus, BusContext } from '../../src/workers/bus.js';
import { createCatalog } from '../../src/workers/catalog-config.js';
import { DeviceRuntime } from '../../src/workers/device-runtime.js';
import { busWorkerExecArgv, busWorkerUrl } from '../../src/workers/entry.js';
import { Mailbox } from './mailbox.js';

export type Added = Extract<FromBus, { t: 'deviceAdded' }>;

export interface RuntimeHarness {
  readonly box: Mailbox;
  readonly logs: string[];
  readonly runtime: DeviceRuntime;
  readonly bus: Bus;
}

const started: RuntimeHarness[] = [];

export function withRuntime(bus: BusName, start: (ctx: BusContext) => Bus): RuntimeHarness {
  const box = new Mailbox();
  const logs: string[] = [];
  const log = (level: string, msg: string) => logs.push(`${level} ${msg}`);
  const runtime = new DeviceRuntime({
    catalog: createCatalog({ bus, logLevel: 'debug', settings: {}, configOverrides: [], userConfig: null }),
    post: box.post,
    log,
  });
  const h = { box, logs, runtime, bus: start({ settings: {}, log, attach: (p) => runtime.attach(p) }) };
  started.push(h);
  return h;
}

export async function stopAll(): Promise<void> {
  for (const h of started.splice(0)) {
    await h.runtime.shutdown();
    await h.bus.close();
  }
}

/**
 * Starts `bus` in a real bus worker thread (as the supervisor does) with its real native module,
 * scans once and shuts it down; returns the first message the worker posted (`ready` where the
 * module loads) and the bus's "the system lists N devices" line.
 */
export async function realBusWorkerListing(bus: BusName): Promise<{ first: FromBus; listed: string }> {
  const data: BusWorkerData = { bus, logLevel: 'debug', settings: {}, configOverrides: [], userConfig: null };
  const worker = new Worker(busWorkerUrl(), { execArgv: busWorkerExecArgv(), workerData: data });
  const box = new Mailbox();
  worker.on('message', box.post);
  try {
    const first = await Promise.race([
      box.next('ready', undefined, 15_000),
      box.next('unavailable', undefined, 15_000),
    ]);
    if (first.t !== 'ready') return { first, listed: '' };
    worker.postMessage({ t: 'startScanning' });
    const listed = await box.next('log', (m) => /the system lists \d+ devices/.test(m.msg), 10_000);
    worker.postMessage({ t: 'stopScanning' });
    await box.next('scanningFinished');
    worker.postMessage({ t: 'shutdown' });
    await box.next('shutdownDone', undefined, 10_000);
    return { first, listed: listed.msg };
  } finally {
    await worker.terminate();
  }
}
