// Kiiroo ProWand (and the Luxus, same bytes): one vibrator, "00 00 64 on speed speed" on tx,
// where `on` is ff for any non-zero speed; battery from the standard battery characteristic.
// Facts from the upstream device config (protocol "kiiroo-prowand") and kiiroo_prowand.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { battery, btle, device, output } from './define.js';
import { bleBatteryReader } from './shared/exchanges.js';
import { PerCommandHandler, requireOutputs } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';

/** Upstream reads 20 bytes from the battery characteristic and keeps the first. */
const BATTERY_READ_LENGTH = 20;

export const KIIROO_PROWAND_DEFINITION: ProtocolDefinition = {
  id: 'kiiroo-prowand',
  communication: [
    btle({
      names: ['ProWand', 'Luxus'],
      services: { '1400': { tx: '1401' }, '180f': { rxblebattery: '2a19' } },
    }),
  ],
  defaults: device('Kiiroo ProWand', 'd1675d72-6d25-4cc4-99dc-a42e4e4fee97', undefined, [
    output(0, '2e585349-127b-4536-85b7-9d5b90e44df4', 'Vibrate', 255),
    battery(1, 'ad812cb2-e04a-4656-9103-a80766601455', 'battery Level'),
  ]),
  configurations: [device('Luxus', 'a857e95b-3d5a-4034-92d2-7105c4febb8e', ['Luxus'])],
};

export function encodeProWandVibrate(speed: number): HwWrite {
  const s = u8(speed);
  return bytesWrite([0x00, 0x00, 0x64, speed === 0 ? 0x00 : 0xff, s, s]);
}

export const kiirooProWand: ProtocolModule = {
  definition: KIIROO_PROWAND_DEFINITION,
  createHandler(d: ResolvedDevice) {
    requireOutputs(d, ['Vibrate'], 'Kiiroo ProWand');
    return new PerCommandHandler({
      encoders: (c) => encodeProWandVibrate(c.value),
      readInput: bleBatteryReader(BATTERY_READ_LENGTH),
    });
  },
};
