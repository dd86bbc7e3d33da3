import { describe, expect, it } from 'vitest';
import type { DeviceDescriptor, OutputCommand, ReasonCode } from '../../src/core/index.js';
import { REASONS } from '../../src/core/index.js';
import {
  convertUp,
  decodeMessage,
  legacyView,
  stepFromFloat,
  type Checked,
  type Converted,
  type DeviceCommand,
  type SpecVersion,
} from '../../src/codec/index.js';
import { EDGE, MAX, MIXED, NORA, RSSI_VIBE, STROKER } from './support.js';

const DEV = 7;

/** Through the public path: decode the wire message, then convert it for `device`. */
function up(
  version: SpecVersion,
  name: string,
  body: Record<string, unknown>,
  device: DeviceDescriptor,
): Converted {
  const req = decodeMessage({ [name]: { Id: 1, DeviceIndex: DEV, ...body } }, version);
  if (req.kind !== 'DeviceCommand') throw new Error(`did not decode: ${JSON.stringify(req)}`);
  return convertUp(req.command, device, DEV, new Map());
}

function expectFailure(c: Converted, reason: ReasonCode, message?: string): void {
  expect(c).toMatchObject({ kind: 'failure', failure: { reason, code: REASONS[reason][0] } });
  if (message !== undefined) expect((c as { failure: { message: string } }).failure.message).toBe(message);
}

const vibrate = (speed: number, device = EDGE) =>
  up(2, 'VibrateCmd', { Speeds: [{ Index: 0, Speed: speed }] }, device);

describe('float to step rounding (as upstream: ceil, tiny values are 0)', () => {
  it.each([
    [0, 0],
    [0.25, 5],
    [0.5, 10],
    [0.75, 15],
    [1, 20],
    [0.01, 1],
    [0.049, 1],
    [0.051, 2],
    [0.0000009, 0],
    [0.000001, 1],
  ])('Speed %f on a [0, 20] vibrator is step %i', (speed, step) => {
    expect(vibrate(speed)).toEqual({
      kind: 'outputs',
      commands: [{ feature: 0, type: 'Vibrate', value: step }],
    });
  });

  it('keeps f64 arithmetic exactly: 0.07 × 100 = 7.000000000000001 rounds up to 8', () => {
    const hundred: DeviceDescriptor = {
      name: 'x',
      messageTimingGap: 0,
      features: [{ index: 0, description: '', output: { Vibrate: { value: [0, 100] } } }],
    };
    expect(vibrate(0.07, hundred)).toMatchObject({ commands: [{ value: 8 }] });
    expect(vibrate(0.28, hundred)).toMatchObject({ commands: [{ value: 29 }] });
    expect(vibrate(0.29, hundred)).toMatchObject({ commands: [{ value: 29 }] });
  });

  it('rounds a 3-step pump up: 0.75 → 3, 0.1 → 1, 0.34 → 2 (ScalarCmd Constrict)', () => {
    const scalar = (s: number) =>
      up(3, 'ScalarCmd', { Scalars: [{ Index: 1, Scalar: s, ActuatorType: 'Constrict' }] }, MAX);
    expect(scalar(0.75)).toEqual({
      kind: 'outputs',
      commands: [{ feature: 1, type: 'Constrict', value: 3 }],
    });
    expect(scalar(0.1)).toMatchObject({ commands: [{ value: 1 }] });
    expect(scalar(0.34)).toMatchObject({ commands: [{ value: 2 }] });
    expect(scalar(0)).toMatchObject({ commands: [{ value: 0 }] });
  });

  it('Position rounds up with no tiny-value cut-off; HwPositionWithDuration truncates', () => {
    expect(stepFromFloat('Position', 0.0000001, 100)).toBe(1);
    expect(stepFromFloat('Vibrate', 0.0000001, 100)).toBe(0);
    expect(stepFromFloat('HwPositionWithDuration', 0.999, 100)).toBe(99);
    expect(stepFromFloat('HwPositionWithDuration', 0.29, 100)).toBe(28);
    expect(stepFromFloat('HwPositionWithDuration', 0.3, 180)).toBe(54);
    expect(stepFromFloat('HwPositionWithDuration', 1, 100)).toBe(100);
  });
});

