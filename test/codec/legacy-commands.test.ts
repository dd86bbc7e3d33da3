// The v0/v1 device-specific commands old apps still send (VorzeA10CycloneCmd,
// FleshlightLaunchFW12Cmd, KiirooCmd), converted up for devices with a matching feature, and
// listed in v0/v1 device descriptions exactly where they convert. LovenseCmd stays refused.
//
// Commands are decoded, then handed to convertUp, so these tests hold whatever the decoder does
// with the messages (LovenseCmd is refused by the decoder itself).
import { describe, expect, it } from 'vitest';
import type { DeviceDescriptor, ReasonCode } from '../../src/core/index.js';
import { REASONS } from '../../src/core/index.js';
import {
  convertUp,
  decodeMessage,
  describeDevice,
  type Converted,
  type PositionMemory,
  type SpecVersion,
} from '../../src/codec/index.js';
import { launchDuration } from '../../src/codec/launch.js';
import { ALL_DEVICES, EDGE, LAUNCH, MAX, MIXED, NORA, STROKER, VORZE } from './support.js';

const DEV = 7;

/**
 * Decode the message at `version`, then convert it; a decoder refusal is a failure like
 * convertUp's. `positions` is the device's memory of its last positions: a new one unless a test
 * carries one over.
 */
function up(
  name: string,
  body: Record<string, unknown>,
  device: DeviceDescriptor,
  version: SpecVersion = 0,
  positions: PositionMemory = new Map(),
): Converted {
  const req = decodeMessage({ [name]: { Id: 1, DeviceIndex: DEV, ...body } }, version);
  if (req.kind === 'Error') return { kind: 'failure', failure: req.failure };
  if (req.kind !== 'DeviceCommand') throw new Error(`${name} decoded to ${req.kind}`);
  return convertUp(req.command, device, DEV, positions);
}

function expectFailure(c: Converted, reason: ReasonCode, message?: string): void {
  expect(c).toMatchObject({ kind: 'failure', failure: { reason, code: REASONS[reason][0] } });
  if (message !== undefined) expect((c as { failure: { message: string } }).failure.message).toBe(message);
}

const vorze = (speed: number, clockwise: boolean, device = VORZE) =>
  up('VorzeA10CycloneCmd', { Speed: speed, Clockwise: clockwise }, device);
const launch = (position: number, speed: number, device: DeviceDescriptor, positions?: PositionMemory) =>
  up('FleshlightLaunchFW12Cmd', { Position: position, Speed: speed }, device, 0, positions);
const kiiroo = (command: string, device: DeviceDescriptor, positions?: PositionMemory) =>
  up('KiirooCmd', { Command: command }, device, 0, positions);
/** Expected answers (plain shapes: the Checked brand is a type only). */
const rotateOut = (feature: number, value: number) => ({
  kind: 'outputs',
  commands: [{ feature, type: 'Rotate', value }],
});
const moveOut = (feature: number, value: number, duration: number) => ({
  kind: 'outputs',
  commands: [{ feature, type: 'HwPositionWithDuration', value, duration }],
});

describe('VorzeA10CycloneCmd → Rotate on the first directional rotator', () => {
  it('scales Speed / 99 onto [-99, 99], clockwise positive as RotateCmd', () => {
    expect(vorze(50, true)).toEqual(rotateOut(0, 50));
    expect(vorze(50, false)).toEqual(rotateOut(0, -50));
    expect(vorze(99, false)).toEqual(rotateOut(0, -99));
    expect(vorze(1, true)).toEqual(rotateOut(0, 1));
  });
  it('is exact where Speed / 99 is not: 13 and 26 of 99 stay 13 and 26 (99 × (13 / 99) would round up to 14)', () => {
    expect(vorze(13, true)).toEqual(rotateOut(0, 13));
    expect(vorze(26, false)).toEqual(rotateOut(0, -26));
  });
  it('rounds up like RotateCmd on a [-20, 20] rotator: 50 → 11 (10.1), 99 → 20, 5 → 2 (1.01)', () => {
    expect(vorze(50, false, NORA)).toEqual(rotateOut(1, -11));
    expect(vorze(99, true, NORA)).toEqual(rotateOut(1, 20));
    expect(vorze(5, true, NORA)).toEqual(rotateOut(1, 2));
  });
  it('Speed 0 is 0 in either direction (never -0)', () => {
    expect(vorze(0, false)).toEqual(rotateOut(0, 0));
    const c = vorze(0, false);
    expect(c.kind === 'outputs' && Object.is(c.commands[0]!.value, 0)).toBe(true);
  });
  it('picks the directional rotator, not an earlier or later one-way rotator (MIXED: feature 0, not 5)', () => {
    expect(vorze(99, false, MIXED)).toEqual(rotateOut(0, -20));
  });
  it('fails like RotateCmd on devices without a directional rotator', () => {
    const oneWay: DeviceDescriptor = {
      name: 'Spinner',
      messageTimingGap: 0,
      features: [{ index: 0, description: '', output: { Rotate: { value: [0, 10] } } }],
    };
    for (const device of [EDGE, MAX, STROKER, LAUNCH, oneWay]) {
      expectFailure(
        vorze(50, true, device),
        'THRUM_ERR_MESSAGE_UNSUPPORTED',
        'Device 7 does not support VorzeA10CycloneCmd',
      );
      const rotate = up('RotateCmd', { Rotations: [{ Index: 0, Speed: 0.5, Clockwise: true }] }, device, 1);
      expectFailure(rotate, 'THRUM_ERR_MESSAGE_UNSUPPORTED', 'Device 7 does not support RotateCmd');
    }
  });
});

