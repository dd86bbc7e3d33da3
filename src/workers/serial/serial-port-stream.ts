// Opening a serial port so that its I/O runs on this thread's event loop.
//
// Why not `serialport`'s SerialPort stream: its native binding waits for a port to become readable
// (or writable again) with a uv_poll handle on the *main thread's* loop (bindings-cpp poller.cpp,
// `uv_default_loop()`). Inside a bus worker thread the callback then enters the worker's V8
// isolate from the main thread, and the whole process aborts ("HandleScope::HandleScope Entering
// the V8 API without proper locking in place") as soon as a device sends a byte or is unplugged;
// serialport/node-serialport#2748, #2974. So we use the binding only for what needs native code,
// opening the port and setting its line (termios: baud rate, data bits, parity, stop bits, raw
// mode), and hand the descriptor to Node's own tty stream, which reads and writes it through
// libuv on the loop of the thread that created it.
//
// Unix only: on Windows a COM port is not a tty to libuv, and the binding's Windows I/O has the
// same main-loop problem, so the bus reports itself unavailable there.

import type { Duplex } from 'node:stream';
import { ReadStream } from 'node:tty';
import type { SerialSpecifier } from '../../core/database.js';
import type { PortLister } from './serial-ports.js';

/** The binding's options for opening a port (bindings-cpp LinuxOpenOptions / DarwinOpenOptions). */
export interface NativeOpenOptions {
  readonly baudRate: number;
  readonly dataBits: 5 | 6 | 7 | 8;
  readonly parity: 'none' | 'even' | 'odd';
  readonly stopBits: 1 | 2;
  /** Exclusive use: another program opening the same port fails instead of stealing bytes. */
  readonly lock: boolean;
  /** Hardware and software flow control: off, as upstream opens serial devices. */
  readonly rtscts: false;
  readonly xon: false;
  readonly xoff: false;
  readonly xany: false;
  /** Drop DTR when the port closes (boards such as Arduinos reset on it). */
  readonly hupcl: true;
  /** Raw reads: return as soon as one byte is there. */
  readonly vmin: 1;
  readonly vtime: 0;
}

/** bindings-cpp's promisified native open: configures the line and resolves with the descriptor. */
export type NativeSerialOpen = (path: string, options: NativeOpenOptions) => Promise<number>;

/** What a serial bus needs from the serialport packages: the port listing and the native open. */
export interface SerialNatives {
  readonly lister: PortLister;
  readonly nativeOpen: NativeSerialOpen;
}

/**
 * Load the serialport packages for a bus, or say why this bus cannot run here (`prefix` starts that
 * line: the serial bus names itself, the dongle's line already names its bus). Loaded on demand, not at the top, so a machine without the native binding
 * only loses the buses that need it. The open comes from serialport's own native binding package.
 */
export async function loadSerialNatives(
  prefix: string,
): Promise<SerialNatives | { readonly unavailable: string }> {
  if (process.platform === 'win32') {
    return {
      unavailable: `${prefix}not supported on Windows yet (serialport does its Windows I/O on the main thread, which crashes a bus worker)`,
    };
  }
  try {
    const { SerialPort: lister } = await import('serialport');
    const binding = await import('@serialport/bindings-cpp/dist/load-bindings.js');
    return { lister, nativeOpen: binding.asyncOpen as NativeSerialOpen };
  } catch (err) {
    return {
      unavailable: `${prefix}the serialport package cannot be loaded here (${err instanceof Error ? err.message : String(err)})`,
    };
  }
}

const PARITY = { N: 'none', E: 'even', O: 'odd' } as const;

export function nativeOpenOptions(spec: SerialSpecifier): NativeOpenOptions {
  return {
    baudRate: spec.baudRate,
    dataBits: spec.dataBits as NativeOpenOptions['dataBits'],
    parity: PARITY[spec.parity],
    stopBits: spec.stopBits as NativeOpenOptions['stopBits'],
    lock: true,
    rtscts: false,
    xon: false,
    xoff: false,
    xany: false,
    hupcl: true,
    vmin: 1,
    vtime: 0,
  };
}

/**
 * Open `portPath` with the specifier's line settings and return a duplex stream over it: 'data'
 * for what arrives, write() for what to send, 'close' when the port has gone (unplugged: the read
 * fails with EIO) or was destroyed. Rejects with the reason the port cannot be opened.
 */
export async function openSerialStream(
  open: NativeSerialOpen,
  portPath: string,
  spec: SerialSpecifier,
): Promise<Duplex> {
  let fd: number;
  try {
    fd = await open(portPath, nativeOpenOptions(spec));
  } catch (err) {
    throw new Error(openFailure(portPath, err));
  }
  // A tty.ReadStream is a full duplex socket over the tty handle; it owns the descriptor from
  // here on and closes it when destroyed. Reading starts when the hardware adds its 'data'
  // listener, so nothing that arrives in between is lost.
  return new ReadStream(fd);
}

function openFailure(portPath: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // The usual first-run problem on Linux: serial devices belong to the dialout group.
  const hint = /permission denied|EACCES/i.test(message)
    ? ' (on Linux, add the user to the dialout group and log in again)'
    : '';
  return `cannot open ${portPath}: ${message}${hint}`;
}
