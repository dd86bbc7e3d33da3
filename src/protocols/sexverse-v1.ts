// Sexverse v1 (Rex, Cali, Olis, …), upstream sexverse_v1.rs: every motor in one packet,
// [0x23, 0x07, 3 × motors, then per motor (0x80 | number, kind, speed), then the XOR of all bytes
// before it]. Motors are numbered from 1 in feature order; kind 3 vibrates, 4 pumps (Constrict,
// Oscillate), 6 rotates.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { FeatureDef, OutputType } from '../core/features.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { type GroupedPacket, perCommandHandler } from './shared/handlers.js';
import { currentValue } from './shared/outputs.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

export interface SexverseMotor {
  readonly kind: number;
  readonly speed: number;
}

export function motorKind(type: OutputType): number {
  if (type === 'Rotate') return 0x06;
  if (type === 'Constrict' || type === 'Oscillate') return 0x04;
  return 0x03;
}

export function encodeSexverseV1(motors: readonly SexverseMotor[]): HwWrite {
  const bytes = [0x23, 0x07, u8(motors.length * 3)];
  for (let i = 0; i < motors.length; i++) {
    const m = motors[i] as SexverseMotor;
    bytes.push(0x80 | (i + 1), m.kind, u8(m.speed));
  }
  let crc = 0;
  for (const b of bytes) crc ^= b;
  bytes.push(crc);
  return bytesWrite(bytes);
}

function allMotors(features: readonly FeatureDef[]): GroupedPacket {
  const slots: { feature: number; type: OutputType; kind: number }[] = [];
  for (const f of features) {
    for (const type of Object.keys(f.output ?? {}) as OutputType[])
      slots.push({ feature: f.index, type, kind: motorKind(type) });
  }
  return {
    includes: () => true,
    encode(current: ReadonlyMap<string, OutputCommand>) {
      const motors: SexverseMotor[] = [];
      for (const s of slots) motors.push({ kind: s.kind, speed: currentValue(current, s.feature, s.type) });
      return [encodeSexverseV1(motors)];
    },
  };
}

export const SEXVERSE_V1_DEFINITION: ProtocolDefinition = {
  id: 'sexverse-v1',
  communication: [
    ffe0Btle(['Rex', 'Cali', 'LY165A01', 'Olis', 'LY213A01', 'LY199B01', 'LY234A01', 'LY271A01', 'LY270A01']),
  ],
  defaults: device('Sexverse Device', 'f595862c-fa49-460c-9667-87f0eac24a6c', undefined, [
    output(0, '74825924-5e2a-4dd6-a91a-10a24be40c09', 'Vibrate', 255),
  ]),
  configurations: [
    device('Sexverse Rex', '447c8bda-bafc-472a-9333-8f809bbc48bb', ['Rex']),
    device(
      'Sexverse Cali',
      'e4bb4468-1de1-4f37-a348-5c7177923603',
      ['Cali', 'LY165A01'],
      [
        output(0, 'd3e17d91-94d8-449d-b049-91bd0ec3cf71', 'Vibrate', 255),
        output(1, '6aceca29-6833-4f61-b5af-1005bb50bdf9', 'Constrict', 255),
      ],
    ),
    device(
      'Sexverse Olis',
      '9e874901-c5d7-49d2-910d-3849ab5ff96c',
      ['Olis'],
      [
        output(0, '2e6d4a73-7847-4a5b-a03c-cdd6f07c39c9', 'Vibrate', 255),
        output(1, 'c1530d49-07b0-432b-8c08-08e1ef4d2842', 'Vibrate', 255),
        output(2, 'cbc1187c-2400-4e9b-9fc0-a03744bd7295', 'Rotate', 255),
      ],
    ),
    device(
      'Sexverse BuCUE',
      '941a41b2-78d2-45a6-b730-17a8ff8c75e0',
      ['LY213A01'],
      [
        output(0, '641d8a6a-b068-4089-9632-c81ab872677d', 'Oscillate', 255),
        output(1, '15dcc27e-ab6d-407e-8e1a-4b51e445fa5d', 'Vibrate', 255),
      ],
    ),
    device('Cooxer Bullet Vibe', '0f8e2cac-428a-430c-a9d8-8889ed608c24', ['LY199B01']),
    device('Sexverse Tadpole', 'de51460a-4c65-4173-8172-8dc7eaccc3a1', ['LY234A01']),
    device('Sexverse Upton', '5d061d81-98cd-4271-b896-68394a21e97a', ['LY271A01']),
    device('Sexverse Una', '97458f06-7a6f-4f8a-bb7a-93dd6ab53157', ['LY270A01']),
  ],
};

export const sexverseV1: ProtocolModule = {
  definition: SEXVERSE_V1_DEFINITION,
  createHandler: (d) => perCommandHandler('sexverse-v1', d, { packet: allMotors(d.features) }),
};