describe('the Launch duration formula (FleshlightHelper.GetDuration)', () => {
  // Hand-computed: (speed / 250)^-0.95 × distance% / 90, truncated.
  it.each([
    [0.5, 1, 105], //   250^0.95 = 189.69 ms per 90 %; × 50 / 90 = 105.38
    [1, 1, 210], //     × 100 / 90 = 210.77
    [1, 50 / 99, 403], // (0.0020202)^-0.95 = 362.97; × 100 / 90 = 403.30
    [0.5, 50 / 99, 201], // 201.65
    [0.25, 50 / 99, 100], // 100.83
    [49 / 99, 1 / 99, 8207], // (4.0404e-5)^-0.95 = 14924.8; × 49.49 / 90 = 8207.57
    [49 / 99, 75 / 99, 135], // 135.80
  ])('distance %f at speed %f takes %i ms', (distance, speed, ms) => {
    expect(launchDuration(distance, speed)).toBe(ms);
  });
  it('is 0 for no distance or no speed, and clamps both to 1', () => {
    expect(launchDuration(0, 1)).toBe(0);
    expect(launchDuration(0.5, 0)).toBe(0);
    expect(launchDuration(2, 1)).toBe(launchDuration(1, 1));
    expect(launchDuration(1, 3)).toBe(launchDuration(1, 1));
  });
});

