// MaxPro 2: ten bytes with the speed twice and, last, the byte sum of the nine before (upstream
// maxpro.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(speed: number): HwWrite {
  const bytes = [0x55, 0x04, 0x07, 0xff, 0xff, 0x3f, speed, 0x5f, speed];
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  bytes.push(sum);
  return bytesWrite(bytes, false);
}

export const maxpro = perCommandModule({
  definition: {
    id: 'maxpro',
    communication: [
      btle({
        names: ['M2'],
        services: { '6e400001-b5a3-f393-e0a9-e50e24dcca9e': { tx: '6e400002-b5a3-f393-e0a9-e50e24dcca9e' } },
      }),
    ],
    defaults: device('MaxPro 2', '1f903059-93fd-4160-89a8-cc7a2001d0fa', undefined, [
      output(0, 'f3c0255d-2734-4f60-95a7-2e9fc04e399c', 'Vibrate', 100),
    ]),
    configurations: [],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
});
