// The Bluetooth LE bus against a scripted BLE stack (fake-ble-adapter.ts), with the real device
// runtime, the real device database and the real Lovense protocol: advert → identification →
// deviceAdded → exact bytes on the tx characteristic, notifications, disconnects, connect
// retries, dedup of repeated adverts, scanning. noble itself is only exercised by
// test/integration/btle-unavailable.test.ts (no adapter on a test machine).

import { afterEach, describe, expect, it } from 'vitest';
import type { BusWorkerData, FromBus } from '../../src/core/channel.js';
import type { Bus } from '../../src/workers/bus.js';
import { HardwareGoneError, HardwareTimeoutError } from '../../src/workers/bus.js';
import { BtleHardware } from '../../src/workers/btle/btle-hardware.js';
import { createBtleBus } from '../../src/workers/btle/btle-comm-manager.js';
import { nobleFailure } from '../../src/workers/btle/noble-adapter.js';
import { createCatalog } from '../../src/workers/catalog-config.js';
import { DeviceRuntime } from '../../src/workers/device-runtime.js';
import {
  FakeBleAdapter,
  FakeBleConnection,
  GEN1,
  NORDIC_UART,
  hostedFake,
  lovenseToy,
  type FakeToy,
} from './fake-ble-adapter.js';
import { startNobleHost } from '../../src/workers/btle/noble-host-process.js';
import { Mailbox } from './mailbox.js';

const DATA: BusWorkerData = {
  bus: 'btle',
  logLevel: 'debug',
  settings: {},
  configOverrides: [],
  userConfig: null,
};
/** Short bounds so failure paths finish quickly; the defaults are for radios. */
const FAST = {
  connectBackoffMs: 5,
  connectTimeoutMs: 200,
  opTimeoutMs: 300,
  stopScanTimeoutMs: 300,
  poweredOnTimeoutMs: 50,
  rssiPollMs: 0,
};

/** The fake stack in this thread, or behind the noble host link (as noble runs in production). */
type Stack = 'direct' | 'hosted';

interface Harness {
  adapter: FakeBleAdapter;
  /** Hosted stack only: the host process dies. */
  cut(reason: string): void;
  box: Mailbox;
  logs: string[];
  runtime: DeviceRuntime;
  bus: Bus;
}

const open: Harness[] = [];

afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.runtime.shutdown();
    await h.bus.close();
  }
});

async function start(settings: Record<string, number> = {}, stack: Stack = 'direct'): Promise<Harness> {
  const adapter = new FakeBleAdapter();
  const box = new Mailbox();
  const logs: string[] = [];
  const log = (level: string, msg: string) => logs.push(`${level} ${msg}`);
  const runtime = new DeviceRuntime({ catalog: createCatalog(DATA), post: box.post, log });
  const hosted = stack === 'hosted' ? hostedFake(adapter, log) : null;
  const bus = await createBtleBus(hosted?.remote ?? adapter, {
    settings: { ...FAST, ...settings },
    log,
    attach: (p) => runtime.attach(p),
  });
  if ('unavailable' in bus) throw new Error(bus.unavailable);
  const cut = (reason: string) => {
    if (!hosted) throw new Error('only a hosted stack has a host to lose');
    hosted.cut(reason);
  };
  const h = { adapter, cut, box, logs, runtime, bus };
  open.push(h);
  return h;
}

type Added = Extract<FromBus, { t: 'deviceAdded' }>;

function featureOf(added: Added, pick: 'Vibrate' | 'Battery'): number {
  const f = added.descriptor.features.find((x) =>
    pick === 'Battery' ? x.input?.Battery : x.output?.Vibrate,
  );
  if (!f) throw new Error(`no ${pick} feature`);
  return f.index;
}

/** A scanning bus and a Lovense Hush taken from its advert to deviceAdded. */
async function hush(opts: { address?: string; battery?: string; gen1?: boolean; stack?: Stack } = {}) {
  const h = await start({}, opts.stack);
  h.bus.startScanning();
  const toy = lovenseToy(h.adapter, {
    address: opts.address ?? 'aa:bb:cc:00:00:01',
    battery: opts.battery ?? '85;',
    gen1: opts.gen1 ?? false,
  });
  h.adapter.advertise(toy);
  const added = await h.box.next('deviceAdded');
  expect((await toy.nextWrite()).text).toBe('DeviceType;'); // consumed: nextWrite() now sees commands only
  return { h, toy, added };
}

