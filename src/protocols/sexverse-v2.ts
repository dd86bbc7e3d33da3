// Sexverse v2 (Nolan, HH010, Libo Miao, Duopeak Saphette), upstream sexverse_v2.rs: initialised
// by writing [0xaa, 4]; each motor is then [0xaa, 3, 1, number, 0x64, speed], numbered from 1 in
// feature order, vibrating or oscillating alike. Everything is written with response.

import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, TX, u8 } from './shared/writes.js';

export const SEXVERSE_V2_INIT = [0xaa, 0x04] as const;

export function encodeSexverseV2(feature: number, speed: number): HwWrite {
  return bytesWrite([0xaa, 0x03, 0x01, u8(feature + 1), 0x64, u8(speed)], true);
}

const ENCODERS: PerCommandSpec = {
  encoders: {
    Vibrate: (c) => encodeSexverseV2(c.feature, c.value),
    Oscillate: (c) => encodeSexverseV2(c.feature, c.value),
  },
};

async function initialise(hw: HardwareOps): Promise<void> {
  await hw.write(TX, Uint8Array.from(SEXVERSE_V2_INIT), true);
}

export const SEXVERSE_V2_DEFINITION: ProtocolDefinition = {
  id: 'sexverse-v2',
  communication: [
    btle({ names: ['LY272A01', 'LB-W01', 'HH010', 'NBQ-B619RX'], services: { bae0: { tx: 'bae1' } } }),
  ],
  defaults: device('Sexverse Nolan', 'ce9d4fe0-6614-493d-ac77-02ec5d42947d', undefined, [
    output(0, '4961e88c-5c2e-4701-95ee-16d58538b65e', 'Vibrate', 20),
    output(1, 'a3cd125d-ac6c-426d-b45a-fe3c7ae1e1d2', 'Oscillate', 20),
  ]),
  configurations: [
    device(
      'Libo Miao',
      '2a4a4daa-5740-425b-b1a4-72b73f746fdf',
      ['LB-W01'],
      [output(0, '59cacf4b-ef09-42ad-b3d6-459bc195da26', 'Vibrate', 20)],
    ),
    device(
      'Sexverse HH010',
      '0e1f9fe7-22d9-4afb-9fe5-192b8e5508c3',
      ['HH010'],
      [
        output(0, '968f7306-6997-4b76-a40f-acbb431d9582', 'Oscillate', 20),
        output(1, '018009d0-b5bf-4f97-a13d-909d0e74fabc', 'Vibrate', 20),
      ],
    ),
    device(
      'Duopeak Saphette',
      '0e1f9fe7-22d9-4afb-9fe5-192b8e5508c3',
      ['NBQ-B619RX'],
      [
        output(0, '968f7306-6997-4b76-a40f-acbb431d9582', 'Oscillate', 20, {
          description: 'Wearer Vibrator',
        }),
        output(1, '018009d0-b5bf-4f97-a13d-909d0e74fabc', 'Vibrate', 20, {
          description: 'Receiver Vibrator',
        }),
        output(2, '018009d0-b5bf-4f97-a13d-909d0e74fabc', 'Vibrate', 20, {
          description: 'Wearer Clitoral Vibrators',
        }),
      ],
    ),
  ],
};

export const sexverseV2: ProtocolModule = {
  definition: SEXVERSE_V2_DEFINITION,
  initialise,
  createHandler: (d) => perCommandHandler('sexverse-v2', d, ENCODERS),
};
