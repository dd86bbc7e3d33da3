// The device as each version lists it, derived from v4 features the way the reference server
// derives v3/v2/v1/v0 message attributes.
import { describe, expect, it } from 'vitest';
import type { DeviceDescriptor } from '../../src/core/index.js';
import { describeDevice, type SpecVersion } from '../../src/codec/index.js';
import { MAX, MIXED, NORA, RSSI_VIBE, STROKER } from './support.js';

const info = (version: SpecVersion, descriptor: DeviceDescriptor, index = 0) =>
  describeDevice(version, { index, descriptor }).info;

describe('Lovense Nora (vibrate, directional rotate, battery)', () => {
  it('v4 lists the features as they are', () => {
    expect(info(4, NORA, 2)).toEqual({
      DeviceIndex: 2,
      DeviceName: 'Lovense Nora',
      DeviceMessageTimingGap: 75,
      DeviceFeatures: {
        0: { FeatureIndex: 0, FeatureDescription: 'Vibrator', Output: { Vibrate: { Value: [0, 20] } } },
        1: { FeatureIndex: 1, FeatureDescription: 'Rotating head', Output: { Rotate: { Value: [-20, 20] } } },
        2: {
          FeatureIndex: 2,
          FeatureDescription: 'Battery',
          Input: { Battery: { Value: [[0, 100]], Command: ['Read'] } },
        },
      },
    });
  });
  it('v3: ScalarCmd for both outputs, RotateCmd for the directional one, SensorReadCmd for the battery', () => {
    expect(info(3, NORA)).toEqual({
      DeviceIndex: 0,
      DeviceName: 'Lovense Nora',
      DeviceMessageTimingGap: 75,
      DeviceMessages: {
        ScalarCmd: [
          { FeatureDescriptor: 'Vibrator', ActuatorType: 'Vibrate', StepCount: 20 },
          { FeatureDescriptor: 'Rotating head', ActuatorType: 'Rotate', StepCount: 20 },
        ],
        RotateCmd: [{ FeatureDescriptor: 'Rotating head', ActuatorType: 'Rotate', StepCount: 20 }],
        SensorReadCmd: [{ FeatureDescriptor: 'Battery', SensorType: 'Battery', SensorRange: [[0, 100]] }],
        StopDeviceCmd: {},
      },
    });
  });
  it('v2: VibrateCmd and RotateCmd with step counts, BatteryLevelCmd', () => {
    expect(info(2, NORA)).toEqual({
      DeviceIndex: 0,
      DeviceName: 'Lovense Nora',
      DeviceMessages: {
        VibrateCmd: { FeatureCount: 1, StepCount: [20] },
        RotateCmd: { FeatureCount: 1, StepCount: [20] },
        BatteryLevelCmd: {},
        StopDeviceCmd: {},
      },
    });
  });
  it('v1: feature counts, SingleMotorVibrateCmd because it vibrates, VorzeA10CycloneCmd because it rotates both ways', () => {
    expect(info(1, NORA)).toEqual({
      DeviceIndex: 0,
      DeviceName: 'Lovense Nora',
      DeviceMessages: {
        VibrateCmd: { FeatureCount: 1 },
        RotateCmd: { FeatureCount: 1 },
        StopDeviceCmd: {},
        SingleMotorVibrateCmd: {},
        VorzeA10CycloneCmd: {},
      },
    });
  });
  it('v0: message names, sorted', () => {
    expect(info(0, NORA)).toEqual({
      DeviceIndex: 0,
      DeviceName: 'Lovense Nora',
      DeviceMessages: ['SingleMotorVibrateCmd', 'StopDeviceCmd', 'VorzeA10CycloneCmd'],
    });
  });
});

describe('Lovense Max (vibrate + constrict, display name)', () => {
  it('v3 shows the pump as a Constrict scalar and the display name', () => {
    expect(info(3, MAX)).toEqual({
      DeviceIndex: 0,
      DeviceName: 'Lovense Max',
      DeviceDisplayName: 'My Max',
      DeviceMessageTimingGap: 75,
      DeviceMessages: {
        ScalarCmd: [
          { FeatureDescriptor: 'Vibrator', ActuatorType: 'Vibrate', StepCount: 20 },
          { FeatureDescriptor: 'Air pump', ActuatorType: 'Constrict', StepCount: 3 },
        ],
        StopDeviceCmd: {},
      },
    });
  });
  it('v2 and older hide the pump and the display name', () => {
    expect(info(2, MAX)).toEqual({
      DeviceIndex: 0,
      DeviceName: 'Lovense Max',
      DeviceMessages: { VibrateCmd: { FeatureCount: 1, StepCount: [20] }, StopDeviceCmd: {} },
    });
    expect(info(4, MAX)).toMatchObject({ DeviceDisplayName: 'My Max' });
  });
});

