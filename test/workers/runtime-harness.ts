// A bus under test with the real device runtime and the real device database in this thread:
// the runtime's messages land in a Mailbox, the logs in a list. Buses whose hardware is scripted
// behind an adapter (HID, USB) use it; `stopAll()` in afterEach shuts everything started.

import type { BusName, FromBus } from '../../src/core/channel.js';
import type { Bus, BusContext } from '../../src/workers/bus.js';
import { createCatalog } from '../../src/workers/catalog-config.js';
import { DeviceRuntime } from '../../src/workers/device-runtime.js';
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
  const runtime = new DeviceRuntime({ catalog: createCatalog({ bus, logLevel: 'debug', settings: {}, configOverrides: [], userConfig: null }), post: box.post, log });
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
