// Magic Motion, protocols "magic-motion-1" to "-4": one vibration command layout in two sizes on
// the same Bluetooth layout, battery from the standard battery characteristic (upstream's generic
// battery read, one byte). Facts from the upstream device config and magic_motion_v1.rs–v4.rs.
//
//   single (v1, v3): 0b ff 04 0a P P 00 04 08 speed 64 00          one motor per write
//   dual   (v2, v4): 10 ff 04 0a P Q 00 04 08 a 64 00 04 08 b 64 01  both motors in one write
//
// v4 writes with response and, on one-motor models, puts the speed in both motor slots.

import type { OutputCommand } from '../core/commands.js';
import type { CommunicationSpecifier, DeviceConfig, ProtocolDefinition } from '../core/database.js';
import type { FeatureDef, OutputType } from '../core/features.js';
import type { HwWrite, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { battery, btle, device, output } from './define.js';
import { bleBatteryReader } from './shared/exchanges.js';
import { PacketHandler, PerCommandHandler, requireOutputs, speedsPacket } from './shared/handlers.js';
import { outputSlots } from './shared/outputs.js';
import { bytesWrite, u8 } from './shared/writes.js';

/** Upstream's generic battery read asks for one byte. */
const BATTERY_READ_LENGTH = 1;
const readBattery = bleBatteryReader(BATTERY_READ_LENGTH);

// ------------------------------------------------------------------ encoders (pure)

/** The one-motor packet; `strength` is the 5th/6th byte pair (v1: 32 32, v3 Krush: 46 46). */
export function encodeSingle(strength: number, speed: number): HwWrite {
  return bytesWrite([0x0b, 0xff, 0x04, 0x0a, strength, strength, 0x00, 0x04, 0x08, u8(speed), 0x64, 0x00]);
}

/** The two-motor packet; byte 6 is 0a on v2 and 32 on v4. */
export function encodeDual(byte6: number, a: number, b: number, withResponse: boolean): HwWrite {
  return bytesWrite(
    [0x10, 0xff, 0x04, 0x0a, 0x32, byte6, 0x00, 0x04, 0x08, u8(a), 0x64, 0x00, 0x04, 0x08, u8(b), 0x64, 0x01],
    withResponse,
  );
}

export function encodeV2(speeds: readonly number[]): HwWrite {
  return encodeDual(0x0a, speeds[0] ?? 0, speeds[1] ?? 0, false);
}

export function encodeV4(speeds: readonly number[]): HwWrite {
  return encodeDual(0x32, speeds[0] ?? 0, speeds[1] ?? 0, true);
}

/** v4 one-motor models: the same speed in both slots (magic_motion_v4.rs). */
export function encodeV4Single(speeds: readonly number[]): HwWrite {
  const s = speeds[0] ?? 0;
  return encodeDual(0x32, s, s, true);
}

function encodeV1(c: OutputCommand): HwWrite {
  return encodeSingle(0x32, c.value);
}

function encodeV3(c: OutputCommand): HwWrite {
  return encodeSingle(0x46, c.value);
}

// ------------------------------------------------------------------ database entries

const SERVICES = {
  '180f': { rxblebattery: '2a19' },
  '78667579-7b48-43db-b8c5-7928a6b0a335': { tx: '78667579-a914-49a4-8333-aa3c0cd8fedc' },
};

function magicMotionBtle(names: readonly string[]): CommunicationSpecifier {
  return btle({ names, services: SERVICES });
}

/** Outputs 0–100, one per [type, feature id], then the battery. */
function features(outputs: readonly (readonly [OutputType, string])[], batteryId: string): FeatureDef[] {
  return [
    ...outputs.map(([type, id], i) => output(i, id, type, 100)),
    battery(outputs.length, batteryId, 'battery Level'),
  ];
}

type Row = readonly [
  name: string,
  id: string,
  identifiers: readonly string[],
  features?: readonly FeatureDef[],
];

function configurations(rows: readonly Row[]): DeviceConfig[] {
  return rows.map(([name, id, identifiers, f]) => device(name, id, identifiers, f));
}

export const MAGIC_MOTION_1_DEFINITION: ProtocolDefinition = {
  id: 'magic-motion-1',
  communication: [
    magicMotionBtle([
      'Smart Mini Vibe*',
      'Flamingo',
      'Flamingo T',
      'Smart Bean',
      'Smart Bean3',
      'Magic Cell',
      'Magic Wand',
      'Fugu',
      'Fugu2',
      'Gballs2',
      'GBalls3',
      'FM-LILAC-101',
      'Xone',
      'CBT002',
    ]),
  ],
  defaults: device(
    'Magic Motion V1 Device',
    '2525206c-8bdc-4803-9636-79576f3e692f',
    undefined,
    features([['Vibrate', '42173db5-95ac-49b5-8a5a-73a63d91fcec']], 'bcaf7da8-2e98-47e3-b22c-2204daf40a27'),
  ),
  configurations: configurations([
    ['MagicMotion Smart Bean', 'ef285932-0c7e-4edb-bc81-ce0c59f41c4a', ['Smart Bean']],
    ['FitCute Kegel Rejuve', '5adced22-1742-4e1e-bf75-225275a500b0', ['Smart Bean3']],
    ['MagicMotion Smart Mini Vibe', '0a69e7c1-51ca-49c1-91a3-c58debba037e', ['Smart Mini Vibe']],
    ['MagicMotion Vini', 'c006d72e-5fee-4643-b324-35fa6d56e176', ['Smart Mini Vibe3']],
    ['MagicMotion Flamingo', 'efa69977-2c7b-4c0f-b9e6-ffa4d9c36630', ['Flamingo', 'Flamingo T']],
    ['MagicMotion Kegel', '7239ca39-f8fd-4727-940b-04483f08cfb9', ['Magic Bean']],
    ['MagicMotion Dante/Candy/Rise', '5596e91a-e336-4f26-b6da-19858be7ab67', ['Magic Cell']],
    ['MagicMotion Wand', '91c15cc1-3021-44fb-a64d-3231c007705a', ['Magic Wand']],
    ['MagicMotion Fugu', '3eefb122-6f5d-4e06-99c5-a89164b1d219', ['Magic Fugu', 'Fugu', 'Fugu2']],
    ['G Vibe Gballs 2', 'a9c33895-4f0a-4ecc-a849-2e632dbc8f29', ['Gballs2']],
    ['G Vibe Gballs 3', 'c802d1e6-968a-4451-86e0-248e85e3d50d', ['GBalls3']],
    ['Femometer Lilac', 'ef73c48c-8f6a-44e2-940a-0dd45f69cfb2', ['FM-LILAC-101']],
    [
      'MagicMotion Xone',
      'b24d166f-b6e0-4c9b-a056-8296564b19a8',
      ['Xone'],
      features(
        [['Oscillate', 'ccd72f20-d37a-4e05-bad3-122c5da80b37']],
        '98a2e5c4-c4de-4ac5-a9db-b3e24a24424a',
      ),
    ],
    ['FunTown Caleo', 'b6dc5c46-0919-4a45-900e-f83afae8b942', ['CBT002']],
  ]),
};

export const MAGIC_MOTION_2_DEFINITION: ProtocolDefinition = {
  id: 'magic-motion-2',
  communication: [
    magicMotionBtle(['Eidolon', 'Lipstick', 'Sword', 'Curve', 'Solstice X', 'funwand', 'CBT001']),
  ],
  defaults: device(
    'Magic Motion V2 Device',
    '33902551-eb44-406b-bc9a-7f9f981a972a',
    undefined,
    features([['Vibrate', '4fe8ab2c-2811-416c-967c-fce58cb8a2f3']], '014cdffe-d3d5-4bba-acf4-f26e809b45ec'),
  ),
  configurations: configurations([
    ['MagicMotion Awaken', '9ed09e5a-945d-4bb0-9813-3e07a8fd7baf', ['Lipstick']],
    ['MagicMotion Equinox', '5274feff-b0fa-4c37-9990-8861864fec59', ['Sword']],
    ['MagicMotion Solstice', 'b639a627-60fc-4eff-afeb-91ccdf2e616b', ['Curve']],
    [
      'MagicMotion Eidolon',
      '1093a17d-9596-49b7-945f-c44610244932',
      ['Eidolon'],
      features(
        [
          ['Vibrate', '6b96f9d2-87bc-4596-810d-9a96cbd1a2fa'],
          ['Vibrate', '86090f46-7c4c-46fe-883f-d3765f477bac'],
        ],
        '6baefd41-de6d-4c60-aedb-0a9b55f34875',
      ),
    ],
    [
      'MagicMotion Solstice X',
      'adfc6c8c-b7e8-4c0c-9fdc-e7c2bd3b4552',
      ['Solstice X'],
      features(
        [
          ['Vibrate', 'a245e29e-3f63-4c68-a5c2-c07c7c9970a4'],
          ['Vibrate', '70593a3b-2b16-4258-badb-9697074bf10b'],
        ],
        'f966012c-6b68-4dc3-b4a4-16d34fdc30c7',
      ),
    ],
    ['MagicMotion Zenith', '334f32f6-309e-4e79-a3de-b62aff0f6438', ['funwand']],
    [
      'FunTown Jive',
      'd872f184-a2a4-4869-9506-d34975fa34c3',
      ['CBT001'],
      features(
        [
          ['Vibrate', '81515d54-be1d-42a1-bc7d-5b4e9c20db37'],
          ['Oscillate', 'd514fb91-2261-4c5c-a59e-9799fce40d17'],
        ],
        '123954de-a9f1-427a-823a-9b9173ad8856',
      ),
    ],
  ]),
};

export const MAGIC_MOTION_3_DEFINITION: ProtocolDefinition = {
  id: 'magic-motion-3',
  communication: [magicMotionBtle(['Krush'])],
  defaults: device('LoveLife Krush', 'f954c774-3e08-4569-800f-94e454ccd3ca', undefined, [
    output(0, 'af104b4d-73c3-4d89-95d6-ea7c4e21a3df', 'Vibrate', 77),
    battery(1, '72bc2f2f-7f67-4636-bc5c-42ac4b55cb59', 'battery Level'),
  ]),
  configurations: [],
};

export const MAGIC_MOTION_4_DEFINITION: ProtocolDefinition = {
  id: 'magic-motion-4',
  communication: [
    magicMotionBtle([
      'funone',
      'Magic Sundi',
      'Kegel Coach',
      'Magic Lotos',
      'nyx',
      'umi',
      'funkegel',
      'bobi2',
    ]),
  ],
  defaults: device(
    'Magic Motion V4 Device',
    'e53d8751-5993-410c-82d7-edca26dd4c65',
    undefined,
    features([['Vibrate', 'c8ed6a4c-2dff-4be9-b1c5-b91bfd238bda']], '8ba2798a-4717-4a39-ae5c-f445eb8f4448'),
  ),
  configurations: configurations([
    ['MagicMotion Bunny', 'ae515557-67e1-4527-bd0b-762a2fb47d9b', ['funone']],
    ['MagicMotion Sundae', '0e5c564b-02cf-4665-b8e6-d938b8b8d749', ['Magic Sundi']],
    ['MagicMotion Kegel Coach', '2ecd285e-9109-403c-b38f-3784629bd7de', ['Kegel Coach']],
    ['MagicMotion Lotos', 'a66cd42b-c3b3-4b00-bbb2-117961a06bcd', ['Magic Lotos']],
    ['MagicMotion Nyx', '69c95fd5-a9c2-4f7d-9fdc-a25f514ba290', ['nyx']],
    [
      'MagicMotion Umi',
      '69a69c1d-1e37-49ed-b1a4-07da72939171',
      ['umi'],
      features(
        [
          ['Vibrate', '008a3d35-9b61-4bc2-9554-c3c742f03e12'],
          ['Vibrate', 'b24eee4d-b3c2-4ce4-8f54-433e3d2a08f5'],
        ],
        'fdc5dc60-ece5-4f81-801c-076b1e1bad57',
      ),
    ],
    ['MagicMotion Crystal', 'c22dfa34-5b4d-4c61-a972-fee67b1f60d8', ['funkegel']],
    [
      'MagicMotion Bobi',
      '318ca3d4-0779-47e8-9580-fc3efe1a0556',
      ['bobi2'],
      features(
        [
          ['Vibrate', '09d1b6fc-834d-4579-9bc7-79813f20d33f'],
          ['Vibrate', '04438678-4c82-48e1-a4fa-8dd916ee5469'],
        ],
        'b2b3dedf-5f7a-4069-935f-f210fdf5cafc',
      ),
    ],
  ]),
};

// ------------------------------------------------------------------ modules

export const magicMotion1: ProtocolModule = {
  definition: MAGIC_MOTION_1_DEFINITION,
  createHandler(d: ResolvedDevice) {
    requireOutputs(d, ['Vibrate', 'Oscillate'], 'Magic Motion 1');
    return new PerCommandHandler({ encoders: encodeV1, readInput: readBattery });
  },
};

/**
 * Upstream's v2 handler only implements Vibrate, so it refuses the FunTown Jive's oscillator;
 * here that oscillator fills its motor's slot of the same packet, as a vibrator there would.
 */
export const magicMotion2: ProtocolModule = {
  definition: MAGIC_MOTION_2_DEFINITION,
  createHandler(d: ResolvedDevice) {
    requireOutputs(d, ['Vibrate', 'Oscillate'], 'Magic Motion 2');
    return new PacketHandler(speedsPacket(outputSlots(d.features), 2, encodeV2), { readInput: readBattery });
  },
};

export const magicMotion3: ProtocolModule = {
  definition: MAGIC_MOTION_3_DEFINITION,
  createHandler(d: ResolvedDevice) {
    requireOutputs(d, ['Vibrate'], 'Magic Motion 3');
    return new PerCommandHandler({ encoders: encodeV3, readInput: readBattery });
  },
};

export const magicMotion4: ProtocolModule = {
  definition: MAGIC_MOTION_4_DEFINITION,
  createHandler(d: ResolvedDevice) {
    requireOutputs(d, ['Vibrate'], 'Magic Motion 4');
    const slots = outputSlots(d.features);
    // Upstream counts the features with any output to choose the layout (magic_motion_v4.rs).
    return new PacketHandler(speedsPacket(slots, 2, slots.length === 1 ? encodeV4Single : encodeV4), {
      readInput: readBattery,
    });
  },
};
