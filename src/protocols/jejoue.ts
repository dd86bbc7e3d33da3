// Je Joue: [pattern, speed] on tx for two motors that share one speed. Facts: upstream device
// config "jejoue" and jejoue.rs.
//
// Pattern 1 runs both motors, 2 the first only, 3 the second only. The speed is the first motor's
// while it runs, else the second's; with both stopped the packet is [1, 0].

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, output } from './define.js';
import { PacketHandler } from './shared/handlers.js';
import { currentValue } from './shared/outputs.js';
import { bytesWrite } from './shared/writes.js';

const PATTERN_BOTH = 1;
const PATTERN_FIRST = 2;
const PATTERN_SECOND = 3;

/**
 * Upstream's rule, kept as is: with both motors running it still picks "first only" (pattern 2),
 * so "both" only ever goes out with speed 0.
 */
export function encodeMotors(first: number, second: number): HwWrite {
  if (first > 0) return bytesWrite([PATTERN_FIRST, first]);
  if (second > 0) return bytesWrite([PATTERN_SECOND, second]);
  return bytesWrite([PATTERN_BOTH, 0]);
}

function buildPacket(current: ReadonlyMap<string, OutputCommand>): HwWrite {
  return encodeMotors(currentValue(current, 0, 'Vibrate'), currentValue(current, 1, 'Vibrate'));
}

export const JEJOUE_DEFINITION: ProtocolDefinition = {
  id: 'jejoue',
  communication: [btle({ names: ['Je Joue'], services: { fff0: { tx: 'fff1' } } })],
  defaults: {
    name: 'Je Joue Device',
    id: '3ad4a393-215b-4cc7-9d77-9541b3b1dab1',
    features: [
      output(0, 'a723e382-c32d-4170-b909-50e9ecb9d17f', 'Vibrate', 5),
      output(1, '79434539-5c1d-459a-abbe-833f0a7403be', 'Vibrate', 5),
    ],
  },
  configurations: [],
};

export const jejoue: ProtocolModule = {
  definition: JEJOUE_DEFINITION,
  createHandler: PacketHandler.factory('Je Joue', ['Vibrate'], buildPacket),
};
