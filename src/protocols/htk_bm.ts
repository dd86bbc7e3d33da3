// HTK breast massager: two on/off motors driven by one mode byte on tx (the Bluetooth Immediate
// Alert characteristic). Facts: upstream device config "htk_bm" and htk_bm.rs.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, output } from './define.js';
import { PacketHandler } from './shared/handlers.js';
import { currentValue } from './shared/outputs.js';
import { bytesWrite } from './shared/writes.js';

const MODE_BOTH = 11;
const MODE_LEFT = 12;
const MODE_RIGHT = 13;
const MODE_OFF = 15;

/** The mode byte for the left (feature 0) and right (feature 1) motors. */
export function encodeMotors(left: number, right: number): HwWrite {
  const mode =
    left !== 0 && right !== 0 ? MODE_BOTH : left !== 0 ? MODE_LEFT : right !== 0 ? MODE_RIGHT : MODE_OFF;
  return bytesWrite([mode]);
}

function buildPacket(current: ReadonlyMap<string, OutputCommand>): HwWrite {
  return encodeMotors(currentValue(current, 0, 'Vibrate'), currentValue(current, 1, 'Vibrate'));
}

export const HTK_BM_DEFINITION: ProtocolDefinition = {
  id: 'htk_bm',
  communication: [
    btle({
      names: ['HTK-BLE-BM001'],
      // The battery characteristic is declared upstream, but no feature reads it.
      services: { '1802': { tx: '2a06' }, '180f': { rxblebattery: '2a19' } },
    }),
  ],
  defaults: {
    name: 'HTK Breast Massager',
    id: '3589254d-f271-4059-b2c3-3a5776d1eb02',
    features: [
      output(0, '3b33611d-bbba-498e-969d-526106c7e785', 'Vibrate', 1),
      output(1, 'd41e037a-b6ab-4016-a07c-f9eb7e414efb', 'Vibrate', 1),
    ],
  },
  configurations: [],
};

export const htkBm: ProtocolModule = {
  definition: HTK_BM_DEFINITION,
  createHandler: PacketHandler.factory('HTK BM', ['Vibrate'], buildPacket),
};
