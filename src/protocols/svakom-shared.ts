// What Svakom's modules (and Sexverse's, made by the same company) share: the first Bluetooth
// layout most of them use, and the two-vibrator packet four Svakom generations write.

import type { CommunicationSpecifier } from '../core/database.js';
import type { FeatureDef } from '../core/features.js';
import type { HwWrite } from '../core/protocol.js';
import { btle } from './define.js';
import type { GroupedPacket } from './shared/handlers.js';
import { currentValue, vibratorCount } from './shared/outputs.js';
import { bytesWrite, u8 } from './shared/writes.js';

/**
 * The layout of most Svakom and Sexverse devices: service ffe0 with tx ffe1 and, on most models,
 * rx ffe2 (upstream device config). rx is declared but never read.
 */
export function ffe0Btle(names: readonly string[], withRx = true): CommunicationSpecifier {
  return btle({ names, services: { ffe0: withRx ? { tx: 'ffe1', rx: 'ffe2' } : { tx: 'ffe1' } } });
}

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
export function encodeDualVibe(
  first: number,
  second: number,
  vibrators: number,
  style: DualVibeStyle,
): HwWrite {
  const both =
    (style.singleAddressesBoth && vibrators === 1) || (first > 0 && second > 0) || first === second;
  const motors = both ? 0x00 : first > 0 ? 0x01 : 0x02;
  const running = first === 0 && second === 0 ? 0x00 : style.runningByte;
  const bytes = [0x55, 0x03, motors, 0x00, running, u8(Math.max(first, second))];
  if (style.trailingZero) bytes.push(0x00);
  return bytesWrite(bytes);
}

/** The vibrators at features 0 and 1 as one grouped packet. */
export function dualVibePacket(features: readonly FeatureDef[], style: DualVibeStyle): GroupedPacket {
  const vibrators = vibratorCount(features);
  return {
    includes: (feature, type) => type === 'Vibrate' && feature < 2,
    encode: (current) => [
      encodeDualVibe(
        currentValue(current, 0, 'Vibrate'),
        currentValue(current, 1, 'Vibrate'),
        vibrators,
        style,
      ),
    ],
  };
}
