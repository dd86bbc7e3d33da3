// XInput gamepads (XBox compatible): both rumble motors in one 4-byte packet, sent once per
// command with the speeds known at that moment: the right (small) motor's u16 first, then the left,
// little-endian. Battery from the pad's level 0–3. thrum does not drive the XInput bus yet: this is
// the database entry and the encoders. Facts: upstream device config "xinput" and xinput.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { InputType } from '../core/features.js';
import type { HardwareOps, HwWrite } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandModule, rememberingSpeeds } from './shared/handlers.js';
import { RX, TX } from './shared/writes.js';

/** Motor 0 (left, 0–65535) and motor 1 (right), as the XInput vibration struct wants them. */
export function encodeSpeeds(speed0: number, speed1: number): HwWrite {
  const data = new Uint8Array(4);
  const view = new DataView(data.buffer);
  view.setUint16(0, speed1 & 0xffff, true);
  view.setUint16(2, speed0 & 0xffff, true);
  return { endpoint: TX, data, withResponse: false };
}

/** XInput battery levels empty/low/medium/full as a percentage; other values are errors. */
const BATTERY_PERCENT = [0, 33, 66, 100] as const;

export function batteryPercent(level: number): number {
  const percent = BATTERY_PERCENT[level];
  if (percent === undefined) throw new Error(`XInput battery level ${level} is not 0–3`);
  return percent;
}

async function readBattery(hw: HardwareOps, _feature: number, type: InputType): Promise<readonly number[]> {
  if (type !== 'Battery') throw new Error(`XInput has no readable ${type} input`);
  const data = await hw.read(RX, 0);
  return [batteryPercent(data[0] ?? -1)];
}

const motor = (index: number, id: string) => output(index, id, 'Vibrate', 65535);

export const XINPUT_DEFINITION: ProtocolDefinition = {
  id: 'xinput',
  communication: [{ other: { bus: 'xinput', data: { exists: true } } }],
  defaults: device('XBox (XInput) Compatible Gamepad', '0e7844fb-ff3d-4f5d-9e86-03b20f120f94', undefined, [
    motor(0, 'eded54a0-9ef2-49e1-99ec-7ab0ae606604'),
    motor(1, '13b25ae7-4c84-4e9c-bd3e-c2f835bd3edb'),
  ]),
  configurations: [],
};

export const xinput = perCommandModule({
  definition: XINPUT_DEFINITION,
  supported: ['Vibrate'],
  encodersFor: () => ({
    Vibrate: rememberingSpeeds(2, (speeds) => [encodeSpeeds(speeds[0] ?? 0, speeds[1] ?? 0)]),
  }),
  readInput: readBattery,
});
