// Coleur Dor DT250A (upstream svakom_dt250a.rs): [0x55, mode, 0, 0, level, on] on tx, with mode 3
// for the vibrator at feature 0, 8 for any other vibrator, and 9 for the suction (Constrict),
// whose last byte is always 0.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

const MODE_SUCTION = 0x09;

export function encodeDt250a(mode: number, level: number): HwWrite {
  return bytesWrite([0x55, mode, 0x00, 0x00, u8(level), level === 0 || mode === MODE_SUCTION ? 0x00 : 0x01]);
}

const ENCODERS: PerCommandSpec = {
  encoders: {
    Vibrate: (c) => encodeDt250a(c.feature === 0 ? 0x03 : 0x08, c.value),
    Constrict: (c) => encodeDt250a(MODE_SUCTION, c.value),
  },
};

export const SVAKOM_DT250A_DEFINITION: ProtocolDefinition = {
  id: 'svakom-dt250a',
  communication: [ffe0Btle(['DT250A'])],
  defaults: device('Coleur Dor DT250A', '7897a4fc-e45a-4f23-b04f-91415b3eeef7', undefined, [
    output(0, '608e34f1-69eb-4469-95e2-c56fb26d7db6', 'Vibrate', 3),
    output(1, '75e9695f-7049-4ad7-a8db-a85f62868266', 'Vibrate', 3),
    output(2, '5fd9d9a0-4f7c-4ef4-87d5-5081f41499f3', 'Constrict', 2),
  ]),
  configurations: [],
};

export const svakomDt250a: ProtocolModule = {
  definition: SVAKOM_DT250A_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-dt250a', d, ENCODERS),
};
