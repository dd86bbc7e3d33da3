import { runVersionSuite, deviceCommand } from './support.js';

const vibrate = { Id: 20, DeviceIndex: 1, Speeds: [{ Index: 0, Speed: 0.25 }] };
const linear = { Id: 21, DeviceIndex: 1, Vectors: [] };
const rotate = { Id: 22, DeviceIndex: 1, Rotations: [{ Index: 0, Speed: 1, Clockwise: false }] };
const battery = { Id: 23, DeviceIndex: 4 };

runVersionSuite(2, {
  valid: {
    RequestServerInfo: {
      body: { Id: 1, ClientName: 'App', MessageVersion: 2 },
      expected: { kind: 'RequestServerInfo', id: 1, clientName: 'App', version: 2, minor: 0 },
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
    VibrateCmd: { body: vibrate, expected: deviceCommand('VibrateCmd', 2, vibrate) },
    LinearCmd: { body: linear, expected: deviceCommand('LinearCmd', 2, linear) },
    RotateCmd: { body: rotate, expected: deviceCommand('RotateCmd', 2, rotate) },
    BatteryLevelCmd: { body: battery, expected: deviceCommand('BatteryLevelCmd', 2, battery) },
    RequestLog: {
      body: { Id: 8, LogLevel: 'Trace' },
      expected: { kind: 'RequestLog', id: 8, level: 'Trace' },
    },
  },
  refused: {
    RSSILevelCmd: { Id: 24, DeviceIndex: 0 },
  },
  badValues: [
    [
      'BatteryLevelCmd',
      { Id: 5, DeviceIndex: 'zero' },
      'BatteryLevelCmd.DeviceIndex: must be an integer in [0, 4294967295]',
    ],
    [
      'VibrateCmd',
      { Id: 5, DeviceIndex: 0, Speeds: 'fast' },
      'VibrateCmd.Speeds: must be an array of at least 1 item',
    ],
    [
      'RequestServerInfo',
      { Id: 5, ClientName: null, MessageVersion: 2 },
      'RequestServerInfo.ClientName: must be a string',
    ],
  ],
  notInVersion: [
    'SingleMotorVibrateCmd',
    'FleshlightLaunchFW12Cmd',
    'VorzeA10CycloneCmd',
    'KiirooCmd',
    'LovenseCmd',
    'Test',
    'ScalarCmd',
    'SensorReadCmd',
    'OutputCmd',
    'InputCmd',
    'StopCmd',
    'Disconnect',
  ],
});
