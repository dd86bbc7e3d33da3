// Nexus Revo: [0xaa, 0x01, channel, 0x00, a, b] with response; channel 1 vibrates (speed in the
// last byte), channel 2 rotates (mode in the fifth byte: 0 stop, 1–2 counter-clockwise speeds,
// 3–4 the same speeds clockwise) (upstream nexus_revo.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0xaa, 0x01, 0x01, 0x00, 0x01, speed], true);
}

/** Signed speed −2…2: clockwise speeds are offset by 2. */
export function encodeRotate(speed: number): HwWrite {
  return bytesWrite([0xaa, 0x01, 0x02, 0x00, Math.abs(speed) + (speed > 0 ? 2 : 0), 0x00], true);
}

export const nexusRevo = perCommandModule({
  definition: {
    id: 'nexus-revo',
    communication: [btle({ names: ['XW-LW3'], services: { c570: { tx: 'c571' } } })],
    defaults: device('Nexus Revo Stealth', '622f93f2-53d5-4ada-b6a7-359a9d8aedd0', undefined, [
      output(0, '24125960-c279-4f64-87e3-a819af7319b4', 'Vibrate', 10),
      output(1, 'fabe3961-dc17-4f32-856f-13880c0a29a3', 'Rotate', 2, { min: -2 }),
    ]),
    configurations: [],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)], Rotate: (c) => [encodeRotate(c.value)] },
});
