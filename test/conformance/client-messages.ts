// A case's client commands (!Vibrate, !Scalar, …) as the wire messages of one spec version, the
// way upstream's test clients turn them into messages (facts from
// crates/buttplug_tests/tests/util/device_test/client/client_v{2,3,4}/ and the v4 client crate
// buttplug_client/src/device/{feature,device}.rs):
//
// v4  Vibrate  → one OutputCmd per subcommand, to the Index-th feature with a Vibrate output
//     Scalar   → one OutputCmd per subcommand, of the ActuatorType, to the Index-th feature that
//                has a Vibrate, Oscillate or Constrict output or a Rotate output whose range
//                starts at 0 or above (feature 0 when there is no such feature)
//     Rotate   → one OutputCmd Rotate per subcommand, to the Index-th feature with a Rotate
//                output, value of Speed × (Clockwise ? 1 : -1)
//     Linear   → one OutputCmd HwPositionWithDuration per subcommand, to feature Index,
//                Value ceil(Position × max), Duration as given
//     Battery  → InputCmd Read Battery on the feature with a Battery input; Value / 100
//     RSSI     → InputCmd Read Rssi on the feature with an Rssi input
//     Stop     → StopCmd { DeviceIndex, Inputs: true, Outputs: true }
//     A float f becomes an integer step as the v4 client does: v = f × max of the feature's
//     range; ceil(v) when v > 0.000001, else floor(v).
// v3  Vibrate  → ScalarCmd, each Index mapped to the position (in the device's ScalarCmd
//                attribute list) of the Index-th attribute with ActuatorType Vibrate
//     Scalar   → ScalarCmd with the subcommands as given
//     Rotate   → RotateCmd; Linear → LinearCmd (as given)
//     Battery  → SensorReadCmd at the one SensorReadCmd attribute of type Battery; Data[0] / 100
//     RSSI     → SensorReadCmd of type RSSI
//     Stop     → StopDeviceCmd
// v2  Vibrate  → VibrateCmd; Rotate → RotateCmd; Linear → LinearCmd (as given)
//     Scalar   → nothing: upstream's v2 client ignores it (spec v2 has no ScalarCmd)
//     Battery  → BatteryLevelCmd; BatteryLevel as is.  RSSI → RSSILevelCmd
//     Stop     → StopDeviceCmd

import type { ClientCommand } from './device-case.js';

export type Body = Record<string, unknown>;

export interface WireMessage {
  readonly type: string;
  readonly body: Body;
  /** The reply type that means success; a reading is checked with `reading`. */
  readonly reply: string;
  /** For reads: the value the case compares (battery as a 0–1 fraction, RSSI as given). */
  readonly reading?: (reply: Body) => number;
}

/** One device entry of the server's DeviceList at the session's version. */
export type DeviceEntry = Body;

interface V4Feature {
  readonly index: number;
  readonly output: Record<string, { Value?: [number, number] }>;
  readonly input: Record<string, unknown>;
}

function v4Features(device: DeviceEntry): V4Feature[] {
  const features = (device.DeviceFeatures ?? {}) as Record<string, Body>;
  return Object.values(features)
    .map((f) => ({
      index: f.FeatureIndex as number,
      output: (f.Output ?? {}) as V4Feature['output'],
      input: (f.Input ?? {}) as V4Feature['input'],
    }))
    .sort((a, b) => a.index - b.index);
}

function stepMax(f: V4Feature, type: string, where: string): number {
  const range = f.output[type]?.Value;
  if (!range) throw new Error(`${where}: feature ${f.index} has no ${type} output range in the DeviceList`);
  return range[1];
}

/** buttplug_client feature.rs `convert_float_value`. */
export function floatToStepV4(value: number, max: number): number {
  const v = value * max;
  return v > 0.000001 ? Math.ceil(v) : Math.floor(v);
}

