// Svakom Jordan (upstream svakom_jordan.rs): [0x55, mode, 0, 0, on, speed, 0] on tx, mode 3 to
// vibrate and 8 to oscillate.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

export function encodeJordan(mode: number, speed: number): HwWrite {
  return bytesWrite([0x55, mode, 0x00, 0x00, speed === 0 ? 0x00 : 0x01, u8(speed), 0x00]);
}

const ENCODERS: PerCommandSpec = {
  encoders: {
    Vibrate: (c) => encodeJordan(0x03, c.value),
    Oscillate: (c) => encodeJordan(0x08, c.value),
  },
};

export const SVAKOM_JORDAN_DEFINITION: ProtocolDefinition = {
  id: 'svakom-jordan',
  communication: [ffe0Btle(['Jordan'])],
  defaults: device('Svakom Jordan', '89877d1d-9a8f-4265-93d7-7dbe4c093a58', undefined, [
    output(0, 'f59261c4-39a7-4e13-b7e8-52c0a117ea7f', 'Vibrate', 10),
    output(1, '84200741-7440-4267-b9a1-519eebe884ed', 'Oscillate', 5),
  ]),
  configurations: [],
};

export const svakomJordan: ProtocolModule = {
  definition: SVAKOM_JORDAN_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-jordan', d, ENCODERS),
};