describe.each<Stack>(['direct', 'hosted'])('btle bus: a Lovense Hush end to end (%s stack)', (stack) => {
  it('identifies the toy, announces it, and writes exact bytes to tx', async () => {
    const { h, toy, added } = await hush({ stack });
    expect(added).toMatchObject({
      t: 'deviceAdded',
      address: 'aa:bb:cc:00:00:01',
      protocol: 'lovense',
      descriptor: { name: 'Lovense Hush', messageTimingGap: 75 },
    });
    expect(toy.connection?.subscribed).toEqual(new Set([NORDIC_UART.rx]));
    expect(toy.writes[0]).toEqual({
      char: NORDIC_UART.tx,
      text: 'DeviceType;',
      data: [...Buffer.from('DeviceType;')],
      withResponse: false,
    });

    const vibrate = featureOf(added, 'Vibrate');
    h.runtime.output(added.device, { feature: vibrate, type: 'Vibrate', value: 10 });
    expect(await toy.nextWrite()).toEqual({
      char: NORDIC_UART.tx,
      text: 'Vibrate:10;',
      data: [...Buffer.from('Vibrate:10;')],
      withResponse: false,
    });
    h.runtime.stop(added.device, [{ feature: vibrate, type: 'Vibrate', value: 0 }]);
    expect((await toy.nextWrite()).text).toBe('Vibrate:0;');
  });

  it('reads the battery through a Battery; write answered by an rx notification', async () => {
    const { h, toy, added } = await hush({ battery: '85;', stack });
    h.runtime.input(added.device, 7, {
      feature: featureOf(added, 'Battery'),
      type: 'Battery',
      command: 'Read',
    });
    expect(await h.box.next('inputResult', (m) => m.req === 7)).toEqual({
      t: 'inputResult',
      req: 7,
      values: [85],
    });
    expect(toy.texts()).toEqual(['DeviceType;', 'Battery;']);
  });

  it('falls back to write-with-response on a tx that only takes writes with response (16-bit GATT uuids)', async () => {
    const { h, toy, added } = await hush({ gen1: true, stack });
    expect(toy.writes[0]).toMatchObject({ char: GEN1.tx, text: 'DeviceType;', withResponse: true });
    h.runtime.output(added.device, { feature: featureOf(added, 'Vibrate'), type: 'Vibrate', value: 3 });
    expect(await toy.nextWrite()).toEqual({
      char: GEN1.tx,
      text: 'Vibrate:3;',
      data: [...Buffer.from('Vibrate:3;')],
      withResponse: true,
    });
  });

  it('fails a read in flight when the link drops, and reports the device removed', async () => {
    const { h, toy, added } = await hush({ stack });
    toy.answers.delete('Battery;'); // the toy goes quiet …
    h.runtime.input(added.device, 9, {
      feature: featureOf(added, 'Battery'),
      type: 'Battery',
      command: 'Read',
    });
    expect((await toy.nextWrite()).text).toBe('Battery;');
    toy.dropLink(); // … and out of range mid-read
    expect(await h.box.next('inputResult', (m) => m.req === 9)).toEqual({
      t: 'inputResult',
      req: 9,
      error: { reason: 'THRUM_ERR_DEVICE_GONE', code: 4, message: 'Device Lovense Hush disconnected' },
    });
    expect(await h.box.next('deviceRemoved')).toEqual({ t: 'deviceRemoved', device: added.device });
    // Commands to the gone device are answered, never written.
    h.runtime.input(added.device, 10, {
      feature: featureOf(added, 'Battery'),
      type: 'Battery',
      command: 'Read',
    });
    expect((await h.box.next('inputResult', (m) => m.req === 10)).error?.reason).toBe(
      'THRUM_ERR_DEVICE_GONE',
    );
    expect(toy.texts()).toEqual(['DeviceType;', 'Battery;']);
  });
});