function nth<T>(items: readonly T[], index: number, what: string): T {
  const item = items[index];
  if (item === undefined) throw new Error(`the device has no ${what} #${index} (it has ${items.length})`);
  return item;
}

function v4(device: DeviceEntry, cmd: ClientCommand): WireMessage[] {
  const DeviceIndex = device.DeviceIndex as number;
  const features = v4Features(device);
  const withOutput = (t: string) => features.filter((f) => t in f.output);
  const output = (f: V4Feature, type: string, Value: number, extra: Body = {}): WireMessage => ({
    type: 'OutputCmd',
    body: { DeviceIndex, FeatureIndex: f.index, Command: { [type]: { Value, ...extra } } },
    reply: 'Ok',
  });
  const input = (type: 'Battery' | 'Rssi', scale: number): WireMessage => {
    const f = features.find((x) => type in x.input);
    if (!f) throw new Error(`the device has no ${type} input in its v4 DeviceList`);
    return {
      type: 'InputCmd',
      body: { DeviceIndex, FeatureIndex: f.index, Type: type, Command: 'Read' },
      reply: 'InputReading',
      reading: (r) => (((r.Reading as Body)?.[type] as Body)?.Value as number) / scale,
    };
  };
  switch (cmd.kind) {
    case 'Vibrate':
      return cmd.subs.map((s) => {
        const f = nth(withOutput('Vibrate'), s.Index, 'feature with a Vibrate output');
        return output(f, 'Vibrate', floatToStepV4(s.Speed, stepMax(f, 'Vibrate', 'Vibrate')));
      });
    case 'Scalar': {
      const scalarFeatures = features.filter(
        (f) =>
          'Vibrate' in f.output ||
          'Oscillate' in f.output ||
          'Constrict' in f.output ||
          (f.output.Rotate?.Value?.[0] ?? -1) >= 0,
      );
      return cmd.subs.map((s) => {
        const f = scalarFeatures[s.Index] ?? nth(features, 0, 'feature');
        return output(f, s.ActuatorType, floatToStepV4(s.Scalar, stepMax(f, s.ActuatorType, 'Scalar')));
      });
    }
    case 'Rotate':
      return cmd.subs.map((s) => {
        const f = nth(withOutput('Rotate'), s.Index, 'feature with a Rotate output');
        return output(
          f,
          'Rotate',
          floatToStepV4(s.Speed * (s.Clockwise ? 1 : -1), stepMax(f, 'Rotate', 'Rotate')),
        );
      });
    case 'Linear':
      return cmd.subs.map((s) => {
        const f = features.find((x) => x.index === s.Index);
        if (!f) throw new Error(`the device has no feature ${s.Index}`);
        const max = stepMax(f, 'HwPositionWithDuration', 'Linear');
        return output(f, 'HwPositionWithDuration', Math.ceil(s.Position * max), { Duration: s.Duration });
      });
    case 'Battery':
      return [input('Battery', 100)];
    case 'RSSI':
      return [input('Rssi', 1)];
    case 'Stop':
      return [{ type: 'StopCmd', body: { DeviceIndex, Inputs: true, Outputs: true }, reply: 'Ok' }];
  }
}

