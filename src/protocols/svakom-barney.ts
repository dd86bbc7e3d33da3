// Mutufun Barney: two vibrators in one packet, Svakom's two-vibrator format with 3 as its
// "running" byte (upstream svakom_barney.rs).

import type { ProtocolDefinition } from '../core/database.js';
import type { ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler } from './shared/handlers.js';
import { dualVibePacket, type DualVibeStyle, ffe0Btle } from './svakom-shared.js';

export const BARNEY_STYLE: DualVibeStyle = {
  runningByte: 0x03,
  trailingZero: true,
  singleAddressesBoth: true,
};

export const SVAKOM_BARNEY_DEFINITION: ProtocolDefinition = {
  id: 'svakom-barney',
  communication: [ffe0Btle(['DJ333A'])],
  defaults: device('Mutufun Barney', '1b3759c0-ee3b-4f5f-9b3a-3d6bc0cc9594', undefined, [
    output(0, 'ebbd9a68-1b05-4a21-8f3d-14b3dc7f1f70', 'Vibrate', 10),
    output(1, 'be5e2510-9b63-4813-9192-2db123b82ac5', 'Vibrate', 10),
  ]),
  configurations: [],
};

export const svakomBarney: ProtocolModule = {
  definition: SVAKOM_BARNEY_DEFINITION,
  createHandler: (d) =>
    perCommandHandler('svakom-barney', d, { packet: dualVibePacket(d.features, BARNEY_STYLE) }),
};
