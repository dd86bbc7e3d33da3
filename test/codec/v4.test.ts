import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../src/codec/index.js';
import { runVersionSuite, deviceCommand } from './support.js';

const output = { Id: 20, DeviceIndex: 1, FeatureIndex: 0, Command: { Vibrate: { Value: 10 } } };
const input = { Id: 21, DeviceIndex: 1, FeatureIndex: 2, Type: 'Battery', Command: 'Read' };

runVersionSuite(4, {
  valid: {
    RequestServerInfo: {
      body: { Id: 1, ClientName: 'App', ProtocolVersionMajor: 4, ProtocolVersionMinor: 1 },
      expected: { kind: 'RequestServerInfo', id: 1, clientName: 'App', version: 4, minor: 1 },
    },
    Ping: { body: { Id: 2 }, expected: { kind: 'Ping', id: 2 } },
    StartScanning: { body: { Id: 3 }, expected: { kind: 'StartScanning', id: 3 } },
    StopScanning: { body: { Id: 4 }, expected: { kind: 'StopScanning', id: 4 } },
    RequestDeviceList: { body: { Id: 5 }, expected: { kind: 'RequestDeviceList', id: 5 } },
    StopCmd: {
      body: { Id: 6, DeviceIndex: 0, FeatureIndex: 3, Inputs: false, Outputs: true },
      expected: { kind: 'StopDevice', id: 6, device: 0, feature: 3, outputs: true, inputs: false },
    },
    OutputCmd: { body: output, expected: deviceCommand('OutputCmd', 4, output) },
    InputCmd: { body: input, expected: deviceCommand('InputCmd', 4, input) },
    Disconnect: {
      body: { Id: 7 },
      expected: { kind: 'Disconnect', id: 7 },
      schemaDeviation: 'in the v4 spec (identification.md) but not yet in the upstream schema',
    },
  },
  badValues: [
    [
      'OutputCmd',
      { Id: 5, DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: { Value: 1.5 } } },
      'OutputCmd.Command.Vibrate.Value: must be an integer in [-2147483648, 2147483647]',
    ],
    [
      'OutputCmd',
      { Id: 5, DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: { Value: 1, Duration: 5 } } },
      'OutputCmd.Command.Vibrate.Duration: is not an allowed field',
    ],
    [
      'OutputCmd',
      { Id: 5, DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: 5 } },
      'OutputCmd.Command.Vibrate: must be an object',
    ],
    [
      'OutputCmd',
      { Id: 5, DeviceIndex: 0, FeatureIndex: 0, Command: { HwPositionWithDuration: { Value: 10 } } },
      'OutputCmd.Command.HwPositionWithDuration.Duration: is required',
    ],
    [
      'OutputCmd',
      {
        Id: 5,
        DeviceIndex: 0,
        FeatureIndex: 0,
        Command: { HwPositionWithDuration: { Value: -1, Duration: 10 } },
      },
      'OutputCmd.Command.HwPositionWithDuration.Value: must be an integer in [0, 4294967295]',
    ],
    [
      'OutputCmd',
      {
        Id: 5,
        DeviceIndex: 0,
        FeatureIndex: 0,
        Command: { RotateWithDirection: { Value: 1, Clockwise: true } },
      },
      'OutputCmd.Command.RotateWithDirection: unknown output type; must be one of Vibrate, Rotate, Oscillate, Constrict, Spray, Temperature, Led, Position, HwPositionWithDuration',
    ],
    [
      'OutputCmd',
      { Id: 5, DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: { Value: 1 }, Rotate: { Value: 1 } } },
      'OutputCmd.Command: must have exactly one output type key (one of Vibrate, Rotate, Oscillate, Constrict, Spray, Temperature, Led, Position, HwPositionWithDuration)',
    ],
    [
      'InputCmd',
      { Id: 5, DeviceIndex: 0, FeatureIndex: 0, Type: 'Battery', Command: 'Poll' },
      'InputCmd.Command: must be one of Read, Subscribe, Unsubscribe',
    ],
    [
      'InputCmd',
      { Id: 5, DeviceIndex: 0, FeatureIndex: 0, Type: 'Heat', Command: 'Read' },
      'InputCmd.Type: must be one of Battery, Rssi, Button, Pressure, Depth, Position',
    ],
    ['StopCmd', { Id: 5, Outputs: 'yes' }, 'StopCmd.Outputs: must be a boolean'],
    ['StopCmd', { Id: 5, DeviceIndex: -2 }, 'StopCmd.DeviceIndex: must be an integer in [0, 4294967295]'],
    [
      'RequestServerInfo',
      { Id: 5, ClientName: 'x', ProtocolVersionMajor: 4 },
      'RequestServerInfo.ProtocolVersionMinor: is required',
    ],
    [
      'RequestServerInfo',
      { Id: 5, ClientName: 'x', MessageVersion: 4 },
      'RequestServerInfo.ProtocolVersionMajor: is required',
    ],
  ],
  notInVersion: [
    'StopAllDevices',
    'StopDeviceCmd',
    'VibrateCmd',
    'LinearCmd',
    'RotateCmd',
    'ScalarCmd',
    'SensorReadCmd',
    'BatteryLevelCmd',
    'SingleMotorVibrateCmd',
    'Test',
    'RequestLog',
  ],
});

