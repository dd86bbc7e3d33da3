// MyMuse Link Plus: [0xaa, 0x55, 0x06, 0x01, 0x01, 0x01, speed, 0xff]; stop is its own frame
// (upstream mymuselinkplus.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(speed: number): HwWrite {
  return speed === 0
    ? bytesWrite([0xaa, 0x55, 0x06, 0xaa, 0x00, 0x00, 0x00, 0x00], false)
    : bytesWrite([0xaa, 0x55, 0x06, 0x01, 0x01, 0x01, speed, 0xff], false);
}

export const mymuselinkplus = perCommandModule({
  definition: {
    id: 'mymuselinkplus',
    communication: [btle({ names: ['MM Massager'], services: { fff0: { tx: 'fff1' } } })],
    defaults: device('MyMuse Link Plus', 'a1f0b8c3-2e7d-194a-6b9f-8d3e1c5a2b40', undefined, [
      output(0, 'b8c3a1f0-7d2e-4a19-9f6b-3e8d1c5a2b40', 'Vibrate', 3, { description: 'Vibrator' }),
    ]),
    configurations: [],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
});
