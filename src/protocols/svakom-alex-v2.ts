// Svakom Alex Neo 2: one vibrator, [0x55, 3, 3, 0, speed, speed + 5] on tx (upstream
// svakom_alex_v2.rs).

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

export function encodeAlexV2Vibrate(speed: number): HwWrite {
  return bytesWrite([0x55, 3, 3, 0, u8(speed), u8(speed + 5)]);
}

const ENCODERS: PerCommandSpec = { encoders: { Vibrate: (c) => encodeAlexV2Vibrate(c.value) } };

export const SVAKOM_ALEX_V2_DEFINITION: ProtocolDefinition = {
  id: 'svakom-alex-v2',
  communication: [ffe0Btle(['Alex NEO 2', 'S63E Alex NEO 2'], false)],
  defaults: device('Svakom Alex Neo 2', '632c2055-3c47-439d-8fcc-e3ee0b0288e5', undefined, [
    output(0, '807083a6-aca2-499d-84c0-fe1e8884f222', 'Vibrate', 3),
  ]),
  configurations: [],
};

export const svakomAlexV2: ProtocolModule = {
  definition: SVAKOM_ALEX_V2_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-alex-v2', d, ENCODERS),
};
