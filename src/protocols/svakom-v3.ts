// Svakom v3 (upstream svakom_v3.rs): the vibrator at feature 0 is [0x55, 3, 3, 0, on, speed], any
// other vibrator [0x55, 9, 0, 0, on, speed]; rotation (Fantasy Cup Theodore, on or off) is
// [0x55, 8, 0, 0, speed, 0xff].

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

export function encodeSvakomV3Vibrate(feature: number, speed: number): HwWrite {
  const first = feature === 0;
  return bytesWrite([
    0x55,
    first ? 0x03 : 0x09,
    first ? 0x03 : 0x00,
    0x00,
    speed === 0 ? 0x00 : 0x01,
    u8(speed),
  ]);
}

export function encodeSvakomV3Rotate(speed: number): HwWrite {
  return bytesWrite([0x55, 0x08, 0x00, 0x00, u8(speed), 0xff]);
}

const ENCODERS: PerCommandSpec = {
  encoders: {
    Vibrate: (c) => encodeSvakomV3Vibrate(c.feature, c.value),
    Rotate: (c) => encodeSvakomV3Rotate(c.value),
  },
};

export const SVAKOM_V3_DEFINITION: ProtocolDefinition = {
  id: 'svakom-v3',
  communication: [ffe0Btle(['Phoenix Neo 2', 'FK008A', 'Hannes NEO', 'QH-SX007E'])],
  defaults: device('Svakom Device v3', '58212e06-d13e-461d-a8cd-5bd06cbe5d0c', undefined, [
    output(0, '1e03f6a5-0197-4a5e-afb5-dcc1266c6a6e', 'Vibrate', 10),
  ]),
  configurations: [
    device('Svakom Phoenix Neo 2', '14a51507-e4c8-4433-a87b-0a0464c00e31', ['Phoenix Neo 2']),
    device(
      'Fantasy Cup Theodore',
      'cdd17d02-603a-4a86-af6b-f2c97d09ed84',
      ['FK008A'],
      [
        output(0, '737fe419-62fa-4e1b-b6d0-2684cbe8b31f', 'Vibrate', 10),
        output(1, '5e612940-1d00-4680-aa3a-1b052755a01d', 'Rotate', 1),
      ],
    ),
    device('Svakom Hannes Neo', 'd2fda3c5-fa1f-45b5-8f98-a9c33e83922d', ['Hannes NEO']),
    device(
      'Svakom Alberta',
      '4e1d7b1c-133d-4d7c-9cfe-f4c4e5d0ca01',
      ['QH-SX007E'],
      [
        output(0, '1859c6fa-1d2f-46c8-b97c-75a7ca62be8c', 'Vibrate', 10, {
          description: 'Vibrating attachments',
        }),
        output(1, '63b84610-b32b-4526-a29a-4acb9ad4939d', 'Vibrate', 1, { description: 'Suction lens' }),
      ],
    ),
  ],
};

export const svakomV3: ProtocolModule = {
  definition: SVAKOM_V3_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-v3', d, ENCODERS),
};
