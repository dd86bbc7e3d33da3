// The serial bus (comm manager + hardware) in this thread, through the real `serialport` package,
// over real pseudo-terminals from socat (test/helpers/pty-pair.ts): the bus opens one end as its
// port, a simulated TCode device (test/helpers/tcode-peer.ts) sits on the other. Killing socat is
// unplugging the device. The same bus inside the compiled server: test/integration/serial.test.ts.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asyncOpen } from '@serialport/bindings-cpp/dist/load-bindings.js';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProtocolDefinition, SerialSpecifier } from '../../src/core/database.js';
import {
  HardwareGoneError,
  HardwareTimeoutError,
  type Bus,
  type BusContext,
  type BusHardware,
  type Peripheral,
} from '../../src/workers/bus.js';
import { startSerialBusWith } from '../../src/workers/serial/serial-comm-manager.js';
import { RX_BUFFER_LIMIT } from '../../src/workers/serial/serial-hardware.js';
import type { NativeOpenOptions, NativeSerialOpen } from '../../src/workers/serial/serial-port-stream.js';
import { enumeratePorts, listDeviceNodes } from '../../src/workers/serial/serial-ports.js';
import { describeWithSocat, PtyPair } from '../helpers/pty-pair.js';
import { TCodePeer } from '../helpers/tcode-peer.js';

const TCODE_LINE: Omit<SerialSpecifier, 'port'> = {
  baudRate: 115_200,
  dataBits: 8,
  parity: 'N',
  stopBits: 1,
};

function definition(port: string, line: Omit<SerialSpecifier, 'port'> = TCODE_LINE): ProtocolDefinition {
  return { id: 'tcode-v03', communication: [{ serial: { port, ...line } }], configurations: [] };
}

/** serialport's real native open, recording what it was asked to open. */
const opened: Array<{ path: string; options: NativeOpenOptions }> = [];
const recordingOpen: NativeSerialOpen = (portPath, options) => {
  opened.push({ path: portPath, options });
  return (asyncOpen as NativeSerialOpen)(portPath, options);
};

