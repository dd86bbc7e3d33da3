// Libo Shark: both motors in one tx byte, the first in the high nibble. Facts from the upstream
// device config (protocol "libo-shark") and libo_shark.rs.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import type { HwWrite, ProtocolHandler, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { btle } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { currentValue } from './shared/outputs.js';
import { defaultsFromRow } from './shared/rows.js';
import { bytesWrite } from './shared/writes.js';

/** [first << 4 | second]. */
export function encodeShark(first: number, second: number): HwWrite {
  return bytesWrite([((first << 4) | second) & 0xff]);
}

const SUPPORTED: ReadonlySet<OutputType> = new Set<OutputType>(['Vibrate']);

const handler: ProtocolHandler = {
  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>) {
    if (changed.length === 0) return [];
    return [encodeShark(currentValue(current, 0, 'Vibrate'), currentValue(current, 1, 'Vibrate'))];
  },
};

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, SUPPORTED, 'Libo Shark');
  return handler;
}

// ------------------------------------------------------------------ database entry

const NAMES = ['ShaYu'];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    '6000': { tx: '6001', txmode: '6002' },
  },
});

const DEFAULTS = defaultsFromRow('Libo Shark', '44915af5-e3b9-4766-ae2e-b2df758689fd', [
  [0, 'V3', '52d614a1-4f43-4946-a7bd-9d413791e642'],
  [1, 'V3', '7cebc2d6-3b11-4117-aec4-ced57a738a13'],
]);

export const LIBO_SHARK_DEFINITION: ProtocolDefinition = {
  id: 'libo-shark',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: [],
};

export const liboShark: ProtocolModule = {
  definition: LIBO_SHARK_DEFINITION,
  createHandler,
};
