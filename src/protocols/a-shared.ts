// Shared pieces of batch A (Svakom and Sexverse families): a write to tx, the Svakom Bluetooth
// layout, and one handler shape for all of them. Every module in the batch is "short byte
// packets on tx": some outputs are written one command at a time, and some devices take several
// motors in one packet, which is then rebuilt from the full current-value table whenever any of
// its motors changes (upstream keeps the last speed per motor for the same purpose).

import type { OutputCommand } from '../core/commands.js';
import type { CommunicationSpecifier } from '../core/database.js';
import type { FeatureDef, OutputType } from '../core/features.js';
import { outputKey, type HwWrite, type ProtocolHandler, type ResolvedDevice } from '../core/protocol.js';
import { btle } from './define.js';

export const TX = 'tx';

/** One write of `bytes` to tx. */
export function txWrite(bytes: readonly number[], withResponse = false): HwWrite {
  return { endpoint: TX, data: Uint8Array.from(bytes), withResponse };
}

/** A step as the single byte upstream casts it to (`as u8`: the low 8 bits, sign included). */
export function u8(value: number): number {
  return value & 0xff;
}

/**
 * The layout of most devices in this batch (Svakom's and Sexverse's first): service ffe0 with tx
 * ffe1 and, on most models, rx ffe2 (upstream device config). rx is declared but never read.
 */
export function ffe0Btle(names: readonly string[], withRx = true): CommunicationSpecifier {
  return btle({ names, services: { ffe0: withRx ? { tx: 'ffe1', rx: 'ffe2' } : { tx: 'ffe1' } } });
}

/** The step last written for (feature, type); 0 before any write (upstream's initial speeds). */
export function valueOf(current: ReadonlyMap<string, OutputCommand>, feature: number, type: OutputType): number {
  return current.get(outputKey(feature, type))?.value ?? 0;
}

/** Number of features with a Vibrate output (upstream initialisers count these). */
export function vibratorCount(features: readonly FeatureDef[]): number {
  let n = 0;
  for (const f of features) if (f.output?.Vibrate !== undefined) n++;
  return n;
}

/** Encodes one command on its own. */
export type SingleEncoder = (command: OutputCommand) => HwWrite;

/** Outputs a device takes together in one packet (or a fixed group of packets). */
export interface SharedPacket {
  /** Whether this (feature, output type) is one of the packet's members. */
  includes(feature: number, type: OutputType): boolean;
  /** The packet(s) for the current values of every member. */
  encode(current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[];
}

export interface BatchAEncoders {
  readonly single?: Readonly<Partial<Record<OutputType, SingleEncoder>>>;
  readonly shared?: SharedPacket;
  /** Resend the last writes after this many idle ms (upstream RepeatLastPacketStrategyWithTiming). */
  readonly keepaliveMs?: number;
}

/**
 * Changed outputs are written in feature order; the members of a shared packet produce that
 * packet once, at the place of the first changed member (upstream writes it for each member and
 * its batching keeps one of them, built from the same last speeds).
 */
export class BatchAHandler implements ProtocolHandler {
  readonly keepaliveMs?: number;

  constructor(private readonly encoders: BatchAEncoders) {
    if (encoders.keepaliveMs !== undefined) this.keepaliveMs = encoders.keepaliveMs;
  }

  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[] {
    const { single, shared } = this.encoders;
    const writes: HwWrite[] = [];
    let sharedDone = false;
    for (const c of changed) {
      if (shared !== undefined && shared.includes(c.feature, c.type)) {
        if (!sharedDone) writes.push(...shared.encode(current));
        sharedDone = true;
        continue;
      }
      const encode = single?.[c.type];
      if (encode !== undefined) writes.push(encode(c));
    }
    return writes;
  }
}

/**
 * A handler for `device`, refusing at configuration time any output it could not encode, so a
 * command never meets a missing encoder (style §3).
 */
export function batchAHandler(protocol: string, device: ResolvedDevice, encoders: BatchAEncoders): ProtocolHandler {
  for (const f of device.features) {
    for (const type of Object.keys(f.output ?? {}) as OutputType[]) {
      if (encoders.shared?.includes(f.index, type) || encoders.single?.[type] !== undefined) continue;
      throw new Error(`${protocol} has no ${type} encoder (feature ${f.index} of ${device.config.name})`);
    }
  }
  return new BatchAHandler(encoders);
}

// ------------------------------------------------------------------ Svakom two-vibrator packet

/**
 * How a model writes Svakom's two-vibrator packet (upstream svakom_barney.rs, svakom_v4.rs,
 * svakom_v5.rs, svakom_v6.rs differ only in these).
 */
export interface DualVibeStyle {
  /** Byte 4 while either motor runs (Barney 3, the others 1). */
  readonly runningByte: number;
  /** A trailing 0x00 (all but v5). */
  readonly trailingZero: boolean;
  /** A one-vibrator model always addresses "both" (all but v5, which says "first"). */
  readonly singleAddressesBoth: boolean;
}

/**
 * [0x55, 3, motors, 0, running, max(first, second)(, 0)]: both motors get the higher speed, and
 * `motors` picks which run: 0 both, 1 the first, 2 the second.
 */
export function encodeDualVibe(first: number, second: number, vibrators: number, style: DualVibeStyle): HwWrite {
  const both = (style.singleAddressesBoth && vibrators === 1) || (first > 0 && second > 0) || first === second;
  const motors = both ? 0x00 : first > 0 ? 0x01 : 0x02;
  const running = first === 0 && second === 0 ? 0x00 : style.runningByte;
  const bytes = [0x55, 0x03, motors, 0x00, running, u8(Math.max(first, second))];
  if (style.trailingZero) bytes.push(0x00);
  return txWrite(bytes);
}

/** The vibrators at features 0 and 1 as one shared packet. */
export function dualVibePacket(features: readonly FeatureDef[], style: DualVibeStyle): SharedPacket {
  const vibrators = vibratorCount(features);
  return {
    includes: (feature, type) => type === 'Vibrate' && feature < 2,
    encode: (current) => [encodeDualVibe(valueOf(current, 0, 'Vibrate'), valueOf(current, 1, 'Vibrate'), vibrators, style)],
  };
}
