// Mizz Zee, second generation (XHT): [0x69, 0x96, 0x04, 0x02, speed, 0x2c, speed] (upstream
// mizzzee_v2.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0x69, 0x96, 0x04, 0x02, speed, 0x2c, speed], false);
}

export const mizzzeeV2 = perCommandModule({
  definition: {
    id: 'mizzzee-v2',
    communication: [btle({ names: ['XHT'], services: { eea0: { tx: 'ee01' } } })],
    defaults: device('Mizz Zee Device', '9fc65537-e8ae-4e54-bfcb-adebbe39d7e1', undefined, [
      output(0, 'e120abaf-dd55-4b8a-ba17-ea86155a819c', 'Vibrate', 68),
    ]),
    configurations: [],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
});
