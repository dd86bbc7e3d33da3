// The Cowgirl / The Unicorn: one packet carries vibration and rotation, [0x00, 0x01, vibrate,
// rotate], written with response on tx. Facts: upstream device config "cowgirl" and cowgirl.rs.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { PacketHandler } from './shared/handlers.js';
import { currentValue } from './shared/outputs.js';
import { bytesWrite } from './shared/writes.js';

export function encodeMotors(vibrate: number, rotate: number): HwWrite {
  return bytesWrite([0x00, 0x01, vibrate, rotate], true);
}

function buildPacket(current: ReadonlyMap<string, OutputCommand>): HwWrite {
  return encodeMotors(currentValue(current, 0, 'Vibrate'), currentValue(current, 1, 'Rotate'));
}

export const COWGIRL_DEFINITION: ProtocolDefinition = {
  id: 'cowgirl',
  communication: [btle({ names: ['THE COWGIRL', 'THE UNICORN'], services: { fe00: { tx: 'fe01' } } })],
  defaults: {
    name: 'The Cowgirl Device',
    id: '5cdfacc3-7a69-415c-aefc-1d889fc5e824',
    features: [
      output(0, '11c01b64-e6cc-4b19-9a4d-eaf03a317b03', 'Vibrate', 255),
      // Rotation speed only: the range has no negative side, so no direction.
      output(1, '9f3e0837-26e5-4ab1-bb2c-67be33ca920d', 'Rotate', 255),
    ],
  },
  configurations: [
    device('The Cowgirl', '188130d5-6ea1-473f-a9f4-a176929221ff', ['THE COWGIRL']),
    device('The Unicorn', '675d61d0-b30f-4f60-abf7-6d5f67a5b56c', ['THE UNICORN']),
  ],
};

export const cowgirl: ProtocolModule = {
  definition: COWGIRL_DEFINITION,
  createHandler: PacketHandler.factory('Cowgirl', ['Vibrate', 'Rotate'], buildPacket),
};
