// TryFun Black Hole Plus and Rock: one packet per command on tx (no response), led by a packet
// counter the device keeps for its whole connection. Facts: upstream device config
// "tryfun-blackhole" and tryfun_blackhole.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite, PacketCounter } from './shared/writes.js';

/** 0xff minus the bytes after the counter, plus their count + 1 (upstream), modulo 256. */
export function blackholeChecksum(afterCounter: readonly number[]): number {
  let sum = 0xff;
  for (const b of afterCounter) sum -= b;
  return (sum + afterCounter.length + 1) & 0xff;
}

function packet(id: number, command: number, speed: number): HwWrite {
  const body = [0x02, 0x00, 0x03, command, speed & 0xff];
  return bytesWrite([id, ...body, blackholeChecksum(body)], false);
}

/** Suction/stroke speed, 0–100. */
export function encodeOscillate(id: number, speed: number): HwWrite {
  return packet(id, 0x0c, speed);
}

/** Vibration, 0–100 (Rock: 0–50). */
export function encodeVibrate(id: number, speed: number): HwWrite {
  return packet(id, 0x09, speed);
}

export const TRYFUN_BLACKHOLE_DEFINITION: ProtocolDefinition = {
  id: 'tryfun-blackhole',
  communication: [btle({ names: ['TF-BHPLUS', 'TF-ROCK'], services: { ffac: { tx: 'ffb7' } } })],
  defaults: device('TryFun Black Hole Plus', '074de6cc-7aee-4b33-8d14-474a61d26548', undefined, [
    output(0, '3bf4453c-8ca3-42e5-82c6-409d85cdbacf', 'Oscillate', 100),
    output(1, 'e10533e6-9aac-4a71-99c1-0b44378d9f06', 'Vibrate', 100),
  ]),
  // Upstream lists only the Rock's vibrator, at its own index 1.
  configurations: [
    device(
      'TryFun Rock',
      'd2e5f7a9-1b3c-4680-bf5d-7c9a2e4f6d8b',
      ['TF-ROCK'],
      [output(1, 'e27b1f9c-8a34-4d12-b76e-9f8c2a5d176b', 'Vibrate', 50)],
    ),
  ],
};

export const tryfunBlackhole = perCommandModule({
  definition: TRYFUN_BLACKHOLE_DEFINITION,
  supported: ['Oscillate', 'Vibrate'],
  encodersFor: () => {
    const counter = new PacketCounter();
    return {
      Oscillate: (c) => [encodeOscillate(counter.take(), c.value)],
      Vibrate: (c) => [encodeVibrate(counter.take(), c.value)],
    };
  },
});
