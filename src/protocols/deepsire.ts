// DeepSire (Kuirkish Imp 3): [0x55, 0x04, 0x01, 0, 0, speed, 0xaa] per command on tx. Facts:
// upstream device config "deepsire" and deepsire.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0x55, 0x04, 0x01, 0x00, 0x00, speed, 0xaa]);
}

export const DEEPSIRE_DEFINITION: ProtocolDefinition = {
  id: 'deepsire',
  communication: [btle({ names: ['IMP 3'], services: { ffe0: { tx: 'ffe1' } } })],
  defaults: {
    name: 'DeepSire Device',
    id: 'dd188bc6-784e-4799-b80c-3f568f8794cc',
    features: [output(0, '08e0cd3e-65eb-42a4-8b15-990eb2e4c855', 'Vibrate', 255)],
  },
  configurations: [device('Kuirkish Imp 3', 'ee9f0605-415e-4b07-8deb-c7252eff7053', ['IMP 3'])],
};

export const deepsire: ProtocolModule = {
  definition: DEEPSIRE_DEFINITION,
  createHandler: PerCommandHandler.factory('DeepSire', {
    encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
  }),
};
