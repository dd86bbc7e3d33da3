// Fleshy Thrust Sync: [position, duration high byte, duration low byte] on tx. Facts: upstream
// device config "fleshy-thrust" and fleshy_thrust.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

/** Duration in ms as a big-endian u16; longer moves wrap, as upstream's byte masks do. */
export function encodeMove(position: number, durationMs: number): HwWrite {
  return bytesWrite([position, (durationMs >> 8) & 0xff, durationMs & 0xff]);
}

export const FLESHY_THRUST_DEFINITION: ProtocolDefinition = {
  id: 'fleshy-thrust',
  communication: [btle({ names: ['BT05'], services: { ffe0: { tx: 'ffe1' } } })],
  defaults: {
    name: 'Fleshy Thrust Sync',
    id: 'f273ebd5-a698-4c35-9c46-0625fa442960',
    features: [
      output(0, 'a8185061-6d41-4eea-bc24-1ff1c5c405b9', 'HwPositionWithDuration', 180, {
        duration: [0, 100_000],
      }),
    ],
  },
  configurations: [],
};

export const fleshyThrust: ProtocolModule = {
  definition: FLESHY_THRUST_DEFINITION,
  createHandler: PerCommandHandler.factory('Fleshy Thrust', {
    encoders: { HwPositionWithDuration: (c) => [encodeMove(c.value, c.duration ?? 0)] },
  }),
};