describe('FleshlightLaunchFW12Cmd → HwPositionWithDuration on the first timed-move feature', () => {
  it('moves to Position / 99 (truncated, as LinearCmd) over the Launch duration from the last position, starting at the midpoint', () => {
    const positions: PositionMemory = new Map();
    expect(launch(99, 99, LAUNCH, positions)).toEqual(moveOut(0, 99, 105)); // 0.5 → 1: half a stroke at full speed
    expect(launch(0, 50, LAUNCH, positions)).toEqual(moveOut(0, 0, 403)); // a full stroke at 50
    expect(launch(0, 20, LAUNCH, positions)).toEqual(moveOut(0, 0, 0)); // already there
    expect(launch(49, 75, LAUNCH, positions)).toEqual(moveOut(0, 49, 135));
  });
  it('takes Speed 0 as the slowest speed, 1, not as an instant move', () => {
    const positions: PositionMemory = new Map();
    launch(0, 99, LAUNCH, positions);
    expect(launch(49, 0, LAUNCH, positions)).toEqual(moveOut(0, 49, 8207));
    expect(launch(0, 1, LAUNCH, positions)).toEqual(moveOut(0, 0, 8207));
  });
  it('scales the position onto the feature range exactly: 27 of 99 stays 27; 50 on [0, 100] is 50; 33 on [0, 180] is 60', () => {
    expect(launch(27, 99, LAUNCH)).toMatchObject({ commands: [{ value: 27 }] });
    expect(launch(50, 99, STROKER)).toMatchObject({ commands: [{ feature: 0, value: 50 }] });
    expect(launch(99, 99, STROKER)).toMatchObject({ commands: [{ value: 100 }] });
    expect(launch(33, 99, MIXED)).toMatchObject({
      commands: [{ feature: 9, type: 'HwPositionWithDuration', value: 60 }],
    });
  });
  it('measures the distance from the last LinearCmd target', () => {
    const positions: PositionMemory = new Map();
    expect(
      up('LinearCmd', { Vectors: [{ Index: 0, Position: 0.2, Duration: 500 }] }, LAUNCH, 1, positions),
    ).toEqual(moveOut(0, 19, 500));
    expect(launch(99, 99, LAUNCH, positions)).toEqual(moveOut(0, 99, 168)); // 0.8 of a stroke at full speed: 168.61
  });
  it('does not remember a LinearCmd that failed', () => {
    const positions: PositionMemory = new Map();
    expectFailure(
      up(
        'LinearCmd',
        {
          Vectors: [
            { Index: 0, Position: 0, Duration: 500 },
            { Index: 1, Position: 0, Duration: 500 },
          ],
        },
        LAUNCH,
        1,
        positions,
      ),
      'THRUM_ERR_FEATURE_UNKNOWN',
    );
    expect(launch(99, 99, LAUNCH, positions)).toEqual(moveOut(0, 99, 105)); // still from the midpoint
  });
  it('keeps positions in the memory it is given (the hub keeps one per device)', () => {
    const a: PositionMemory = new Map();
    const b: PositionMemory = new Map();
    launch(0, 99, LAUNCH, a);
    expect(launch(99, 99, LAUNCH, a)).toMatchObject({ commands: [{ duration: 210 }] });
    expect(launch(99, 99, LAUNCH, b)).toMatchObject({ commands: [{ duration: 105 }] });
  });
  it('clamps the duration into the feature’s duration range', () => {
    const narrow: DeviceDescriptor = {
      name: 'Narrow',
      messageTimingGap: 0,
      features: [
        {
          index: 0,
          description: '',
          output: { HwPositionWithDuration: { value: [0, 99], duration: [200, 3000] } },
        },
      ],
    };
    const positions: PositionMemory = new Map();
    expect(launch(99, 99, narrow, positions)).toEqual(moveOut(0, 99, 200)); // 105 → 200
    expect(launch(0, 1, narrow, positions)).toEqual(moveOut(0, 0, 3000)); // 16582 → 3000
  });
  it('fails with ERROR_DEVICE on devices without a timed-move feature (Position alone does not do)', () => {
    const servo: DeviceDescriptor = {
      name: 'Servo',
      messageTimingGap: 0,
      features: [{ index: 0, description: '', output: { Position: { value: [0, 100] } } }],
    };
    for (const device of [EDGE, NORA, VORZE, servo]) {
      expectFailure(
        launch(50, 50, device),
        'THRUM_ERR_MESSAGE_UNSUPPORTED',
        'Device 7 does not support FleshlightLaunchFW12Cmd',
      );
    }
  });
});

describe('KiirooCmd → the first positional feature', () => {
  it('Command x is the position 1 − x / 4 (Kiiroo positions run opposite to Buttplug’s), a Position output where there is one', () => {
    const positions: PositionMemory = new Map();
    expect(kiiroo('0', STROKER, positions)).toEqual({
      kind: 'outputs',
      commands: [{ feature: 0, type: 'Position', value: 100 }],
    });
    expect(kiiroo('1', STROKER, positions)).toEqual({
      kind: 'outputs',
      commands: [{ feature: 0, type: 'Position', value: 75 }],
    });
    expect(kiiroo('2', STROKER, positions)).toEqual({
      kind: 'outputs',
      commands: [{ feature: 0, type: 'Position', value: 50 }],
    });
    expect(kiiroo('3', STROKER, positions)).toEqual({
      kind: 'outputs',
      commands: [{ feature: 0, type: 'Position', value: 25 }],
    });
    expect(kiiroo('4', STROKER, positions)).toEqual({
      kind: 'outputs',
      commands: [{ feature: 0, type: 'Position', value: 0 }],
    });
  });
  it('prefers a Position output to an earlier-or-later timed-move feature (MIXED: feature 6, not 9)', () => {
    expect(kiiroo('1', MIXED)).toEqual({
      kind: 'outputs',
      commands: [{ feature: 6, type: 'Position', value: 75 }],
    });
  });
  it('on a timed-move-only device, moves at Launch speed 50 over the distance from the last position', () => {
    const positions: PositionMemory = new Map();
    expect(kiiroo('0', LAUNCH, positions)).toEqual(moveOut(0, 99, 201)); // midpoint → 1: 201.65
    expect(kiiroo('4', LAUNCH, positions)).toEqual(moveOut(0, 0, 403)); // a full stroke
    expect(kiiroo('3', LAUNCH, positions)).toEqual(moveOut(0, 24, 100)); // 0.25 of 99 = 24.75 → 24; a quarter stroke
    expect(launch(99, 99, LAUNCH, positions)).toEqual(moveOut(0, 99, 158)); // from 0.25: 0.75 of a stroke at full speed
  });
  it('parses Command as the old library did: blanks, a plus sign and leading zeros pass', () => {
    for (const command of [' 4', '4 ', '+4', '004', '\t4\n']) {
      expect(kiiroo(command, STROKER)).toEqual({
        kind: 'outputs',
        commands: [{ feature: 0, type: 'Position', value: 0 }],
      });
    }
  });
  it('refuses an unparsable Command with ERROR_MSG, before looking at the device', () => {
    for (const command of ['5', '', 'x', '1.5', '-1', '1,', '0x1', '44']) {
      for (const device of [STROKER, EDGE]) {
        expectFailure(
          kiiroo(command, device),
          'THRUM_ERR_INVALID_FIELD',
          'KiirooCmd.Command: must be an integer string in [0, 4]',
        );
      }
    }
  });
  it('fails with ERROR_DEVICE on devices without a positional feature', () => {
    for (const device of [EDGE, NORA, MAX, VORZE]) {
      expectFailure(
        kiiroo('2', device),
        'THRUM_ERR_MESSAGE_UNSUPPORTED',
        'Device 7 does not support KiirooCmd',
      );
    }
  });
});

