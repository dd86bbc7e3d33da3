// Zalo: both motors in one 3-byte packet on tx, written with response, sent once per command with
// the speeds known at that moment. Facts: upstream device config "zalo" and zalo.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule, rememberingSpeeds } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

/** Mode 2 = off, 1 = on; a motor at 0 is sent as level 1 (the device's lowest), upstream zalo.rs. */
export function encodeSpeeds(speed0: number, speed1: number): HwWrite {
  return bytesWrite(
    [speed0 === 0 && speed1 === 0 ? 0x02 : 0x01, speed0 === 0 ? 0x01 : speed0, speed1 === 0 ? 0x01 : speed1],
    true,
  );
}

const vibrator = (index: number, id: string) => output(index, id, 'Vibrate', 8);

export const ZALO_DEFINITION: ProtocolDefinition = {
  id: 'zalo',
  communication: [
    btle({ names: ['ZALO-Queen', 'ZALO-King', 'ZALO-Jeanne'], services: { fff0: { tx: 'fff1' } } }),
  ],
  defaults: device('Zalo Device', '45648a20-cb18-43a0-9d6c-8bc4ed63ef63', undefined, [
    vibrator(0, 'e6f5930a-98ee-4ced-9a51-b3938b7b6a0c'),
  ]),
  configurations: [
    device(
      'Zalo Queen',
      '2aaeca64-1ce5-4333-a0ab-609546112d37',
      ['ZALO-Queen'],
      [
        vibrator(0, '94357c17-fb2d-4579-a4fa-68d597315887'),
        vibrator(1, '43f2e203-f920-4c59-b7a8-d8902d7efa2f'),
      ],
    ),
    device(
      'Zalo King',
      '94254e7a-2666-4e93-8f6d-101fad4a3807',
      ['ZALO-King'],
      [
        vibrator(0, '3e1cb89e-43bd-4b57-9f49-79dbb297ce14'),
        vibrator(1, 'ba694b89-b88e-4029-934f-95d23df42053'),
      ],
    ),
    device('Zalo Jeanne', '743b389e-1eb6-401a-80bc-116b6136c449', ['ZALO-Jeanne']),
  ],
};

export const zalo = perCommandModule({
  definition: ZALO_DEFINITION,
  supported: ['Vibrate'],
  encodersFor: () => ({
    Vibrate: rememberingSpeeds(2, (speeds) => [encodeSpeeds(speeds[0] ?? 0, speeds[1] ?? 0)]),
  }),
});
