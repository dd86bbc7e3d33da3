// Kiiroo Spot: one vibrator, "00 ff 00 00 00 speed" on tx; battery from the standard battery
// characteristic. Facts from the upstream device config (protocol "kiiroo-spot") and
// kiiroo_spot.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { battery, btle, device, output } from './define.js';
import { bleBatteryReader } from './shared/exchanges.js';
import { PerCommandHandler, requireOutputs } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';

/** Upstream reads 20 bytes from the battery characteristic and keeps the first. */
const BATTERY_READ_LENGTH = 20;

export const KIIROO_SPOT_DEFINITION: ProtocolDefinition = {
  id: 'kiiroo-spot',
  communication: [
    btle({ names: ['SPOT W1'], services: { '1400': { tx: '1401' }, '180f': { rxblebattery: '2a19' } } }),
  ],
  defaults: device('Kiiroo Spot', '850e3d26-54df-4eb3-879e-e6f6aa93d335', undefined, [
    output(0, 'a047482e-01d1-477a-bf67-71c1ee667f94', 'Vibrate', 100),
    battery(1, '5171bb1b-b234-4a56-96ae-d592d3065d00', 'battery Level'),
  ]),
  configurations: [],
};

export function encodeSpotVibrate(speed: number): HwWrite {
  return bytesWrite([0x00, 0xff, 0x00, 0x00, 0x00, u8(speed)]);
}

export const kiirooSpot: ProtocolModule = {
  definition: KIIROO_SPOT_DEFINITION,
  createHandler(d: ResolvedDevice) {
    requireOutputs(d, ['Vibrate'], 'Kiiroo Spot');
    return new PerCommandHandler({
      encoders: (c) => encodeSpotVibrate(c.value),
      readInput: bleBatteryReader(BATTERY_READ_LENGTH),
    });
  },
};
