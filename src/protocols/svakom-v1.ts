// Svakom v1 (Ella, Emma Neo, Phoenix Neo): one vibrator, [0x55, 4, 3, 0, on, speed] on tx
// (upstream svakom_v1.rs).

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

export function encodeSvakomV1Vibrate(speed: number): HwWrite {
  return bytesWrite([0x55, 0x04, 0x03, 0x00, speed === 0 ? 0x00 : 0x01, u8(speed)]);
}

const ENCODERS: PerCommandSpec = { encoders: { Vibrate: (c) => encodeSvakomV1Vibrate(c.value) } };

export const SVAKOM_V1_DEFINITION: ProtocolDefinition = {
  id: 'svakom-v1',
  communication: [ffe0Btle(['Aogu SUV', 'Aogu SCB', 'Emma NEO', 'Phoenix NEO'])],
  defaults: device('Svakom Device', '77a1dde5-f31a-4fcb-972b-8094181c187f', undefined, [
    output(0, '22eb4b95-60f9-4885-80e7-279d02d59804', 'Vibrate', 19),
  ]),
  configurations: [
    device('Svakom Ella', '46a3fb4f-5e26-45c0-9fd1-176ec896048c', ['Aogu SCB']),
    device('Svakom Phoenix Neo', 'c9556aba-5bda-4f23-a690-623c4b9ee04b', ['Phoenix NEO']),
    device('Svakom Emma Neo', '68d39a06-e350-47ef-8834-e3197178b00e', ['Emma NEO']),
  ],
};

export const svakomV1: ProtocolModule = {
  definition: SVAKOM_V1_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-v1', d, ENCODERS),
};
