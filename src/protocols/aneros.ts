// Aneros Vivi: [0xf1 + motor, speed] per motor on tx. Facts: upstream device config "aneros" and
// aneros.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

/** Motor 0 (perineum) is addressed as 0xf1, motor 1 (internal) as 0xf2. */
export function encodeVibrate(feature: number, speed: number): HwWrite {
  return bytesWrite([0xf1 + feature, speed]);
}

export const ANEROS_DEFINITION: ProtocolDefinition = {
  id: 'aneros',
  communication: [btle({ names: ['Massage Demo'], services: { ff00: { tx: 'ff01' } } })],
  defaults: {
    name: 'Aneros Vivi',
    id: 'f023f0f4-6629-469e-84c4-171ed4939f3d',
    features: [
      output(0, 'a980bc1a-5554-4293-a75f-6d17bf25ebee', 'Vibrate', 127, { description: 'Perineum Vibrator' }),
      output(1, '811d7d6e-6a75-4925-943a-a06042223e3a', 'Vibrate', 127, { description: 'Internal Vibrator' }),
    ],
  },
  configurations: [],
};

export const aneros: ProtocolModule = {
  definition: ANEROS_DEFINITION,
  createHandler: PerCommandHandler.factory('Aneros', {
    encoders: { Vibrate: (c) => [encodeVibrate(c.feature, c.value)] },
  }),
};