describe('legacy index mapping across mixed features', () => {
  it('derives every list in feature order, scalar entries per feature in upstream’s client order', () => {
    const view = legacyView(MIXED);
    expect(view.scalar.map((a) => `${a.feature.index}:${a.type}:${a.steps}`)).toEqual([
      '0:Rotate:20',
      '1:Vibrate:10',
      '3:Constrict:5',
      '3:Vibrate:5',
      '4:Oscillate:255',
      '5:Rotate:10',
      '6:Position:100',
      '7:Led:1',
      '10:Temperature:5',
      '10:Spray:3',
    ]);
    expect(view.vibrate.map((a) => a.feature.index)).toEqual([1, 3]);
    expect(view.rotate.map((a) => a.feature.index)).toEqual([0]); // feature 5 has no direction
    expect(view.linear.map((a) => `${a.feature.index}:${a.steps}`)).toEqual(['9:180']);
    expect(view.sensors.map((s) => s.feature.index)).toEqual([2]);
    expect(legacyView(MIXED)).toBe(view);
  });

  it('VibrateCmd Index counts vibrate-capable features only; output is in feature order', () => {
    expect(
      up(
        1,
        'VibrateCmd',
        {
          Speeds: [
            { Index: 1, Speed: 0.5 },
            { Index: 0, Speed: 0.5 },
          ],
        },
        MIXED,
      ),
    ).toEqual({
      kind: 'outputs',
      commands: [
        { feature: 1, type: 'Vibrate', value: 5 },
        { feature: 3, type: 'Vibrate', value: 3 },
      ],
    });
  });

  it('ScalarCmd Index picks the feature, ActuatorType picks its output', () => {
    const scalars = [
      { Index: 3, Scalar: 0.5, ActuatorType: 'Constrict' },
      { Index: 2, Scalar: 1, ActuatorType: 'Vibrate' },
      { Index: 0, Scalar: 0.5, ActuatorType: 'Rotate' },
      { Index: 6, Scalar: 0.5, ActuatorType: 'Position' },
      { Index: 8, Scalar: 0.5, ActuatorType: 'Temperature' },
      { Index: 9, Scalar: 1, ActuatorType: 'spray' },
      { Index: 7, Scalar: 0.2, ActuatorType: 'Led' },
      { Index: 4, Scalar: 0.5, ActuatorType: 'Oscillate' },
    ];
    expect(up(3, 'ScalarCmd', { Scalars: scalars }, MIXED)).toEqual({
      kind: 'outputs',
      commands: [
        { feature: 0, type: 'Rotate', value: 10 },
        { feature: 3, type: 'Constrict', value: 3 },
        { feature: 3, type: 'Vibrate', value: 5 },
        { feature: 4, type: 'Oscillate', value: 128 },
        { feature: 6, type: 'Position', value: 50 },
        { feature: 7, type: 'Led', value: 1 },
        { feature: 10, type: 'Temperature', value: 3 },
        { feature: 10, type: 'Spray', value: 3 },
      ],
    });
  });

  it('RotateCmd reaches only directional rotators; Clockwise gives the sign', () => {
    expect(up(1, 'RotateCmd', { Rotations: [{ Index: 0, Speed: 0.5, Clockwise: false }] }, MIXED)).toEqual({
      kind: 'outputs',
      commands: [{ feature: 0, type: 'Rotate', value: -10 }],
    });
    expect(up(3, 'RotateCmd', { Rotations: [{ Index: 0, Speed: 1, Clockwise: true }] }, NORA)).toEqual({
      kind: 'outputs',
      commands: [{ feature: 1, type: 'Rotate', value: 20 }],
    });
    const zero = up(
      2,
      'RotateCmd',
      { Rotations: [{ Index: 0, Speed: 0, Clockwise: false }] },
      NORA,
    ) as unknown as { commands: { value: number }[] };
    expect(Object.is(zero.commands[0]!.value, 0)).toBe(true);
  });

  it('LinearCmd drives HwPositionWithDuration, truncating the position, clamping the duration', () => {
    expect(up(1, 'LinearCmd', { Vectors: [{ Index: 0, Duration: 500, Position: 0.51 }] }, STROKER)).toEqual({
      kind: 'outputs',
      commands: [{ feature: 0, type: 'HwPositionWithDuration', value: 51, duration: 500 }],
    });
    expect(up(3, 'LinearCmd', { Vectors: [{ Index: 0, Duration: 250_000, Position: 0.3 }] }, MIXED)).toEqual({
      kind: 'outputs',
      commands: [{ feature: 9, type: 'HwPositionWithDuration', value: 54, duration: 100_000 }],
    });
    expect(up(2, 'LinearCmd', { Vectors: [] }, STROKER)).toEqual({ kind: 'outputs', commands: [] });
  });

  it('SingleMotorVibrateCmd sets every vibrator', () => {
    expect(up(0, 'SingleMotorVibrateCmd', { Speed: 0.5 }, EDGE)).toEqual({
      kind: 'outputs',
      commands: [
        { feature: 0, type: 'Vibrate', value: 10 },
        { feature: 1, type: 'Vibrate', value: 10 },
      ],
    });
    expect(up(1, 'SingleMotorVibrateCmd', { Speed: 0.5 }, MIXED)).toMatchObject({
      commands: [
        { feature: 1, value: 5 },
        { feature: 3, value: 3 },
      ],
    });
  });
});

