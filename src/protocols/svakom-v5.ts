// Svakom v5 (Chika, Mora Neo, Trysta Neo, Mini Emma Neo), upstream svakom_v5.rs: the vibrators
// at features 0 and 1 share Svakom's two-vibrator packet, here without the trailing 0 and with a
// lone vibrator addressed as "the first"; the thrusting (Oscillate) is [0x55, 9, 0, 0, speed, 0].

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { dualVibePacket, type DualVibeStyle, ffe0Btle } from './svakom-shared.js';

export const SVAKOM_V5_STYLE: DualVibeStyle = {
  runningByte: 0x01,
  trailingZero: false,
  singleAddressesBoth: false,
};

export function encodeSvakomV5Oscillate(speed: number): HwWrite {
  return bytesWrite([0x55, 0x09, 0x00, 0x00, u8(speed), 0x00]);
}

export const SVAKOM_V5_DEFINITION: ProtocolDefinition = {
  id: 'svakom-v5',
  communication: [ffe0Btle(['Chika', 'Mora Neo', 'Trysta Neo', 'Mini Emma Neo'])],
  defaults: device('Svakom Device v5', '9b304bb1-b961-4948-937e-4e3ee1b429b0', undefined, [
    output(0, '4f672189-8169-4114-92cd-ed7f74427548', 'Vibrate', 10),
    output(1, 'bdd5e445-0d53-47c9-9b9e-c60b83d821fd', 'Vibrate', 10),
  ]),
  configurations: [
    device('Svakom Chika', '4ca8c463-03fc-421d-ab03-27ed6f4283da', ['Chika']),
    device(
      'Svakom Mora Neo',
      'b647f340-bcd1-4d9e-88ac-e064ce86b1ac',
      ['Mora Neo'],
      [
        output(0, '7d13d266-a8f3-49b5-94d2-ac6242c40b7a', 'Vibrate', 10),
        output(1, '3b4e80ae-3ec6-4bb7-aba9-1dc48dd1614b', 'Vibrate', 10),
        output(2, '41ecfb09-8b4c-4ec1-9f7a-29b9ff1097f7', 'Oscillate', 3),
      ],
    ),
    device(
      'Svakom Trysta Neo',
      '66d5aa90-b2aa-4552-9777-cbb80aae2b9f',
      ['Trysta Neo'],
      [
        output(0, '655ec2b3-ede8-4051-96da-c40eed164372', 'Vibrate', 10),
        output(1, '4cc06c03-36d9-4b10-9d51-46417b0d7f3d', 'Vibrate', 10),
        output(2, 'f62fea13-0dfb-4706-8122-9104abf9dca5', 'Oscillate', 3),
      ],
    ),
    device(
      'Svakom Mini Emma Neo',
      '396d37c3-dc1e-473d-85ca-95bd9583d9f5',
      ['Mini Emma Neo'],
      [output(0, 'd957a257-9ae2-45f1-80b2-dbcc4dc2886b', 'Vibrate', 10)],
    ),
  ],
};

export const svakomV5: ProtocolModule = {
  definition: SVAKOM_V5_DEFINITION,
  createHandler: (d) =>
    perCommandHandler('svakom-v5', d, {
      packet: dualVibePacket(d.features, SVAKOM_V5_STYLE),
      encoders: { Oscillate: (c) => encodeSvakomV5Oscillate(c.value) },
    }),
};
