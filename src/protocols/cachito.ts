// Cachito: [2 + motor, 1 + motor, speed, 0] per motor on tx. Facts: upstream device config
// "cachito" and cachito.rs. The advertised name picks the model.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(feature: number, speed: number): HwWrite {
  return bytesWrite([2 + feature, 1 + feature, speed, 0]);
}

export const CACHITO_DEFINITION: ProtocolDefinition = {
  id: 'cachito',
  communication: [btle({ names: ['CCTSK', 'CCTXueGao'], services: { fff0: { tx: 'fff2' } } })],
  defaults: {
    name: 'Cachito Device',
    id: '0ce7063c-f118-44ea-80ed-66f3edb90a57',
    features: [
      output(0, '6e5ce97a-2eae-4807-a857-0e74a9f0d095', 'Vibrate', 5),
      output(1, '2ec18700-3fac-4f3b-91c1-ead90bf853d0', 'Vibrate', 100),
    ],
  },
  configurations: [
    device('Cachito Lure Tao', '8c4ee478-8dbb-41e6-b41c-a5664eec1532', ['CCTSK']),
    device('Cachito Ice Cream', '57b25f6e-03d6-44ef-b378-0ef9e69170d4', ['CCTXueGao']),
  ],
};

export const cachito: ProtocolModule = {
  definition: CACHITO_DEFINITION,
  createHandler: PerCommandHandler.factory('Cachito', {
    encoders: { Vibrate: (c) => [encodeVibrate(c.feature, c.value)] },
  }),
};
