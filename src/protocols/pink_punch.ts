// Pink Punch: [0x09, speed] with response (upstream pink_punch.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0x09, speed], true);
}

// Columns aligned, one model per row: prettier would undo the alignment.
// prettier-ignore
const MODELS: readonly (readonly [identifier: string, name: string, id: string])[] = [
  ['Pink_Punch',           'Pink Punch Sunset Mushroom', '7e0338c1-0562-451a-95ce-1b078de2f32e'],
  ['PinkPunch_Peachu',     'Pink Punch Peachu',          'b0554241-8f73-45c7-baf8-fa179f1ea4ef'],
  ['PinkPunch_DreamBunny', 'Pink Punch Dream Bunny',     '85703d43-c719-4753-ba92-3bb28c150565'],
  ['PinkPunch_Peacaron',   'Pink Punch Peacaron',        '4f08a8b9-70a7-4a0d-b90e-67010ac21f15'],
];

export const pinkPunch = perCommandModule({
  definition: {
    id: 'pink_punch',
    communication: [btle({ names: MODELS.map((m) => m[0]), services: { ffe0: { tx: 'ffe1' } } })],
    defaults: device('Pink Punch Device', 'c64c779a-4451-4c55-af1d-e4b40527d678', undefined, [
      output(0, '71813440-1a8e-4cfb-9753-bf1fdc674579', 'Vibrate', 100),
    ]),
    configurations: MODELS.map(([identifier, name, id]) => device(name, id, [identifier])),
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
});
