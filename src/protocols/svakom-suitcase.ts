// Svakom Magic Suitcase and Coleur Dor VX236A (upstream svakom_suitcase.rs). Feature 0 takes a
// 0–30 step as an intensity 1–3 and a speed 1–10 within it: [0x55, 3, 0, 0, intensity, speed]
// (step 10 is intensity 1 speed 10, step 11 intensity 2 speed 1). Feature 1 is
// [0x55, 9, 0, 0, speed, 0].

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

export function encodeSuitcaseMain(step: number): HwWrite {
  let speed = step % 10;
  let intensity = step === 0 ? 0 : Math.floor(step / 10) + 1;
  if (speed === 0 && intensity !== 0) {
    speed = 10;
    intensity -= 1;
  }
  return bytesWrite([0x55, 0x03, 0x00, 0x00, u8(intensity), u8(speed)]);
}

export function encodeSuitcaseSecond(speed: number): HwWrite {
  return bytesWrite([0x55, 0x09, 0x00, 0x00, u8(speed), 0x00]);
}

const ENCODERS: PerCommandSpec = {
  encoders: {
    Vibrate: (c) => (c.feature === 0 ? encodeSuitcaseMain(c.value) : encodeSuitcaseSecond(c.value)),
  },
};

export const SVAKOM_SUITCASE_DEFINITION: ProtocolDefinition = {
  id: 'svakom-suitcase',
  communication: [ffe0Btle(['VX357A-BLE-V1.0', 'VX236A-BLE-V1.0'])],
  defaults: device('Svakom Magic Suitcase', 'ffefddb3-5697-4ff1-a064-5d33c6f9b214', undefined, [
    output(0, '34836d30-2d4f-4c89-ab42-88dd227f14f0', 'Vibrate', 30),
    output(1, '190fc9a8-8d55-45c5-98e0-921246ccbb7d', 'Vibrate', 1),
  ]),
  configurations: [device('Coleur Dor VX236A', 'e3187cb5-6370-4d29-8850-2d9206889f64', ['VX236A-BLE-V1.0'])],
};

export const svakomSuitcase: ProtocolModule = {
  definition: SVAKOM_SUITCASE_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-suitcase', d, ENCODERS),
};
