// Motorbunny: a command byte, seven repeats of a (mode, level) pair, the byte sum of those pairs,
// 0xec. Vibration pairs are (speed, 0x14); rotation pairs are (direction, speed) with 0x2a
// clockwise, 0x29 counter-clockwise. Zero has its own short frame (upstream motorbunny.rs).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

const END = 0xec;
const REPEATS = 7;

function frame(command: number, pair: readonly [number, number]): HwWrite {
  const bytes = [command];
  let sum = 0;
  for (let i = 0; i < REPEATS; i++) {
    bytes.push(pair[0], pair[1]);
    sum = (sum + pair[0] + pair[1]) & 0xff;
  }
  bytes.push(sum, END);
  return bytesWrite(bytes, false);
}

export function encodeVibrate(speed: number): HwWrite {
  return speed === 0 ? bytesWrite([0xf0, 0x00, 0x00, 0x00, 0x00, END], false) : frame(0xff, [speed, 0x14]);
}

/** Signed speed: the sign is the direction. */
export function encodeRotate(speed: number): HwWrite {
  return speed === 0
    ? bytesWrite([0xa0, 0x00, 0x00, 0x00, 0x00, END], false)
    : frame(0xaf, [speed > 0 ? 0x2a : 0x29, Math.abs(speed)]);
}

export const motorbunny = perCommandModule({
  definition: {
    id: 'motorbunny',
    communication: [btle({ names: ['MB Controller', 'MB LINK 201'], services: { fff0: { tx: 'fff6' } } })],
    defaults: device('Motorbunny Device', '21cb973e-c404-44de-99c8-9cf4bc5538a6', undefined, [
      output(0, 'cb44a214-4c5c-4a04-8b1a-0d91a73a7a3a', 'Vibrate', 255),
      output(1, '683b450d-bb1a-4fca-b61a-83f8b56086fa', 'Rotate', 255, { min: -255 }),
    ]),
    configurations: [
      device('Motorbunny Classic', '97362be6-5601-4d08-812a-4eb1ffa29980', ['MB Controller']),
      device('Motorbunny Buck', '6de31e21-d76c-4d9a-9220-afa36f29d128', ['MB LINK 201']),
    ],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)], Rotate: (c) => [encodeRotate(c.value)] },
});