describe('LovenseCmd', () => {
  it('is refused as raw device access', () => {
    expectFailure(
      up('LovenseCmd', { Command: 'Vibrate:20;' }, EDGE),
      'THRUM_ERR_RAW_UNSUPPORTED',
      'LovenseCmd is not supported: thrum does not allow raw device access',
    );
  });
});

describe('v0/v1 listings name exactly the device-specific commands that convert', () => {
  const SAMPLES: Record<string, Record<string, unknown>> = {
    FleshlightLaunchFW12Cmd: { Position: 50, Speed: 50 },
    KiirooCmd: { Command: '2' },
    VorzeA10CycloneCmd: { Speed: 50, Clockwise: true },
  };
  const messages = (version: 0 | 1, device: DeviceDescriptor): string[] => {
    const m = describeDevice(version, { index: 0, descriptor: device }).info.DeviceMessages as
      string[] | Record<string, unknown>;
    return Array.isArray(m) ? m : Object.keys(m);
  };
  for (const [label, device] of Object.entries(ALL_DEVICES)) {
    it(label, () => {
      for (const version of [0, 1] as const) {
        const listed = messages(version, device);
        for (const [name, body] of Object.entries(SAMPLES)) {
          expect(up(name, body, device, version).kind, `${name} at v${version}`).toBe(
            listed.includes(name) ? 'outputs' : 'failure',
          );
        }
      }
    });
  }
  it('lists them as the old libraries did: a Launch, a Vorze', () => {
    expect(describeDevice(0, { index: 3, descriptor: LAUNCH }).info).toEqual({
      DeviceIndex: 3,
      DeviceName: 'Fleshlight Launch',
      DeviceMessages: ['FleshlightLaunchFW12Cmd', 'KiirooCmd', 'StopDeviceCmd'],
    });
    expect(describeDevice(1, { index: 3, descriptor: LAUNCH }).info).toEqual({
      DeviceIndex: 3,
      DeviceName: 'Fleshlight Launch',
      DeviceMessages: {
        LinearCmd: { FeatureCount: 1 },
        StopDeviceCmd: {},
        FleshlightLaunchFW12Cmd: {},
        KiirooCmd: {},
      },
    });
    expect(describeDevice(0, { index: 1, descriptor: VORZE }).info).toEqual({
      DeviceIndex: 1,
      DeviceName: 'Vorze A10 Cyclone SA',
      DeviceMessages: ['StopDeviceCmd', 'VorzeA10CycloneCmd'],
    });
    expect(describeDevice(1, { index: 1, descriptor: VORZE }).info).toEqual({
      DeviceIndex: 1,
      DeviceName: 'Vorze A10 Cyclone SA',
      DeviceMessages: { RotateCmd: { FeatureCount: 1 }, StopDeviceCmd: {}, VorzeA10CycloneCmd: {} },
    });
  });
  it('v2 and later never list them (the messages are gone there)', () => {
    for (const device of Object.values(ALL_DEVICES)) {
      for (const version of [2, 3] as const) {
        const m = describeDevice(version, { index: 0, descriptor: device }).info.DeviceMessages as Record<
          string,
          unknown
        >;
        for (const name of Object.keys(SAMPLES)) expect(m).not.toHaveProperty(name);
      }
    }
  });
});
