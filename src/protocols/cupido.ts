// Cupido: [0xb0, 0x03, 0, 0, 0, speed, 0xaa] per command on tx. Facts: upstream device config
// "cupido" and cupido.rs (upstream leaves its battery read disabled, so there is none here).

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0xb0, 0x03, 0x00, 0x00, 0x00, speed, 0xaa]);
}

export const CUPIDO_DEFINITION: ProtocolDefinition = {
  id: 'cupido',
  communication: [btle({ names: ['MY2607-BLE-V1.0'], services: { f0b0: { tx: 'f0b1', rx: 'f0b2' } } })],
  defaults: {
    name: 'Cupido Device',
    id: '8ef3fe28-6903-4418-9dd8-5323788ca961',
    features: [output(0, '7f645006-1074-415f-8b06-43aa473573c0', 'Vibrate', 255)],
  },
  configurations: [],
};

export const cupido: ProtocolModule = {
  definition: CUPIDO_DEFINITION,
  createHandler: PerCommandHandler.factory('Cupido', {
    encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
  }),
};