/** The line settings the terminal really has, read back with stty (coreutils), if available. */
function sttySettings(portPath: string): { speed: number; twoStopBits: boolean } | undefined {
  const r = spawnSync('stty', ['-F', portPath, '-a'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const speed = /speed (\d+) baud/.exec(r.stdout)?.[1];
  return { speed: Number(speed), twoStopBits: /(^|\s)cstopb(\s|$)/.test(r.stdout) };
}

/** A BusContext whose attach() queues peripherals for the test to take. */
class Harness implements BusContext {
  readonly settings = {};
  readonly logs: string[] = [];
  readonly attached: Peripheral[] = [];
  #taken = 0;
  bus!: Bus;

  log(level: string, msg: string): void {
    this.logs.push(`${level} ${msg}`);
  }

  attach(p: Peripheral): void {
    this.attached.push(p);
  }

  /** One scan pass, finished (stopScanning resolves when the pass is done). */
  async scan(): Promise<Peripheral[]> {
    this.bus.startScanning();
    await this.bus.stopScanning();
    const fresh = this.attached.slice(this.#taken);
    this.#taken = this.attached.length;
    return fresh;
  }
}

interface Events {
  readonly notifications: Uint8Array[];
  disconnects: number;
  readonly disconnected: Promise<void>;
  /** The oldest notification not yet taken, waiting for one if there is none. */
  nextNotification(): Promise<Uint8Array>;
}

function listen(hw: BusHardware): Events {
  let onGone!: () => void;
  const waiting: Array<(d: Uint8Array) => void> = [];
  // Several notifications can arrive in one turn of the event loop: none is lost between waits.
  const untaken: Uint8Array[] = [];
  const ev: Events = {
    notifications: [],
    disconnects: 0,
    disconnected: new Promise<void>((resolve) => (onGone = resolve)),
    nextNotification: () => {
      const ready = untaken.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
  };
  hw.setListener({
    onNotification(endpoint, data) {
      expect(endpoint).toBe('rx');
      ev.notifications.push(data);
      const waiter = waiting.shift();
      if (waiter) waiter(data);
      else untaken.push(data);
    },
    onRssi() {},
    onDisconnect() {
      ev.disconnects++;
      onGone();
    },
  });
  return ev;
}

const cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function pty(): Promise<PtyPair> {
  const pair = await PtyPair.open();
  cleanup.push(() => pair.close());
  return pair;
}

async function peer(pair: PtyPair): Promise<TCodePeer> {
  const p = await TCodePeer.open(pair.peerPath);
  cleanup.push(() => p.close());
  return p;
}

function startBus(
  configuredPorts: readonly string[],
  extra: { devDir?: string; readTimeoutMs?: number } = {},
): Harness {
  const h = new Harness();
  h.bus = startSerialBusWith(h, {
    lister: SerialPort,
    nativeOpen: recordingOpen,
    configuredPorts,
    readTimeoutMs: 2_000,
    ...extra,
  });
  cleanup.push(() => h.bus.close());
  return h;
}

/** Scan once, take the one peripheral for `pair`, connect it as TCode. */
async function connected(
  pair: PtyPair,
  h = startBus([pair.devPath]),
): Promise<{ h: Harness; hw: BusHardware; ev: Events; peripheral: Peripheral }> {
  const [peripheral, ...more] = await h.scan();
  expect(more).toEqual([]);
  if (peripheral === undefined) throw new Error(`nothing attached; logs: ${h.logs.join('\n')}`);
  const hw = await peripheral.connect(definition(pair.devPath));
  return { h, hw, ev: listen(hw), peripheral };
}

const text = (d: Uint8Array): string => Buffer.from(d).toString('latin1');

describe('port enumeration', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function fakeDev(names: readonly string[]): string {
    dir = mkdtempSync(path.join(tmpdir(), 'thrum-dev-'));
    for (const n of names) writeFileSync(path.join(dir, n), '');
    return dir;
  }

  it('falls back to the device nodes in /dev when the system listing fails (no udev), and adds configured ports', async () => {
    const dev = fakeDev([
      'ttyUSB0',
      'ttyACM1',
      'ttyS3',
      'ttyAMA0',
      'cu.usbmodem14101',
      'tty.usbserial-A1',
      'tty1',
      'ttyprintk',
      'null',
      'ttyUSB',
    ]);
    const failing = { list: () => Promise.reject(new Error('spawn udevadm ENOENT')) };
    const result = await enumeratePorts({
      lister: failing,
      configured: ['/tmp/my-pty', path.join(dev, 'ttyUSB0')],
      devDir: dev,
    });
    expect(result.ports).toEqual(
      [
        '/tmp/my-pty',
        ...['cu.usbmodem14101', 'tty.usbserial-A1', 'ttyACM1', 'ttyAMA0', 'ttyS3', 'ttyUSB0'].map((n) =>
          path.join(dev, n),
        ),
      ].sort(),
    );
    expect(result.fallbackReason).toBe('the system port listing failed (spawn udevadm ENOENT)');
  });

  it('uses the system listing when it works, without reading /dev, plus configured ports', async () => {
    const dev = fakeDev(['ttyUSB0']);
    const working = { list: async () => [{ path: '/dev/ttyACM0' }, { path: 'COM3' }] };
    const result = await enumeratePorts({
      lister: working,
      configured: ['/dev/ttyACM0', 'COM7'],
      devDir: dev,
    });
    expect(result).toEqual({ ports: ['/dev/ttyACM0', 'COM3', 'COM7'] });
  });

  it('an unreadable device directory lists nothing instead of failing', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'thrum-dev-'));
    expect(await listDeviceNodes(path.join(dir, 'missing'))).toEqual([]);
    expect(
      (await enumeratePorts({ lister: null, configured: ['COM7'], devDir: path.join(dir, 'missing') })).ports,
    ).toEqual(['COM7']);
  });

  it('with the real serialport listing on this machine, a configured pseudo-terminal path is always listed', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'thrum-dev-'));
    const configured = path.join(dir, 'not-listed-by-the-system');
    const result = await enumeratePorts({ lister: SerialPort, configured: [configured] });
    expect(result.ports).toContain(configured);
  });
});

