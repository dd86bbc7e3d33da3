// Svakom Sam Neo 2 (upstream svakom_sam2.rs): vibration [0x55, 3, 0, 0, on ? 5 : 0, speed, 0] and
// suction (Constrict) [0x55, 9, 0, 0, on, level, 0], both written with response.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

export function encodeSam2Vibrate(speed: number): HwWrite {
  return bytesWrite([0x55, 0x03, 0x00, 0x00, speed === 0 ? 0x00 : 0x05, u8(speed), 0x00], true);
}

export function encodeSam2Suction(level: number): HwWrite {
  return bytesWrite([0x55, 0x09, 0x00, 0x00, level === 0 ? 0x00 : 0x01, u8(level), 0x00], true);
}

const ENCODERS: PerCommandSpec = {
  encoders: {
    Vibrate: (c) => encodeSam2Vibrate(c.value),
    Constrict: (c) => encodeSam2Suction(c.value),
  },
};

export const SVAKOM_SAM2_DEFINITION: ProtocolDefinition = {
  id: 'svakom-sam2',
  communication: [ffe0Btle(['Sam Neo 2', 'Sam Neo 2 Pro'])],
  defaults: device('Svakom Sam Neo 2', '88c0807b-7b34-4f4b-ad95-2e9e31f4f291', undefined, [
    output(0, '9f584905-3bcb-4a60-9a56-2c2d69c81a8c', 'Vibrate', 10),
    output(1, '7580e615-c22c-4242-b599-9b4041bfa400', 'Constrict', 5),
  ]),
  configurations: [
    device('Svakom Sam Neo 2', 'f32b4e50-ec7e-4b76-8f29-4b4777da7c22', ['Sam Neo 2']),
    device('Svakom Sam Neo 2 Pro', '869e4518-1565-4b3b-8d15-45c860c848c2', ['Sam Neo 2 Pro']),
  ],
};

export const svakomSam2: ProtocolModule = {
  definition: SVAKOM_SAM2_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-sam2', d, ENCODERS),
};
