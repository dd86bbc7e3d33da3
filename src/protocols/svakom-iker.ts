// Svakom Iker (upstream svakom_iker.rs): two vibrators written together from their last speeds.
// Both stopped: [0x55, 7, 0, 0, 0, 0]. Otherwise the first as [0x55, 3, 3, 0, 1, speed] (also
// at 0), then the second as [0x55, 7, 0, 0, speed, 0] only while it runs.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { type GroupedPacket, perCommandHandler } from './shared/handlers.js';
import { currentValue } from './shared/outputs.js';
import { bytesWrite, u8 } from './shared/writes.js';

export function encodeIkerVibrators(first: number, second: number): HwWrite[] {
  if (first === 0 && second === 0) return [bytesWrite([0x55, 0x07, 0x00, 0x00, 0x00, 0x00])];
  const writes = [bytesWrite([0x55, 0x03, 0x03, 0x00, 0x01, u8(first)])];
  if (second > 0) writes.push(bytesWrite([0x55, 0x07, 0x00, 0x00, u8(second), 0x00]));
  return writes;
}

const VIBRATORS: GroupedPacket = {
  includes: (_feature, type) => type === 'Vibrate',
  encode: (current: ReadonlyMap<string, OutputCommand>) =>
    encodeIkerVibrators(currentValue(current, 0, 'Vibrate'), currentValue(current, 1, 'Vibrate')),
};

export const SVAKOM_IKER_DEFINITION: ProtocolDefinition = {
  id: 'svakom-iker',
  communication: [
    btle({
      names: ['Iker'],
      services: { ffe0: { tx: 'ffe1' } },
      manufacturerData: [{ company: 39, data: [83, 86, 65, 1, 11, 18, 1, 51, 68, 85, 202, 8] }],
    }),
  ],
  defaults: device('Svakom Iker', '1db55a7c-6133-4b33-bd54-e7fa8dead165', undefined, [
    output(0, '36af2b39-85ec-4463-9ecd-59fbaff3ba38', 'Vibrate', 10),
    output(1, '74e5fb53-383a-4938-81ff-cb84da773882', 'Vibrate', 5),
  ]),
  configurations: [],
};

export const svakomIker: ProtocolModule = {
  definition: SVAKOM_IKER_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-iker', d, { packet: VIBRATORS }),
};
