// The Lovense dongle plugged in as a USB serial port (a CH340 adapter, USB 1a86:7523, 115200 8N1;
// facts from the reference's serial dongle manager). It is found by those USB ids, or at the port
// the user names (--lovense-dongle-port, setting `port`), which is also how tests reach a
// pseudo-terminal. The port is opened the way the serial bus opens ports (serial-port-stream.ts
// says why not through serialport's own stream), and its bytes are the dongle's text lines.
//
// Settings: port (string, optional), lookIntervalMs (number, optional).

import { access, readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { SerialSpecifier } from '../../core/database.js';
import type { LogLevel } from '../../core/channel.js';
import type { StartBus } from '../bus.js';
import { loadSerialNatives, openSerialStream, type NativeSerialOpen } from '../serial/serial-port-stream.js';
import { startDongleBusWith } from './dongle-comm-manager.js';
import type { DongleFinder, DongleTransport, DongleTransportListener } from './dongle-transport.js';

/** The serial dongle's USB ids (a WCH CH340 USB-serial chip), lowercase hex as listings give them. */
export const SERIAL_DONGLE_VENDOR = '1a86';
export const SERIAL_DONGLE_PRODUCT = '7523';

/** The dongle's line settings. */
export function serialDongleSpecifier(port: string): SerialSpecifier {
  return { port, baudRate: 115_200, dataBits: 8, parity: 'N', stopBits: 1 };
}

export const startLovenseDongleSerialBus: StartBus = async (ctx) => {
  const port = ctx.settings['port'];
  if (port !== undefined && (typeof port !== 'string' || port === ''))
    return { unavailable: `setting 'port' must be a path` };
  const lookIntervalMs = ctx.settings['lookIntervalMs'];
  if (lookIntervalMs !== undefined && (typeof lookIntervalMs !== 'number' || !(lookIntervalMs > 0))) {
    return { unavailable: `setting 'lookIntervalMs' must be a positive number` };
  }
  const natives = await loadSerialNatives('');
  if ('unavailable' in natives) return natives;
  const finder = new SerialDongleFinder(natives.nativeOpen, port ?? null, natives.lister, ctx.log);
  return startDongleBusWith(ctx, { finder, ...(lookIntervalMs !== undefined && { lookIntervalMs }) });
};

/** The part of serialport's listing the finder reads (USB ids are lowercase hex strings). */
export interface UsbPortLister {
  list(): Promise<
    readonly { readonly path: string; readonly vendorId?: string; readonly productId?: string }[]
  >;
}

export class SerialDongleFinder implements DongleFinder {
  readonly describe: string;
  #lastProblem = '';

  constructor(
    private readonly open: NativeSerialOpen,
    /** The port the user named; null = find it by USB ids. */
    private readonly port: string | null,
    private readonly lister: UsbPortLister | null,
    private readonly log: (level: LogLevel, msg: string) => void,
  ) {
    this.describe =
      port !== null ? `port ${port}` : `USB serial ${SERIAL_DONGLE_VENDOR}:${SERIAL_DONGLE_PRODUCT}`;
  }

  async find(): Promise<DongleTransport | null> {
    const portPath = this.port ?? (await this.#portByUsbIds());
    if (portPath === null) return null;
    try {
      await access(portPath);
    } catch {
      return null; // not plugged in (yet)
    }
    try {
      const stream = await openSerialStream(this.open, portPath, serialDongleSpecifier(portPath));
      this.#lastProblem = '';
      return new SerialDongleTransport(portPath, stream);
    } catch (err) {
      // Said once per distinct problem: a port we may not open is retried every interval.
      const problem = err instanceof Error ? err.message : String(err);
      if (problem !== this.#lastProblem) this.log('warn', `${problem}`);
      this.#lastProblem = problem;
      return null;
    }
  }

  async #portByUsbIds(): Promise<string | null> {
    // Linux: sysfs says which tty belongs to which USB device, without serialport's udevadm
    // (missing in containers and minimal systems). Elsewhere: serialport's listing.
    if (process.platform === 'linux') return usbTtyFromSysfs(SERIAL_DONGLE_VENDOR, SERIAL_DONGLE_PRODUCT);
    if (this.lister === null) return null;
    try {
      const ports = await this.lister.list();
      const hit = ports.find(
        (p) =>
          p.vendorId?.toLowerCase() === SERIAL_DONGLE_VENDOR &&
          p.productId?.toLowerCase() === SERIAL_DONGLE_PRODUCT,
      );
      return hit?.path ?? null;
    } catch {
      return null;
    }
  }
}

/**
 * /dev path of the first tty whose USB device has these ids: /sys/class/tty/NAME/device resolves
 * into the USB interface; idVendor and idProduct sit on the USB device a level or two above it.
 */
export async function usbTtyFromSysfs(
  vendor: string,
  product: string,
  sysClassTty = '/sys/class/tty',
): Promise<string | null> {
  let names: string[];
  try {
    names = await readdir(sysClassTty);
  } catch {
    return null;
  }
  for (const name of names.sort()) {
    if (!/^tty(USB|ACM)\d+$/.test(name)) continue;
    let dir: string;
    try {
      dir = await realpath(path.join(sysClassTty, name, 'device'));
    } catch {
      continue;
    }
    for (let up = 0; up < 4; up++, dir = path.dirname(dir)) {
      const ids = await usbIds(dir);
      if (ids === null) continue;
      if (ids.vendor === vendor && ids.product === product) return `/dev/${name}`;
      break;
    }
  }
  return null;
}

async function usbIds(dir: string): Promise<{ vendor: string; product: string } | null> {
  try {
    const [vendor, product] = await Promise.all([
      readFile(path.join(dir, 'idVendor'), 'utf8'),
      readFile(path.join(dir, 'idProduct'), 'utf8'),
    ]);
    return { vendor: vendor.trim().toLowerCase(), product: product.trim().toLowerCase() };
  } catch {
    return null;
  }
}

/** The dongle's text lines over an open serial port. */
class SerialDongleTransport implements DongleTransport {
  #listener: DongleTransportListener | null = null;
  #closed = false;

  constructor(
    readonly name: string,
    private readonly stream: Duplex,
  ) {}

  setListener(listener: DongleTransportListener): void {
    this.#listener = listener;
    const stream = this.stream;
    stream.on('data', (chunk: Buffer) => listener.onText(chunk.toString('latin1')));
    // An unplugged port fails its read with EIO; 'close' follows the destroy.
    stream.on('error', (err: Error) => this.#gone(err.message));
    stream.on('close', () => this.#gone('the port closed'));
  }

  write(text: string): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`${this.name} is closed`));
    return new Promise((resolve, reject) => {
      this.stream.write(Buffer.from(text, 'latin1'), (err) => (err ? reject(err) : resolve()));
    });
  }

  close(): void {
    this.#gone('closed');
  }

  #gone(reason: string): void {
    if (!this.stream.destroyed) this.stream.destroy();
    if (this.#closed) return;
    this.#closed = true;
    this.#listener?.onClose(reason);
  }
}
