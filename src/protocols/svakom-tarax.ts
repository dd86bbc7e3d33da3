// ToyCod Tara X (upstream svakom_tarax.rs): the internal vibrator (feature 0) is
// [0x55, 3, 0, 0, speed, 2], stopped as [.., 1, 1]; the external pulsator is
// [0x55, 9, 0, 0, speed, 0].

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

export function encodeTaraXInternal(speed: number): HwWrite {
  return bytesWrite(
    speed === 0 ? [0x55, 0x03, 0x00, 0x00, 0x01, 0x01] : [0x55, 0x03, 0x00, 0x00, u8(speed), 0x02],
  );
}

export function encodeTaraXExternal(speed: number): HwWrite {
  return bytesWrite([0x55, 0x09, 0x00, 0x00, u8(speed), 0x00]);
}

const ENCODERS: PerCommandSpec = {
  encoders: {
    Vibrate: (c) => (c.feature === 0 ? encodeTaraXInternal(c.value) : encodeTaraXExternal(c.value)),
  },
};

export const SVAKOM_TARAX_DEFINITION: ProtocolDefinition = {
  id: 'svakom-tarax',
  communication: [ffe0Btle(['SX218A'])],
  defaults: device('ToyCod Tara X', '870f69ff-45db-4a13-96e7-1915eef6ac59', undefined, [
    output(0, '8638eed8-37ec-4c54-aa06-a8dd3a832057', 'Vibrate', 3, { description: 'Internal vibrator' }),
    output(1, 'a2ad09c0-0042-4f29-875f-464fb83ca916', 'Vibrate', 3, { description: 'External pulsator' }),
  ]),
  configurations: [],
};

export const svakomTaraX: ProtocolModule = {
  definition: SVAKOM_TARAX_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-tarax', d, ENCODERS),
};
