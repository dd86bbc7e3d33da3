// iToys: 6-byte packets on tx, one layout for vibration and one for oscillation. Facts: upstream
// device config "itoys" and itoys.rs. The advertised name picks the model.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

/** [0xa0, 0x01, 0, 0, speed, 0xff]. */
export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0xa0, 0x01, 0x00, 0x00, speed, 0xff]);
}

/** [0xa0, 0x06, on, 0, on, speed], on = 1 while moving. */
export function encodeOscillate(speed: number): HwWrite {
  const on = speed === 0 ? 0x00 : 0x01;
  return bytesWrite([0xa0, 0x06, on, 0x00, on, speed]);
}

export const ITOYS_DEFINITION: ProtocolDefinition = {
  id: 'itoys',
  communication: [
    btle({ names: ['26-021-B', 'SML-2310-SZ-B', 'ASF-001-BT-R'], services: { ffa0: { tx: 'ffa1' } } }),
  ],
  defaults: {
    name: 'iToys Device',
    id: '5c58b967-b75f-4f5d-99ef-f581b2579918',
    features: [output(0, '5f1a3edb-6015-404a-865a-c3ee2d568ed4', 'Vibrate', 3)],
  },
  configurations: [
    device('iToys Seagull', '2eafb465-e72a-4acd-9344-b9e13fc1f2ed', ['26-021-B']),
    device(
      'iToys Twinkling Stars',
      'f0458e98-a317-4b1c-af82-bb3f163aeff3',
      ['SML-2310-SZ-B'],
      [
        output(0, '07601b03-2dc3-4996-aaa7-d23b5aa793f5', 'Vibrate', 3),
        output(1, '6d3f5346-4947-41b1-847e-39cd2f485a0a', 'Oscillate', 255),
      ],
    ),
    device(
      'Defyeah Horizontal Sex Machine ASFO16',
      '0108797c-1cea-486d-9ed5-3b4412fb6593',
      ['ASF-001-BT-R'],
      [output(0, 'c742d608-2110-4377-aaea-7173d7f1dc83', 'Oscillate', 255)],
    ),
  ],
};

export const itoys: ProtocolModule = {
  definition: ITOYS_DEFINITION,
  createHandler: PerCommandHandler.factory('iToys', {
    encoders: {
      Vibrate: (c) => [encodeVibrate(c.value)],
      Oscillate: (c) => [encodeOscillate(c.value)],
    },
  }),
};
