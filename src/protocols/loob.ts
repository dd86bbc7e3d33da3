// Joyroid Loob: [position u16 BE, duration u16 BE] on tx after an init packet. Facts: upstream
// device config "loob" and loob.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite, TX } from './shared/writes.js';

export const INIT = [0x00, 0x01, 0x01, 0xf4] as const;

/**
 * Position 1–1000 (0 is sent as 1) and duration at least 1 ms. The duration is cut to 16 bits
 * before that floor, as upstream's `as u16` does, so moves over 65.5 s wrap.
 */
export function encodeMove(position: number, durationMs: number): HwWrite {
  const pos = Math.max(Math.min(position & 0xffff, 1000), 1);
  const time = Math.max(durationMs & 0xffff, 1);
  return bytesWrite([pos >> 8, pos, time >> 8, time]);
}

async function initialise(hw: HardwareOps): Promise<void> {
  await hw.write(TX, Uint8Array.from(INIT), true);
}

export const LOOB_DEFINITION: ProtocolDefinition = {
  id: 'loob',
  communication: [
    btle({
      names: ['LOOB'],
      services: { 'b75c49d2-04a3-4071-a0b5-35853eb08307': { tx: 'ba5c49d2-04a3-4071-a0b5-35853eb08307' } },
    }),
  ],
  defaults: {
    name: 'Joyroid Loob',
    id: '26c0103c-9b39-4dbb-ad33-5cbdff03c178',
    features: [
      output(0, '7078c41e-0cd3-4264-8f54-c331ac4c81f9', 'HwPositionWithDuration', 1000, {
        duration: [0, 100_000],
      }),
    ],
  },
  configurations: [],
};

export const loob: ProtocolModule = {
  definition: LOOB_DEFINITION,
  initialise,
  createHandler: PerCommandHandler.factory('Loob', {
    encoders: { HwPositionWithDuration: (c) => [encodeMove(c.value, c.duration ?? 0)] },
  }),
};
