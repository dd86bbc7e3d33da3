// Which serial ports exist: the `serialport` listing where it works, else the device nodes in
// /dev, always joined by the ports the device configuration names. The listing cannot be relied
// on alone: on Linux it asks udev (`udevadm`), which containers and minimal systems lack ("spawn
// udevadm ENOENT"), and it never reports pseudo-terminals or symlinks such as /dev/serial/by-id/*,
// which are exactly what a user may name in the config.

import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** The part of `serialport`'s SerialPort class that enumeration uses. */
export interface PortLister {
  list(): Promise<readonly { readonly path: string }[]>;
}

/**
 * Device-node names that are serial ports: Linux USB adapters (ttyUSB*), USB CDC devices such as
 * Arduino-type boards (ttyACM*), on-board UARTs (ttyS*, ttyAMA* on the Raspberry Pi), and macOS's
 * call-out and dial-in nodes (cu.*, tty.usb*).
 */
const SERIAL_NODE = /^(ttyUSB\d+|ttyACM\d+|ttyS\d+|ttyAMA\d+|tty\.usb.*|cu\..+)$/;

export interface EnumerateOptions {
  /** `serialport`'s SerialPort, or null when only /dev is to be read. */
  readonly lister: PortLister | null;
  /** Port paths the device configuration names; always part of the result. */
  readonly configured: readonly string[];
  /** Directory to read when the listing fails ("/dev"; tests point it elsewhere). */
  readonly devDir?: string;
}

export interface Enumeration {
  /** Every port found, configured ones included, without duplicates, sorted. */
  readonly ports: readonly string[];
  /** Why the system listing was not used, when it was not. */
  readonly fallbackReason?: string;
}

/** Serial device nodes in `dir` (empty when it cannot be read, e.g. /dev on Windows). */
export async function listDeviceNodes(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names.filter((n) => SERIAL_NODE.test(n)).map((n) => path.join(dir, n));
}

export async function enumeratePorts(opts: EnumerateOptions): Promise<Enumeration> {
  const found = new Set<string>();
  let fallbackReason: string | undefined;
  if (opts.lister !== null) {
    try {
      for (const p of await opts.lister.list()) found.add(p.path);
    } catch (err) {
      fallbackReason = `the system port listing failed (${err instanceof Error ? err.message : String(err)})`;
    }
  } else {
    fallbackReason = 'no system port listing';
  }
  if (fallbackReason !== undefined)
    for (const p of await listDeviceNodes(opts.devDir ?? '/dev')) found.add(p);
  for (const p of opts.configured) found.add(p);
  return { ports: [...found].sort(), ...(fallbackReason !== undefined && { fallbackReason }) };
}
