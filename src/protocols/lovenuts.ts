// Love Nuts: "EVOL", the 0–15 speed in both nibbles of ten bytes, then 0x00 0xff (upstream
// lovenuts.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

const HEADER = [0x45, 0x56, 0x4f, 0x4c]; // "EVOL"

export function encodeVibrate(speed: number): HwWrite {
  // Byte arithmetic as upstream's u8: a speed above 15 (a widened user range) bleeds into the high nibble.
  const both = (speed | (speed << 4)) & 0xff;
  return bytesWrite([...HEADER, ...new Array<number>(10).fill(both), 0x00, 0xff], false);
}

export const lovenuts = perCommandModule({
  definition: {
    id: 'lovenuts',
    communication: [btle({ names: ['Love_Nuts'], services: { fff0: { tx: 'fff1' } } })],
    defaults: device('Love Nut', '3d5a9edb-e393-4603-8fb9-e038d3c4c0f3', undefined, [
      output(0, '45793bae-a3d5-4d76-9f20-f907e82b18df', 'Vibrate', 15),
    ]),
    configurations: [],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
});
