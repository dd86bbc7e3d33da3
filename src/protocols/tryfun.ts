// TryFun Yuan series and Surge Pro: one checksummed packet per command on tx, written with
// response. Facts: upstream device config "tryfun" and tryfun.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

/**
 * The Yuan packets end in 0xff minus the bytes after the 0xaa header, plus how many there are
 * (upstream tryfun.rs), all modulo 256.
 */
export function tryfunChecksum(afterHeader: readonly number[]): number {
  let sum = 0xff;
  for (const b of afterHeader) sum -= b;
  return (sum + afterHeader.length) & 0xff;
}

function yuanPacket(command: number, speed: number): HwWrite {
  const body = [0x02, command, speed & 0xff];
  return bytesWrite([0xaa, ...body, tryfunChecksum(body)], true);
}

/** Stroking speed, 0–9. */
export function encodeOscillate(speed: number): HwWrite {
  return yuanPacket(0x07, speed);
}

/** Rotation speed, 0–9 (one direction). */
export function encodeRotate(speed: number): HwWrite {
  return yuanPacket(0x08, speed);
}

/** Surge Pro vibration, 0–4: stop is its own mode byte (1, speed field 2), upstream tryfun.rs. */
export function encodeVibrate(speed: number): HwWrite {
  const s = speed & 0xff;
  return s === 0
    ? bytesWrite([0x00, 0x02, 0x00, 0x05, 0x01, 0x02, 0x01, 0x01, 0xfc], true)
    : bytesWrite([0x00, 0x02, 0x00, 0x05, 0x02, s, 0x01, 0x00, 0xfd - s], true);
}

export const TRYFUN_DEFINITION: ProtocolDefinition = {
  id: 'tryfun',
  communication: [
    btle({ names: ['TRYFUN-ONE', 'TF-SPRAY'], services: { ff10: { tx: 'fff1' }, ffac: { tx: 'ffb5' } } }),
  ],
  defaults: device('TryFun Yuan Series', '9b4afa16-a7cf-4fdb-bb95-5f91125ba7e1', undefined, [
    output(0, 'e4957d32-e069-4c35-ae3f-e3cce3de6b49', 'Oscillate', 9),
    output(1, '0346e667-8ea2-4cde-80d4-88d498d1ee17', 'Rotate', 9),
  ]),
  configurations: [
    device(
      'TryFun Surge Pro',
      '2cf375ae-7ae9-4d76-be3b-58eff84b67ae',
      ['TF-SPRAY'],
      [output(0, 'b9d4420b-9a94-4ea2-8b76-3445d06049f2', 'Vibrate', 4)],
    ),
  ],
};

export const tryfun = perCommandModule({
  definition: TRYFUN_DEFINITION,
  supported: ['Oscillate', 'Rotate', 'Vibrate'],
  encodersFor: () => ({
    Oscillate: (c) => [encodeOscillate(c.value)],
    Rotate: (c) => [encodeRotate(c.value)],
    Vibrate: (c) => [encodeVibrate(c.value)],
  }),
});
