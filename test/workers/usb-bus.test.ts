// The USB bus: its comm manager and hardware with the real device runtime and database, through a
// scripted fake behind the adapter seam (usb-adapter.ts): the exact control transfer a Rez
// TranceVibrator gets, unplugging (listing and LIBUSB_ERROR_NO_DEVICE), other devices left
// alone. Then the real `usb` package (libusb), loaded and listing devices inside a bus worker.

import { afterEach, expect, it } from 'vitest';
import {
  UsbDeviceGoneError,
  type UsbAdapter,
  type UsbConnection,
  type UsbDeviceInfo,
} from '../../src/workers/usb/usb-adapter.js';
import { startUsbBusWith } from '../../src/workers/usb/usb-comm-manager.js';
import { realBusWorkerListing, stopAll, withRuntime } from './runtime-harness.js';

interface Transfer {
  readonly requestType: number;
  readonly request: number;
  readonly value: number;
  readonly index: number;
}

/** A scripted libusb: plugged devices and every control transfer sent to each (by key). */
class FakeUsb implements UsbAdapter {
  readonly devices = new Map<string, UsbDeviceInfo>();
  readonly transfers = new Map<string, Transfer[]>();
  readonly opened: string[] = [];
  readonly closed: string[] = [];
  /** Unplugged, but the next listing has not been read yet (transfers fail as libusb's do). */
  readonly dead = new Set<string>();
  #waiters: Array<() => void> = [];

  plug(info: UsbDeviceInfo): void {
    this.devices.set(info.key, info);
  }

  async list(): Promise<readonly UsbDeviceInfo[]> {
    return [...this.devices.values()].filter((d) => !this.dead.has(d.key));
  }

  async open(key: string): Promise<UsbConnection> {
    if (!this.devices.has(key)) throw new UsbDeviceGoneError('LIBUSB_ERROR_NO_DEVICE');
    this.opened.push(key);
    const log: Transfer[] = [];
    this.transfers.set(key, log);
    return {
      controlOut: async (requestType, request, value, index) => {
        if (this.dead.has(key)) throw new UsbDeviceGoneError('LIBUSB_ERROR_NO_DEVICE');
        log.push({ requestType, request, value, index });
        for (const w of this.#waiters.splice(0)) w();
      },
      close: async () => {
        this.closed.push(key);
      },
    };
  }

  async nextTransfer(key: string, count: number, timeoutMs = 3000): Promise<Transfer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const log = this.transfers.get(key) ?? [];
      if (log.length >= count) return log[count - 1]!;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no transfer #${count} to ${key} within ${timeoutMs} ms; got ${JSON.stringify(log)}`);
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

// The database's Rez TranceVibrator: 0x0b49:0x064f.
const REZ: UsbDeviceInfo = { key: '1-7', vendorId: 0x0b49, productId: 0x064f };
const HUB: UsbDeviceInfo = { key: '1-1', vendorId: 0x1d6b, productId: 0x0002 };

afterEach(stopAll);

function start(usb: FakeUsb, watchIntervalMs = 20) {
  return withRuntime('usb', (ctx) =>
    startUsbBusWith(ctx, usb, {
      wanted: [{ vendorId: 0x0b49, productId: 0x064f }],
      scanIntervalMs: 20,
      watchIntervalMs,
    }),
  );
}

it('a Rez TranceVibrator: a vibrate command is the exact vendor control transfer; unplugging removes it', async () => {
  const usb = new FakeUsb();
  usb.plug(HUB);
  usb.plug(REZ);
  const h = start(usb);
  h.bus.startScanning();
  const added = await h.box.next('deviceAdded');
  expect(added).toMatchObject({
    address: 'usb:1-7',
    protocol: 'rez-trancevibrator',
    descriptor: { name: 'Rez TranceVibrator' },
  });
  expect(usb.opened).toEqual(['1-7']); // the hub is never opened
  await h.bus.stopScanning();

  h.runtime.output(added.device, { feature: 0, type: 'Vibrate', value: 200 });
  // Host-to-device | vendor | interface, bRequest 1, wValue the speed, wIndex 0.
  expect(await usb.nextTransfer('1-7', 1)).toEqual({ requestType: 0x41, request: 1, value: 200, index: 0 });
  h.runtime.output(added.device, { feature: 0, type: 'Vibrate', value: 0 });
  expect(await usb.nextTransfer('1-7', 2)).toEqual({ requestType: 0x41, request: 1, value: 0, index: 0 });

  usb.devices.delete('1-7');
  expect(await h.box.next('deviceRemoved')).toEqual({ t: 'deviceRemoved', device: added.device });
  expect(usb.closed).toEqual(['1-7']);
});

it('a transfer failing with LIBUSB_ERROR_NO_DEVICE removes the device before the next listing', async () => {
  const usb = new FakeUsb();
  usb.plug(REZ);
  const h = start(usb, 60_000); // no listing would notice in this test's lifetime
  h.bus.startScanning();
  const added = await h.box.next('deviceAdded');
  await h.bus.stopScanning();
  usb.dead.add('1-7');
  h.runtime.output(added.device, { feature: 0, type: 'Vibrate', value: 90 });
  expect(await h.box.next('deviceRemoved')).toEqual({ t: 'deviceRemoved', device: added.device });
});

it('the real usb package loads and lists devices inside a bus worker thread', async () => {
  const { first, listed } = await realBusWorkerListing('usb');
  expect(first).toEqual({ t: 'ready' });
  expect(listed).toMatch(
    /^usb bus: usb: the system lists \d+ devices, \d+ of them known to the device database$/,
  );
});
