// Zemalia Dice for Love: one vibrator, [0x55, 4, 0, 0, 1, speed, 0xaa] on tx (upstream
// svakom_dice.rs; its roll sensor and battery notifications are noted there but not read).

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

export function encodeDiceVibrate(speed: number): HwWrite {
  return bytesWrite([0x55, 0x04, 0x00, 0x00, 0x01, u8(speed), 0xaa]);
}

const ENCODERS: PerCommandSpec = { encoders: { Vibrate: (c) => encodeDiceVibrate(c.value) } };

export const SVAKOM_DICE_DEFINITION: ProtocolDefinition = {
  id: 'svakom-dice',
  communication: [ffe0Btle(['ZhiAi'])],
  defaults: device('Zemalia Dice for Love', '5845f3f5-6943-41df-93df-04b3b1ce7ce2', undefined, [
    output(0, '60b702d6-d3ff-4554-a3ae-f4638ddc74ef', 'Vibrate', 255),
  ]),
  configurations: [],
};

export const svakomDice: ProtocolModule = {
  definition: SVAKOM_DICE_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-dice', d, ENCODERS),
};
