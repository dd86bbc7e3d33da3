// Next Level Racing HF8 haptic pad, on a serial port: "M{motor}{level}\r" in ASCII, one motor
// per feature (upstream nextlevelracing.rs). The port is upstream's placeholder "default": a user
// names theirs in the user device config.

import type { HwWrite } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

const ascii = new TextEncoder();

// Columns aligned, one motor per row: prettier would undo the alignment.
// prettier-ignore
const MOTORS: readonly (readonly [description: string, id: string])[] = [
  ['Right thigh',    '178ade8c-0063-4f37-b37f-c47608f0b1e3'],
  ['Left thigh',     'f3d43a20-94e8-4e6a-a504-4b2fe87cfbe1'],
  ['Right buttock',  '00d0b735-ffb6-4964-b963-75b1d4995c89'],
  ['Left buttock',   '5ba0a42a-8bed-4123-95bd-0d1f4bc5333d'],
  ['Right back',     '29820b84-4c47-443d-85a5-8706f64d38c1'],
  ['Left back',      'b930b1ae-2974-4e8f-b95c-b960d848534c'],
  ['Right shoulder', '225e1d14-4cc9-4c8c-b6ff-5ae024e3387a'],
  ['Left shoulder',  'e369bcd9-8e2f-4466-8773-98bdf5fad7c5'],
];

export function encodeVibrate(motor: number, level: number): HwWrite {
  return bytesWrite(ascii.encode(`M${motor}${level}\r`), false);
}

export const nextlevelracing = perCommandModule({
  definition: {
    id: 'nextlevelracing',
    communication: [
      { serial: { port: 'default', baudRate: 115_200, dataBits: 8, parity: 'N', stopBits: 1 } },
    ],
    defaults: device(
      'Next Level Racing HF8 Haptic Gaming Pad',
      'fc830a11-de0d-4262-8155-99827cb926a9',
      undefined,
      MOTORS.map(([description, id], i) => output(i, id, 'Vibrate', 255, { description })),
    ),
    configurations: [],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.feature, c.value)] },
});
