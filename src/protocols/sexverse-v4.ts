// Sexverse v4 (G1 Vibrator, Black/Dark Knight, VVD Vkini): one vibrator, [0xbb, 1, speed, 0x66]
// written with response (upstream sexverse_v4.rs).

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';

export function encodeSexverseV4(speed: number): HwWrite {
  return bytesWrite([0xbb, 0x01, u8(speed), 0x66], true);
}

const ENCODERS: PerCommandSpec = { encoders: { Vibrate: (c) => encodeSexverseV4(c.value) } };

export const SEXVERSE_V4_DEFINITION: ProtocolDefinition = {
  id: 'sexverse-v4',
  communication: [
    btle({
      names: ['CFG1 vibrator', 'HJ2024N01', 'BC1847', 'BC1816'],
      services: { bca2: { tx: 'bc21' }, cfa2: { tx: 'cf21' }, dba2: { tx: 'db21' } },
    }),
  ],
  defaults: device('Sexverse G1 Vibrator', 'e69dc695-695d-485b-be16-59161505fd6d', undefined, [
    output(0, '0c9c5a7d-8d28-4003-b1d4-8de5c73c8fe4', 'Vibrate', 99),
  ]),
  configurations: [
    device('VVD Vkini', '679cdc1b-9236-4ed1-a3c4-c33b748a8cde', ['HJ2024N01']),
    device(
      'Sexverse Black Knight',
      '774c0fd8-d2a5-415c-b0b0-90d244be0a05',
      ['BC1847'],
      [output(0, '15cf412a-594b-4238-bbe0-7e9693233430', 'Vibrate', 99)],
    ),
    device(
      'Sexverse Dark Knight',
      '99333be9-450f-4092-b776-dd4de1eff244',
      ['BC1847'],
      [output(0, 'cc1f8c5c-40ff-4d44-91ca-4520042cf723', 'Vibrate', 99)],
    ),
  ],
};

export const sexverseV4: ProtocolModule = {
  definition: SEXVERSE_V4_DEFINITION,
  createHandler: (d) => perCommandHandler('sexverse-v4', d, ENCODERS),
};
