// Svakom Alex Neo: one vibrator, [18, 1, 3, 0, speed, 0] on tx, where speed 0 is written as 0xff
// (upstream svakom_alex.rs). Upstream's keepalive for this family only applies where the OS
// demands one (iOS backgrounding), so none here.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

export function encodeAlexVibrate(speed: number): HwWrite {
  return bytesWrite([18, 1, 3, 0, speed === 0 ? 0xff : u8(speed), 0]);
}

const ENCODERS: PerCommandSpec = { encoders: { Vibrate: (c) => encodeAlexVibrate(c.value) } };

export const SVAKOM_ALEX_DEFINITION: ProtocolDefinition = {
  id: 'svakom-alex',
  communication: [ffe0Btle(['Alex NEO', 'S63E Alex NEO'], false)],
  defaults: device('Svakom Alex Neo', '39ee59bc-fdc5-47c4-8da6-2c208e30a7b6', undefined, [
    output(0, '323f02f5-f1ab-40b9-ba8b-eba65de178c3', 'Vibrate', 3),
  ]),
  configurations: [],
};

export const svakomAlex: ProtocolModule = {
  definition: SVAKOM_ALEX_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-alex', d, ENCODERS),
};
