// Xiuxiuda: one fixed-frame packet per command on tx, no response. Facts: upstream device config
// "xiuxiuda" and xiuxiuda.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

/** Vibration 0–19. */
export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0x00, 0x00, 0x00, 0x00, 0x65, 0x3a, 0x30, speed, 0x64], false);
}

export const XIUXIUDA_DEFINITION: ProtocolDefinition = {
  id: 'xiuxiuda',
  communication: [
    btle({
      names: ['XXD-Lush*'],
      services: { '53300001-0023-4bd4-bbd5-a6920e4c5653': { tx: '53300003-0023-4bd4-bbd5-a6920e4c5653' } },
    }),
  ],
  defaults: device('Xiuxiuda Device', '2982ea67-a59f-4490-9a7c-23583a4ec642', undefined, [
    output(0, 'da1eb27b-6159-40f8-9662-69d9ca77f768', 'Vibrate', 19),
  ]),
  configurations: [],
};

export const xiuxiuda = perCommandModule({
  definition: XIUXIUDA_DEFINITION,
  supported: ['Vibrate'],
  encodersFor: () => ({ Vibrate: (c) => [encodeVibrate(c.value)] }),
});
