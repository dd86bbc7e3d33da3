// Svakom Ava Neo (upstream svakom_avaneo.rs): feature 0, vibrating or oscillating, is
// [0x55, 3, 0, 0, on, speed]; other features are [0x55, mode, 0, 0, speed, 0xff] with mode 9 to
// vibrate and 8 to oscillate (the Ava Neo's feature 1: its thrusting, on or off).

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

export function encodeAvaNeoMain(speed: number): HwWrite {
  return bytesWrite([0x55, 0x03, 0x00, 0x00, speed === 0 ? 0x00 : 0x01, u8(speed)]);
}

export function encodeAvaNeoVibrate(feature: number, speed: number): HwWrite {
  return feature === 0 ? encodeAvaNeoMain(speed) : bytesWrite([0x55, 0x09, 0x00, 0x00, u8(speed), 0xff]);
}

export function encodeAvaNeoOscillate(feature: number, speed: number): HwWrite {
  return feature === 0 ? encodeAvaNeoMain(speed) : bytesWrite([0x55, 0x08, 0x00, 0x00, u8(speed), 0xff]);
}

const ENCODERS: PerCommandSpec = {
  encoders: {
    Vibrate: (c: OutputCommand) => encodeAvaNeoVibrate(c.feature, c.value),
    Oscillate: (c: OutputCommand) => encodeAvaNeoOscillate(c.feature, c.value),
  },
};

export const SVAKOM_AVANEO_DEFINITION: ProtocolDefinition = {
  id: 'svakom-avaneo',
  communication: [ffe0Btle(['Ava Neo'])],
  defaults: device('Svakom Ava Neo', '8254195f-4c38-425d-b5e6-352ad644399a', undefined, [
    output(0, '9dbdf85e-6692-4a95-b8a1-da350327a9a3', 'Vibrate', 10),
    output(1, '878fb1f8-8c38-4058-bd0f-859584d14cef', 'Oscillate', 1),
  ]),
  configurations: [],
};

export const svakomAvaNeo: ProtocolModule = {
  definition: SVAKOM_AVANEO_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-avaneo', d, ENCODERS),
};