describe('spec v4: StopCmd', () => {
  it('without DeviceIndex is a stop of the sender’s own outputs; FeatureIndex is ignored', () => {
    expect(decodeMessage({ StopCmd: { Id: 3 } }, 4)).toEqual({
      kind: 'StopAll',
      id: 3,
      outputs: true,
      inputs: true,
    });
    expect(decodeMessage({ StopCmd: { Id: 3, FeatureIndex: 2, Inputs: false } }, 4)).toEqual({
      kind: 'StopAll',
      id: 3,
      outputs: true,
      inputs: false,
    });
  });
  it('with DeviceIndex stops that device; Inputs/Outputs default to true', () => {
    expect(decodeMessage({ StopCmd: { Id: 3, DeviceIndex: 2 } }, 4)).toEqual({
      kind: 'StopDevice',
      id: 3,
      device: 2,
      outputs: true,
      inputs: true,
    });
    expect(decodeMessage({ StopCmd: { Id: 3, DeviceIndex: 2, Outputs: false } }, 4)).toEqual({
      kind: 'StopDevice',
      id: 3,
      device: 2,
      outputs: false,
      inputs: true,
    });
  });
});

describe('spec v4: OutputCmd command key', () => {
  it('an empty Command names no output type', () => {
    const r = decodeMessage({ OutputCmd: { Id: 5, DeviceIndex: 0, FeatureIndex: 0, Command: {} } }, 4);
    expect(r).toMatchObject({
      kind: 'Error',
      id: 5,
      failure: { reason: 'THRUM_ERR_INVALID_FIELD', code: 3 },
    });
    expect((r as { failure: { message: string } }).failure.message).toMatch(
      /^OutputCmd\.Command: must have exactly one output type key/,
    );
  });
  it('every output type is accepted with its fields', () => {
    for (const type of [
      'Vibrate',
      'Rotate',
      'Oscillate',
      'Constrict',
      'Spray',
      'Temperature',
      'Led',
      'Position',
    ]) {
      expect(
        decodeMessage(
          { OutputCmd: { Id: 5, DeviceIndex: 0, FeatureIndex: 0, Command: { [type]: { Value: -3 } } } },
          4,
        ),
      ).toMatchObject({ kind: 'DeviceCommand' });
    }
    expect(
      decodeMessage(
        {
          OutputCmd: {
            Id: 5,
            DeviceIndex: 0,
            FeatureIndex: 0,
            Command: { HwPositionWithDuration: { Value: 91, Duration: 150 } },
          },
        },
        4,
      ),
    ).toMatchObject({ kind: 'DeviceCommand' });
  });
  it('accepts the input type spellings clients use', () => {
    for (const type of ['Rssi', 'rssi', 'RSSI', 'battery', 'Pressure']) {
      expect(
        decodeMessage(
          { InputCmd: { Id: 5, DeviceIndex: 0, FeatureIndex: 0, Type: type, Command: 'subscribe' } },
          4,
        ),
      ).toMatchObject({ kind: 'DeviceCommand' });
    }
  });
});
