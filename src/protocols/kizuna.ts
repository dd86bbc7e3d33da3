// Kizuna Smart: a serial device taking one ASCII digit per line, the rotation speed 0–9. Facts:
// upstream device config "kizuna" and kizuna.rs. The port is upstream's placeholder "default";
// a user names theirs in the user device config.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

/** "0\r\n" … "9\r\n". */
export function encodeRotate(speed: number): HwWrite {
  return bytesWrite([0x30 + speed, 0x0d, 0x0a]);
}

export const KIZUNA_DEFINITION: ProtocolDefinition = {
  id: 'kizuna',
  communication: [{ serial: { port: 'default', baudRate: 19_200, dataBits: 8, parity: 'N', stopBits: 1 } }],
  defaults: {
    name: 'Kizuna Smart',
    id: '654be6a2-bfe6-4358-bd0a-0d8f2cd9d105',
    features: [output(0, '7077cb50-d3d5-4357-8b5f-42517ffc83b8', 'Rotate', 9)],
  },
  configurations: [],
};

export const kizuna: ProtocolModule = {
  definition: KIZUNA_DEFINITION,
  createHandler: PerCommandHandler.factory('Kizuna', {
    encoders: { Rotate: (c) => [encodeRotate(c.value)] },
  }),
};
