// Libo Elle: the egg's speed as one byte on txmode; a second motor (feature 1) would take a packed
// speed+mode byte on tx. Facts from the upstream device config (protocol "libo-elle") and
// libo_elle.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import type { HwWrite, ProtocolHandler, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { btle } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { type ConfigRow, configsFromRows, defaultsFromRow } from './shared/rows.js';
import { bytesWrite } from './shared/writes.js';

/** Feature 1's byte: speed 1–7 → (speed−1)<<4 | mode 1; 8 and up → (speed−8)<<4 | mode 4; 0 → 0. */
export function packedSpeed(speed: number): number {
  if (speed === 0) return 0;
  return speed <= 7 ? (((speed - 1) << 4) | 1) & 0xff : (((speed - 8) << 4) | 4) & 0xff;
}

export function encodeElle(feature: number, speed: number): HwWrite {
  return feature === 1 ? bytesWrite([packedSpeed(speed)]) : bytesWrite([speed], false, 'txmode');
}

const SUPPORTED: ReadonlySet<OutputType> = new Set<OutputType>(['Vibrate']);

const handler: ProtocolHandler = {
  encode(changed) {
    return changed.map((c) => encodeElle(c.feature, c.value));
  },
};

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, SUPPORTED, 'Libo Elle');
  return handler;
}

// ------------------------------------------------------------------ database entry

const NAMES = ['PiPiJing', 'Shuidi'];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    '6000': { tx: '6001', txmode: '6002' },
  },
});

const DEFAULTS = defaultsFromRow('Libo Elle Device', 'fe54deb6-5c13-4f69-a804-1af5fce5de96', [
  [0, 'V3', '1b336a6e-6f35-458f-837e-a0147f67c7f5'],
]);

const CONFIGS: readonly ConfigRow[] = [
  ['PiPiJing', 'LiBo Elle', 'af187899-8704-42f1-994e-694616576149'],
  ['Shuidi', 'Libo Elle 2', '98f5289c-98b4-4410-bed2-4d3050a4761e'],
];

export const LIBO_ELLE_DEFINITION: ProtocolDefinition = {
  id: 'libo-elle',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: configsFromRows(CONFIGS),
};

export const liboElle: ProtocolModule = {
  definition: LIBO_ELLE_DEFINITION,
  createHandler,
};
