// Lelo F1s: both motors in one packet "01 a b" on tx. The toy only takes commands once its power
// button has been pressed after connecting; upstream subscribes to rx at init and nothing more
// (lelof1s.rs). Facts from the upstream device config (protocol "lelo-f1s") and lelof1s.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type {
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { PacketHandler, requireOutputs, speedsPacket } from './shared/handlers.js';
import { outputSlots } from './shared/outputs.js';
import { bytesWrite, RX, u8 } from './shared/writes.js';

const MOTORS = 2;

export const LELO_F1S_DEFINITION: ProtocolDefinition = {
  id: 'lelo-f1s',
  communication: [btle({ names: ['F1s'], services: { fff0: { rx: '0aa4', tx: 'fff1' } } })],
  defaults: device('Lelo F1s', '83c52d23-0532-4b57-8a0b-c8132a5c52bd', undefined, [
    output(0, '006eb802-d890-4a0f-a566-288d86ec1caf', 'Vibrate', 100),
    output(1, '787c4a90-e78c-489a-a0eb-f66b3c70d6d2', 'Vibrate', 100),
  ]),
  configurations: [],
};

/** "01 a b"; the F1s V2 and later take the same packet written with response (lelof1sv2.rs). */
export function encodeF1s(speeds: readonly number[], withResponse: boolean): HwWrite {
  return bytesWrite([0x01, u8(speeds[0] ?? 0), u8(speeds[1] ?? 0)], withResponse);
}

function encodeF1sV1(speeds: readonly number[]): HwWrite {
  return encodeF1s(speeds, false);
}

function encodeF1sV2(speeds: readonly number[]): HwWrite {
  return encodeF1s(speeds, true);
}

export function createF1sHandler(d: ResolvedDevice, withResponse: boolean): ProtocolHandler {
  requireOutputs(d, ['Vibrate'], 'Lelo F1s');
  return new PacketHandler(
    speedsPacket(outputSlots(d.features), MOTORS, withResponse ? encodeF1sV2 : encodeF1sV1),
  );
}

export const leloF1s: ProtocolModule = {
  definition: LELO_F1S_DEFINITION,
  async initialise(hw: HardwareOps) {
    await hw.subscribe(RX);
  },
  createHandler: (d) => createF1sHandler(d, false),
};
