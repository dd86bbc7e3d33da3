// Vorze SA series (A10 Cyclone SA, UFO SA/TW, Bach, Rocket, Piston, Omorfi): three-byte commands
// on tx, written with response, led by the model's device number. The configuration's protocol
// variant picks the command shape, and the advertised name the device number, as upstream's
// initialiser does (vorze_sa/mod.rs and its single_rotator, dual_rotator, single_vibrator,
// dual_vibrator, piston modules). Facts from the upstream device config (protocol "vorze-sa").
//
//   single rotator   device 01 (cw << 7 | speed)          Cyclone SA = 1, UFO SA = 2
//   dual rotator     05 left right                        each (cw << 7 | speed); UFO TW
//   single vibrator  device 03 speed                      Bach = 6, Rocket = 7
//   dual vibrator    09 a b                               Omorfi
//   piston           03 position speed                    speed from distance and duration

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type {
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { PacketHandler, PerCommandHandler, requireOutputs, speedsPacket } from './shared/handlers.js';
import { outputSlots } from './shared/outputs.js';
import { bytesWrite, f64ToU8, u8 } from './shared/writes.js';

/** Device numbers (upstream VorzeDevice). */
export const VORZE_DEVICE = {
  cyclone: 1,
  ufo: 2,
  piston: 3,
  ufoTw: 5,
  bach: 6,
  rocket: 7,
  omorfi: 9,
} as const;
const ACTION_ROTATE = 1;
const ACTION_VIBRATE = 3;

// ------------------------------------------------------------------ database entry

const rotator = (index: number, id: string) => output(index, id, 'Rotate', 99, { min: -99 });

export const VORZE_SA_DEFINITION: ProtocolDefinition = {
  id: 'vorze-sa',
  communication: [
    btle({
      names: ['Bach smart', 'CycSA', 'UFOSA', 'UFO-TW', 'VorzePiston', 'ROCKET', 'OMORFI', 'OMOR'],
      services: { '40ee1111-63ec-4b7f-8ce7-712efd55b90e': { tx: '40ee2222-63ec-4b7f-8ce7-712efd55b90e' } },
    }),
  ],
  defaults: device('Vorze Device', '3ed42429-379c-4f48-926e-f297cbe69258', undefined, []),
  configurations: [
    device(
      'Vorze Bach',
      '2923a929-572c-472a-be12-ff5970f0b2b7',
      ['Bach smart'],
      [output(0, '447dbcfa-c295-4880-afba-93e24499a78d', 'Vibrate', 100)],
      { variant: 'vorze-sa-single-vibrator' },
    ),
    device(
      'Adult Festa Rocket',
      '756f590f-d2aa-4a4c-ac80-e4ac75a14f15',
      ['ROCKET'],
      [output(0, '557d3c89-2e15-4b4a-8480-07f4826a8384', 'Vibrate', 100)],
      { variant: 'vorze-sa-single-vibrator' },
    ),
    device(
      'Vorze A10 Cyclone SA',
      '390a0e30-0b5f-4b6c-88b4-e4f16383b8a3',
      ['CycSA'],
      [rotator(0, '8e249d53-8d80-4f42-bc40-e6edb7779e92')],
      { variant: 'vorze-sa-single-rotator' },
    ),
    device(
      'Vorze UFO SA',
      '2ab3b09b-1020-4dcf-86f1-ecd9d5b40ce2',
      ['UFOSA'],
      [rotator(0, '2d8d1443-c394-4df4-b9bb-1659d8323b45')],
      { variant: 'vorze-sa-single-rotator' },
    ),
    device(
      'Vorze UFO TW',
      '32e92986-3ae4-45f3-9aec-05d6028f1cb7',
      ['UFO-TW'],
      [
        rotator(0, 'a1632ce4-314f-481d-9ae2-2a11a0c4caa4'),
        rotator(1, '4b09a02d-9a4a-4c8b-8340-8e6ca3cecfc2'),
      ],
      { variant: 'vorze-sa-dual-rotator' },
    ),
    device(
      'Vorze Piston',
      'b1b17b07-c5b8-4db4-97c4-ef1597cf2e59',
      ['VorzePiston'],
      [
        output(0, '7c8d7a1d-9e2f-4a92-83f3-42a0840b90bd', 'HwPositionWithDuration', 99, {
          duration: [0, 100_000],
        }),
      ],
      { variant: 'vorze-sa-piston' },
    ),
    device(
      'Vorze Omorfi',
      'aef03284-6d45-426a-b02c-efa7896d4865',
      ['OMORFI', 'OMOR'],
      [
        output(0, 'e6630f7f-42fe-4297-ac4c-1dd2f72c67ca', 'Vibrate', 99),
        output(1, '5579d044-42db-432d-9333-46085b5b38bd', 'Vibrate', 99),
      ],
      { variant: 'vorze-sa-dual-vibrator' },
    ),
  ],
};

// ------------------------------------------------------------------ encoders (pure)

function command(bytes: readonly number[]): HwWrite {
  return bytesWrite(bytes, true);
}

/** A signed rotation as one byte: bit 7 set for clockwise (zero counts as clockwise), then speed. */
export function rotationByte(speed: number): number {
  return u8(((speed >= 0 ? 1 : 0) << 7) | Math.abs(speed));
}

export function encodeSingleRotate(deviceNumber: number, speed: number): HwWrite {
  return command([deviceNumber, ACTION_ROTATE, rotationByte(speed)]);
}

export function encodeDualRotate(speeds: readonly number[]): HwWrite {
  return command([VORZE_DEVICE.ufoTw, rotationByte(speeds[0] ?? 0), rotationByte(speeds[1] ?? 0)]);
}

export function encodeSingleVibrate(deviceNumber: number, speed: number): HwWrite {
  return command([deviceNumber, ACTION_VIBRATE, u8(speed)]);
}

export function encodeDualVibrate(speeds: readonly number[]): HwWrite {
  return command([VORZE_DEVICE.omorfi, u8(speeds[0] ?? 0), u8(speeds[1] ?? 0)]);
}

/**
 * The Piston's speed (0–100) to travel `distance` position steps in `durationMs` (upstream
 * piston.rs get_piston_speed): no distance means full speed.
 */
export function pistonSpeed(distance: number, durationMs: number): number {
  if (distance <= 0) return 100;
  const d = Math.min(distance, 200);
  // The duration as if the move spanned the full 200-step stroke.
  const fullStroke = (200 * durationMs) / d;
  const speed = Math.pow(fullStroke / 6658, -1.21);
  return f64ToU8(Math.min(100, Math.max(0, speed)));
}

export function encodePistonMove(position: number, speed: number): HwWrite {
  return command([VORZE_DEVICE.piston, u8(position), speed]);
}

/** Remembers the last position: the next move's speed depends on the distance from it. */
export class VorzePistonHandler implements ProtocolHandler {
  #previous = 0;

  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    const writes: HwWrite[] = [];
    for (const c of changed) {
      const position = u8(c.value);
      writes.push(
        encodePistonMove(position, pistonSpeed(Math.abs(this.#previous - position), c.duration ?? 0)),
      );
      this.#previous = position;
    }
    return writes;
  }
}

// ------------------------------------------------------------------ handler choice

function unknownDevice(name: string): Error {
  return new Error(`no Vorze SA encoder for device '${name}'`);
}

/** The advertised name decides the device number, as upstream's initialiser does. */
export function createVorzeHandler(d: ResolvedDevice): ProtocolHandler {
  const name = d.identifier ?? d.config.identifiers?.[0] ?? d.config.name;
  const lower = name.toLowerCase();
  switch (d.config.variant) {
    case 'vorze-sa-single-rotator': {
      requireOutputs(d, ['Rotate'], 'Vorze SA single rotator');
      const n = lower.includes('cycsa')
        ? VORZE_DEVICE.cyclone
        : lower.includes('ufo')
          ? VORZE_DEVICE.ufo
          : undefined;
      if (n === undefined) throw unknownDevice(name);
      return new PerCommandHandler({ encoders: (c) => encodeSingleRotate(n, c.value) });
    }
    case 'vorze-sa-dual-rotator':
      requireOutputs(d, ['Rotate'], 'Vorze SA dual rotator');
      return new PacketHandler(speedsPacket(outputSlots(d.features), 2, encodeDualRotate));
    case 'vorze-sa-single-vibrator': {
      requireOutputs(d, ['Vibrate'], 'Vorze SA single vibrator');
      const n = lower.includes('bach')
        ? VORZE_DEVICE.bach
        : lower.includes('rocket')
          ? VORZE_DEVICE.rocket
          : undefined;
      if (n === undefined) throw unknownDevice(name);
      return new PerCommandHandler({ encoders: (c) => encodeSingleVibrate(n, c.value) });
    }
    case 'vorze-sa-dual-vibrator':
      requireOutputs(d, ['Vibrate'], 'Vorze SA dual vibrator');
      if (!lower.includes('omor')) throw unknownDevice(name);
      return new PacketHandler(speedsPacket(outputSlots(d.features), 2, encodeDualVibrate));
    case 'vorze-sa-piston':
      requireOutputs(d, ['HwPositionWithDuration'], 'Vorze SA piston');
      return new VorzePistonHandler();
    default:
      throw unknownDevice(name);
  }
}

export const vorzeSa: ProtocolModule = {
  definition: VORZE_SA_DEFINITION,
  // Upstream's identifier for this protocol is the advertised name (generic identification);
  // returning it here hands the name to createHandler, which needs it for the device number.
  identify: async (hw: HardwareOps) => hw.name,
  createHandler: createVorzeHandler,
};
