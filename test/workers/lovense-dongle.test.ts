// The Lovense dongle bus in this thread: its framing, its write pacing, and the HID variant end
// to end through the device runtime and the real Lovense protocol, over a scripted node-hid
// (fake-hid-dongle.ts) with a simulated dongle behind it; plus the real node-hid module loading
// and enumerating inside a real bus worker thread. The serial variant end to end, over socat,
// through the compiled server: test/integration/lovense-dongle-serial.test.ts.

import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusWorkerData } from '../../src/core/channel.js';
import type { Bus, BusContext } from '../../src/workers/bus.js';
import { createCatalog } from '../../src/workers/catalog-config.js';
import { DeviceRuntime } from '../../src/workers/device-runtime.js';
import { busWorkerExecArgv, busWorkerUrl } from '../../src/workers/entry.js';
import {
  encodeRequest,
  encodeToyCommand,
  LineSplitter,
  parseReport,
  SEARCH,
} from '../../src/workers/lovense-dongle/dongle-messages.js';
import {
  hidReports,
  hidReportText,
  startHidDongleBusWith,
} from '../../src/workers/lovense-dongle/hid-dongle.js';
import { DONGLE_WRITE_GAP_MS, PacedWriter } from '../../src/workers/lovense-dongle/paced-writer.js';
import { usbTtyFromSysfs } from '../../src/workers/lovense-dongle/serial-dongle.js';
import { type SimToy } from '../helpers/sim-lovense-dongle.js';
import { FakeHidDongle } from './fake-hid-dongle.js';
import { Mailbox } from './mailbox.js';

const HUSH: SimToy = { id: 'c44f33a1b2c3', deviceType: 'Z:11:0082059AD3BD;' };
const LUSH: SimToy = { id: 'c44f33d4e5f6', deviceType: 'S:11:0082059AD3BE;' };

describe('dongle framing', () => {
  it('a Lovense command is tunnelled as the dongle command frame, one line', () => {
    expect(encodeToyCommand(HUSH.id, 'Vibrate:10;')).toBe(
      `{"type":"toy","func":"command","id":"${HUSH.id}","cmd":"Vibrate:10;"}\r\n`,
    );
    expect(encodeRequest(SEARCH)).toBe('{"type":"toy","func":"search"}\r\n');
  });

  it('lines are split wherever the chunks end; what is not a JSON object is not a report', () => {
    const s = new LineSplitter();
    expect(s.push('{"type":"toy","func":"sea')).toEqual([]);
    expect(s.push('rch","result":205}\n{"func"')).toEqual(['{"type":"toy","func":"search","result":205}']);
    expect(s.push(':"status"}\r\n')).toEqual(['{"func":"status"}\r']);
    expect(parseReport('{"func":"status"}\r')).toEqual({ func: 'status' });
    expect(parseReport('[1]')).toBeUndefined();
    expect(parseReport('garbage')).toBeUndefined();
  });

  it('HID: a line longer than one report is cut into 65-byte reports, zero report id and zero last byte', () => {
    const line = encodeToyCommand(HUSH.id, 'Vibrate1:20;Vibrate2:20;Vibrate3:20;');
    const reports = hidReports(line);
    expect(line.length).toBeGreaterThan(63);
    expect(reports).toHaveLength(Math.ceil(line.length / 63));
    for (const r of reports) {
      expect(r.length).toBe(65);
      expect(r[0]).toBe(0);
      expect(r[64]).toBe(0);
    }
    expect(reports.map((r) => hidReportText(r.subarray(1))).join('')).toBe(line);
  });

  it('no USB serial dongle in a sysfs without one', async () => {
    expect(await usbTtyFromSysfs('1a86', '7523', '/nonexistent')).toBeNull();
  });
});

describe('PacedWriter', () => {
  it('a second write inside the gap is delayed to the end of the gap, not dropped; order is kept', async () => {
    const at: Array<{ text: string; t: number }> = [];
    const w = new PacedWriter(async (text) => void at.push({ text, t: performance.now() }));
    await Promise.all([w.send('a'), w.send('b'), w.send('c')]);
    expect(at.map((x) => x.text)).toEqual(['a', 'b', 'c']);
    // Timers never fire early; a millisecond of rounding is all the slack needed.
    expect(at[1]!.t - at[0]!.t).toBeGreaterThanOrEqual(DONGLE_WRITE_GAP_MS - 1);
    expect(at[2]!.t - at[1]!.t).toBeGreaterThanOrEqual(DONGLE_WRITE_GAP_MS - 1);
  });

  it('closing fails what waits', async () => {
    const w = new PacedWriter(async () => {});
    const first = w.send('a');
    const second = w.send('b');
    w.close();
    await first;
    await expect(second).rejects.toThrow(/disconnected/);
  });
});

