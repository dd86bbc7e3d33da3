// The Cowgirl Cone: a wake-up packet and a 3 s pause after connecting, then [0xf1, 0x01, speed,
// 0x00] per command on tx. Facts: upstream device config "cowgirl-cone" and cowgirl_cone.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { delay } from './shared/exchanges.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite, TX } from './shared/writes.js';

export const INIT = [0xaa, 0x56, 0x00, 0x00] as const;
/** upstream waits this long after the init packet before the device takes commands. */
export const INIT_PAUSE_MS = 3000;

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0xf1, 0x01, speed, 0x00]);
}

async function initialise(hw: HardwareOps): Promise<void> {
  await hw.write(TX, Uint8Array.from(INIT), false);
  await delay(INIT_PAUSE_MS);
}

export const COWGIRL_CONE_DEFINITION: ProtocolDefinition = {
  id: 'cowgirl-cone',
  communication: [btle({ names: ['CG-CONE'], services: { ffe0: { tx: 'ffe1' } } })],
  defaults: {
    name: 'The Cowgirl Cone',
    id: '2dc2667a-2305-4dd4-a0a0-9c1dbcf119ea',
    features: [output(0, 'd9247325-2173-4ac7-95c3-6730f0d37964', 'Vibrate', 128)],
  },
  configurations: [device('The Cowgirl Cone', '72ec0578-c6dc-4835-a72d-3388816f9611', ['CG-CONE'])],
};

export const cowgirlCone: ProtocolModule = {
  definition: COWGIRL_CONE_DEFINITION,
  initialise,
  createHandler: PerCommandHandler.factory('Cowgirl Cone', {
    encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
  }),
};
