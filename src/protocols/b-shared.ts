// Shared pieces of batch B (Kiiroo, Lelo, Magic Motion, WeVibe, Vorze): byte writes, the casts
// upstream applies to steps, the two handler shapes every module of the batch uses, and the
// battery reads several of them share. Devices here either take one packet per changed output,
// or one packet carrying every motor, rebuilt from the full current-value table whenever any of
// them changes (upstream keeps the last speed per motor in the handler for the same purpose).

import type { OutputCommand } from '../core/commands.js';
import type { FeatureDef, InputType, OutputType } from '../core/features.js';
import { outputKey, type HardwareOps, type HwWrite, type ProtocolHandler, type ResolvedDevice } from '../core/protocol.js';

export const TX = 'tx';
/** The standard Bluetooth battery level characteristic (2a19) as upstream names it. */
export const RX_BLE_BATTERY = 'rxblebattery';

/** One write of `bytes` to `endpoint`. */
export function write(endpoint: string, bytes: readonly number[], withResponse: boolean): HwWrite {
  return { endpoint, data: Uint8Array.from(bytes), withResponse };
}

/** An integer step as the byte upstream casts it to (`as u8` from an integer: the low 8 bits). */
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

// ------------------------------------------------------------------ output slots

/** An output feature and the output type that fills its place in a packet. */
export interface Slot {
  readonly feature: number;
  readonly type: OutputType;
}

/** Every feature with an output, with its first output type, in feature order. */
export function outputSlots(features: readonly FeatureDef[]): Slot[] {
  const slots: Slot[] = [];
  for (const f of features) {
    const type = f.output === undefined ? undefined : (Object.keys(f.output)[0] as OutputType | undefined);
    if (type !== undefined) slots.push({ feature: f.index, type });
  }
  return slots;
}

/** Number of features with a Vibrate output (upstream WeVibe initialisers count these). */
export function vibratorCount(features: readonly FeatureDef[]): number {
  let n = 0;
  for (const f of features) if (f.output?.Vibrate !== undefined) n++;
  return n;
}

/**
 * The current step of each feature 0..size-1, by feature index (0 for a feature never set or
 * without output), as upstream's per-motor speed arrays hold them. `current` already holds the
 * changed values (the coalescer records them before encoding).
 */
export function slotValues(current: ReadonlyMap<string, OutputCommand>, slots: readonly Slot[], size: number): number[] {
  const values = new Array<number>(size).fill(0);
  for (const s of slots) {
    if (s.feature < size) values[s.feature] = current.get(outputKey(s.feature, s.type))?.value ?? 0;
  }
  return values;
}

/**
 * Refuses, when the handler is created, a configuration with an output the encoder cannot write
 * (e.g. a user config adding one), so a command never meets a missing encoder.
 */
export function requireOutputs(device: ResolvedDevice, supported: readonly OutputType[], family: string): void {
  for (const f of device.features) {
    for (const type of Object.keys(f.output ?? {}) as OutputType[]) {
      if (!supported.includes(type)) throw new Error(`${family} has no ${type} encoder (feature ${f.index} of ${device.config.name})`);
    }
  }
}

// ------------------------------------------------------------------ handlers

export type InputReader = (hw: HardwareOps, feature: number, type: InputType) => Promise<readonly number[]>;

/** Each changed output becomes its own write(s), in feature order. */
export class PerOutputHandler implements ProtocolHandler {
  readonly readInput?: InputReader;

  constructor(
    private readonly encodeOne: (c: OutputCommand) => HwWrite,
    readInput?: InputReader,
  ) {
    if (readInput) this.readInput = readInput;
  }

  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    const writes: HwWrite[] = [];
    for (const c of changed) writes.push(this.encodeOne(c));
    return writes;
  }
}

/** The whole device in one packet, rebuilt from every motor's current step on any change. */
export class WholeDeviceHandler implements ProtocolHandler {
  readonly readInput?: InputReader;

  constructor(
    private readonly slots: readonly Slot[],
    /** Motors in the packet (upstream's fixed speed-array length). */
    private readonly size: number,
    private readonly packet: (speeds: readonly number[]) => HwWrite,
    readInput?: InputReader,
  ) {
    if (readInput) this.readInput = readInput;
  }

  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[] {
    if (changed.length === 0) return [];
    return [this.packet(slotValues(current, this.slots, this.size))];
  }
}

// ------------------------------------------------------------------ battery

/**
 * Battery level from the standard battery characteristic: the first byte of a read of `length`
 * bytes (upstream's generic reader asks for 1 byte, the Kiiroo Spot/ProWand/PowerShot for 20).
 */
export function bleBatteryReader(length: number): InputReader {
  return async (hw, _feature, type) => {
    if (type !== 'Battery') throw new Error(`no readable ${type} input`);
    const data = await hw.read(RX_BLE_BATTERY, length);
    if (data.length < 1) throw new Error('empty battery reading');
    return [data[0] as number];
  };
}

// ------------------------------------------------------------------ stroker speed

/**
 * The Fleshlight Launch speed (0–1) that covers `distance` (0–1 of the stroke) in `durationMs`
 * (upstream fleshlight_launch_helper.rs calculate_speed). A zero distance gives 0; a zero
 * duration gives Infinity, which the byte cast saturates to full speed, as upstream's does.
 */
export function launchSpeed(distance: number, durationMs: number): number {
  if (distance < 0) return 0;
  const d = Math.min(distance, 1);
  return 250 * Math.pow((durationMs * 90) / (d * 100), -1.05);
}
