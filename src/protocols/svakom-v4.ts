// Svakom v4 (Erica, Cici+ 2, ToyCod Barzillai and Clara): up to two vibrators in one packet,
// Svakom's two-vibrator format (upstream svakom_v4.rs).

import type { ProtocolDefinition } from '../core/database.js';
import type { ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler } from './shared/handlers.js';
import { dualVibePacket, type DualVibeStyle, ffe0Btle } from './svakom-shared.js';

export const SVAKOM_V4_STYLE: DualVibeStyle = {
  runningByte: 0x01,
  trailingZero: true,
  singleAddressesBoth: true,
};

export const SVAKOM_V4_DEFINITION: ProtocolDefinition = {
  id: 'svakom-v4',
  communication: [ffe0Btle(['B2CM6', 'ERICA', 'Cici+ 2', 'VV468A'])],
  defaults: device('Svakom Device v4', '1a43cd07-e5ba-4a9f-8560-d00e1d72c6df', undefined, [
    output(0, 'b61f8bde-2ad3-40a8-8e16-fe6dcec8a887', 'Vibrate', 10),
    output(1, '724c247f-733e-4592-9a98-1a37a7c941ba', 'Vibrate', 10),
  ]),
  configurations: [
    device('ToyCod Barzillai', '2e46e18b-5821-4665-9b07-928f4963f16d', ['B2CM6']),
    device('Svakom Erica', '22c2f70c-44fa-482f-bfac-1463482bff5d', ['ERICA']),
    device('Svakom Cici+ 2', '96980e8b-abcf-410e-94e6-d098b13e6192', ['Cici+ 2']),
    device(
      'ToyCod Clara',
      '8d88601b-6791-4947-94ca-e9d66086f57e',
      ['VV468A'],
      [output(0, '65f4d628-cb50-48fa-8d51-39433244ce12', 'Vibrate', 10)],
    ),
  ],
};

export const svakomV4: ProtocolModule = {
  definition: SVAKOM_V4_DEFINITION,
  createHandler: (d) =>
    perCommandHandler('svakom-v4', d, { packet: dualVibePacket(d.features, SVAKOM_V4_STYLE) }),
};
