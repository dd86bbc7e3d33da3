// ActiveJoy (IntoYou remote egg): a 6-byte packet per motor on tx. Facts: upstream device config
// "activejoy" and activejoy.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

/**
 * [0xb0 header, mode 1 = vibrate, 0 = normal strength, motor index, on/off, speed] — upstream
 * activejoy.rs (other modes: 5 shock, 6 thrust, 7 suction, 8 rotation, 16 swing; not used).
 */
export function encodeVibrate(feature: number, speed: number): HwWrite {
  return bytesWrite([0xb0, 0x01, 0x00, feature, speed === 0 ? 0x00 : 0x01, speed]);
}

export const ACTIVEJOY_DEFINITION: ProtocolDefinition = {
  id: 'activejoy',
  communication: [btle({ names: ['SS-TD-YDTD-001'], services: { f0b0: { tx: 'f0b1', rx: 'f0b2' } } })],
  defaults: {
    name: 'IntoYou Remote Egg Vibrator',
    id: '62e7b76d-ab99-42ca-89ea-865a6072451e',
    features: [output(0, '1fec4773-16a2-4bec-8910-1fcd9a85edaf', 'Vibrate', 255)],
  },
  configurations: [],
};

export const activejoy: ProtocolModule = {
  definition: ACTIVEJOY_DEFINITION,
  createHandler: PerCommandHandler.factory('ActiveJoy', {
    encoders: { Vibrate: (c) => [encodeVibrate(c.feature, c.value)] },
  }),
};