describe('reads', () => {
  it('BatteryLevelCmd reads the first readable battery', () => {
    expect(up(2, 'BatteryLevelCmd', {}, EDGE)).toEqual({
      kind: 'input',
      command: { feature: 2, type: 'Battery', command: 'Read' },
      reply: { message: 'BatteryLevelReading', deviceIndex: DEV, index: 0, type: 'Battery', range: [0, 100] },
    });
  });
  it('SensorReadCmd resolves SensorIndex in the v3 sensor list', () => {
    expect(up(3, 'SensorReadCmd', { SensorIndex: 0, SensorType: 'Battery' }, MIXED)).toEqual({
      kind: 'input',
      command: { feature: 2, type: 'Battery', command: 'Read' },
      reply: { message: 'SensorReading', deviceIndex: DEV, index: 0, type: 'Battery', range: [0, 100] },
    });
  });
  it('InputCmd reads, subscribes and unsubscribes what the feature offers', () => {
    expect(up(4, 'InputCmd', { FeatureIndex: 2, Type: 'Battery', Command: 'Read' }, NORA)).toEqual({
      kind: 'input',
      command: { feature: 2, type: 'Battery', command: 'Read' },
      reply: { message: 'InputReading', deviceIndex: DEV, index: 2, type: 'Battery', range: [0, 100] },
    });
    expect(
      up(4, 'InputCmd', { FeatureIndex: 8, Type: 'Pressure', Command: 'Subscribe' }, MIXED),
    ).toMatchObject({
      kind: 'input',
      command: { feature: 8, type: 'Pressure', command: 'Subscribe' },
    });
    // Device configs list only Subscribe: what can be subscribed can be unsubscribed.
    expect(
      up(4, 'InputCmd', { FeatureIndex: 8, Type: 'Pressure', Command: 'Unsubscribe' }, MIXED),
    ).toMatchObject({
      kind: 'input',
      command: { feature: 8, type: 'Pressure', command: 'Unsubscribe' },
    });
    expect(up(4, 'InputCmd', { FeatureIndex: 1, Type: 'RSSI', Command: 'Read' }, RSSI_VIBE)).toMatchObject({
      kind: 'input',
      command: { feature: 1, type: 'Rssi', command: 'Read' },
      reply: { range: [-100, 0] },
    });
  });
});