function v3(device: DeviceEntry, cmd: ClientCommand): WireMessage[] {
  const DeviceIndex = device.DeviceIndex as number;
  const messages = (device.DeviceMessages ?? {}) as Record<string, unknown>;
  const scalarAttrs = ((messages.ScalarCmd ?? []) as Body[]).map((a, position) => ({
    position,
    actuator: a.ActuatorType as string,
  }));
  const sensorRead = (type: string, scale: number): WireMessage => {
    const sensors = ((messages.SensorReadCmd ?? []) as Body[]).map((a, position) => ({
      position,
      type: a.SensorType as string,
    }));
    const matching = sensors.filter((s) => s.type === type);
    if (matching.length !== 1)
      throw new Error(
        `the device has ${matching.length} SensorReadCmd attributes of type ${type}; the v3 client needs exactly 1`,
      );
    return {
      type: 'SensorReadCmd',
      body: { DeviceIndex, SensorIndex: matching[0]!.position, SensorType: type },
      reply: 'SensorReading',
      reading: (r) => ((r.Data as number[])[0] as number) / scale,
    };
  };
  switch (cmd.kind) {
    case 'Vibrate': {
      const vibrators = scalarAttrs.filter((a) => a.actuator === 'Vibrate');
      const Scalars = cmd.subs.map((s) => ({
        Index: nth(vibrators, s.Index, 'ScalarCmd attribute with ActuatorType Vibrate').position,
        Scalar: s.Speed,
        ActuatorType: 'Vibrate',
      }));
      return [{ type: 'ScalarCmd', body: { DeviceIndex, Scalars }, reply: 'Ok' }];
    }
    case 'Scalar':
      return [
        { type: 'ScalarCmd', body: { DeviceIndex, Scalars: cmd.subs.map((s) => ({ ...s })) }, reply: 'Ok' },
      ];
    case 'Rotate':
      return [
        { type: 'RotateCmd', body: { DeviceIndex, Rotations: cmd.subs.map((s) => ({ ...s })) }, reply: 'Ok' },
      ];
    case 'Linear':
      return [
        { type: 'LinearCmd', body: { DeviceIndex, Vectors: cmd.subs.map((s) => ({ ...s })) }, reply: 'Ok' },
      ];
    case 'Battery':
      return [sensorRead('Battery', 100)];
    case 'RSSI':
      return [sensorRead('RSSI', 1)];
    case 'Stop':
      return [{ type: 'StopDeviceCmd', body: { DeviceIndex }, reply: 'Ok' }];
  }
}

function v2(device: DeviceEntry, cmd: ClientCommand): WireMessage[] {
  const DeviceIndex = device.DeviceIndex as number;
  switch (cmd.kind) {
    case 'Vibrate':
      return [
        { type: 'VibrateCmd', body: { DeviceIndex, Speeds: cmd.subs.map((s) => ({ ...s })) }, reply: 'Ok' },
      ];
    case 'Scalar':
      return [];
    case 'Rotate':
      return [
        { type: 'RotateCmd', body: { DeviceIndex, Rotations: cmd.subs.map((s) => ({ ...s })) }, reply: 'Ok' },
      ];
    case 'Linear':
      return [
        { type: 'LinearCmd', body: { DeviceIndex, Vectors: cmd.subs.map((s) => ({ ...s })) }, reply: 'Ok' },
      ];
    case 'Battery':
      return [
        {
          type: 'BatteryLevelCmd',
          body: { DeviceIndex },
          reply: 'BatteryLevelReading',
          reading: (r) => r.BatteryLevel as number,
        },
      ];
    case 'RSSI':
      return [
        {
          type: 'RSSILevelCmd',
          body: { DeviceIndex },
          reply: 'RSSILevelReading',
          reading: (r) => r.RSSILevel as number,
        },
      ];
    case 'Stop':
      return [{ type: 'StopDeviceCmd', body: { DeviceIndex }, reply: 'Ok' }];
  }
}

/** The messages one client command becomes at `version`, for the device `device` describes. */
export function toWire(version: number, device: DeviceEntry, cmd: ClientCommand): WireMessage[] {
  if (version >= 4) return v4(device, cmd);
  if (version === 3) return v3(device, cmd);
  if (version === 2) return v2(device, cmd);
  throw new Error(`spec v${version} is not driven by this runner`);
}

/** The device list entries of a DeviceList reply, for any version (v4 keys them by index). */
export function deviceEntries(deviceList: Body): DeviceEntry[] {
  const devices = deviceList.Devices;
  return (
    Array.isArray(devices) ? devices : Object.values((devices ?? {}) as Record<string, Body>)
  ) as DeviceEntry[];
}
