// Mizz Zee (first generation, NFY008): [0x69, 0x96, 0x03, 0x01, on/off, speed] (upstream
// mizzzee.rs). Later generations: mizzzee-v2.ts, mizzzee-v3.ts.

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0x69, 0x96, 0x03, 0x01, speed === 0 ? 0x00 : 0x01, speed], false);
}

export const mizzzee = perCommandModule({
  definition: {
    id: 'mizzzee',
    communication: [btle({ names: ['NFY008'], services: { eea0: { tx: 'eea1' } } })],
    defaults: device('Mizz Zee Device', 'd8aa061f-f60d-4e0c-a638-cbbae4493c3b', undefined, [
      output(0, 'be144c33-8f81-42b7-b43b-1def688feedf', 'Vibrate', 68),
    ]),
    configurations: [],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
});
