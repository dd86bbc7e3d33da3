// WeVibe, protocols "wevibe", "wevibe-8bit" and "wevibe-chorus": both motors ("internal" =
// feature 0, "external" = feature 1; one-motor toys use feature 0 for both) in one eight-byte
// packet on tx, written with response, and an all-zero packet when both are off. The three
// differ in how the speeds sit in the packet (upstream wevibe.rs, wevibe8bit.rs,
// wevibe_chorus.rs):
//
//   wevibe        0f 03 00 (ext | int << 4) 00 03 00 00   4-bit speeds; init writes two packets
//   wevibe-8bit   0f 03 00 ext+3 int+3 status 00 00       status: bit 1 = ext on, bit 0 = int on
//   wevibe-chorus 0f 03 00 int ext status 00 00           the Chorus's order is flipped
//
// Facts from the upstream device config and those files.

import type { CommunicationSpecifier, DeviceConfig, ProtocolDefinition } from '../core/database.js';
import type { FeatureDef } from '../core/features.js';
import type {
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { PacketHandler, requireOutputs, speedsPacket } from './shared/handlers.js';
import { outputSlots, vibratorCount } from './shared/outputs.js';
import { bytesWrite, TX, u8 } from './shared/writes.js';

const MOTORS = 2;

// ------------------------------------------------------------------ encoders (pure)

export const WEVIBE_OFF: readonly number[] = [0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
/** The classic WeVibe's wake-up, then off (wevibe.rs initialiser). */
export const WEVIBE_INIT_WRITES: readonly (readonly number[])[] = [
  [0x0f, 0x03, 0x00, 0x99, 0x00, 0x03, 0x00, 0x00],
  WEVIBE_OFF,
];

function packet(bytes: readonly number[]): HwWrite {
  return bytesWrite(bytes, true);
}

function status(internal: number, external: number): number {
  return (external === 0 ? 0 : 2) | (internal === 0 ? 0 : 1);
}

export function encodeWeVibe(internal: number, external: number): HwWrite {
  if (internal === 0 && external === 0) return packet(WEVIBE_OFF);
  return packet([0x0f, 0x03, 0x00, u8(external | (internal << 4)), 0x00, 0x03, 0x00, 0x00]);
}

export function encodeWeVibe8Bit(internal: number, external: number): HwWrite {
  if (internal === 0 && external === 0) return packet(WEVIBE_OFF);
  return packet([
    0x0f,
    0x03,
    0x00,
    u8(external + 3),
    u8(internal + 3),
    status(internal, external),
    0x00,
    0x00,
  ]);
}

export function encodeWeVibeChorus(internal: number, external: number): HwWrite {
  if (internal === 0 && external === 0) return packet(WEVIBE_OFF);
  return packet([0x0f, 0x03, 0x00, u8(internal), u8(external), status(internal, external), 0x00, 0x00]);
}

type MotorPairEncoder = (internal: number, external: number) => HwWrite;

/** One-motor toys drive "both" motors with feature 0 (upstream: speeds[0] twice). */
function createHandler(d: ResolvedDevice, encode: MotorPairEncoder, family: string): ProtocolHandler {
  requireOutputs(d, ['Vibrate'], family);
  const external = vibratorCount(d.features) > 1 ? 1 : 0;
  return new PacketHandler(
    speedsPacket(outputSlots(d.features), MOTORS, (speeds) => encode(speeds[0] ?? 0, speeds[external] ?? 0)),
  );
}

// ------------------------------------------------------------------ database entries

function weVibeBtle(names: readonly string[]): CommunicationSpecifier {
  return btle({
    names,
    services: {
      'f000bb03-0451-4000-b000-000000000000': {
        rx: 'f000b000-0451-4000-b000-000000000000',
        tx: 'f000c000-0451-4000-b000-000000000000',
      },
    },
  });
}

/** Vibrators 0–max, one per feature id. */
function vibrators(max: number, ...ids: string[]): FeatureDef[] {
  return ids.map((id, i) => output(i, id, 'Vibrate', max));
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

export const WEVIBE_DEFINITION: ProtocolDefinition = {
  id: 'wevibe',
  communication: [
    weVibeBtle([
      'Cougar',
      '4 Plus',
      '4_Plus',
      '4plus',
      'Bloom',
      'classic',
      'Classic',
      'Ditto',
      'Gala',
      'Jive',
      'Nova',
      'Pivot',
      'Rave',
      'Sync',
      'Verge',
      'Wish',
    ]),
  ],
  defaults: device(
    'WeVibe Device',
    'd42dc8a1-bb70-4dd6-b792-710248c00c6e',
    undefined,
    vibrators(15, '6c0184bc-93b8-41a9-a976-934256dcdf9d'),
  ),
  configurations: configurations([
    ['WeVibe Bloom', 'cb8bf4cd-b6bd-4499-b977-faf4e2bb9d4e', ['Bloom']],
    ['WeVibe Ditto', '0b9e22e7-b79c-4d26-b902-287436673da4', ['Ditto']],
    ['WeVibe Jive', '0d361883-2894-42dd-9268-b36a067564a6', ['Jive']],
    ['WeVibe Pivot', '5fca5cd6-6336-4eec-bdfc-048266d9f409', ['Pivot']],
    ['WeVibe Rave', '534f442f-396c-4379-b3d0-9c001bcd2891', ['Rave']],
    ['WeVibe Verge', '6b31404c-c609-4d75-a312-191c0f7f6a9f', ['Verge']],
    ['WeVibe Wish', 'a7a85b12-bac4-49da-9d1e-0f5bc739fd3e', ['Wish']],
    [
      'WeVibe 4 Plus',
      '11cd7b68-2c94-4fc8-837f-09d47214cee1',
      ['Cougar', '4 Plus', '4_Plus', '4plus', 'classic', 'Classic'],
      vibrators(15, 'c76fd58e-a38c-4f25-a04c-d798e3f892d3', '027061c3-4d18-4d03-8219-13e3134b8a19'),
    ],
    [
      'WeVibe Gala',
      '400ef30a-63eb-4648-b293-c7ecc874f509',
      ['Gala'],
      vibrators(15, '22386dcd-b409-49d2-be03-ad270eae92c4', '46f2d671-5bbf-49c0-928e-4a8b3cdd892b'),
    ],
    [
      'WeVibe Nova',
      'b667bb6a-46b1-4534-8c79-83aa0749028a',
      ['Nova'],
      vibrators(15, 'e609247a-8c12-422e-8df7-e03373bdbf7a', 'c84081f5-3a72-473a-b2b3-32500014b308'),
    ],
    [
      'WeVibe Sync',
      '0e72dab3-4b87-4bae-ae02-aae0bbb0f035',
      ['Sync'],
      vibrators(15, '283b2826-80e3-455f-bec6-7800ebaf2c96', '64f00297-e4ef-4059-a622-c0bea33d4379'),
    ],
  ]),
};

export const WEVIBE_8BIT_DEFINITION: ProtocolDefinition = {
  id: 'wevibe-8bit',
  communication: [
    weVibeBtle([
      'Melt',
      'Melt 2',
      'Moxie',
      'Vector',
      'Wand',
      'Wand 2',
      'Bond',
      'Nelson',
      'Nova2',
      'Nova_2',
      'Nova 2',
      'Jive 2',
    ]),
  ],
  defaults: device(
    'WeVibe 8-bit Device',
    '527527b1-7bf2-40cb-b086-003af792f03f',
    undefined,
    vibrators(12, '7b226142-d713-41cd-872a-aea10527482b'),
  ),
  configurations: configurations([
    [
      'WeVibe Melt',
      '4f73e55c-bea8-4069-8409-cba30fbbfc81',
      ['Melt', 'Melt 2'],
      vibrators(22, 'fdf47cba-4429-4944-9bb4-1db4facb8d29'),
    ],
    ['WeVibe Moxie', 'd29641cb-953a-4d5c-8b43-ba481db2dd42', ['Moxie']],
    [
      'WeVibe Vector',
      '52482637-708c-455b-b96b-d4d58af04562',
      ['Vector'],
      vibrators(12, '8828bbe0-acf0-4529-9f33-276b23a14afd', '12702494-a0e9-4929-b928-050d47391cb5'),
    ],
    [
      'WeVibe Wand',
      '3829ad7c-be90-49ce-9ecc-fdafa18be3bb',
      ['Wand'],
      vibrators(22, '2377d39d-580c-46ea-831c-bb9cb97899d7'),
    ],
    [
      'WeVibe Wand 2',
      '3db74c3e-50e1-4dbf-a670-c7297ca52f62',
      ['Wand 2'],
      vibrators(22, '4d92cf70-e464-435c-897e-fd2cd5a918e9'),
    ],
    [
      'WeVibe Bond',
      'c4b2ecb2-655d-44d9-bfaf-03f314acd3a2',
      ['Bond', 'Nelson'],
      vibrators(27, '240a36e0-4791-4676-aa3b-d1c407db2b1b'),
    ],
    [
      'WeVibe Nova 2',
      '2292e221-0f17-4d55-8697-f6abebf04ee5',
      ['Nova2', 'Nova_2', 'Nova 2'],
      vibrators(27, '22172834-1186-4ba2-b221-23f02c3fbd51', '0972ba1f-0b0e-4738-a050-5333da537b35'),
    ],
    ['WeVibe Jive 2', '4a0d8ff9-db32-41c7-99e5-8bb005a25bd0', ['Jive 2']],
  ]),
};

export const WEVIBE_CHORUS_DEFINITION: ProtocolDefinition = {
  id: 'wevibe-chorus',
  communication: [weVibeBtle(['Chorus', 'skeena', 'Sync 2', 'Sync O', 'Sync Lite'])],
  defaults: device(
    'WeVibe Chorus',
    '5228aefe-bc48-445c-8129-48c3cebf6729',
    undefined,
    vibrators(30, '52a3c84e-28d4-4750-9a7e-a8618ded617e', '4aa54a5f-2b85-4178-b671-f4198acf3daf'),
  ),
  configurations: configurations([
    [
      'WeVibe Sync 2',
      '3d5f001f-d3c0-44d5-9a6a-e4c8e7beb2e1',
      ['Sync 2'],
      vibrators(30, 'db4d008b-530e-4b8b-937a-bd4e5df4058c', '27c95f7a-91e7-46c9-90c2-b3d37ed20d6d'),
    ],
    [
      'WeVibe Sync Lite',
      '36640498-e77c-46f5-9f94-a1b90148f939',
      ['Sync Lite'],
      vibrators(30, '62316419-7c01-4ce2-8086-0ca210d26b25'),
    ],
    [
      'WeVibe Sync O',
      '917d5891-c0aa-4cbd-9a5c-db888c0e2e1b',
      ['Sync O'],
      vibrators(30, 'be63a133-ec1f-4aaf-9a70-6c26d9063b8c'),
    ],
  ]),
};

// ------------------------------------------------------------------ modules

export const weVibe: ProtocolModule = {
  definition: WEVIBE_DEFINITION,
  async initialise(hw: HardwareOps) {
    for (const bytes of WEVIBE_INIT_WRITES) await hw.write(TX, Uint8Array.from(bytes), true);
  },
  createHandler: (d) => createHandler(d, encodeWeVibe, 'WeVibe'),
};

export const weVibe8Bit: ProtocolModule = {
  definition: WEVIBE_8BIT_DEFINITION,
  createHandler: (d) => createHandler(d, encodeWeVibe8Bit, 'WeVibe 8-bit'),
};

export const weVibeChorus: ProtocolModule = {
  definition: WEVIBE_CHORUS_DEFINITION,
  createHandler: (d) => createHandler(d, encodeWeVibeChorus, 'WeVibe Chorus'),
};
