// Synchro: [0xa1, 0x01, speed | direction, 0x77, 0x55], the top bit set for counter-clockwise
// (upstream synchro.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

const COUNTER_CLOCKWISE = 0x80;

/** Signed speed −6…6: the sign is the direction. */
export function encodeRotate(speed: number): HwWrite {
  return bytesWrite([0xa1, 0x01, Math.abs(speed) | (speed < 0 ? COUNTER_CLOCKWISE : 0), 0x77, 0x55], false);
}

export const synchro = perCommandModule({
  definition: {
    id: 'synchro',
    communication: [
      btle({ names: ['Shinkuro', 'synchro2', 'synchro EX'], services: { ffe0: { tx: 'ffe1' } } }),
    ],
    defaults: device('Synchro', 'f912a283-7308-4e56-a508-4d47d9caf7d2', undefined, [
      output(0, 'b7495351-9101-448a-94c4-4598cf541dca', 'Rotate', 6, { min: -6 }),
    ]),
    configurations: [device('Synchro Exchange', '3535446e-779a-496b-8404-e895878cf3e1', ['synchro EX'])],
  },
  encoders: { Rotate: (c) => [encodeRotate(c.value)] },
});
