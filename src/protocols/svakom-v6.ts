// Svakom v6 (Coco Pro, Echo 2, Vick Neo 2, Iker Neo, BeYourLover Naughty Clock), upstream
// svakom_v6.rs: the vibrators at features 0 and 1 share Svakom's two-vibrator packet; a third
// vibrator (the Iker Neo's) is [0x55, 7, 0, 0, on, speed, 0].

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { dualVibePacket, type DualVibeStyle, ffe0Btle } from './svakom-shared.js';

export const SVAKOM_V6_STYLE: DualVibeStyle = {
  runningByte: 0x01,
  trailingZero: true,
  singleAddressesBoth: true,
};

/** Vibrators after the first two (only feature 2 exists on any model). */
export function encodeSvakomV6ThirdVibrator(speed: number): HwWrite {
  return bytesWrite([0x55, 0x07, 0x00, 0x00, speed === 0 ? 0x00 : 0x01, u8(speed), 0x00]);
}

export const SVAKOM_V6_DEFINITION: ProtocolDefinition = {
  id: 'svakom-v6',
  communication: [ffe0Btle(['CocoPro', 'Echo 2', 'Vick Neo 2', 'Iker Neo', 'VA617A-3', 'VA617A-4'])],
  defaults: device('Svakom Device v6', 'eafe3786-e15a-4a4d-9b85-bc6e4069c339', undefined, [
    output(0, '5f1d84f8-a44a-43dc-b6f6-8e8682909ff1', 'Vibrate', 10),
  ]),
  configurations: [
    device('Svakom Coco Pro', '4901a610-9b63-47a1-a99a-521ac76e7f99', ['CocoPro']),
    device('Svakom Echo 2', '2613c099-f89f-4936-a26b-e751c8b3be28', ['Echo 2']),
    device('BeYourLover Naughty Clock Vibrator', '23bba8d3-9a07-42fc-8606-b165837adbcb', ['VA617A-3']),
    device(
      'Svakom Vick Neo 2',
      'f46a3f0e-9d3e-4e5f-9343-bbc0acc8a095',
      ['Vick Neo 2'],
      [
        output(0, '5ac07e29-37f4-4a7a-8a35-f5b2b59f3dbd', 'Vibrate', 10),
        output(1, '263e051e-ed79-4245-b222-2d4888483849', 'Vibrate', 10),
      ],
    ),
    device(
      'Svakom Iker Neo',
      '2c295a1b-8a26-47dc-9d9c-95961e1cca1b',
      ['Iker Neo'],
      [
        output(0, 'c19b776a-363d-4468-80ec-09bc22ebd06c', 'Vibrate', 10),
        output(1, 'cbdd56a3-1954-4db0-98c7-535096637868', 'Vibrate', 10),
        output(2, 'b310a28e-0109-4573-bf4a-259845c518fd', 'Vibrate', 5),
      ],
    ),
    device(
      'BeYourLover Naughty Clock Sucker',
      '1e587721-7e91-44b2-9612-f9cfd88389fc',
      ['VA617A-4'],
      [output(0, '38708bd1-466e-48e7-8721-8844aa177959', 'Vibrate', 10)],
    ),
  ],
};

export const svakomV6: ProtocolModule = {
  definition: SVAKOM_V6_DEFINITION,
  createHandler: (d) =>
    perCommandHandler('svakom-v6', d, {
      packet: dualVibePacket(d.features, SVAKOM_V6_STYLE),
      encoders: { Vibrate: (c) => encodeSvakomV6ThirdVibrator(c.value) },
    }),
};
