// Shared pieces of batch D: a byte write, the two handler shapes every module of the batch uses,
// and the small async helpers their initialisers need. Devices here take either one packet per
// changed output (PerCommandHandler) or all their motors in one packet rebuilt from the full
// current-value table (PacketHandler; upstream keeps the last speed per motor for the same end,
// and its batching sends the packet once per flush).

import type { OutputCommand } from '../core/commands.js';
import type { OutputType } from '../core/features.js';
import { outputKey, type HardwareOps, type HwWrite, type ProtocolHandler, type ResolvedDevice } from '../core/protocol.js';

export const TX = 'tx';
export const RX = 'rx';
/** The standard Bluetooth battery level characteristic (upstream endpoint RxBLEBattery). */
export const BLE_BATTERY = 'rxblebattery';

/** One write of `bytes` (each taken as upstream's `as u8`: the low 8 bits) to `endpoint`. */
export function bytesWrite(bytes: readonly number[], withResponse = false, endpoint = TX): HwWrite {
  const data = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) data[i] = (bytes[i] as number) & 0xff;
  return { endpoint, data, withResponse };
}

/** The step last set for (feature, type); 0 before any command (upstream's initial speeds). */
export function valueOf(current: ReadonlyMap<string, OutputCommand>, feature: number, type: OutputType): number {
  return current.get(outputKey(feature, type))?.value ?? 0;
}

/**
 * Refuse, at configuration time, a device whose features need an output type the protocol cannot
 * encode, so a command never meets a missing encoder.
 */
export function requireOutputs(device: ResolvedDevice, supported: readonly OutputType[], family: string): void {
  for (const f of device.features) {
    for (const type of Object.keys(f.output ?? {}) as OutputType[]) {
      if (!supported.includes(type)) throw new Error(`${family} has no ${type} encoder (feature ${f.index} of ${device.config.name})`);
    }
  }
}

/** Encodes one command into the writes for it. */
export type CommandEncoder = (command: OutputCommand) => readonly HwWrite[];

/** Stateless: every changed output is encoded on its own, in the coalescer's (feature) order. */
export class PerCommandHandler implements ProtocolHandler {
  readonly keepaliveMs?: number;

  constructor(
    private readonly encoders: Readonly<Partial<Record<OutputType, CommandEncoder>>>,
    keepaliveMs?: number,
  ) {
    if (keepaliveMs !== undefined) this.keepaliveMs = keepaliveMs;
  }

  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    const writes: HwWrite[] = [];
    for (const c of changed) {
      const encode = this.encoders[c.type];
      if (encode !== undefined) writes.push(...encode(c));
    }
    return writes;
  }

  static factory(family: string, encoders: Readonly<Partial<Record<OutputType, CommandEncoder>>>, keepaliveMs?: number): (device: ResolvedDevice) => ProtocolHandler {
    const supported = Object.keys(encoders) as OutputType[];
    // One handler serves every device of the family: it holds no per-device state.
    const shared = new PerCommandHandler(encoders, keepaliveMs);
    return (device) => {
      requireOutputs(device, supported, family);
      return shared;
    };
  }
}

/** Builds the one packet that carries every motor of a device from the current values. */
export type PacketBuilder = (current: ReadonlyMap<string, OutputCommand>) => HwWrite;

/** All motors in one packet: any change (a stop included) rewrites the whole packet once. */
export class PacketHandler implements ProtocolHandler {
  constructor(private readonly build: PacketBuilder) {}

  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[] {
    return changed.length > 0 ? [this.build(current)] : [];
  }

  static factory(family: string, supported: readonly OutputType[], build: PacketBuilder): (device: ResolvedDevice) => ProtocolHandler {
    const shared = new PacketHandler(build);
    return (device) => {
      requireOutputs(device, supported, family);
      return shared;
    };
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Start waiting for the next notification on `endpoint` now (before the write that provokes it,
 * so a fast answer is not missed); the returned promise resolves with the data, or with
 * undefined when none came within `timeoutMs`.
 */
export function listenOnce(hw: HardwareOps, endpoint: string, timeoutMs: number): Promise<Uint8Array | undefined> {
  const next = hw.nextNotification(endpoint, timeoutMs);
  return next.then(
    (data) => data,
    () => undefined,
  );
}

/** Upstream's generic battery read: one byte from the standard battery characteristic. */
export async function readBleBattery(hw: HardwareOps): Promise<readonly number[]> {
  const data = await hw.read(BLE_BATTERY, 1);
  if (data.length < 1) throw new Error('empty battery reading');
  return [data[0] as number];
}
