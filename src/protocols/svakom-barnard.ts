// Fantasy Cup Barnard (upstream svakom_barnard.rs): vibration [0x55, 3, 0, 0, speed, on] and
// oscillation [0x55, 8, 0, 0, speed, on ? 0xff : 0] on tx.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

export function encodeBarnardVibrate(speed: number): HwWrite {
  return bytesWrite([0x55, 0x03, 0x00, 0x00, u8(speed), speed === 0 ? 0x00 : 0x01]);
}

export function encodeBarnardOscillate(speed: number): HwWrite {
  return bytesWrite([0x55, 0x08, 0x00, 0x00, u8(speed), speed === 0 ? 0x00 : 0xff]);
}

const ENCODERS: PerCommandSpec = {
  encoders: {
    Vibrate: (c) => encodeBarnardVibrate(c.value),
    Oscillate: (c) => encodeBarnardOscillate(c.value),
  },
};

export const SVAKOM_BARNARD_DEFINITION: ProtocolDefinition = {
  id: 'svakom-barnard',
  communication: [ffe0Btle(['DG239A'], false)],
  defaults: device('Fantasy Cup Barnard', 'aaebe699-02dd-461f-879d-c71da8c2d892', undefined, [
    output(0, '7abda591-db6f-492c-a781-5f90d648b561', 'Vibrate', 3),
    output(1, '5ec8c88b-bd24-4e94-bec1-467735a74b80', 'Oscillate', 3),
  ]),
  configurations: [],
};

export const svakomBarnard: ProtocolModule = {
  definition: SVAKOM_BARNARD_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-barnard', d, ENCODERS),
};
