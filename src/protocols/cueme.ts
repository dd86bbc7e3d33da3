// Cueme vibrating underwear: one byte per motor on tx, motor number (1–8) in the high nibble and
// strength (0–15) in the low one. Upstream has the device config "cueme" but no implementation in
// buttplug-rs; the bytes and the name scheme come from the protocol notes (docs.buttplug.io
// stpihkal/protocols/cueme). Whether several motors can run at once is unconfirmed there; each
// motor gets its own byte here.
//
// Names are "FUNCODE_{reversed MAC}_{garment}", garment 1 = men's, 2 = bra, 3 = women's; the
// garment digit is the identifier that picks the configuration.

import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

/** "FUNCODE_EBD8A0CFE5E0_3" → "3"; undefined when the name carries no garment digit. */
export function garmentFromName(name: string): string | undefined {
  return /^FUNCODE_.*_(\d)$/.exec(name)?.[1];
}

/**
 * The characteristic only allows writes with response (its properties in the protocol notes list
 * "write" alone).
 */
export function encodeVibrate(feature: number, strength: number): HwWrite {
  return bytesWrite([((feature + 1) << 4) | (strength & 0x0f)], true);
}

function identify(hw: HardwareOps): Promise<string | undefined> {
  return Promise.resolve(garmentFromName(hw.name));
}

const DEFAULT_MOTOR_IDS = [
  '812c9f59-e9a9-42d9-8c30-1dc91feea5ac',
  'bbd5955a-5c2e-494e-911d-c64708763bea',
  '9c152f4a-8441-47f4-9b02-d0f64a468517',
  'f19d9974-0631-4413-a544-7bf02c039743',
  'ec23bb7f-34df-4480-8eba-3f95dc0d1e0a',
  '24c910ea-7cfb-486c-8e86-451e8b3bc22f',
  'b8659ec6-6b50-4d74-8a92-2c127856a7ff',
  '96b18136-9780-4771-b5e6-f090927fbe14',
];
const WOMANS_MOTOR_IDS = [
  'b4554560-c0ad-42ac-82a8-4a8042fc6ab9',
  'd666a28d-3701-499f-b0b9-7f6ccf722159',
  'd2789e16-6771-4046-b5de-500def289894',
  'c01700e6-1b57-41aa-831b-b3f7a54dbefe',
];

const MAX_STRENGTH = 15;

export const CUEME_DEFINITION: ProtocolDefinition = {
  id: 'cueme',
  communication: [btle({ names: ['FUNCODE_*'], services: { fff0: { tx: 'fff1' } } })],
  defaults: {
    name: 'Cueme Device',
    id: 'aeecfe99-106d-4f25-a9b6-4a809971ebfb',
    features: DEFAULT_MOTOR_IDS.map((id, i) => output(i, id, 'Vibrate', MAX_STRENGTH)),
  },
  configurations: [
    device('Cueme Mens', 'ff44bb15-c9ae-4751-b993-8f325129cbb2', ['1']),
    device('Cueme Bra', 'dcb3e162-5271-4737-b2e3-88534daafe05', ['2']),
    device(
      'Cueme Womans',
      '29364127-d158-411f-9e28-e8f33a5ca4a6',
      ['3'],
      WOMANS_MOTOR_IDS.map((id, i) => output(i, id, 'Vibrate', MAX_STRENGTH)),
    ),
  ],
};

export const cueme: ProtocolModule = {
  definition: CUEME_DEFINITION,
  identify,
  createHandler: PerCommandHandler.factory('Cueme', {
    encoders: { Vibrate: (c) => [encodeVibrate(c.feature, c.value)] },
  }),
};
