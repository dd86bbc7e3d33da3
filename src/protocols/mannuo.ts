// ManNuo: [0xaa, 0x55, 0x06, 0x01, 0x01, 0x01, speed, 0xfa, xor of the eight before], with
// response (upstream mannuo.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(speed: number): HwWrite {
  const bytes = [0xaa, 0x55, 0x06, 0x01, 0x01, 0x01, speed, 0xfa];
  let xor = 0;
  for (const b of bytes) xor ^= b;
  bytes.push(xor);
  return bytesWrite(bytes, true);
}

export const mannuo = perCommandModule({
  definition: {
    id: 'mannuo',
    communication: [
      btle({
        names: ['Sex toys', 'Sex Toys', 'LXCDVP', 'MANO PRODUCT'],
        services: { fff0: { rx: 'fff4', tx: 'fff1' } },
      }),
    ],
    defaults: device('ManNuo Device', '6fe6ed71-8869-4a38-bfc1-a7adc112e14e', undefined, [
      output(0, '36daf552-3c59-44b8-b00e-ff1e0e799fc6', 'Vibrate', 3),
    ]),
    configurations: [],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
});
