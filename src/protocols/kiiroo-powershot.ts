// Kiiroo PowerShot: two vibrators in one packet "01 00 00 a b 00", written with response; battery
// from the standard battery characteristic, which this device has in its main service. Facts from
// the upstream device config (protocol "kiiroo-powershot") and kiiroo_powershot.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { battery, btle, device, output } from './define.js';
import { bleBatteryReader } from './shared/exchanges.js';
import { PacketHandler, requireOutputs, speedsPacket } from './shared/handlers.js';
import { outputSlots } from './shared/outputs.js';
import { bytesWrite, u8 } from './shared/writes.js';

/** Upstream reads 20 bytes from the battery characteristic and keeps the first. */
const BATTERY_READ_LENGTH = 20;
const MOTORS = 2;

export const KIIROO_POWERSHOT_DEFINITION: ProtocolDefinition = {
  id: 'kiiroo-powershot',
  communication: [btle({ names: ['PowerShot'], services: { '1400': { tx: '1801', rxblebattery: '2a19' } } })],
  defaults: device('Kiiroo PowerShot', '1929575e-bc47-4db8-bee2-f9fc60c438b5', undefined, [
    output(0, '8829c78b-420c-42e0-bc3e-280f84c89362', 'Vibrate', 100),
    output(1, '019e23e5-bcba-41c8-913d-03a7da63feee', 'Vibrate', 100),
    battery(2, 'eba92a5d-4284-4170-b5e9-3e0700e4529e'),
  ]),
  configurations: [],
};

export function encodePowerShot(speeds: readonly number[]): HwWrite {
  return bytesWrite([0x01, 0x00, 0x00, u8(speeds[0] ?? 0), u8(speeds[1] ?? 0), 0x00], true);
}

export const kiirooPowerShot: ProtocolModule = {
  definition: KIIROO_POWERSHOT_DEFINITION,
  createHandler(d: ResolvedDevice) {
    requireOutputs(d, ['Vibrate'], 'Kiiroo PowerShot');
    return new PacketHandler(speedsPacket(outputSlots(d.features), MOTORS, encodePowerShot), {
      readInput: bleBatteryReader(BATTERY_READ_LENGTH),
    });
  },
};
