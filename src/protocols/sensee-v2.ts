// Sensee (second protocol, "sensee-v2"): one tx frame carrying every output, grouped by kind
// (vibrators, thrusters, suction), headed by a device-type byte the toy reports when its tx
// characteristic is read. Facts from the upstream device config (protocol "sensee-v2") and
// sensee_v2.rs.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import type {
  HandlerContext,
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { currentValue } from './shared/outputs.js';
import { type ConfigRow, configsFromRows, defaultsFromRow } from './shared/rows.js';
import { bytesWrite } from './shared/writes.js';

/** Used when the model read has no device type (upstream sensee_v2.rs). */
export const DEFAULT_DEVICE_TYPE = 0x65;
export const MODEL_READ_LENGTH = 128;
export const MODEL_READ_TIMEOUT_MS = 500;
/** Group codes in frame order. */
const GROUPS: readonly (readonly [code: number, type: OutputType])[] = [
  [0, 'Vibrate'],
  [1, 'Oscillate'],
  [2, 'Constrict'],
];

/** Byte 6 of the model read, unless absent or zero. */
export function deviceTypeFrom(model: Uint8Array): number {
  const type = model[6];
  return type !== undefined && type !== 0 ? type : DEFAULT_DEVICE_TYPE;
}

/**
 * 55 aa f0 02 00 len type f1, then the number of groups, then per group: its code, its output
 * count and (1-based position, value) per output; then two zero bytes where a checksum would go
 * (upstream leaves it unused). len = 4 + the command bytes.
 */
export function encodeFrame(
  deviceType: number,
  groups: readonly (readonly [code: number, values: readonly number[]])[],
): HwWrite {
  const body: number[] = [groups.length];
  for (const [code, values] of groups) {
    body.push(code, values.length);
    values.forEach((v, i) => body.push(i + 1, v));
  }
  return bytesWrite([0x55, 0xaa, 0xf0, 0x02, 0x00, 4 + body.length, deviceType, 0xf1, ...body, 0x00, 0x00]);
}

/** Learns the device type byte every frame carries. */
async function initialise(hw: HardwareOps): Promise<number> {
  return deviceTypeFrom(await hw.read('tx', MODEL_READ_LENGTH, MODEL_READ_TIMEOUT_MS));
}

/**
 * Upstream keeps each group in a hash map, so the order of several outputs of one kind in its
 * frame is arbitrary; we keep feature order.
 */
class SenseeV2Handler implements ProtocolHandler {
  constructor(
    private readonly deviceType: number,
    private readonly groups: readonly (readonly [
      code: number,
      type: OutputType,
      features: readonly number[],
    ])[],
  ) {}

  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[] {
    if (changed.length === 0) return [];
    return [
      encodeFrame(
        this.deviceType,
        this.groups.map(
          ([code, type, features]) => [code, features.map((f) => currentValue(current, f, type))] as const,
        ),
      ),
    ];
  }
}

const SUPPORTED: ReadonlySet<OutputType> = new Set(GROUPS.map(([, type]) => type));

function createHandler(device: ResolvedDevice, context?: HandlerContext<number>): ProtocolHandler {
  requireOutputs(device, SUPPORTED, 'Sensee');
  const groups = GROUPS.map(
    ([code, type]) =>
      [
        code,
        type,
        device.features.filter((f) => f.output?.[type] !== undefined).map((f) => f.index),
      ] as const,
  ).filter(([, , features]) => features.length > 0);
  return new SenseeV2Handler(context?.learned ?? DEFAULT_DEVICE_TYPE, groups);
}

// ------------------------------------------------------------------ database entry

const NAMES = [
  'CCPA10S2',
  'CCPA18S5',
  'Easylive NO8 Cup',
  'CTY508S5',
  'CTY916S4',
  'PTYB22S2',
  'CCP322S5',
  'CTY823S5',
  'qingnan#16',
  'CCPB22S5',
  'CCP324S2',
];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    fff0: { rx: 'fff4', tx: 'fff5' },
  },
});