describe('btle bus: finding peripherals', () => {
  it('attaches a peripheral once however often it advertises, and again after it disconnects', async () => {
    const h = await start();
    h.bus.startScanning();
    const toy = lovenseToy(h.adapter, { address: 'aa:bb:cc:00:00:02' });
    h.adapter.advertise(toy, 5);
    const first = await h.box.next('deviceAdded');
    h.adapter.advertise(toy, 5); // while connected
    await barrier(h);
    expect(h.box.of('deviceAdded')).toHaveLength(1);
    expect(toy.connectAttempts).toBe(1);

    toy.dropLink();
    expect(await h.box.next('deviceRemoved')).toEqual({ t: 'deviceRemoved', device: first.device });
    h.adapter.advertise(toy, 3);
    const second = await h.box.next('deviceAdded');
    expect(second.device).not.toBe(first.device);
    expect(second.address).toBe('aa:bb:cc:00:00:02');
    expect(toy.connectAttempts).toBe(2);
  });

  it('identifies by manufacturer data when the name says nothing', async () => {
    const h = await start();
    h.bus.startScanning();
    // Lovense's company id 620 = 0x026c, little-endian in the advert, data starting ff 21.
    const toy = lovenseToy(h.adapter, {
      address: 'aa:bb:cc:00:00:03',
      name: 'Toy',
      manufacturerData: [{ company: 620, data: [0xff, 0x21, 0x07] }],
    });
    h.adapter.advertise(toy);
    expect(await h.box.next('deviceAdded')).toMatchObject({
      address: 'aa:bb:cc:00:00:03',
      protocol: 'lovense',
      descriptor: { name: 'Lovense Hush' },
    });
  });

  it('identifies by an advertised service, in any uuid spelling', async () => {
    const h = await start();
    h.bus.startScanning();
    const toy = lovenseToy(h.adapter, {
      address: 'aa:bb:cc:00:00:04',
      name: '',
      services: [NORDIC_UART.service],
    });
    h.adapter.advertise(toy);
    const added = await h.box.next('deviceAdded');
    expect(added).toMatchObject({ protocol: 'lovense', descriptor: { name: 'Lovense Hush' } });
  });

  it('rejects what no protocol matches once, quietly ignoring its repeated adverts', async () => {
    const h = await start();
    h.bus.startScanning();
    const phone = h.adapter.toy({ address: 'aa:bb:cc:00:00:05', name: 'Pixel 8', gatt: {} });
    h.adapter.advertise(phone, 4);
    await barrier(h);
    expect(h.logs.filter((l) => l.includes('aa:bb:cc:00:00:05 (Pixel 8) rejected'))).toEqual([
      "info aa:bb:cc:00:00:05 (Pixel 8) rejected: no protocol matches name 'Pixel 8'",
    ]);
    expect(phone.connectAttempts).toBe(0);
    // A new scan gives it another chance.
    h.bus.startScanning();
    h.adapter.advertise(phone);
    await barrier(h);
    expect(h.logs.filter((l) => l.includes('(Pixel 8) rejected'))).toHaveLength(2);
  });

  it('ignores adverts outside a scan, and stops scanning on request', async () => {
    const h = await start();
    const toy = lovenseToy(h.adapter, { address: 'aa:bb:cc:00:00:06' });
    h.adapter.advertise(toy);
    await barrier(h);
    expect(toy.connectAttempts).toBe(0);

    h.bus.startScanning();
    expect(h.adapter.scanning).toBe(true);
    await h.bus.stopScanning();
    expect(h.adapter.scanning).toBe(false);
    expect(h.adapter.scanCalls).toEqual(['start', 'stop']);
    h.adapter.advertise(toy);
    await barrier(h);
    expect(toy.connectAttempts).toBe(0);
    expect(h.box.of('deviceAdded')).toEqual([]);
  });
});

