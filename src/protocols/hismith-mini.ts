// Hismith (newer models, "hismith-mini"): 4-byte tx packets [cc slot value checksum]. The model
// number read from the rxblemodel characteristic, as hex ("2201"), selects the configuration.
// Facts from the upstream device config (protocol "hismith-mini") and hismith_mini.rs.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { FeatureDef, OutputType } from '../core/features.js';
import type {
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { type ConfigRow, configsFromRows, defaultsFromRow } from './shared/rows.js';
import { bytesWrite } from './shared/writes.js';

/** Upstream reads the model with these limits. */
export const MODEL_READ_LENGTH = 128;
export const MODEL_READ_TIMEOUT_MS = 500;

/** Model bytes as lower-case hex: [0x22, 0x01] → "2201". */
export function modelIdentifier(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Shared with hismith.ts, whose identification is the same read. */
export async function readModel(hw: HardwareOps): Promise<string> {
  return modelIdentifier(await hw.read('rxblemodel', MODEL_READ_LENGTH, MODEL_READ_TIMEOUT_MS));
}

// ------------------------------------------------------------------ encoders (pure)

/** [cc slot value slot+value]. */
export function packet(slot: number, value: number): HwWrite {
  return bytesWrite([0xcc, slot, value & 0xff, (slot + value) & 0xff]);
}

/** Rotation: the speed on slot 3, then the direction (cc 01 c0 c1 clockwise, cc 01 c1 c2 not). */
export function encodeRotate(speed: number): HwWrite[] {
  const clockwise = speed >= 0;
  return [
    packet(0x03, Math.abs(speed)),
    bytesWrite([0xcc, 0x01, clockwise ? 0xc0 : 0xc1, clockwise ? 0xc1 : 0xc2]),
  ];
}

/** One lube shot: cc 0b 01 0c. */
export const SPRAY_SHOT: readonly number[] = [0xcc, 0x0b, 0x01, 0x0c];

/** Which slot each output drives; upstream derives it from the configuration's shape. */
export interface MiniLayout {
  /** Two vibrators: the one at feature 1 uses slot 5, the other slot 3 (else vibration is slot 5). */
  readonly dualVibe: boolean;
  /** The air pump is the second feature: slot 5 (else slot 3). */
  readonly secondConstrict: boolean;
}

export function layoutFor(features: readonly FeatureDef[]): MiniLayout {
  const sorted = [...features].sort((a, b) => a.index - b.index);
  return {
    dualVibe: sorted.filter((f) => f.output?.Vibrate !== undefined).length >= 2,
    secondConstrict: sorted.findIndex((f) => f.output?.Constrict !== undefined) === 1,
  };
}

/**
 * One changed output as packets. A spray of 0 sends nothing: upstream fires a shot for any spray
 * command, so every stop would squirt; we keep the shot for "on" only.
 */
export function encodeMini(layout: MiniLayout, c: OutputCommand): HwWrite[] {
  switch (c.type) {
    case 'Oscillate':
      return [packet(0x03, c.value)];
    case 'Vibrate':
      return [packet(!layout.dualVibe || c.feature === 1 ? 0x05 : 0x03, c.value)];
    case 'Constrict':
      return [packet(layout.secondConstrict ? 0x05 : 0x03, c.value)];
    case 'Rotate':
      return encodeRotate(c.value);
    case 'Spray':
      return c.value === 0 ? [] : [bytesWrite(SPRAY_SHOT)];
    default:
      return [];
  }
}

// ------------------------------------------------------------------ handler

export const MINI_OUTPUTS: ReadonlySet<OutputType> = new Set<OutputType>([
  'Oscillate',
  'Vibrate',
  'Constrict',
  'Rotate',
  'Spray',
]);

export class HismithMiniHandler implements ProtocolHandler {
  constructor(private readonly layout: MiniLayout) {}
  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    const writes: HwWrite[] = [];
    for (const c of changed) writes.push(...encodeMini(this.layout, c));
    return writes;
  }
}

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, MINI_OUTPUTS, 'Hismith');
  return new HismithMiniHandler(layoutFor(device.features));
}

// ------------------------------------------------------------------ database entry

const NAMES = [
  'Auxfun-Box',
  'Sinloli',
  'Sinloli-Sherry',
  'Eropair *',
  'HISMITH S1',
  'HISMITH S2',
  'HISMITH S3',
  'Sinloli Cosima',
  'Sinloli-Ethel',
  'Sinloli Aston',
  'Hismith Piupiu',
  'PleasureDrive',
];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    ff90: { rxblemodel: 'ff96' },
    ffe5: { tx: 'ffe9' },
  },
});

