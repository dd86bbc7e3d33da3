// Sensee (first protocol): one fixed 11-byte tx frame ending in the speed. Facts from the upstream
// device config (protocol "sensee") and sensee.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import type { HwWrite, ProtocolHandler, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { btle } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { defaultsFromRow } from './shared/rows.js';
import { bytesWrite } from './shared/writes.js';

/** 55 aa f0 01 01 0b 65 f7 01 01 speed. */
export function encodeSensee(speed: number): HwWrite {
  return bytesWrite([0x55, 0xaa, 0xf0, 0x01, 0x01, 0x0b, 0x65, 0xf7, 0x01, 0x01, speed]);
}

const SUPPORTED: ReadonlySet<OutputType> = new Set<OutputType>(['Vibrate']);

const handler: ProtocolHandler = {
  encode(changed) {
    return changed.map((c) => encodeSensee(c.value));
  },
};

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, SUPPORTED, 'Sensee');
  return handler;
}

// ------------------------------------------------------------------ database entry

const NAMES = ['CTY222S4'];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    fff0: { tx: 'fff5' },
  },
});

const DEFAULTS = defaultsFromRow('Sensee Diandou Rabbit', 'a8ffccf6-2d38-4606-abdd-8802a063a2ae', [
  [0, 'V100', '1544b066-a3d3-4749-9081-1b7a26ab54ed'],
]);

export const SENSEE_DEFINITION: ProtocolDefinition = {
  id: 'sensee',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: [],
};

export const sensee: ProtocolModule = {
  definition: SENSEE_DEFINITION,
  createHandler,
};
