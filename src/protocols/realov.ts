// Realov: [0xc5, 0x55, speed, 0xaa] (upstream realov.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0xc5, 0x55, speed, 0xaa], false);
}

export const realov = perCommandModule({
  definition: {
    id: 'realov',
    communication: [btle({ names: ['REALOV_VIBE'], services: { ffe0: { tx: 'ffe1' } } })],
    defaults: device('Realov Device', '79b23444-7e36-4042-bd52-86221c67c988', undefined, [
      output(0, '7d9d20cd-1a03-487f-b6c7-9b337c49e534', 'Vibrate', 50),
    ]),
    configurations: [],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
});
