// Amorelie Joy: one init byte, then [0x01, pattern, speed] per command on tx. Facts: upstream
// device config "amorelie-joy" and amorelie_joy.rs. The advertised name ("4D01" … "4D09") picks
// the model.

import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite, TX } from './shared/writes.js';

/** Written once after connecting, before any command (upstream amorelie_joy.rs initialiser). */
export const INIT = [0x03] as const;
/** Pattern 1 = steady vibration. */
const PATTERN_STEADY = 0x01;

/** [0x01 header, pattern, speed 0–100]. */
export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0x01, PATTERN_STEADY, speed]);
}

async function initialise(hw: HardwareOps): Promise<void> {
  await hw.write(TX, Uint8Array.from(INIT), false);
}

export const AMORELIE_JOY_DEFINITION: ProtocolDefinition = {
  id: 'amorelie-joy',
  communication: [
    btle({
      names: ['4D01', '4D02', '4D03', '4D04', '4D05', '4D06', '4D07', '4D08', '4D09'],
      services: { ffe0: { tx: 'ffe3', rx: 'ffe2' } },
    }),
  ],
  defaults: {
    name: 'Amorelie Joy Device',
    id: 'df7c19cc-8e49-4c55-98d1-0b060424260f',
    features: [output(0, '9be34b27-431e-47d0-871b-fea3c116d32d', 'Vibrate', 100)],
  },
  // Columns aligned, one device per row: prettier would undo the alignment.
  // prettier-ignore
  configurations: [
    device('Amorelie Joy Move',    'b5681266-9f56-4a6f-9985-be33301af6af', ['4D02']),
    device('Amorelie Joy Cha-Cha', '891e1acb-84ec-41e5-8782-2392a1343a34', ['4D05']),
    device('Amorelie Joy Boogie',  'fdc21c92-80d8-4cfa-a4e2-a79fef020e1c', ['4D06']),
    device('Amorelie Joy Shimmer', '7a98633a-8b7e-4065-8e10-12b17588f504', ['4D01']),
    device('Amorelie Joy Grow',    'bd784815-49d7-4379-98d0-34aa1d9c0097', ['4D03']),
    device('Amorelie Joy Shuffle', '6124dfc8-b0f4-4db0-b85a-b8d0da53b6a8', ['4D04']),
    device('Amorelie Joy Salsa',   '7e7776a5-98a8-42ef-a9e9-b4aeaf5adbaa', ['4D07']),
  ],
};

export const amorelieJoy: ProtocolModule = {
  definition: AMORELIE_JOY_DEFINITION,
  initialise,
  createHandler: PerCommandHandler.factory('Amorelie Joy', {
    encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
  }),
};
