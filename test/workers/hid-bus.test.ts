// The HID bus: its comm manager and hardware with the real device runtime and database, through a
// scripted fake behind the adapter seam (hid-adapter.ts): the exact output reports a Joy-Con and
// a Vorze Cyclone X dongle get, unplugging, devices the database does not name. Then the real
// node-hid, loaded and listing devices (none, on a machine without any) inside a real bus worker.

import { afterEach, expect, it } from 'vitest';
import { HardwareGoneError, HardwareTimeoutError } from '../../src/workers/bus.js';
import { startHidBusWith } from '../../src/workers/hid/hid-comm-manager.js';
import { HidHardware } from '../../src/workers/hid/hid-hardware.js';
import type { HidAdapter, HidConnection, HidDeviceInfo } from '../../src/workers/hid/hid-adapter.js';
import { realBusWorkerListing, stopAll, withRuntime } from './runtime-harness.js';

/** A scripted HID stack: plugged devices, and every report written to each (by path). */
class FakeHid implements HidAdapter {
  readonly devices = new Map<string, HidDeviceInfo>();
  readonly reports = new Map<string, number[][]>();
  /** Input reports each device will answer reads with, oldest first. */
  readonly inputs = new Map<string, number[][]>();
  readonly opened: string[] = [];
  readonly closed: string[] = [];
  /** Paths whose open fails as node-hid's does without permission on the hidraw node. */
  readonly denied = new Set<string>();
  /** Every open asked for, failed or not. */
  readonly attempts: string[] = [];
  #waiters: Array<() => void> = [];

  plug(info: HidDeviceInfo): void {
    this.devices.set(info.path, info);
  }

  unplug(path: string): void {
    this.devices.delete(path);
  }

  async list(): Promise<readonly HidDeviceInfo[]> {
    return [...this.devices.values()];
  }

