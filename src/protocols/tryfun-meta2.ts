// TryFun Meta 2: one packet per command on tx (no response), led by a packet counter the device
// keeps for its whole connection. Facts: upstream device config "tryfun-meta2" and tryfun_meta2.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite, PacketCounter } from './shared/writes.js';
import { blackholeChecksum } from './tryfun-blackhole.js';

function packet(id: number, command: number, value: number): HwWrite {
  const body = [0x02, 0x00, 0x05, 0x21, 0x05, command, value & 0xff];
  // Same checksum rule as the Black Hole (upstream computes it identically).
  return bytesWrite([id, ...body, blackholeChecksum(body)], false);
}

/** Stroke speed, 0–100. */
export function encodeOscillate(id: number, speed: number): HwWrite {
  return packet(id, 0x0b, speed);
}

/** Vibration, 0–100. */
export function encodeVibrate(id: number, speed: number): HwWrite {
  return packet(id, 0x08, speed);
}

/**
 * The device reads rotation as a signed byte with the direction inverted and clockwise shifted by
 * one: 100 → −101, 0 → −1 (0xff, the stop byte), −100 → 100 (upstream tryfun_meta2.rs).
 */
export function rotateByte(speed: number): number {
  return (speed >= 0 ? -(speed + 1) : -speed) & 0xff;
}

/** Rotation, −100–100 (sign = direction). */
export function encodeRotate(id: number, speed: number): HwWrite {
  return packet(id, 0x0e, rotateByte(speed));
}

export const TRYFUN_META2_DEFINITION: ProtocolDefinition = {
  id: 'tryfun-meta2',
  communication: [btle({ names: ['TF-META2'], services: { ffac: { tx: 'ffb7' } } })],
  defaults: device('TryFun Meta 2', '6b45e5f8-5b23-4c1d-a478-43c17a54cae3', undefined, [
    output(0, '0773790b-b629-46b7-af2a-174d75c53fe3', 'Oscillate', 100),
    output(1, 'bf8f3a67-3403-4d57-90e3-027804c57c4e', 'Vibrate', 100),
    output(2, '26402ebe-7ee0-4c7d-ae40-205ec4f3a1b0', 'Rotate', 100, { min: -100 }),
  ]),
  configurations: [],
};

export const tryfunMeta2 = perCommandModule({
  definition: TRYFUN_META2_DEFINITION,
  supported: ['Oscillate', 'Vibrate', 'Rotate'],
  encodersFor: () => {
    const counter = new PacketCounter();
    return {
      Oscillate: (c) => [encodeOscillate(counter.take(), c.value)],
      Vibrate: (c) => [encodeVibrate(counter.take(), c.value)],
      Rotate: (c) => [encodeRotate(counter.take(), c.value)],
    };
  },
});
