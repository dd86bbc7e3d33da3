// Youou Wand Vibrator: one 17-byte packet per command on tx, no response, carrying a packet
// counter and an XOR check. Facts: upstream device config "youou" and youou.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite, PacketCounter } from './shared/writes.js';

/** Upstream identifies every Youou device as this, whatever its advertised serial suffix. */
export const YOUOU_IDENTIFIER = 'VX001_';

/** Vibration 0–255 (above ~247 the device plays patterns; upstream passes it through). */
export function encodeVibrate(id: number, speed: number): HwWrite {
  const head = [0xaa, 0x55, id & 0xff, 0x02, 0x03, 0x01, speed & 0xff, speed > 0 ? 1 : 0];
  const check = head.reduce((x, b) => x ^ b, 0);
  return bytesWrite([...head, check, 0xff, 0, 0, 0, 0, 0, 0, 0], false);
}

export const YOUOU_DEFINITION: ProtocolDefinition = {
  id: 'youou',
  communication: [btle({ names: ['VX001_*'], services: { fff0: { tx: 'fff6' } } })],
  defaults: device('Youou Wand Vibrator', '6b113fe0-9d26-4dd3-a997-527eb8a048b0', undefined, [
    output(0, '19dc8b35-713c-448b-926f-4d56b14f432d', 'Vibrate', 255),
  ]),
  configurations: [],
};

export const youou = perCommandModule({
  definition: YOUOU_DEFINITION,
  supported: ['Vibrate'],
  encodersFor: () => {
    const counter = new PacketCounter();
    return { Vibrate: (c) => [encodeVibrate(counter.take(), c.value)] };
  },
  identify: async () => YOUOU_IDENTIFIER,
});
