// Lioness: [0x02, 0xaa, 0xbb, 0xcc, 0xcc, speed] on tx after an init packet written with
// response. Facts: upstream device config "lioness" and lioness.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite, RX, TX } from './shared/writes.js';

export const INIT = [0x01, 0xaa, 0xaa, 0xbb, 0xcc, 0x10] as const;

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0x02, 0xaa, 0xbb, 0xcc, 0xcc, speed]);
}

async function initialise(hw: HardwareOps): Promise<void> {
  await hw.subscribe(RX);
  try {
    await hw.write(TX, Uint8Array.from(INIT), true);
  } catch (err) {
    // The usual cause, per upstream: the toy is not paired with the OS yet.
    throw new Error(
      `Lioness may need pairing with the OS (PIN 6496 or 006496): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export const LIONESS_DEFINITION: ProtocolDefinition = {
  id: 'lioness',
  communication: [
    btle({
      names: ['Lioness', 'Lioness2'],
      services: {
        'd973f2e5-b19e-11e2-9e96-0800200c9a66': { rx: 'd973f2e6-b19e-11e2-9e96-0800200c9a66' },
        'd973f2ed-b19e-11e2-9e96-0800200c9a66': { tx: 'd973f2f4-b19e-11e2-9e96-0800200c9a66' },
      },
    }),
  ],
  defaults: {
    name: 'Lioness',
    id: 'a35b0291-002b-4382-9eaf-6ebd9d04b668',
    features: [output(0, '30051e05-190c-43e9-a35d-480a7615622d', 'Vibrate', 100)],
  },
  configurations: [],
};

export const lioness: ProtocolModule = {
  definition: LIONESS_DEFINITION,
  initialise,
  createHandler: PerCommandHandler.factory('Lioness', {
    encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
  }),
};
