// Meese: [0x01, 0x80, motor (1-based), speed], with response (upstream meese.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(feature: number, speed: number): HwWrite {
  return bytesWrite([0x01, 0x80, 0x01 + feature, speed], true);
}

export const meese = perCommandModule({
  definition: {
    id: 'meese',
    communication: [btle({ names: ['Meese-V389', 'Meese-cd'], services: { ffe0: { tx: 'ffe1' } } })],
    defaults: device('Meese Device', '6ee04bd7-2f57-4ada-b622-b9bb210ff0c1', undefined, [
      output(0, '86e146ce-8aca-4df1-bfca-67dcf4d241c4', 'Vibrate', 10),
      output(1, 'd2a0c869-d3c7-4ad7-b1fb-a8c914584abf', 'Vibrate', 3),
    ]),
    configurations: [
      device('Meese Tera', '8fe479fd-8343-49a2-959b-47f4cd7104ac', ['Meese-V389']),
      device(
        'Meese Modo',
        'db5ab134-ecc8-4f50-9339-20908f8894e6',
        ['Meese-cd'],
        [output(0, '9bdae29d-46fc-4435-8a63-71927e5e1ada', 'Vibrate', 10)],
      ),
    ],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.feature, c.value)] },
});