describe('the HID dongle through the device runtime (scripted node-hid)', () => {
  let bus: Bus | null = null;
  let runtime: DeviceRuntime | null = null;

  afterEach(async () => {
    await runtime?.shutdown();
    await bus?.close();
    bus = null;
    runtime = null;
  });

  function start(fake: FakeHidDongle): { box: Mailbox; logs: string[] } {
    const box = new Mailbox();
    const logs: string[] = [];
    const data: BusWorkerData = {
      bus: 'lovense-dongle-hid',
      logLevel: 'debug',
      settings: {},
      configOverrides: [],
      userConfig: null,
    };
    const log = (level: string, msg: string): void => void logs.push(`${level} ${msg}`);
    const rt = new DeviceRuntime({ catalog: createCatalog(data), post: box.post, log });
    runtime = rt;
    const ctx: BusContext = { settings: {}, log, attach: (p) => rt.attach(p) };
    bus = startHidDongleBusWith(ctx, fake, 20);
    return { box, logs };
  }

  it('finds the dongle, connects two toys, tunnels exact commands, removes them when unplugged, finds it again', async () => {
    const fake = new FakeHidDongle();
    const { box, logs } = start(fake);
    // Nothing plugged in: the bus keeps looking, and says so once.
    await expect.poll(() => fake.lists, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    expect(logs.filter((l) => l.includes('no Lovense dongle found'))).toHaveLength(1);

    const sim = fake.plug();
    sim.addToy(HUSH, true);
    sim.addToy(LUSH);
    bus!.startScanning();
    const added = [
      await box.next('deviceAdded', undefined, 10_000),
      await box.next('deviceAdded', undefined, 10_000),
    ];
    const byName = new Map(added.map((a) => [a.descriptor.name, a]));
    expect([...byName.keys()].sort()).toEqual(['Lovense Hush', 'Lovense Lush']);
    expect(byName.get('Lovense Hush')!.address).toBe(HUSH.id);
    expect(byName.get('Lovense Hush')!.descriptor.messageTimingGap).toBe(DONGLE_WRITE_GAP_MS);
    await bus!.stopScanning();

    const after = sim.frames.length;
    runtime!.output(byName.get('Lovense Hush')!.device, { feature: 0, type: 'Vibrate', value: 10 });
    runtime!.output(byName.get('Lovense Lush')!.device, { feature: 0, type: 'Vibrate', value: 5 });
    const [h, l] = await Promise.all([
      sim.nextCommand(HUSH.id, 'Vibrate:10;', 5_000, after),
      sim.nextCommand(LUSH.id, 'Vibrate:5;', 5_000, after),
    ]);
    expect(Math.abs(h.at - l.at)).toBeGreaterThanOrEqual(DONGLE_WRITE_GAP_MS - 1);
    expect(sim.droppedSince(after)).toEqual([]);
    expect(fake.badReports).toEqual([]);

    // A toy switched off goes alone; the dongle pulled out takes the other.
    sim.removeToy(LUSH.id);
    expect((await box.next('deviceRemoved')).device).toBe(byName.get('Lovense Lush')!.device);
    fake.unplug();
    expect((await box.next('deviceRemoved')).device).toBe(byName.get('Lovense Hush')!.device);

    const again = fake.plug();
    again.addToy(HUSH, true);
    const back = await box.next('deviceAdded', undefined, 10_000);
    expect(back.address).toBe(HUSH.id);
    runtime!.output(back.device, { feature: 0, type: 'Vibrate', value: 20 });
    await again.nextCommand(HUSH.id, 'Vibrate:20;');

    // Closing the bus while the dongle searches stops its search before letting go of it.
    const before = again.frames.length;
    bus!.startScanning();
    await again.nextFrame((f) => f.text === '{"type":"toy","func":"search"}\r\n', 5_000, before);
    await runtime!.shutdown();
    await bus!.close();
    expect(again.frames.at(-1)!.text).toBe('{"type":"usb","func":"stopSearch"}\r\n');
  }, 30_000);
});

describe('the real node-hid in a bus worker thread', () => {
  it('loads, enumerates (no dongle here), and the bus serves on, saying so in one line', async () => {
    const data: BusWorkerData = {
      bus: 'lovense-dongle-hid',
      logLevel: 'info',
      settings: {},
      configOverrides: [],
      userConfig: null,
    };
    const worker = new Worker(busWorkerUrl(), { execArgv: busWorkerExecArgv(), workerData: data });
    const box = new Mailbox();
    worker.on('message', box.post);
    try {
      const first = await Promise.race([
        box.next('ready', undefined, 15_000),
        box.next('unavailable', undefined, 15_000),
      ]);
      // node-hid's prebuilt binary loaded and hidapi enumerated: the bus runs and looks for a dongle.
      expect(first).toEqual({ t: 'ready' });
      const line = await box.next('log', (m) => m.msg.includes('no Lovense dongle found'), 10_000);
      expect(line.msg).toBe(
        'lovense-dongle-hid bus: no Lovense dongle found (HID 1915:520a); looking again every 1 s',
      );
      worker.postMessage({ t: 'shutdown' });
      await box.next('shutdownDone', undefined, 10_000);
    } finally {
      await worker.terminate();
    }
  }, 30_000);
});
