// Pretty Love (Aogu): [0x00, speed] with response. Every toy identifies as "Aogu BLE", whatever
// it advertises, so user configs key on that (upstream prettylove.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export const PRETTYLOVE_IDENTIFIER = 'Aogu BLE';

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0x00, speed], true);
}

export const prettylove = perCommandModule({
  definition: {
    id: 'prettylove',
    communication: [
      btle({
        names: ['Aogu BLE *', 'AB Shutter3 [Aogu BLE Device]'],
        services: { ffe5: { rx: 'ffe2', tx: 'ffe9' } },
      }),
    ],
    defaults: device('Pretty Love Device', 'abeb7195-dbc2-4bd1-a079-18ffbb04e521', undefined, [
      output(0, '349df5c5-1c5d-4de2-a3d9-c9159c640aba', 'Vibrate', 3),
    ]),
    configurations: [],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
  async identify() {
    return PRETTYLOVE_IDENTIFIER;
  },
});