const DEFAULTS = defaultsFromRow('Hismith Mini device', '195a4797-7b3a-4ecf-bffb-810f9b870a8b', [
  [0, 'O100', 'cd95dc09-627b-489e-841a-39cd5f06bf6d', 'Fucking Machine Oscillation Speed'],
]);

const CONFIGS: readonly ConfigRow[] = [
  ['4001', 'Auxfun Sex Machine', '6227affb-9e0e-49cb-a77b-7913d40f83ce'],
  [['1005', '1102'], 'Hismith Sex Machine', 'de78cf6a-30c2-40ce-ac8a-a060735c65ac'],
  ['1004', 'Hismith Mini Sex Machine', 'fa840f6f-6815-4fed-b238-4260ac21b90f'],
  ['1101', 'Hismith Servo Sex Machine', '330de697-9702-4bc7-89d6-3faf603f0238'],
  ['1402', 'Hismith Ukulele', '18f342d3-a927-44ac-9605-cf16ec8aad74'],
  ['1501', 'Kiiroo PleasureDrive', '5b98725d-56b3-499b-830d-50dc004c27c5'],
  [
    '2201',
    'Sinloli Automatic Sex Doll',
    '81341b4e-144b-4427-b5e9-5024b12441c7',
    [
      [0, 'C100', '1c45bd7c-ca54-483b-9994-f6d4c18cd59f', 'Air Pump'],
      [1, 'V100', '23c0c1f0-af15-492d-8405-3ce3f24d13a3', 'Vibrator'],
    ],
  ],
  [
    '3101',
    'Eropair Rabbit Vibrator',
    'e59964ad-0c44-4301-9148-f8837e197d35',
    [
      [0, 'V100', '85ca7d86-a508-4d9e-9ee5-0223a4b68805', 'Internal Vibrator'],
      [1, 'V100', '950bc937-6be1-4f6c-8d18-36cbd4d25bee', 'External Vibrator'],
    ],
  ],
  [
    '3102',
    'Eropair Thrusting Vibrating Dildo',
    'c1762d51-d2f7-4a03-bb8e-30cde5942831',
    [
      [0, 'O100', '6255e8b0-f188-4a8b-9325-4c70af3b20be', 'Thruster'],
      [1, 'V100', 'e0eb75eb-a14b-4947-97de-0bd36517dabd', 'Vibrator'],
    ],
  ],
  [
    '2101',
    'Eropair Cup',
    '8ffeec80-9b8f-4cb5-a70d-6b6d8170a688',
    [
      [0, 'C100', '39ed62dd-77c2-4488-ba09-33792a65b013', 'Air Pump'],
      [1, 'V100', 'd36a28fd-0042-4c5c-a36c-e0a72173e0ab', 'Vibrator'],
    ],
  ],
  [
    '2204',
    'Sinloli Cosima',
    '9eb5977d-38be-4e77-8a26-1d69e8286689',
    [
      [0, 'O100', '928b7b2b-9e4e-47bc-8196-e304174e78fa', 'Stroker Oscillation Speed'],
      [1, 'C100', 'e9b6dc68-e89a-4f7b-a74f-8a25b31346ee', 'Air Pump'],
    ],
  ],
  [
    '2202',
    'Sinloli Ethel',
    'a14d8479-e4b9-463f-af23-e78bd0c5d2c7',
    [
      [0, 'O100', '030bcd37-38f1-415f-b59e-d0013497fadf', 'Stroker Oscillation Speed'],
      [1, 'V100', '19ca1ed9-94ee-46f8-9b70-0e79a013db9d', 'Vibrator'],
    ],
  ],
  [
    '2205',
    'Sinloli Aston',
    'd9ced3ed-cc74-4731-baeb-7bbf7fda288e',
    [[0, 'R-100', 'e4fa9535-0f48-4401-a1e4-f13fbfb519a5', 'Rotate']],
  ],
  [
    '4002',
    'Sinloli Piupiu',
    'ae9c755d-a11f-43c3-9cce-1c3797788434',
    [[0, 'S1', 'c24a6b8c-6665-4cf6-95f8-51140f9788b4']],
  ],
];

export const HISMITH_MINI_DEFINITION: ProtocolDefinition = {
  id: 'hismith-mini',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: configsFromRows(CONFIGS),
};

export const hismithMini: ProtocolModule = {
  definition: HISMITH_MINI_DEFINITION,
  identify: readModel,
  createHandler,
};
