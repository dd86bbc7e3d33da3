// Leten: [0x02, speed] written with response on tx, repeated every second (the device stops when
// it hears nothing). Facts: upstream device config "leten" and leten.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite, TX } from './shared/writes.js';

/** upstream leten.rs: RepeatLastPacketStrategyWithTiming(1000 ms). */
export const LETEN_KEEPALIVE_MS = 1000;
/**
 * The app sometimes first sends [0x04, 0x00] and waits for [0x01] on rx; upstream skips that and
 * sends this alone.
 */
export const AUTH = [0x04, 0x01] as const;

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0x02, speed], true);
}

/**
 * Authenticate, then stop the motor: upstream stops every device whose protocol repeats packets
 * as soon as it connects (device_handle.rs), so the device hears [0x02, 0x00] before any command.
 */
async function initialise(hw: HardwareOps): Promise<void> {
  await hw.write(TX, Uint8Array.from(AUTH), true);
  const stop = encodeVibrate(0);
  await hw.write(stop.endpoint, stop.data, stop.withResponse);
}

export const LETEN_DEFINITION: ProtocolDefinition = {
  id: 'leten',
  communication: [
    btle({
      names: ['T528-LT', 'F537-LT', 'F520B-LT', 'F520A-LT'],
      services: { ffe0: { rx: 'ffe1' }, fff0: { tx: 'fff1' } },
    }),
  ],
  defaults: {
    name: 'Leten Device',
    id: '8c613401-3bc2-434b-8ffe-881879b1e287',
    features: [output(0, 'f9df3044-6d90-4767-97a9-05d15e2f97ec', 'Vibrate', 25)],
  },
  configurations: [],
};

export const leten: ProtocolModule = {
  definition: LETEN_DEFINITION,
  initialise,
  createHandler: PerCommandHandler.factory('Leten', {
    encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
    keepaliveMs: LETEN_KEEPALIVE_MS,
  }),
};
