// Sakuraneko: 12-byte frames, 0xa1 for the vibrator and 0xa2 for the rotator, the speed in the
// eighth byte (upstream sakuraneko.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0xa1, 0x08, 0x01, 0x00, 0x00, 0x00, 0x64, speed, 0x00, 0x64, 0xdf, 0x55], false);
}

/** The rotator turns one way only: the speed goes in unsigned (the configured range is 0–100). */
export function encodeRotate(speed: number): HwWrite {
  return bytesWrite([0xa2, 0x08, 0x01, 0x00, 0x00, 0x00, 0x64, speed & 0xff, 0x00, 0x32, 0xdf, 0x55], false);
}

export const sakuraneko = perCommandModule({
  definition: {
    id: 'sakuraneko',
    communication: [
      btle({
        names: ['sakuraneko-01', 'sakuraneko-02', 'sakuraneko-03', 'sakuraneko-04'],
        services: { ffe0: { tx: 'ffe1' } },
      }),
    ],
    defaults: device('Sakuraneko Device', '0e121fa6-76db-484a-892f-4dc88ac6f333', undefined, [
      output(0, 'bb67be77-f219-411d-98b5-d6b358eb94c9', 'Vibrate', 100),
    ]),
    configurations: [
      device('Sakuraneko Korokoro', '26673810-3196-4733-8071-781c221c1a39', ['sakuraneko-01']),
      device('Sakuraneko Nukunuku', 'e1bcba4b-1f4d-4d57-8a30-ee3696fb206f', ['sakuraneko-02']),
      device('Sakuraneko Dokidoki', '7234946a-55ed-483a-8482-a6d6e1e97c4b', ['sakuraneko-03']),
      device(
        'Sakuraneko Koikoi',
        'c45e02cd-b8b6-4617-996e-302db442b228',
        ['sakuraneko-04'],
        [
          output(0, 'a5eb13a7-1f14-4785-a2ea-86dde4a3e15b', 'Vibrate', 100),
          output(1, '62b84b1c-cfcd-4d9a-8dba-4d8210e5ee93', 'Rotate', 100),
        ],
      ),
    ],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)], Rotate: (c) => [encodeRotate(c.value)] },
});