describe('OutputCmd (v4)', () => {
  const out = (feature: number, command: Record<string, unknown>, device: DeviceDescriptor = MIXED) =>
    up(4, 'OutputCmd', { FeatureIndex: feature, Command: command }, device);
  it('passes integer steps inside the range', () => {
    expect(out(3, { Vibrate: { Value: 5 } })).toEqual({
      kind: 'outputs',
      commands: [{ feature: 3, type: 'Vibrate', value: 5 }],
    });
    expect(out(0, { Rotate: { Value: -20 } })).toEqual({
      kind: 'outputs',
      commands: [{ feature: 0, type: 'Rotate', value: -20 }],
    });
    expect(out(10, { Temperature: { Value: -5 } })).toMatchObject({ commands: [{ value: -5 }] });
    expect(out(9, { HwPositionWithDuration: { Value: 180, Duration: 100_000 } })).toEqual({
      kind: 'outputs',
      commands: [{ feature: 9, type: 'HwPositionWithDuration', value: 180, duration: 100_000 }],
    });
    expect(out(0, { Position: { Value: 40 } }, STROKER)).toEqual({
      kind: 'outputs',
      commands: [{ feature: 0, type: 'Position', value: 40 }],
    });
  });
  it('refuses values outside the feature’s range with ERROR_DEVICE', () => {
    expectFailure(
      out(3, { Vibrate: { Value: 6 } }),
      'THRUM_ERR_VALUE_OUT_OF_RANGE',
      'Vibrate value 6 is outside [0, 5]',
    );
    expectFailure(
      out(1, { Vibrate: { Value: -1 } }),
      'THRUM_ERR_VALUE_OUT_OF_RANGE',
      'Vibrate value -1 is outside [0, 10]',
    );
    expectFailure(out(0, { Rotate: { Value: 21 } }), 'THRUM_ERR_VALUE_OUT_OF_RANGE');
    expectFailure(
      out(9, { HwPositionWithDuration: { Value: 181, Duration: 10 } }),
      'THRUM_ERR_VALUE_OUT_OF_RANGE',
    );
    expectFailure(
      out(9, { HwPositionWithDuration: { Value: 10, Duration: 100_001 } }),
      'THRUM_ERR_VALUE_OUT_OF_RANGE',
      'HwPositionWithDuration Duration value 100001 is outside [0, 100000]',
    );
  });
  it('refuses unknown features and output types the feature lacks', () => {
    expectFailure(
      out(11, { Vibrate: { Value: 1 } }),
      'THRUM_ERR_FEATURE_UNKNOWN',
      `Device ${DEV} has no feature 11`,
    );
    expectFailure(
      out(3, { Rotate: { Value: 1 } }),
      'THRUM_ERR_FEATURE_UNSUPPORTED',
      `Device ${DEV} feature 3 does not support Rotate`,
    );
    expectFailure(
      out(2, { Vibrate: { Value: 1 } }),
      'THRUM_ERR_FEATURE_UNSUPPORTED',
      `Device ${DEV} feature 2 does not support Vibrate`,
    );
  });
});

