// Small async steps of initialisers and input reads: waiting, listening for one answer, and the
// standard Bluetooth battery read.

import type { InputType } from '../../core/features.js';
import type { HardwareOps, ProtocolHandler } from '../../core/protocol.js';
import { BLE_BATTERY } from './writes.js';

export type InputReader = NonNullable<ProtocolHandler['readInput']>;

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Start waiting for the next notification on `endpoint` now (before the write that provokes it,
 * so a fast answer is not missed); resolves with the data, or undefined when none came in time.
 */
export function listenOnce(
  hw: HardwareOps,
  endpoint: string,
  timeoutMs: number,
): Promise<Uint8Array | undefined> {
  return hw.nextNotification(endpoint, timeoutMs).then(
    (data) => data,
    () => undefined,
  );
}

/**
 * Battery level from the standard battery characteristic: the first byte of a read of `length`
 * bytes (upstream's generic reader asks for 1 byte, the Kiiroo Spot/ProWand/PowerShot for 20).
 */
export async function readBleBattery(hw: HardwareOps, length = 1): Promise<readonly number[]> {
  const data = await hw.read(BLE_BATTERY, length);
  if (data.length < 1) throw new Error('empty battery reading');
  return [data[0] as number];
}

/** An input reader for devices whose one readable input is the standard battery level. */
export function bleBatteryReader(length = 1): InputReader {
  return async (hw: HardwareOps, _feature: number, type: InputType) => {
    if (type !== 'Battery') throw new Error(`no readable ${type} input`);
    return readBleBattery(hw, length);
  };
}