describe('btle bus: connecting', () => {
  it('retries a flaky connect: two failures, then the device is added', async () => {
    const h = await start({ connectAttempts: 3 });
    h.bus.startScanning();
    const toy = lovenseToy(h.adapter, { address: 'aa:bb:cc:00:00:07' });
    toy.connectScript = ['fail', 'fail'];
    h.adapter.advertise(toy);
    expect(await h.box.next('deviceAdded')).toMatchObject({
      address: 'aa:bb:cc:00:00:07',
      descriptor: { name: 'Lovense Hush' },
    });
    expect(toy.connectAttempts).toBe(3);
    expect(h.logs.filter((l) => l.includes('connect attempt'))).toEqual([
      'debug aa:bb:cc:00:00:07 (LVS-Z36): connect attempt 1 of 3 failed (Connection Failed to be Established (0x3e)); retrying in 5 ms',
      'debug aa:bb:cc:00:00:07 (LVS-Z36): connect attempt 2 of 3 failed (Connection Failed to be Established (0x3e)); retrying in 10 ms',
    ]);
  });

  it('bounds each attempt: a connect that hangs times out and the next attempt succeeds', async () => {
    const h = await start({ connectTimeoutMs: 50 });
    h.bus.startScanning();
    const toy = lovenseToy(h.adapter, { address: 'aa:bb:cc:00:00:08' });
    toy.connectScript = ['hang'];
    h.adapter.advertise(toy);
    await h.box.next('deviceAdded');
    expect(toy.aborted).toBe(1);
    expect(
      h.logs.some((l) => l.includes('connect attempt 1 of 3 failed (connect timed out after 50 ms)')),
    ).toBe(true);
  });

  it('rejects a peripheral that never connects, with one log line and nothing posted', async () => {
    const h = await start();
    h.bus.startScanning();
    const toy = lovenseToy(h.adapter, { address: 'aa:bb:cc:00:00:09' });
    toy.alwaysFail = true;
    h.adapter.advertise(toy);
    await until(() => h.logs.some((l) => l.includes('rejected')));
    expect(h.logs.filter((l) => l.includes('rejected'))).toEqual([
      'info aa:bb:cc:00:00:09 (LVS-Z36) rejected: cannot connect: 3 connect attempts failed (last: Connection Failed to be Established (0x3e))',
    ]);
    expect(toy.connectAttempts).toBe(3);
    // Repeated adverts of a refused peripheral do not start the cycle again.
    h.adapter.advertise(toy, 3);
    await barrier(h);
    expect(toy.connectAttempts).toBe(3);
    expect(h.box.all.filter((m) => m.t !== 'log')).toEqual([]);
  });

  it('refuses a device that has none of the protocol services', async () => {
    const h = await start();
    h.bus.startScanning();
    const toy = h.adapter.toy({
      address: 'aa:bb:cc:00:00:0a',
      name: 'LVS-Z36',
      gatt: { '180f': { '2a19': { read: true, notify: true } } },
    });
    h.adapter.advertise(toy);
    await until(() => h.logs.some((l) => l.includes('rejected')));
    expect(h.logs.filter((l) => l.includes('rejected'))).toEqual([
      'info aa:bb:cc:00:00:0a (LVS-Z36) rejected: cannot connect: the device has none of the lovense services (it has: 0000180f-0000-1000-8000-00805f9b34fb)',
    ]);
    await until(() => toy.connection === null);
    expect(h.box.of('deviceAdded')).toEqual([]);
  });

  it('names an endpoint the device lacks: warned at connect, and the operation fails naming it', async () => {
    const h = await start();
    h.bus.startScanning();
    const toy = h.adapter.toy({
      address: 'aa:bb:cc:00:00:0b',
      name: 'LVS-Z36',
      gatt: { [NORDIC_UART.service]: { [NORDIC_UART.tx]: { writeWithoutResponse: true } } },
    });
    h.adapter.advertise(toy);
    await until(() => h.logs.some((l) => l.includes('rejected')));
    expect(h.logs).toContain(
      'warn aa:bb:cc:00:00:0b (LVS-Z36): lovense endpoints missing on the device: rx (6e400003-b5a3-f393-e0a9-e50e24dcca9e)',
    );
    expect(h.logs.filter((l) => l.includes('rejected'))).toEqual([
      "info aa:bb:cc:00:00:0b (LVS-Z36) rejected: initialisation failed: subscribe: device has no endpoint 'rx' (it has: tx)",
    ]);
    expect(h.box.of('deviceAdded')).toEqual([]);
  });

  it('disconnects everything on close and aborts connects in flight', async () => {
    const h = await start({ connectTimeoutMs: 10_000 });
    h.bus.startScanning();
    const { toy: connected } = await addToy(h, 'aa:bb:cc:00:00:0c');
    const stuck = lovenseToy(h.adapter, { address: 'aa:bb:cc:00:00:0d' });
    stuck.connectScript = ['hang', 'hang', 'hang'];
    h.adapter.advertise(stuck);
    await until(() => stuck.connectAttempts === 1);
    await h.runtime.shutdown();
    await h.bus.close();
    open.splice(open.indexOf(h), 1);
    expect(stuck.aborted).toBe(1);
    expect(connected.connection).toBeNull();
    expect(h.adapter.closed).toBe(true);
    await until(() => h.logs.some((l) => l.includes('aa:bb:cc:00:00:0d (LVS-Z36) rejected')));
    expect(h.logs.find((l) => l.includes('aa:bb:cc:00:00:0d (LVS-Z36) rejected'))).toBe(
      'info aa:bb:cc:00:00:0d (LVS-Z36) rejected: cannot connect: 1 connect attempt failed (last: the Bluetooth bus is closing)',
    );
  });
});

