// Adrien Lastic: ASCII "MotorValue:NN;" written with response on tx. Facts: upstream device config
// "adrienlastic" and adrienlastic.rs. The advertised name is a placeholder upstream (these toys
// clone a Lovense Lush name); matching is by the advertised service 0x1320, and the advertised
// name ("LVS-S001", …) then picks the model.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { TX } from './shared/writes.js';

const ascii = new TextEncoder();

/** "MotorValue:08;": the speed as at least two decimal digits. */
export function encodeVibrate(speed: number): HwWrite {
  return {
    endpoint: TX,
    data: ascii.encode(`MotorValue:${String(speed).padStart(2, '0')};`),
    withResponse: true,
  };
}

export const ADRIENLASTIC_DEFINITION: ProtocolDefinition = {
  id: 'adrienlastic',
  communication: [
    btle({
      names: ['Placeholder to avoid conflict with bad attempt to clone a Lovense Lush'],
      advertisedServices: ['1320'],
      services: { '6e400001-b5a3-f393-e0a9-e50e24dcca9e': { tx: '6e400002-b5a3-f393-e0a9-e50e24dcca9e' } },
    }),
  ],
  defaults: {
    name: 'Adrien Lastic Device',
    id: 'd5c4c815-9226-430d-8b40-915c0e208483',
    features: [output(0, '714132f1-7ddd-420e-bf9f-6927fce0c9c3', 'Vibrate', 16)],
  },
  configurations: [
    device('Adrien Lastic Palpitation', '92c43355-c16f-471a-9c5d-ea30186b75a8', ['LVS-S001']),
    device('Adrien Lastic Revelation', 'ef491238-d560-46e4-84ed-72c902632bb2', ['LVS-S002']),
  ],
};

export const adrienlastic: ProtocolModule = {
  definition: ADRIENLASTIC_DEFINITION,
  createHandler: PerCommandHandler.factory('Adrien Lastic', {
    encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
  }),
};
