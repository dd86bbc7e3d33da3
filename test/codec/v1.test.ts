import { runVersionSuite, deviceCommand } from './support.js';

const vibrate = {
  Id: 20,
  DeviceIndex: 1,
  Speeds: [
    { Index: 0, Speed: 0.5 },
    { Index: 1, Speed: 1 },
  ],
};
const linear = { Id: 21, DeviceIndex: 1, Vectors: [{ Index: 0, Duration: 500, Position: 0.3 }] };
const rotate = { Id: 22, DeviceIndex: 1, Rotations: [{ Index: 0, Speed: 0.5, Clockwise: true }] };
const smv = { Id: 23, DeviceIndex: 0, Speed: 0 };
const launch = { Id: 11, DeviceIndex: 0, Position: 0, Speed: 99 };
const vorze = { Id: 12, DeviceIndex: 0, Speed: 0, Clockwise: false };
const kiiroo = { Id: 13, DeviceIndex: 0, Command: '1' };

runVersionSuite(1, {
  valid: {
    RequestServerInfo: {
      body: { Id: 1, ClientName: 'App', MessageVersion: 1 },
      expected: { kind: 'RequestServerInfo', id: 1, clientName: 'App', version: 1, minor: 0 },
    },
    Ping: { body: { Id: 2 }, expected: { kind: 'Ping', id: 2 } },
    StartScanning: { body: { Id: 3 }, expected: { kind: 'StartScanning', id: 3 } },
    StopScanning: { body: { Id: 4 }, expected: { kind: 'StopScanning', id: 4 } },
    RequestDeviceList: { body: { Id: 5 }, expected: { kind: 'RequestDeviceList', id: 5 } },
    StopAllDevices: { body: { Id: 6 }, expected: { kind: 'StopAll', id: 6, outputs: true, inputs: true } },
    StopDeviceCmd: {
      body: { Id: 7, DeviceIndex: 0 },
      expected: { kind: 'StopDevice', id: 7, device: 0, outputs: true, inputs: true },
    },
    VibrateCmd: { body: vibrate, expected: deviceCommand('VibrateCmd', 1, vibrate) },
    LinearCmd: { body: linear, expected: deviceCommand('LinearCmd', 1, linear) },
    RotateCmd: { body: rotate, expected: deviceCommand('RotateCmd', 1, rotate) },
    SingleMotorVibrateCmd: {
      body: smv,
      expected: deviceCommand('SingleMotorVibrateCmd', 1, smv),
      schemaDeviation: 'MessageSpecV1 omits it; upstream accepts it at v1 and lists it in v1 DeviceMessages',
    },
    RequestLog: { body: { Id: 8, LogLevel: 'Off' }, expected: { kind: 'RequestLog', id: 8, level: 'Off' } },
    Test: { body: { Id: 9, TestString: '' }, expected: { kind: 'Test', id: 9, testString: '' } },
    FleshlightLaunchFW12Cmd: { body: launch, expected: deviceCommand('FleshlightLaunchFW12Cmd', 1, launch) },
    VorzeA10CycloneCmd: { body: vorze, expected: deviceCommand('VorzeA10CycloneCmd', 1, vorze) },
    KiirooCmd: { body: kiiroo, expected: deviceCommand('KiirooCmd', 1, kiiroo) },
  },
  badValues: [
    [
      'VibrateCmd',
      {
        Id: 5,
        DeviceIndex: 0,
        Speeds: [
          { Index: 0, Speed: 0.5 },
          { Index: 1, Speed: 1.5 },
        ],
      },
      'VibrateCmd.Speeds[1].Speed: must be a number in [0, 1]',
    ],
    [
      'VibrateCmd',
      { Id: 5, DeviceIndex: 0, Speeds: [] },
      'VibrateCmd.Speeds: must be an array of at least 1 item',
    ],
    [
      'VibrateCmd',
      { Id: 5, DeviceIndex: 0, Speeds: [{ Index: -1, Speed: 0.5 }] },
      'VibrateCmd.Speeds[0].Index: must be an integer in [0, 4294967295]',
    ],
    [
      'VibrateCmd',
      { Id: 5, DeviceIndex: 0, Speeds: [{ Speed: 0.5 }] },
      'VibrateCmd.Speeds[0].Index: is required',
    ],
    [
      'VibrateCmd',
      { Id: 5, DeviceIndex: 0, Speeds: [{ Index: 0, Speed: 0.5, Clockwise: true }] },
      'VibrateCmd.Speeds[0].Clockwise: is not an allowed field',
    ],
    ['VibrateCmd', { Id: 5, DeviceIndex: 0, Speeds: [7] }, 'VibrateCmd.Speeds[0]: must be an object'],
    [
      'LinearCmd',
      { Id: 5, DeviceIndex: 0, Vectors: [{ Index: 0, Duration: 500, Position: 1.2 }] },
      'LinearCmd.Vectors[0].Position: must be a number in [0, 1]',
    ],
    [
      'LinearCmd',
      { Id: 5, DeviceIndex: 0, Vectors: [{ Index: 0, Duration: 2147483648, Position: 0.2 }] },
      'LinearCmd.Vectors[0].Duration: must be an integer in [0, 2147483647]',
    ],
    [
      'LinearCmd',
      { Id: 5, DeviceIndex: 0, Vectors: [{ Index: 0, Duration: 10.5, Position: 0.2 }] },
      'LinearCmd.Vectors[0].Duration: must be an integer in [0, 2147483647]',
    ],
    [
      'LinearCmd',
      { Id: 5, DeviceIndex: 0, Vectors: [{ Index: 0, Duration: -1, Position: 0.2 }] },
      'LinearCmd.Vectors[0].Duration: must be an integer in [0, 2147483647]',
    ],
    [
      'RotateCmd',
      { Id: 5, DeviceIndex: 0, Rotations: [{ Index: 0, Speed: 0.5, Clockwise: 1 }] },
      'RotateCmd.Rotations[0].Clockwise: must be a boolean',
    ],
    [
      'RotateCmd',
      { Id: 5, DeviceIndex: 0, Rotations: [{ Index: 0, Speed: 2, Clockwise: true }] },
      'RotateCmd.Rotations[0].Speed: must be a number in [0, 1]',
    ],
    [
      'RequestServerInfo',
      { Id: 5, ClientName: 'x', MessageVersion: -1 },
      'RequestServerInfo.MessageVersion: must be an integer in [0, 4294967295]',
    ],
    ['RequestServerInfo', { Id: 5, ClientName: 'x' }, 'RequestServerInfo.MessageVersion: is required'],
  ],
  notInVersion: [
    'LovenseCmd',
    'BatteryLevelCmd',
    'RSSILevelCmd',
    'ScalarCmd',
    'SensorReadCmd',
    'OutputCmd',
    'InputCmd',
    'StopCmd',
    'Disconnect',
  ],
});