const DEFAULTS = defaultsFromRow('Sensee Device', 'd7ba651e-88d6-4452-9fa5-1562b8d8be2a', [
  [0, 'V100', 'b5865307-0de8-4dd9-bb1a-69e1c2f3c39c'],
  [1, 'C100', 'cd11ed14-d9ea-4c11-b454-41e5c697f70b'],
]);

const CONFIGS: readonly ConfigRow[] = [
  ['CCPA10S2', 'Sensee Capsule', '4629e2a0-553f-4178-a378-8a9a5e88b038'],
  ['CCPA18S5', 'Sensee Astronaut', 'e9be0c9a-43d9-4e95-9d1d-67e22f940a5f'],
  [
    'Easylive NO8 Cup',
    'Sensee No8',
    '72dcac71-472d-47bc-a408-60567765836c',
    [
      [0, 'V100', '1094606e-1407-4249-979c-98d6a6abf97c'],
      [1, 'O100', '542d9822-9617-472c-953b-c9519a59aaac'],
    ],
  ],
  [
    'CCP322S5',
    'Easylive Vader',
    'b925cadb-6aef-4896-8b97-1dfa44702a9e',
    [
      [0, 'V100', '4a6f2a58-1760-42e6-ae17-6e0c4880a48c'],
      [1, 'O100', 'aeab494e-3312-49bd-8f1f-599e3bab7f4d'],
    ],
  ],
  [
    'CTY508S5',
    'Sensee Voice-Interactive Female Vibrator',
    'fea99f9b-97da-44cf-a898-17e65abf86e3',
    [
      [0, 'V100', 'c9600c27-1302-449c-9a07-268d59f818f3'],
      [1, 'O100', '377780e3-e3bd-4fe0-a345-6389eb32fbbe'],
    ],
  ],
  [
    'PTYB22S2',
    'Sensee Moonlight',
    'eca4db2b-f7ff-4d59-b73d-f2124786fceb',
    [
      [0, 'V100', '5c8664fd-1113-4d8b-af64-d42f6f303c3e'],
      [1, 'C100', '848628c7-b34e-4af4-894f-7f51645dea6a'],
    ],
  ],
  [
    'CTY823S5',
    'Sensee Little Seahorse',
    '4e2ffbbe-8f8f-4593-9eab-3409d85645a2',
    [
      [0, 'V100', '87712e50-fd72-4a3c-b122-ea3866e0942a'],
      [1, 'C100', '2a7ce324-34dd-477c-b3e2-6a6632ee4b59'],
    ],
  ],
  [
    'CTY916S4',
    'Sensee Dream Stick',
    'f8032396-8384-448f-88e9-4c754d4ae12e',
    [
      [0, 'O100', '631815ee-37e9-4de6-9b33-971b9135c718'],
      [1, 'V100', '864ef211-1635-41bc-9618-e3989f540287'],
    ],
  ],
  [
    'qingnan#16',
    'Qingnan #16',
    '00dc1d7e-9ede-4ae5-95f6-bd70363de806',
    [[0, 'C100', '4464ae6b-20bc-4c99-9e63-bfda99b7c8cc']],
  ],
  [
    'CCPB22S5',
    'Sensee Markel',
    '7fb6eb8a-e73a-42bb-a0d3-0db8bb9cd753',
    [
      [0, 'V100', 'a086709c-4982-443d-9c0f-fc4c4f5ef966'],
      [1, 'O100', '09a0b5f8-7c5c-4a84-a4d8-de466821c794'],
      [2, 'C100', 'f9ed8f8c-633e-47dd-8594-f90402afda2a'],
    ],
  ],
  [
    'CCP324S2',
    'Easylive Gamer',
    '3c3bf2f9-6ef7-4ed6-a274-e0e1105d242b',
    [
      [0, 'V100', 'cd6b7fa7-bbeb-495b-b734-816a0fc47df3'],
      [1, 'O100', 'f26498e5-1d90-40a9-9097-fe9ceaaeee26'],
    ],
  ],
];

export const SENSEE_V2_DEFINITION: ProtocolDefinition = {
  id: 'sensee-v2',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: configsFromRows(CONFIGS),
};

export const senseeV2: ProtocolModule<number> = {
  definition: SENSEE_V2_DEFINITION,
  initialise,
  createHandler,
};