describe('failures', () => {
  it('messages the device offers no attribute for: ERROR_DEVICE', () => {
    expectFailure(
      up(1, 'RotateCmd', { Rotations: [{ Index: 0, Speed: 1, Clockwise: true }] }, EDGE),
      'THRUM_ERR_MESSAGE_UNSUPPORTED',
      `Device ${DEV} does not support RotateCmd`,
    );
    expectFailure(
      up(2, 'LinearCmd', { Vectors: [] }, EDGE),
      'THRUM_ERR_MESSAGE_UNSUPPORTED',
      `Device ${DEV} does not support LinearCmd`,
    );
    expectFailure(
      up(2, 'VibrateCmd', { Speeds: [{ Index: 0, Speed: 1 }] }, STROKER),
      'THRUM_ERR_MESSAGE_UNSUPPORTED',
    );
    expectFailure(
      up(0, 'SingleMotorVibrateCmd', { Speed: 1 }, STROKER),
      'THRUM_ERR_MESSAGE_UNSUPPORTED',
      `Device ${DEV} does not support SingleMotorVibrateCmd`,
    );
    expectFailure(
      up(2, 'BatteryLevelCmd', {}, MAX),
      'THRUM_ERR_MESSAGE_UNSUPPORTED',
      `Device ${DEV} does not support BatteryLevelCmd`,
    );
    expectFailure(up(2, 'BatteryLevelCmd', {}, RSSI_VIBE), 'THRUM_ERR_MESSAGE_UNSUPPORTED');
    expectFailure(
      up(3, 'SensorReadCmd', { SensorIndex: 0, SensorType: 'Rssi' }, RSSI_VIBE),
      'THRUM_ERR_MESSAGE_UNSUPPORTED',
    );
    const batteryOnly: DeviceDescriptor = { name: 'b', messageTimingGap: 0, features: [EDGE.features[2]!] };
    expectFailure(
      up(3, 'ScalarCmd', { Scalars: [{ Index: 0, Scalar: 1, ActuatorType: 'Vibrate' }] }, batteryOnly),
      'THRUM_ERR_MESSAGE_UNSUPPORTED',
    );
  });
  it('indexes past the legacy list: ERROR_DEVICE, naming the valid range', () => {
    expectFailure(
      up(
        1,
        'VibrateCmd',
        {
          Speeds: [
            { Index: 0, Speed: 1 },
            { Index: 2, Speed: 1 },
          ],
        },
        MIXED,
      ),
      'THRUM_ERR_FEATURE_UNKNOWN',
      `Device ${DEV} has no feature 2 for VibrateCmd (valid indexes 0..1)`,
    );
    expectFailure(
      up(3, 'ScalarCmd', { Scalars: [{ Index: 10, Scalar: 1, ActuatorType: 'Vibrate' }] }, MIXED),
      'THRUM_ERR_FEATURE_UNKNOWN',
    );
    expectFailure(
      up(3, 'RotateCmd', { Rotations: [{ Index: 1, Speed: 1, Clockwise: true }] }, MIXED),
      'THRUM_ERR_FEATURE_UNKNOWN',
    );
    expectFailure(
      up(3, 'LinearCmd', { Vectors: [{ Index: 1, Duration: 1, Position: 1 }] }, STROKER),
      'THRUM_ERR_FEATURE_UNKNOWN',
    );
    expectFailure(
      up(3, 'SensorReadCmd', { SensorIndex: 1, SensorType: 'Battery' }, EDGE),
      'THRUM_ERR_FEATURE_UNKNOWN',
    );
    expectFailure(
      up(4, 'InputCmd', { FeatureIndex: 50, Type: 'Battery', Command: 'Read' }, EDGE),
      'THRUM_ERR_FEATURE_UNKNOWN',
      `Device ${DEV} has no feature 50`,
    );
  });
  it('outputs or inputs the addressed feature lacks: ERROR_DEVICE', () => {
    expectFailure(
      up(3, 'ScalarCmd', { Scalars: [{ Index: 4, Scalar: 1, ActuatorType: 'Vibrate' }] }, MIXED),
      'THRUM_ERR_FEATURE_UNSUPPORTED',
      `Device ${DEV} feature 4 (ScalarCmd Index) does not support Vibrate`,
    );
    expectFailure(
      up(3, 'SensorReadCmd', { SensorIndex: 0, SensorType: 'Pressure' }, EDGE),
      'THRUM_ERR_FEATURE_UNSUPPORTED',
    );
    expectFailure(
      up(4, 'InputCmd', { FeatureIndex: 2, Type: 'Battery', Command: 'Subscribe' }, EDGE),
      'THRUM_ERR_FEATURE_UNSUPPORTED',
      `Device ${DEV} feature 2 does not support Battery Subscribe`,
    );
    expectFailure(
      up(4, 'InputCmd', { FeatureIndex: 8, Type: 'Battery', Command: 'Read' }, MIXED),
      'THRUM_ERR_FEATURE_UNSUPPORTED',
    );
    expectFailure(
      up(4, 'InputCmd', { FeatureIndex: 2, Type: 'Battery', Command: 'Unsubscribe' }, EDGE),
      'THRUM_ERR_FEATURE_UNSUPPORTED',
      `Device ${DEV} feature 2 does not support Battery Unsubscribe`,
    );
    expectFailure(
      up(4, 'InputCmd', { FeatureIndex: 0, Type: 'Battery', Command: 'Read' }, EDGE),
      'THRUM_ERR_FEATURE_UNSUPPORTED',
    );
  });
  it('v3 sensor subscriptions are always refused, as upstream does', () => {
    for (const name of ['SensorSubscribeCmd', 'SensorUnsubscribeCmd']) {
      expectFailure(
        up(3, name, { SensorIndex: 0, SensorType: 'Battery' }, EDGE),
        'THRUM_ERR_MESSAGE_UNSUPPORTED',
        `Device ${DEV} does not support ${name}`,
      );
    }
  });
  it('only convertUp makes Checked commands: the type checker refuses a command that skipped the check', () => {
    const plain: OutputCommand = { feature: 0, type: 'Vibrate', value: 1 };
    // @ts-expect-error an OutputCommand is not a Checked one (npm test typechecks this file)
    const unchecked: Checked<OutputCommand> = plain;
    expect(unchecked).toBe(plain); // the brand is a type only: no wrapper at run time
    const converted = up(4, 'OutputCmd', { FeatureIndex: 0, Command: { Vibrate: { Value: 1 } } }, EDGE);
    if (converted.kind !== 'outputs') throw new Error(`not converted: ${JSON.stringify(converted)}`);
    const checked: ReadonlyArray<Checked<OutputCommand>> = converted.commands;
    expect(checked).toEqual([{ feature: 0, type: 'Vibrate', value: 1 }]);
  });
  it('a command name it does not know is an internal error, not a throw', () => {
    // A name the types rule out, as a value that did not come from the decoder could carry.
    const bogus = { name: 'Nope', version: 3, body: {} } as unknown as DeviceCommand;
    expectFailure(convertUp(bogus, EDGE, DEV, new Map()), 'THRUM_ERR_INTERNAL');
  });
});