describeWithSocat('serial bus over a pseudo-terminal pair', () => {
  it('attaches a configured port as a serial peripheral named by its path, and only that port', async () => {
    const pair = await pty();
    const dev = mkdtempSync(path.join(tmpdir(), 'thrum-dev-'));
    cleanup.push(() => rmSync(dev, { recursive: true, force: true }));
    writeFileSync(path.join(dev, 'ttyUSB0'), ''); // present but named by no configuration
    const h = startBus([pair.devPath], { devDir: dev });
    const found = await h.scan();
    expect(found.map((p) => p.advert)).toEqual([
      { transport: 'serial', name: pair.devPath, address: pair.devPath, services: [], manufacturerData: [] },
    ]);
  });

  it("opens with the specifier's line settings (baud rate, data bits, parity N/E/O, stop bits)", async () => {
    const pair = await pty();
    const h = startBus([pair.devPath]);
    const common = {
      lock: true,
      rtscts: false,
      xon: false,
      xoff: false,
      xany: false,
      hupcl: true,
      vmin: 1,
      vtime: 0,
    };
    const [p] = await h.scan();
    opened.length = 0;
    const hw = await p!.connect(
      definition(pair.devPath, { baudRate: 9600, dataBits: 7, parity: 'E', stopBits: 2 }),
    );
    expect(opened).toEqual([
      {
        path: pair.devPath,
        options: { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 2, ...common },
      },
    ]);
    expect([...hw.endpoints].sort()).toEqual(['rx', 'tx']);
    // The terminal really took them (a pseudo-terminal keeps speed and stop bits; Linux forces it
    // to 8 bits without parity, so those two are checked through the options above only).
    const line = sttySettings(pair.devPath);
    if (line !== undefined) expect(line).toEqual({ speed: 9600, twoStopBits: true });
    hw.disconnect();
    const [again] = await h.scan();
    opened.length = 0;
    const hw2 = await again!.connect(
      definition(pair.devPath, { baudRate: 57_600, dataBits: 8, parity: 'O', stopBits: 1 }),
    );
    expect(opened).toEqual([
      {
        path: pair.devPath,
        options: { baudRate: 57_600, dataBits: 8, parity: 'odd', stopBits: 1, ...common },
      },
    ]);
    const line2 = sttySettings(pair.devPath);
    if (line2 !== undefined) expect(line2).toEqual({ speed: 57_600, twoStopBits: false });
    hw2.disconnect();
  });

  it('tx writes arrive at the device byte for byte, in order', async () => {
    const pair = await pty();
    const device = await peer(pair);
    const { hw } = await connected(pair);
    await hw.write('tx', Buffer.from('L0500I250\n'), false);
    await hw.write('tx', Buffer.from('L0000\nR0000\n'), false);
    await hw.write('tx', Uint8Array.from([0x56, 0x30, 0x39, 0x39, 0x0a]), false);
    expect([
      await device.nextLine(),
      await device.nextLine(),
      await device.nextLine(),
      await device.nextLine(),
    ]).toEqual(['L0500I250\n', 'L0000\n', 'R0000\n', 'V099\n']);
    expect(Buffer.from(device.received).toString('latin1')).toBe('L0500I250\nL0000\nR0000\nV099\n');
    await expect(hw.write('rx', Buffer.from('x'))).rejects.toThrow("write: not possible on endpoint 'rx'");
    await expect(hw.write('command', Buffer.from('x'))).rejects.toThrow(
      "a serial port has no endpoint 'command'",
    );
  });

  it('bytes from the device arrive as rx notifications and are buffered for read()', async () => {
    const pair = await pty();
    const device = await peer(pair);
    const { hw, ev } = await connected(pair);
    await hw.subscribe('rx'); // accepted, changes nothing: a port always delivers
    const first = ev.nextNotification();
    await device.send('TCode v0.3\n');
    let got = text(await first);
    while (got.length < 'TCode v0.3\n'.length) got += text(await ev.nextNotification());
    expect(got).toBe('TCode v0.3\n');
    // The same bytes wait in the read buffer: up to `length`, then the rest.
    expect(text(await hw.read('rx', 5))).toBe('TCode');
    expect(text(await hw.read('rx', 0))).toBe(' v0.3\n');
    // Nothing buffered: the read waits for the next bytes.
    const pending = hw.read('rx', 0, 2_000);
    await device.send('OK\n');
    expect(text(await pending)).toMatch(/^OK\n?$/);
    // nextNotification resolves with the next chunk only.
    const next = hw.nextNotification('rx', 2_000);
    await device.send('Z');
    expect(text(await next)).toBe('Z');
  });

  it('a read with nothing arriving times out; so does a wait for a notification', async () => {
    const pair = await pty();
    const device = await peer(pair);
    const { hw } = await connected(pair);
    const started = Date.now();
    const err = await hw.read('rx', 1, 150).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HardwareTimeoutError);
    expect((err as HardwareTimeoutError).timeoutMs).toBe(150);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await expect(hw.nextNotification('rx', 50)).rejects.toBeInstanceOf(HardwareTimeoutError);
    // A timed-out read is gone for good: later bytes go to the next read.
    const next = hw.read('rx', 0, 2_000);
    await device.send('D');
    expect(text(await next)).toBe('D');
  });

  it('the read buffer keeps only the newest bytes', async () => {
    const pair = await pty();
    const device = await peer(pair);
    const { hw, ev } = await connected(pair);
    const payload = Buffer.alloc(RX_BUFFER_LIMIT + 100);
    // Lines of 64 bytes: a terminal still in canonical mode for a moment (the pty's line
    // discipline) would drop the bytes of a line longer than 4095.
    for (let i = 0; i < payload.length; i++) payload[i] = i % 64 === 63 ? 0x0a : 0x41 + (i % 26);
    await device.send(payload);
    let total = 0;
    while (total < payload.length) total += (await ev.nextNotification()).length;
    const buffered = await hw.read('rx', 0);
    expect(Buffer.from(buffered).equals(payload.subarray(payload.length - RX_BUFFER_LIMIT))).toBe(true);
  });

  it('unplugging (socat killed) fails operations in flight, tells the listener once, and frees the port for a later scan', async () => {
    const pair = await pty();
    const device = await peer(pair);
    const { h, hw, ev } = await connected(pair);
    await hw.write('tx', Buffer.from('V050\n'));
    expect(await device.nextLine()).toBe('V050\n');
    const read = hw.read('rx', 1, 10_000).catch((e: unknown) => e);
    const wait = hw.nextNotification('rx', 10_000).catch((e: unknown) => e);
    await pair.kill();
    await ev.disconnected;
    expect(await read).toBeInstanceOf(HardwareGoneError);
    expect(await wait).toBeInstanceOf(HardwareGoneError);
    await expect(hw.write('tx', Buffer.from('V000\n'))).rejects.toBeInstanceOf(HardwareGoneError);
    await expect(hw.read('rx', 1)).rejects.toBeInstanceOf(HardwareGoneError);
    hw.disconnect(); // the runtime may still call this: no second event
    expect(ev.disconnects).toBe(1);
    // Forgotten: the next scan offers the port again (it fails to open while unplugged).
    const [again] = await h.scan();
    expect(again?.advert.address).toBe(pair.devPath);
    await expect(again!.connect(definition(pair.devPath))).rejects.toThrow(`cannot open ${pair.devPath}`);
  });

  it('disconnect() closes the port: the listener hears once, the device side sees the port close', async () => {
    const pair = await pty();
    await peer(pair);
    const { hw, ev } = await connected(pair);
    const pending = hw.read('rx', 1, 10_000).catch((e: unknown) => e);
    hw.disconnect();
    hw.disconnect();
    await ev.disconnected;
    expect(await pending).toBeInstanceOf(HardwareGoneError);
    expect(ev.disconnects).toBe(1);
    // The port really closed: it can be opened again by a new connection.
    const reopened = new SerialPort({ path: pair.devPath, baudRate: 115_200, autoOpen: false });
    await new Promise<void>((resolve, reject) => reopened.open((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve) => reopened.close(() => resolve()));
  });

  it('rescanning never attaches a port twice while it is in use; a port that failed to open is retried', async () => {
    const pair = await pty();
    const missing = path.join(pair.dir, 'not-plugged-in');
    const h = startBus([pair.devPath, missing]);
    const first = await h.scan();
    expect(first.map((p) => p.advert.address).sort()).toEqual([missing, pair.devPath].sort());
    const live = first.find((p) => p.advert.address === pair.devPath)!;
    const absent = first.find((p) => p.advert.address === missing)!;
    const hw = await live.connect(definition(pair.devPath));
    await expect(absent.connect(definition(missing))).rejects.toThrow(`cannot open ${missing}`);
    absent.onRejected?.('cannot connect'); // what the runtime does after a failed connect
    // Still open: not offered again. The port that failed: offered again.
    expect((await h.scan()).map((p) => p.advert.address)).toEqual([missing]);
    expect(await h.scan()).toEqual([]); // and not twice while the runtime holds it
    hw.disconnect();
    expect((await h.scan()).map((p) => p.advert.address)).toEqual([pair.devPath]);
  });

  it('close() closes every open port', async () => {
    const pair = await pty();
    await peer(pair);
    const { h, hw, ev } = await connected(pair);
    await h.bus.close();
    await ev.disconnected;
    await expect(hw.write('tx', Buffer.from('V000\n'))).rejects.toBeInstanceOf(HardwareGoneError);
    // Closed buses attach nothing more.
    expect(await h.scan()).toEqual([]);
  });
});
