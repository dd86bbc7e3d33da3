// Kiiroo v2.1 and its relatives, one command set on tx: vibrate "01 speed", stroke
// "03 00 speed position" (speed from the distance to the previous position, as for the Launch).
// - kiiroo-v21: vibrators (Pearl 2.1/3, OhMiBod, …) and the Titan 1.1; battery in byte 5 of a
//   20-byte read of the whitelist characteristic.
// - kiiroo-v21-initialized: strokers (Onyx 2.1/+, Keon) that need two "03 00 64 xx" writes first.
// - kiiroo-v3: the Keon Wifi, driven exactly as kiiroo-v21.
// Facts from the upstream device config and kiiroo_v21.rs, kiiroo_v21_initialized.rs, kiiroo_v3.rs.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { FeatureDef, InputType } from '../core/features.js';
import type {
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { battery, btle, device, output } from './define.js';
import { strokeSpeed } from './kiiroo-v2.js';
import type { InputReader } from './shared/exchanges.js';
import { requireOutputs } from './shared/handlers.js';
import { bytesWrite, TX, u8 } from './shared/writes.js';

const WHITELIST = 'whitelist';
/** Upstream reads 20 bytes and refuses any other length; the level is byte 5. */
const BATTERY_READ_LENGTH = 20;
const BATTERY_BYTE = 5;
const STROKE_DURATION: [number, number] = [0, 100_000];

// ------------------------------------------------------------------ database entries

const SERVICE_1900 = { '1900': { rx: '1903', tx: '1902', whitelist: '1901' } };

const vibrator = (id: string): FeatureDef => output(0, id, 'Vibrate', 100);
const stroker = (id: string): FeatureDef =>
  output(0, id, 'HwPositionWithDuration', 99, { duration: STROKE_DURATION });

export const KIIROO_V21_DEFINITION: ProtocolDefinition = {
  id: 'kiiroo-v21',
  communication: [
    btle({
      names: [
        'Titan1.1',
        'Cliona',
        'Pearl2.1',
        'Pearl2+',
        'Pearl 2+',
        'Pearl3',
        'Pearl 3',
        'OhMiBod 4.0',
        'OhMiBod LUMEN',
        'OhMiBod NEX2',
        'OhMiBod NEX3',
        'OhMiBod ESCA',
        'OhMiBod Foxy',
        'OhMiBod Chill Panty Vibe',
        'OhMiBod Sphinx',
        'Pulse Interactive',
        'Fuse1.1',
      ],
      services: {
        ...SERVICE_1900,
        'a0d70001-4c16-4ba7-977a-d394920e13a3': {
          rx: 'a0d70003-4c16-4ba7-977a-d394920e13a3',
          tx: 'a0d70002-4c16-4ba7-977a-d394920e13a3',
        },
      },
    }),
  ],
  defaults: device('Kiiroo V2.1 Device', '189a4912-3c5b-4a0d-ab8b-d44ab6c97f0b', undefined, []),
  configurations: [
    device(
      'Kiiroo Pearl 2.1',
      '1e922dde-c4f7-4ca9-96dd-d565135a184f',
      ['Pearl2.1'],
      [
        vibrator('ba4166e4-fba3-4eb9-90a2-5b281bb02f1e'),
        battery(1, '61cf5ea0-f9d0-48f0-a337-f905fb89c2c3', 'battery Level'),
      ],
    ),
    device(
      'Kiiroo Cliona',
      '232eab7f-e237-4683-a07f-e05e04b46360',
      ['Cliona'],
      [vibrator('222c4e24-d5ee-48c3-bc9d-d3f86d666c2c')],
    ),
    device(
      'OhMiBod Esca 2',
      '8d19c7db-4547-4a8d-b4e4-c8bd2379bcd0',
      ['OhMiBod 4.0', 'OhMiBod ESCA'],
      [vibrator('75940e97-626d-4016-87eb-2777c29aaec6')],
    ),
    device(
      'Kiiroo Titan 1.1',
      '410c22ed-e0f8-4911-8e56-7f23b4e71bcc',
      ['Titan1.1'],
      [
        vibrator('a5a42b68-553c-4ba4-b68d-322c49d405bc'),
        output(1, 'b77ed4d9-9350-4868-8cb3-a6c48112f8b2', 'HwPositionWithDuration', 99, {
          duration: STROKE_DURATION,
        }),
      ],
    ),
    device(
      'OhMiBod Lumen',
      '69ae3f47-bb0f-4761-a641-3fc68c7de630',
      ['OhMiBod LUMEN'],
      [vibrator('7d824538-bc5c-47d9-8d4d-8a503bf35284')],
    ),
    device(
      'OhMiBod NEX|2',
      '73fb1747-2056-403b-a6fb-56c521886a93',
      ['OhMiBod NEX2'],
      [vibrator('ba1e86b4-9c6e-42d8-bff5-ac28628b3092')],
    ),
    device(
      'OhMiBod NEX|3',
      '00784de1-fb46-4c86-973e-dd12f01e9827',
      ['OhMiBod NEX3'],
      [vibrator('9172bb5c-bbdc-4b56-a315-cb6b08bcb278')],
    ),
    device(
      'Hot Octopuss Pulse Solo Interactive',
      'e44fdd29-b3a0-4d37-b9af-e732f7934a13',
      ['Pulse Interactive'],
      [output(0, 'b369b6d0-5d5d-40cd-bf7f-3cb7641e1ce7', 'Vibrate', 6)],
    ),
    device(
      'OhMiBod Fuse 1.1',
      'd6675d9e-9ddb-41dc-a0e4-0b0d54fd29cb',
      ['Fuse1.1'],
      [vibrator('0e0820e3-aeec-4df2-ae2a-b4bf82b9a823')],
    ),
    device(
      'OhMiBod Foxy',
      'bdcf6cd9-cc98-46c3-97eb-78b70b2a00a4',
      ['OhMiBod Foxy'],
      [vibrator('187e471d-3815-4dab-85bc-e81969f26d40')],
    ),
    device(
      'OhMiBod Chill',
      '50d6c107-7ddf-4adc-9de6-f9fd1e08cdcf',
      ['OhMiBod Chill Panty Vibe'],
      [vibrator('75ed3cd9-8d21-4567-9816-71f7925dcce4')],
    ),
    device(
      'OhMiBod Sphinx',
      '15a13fb0-d287-4262-bf7a-26ae019d997b',
      ['OhMiBod Sphinx'],
      [vibrator('6a78e124-8314-40ec-bcc4-45f10341eaf7')],
    ),
    device(
      'Kiiroo Pearl 2+',
      '5ef95603-09d0-4d44-9714-a7100b319371',
      ['Pearl2+', 'Pearl 2+'],
      [vibrator('69d4719c-2342-4d80-a8bc-70f5008b1628')],
    ),
    device(
      'Kiiroo Pearl 3',
      '8fb6578e-bbbc-42d7-9c2e-7c813bd89f29',
      ['Pearl3', 'Pearl 3'],
      [vibrator('b3b2cea4-5987-413f-b611-aa068c76c04c')],
    ),
  ],
};

export const KIIROO_V21_INITIALIZED_DEFINITION: ProtocolDefinition = {
  id: 'kiiroo-v21-initialized',
  communication: [
    btle({
      names: ['Rey', 'We-Vibe Rocketman', 'Realm1.1', 'Onyx2.1', 'Onyx+', 'KEON', 'Keon R2'],
      services: SERVICE_1900,
    }),
  ],
  defaults: device('Kiiroo V2.1 Initialized Device', 'bd9c7fa4-214b-4871-8373-c5266ace0b90', undefined, []),
  configurations: [
    device(
      'Kiiroo Onyx 2.1',
      'eac00879-448c-46ed-aaa5-efe86226fb48',
      ['Onyx2.1'],
      [stroker('8cd94334-adde-4d9b-aad9-c2de93adb2c0')],
    ),
    device(
      'Kiiroo Onyx+',
      '40dafef9-ef94-4b03-8b8a-e9d7e9fef317',
      ['Onyx+'],
      [stroker('c66d882d-f752-45b4-806e-166d3e160eb8')],
    ),
    device(
      'Kiiroo Keon',
      'f3675b2e-d7b8-463b-8b91-30a5ebef24f4',
      ['KEON', 'Keon R2'],
      [stroker('da002a11-610a-4e13-94c5-4c45d51814f2')],
    ),
    device(
      'Kiiroo Onyx+ Realm Edition',
      'd2fde950-8e0a-4231-8ebc-5c39dcf3349f',
      ['Rey', 'We-Vibe Rocketman', 'Realm1.1'],
      [stroker('8c896f82-2e17-46f9-9db2-531cc7e42236')],
    ),
  ],
};

export const KIIROO_V3_DEFINITION: ProtocolDefinition = {
  id: 'kiiroo-v3',
  // The Keon Wifi takes its commands on 1800 (upstream device config).
  communication: [
    btle({ names: ['KEON WIFI', 'Keon Wifi'], services: { '1900': { rx: '1903', tx: '1800' } } }),
  ],
  defaults: device('Kiiroo V3 Device', 'b3b6151e-79b8-4aac-a777-0de6b9f2d893', undefined, []),
  configurations: [
    device(
      'Kiiroo Keon',
      '62ba81c4-0ada-41be-b49d-d53426cdc277',
      ['KEON WIFI', 'Keon Wifi'],
      [stroker('f4ee99e7-1a14-4315-9870-3990bca7ff94'), battery(1, '90319514-ff68-40ae-805d-54ce392a60bd')],
    ),
  ],
};

// ------------------------------------------------------------------ encoders (pure)

export function encodeV21Vibrate(speed: number): HwWrite {
  return bytesWrite([0x01, u8(speed)]);
}

export function encodeV21Move(position: number, speed: number): HwWrite {
  return bytesWrite([0x03, 0x00, speed, u8(position)]);
}

/** The Onyx+ family's wake-up: two stroke commands, with response (kiiroo_v21_initialized.rs). */
export const V21_INIT_WRITES: readonly (readonly number[])[] = [
  [0x03, 0x00, 0x64, 0x19],
  [0x03, 0x00, 0x64, 0x00],
];

/** "Battery level in byte 5 of exactly 20 bytes" (kiiroo_v21.rs). */
export function parseV21Battery(data: Uint8Array): number {
  if (data.length !== BATTERY_READ_LENGTH) throw new Error('Kiiroo battery data not expected length');
  return data[BATTERY_BYTE] as number;
}

async function readV21Battery(
  hw: HardwareOps,
  _feature: number,
  type: InputType,
): Promise<readonly number[]> {
  if (type !== 'Battery') throw new Error(`Kiiroo v2.1 has no readable ${type} input`);
  return [parseV21Battery(await hw.read(WHITELIST, BATTERY_READ_LENGTH))];
}

// ------------------------------------------------------------------ handler

/** Vibrate and stroke; remembers the last position, which the next stroke's speed depends on. */
export class KiirooV21Handler implements ProtocolHandler {
  #previous = 0;
  readonly readInput?: InputReader;

  constructor(withBattery: boolean) {
    if (withBattery) this.readInput = readV21Battery;
  }

  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    const writes: HwWrite[] = [];
    for (const c of changed) {
      if (c.type === 'Vibrate') {
        writes.push(encodeV21Vibrate(c.value));
        continue;
      }
      const position = u8(c.value);
      writes.push(encodeV21Move(position, strokeSpeed(this.#previous, position, c.duration ?? 0)));
      this.#previous = position;
    }
    return writes;
  }
}

function handlerFor(d: ResolvedDevice, family: string, withBattery: boolean): KiirooV21Handler {
  requireOutputs(d, ['Vibrate', 'HwPositionWithDuration'], family);
  return new KiirooV21Handler(withBattery);
}

export const kiirooV21: ProtocolModule = {
  definition: KIIROO_V21_DEFINITION,
  createHandler: (d) => handlerFor(d, 'Kiiroo v2.1', true),
};

export const kiirooV21Initialized: ProtocolModule = {
  definition: KIIROO_V21_INITIALIZED_DEFINITION,
  async initialise(hw: HardwareOps) {
    for (const bytes of V21_INIT_WRITES) await hw.write(TX, Uint8Array.from(bytes), true);
  },
  // Upstream's handler for these strokers has no battery read.
  createHandler: (d) => handlerFor(d, 'Kiiroo v2.1 (initialised)', false),
};

export const kiirooV3: ProtocolModule = {
  definition: KIIROO_V3_DEFINITION,
  createHandler: (d) => handlerFor(d, 'Kiiroo v3', true),
};