describe('btle bus: the noble host process', () => {
  it('a host that dies takes its devices with it: reads fail, devices are removed, one error line', async () => {
    const { h, toy, added } = await hush({ stack: 'hosted', battery: '85;' });
    toy.answers.delete('Battery;');
    h.runtime.input(added.device, 21, {
      feature: featureOf(added, 'Battery'),
      type: 'Battery',
      command: 'Read',
    });
    expect((await toy.nextWrite()).text).toBe('Battery;');
    h.cut('exited with SIGSEGV');
    expect((await h.box.next('inputResult', (m) => m.req === 21)).error?.reason).toBe(
      'THRUM_ERR_DEVICE_GONE',
    );
    expect(await h.box.next('deviceRemoved')).toEqual({ t: 'deviceRemoved', device: added.device });
    expect(h.logs.filter((l) => l.includes('host process'))).toEqual([
      'error the Bluetooth host process is gone (exited with SIGSEGV); its devices are disconnected',
    ]);
  });

  it('starts from sources and says in one line why noble cannot run here', async () => {
    const logs: string[] = [];
    const outcome = await startNobleHost((level, msg) => logs.push(`${level} ${msg}`));
    if (!('unavailable' in outcome)) {
      // A machine with a working adapter: nothing to assert about unavailability.
      outcome.close();
      return;
    }
    expect(outcome.unavailable).not.toContain('\n');
    // The reason comes from noble itself, not from a host that failed to start.
    expect(outcome.unavailable).not.toMatch(/host process/);
    expect(outcome.unavailable).toMatch(/Bluetooth/);
  }, 20_000);
});

describe('btle bus: an adapter that cannot serve', () => {
  const cases: Array<[string, (a: FakeBleAdapter) => void, string]> = [
    [
      'unauthorized',
      (a) => (a.powerState = 'unauthorized'),
      'not permitted to use the Bluetooth adapter (run as root, or give node the cap_net_raw and cap_net_admin capabilities)',
    ],
    [
      'unsupported',
      (a) => (a.powerState = 'unsupported'),
      'the Bluetooth adapter does not support Bluetooth LE',
    ],
    ['powered off', (a) => (a.powerState = 'poweredOff'), 'the Bluetooth adapter is powered off'],
    [
      'never powered on',
      (a) => (a.powerState = 'unknown'),
      "the Bluetooth adapter did not power on within 50 ms (state 'unknown')",
    ],
    [
      'stack failed to start',
      (a) => (a.startError = new Error('no Bluetooth adapter found (ENODEV)\nat hci.js')),
      'no Bluetooth adapter found (ENODEV)',
    ],
  ];
  it.each(cases)('%s → unavailable with one clear reason', async (_name, setup, reason) => {
    const adapter = new FakeBleAdapter();
    setup(adapter);
    const bus = await createBtleBus(adapter, { settings: FAST, log: () => {}, attach: () => {} });
    expect(bus).toEqual({ unavailable: reason });
    expect(adapter.closed).toBe(true);
  });

  it('rejects a bad setting by name', async () => {
    const bus = await createBtleBus(new FakeBleAdapter(), {
      settings: { connectAttempts: 0 },
      log: () => {},
      attach: () => {},
    });
    expect(bus).toEqual({
      unavailable: "btle bus setting 'connectAttempts' must be an integer 1-2147483647",
    });
  });

  it('turns noble load and start errors into one line', () => {
    const errno = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(
      nobleFailure(errno('EAFNOSUPPORT', 'EAFNOSUPPORT, Address family not supported by protocol')),
    ).toBe('this system has no Bluetooth support (the kernel refused a Bluetooth HCI socket: EAFNOSUPPORT)');
    expect(nobleFailure(new Error('ENODEV, No such device'))).toBe('no Bluetooth adapter found (ENODEV)');
    expect(nobleFailure(new Error('EPERM, Operation not permitted'))).toBe(
      'not permitted to open the Bluetooth adapter (run as root, or give node the cap_net_raw and cap_net_admin capabilities)',
    );
    expect(
      nobleFailure(
        errno('ERR_DLOPEN_FAILED', 'Module did not self-register: bluetooth_hci_socket.node\n  at x'),
      ),
    ).toBe(
      'cannot load the Bluetooth library @abandonware/noble: Module did not self-register: bluetooth_hci_socket.node',
    );
    expect(nobleFailure('weird\nstack')).toBe('the Bluetooth LE stack failed to start: weird');
  });
});

