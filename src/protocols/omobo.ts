// Omobo ViVegg: [0xa1, 0x04, 0x04, 0x01, speed, 0xff, 0x55] with response (upstream omobo.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0xa1, 0x04, 0x04, 0x01, speed, 0xff, 0x55], true);
}

export const omobo = perCommandModule({
  definition: {
    id: 'omobo',
    communication: [btle({ names: ['S6'], services: { ffb0: { tx: 'ffb2' } } })],
    defaults: device('Omobo ViVegg Vibrator', '550658f8-3cce-4b97-999e-7ddb3357a591', undefined, [
      output(0, '6ce40ef1-a4bc-4d4f-a3f1-9059e8fd461b', 'Vibrate', 100),
    ]),
    configurations: [],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
});