describe('stroker (HwPositionWithDuration + Position on one feature)', () => {
  it('v4 lists both outputs with the duration range', () => {
    expect(info(4, STROKER)).toMatchObject({
      DeviceFeatures: {
        0: {
          Output: {
            Position: { Value: [0, 100] },
            HwPositionWithDuration: { Value: [0, 100], Duration: [0, 100000] },
          },
        },
      },
    });
  });
  it('v3: LinearCmd with ActuatorType Position, and a Position scalar', () => {
    expect(info(3, STROKER)).toEqual({
      DeviceIndex: 0,
      DeviceName: 'Test Stroker',
      DeviceMessageTimingGap: 100,
      DeviceMessages: {
        ScalarCmd: [{ FeatureDescriptor: 'Stroker', ActuatorType: 'Position', StepCount: 100 }],
        LinearCmd: [{ FeatureDescriptor: 'Stroker', ActuatorType: 'Position', StepCount: 100 }],
        StopDeviceCmd: {},
      },
    });
  });
  it('v2: LinearCmd only; v1: LinearCmd, FleshlightLaunchFW12Cmd and KiirooCmd; v0: the last two', () => {
    expect(info(2, STROKER)).toEqual({
      DeviceIndex: 0,
      DeviceName: 'Test Stroker',
      DeviceMessages: { LinearCmd: { FeatureCount: 1, StepCount: [100] }, StopDeviceCmd: {} },
    });
    expect(info(1, STROKER)).toEqual({
      DeviceIndex: 0,
      DeviceName: 'Test Stroker',
      DeviceMessages: {
        LinearCmd: { FeatureCount: 1 },
        StopDeviceCmd: {},
        FleshlightLaunchFW12Cmd: {},
        KiirooCmd: {},
      },
    });
    expect(info(0, STROKER)).toEqual({
      DeviceIndex: 0,
      DeviceName: 'Test Stroker',
      DeviceMessages: ['FleshlightLaunchFW12Cmd', 'KiirooCmd', 'StopDeviceCmd'],
    });
  });
});

describe('device with an RSSI input', () => {
  it('is readable in v4 only (upstream converts only Battery back to v3/v2)', () => {
    expect(info(4, RSSI_VIBE)).toMatchObject({
      DeviceDisplayName: 'Bedside',
      DeviceFeatures: { 1: { Input: { Rssi: { Value: [[-100, 0]], Command: ['Read'] } } } },
    });
    expect(info(3, RSSI_VIBE)).toMatchObject({
      DeviceMessages: { ScalarCmd: [{ ActuatorType: 'Vibrate', StepCount: 10 }], StopDeviceCmd: {} },
    });
    expect(info(2, RSSI_VIBE)).toEqual({
      DeviceIndex: 0,
      DeviceName: 'Radio Vibe',
      DeviceMessages: { VibrateCmd: { FeatureCount: 1, StepCount: [10] }, StopDeviceCmd: {} },
    });
  });
});

describe('mixed rig', () => {
  it('v2 counts only vibrators for VibrateCmd and only directional rotators for RotateCmd', () => {
    expect(info(2, MIXED)).toMatchObject({
      DeviceMessages: {
        VibrateCmd: { FeatureCount: 2, StepCount: [10, 5] },
        RotateCmd: { FeatureCount: 1, StepCount: [20] },
        LinearCmd: { FeatureCount: 1, StepCount: [180] },
        BatteryLevelCmd: {},
      },
    });
  });
  it('v3 pressure sensors are not listed (subscriptions were never implemented upstream)', () => {
    const m = (info(3, MIXED) as { DeviceMessages: Record<string, unknown> }).DeviceMessages;
    expect(m.SensorReadCmd).toEqual([
      { FeatureDescriptor: 'Battery', SensorType: 'Battery', SensorRange: [[0, 100]] },
    ]);
    expect(m.SensorSubscribeCmd).toBeUndefined();
  });
  it('features without outputs or inputs are listed in v4 with neither key', () => {
    const bare: DeviceDescriptor = {
      name: 'Bare',
      messageTimingGap: 0,
      features: [{ index: 0, description: 'Nothing' }],
    };
    expect(info(4, bare)).toMatchObject({
      DeviceFeatures: { 0: { FeatureIndex: 0, FeatureDescription: 'Nothing' } },
    });
    expect(info(0, bare)).toMatchObject({ DeviceMessages: ['StopDeviceCmd'] });
  });
});
