// Nobra's Silicone Dreams controller, on Bluetooth LE or a serial port: one byte, 0x60 + speed
// (1–15), 0x70 to stop; the same stop byte is written once at connection (upstream nobra.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite, TX } from './shared/writes.js';

const STOP = 0x70;

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([speed === 0 ? STOP : 0x60 + speed], false);
}

export const nobra = perCommandModule({
  definition: {
    id: 'nobra',
    communication: [
      btle({ names: ['NobraControl*', 'Nobra Control*'], services: { abf0: { tx: 'abf1' } } }),
      { serial: { port: 'default', baudRate: 19_200, dataBits: 8, parity: 'N', stopBits: 1 } },
    ],
    defaults: device("Nobra's Silicone Dreams Toy", 'b548cba6-63cd-4d4c-9124-7e13303a6dec', undefined, [
      output(0, '3d9a6c96-2f9e-4105-931b-c799c1c9f3e0', 'Vibrate', 15),
    ]),
    configurations: [],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
  async initialise(hw) {
    await hw.write(TX, Uint8Array.of(STOP), false);
  },
});
