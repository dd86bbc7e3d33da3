// Picobong: [0x01, mode, speed], mode 0x01 to run and 0xff to stop (upstream picobong.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0x01, speed === 0 ? 0xff : 0x01, speed], false);
}

// Columns aligned, one model per row: prettier would undo the alignment.
// prettier-ignore
const MODELS: readonly (readonly [name: string, id: string, identifiers: readonly string[]])[] = [
  ['Picobong Blow hole',  '1f59dbcf-b84d-4cf8-ac68-87bacb143b34', ['Blow hole', 'Picobong Male Toy']],
  ['Picobong Diver',      'b3396470-af6e-45df-ad4f-944539d71600', ['Diver', 'Picobong Egg']],
  ['Picobong Life guard', '88684b6f-6fde-488e-86a5-5c1f50893345', ['Life guard', 'Picobong Ring']],
  ['Picobong Surfer',     'f7c40c1b-0d86-4d39-9163-34a9a243d614', ['Surfer', 'Picobong Butt Plug', 'Egg driver', 'Surfer_plug']],
];

export const picobong = perCommandModule({
  definition: {
    id: 'picobong',
    communication: [btle({ names: MODELS.flatMap((m) => m[2]), services: { fff0: { tx: 'fff1' } } })],
    defaults: device('Picobong Device', 'e820a3cc-70e2-4766-98d4-934a00a667db', undefined, [
      output(0, '6acffe62-d4ae-4a9e-8610-123d46d26dcc', 'Vibrate', 10),
    ]),
    configurations: MODELS.map(([name, id, identifiers]) => device(name, id, identifiers)),
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
});
