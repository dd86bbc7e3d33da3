// Mizz Zee, third generation (XHTKJ): a 20-byte frame carrying the motor level twice as a 10-bit
// value, written with response. The toy stops when it hears nothing for a while, so the last
// frame is repeated every 200 ms, starting with a stop frame at connection (upstream
// mizzzee_v3.rs; the stop at connection is device_handle.rs's setup for repeat-last-packet
// keepalives, and test_mizzzee_v3_protocol.yaml expects it first).

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite, TX } from './shared/writes.js';

export const MIZZZEE_V3_KEEPALIVE_MS = 200;
const STEPS = 1000;

const HEADER = [0x03, 0x12, 0xf3];
const FILL = [0x00, 0xfc, 0x00, 0xfe, 0x40, 0x01];
const STOP_FRAME: readonly number[] = [0x03, 0x12, ...new Array<number>(18).fill(0)];

/**
 * Step 0–1000 → the frame's level bytes. Upstream computes in 32-bit floats: the level is lifted
 * to 30 %–100 % of the motor's 10-bit range (below 30 % it does not turn), truncated, shifted
 * into the top ten bits of a 16-bit word and tagged with 60 in the low six; little-endian.
 */
export function levelBytes(step: number): [number, number] {
  const f = Math.fround;
  const scale = f(f(step) / STEPS);
  const lifted = f(f(scale * f(0.7)) + f(0.3));
  const level = Math.trunc(f(lifted * 1023));
  const word = ((level << 6) & 0xffff) | 60;
  return [word & 0xff, word >> 8];
}

export function encodeVibrate(step: number): HwWrite {
  if (step === 0) return bytesWrite(STOP_FRAME, true);
  const level = levelBytes(step);
  return bytesWrite([...HEADER, ...FILL, ...level, ...FILL, ...level, 0x00], true);
}

export const mizzzeeV3 = perCommandModule({
  definition: {
    id: 'mizzzee-v3',
    communication: [btle({ names: ['XHTKJ'], services: { ff10: { tx: 'ff12' } } })],
    defaults: device('Mizz Zee Device', '4d54f81c-e31f-469a-a17a-ea1d4058a037', undefined, [
      output(0, 'aa417fd0-0ab1-409f-b7a3-05f6c3ede623', 'Vibrate', STEPS),
    ]),
    configurations: [],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
  keepaliveMs: MIZZZEE_V3_KEEPALIVE_MS,
  async initialise(hw) {
    await hw.write(TX, Uint8Array.from(STOP_FRAME), true);
  },
});
