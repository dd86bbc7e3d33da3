// Fox: [0x03, 0x01, 0x01, 0xfe, speed] per command on tx. Facts: upstream device config "fox" and
// fox.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0x03, 0x01, 0x01, 0xfe, speed]);
}

export const FOX_DEFINITION: ProtocolDefinition = {
  id: 'fox',
  communication: [
    btle({ names: ['FOX', 'FOX M70 Pro', 'FoxM70Pro', 'FOX M70-2'], services: { ae00: { tx: 'ae01' } } }),
  ],
  defaults: {
    name: 'Fox Device',
    id: '4138dc32-5276-47e8-89d4-fddc6ca42c1d',
    features: [output(0, 'e43828a2-7dc6-4af1-b450-73c50441849f', 'Vibrate', 3)],
  },
  configurations: [],
};

export const fox: ProtocolModule = {
  definition: FOX_DEFINITION,
  createHandler: PerCommandHandler.factory('Fox', { encoders: { Vibrate: (c) => [encodeVibrate(c.value)] } }),
};
