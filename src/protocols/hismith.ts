// Hismith (first models, "hismith"): 4-byte tx packets [aa slot value checksum]. The model number
// read from the rxblemodel characteristic, as hex ("2001"), selects the configuration. Facts from
// the upstream device config (protocol "hismith") and hismith.rs.
//
// Upstream hands any model not in LEGACY_MODELS over to the hismith-mini protocol, configuration
// included; identify does the same with a Handover.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import type {
  Handover,
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle } from './define.js';
import { readModel } from './hismith-mini.js';
import { requireOutputs } from './shared/handlers.js';
import { type ConfigRow, configsFromRows, defaultsFromRow } from './shared/rows.js';
import { bytesWrite } from './shared/writes.js';

/** Models that speak this protocol (upstream hismith.rs LEGACY_HISMITHS). */
export const LEGACY_MODELS: ReadonlySet<string> = new Set(['1001', '1002', '1003', '3001', '2001', '1006']);

/**
 * [aa slot value slot+value]. Oscillation is slot 4; vibration is slot 4 on feature 0 (Wildolo)
 * and slot 6 elsewhere (Thrusting Cup), where "off" is 0xf0 rather than 0.
 */
export function encodeHismith(c: OutputCommand): HwWrite {
  const slot = c.type === 'Vibrate' && c.feature !== 0 ? 0x06 : 0x04;
  const value = c.type === 'Vibrate' && c.feature !== 0 && c.value === 0 ? 0xf0 : c.value;
  return bytesWrite([0xaa, slot, value & 0xff, (slot + value) & 0xff]);
}

const SUPPORTED: ReadonlySet<OutputType> = new Set<OutputType>(['Oscillate', 'Vibrate']);

const legacyHandler: ProtocolHandler = {
  encode(changed) {
    return changed.map(encodeHismith);
  },
};

/** The model number; a model outside the legacy list is a hismith-mini device. */
export async function identifyHismith(hw: HardwareOps): Promise<string | Handover> {
  const model = await readModel(hw);
  return LEGACY_MODELS.has(model) ? model : { protocol: 'hismith-mini', identifier: model };
}

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, SUPPORTED, 'Hismith');
  return legacyHandler;
}

// ------------------------------------------------------------------ database entry

const NAMES = ['HISMITH', 'Wildolo', '\u0007HISMITH'];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    ff90: { rxblemodel: 'ff96' },
    ffe5: { tx: 'ffe9' },
  },
});

const DEFAULTS = defaultsFromRow('Hismith device', 'a8689335-db27-4a23-8724-6973168bb474', [
  [0, 'O100', '24291feb-53a7-49ee-898a-8c42f534508f', 'Fucking Machine Oscillation Speed'],
]);

const CONFIGS: readonly ConfigRow[] = [
  ['1001', 'Hismith Sex Machine', '169414bc-55d6-4ada-a9ec-eae862e80e09'],
  ['1002', 'Hismith Pro Traveler', '33a59054-9a87-4ecb-9893-3b5101b6431b'],
  ['1003', 'Hismith Capsule', '119197ff-5750-40bf-9770-024e75cbe20c'],
  [
    '2001',
    'Hismith Thrusting Cup',
    '188ee17a-d776-4f9b-baaa-903b9fea276f',
    [
      [0, 'O100', '1663c651-cab6-444d-bbd7-39baf190d6ab', 'Stroker Oscillation Speed'],
      [1, 'V1', 'b6a5ed20-e10a-4370-aa9e-0cd85bf1c6f7'],
    ],
  ],
  [
    '1006',
    'Hismith G011',
    'fb1d1aa1-5a88-4a39-af74-bc127d670ab1',
    [
      [0, 'O100', '8621627f-4561-4272-9d95-231d9b8d3440', 'Stroker Oscillation Speed'],
      [1, 'V1', '5815777e-11e1-4998-b9a6-68e09656f18c'],
    ],
  ],
  [
    '3001',
    'Wildolo Device',
    'ef153cf6-130d-43a1-82f1-4a16e457e8ea',
    [[0, 'V100', '5ac186f5-ada6-4ec2-a65a-910b8b2292cc']],
  ],
];

export const HISMITH_DEFINITION: ProtocolDefinition = {
  id: 'hismith',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: configsFromRows(CONFIGS),
};

export const hismith: ProtocolModule = {
  definition: HISMITH_DEFINITION,
  identify: identifyHismith,
  createHandler,
};
