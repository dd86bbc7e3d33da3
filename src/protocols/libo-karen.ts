// Libo Karen: upstream lists the device (protocol "libo-karen", a pressure-sensing trainer) with
// no features and has no protocol implementation for it. We keep its entry so it is recognised;
// it has nothing to drive.

import type { ProtocolDefinition } from '../core/database.js';
import type { ProtocolHandler, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { btle } from './define.js';
import { defaultsFromRow } from './shared/rows.js';

const handler: ProtocolHandler = {
  encode() {
    return [];
  },
};

function createHandler(device: ResolvedDevice): ProtocolHandler {
  if (device.features.some((f) => f.output !== undefined))
    throw new Error(`Libo Karen has no encoders (${device.config.name})`);
  return handler;
}

// ------------------------------------------------------------------ database entry

const NAMES = ['SuoYinQiu'];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    '6000': { tx: '6001', txmode: '6002' },
    '6050': { rxpressure: '6051' },
  },
});

const DEFAULTS = defaultsFromRow('Libo Karen', '2d9f29c7-7d0d-4319-967c-9f7b89eb7b1d', []);

export const LIBO_KAREN_DEFINITION: ProtocolDefinition = {
  id: 'libo-karen',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: [],
};

export const liboKaren: ProtocolModule = {
  definition: LIBO_KAREN_DEFINITION,
  createHandler,
};