describe('btle hardware', () => {
  function hardware(opts: { opTimeoutMs?: number; rssiPollMs?: number } = {}) {
    const adapter = new FakeBleAdapter();
    const toy = lovenseToy(adapter, { address: 'aa:bb:cc:00:00:10' });
    toy.rssi = -48;
    const conn = new FakeBleConnection(toy);
    toy.connection = conn;
    const chars = new Map(conn.services.flatMap((s) => s.characteristics).map((c) => [c.uuid, c]));
    const endpoints = new Map([
      ['tx', chars.get(NORDIC_UART.tx)!],
      ['rx', chars.get(NORDIC_UART.rx)!],
      ['firmware', chars.get('2a00')!],
    ]);
    let gone = 0;
    const hw = new BtleHardware(
      'LVS-Z36',
      'aa:bb:cc:00:00:10',
      conn,
      endpoints,
      { opTimeoutMs: opts.opTimeoutMs ?? 100, rssiPollMs: opts.rssiPollMs ?? 0 },
      -70,
      () => gone++,
    );
    const events: string[] = [];
    hw.setListener({
      onNotification: (ep, data) => events.push(`notify ${ep} ${Buffer.from(data).toString()}`),
      onRssi: (v) => events.push(`rssi ${v}`),
      onDisconnect: () => events.push('disconnect'),
    });
    return { hw, toy, events, gone: () => gone };
  }

  it('bounds a read that never answers with HardwareTimeoutError', async () => {
    const { hw } = hardware({ opTimeoutMs: 30 });
    await expect(hw.read('firmware', 4)).rejects.toBeInstanceOf(HardwareTimeoutError);
    await expect(hw.read('firmware', 4, 20)).rejects.toThrow("read of 'firmware' timed out after 20 ms");
  });

  it('reads a value and delivers notifications of subscribed endpoints', async () => {
    const { hw, toy, events } = hardware();
    toy.values.set('2a00', Uint8Array.from([1, 2, 3]));
    expect([...(await hw.read('firmware', 3))]).toEqual([1, 2, 3]);
    await hw.subscribe('rx');
    await hw.subscribe('rx'); // idempotent
    const next = hw.nextNotification('rx', 500);
    toy.notify(NORDIC_UART.rx, '85;');
    expect(Buffer.from(await next).toString()).toBe('85;');
    expect(events).toEqual(['notify rx 85;']);
    await hw.unsubscribe('rx');
    toy.notify(NORDIC_UART.rx, '86;');
    expect(events).toEqual(['notify rx 85;']);
  });

  it('starts from the advertised RSSI and follows what polling reports', async () => {
    const { hw, events } = hardware({ rssiPollMs: 10 });
    expect(hw.rssi).toBe(-70);
    await until(() => events.includes('rssi -48'));
    expect(hw.rssi).toBe(-48);
    hw.disconnect();
  });

  it('fails everything in flight on a dropped link, tells the listener once, then refuses new work', async () => {
    const { hw, toy, events, gone } = hardware({ opTimeoutMs: 5_000 });
    const read = hw.read('firmware', 4);
    const waiting = hw.nextNotification('rx', 5_000);
    toy.dropLink();
    await expect(read).rejects.toBeInstanceOf(HardwareGoneError);
    await expect(waiting).rejects.toBeInstanceOf(HardwareGoneError);
    expect(events).toEqual(['disconnect']);
    expect(gone()).toBe(1);
    expect(() => hw.write('tx', Uint8Array.of(1))).toThrow(HardwareGoneError);
    hw.disconnect();
    expect(events).toEqual(['disconnect']);
    expect(gone()).toBe(1);
  });

  it('names a missing endpoint', () => {
    const { hw } = hardware();
    expect(() => hw.write('command', Uint8Array.of(1))).toThrow(
      "write: device has no endpoint 'command' (it has: tx, rx, firmware)",
    );
  });
});

// ------------------------------------------------------------------ helpers

async function addToy(h: Harness, address: string): Promise<{ toy: FakeToy; added: Added }> {
  const toy = lovenseToy(h.adapter, { address });
  h.adapter.advertise(toy);
  const added = await h.box.next('deviceAdded', (m) => m.address === address);
  return { toy, added };
}

/**
 * Let work started by an advert show. Dedup, refusals and connect calls all happen within a
 * turn or two of the advert (the fake stack answers on setImmediate), so a few turns suffice.
 */
async function barrier(_h: Harness): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

async function until(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
