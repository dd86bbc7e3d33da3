// FeelingSo Flair Feel: one packet carries vibration and oscillation on tx. Facts: upstream
// device config "feelingso" and feelingso.rs.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, output } from './define.js';
import { PacketHandler } from './shared/handlers.js';
import { currentValue } from './shared/outputs.js';
import { bytesWrite } from './shared/writes.js';

/**
 * [0xaa, 0x40, 0x03, vibrate, oscillate, 0x14, 0x19]. Upstream sends the last two bytes as
 * constants (it reads 0x14 as the oscillation range 1–4, 0x19 perhaps as a checksum).
 */
export function encodeMotors(vibrate: number, oscillate: number): HwWrite {
  return bytesWrite([0xaa, 0x40, 0x03, vibrate, oscillate, 0x14, 0x19]);
}

function buildPacket(current: ReadonlyMap<string, OutputCommand>): HwWrite {
  return encodeMotors(currentValue(current, 0, 'Vibrate'), currentValue(current, 1, 'Oscillate'));
}

export const FEELINGSO_DEFINITION: ProtocolDefinition = {
  id: 'feelingso',
  communication: [
    btle({
      names: ['Flair Feel'],
      services: {
        '42410001-0000-0101-0000-736278637a72': {
          tx: '42410002-0000-0101-0000-736278637a72',
          rx: '42410003-0000-0101-0000-736278637a72',
        },
      },
    }),
  ],
  defaults: {
    name: 'FeelingSo Flair Feel',
    id: '2f2d3b3d-e832-40e4-ad74-705c0f02997d',
    features: [
      output(0, 'ad577b65-e74b-44c3-868b-86e3bfd53dbe', 'Vibrate', 19),
      output(1, '5a2bd962-a9ab-4bd6-af7b-ae1fd6b39d79', 'Oscillate', 19),
    ],
  },
  configurations: [],
};

export const feelingso: ProtocolModule = {
  definition: FEELINGSO_DEFINITION,
  createHandler: PacketHandler.factory('FeelingSo', ['Vibrate', 'Oscillate'], buildPacket),
};