  async open(path: string): Promise<HidConnection> {
    this.attempts.push(path);
    if (!this.devices.has(path)) throw new Error('No such device');
    if (this.denied.has(path)) throw new Error(`cannot open path ${path}`);
    this.opened.push(path);
    const reports: number[][] = [];
    this.reports.set(path, reports);
    return {
      write: async (report) => {
        if (!this.devices.has(path)) throw new Error('Cannot write to hid device'); // what node-hid says once it is unplugged
        reports.push([...report]);
        for (const w of this.#waiters.splice(0)) w();
      },
      // No report queued is a read that timed out (node-hid resolves undefined).
      read: async () => {
        if (!this.devices.has(path)) throw new Error('could not read from HID device');
        const next = this.inputs.get(path)?.shift();
        return next === undefined ? undefined : Uint8Array.from(next);
      },
      close: async () => {
        this.closed.push(path);
      },
    };
  }

  /** Resolves with the first report written to `path` that `pred` accepts. */
  async report(path: string, pred: (r: number[]) => boolean, timeoutMs = 3000): Promise<number[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.reports.get(path)?.find(pred);
      if (hit !== undefined) return hit;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no such report to ${path} within ${timeoutMs} ms; got ${JSON.stringify(this.reports.get(path)?.slice(-3))}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

// The device database's HID pairs: Joy-Con (L) 0x057e:0x2006, Vorze Cyclone X10 0x0483:0x5750.
const JOYCON_L: HidDeviceInfo = {
  path: '/dev/hidraw3',
  vendorId: 0x057e,
  productId: 0x2006,
  serialNumber: '98b6e9001122',
  product: 'Joy-Con (L)',
};
const CYCLONE: HidDeviceInfo = {
  path: '/dev/hidraw4',
  vendorId: 0x0483,
  productId: 0x5750,
  product: 'Cyclone X10',
};
const KEYBOARD: HidDeviceInfo = {
  path: '/dev/hidraw0',
  vendorId: 0x046d,
  productId: 0xc31c,
  product: 'USB Keyboard',
};
const FAST = { scanIntervalMs: 20, watchIntervalMs: 20 };

afterEach(stopAll);

function start(hid: FakeHid) {
  return withRuntime('hid', (ctx) =>
    startHidBusWith(ctx, hid, {
      wanted: [
        { vendorId: 0x057e, productId: 0x2006 },
        { vendorId: 0x0483, productId: 0x5750 },
      ],
      ...FAST,
    }),
  );
}

it('a Joy-Con: vibration enabled at connect, then the exact rumble report for a vibrate command; unplugging removes it', async () => {
  const hid = new FakeHid();
  hid.plug(JOYCON_L);
  hid.plug(KEYBOARD);
  const h = start(hid);
  h.bus.startScanning();
  const added = await h.box.next('deviceAdded');
  expect(added).toMatchObject({
    address: '98b6e9001122',
    protocol: 'nintendo-joycon',
    descriptor: { name: 'Nintendo Joycon' },
  });
  expect(hid.opened).toEqual(['/dev/hidraw3']); // the keyboard is never opened
  // Subcommand 0x48 (enable vibration), data 1, in a 64-byte report 0x01.
  const enable = hid.reports.get('/dev/hidraw3')![0]!;
  expect(enable.slice(0, 12)).toEqual([0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x48, 0x01]);
  expect(enable).toHaveLength(64);

  // Vibrate at 500 of 1000: amplitude 0.5 at 200 Hz on both motors, report 0x10, packet 1.
  h.runtime.output(added.device, { feature: 0, type: 'Vibrate', value: 500 });
  const rumble = await hid.report('/dev/hidraw3', (r) => r[2] === 0xa8 && r[3] === 0x88);
  expect(rumble.slice(0, 11)).toEqual([0x10, 0x01, 0xa8, 0x88, 0xac, 0x62, 0xa8, 0x88, 0xac, 0x62, 0x00]);
  expect(rumble.slice(11)).toEqual(new Array(53).fill(0));

  hid.unplug('/dev/hidraw3');
  expect(await h.box.next('deviceRemoved')).toEqual({ t: 'deviceRemoved', device: added.device });
  expect(hid.closed).toContain('/dev/hidraw3');
  await h.bus.stopScanning();
});

it('a Vorze Cyclone X10 dongle without a serial number: addressed by its path, exact rotate report', async () => {
  const hid = new FakeHid();
  hid.plug(CYCLONE);
  const h = start(hid);
  h.bus.startScanning();
  const added = await h.box.next('deviceAdded');
  expect(added).toMatchObject({ address: '/dev/hidraw4', protocol: 'vorze-cyclone-x' });
  h.runtime.output(added.device, { feature: 0, type: 'Rotate', value: -7 });
  // "00 3c 30 31 35 32 pause speed 30 mode 30 01 02 03 68 3e": speed '7', mode '1' (backwards).
  expect(await hid.report('/dev/hidraw4', () => true)).toEqual([
    0x00, 0x3c, 0x30, 0x31, 0x35, 0x32, 0x30, 0x37, 0x30, 0x31, 0x30, 0x01, 0x02, 0x03, 0x68, 0x3e,
  ]);
  await h.bus.stopScanning();

  // Scanning has stopped; the list is still watched while the device is attached.
  hid.unplug('/dev/hidraw4');
  await h.box.next('deviceRemoved');
  expect(h.logs).toContain('info hid: Cyclone X10 (/dev/hidraw4) was unplugged');
});

it('a device that cannot be opened is refused once, not retried every pass, and retried when replugged', async () => {
  const hid = new FakeHid();
  hid.plug(CYCLONE);
  hid.denied.add(CYCLONE.path);
  const h = start(hid);
  h.bus.startScanning();
  await new Promise((r) => setTimeout(r, 200)); // ten scan passes at 20 ms
  expect(hid.attempts).toEqual([CYCLONE.path]);
  expect(h.logs.filter((l) => l.includes('rejected: cannot connect: cannot open /dev/hidraw4'))).toHaveLength(
    1,
  );
  expect(h.logs.find((l) => l.includes('rejected'))).toMatch(/a udev rule must give you access/);

  hid.unplug(CYCLONE.path);
  await new Promise((r) => setTimeout(r, 100));
  hid.denied.clear(); // the user added the udev rule and replugged it
  hid.plug(CYCLONE);
  expect(await h.box.next('deviceAdded')).toMatchObject({
    address: '/dev/hidraw4',
    protocol: 'vorze-cyclone-x',
  });
  await h.bus.stopScanning();
});

it('reads input reports from rx: one report per read, a timeout when none comes, gone when unplugged', async () => {
  const hid = new FakeHid();
  hid.plug(JOYCON_L);
  hid.inputs.set(JOYCON_L.path, [[0x30, 0x01, 0x8e]]);
  let gone = 0;
  const hw = new HidHardware(
    'Joy-Con (L)',
    JOYCON_L.serialNumber!,
    await hid.open(JOYCON_L.path),
    () => gone++,
  );
  expect([...(await hw.read('rx', 0, 50))]).toEqual([0x30, 0x01, 0x8e]);
  await expect(hw.read('rx', 0, 50)).rejects.toBeInstanceOf(HardwareTimeoutError);
  await expect(hw.read('tx', 0, 50)).rejects.toThrow(/not possible on endpoint 'tx'/);
  await expect(hw.subscribe('rx')).rejects.toThrow(/only when asked/);
  hid.unplug(JOYCON_L.path);
  await expect(hw.read('rx', 0, 50)).rejects.toBeInstanceOf(HardwareGoneError);
  expect(gone).toBe(1);
  expect(hid.closed).toEqual([JOYCON_L.path]);
});

it('the real node-hid loads and lists devices inside a bus worker thread', async () => {
  const { first, listed } = await realBusWorkerListing('hid');
  expect(first).toEqual({ t: 'ready' });
  expect(listed).toMatch(
    /^hid bus: hid: the system lists \d+ devices, \d+ of them known to the device database$/,
  );
});
