// Bananasome Rocket X7: one packet carries all three motors, [0xa0, 0x03, m0, m1, m2], on tx.
// Facts: upstream device config "bananasome" and bananasome.rs.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, output } from './define.js';
import { PacketHandler } from './shared/handlers.js';
import { currentValue } from './shared/outputs.js';
import { bytesWrite } from './shared/writes.js';

/** The packet for three motor speeds (feature 0 oscillates, 1 and 2 vibrate). */
export function encodeMotors(oscillate: number, vibrate1: number, vibrate2: number): HwWrite {
  return bytesWrite([0xa0, 0x03, oscillate, vibrate1, vibrate2]);
}

function buildPacket(current: ReadonlyMap<string, OutputCommand>): HwWrite {
  return encodeMotors(
    currentValue(current, 0, 'Oscillate'),
    currentValue(current, 1, 'Vibrate'),
    currentValue(current, 2, 'Vibrate'),
  );
}

export const BANANASOME_DEFINITION: ProtocolDefinition = {
  id: 'bananasome',
  communication: [btle({ names: ['火箭X7'], services: { ae00: { tx: 'ae01' } } })],
  defaults: {
    name: 'Bananasome Rocket X7',
    id: '83c998f8-1a18-48af-aa52-2f310252eb54',
    features: [
      output(0, '63fa90c4-1ab9-4841-bfa3-45113f2c1d18', 'Oscillate', 255),
      output(1, '3e738dbf-3ff1-495a-a5bf-6d57776d80e8', 'Vibrate', 255),
      output(2, 'c2a5f510-44fc-4c79-a9e2-ebf4862c45cb', 'Vibrate', 255),
    ],
  },
  configurations: [],
};

export const bananasome: ProtocolModule = {
  definition: BANANASOME_DEFINITION,
  createHandler: PacketHandler.factory('Bananasome', ['Oscillate', 'Vibrate'], buildPacket),
};
