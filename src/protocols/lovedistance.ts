// Love Distance (Reach, Span, Range, …): one vibrator, [0xf3, 0x00, speed] on tx. Before the
// first command the toy is put in direct-control mode with two writes (upstream lovedistance.rs).

import type { HardwareOps, HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite, TX } from './shared/writes.js';

// Columns aligned, one model per row: prettier would undo the alignment.
// prettier-ignore
const MODELS: readonly (readonly [identifier: string, name: string, id: string])[] = [
  ['REACH G', 'Love Distance Reach G',  '7b190a71-6667-4b63-9929-42dc3a22d113'],
  ['REACH',   'Love Distance Reach',    'ad11cd1c-7450-4a0e-b7cf-4ff94e53b685'],
  ['MAG',     'Love Distance Mag',      'bae30100-1dfa-4bd9-a2b3-e9415bebd1cb'],
  ['SPAN',    'Love Distance Span',     '84d00425-1a74-4fef-ad06-a5cdf22450d4'],
  ['RANGE',   'Love Distance Range',    '9cd3854e-03d7-4a32-b189-a97990ef45be'],
  ['ORBIT',   'Love Distance Range',    '04c77f83-87bc-4547-87cc-d2c45c203313'], // upstream names the Orbit "Range"
  ['JOIN G',  'Love Distance Join G',   '21f4d6ea-9c83-4d3e-a095-f5761e6c63ed'],
  ['LINK',    'Love Distance Link',     '7dfc44e0-0a77-4725-be94-55ae7fab2601'],
  ['GRASP',   'Love Distance Grasp',    '57d24ed8-fc9d-4dad-87b0-d978d3ebe8cd'],
  ['RECEIVE', 'Love Distance Receive',  'd104ec28-cd82-4fdb-bb9b-96ffc3b639ed'],
];

/** The two writes that hand control to us (upstream LoveDistanceInitializer). */
export const LOVEDISTANCE_INIT: readonly (readonly number[])[] = [
  [0xf3, 0x00, 0x00],
  [0xf4, 0x01],
];

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0xf3, 0x00, speed], false);
}

async function initialise(hw: HardwareOps): Promise<void> {
  for (const bytes of LOVEDISTANCE_INIT) await hw.write(TX, Uint8Array.from(bytes), false);
}

export const lovedistance = perCommandModule({
  definition: {
    id: 'lovedistance',
    communication: [btle({ names: MODELS.map((m) => m[0]), services: { ff00: { rx: 'ff02', tx: 'ff01' } } })],
    defaults: device('Love Distance Device', '1cd71bad-3cfc-41ee-a6b8-8651bf658489', undefined, [
      output(0, '3eae1a60-e996-4726-858b-2128a1ae376a', 'Vibrate', 121),
    ]),
    configurations: MODELS.map(([identifier, name, id]) => device(name, id, [identifier])),
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
  initialise,
});
