// Kiiroo v2 vibrators (Pearl 2, Titan, OhMiBod Fuse, PornHub Virtual Rabbit/Blowbot): every motor
// in one three-byte packet "a b c" on tx, whatever the model's motor count. Facts from the upstream
// device config (protocol "kiiroo-v2-vibrator") and kiiroo_v2_vibrator.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { FeatureDef } from '../core/features.js';
import type { HwWrite, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { PacketHandler, requireOutputs, speedsPacket } from './shared/handlers.js';
import { outputSlots } from './shared/outputs.js';
import { bytesWrite, u8 } from './shared/writes.js';

const MOTORS = 3;

/** Vibrators 0–100, one per feature id given. */
function vibrators(ids: readonly string[]): FeatureDef[] {
  return ids.map((id, i) => output(i, id, 'Vibrate', 100));
}

export const KIIROO_V2_VIBRATOR_DEFINITION: ProtocolDefinition = {
  id: 'kiiroo-v2-vibrator',
  communication: [
    btle({
      names: ['Pearl2', 'Fuse', 'Virtual Blowbot', 'Titan', 'Virtual Rabbit'],
      services: {
        '88f82580-0000-01e6-aace-0002a5d5c51b': {
          rxaccel: '88f82584-0000-01e6-aace-0002a5d5c51b',
          rxtouch: '88f82582-0000-01e6-aace-0002a5d5c51b',
          tx: '88f82581-0000-01e6-aace-0002a5d5c51b',
        },
      },
    }),
  ],
  defaults: device(
    'Kiiroo V2 Vibrator Device',
    '7dd84343-dfa3-4436-88b8-d3b3cca14064',
    undefined,
    vibrators([
      '9a7b7a0b-6601-48d6-adfe-0b39a6f152a8',
      'b1c6be0a-efc9-4327-8103-5315ebf3ac95',
      '33fd2145-87d1-48fd-aaa9-0188b218d444',
    ]),
  ),
  configurations: [
    device(
      'Kiiroo Pearl 2',
      '7581a2c2-0d94-45b4-b427-4a52b0ae3dea',
      ['Pearl2'],
      vibrators(['e0374b68-eb67-4ecd-b566-8ca8bb74ce68']),
    ),
    device(
      'OhMiBod Fuse',
      '31e26147-c9af-45f0-8ee1-edd6c9f9e22e',
      ['Fuse'],
      vibrators(['49587cee-c54e-41ab-9d70-0687ba4e6fec', 'a44beeed-4997-4e52-badc-7e1321338fbc']),
    ),
    device(
      'PornHub Virtual Rabbit',
      '0dbe6911-f95f-4abb-9550-5041a21f2ede',
      ['Virtual Rabbit'],
      vibrators(['de373981-ea04-4afb-8e58-15e392c7cbdf', 'db2f18c1-0a5f-40b2-b825-ac5a6932334e']),
    ),
    device(
      'PornHub Virtual Blowbot',
      'd78facf3-706c-44ec-98e8-c4e7baba5966',
      ['Virtual Blowbot'],
      vibrators([
        '35c2cebd-e539-42f6-be6a-15398bb60a22',
        'f6ac9d49-3d48-4709-83ac-2ae0eb5ec74b',
        '1e1fb78c-a3bd-4782-8a96-684bbbaa4670',
      ]),
    ),
    device(
      'Kiiroo Titan',
      'b588d818-be20-4f01-b3ef-5383f6b60684',
      ['Titan'],
      vibrators([
        '5c535532-d02d-4acf-9482-fb17a5bc02ad',
        '7a5a79b2-ff14-4ee6-ad91-d40649ca9d98',
        '9fc946db-8889-403b-b7e1-ce86614b8176',
      ]),
    ),
  ],
};

export function encodeKiirooV2Vibrators(speeds: readonly number[]): HwWrite {
  return bytesWrite([u8(speeds[0] ?? 0), u8(speeds[1] ?? 0), u8(speeds[2] ?? 0)]);
}

export const kiirooV2Vibrator: ProtocolModule = {
  definition: KIIROO_V2_VIBRATOR_DEFINITION,
  createHandler(d: ResolvedDevice) {
    requireOutputs(d, ['Vibrate'], 'Kiiroo v2 vibrator');
    return new PacketHandler(speedsPacket(outputSlots(d.features), MOTORS, encodeKiirooV2Vibrators));
  },
};
