import { runVersionSuite, deviceCommand } from './support.js';

const vibrate = { Id: 20, DeviceIndex: 1, Speeds: [{ Index: 1, Speed: 0.75 }] };
const linear = { Id: 21, DeviceIndex: 1, Vectors: [{ Index: 0, Duration: 0, Position: 1 }] };
const rotate = { Id: 22, DeviceIndex: 1, Rotations: [{ Index: 0, Speed: 0, Clockwise: false }] };
const scalar = {
  Id: 23,
  DeviceIndex: 0,
  Scalars: [
    { Index: 0, Scalar: 0.5, ActuatorType: 'Vibrate' },
    { Index: 1, Scalar: 1, ActuatorType: 'Constrict' },
  ],
};
const sensorRead = { Id: 24, DeviceIndex: 0, SensorIndex: 0, SensorType: 'Battery' };
const sensorSub = { Id: 25, DeviceIndex: 0, SensorIndex: 0, SensorType: 'Pressure' };
const sensorUnsub = { Id: 26, DeviceIndex: 0, SensorIndex: 1, SensorType: 'RSSI' };

runVersionSuite(3, {
  valid: {
    RequestServerInfo: {
      body: { Id: 1, ClientName: 'App', MessageVersion: 3 },
      expected: { kind: 'RequestServerInfo', id: 1, clientName: 'App', version: 3, minor: 0 },
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
    VibrateCmd: {
      body: vibrate,
      expected: deviceCommand('VibrateCmd', 3, vibrate),
      schemaDeviation: 'MessageSpecV3 omits it; upstream still accepts VibrateCmd at v3',
    },
    LinearCmd: { body: linear, expected: deviceCommand('LinearCmd', 3, linear) },
    RotateCmd: { body: rotate, expected: deviceCommand('RotateCmd', 3, rotate) },
    ScalarCmd: { body: scalar, expected: deviceCommand('ScalarCmd', 3, scalar) },
    SensorReadCmd: { body: sensorRead, expected: deviceCommand('SensorReadCmd', 3, sensorRead) },
    SensorSubscribeCmd: { body: sensorSub, expected: deviceCommand('SensorSubscribeCmd', 3, sensorSub) },
    SensorUnsubscribeCmd: {
      body: sensorUnsub,
      expected: deviceCommand('SensorUnsubscribeCmd', 3, sensorUnsub),
    },
  },
  badValues: [
    [
      'ScalarCmd',
      { Id: 5, DeviceIndex: 0, Scalars: [{ Index: 0, Scalar: 1.1, ActuatorType: 'Vibrate' }] },
      'ScalarCmd.Scalars[0].Scalar: must be a number in [0, 1]',
    ],
    [
      'ScalarCmd',
      { Id: 5, DeviceIndex: 0, Scalars: [{ Index: 0, Scalar: 0.1, ActuatorType: 'Inflate' }] },
      'ScalarCmd.Scalars[0].ActuatorType: must be one of Vibrate, Rotate, Oscillate, Constrict, Temperature, Led, Position, Spray',
    ],
    [
      'ScalarCmd',
      { Id: 5, DeviceIndex: 0, Scalars: [{ Index: 0, Scalar: 0.1, ActuatorType: 'HwPositionWithDuration' }] },
      'ScalarCmd.Scalars[0].ActuatorType: must be one of Vibrate, Rotate, Oscillate, Constrict, Temperature, Led, Position, Spray',
    ],
    [
      'ScalarCmd',
      { Id: 5, DeviceIndex: 0, Scalars: [] },
      'ScalarCmd.Scalars: must be an array of at least 1 item',
    ],
    [
      'SensorReadCmd',
      { Id: 5, DeviceIndex: 0, SensorIndex: 0, SensorType: 'Temperature' },
      'SensorReadCmd.SensorType: must be one of Battery, Rssi, Button, Pressure, Depth, Position',
    ],
    [
      'SensorReadCmd',
      { Id: 5, DeviceIndex: 0, SensorIndex: -1, SensorType: 'Battery' },
      'SensorReadCmd.SensorIndex: must be an integer in [0, 4294967295]',
    ],
  ],
  notInVersion: [
    'SingleMotorVibrateCmd',
    'FleshlightLaunchFW12Cmd',
    'KiirooCmd',
    'Test',
    'RequestLog',
    'BatteryLevelCmd',
    'RSSILevelCmd',
    'OutputCmd',
    'InputCmd',
    'StopCmd',
    'Disconnect',
  ],
});
