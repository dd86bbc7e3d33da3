// Building the writes encoders return: the usual endpoint names, byte and text writes, and the
// casts upstream applies when it turns a step into a byte.

import type { HwWrite } from '../../core/protocol.js';

/** The endpoint most devices take commands on. */
export const TX = 'tx';
/** The endpoint most devices answer and notify on. */
export const RX = 'rx';
/** The standard Bluetooth battery level characteristic (2a19; upstream endpoint RxBLEBattery). */
export const BLE_BATTERY = 'rxblebattery';

/**
 * One write of `bytes` to `endpoint`, each byte taken as upstream's `as u8` (the low 8 bits), so
 * encoders may pass steps and sums without masking them.
 */
export function bytesWrite(
  bytes: readonly number[] | Uint8Array,
  withResponse = false,
  endpoint = TX,
): HwWrite {
  const data = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) data[i] = (bytes[i] as number) & 0xff;
  return { endpoint, data, withResponse };
}

const ascii = new TextEncoder();

/** One write of `text` (ASCII) to `endpoint`. */
export function textWrite(text: string, withResponse = false, endpoint = TX): HwWrite {
  return { endpoint, data: ascii.encode(text), withResponse };
}

/** An integer step as the byte upstream casts it to (`as u8` from an integer: the low 8 bits, sign included). */
export function u8(value: number): number {
  return value & 0xff;
}

/**
 * A computed speed as the byte upstream casts it to (`as u8` from a float: truncated toward zero,
 * saturating at 0 and 255, NaN becomes 0).
 */
export function f64ToU8(value: number): number {
  if (Number.isNaN(value) || value <= 0) return 0;
  if (value >= 255) return 255;
  return Math.trunc(value);
}

/** A one-byte wrapping counter (upstream `AtomicU8::fetch_add`): returns the value, then counts on. */
export class PacketCounter {
  #next: number;
  constructor(start = 0) {
    this.#next = start & 0xff;
  }
  take(): number {
    const id = this.#next;
    this.#next = (id + 1) & 0xff;
    return id;
  }
}
