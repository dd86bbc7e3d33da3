// Sexverse Heart: one vibrator, [0xaa, 3, 3, speed, 0, 0, 0] (upstream sexverse_v5.rs).

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';

export function encodeSexverseV5(speed: number): HwWrite {
  return bytesWrite([0xaa, 0x03, 0x03, u8(speed), 0x00, 0x00, 0x00]);
}

const ENCODERS: PerCommandSpec = { encoders: { Vibrate: (c) => encodeSexverseV5(c.value) } };

export const SEXVERSE_V5_DEFINITION: ProtocolDefinition = {
  id: 'sexverse-v5',
  communication: [btle({ names: ['CBW02', 'CB-WXW03'], services: { ffcb: { tx: 'cb02' } } })],
  defaults: device('Sexverse Heart', '783bc287-528c-4c58-a7ec-47a49304309e', undefined, [
    output(0, '140be13c-4cb3-407f-9597-e03f046f1c1a', 'Vibrate', 100),
  ]),
  configurations: [],
};

export const sexverseV5: ProtocolModule = {
  definition: SEXVERSE_V5_DEFINITION,
  createHandler: (d) => perCommandHandler('sexverse-v5', d, ENCODERS),
};
