import { runVersionSuite, deviceCommand } from './support.js';

const smv = { Id: 5, DeviceIndex: 2, Speed: 0.5 };
const launch = { Id: 11, DeviceIndex: 0, Position: 95, Speed: 90 };
const vorze = { Id: 12, DeviceIndex: 0, Speed: 50, Clockwise: true };
const kiiroo = { Id: 13, DeviceIndex: 0, Command: '4' };

runVersionSuite(0, {
  valid: {
    RequestServerInfo: {
      body: { Id: 1, ClientName: 'Old App' },
      expected: { kind: 'RequestServerInfo', id: 1, clientName: 'Old App', version: 0, minor: 0 },
    },
    Ping: { body: { Id: 2 }, expected: { kind: 'Ping', id: 2 } },
    StartScanning: { body: { Id: 3 }, expected: { kind: 'StartScanning', id: 3 } },
    StopScanning: { body: { Id: 4 }, expected: { kind: 'StopScanning', id: 4 } },
    RequestDeviceList: { body: { Id: 5 }, expected: { kind: 'RequestDeviceList', id: 5 } },
    StopAllDevices: { body: { Id: 6 }, expected: { kind: 'StopAll', id: 6, outputs: true, inputs: true } },
    StopDeviceCmd: {
      body: { Id: 7, DeviceIndex: 3 },
      expected: { kind: 'StopDevice', id: 7, device: 3, outputs: true, inputs: true },
    },
    SingleMotorVibrateCmd: { body: smv, expected: deviceCommand('SingleMotorVibrateCmd', 0, smv) },
    RequestLog: { body: { Id: 8, LogLevel: 'Warn' }, expected: { kind: 'RequestLog', id: 8, level: 'Warn' } },
    Test: { body: { Id: 9, TestString: 'Moo' }, expected: { kind: 'Test', id: 9, testString: 'Moo' } },
    FleshlightLaunchFW12Cmd: { body: launch, expected: deviceCommand('FleshlightLaunchFW12Cmd', 0, launch) },
    VorzeA10CycloneCmd: { body: vorze, expected: deviceCommand('VorzeA10CycloneCmd', 0, vorze) },
    KiirooCmd: { body: kiiroo, expected: deviceCommand('KiirooCmd', 0, kiiroo) },
  },
  refused: {
    LovenseCmd: { Id: 14, DeviceIndex: 0, Command: 'Vibrate:20;' },
  },
  refusedWith: { LovenseCmd: 'THRUM_ERR_RAW_UNSUPPORTED' },
  badValues: [
    [
      'SingleMotorVibrateCmd',
      { Id: 5, DeviceIndex: 0, Speed: 1.01 },
      'SingleMotorVibrateCmd.Speed: must be a number in [0, 1]',
    ],
    [
      'SingleMotorVibrateCmd',
      { Id: 5, DeviceIndex: 0, Speed: -0.1 },
      'SingleMotorVibrateCmd.Speed: must be a number in [0, 1]',
    ],
    [
      'SingleMotorVibrateCmd',
      { Id: 5, DeviceIndex: -1, Speed: 0.1 },
      'SingleMotorVibrateCmd.DeviceIndex: must be an integer in [0, 4294967295]',
    ],
    [
      'StopDeviceCmd',
      { Id: 5, DeviceIndex: 4294967296 },
      'StopDeviceCmd.DeviceIndex: must be an integer in [0, 4294967295]',
    ],
    [
      'StopDeviceCmd',
      { Id: 5, DeviceIndex: 0.5 },
      'StopDeviceCmd.DeviceIndex: must be an integer in [0, 4294967295]',
    ],
    [
      'FleshlightLaunchFW12Cmd',
      { Id: 5, DeviceIndex: 0, Position: 100, Speed: 10 },
      'FleshlightLaunchFW12Cmd.Position: must be an integer in [0, 99]',
    ],
    [
      'FleshlightLaunchFW12Cmd',
      { Id: 5, DeviceIndex: 0, Position: 10, Speed: 100 },
      'FleshlightLaunchFW12Cmd.Speed: must be an integer in [0, 99]',
    ],
    [
      'VorzeA10CycloneCmd',
      { Id: 5, DeviceIndex: 0, Speed: 100, Clockwise: true },
      'VorzeA10CycloneCmd.Speed: must be an integer in [0, 99]',
    ],
    [
      'RequestLog',
      { Id: 5, LogLevel: 'Verbose' },
      'RequestLog.LogLevel: must be one of Off, Fatal, Error, Warn, Info, Debug, Trace',
    ],
  ],
  notInVersion: [
    'VibrateCmd',
    'LinearCmd',
    'RotateCmd',
    'BatteryLevelCmd',
    'ScalarCmd',
    'SensorReadCmd',
    'OutputCmd',
    'InputCmd',
    'StopCmd',
    'Disconnect',
  ],
});
