// A device as each spec version lists it (DeviceList entries, DeviceAdded bodies). v4 shows the
// features as they are; v0–v3 phrase the legacy view from convert.ts, so the indexes a client is
// shown are the ones convertUp resolves. v0/v1 also list the device-specific commands of their
// era (VorzeA10CycloneCmd, FleshlightLaunchFW12Cmd, KiirooCmd) where convertUp can carry them out,
// as the old libraries listed them for their Vorze, Launch and Kiiroo devices: a v0 app only sends
// what DeviceMessages names. Descriptions are cached per descriptor object and
// version: the hub hands the same descriptor to every session, so each device is phrased once
// per version and its JSON text is reused for every client.

import type { DeviceDescriptor, FeatureDef, InputType, OutputType } from '../core/index.js';
import { legacyView, type LegacyView, type OutputAttr } from './convert.js';
import type { DeviceEntry, SpecVersion } from './types.js';

type Wire = Readonly<Record<string, unknown>>;

export interface DeviceDescription {
  readonly version: SpecVersion;
  readonly index: number;
  /** The device object of a DeviceList (v0–v3 array item, v4 map value). */
  readonly info: Wire;
  /** JSON text of `info`. */
  readonly json: string;
}

/** Key order of upstream's v4 serialisation (DeviceFeatureOutput / DeviceFeatureInput). */
const OUTPUT_ORDER: readonly OutputType[] = [
  'Vibrate',
  'Rotate',
  'Oscillate',
  'Constrict',
  'Temperature',
  'Led',
  'Position',
  'HwPositionWithDuration',
  'Spray',
];
const INPUT_ORDER: readonly InputType[] = ['Battery', 'Rssi', 'Pressure', 'Button', 'Depth', 'Position'];

// A memo of a pure function of immutable descriptors (not state: answers are the same without
// it); it saves phrasing the same device again for every client and every list.
const cache = new WeakMap<DeviceDescriptor, Array<DeviceDescription | undefined>>();

export function isDescription(x: DeviceEntry | DeviceDescription): x is DeviceDescription {
  return 'info' in x;
}

/** The device as `version` lists it. Cached: callers may keep the result or call again. */
export function describeDevice(
  version: SpecVersion,
  entry: DeviceEntry | DeviceDescription,
): DeviceDescription {
  if (isDescription(entry)) return entry;
  let slots = cache.get(entry.descriptor);
  if (slots === undefined) {
    slots = [];
    cache.set(entry.descriptor, slots);
  }
  const cached = slots[version];
  if (cached !== undefined && cached.index === entry.index) return cached;
  const info = PHRASE[version](entry.index, entry.descriptor);
  const made: DeviceDescription = { version, index: entry.index, info, json: JSON.stringify(info) };
  slots[version] = made;
  return made;
}

function v4Feature(feature: FeatureDef): Wire {
  const out: Record<string, unknown> = {
    FeatureIndex: feature.index,
    FeatureDescription: feature.description,
  };
  if (feature.output !== undefined) {
    const outputs: Record<string, unknown> = {};
    for (const type of OUTPUT_ORDER) {
      const spec = feature.output[type];
      if (spec === undefined) continue;
      outputs[type] =
        type === 'HwPositionWithDuration' && spec.duration !== undefined
          ? { Value: spec.value, Duration: spec.duration }
          : { Value: spec.value };
    }
    out.Output = outputs;
  }
  if (feature.input !== undefined) {
    const inputs: Record<string, unknown> = {};
    for (const type of INPUT_ORDER) {
      const spec = feature.input[type];
      if (spec !== undefined) inputs[type] = { Value: spec.value, Command: spec.command };
    }
    out.Input = inputs;
  }
  return out;
}

function v4(index: number, device: DeviceDescriptor): Wire {
  const features: Record<string, Wire> = {};
  for (const feature of device.features) features[feature.index] = v4Feature(feature);
  return {
    DeviceIndex: index,
    DeviceName: device.name,
    ...(device.displayName !== undefined && { DeviceDisplayName: device.displayName }),
    DeviceMessageTimingGap: device.messageTimingGap,
    DeviceFeatures: features,
  };
}

function genericV3(list: readonly OutputAttr[], actuatorType?: string): Wire[] {
  return list.map((a) => ({
    FeatureDescriptor: a.feature.description,
    ActuatorType: actuatorType ?? a.type,
    StepCount: a.steps,
  }));
}

function messagesV3(view: LegacyView): Wire {
  const m: Record<string, unknown> = {};
  if (view.scalar.length > 0) m.ScalarCmd = genericV3(view.scalar);
  if (view.rotate.length > 0) m.RotateCmd = genericV3(view.rotate);
  // Upstream calls a linear actuator "Position" in v3.
  if (view.linear.length > 0) m.LinearCmd = genericV3(view.linear, 'Position');
  if (view.sensors.length > 0) {
    m.SensorReadCmd = view.sensors.map((s) => ({
      FeatureDescriptor: s.feature.description,
      SensorType: s.type,
      SensorRange: s.ranges,
    }));
  }
  m.StopDeviceCmd = {};
  return m;
}

function v3(index: number, device: DeviceDescriptor): Wire {
  return {
    DeviceIndex: index,
    DeviceName: device.name,
    ...(device.displayName !== undefined && { DeviceDisplayName: device.displayName }),
    DeviceMessageTimingGap: device.messageTimingGap,
    DeviceMessages: messagesV3(legacyView(device)),
  };
}

function v2(index: number, device: DeviceDescriptor): Wire {
  const view = legacyView(device);
  const generic = (list: readonly OutputAttr[]): Wire => ({
    FeatureCount: list.length,
    StepCount: list.map((a) => a.steps),
  });
  const m: Record<string, unknown> = {};
  if (view.vibrate.length > 0) m.VibrateCmd = generic(view.vibrate);
  if (view.rotate.length > 0) m.RotateCmd = generic(view.rotate);
  if (view.linear.length > 0) m.LinearCmd = generic(view.linear);
  // RSSILevelCmd is never listed: upstream derives it from v3 sensors, which hold Battery only.
  if (view.sensors.length > 0) m.BatteryLevelCmd = {};
  m.StopDeviceCmd = {};
  return { DeviceIndex: index, DeviceName: device.name, DeviceMessages: m };
}

/** The v0/v1 device-specific commands convertUp can carry out for the device. */
function deviceSpecific(view: LegacyView): string[] {
  const names: string[] = [];
  if (view.linear.length > 0) names.push('FleshlightLaunchFW12Cmd');
  if (view.kiiroo !== undefined) names.push('KiirooCmd');
  if (view.rotate.length > 0) names.push('VorzeA10CycloneCmd');
  return names;
}

function v1(index: number, device: DeviceDescriptor): Wire {
  const view = legacyView(device);
  const m: Record<string, unknown> = {};
  if (view.vibrate.length > 0) m.VibrateCmd = { FeatureCount: view.vibrate.length };
  if (view.rotate.length > 0) m.RotateCmd = { FeatureCount: view.rotate.length };
  if (view.linear.length > 0) m.LinearCmd = { FeatureCount: view.linear.length };
  m.StopDeviceCmd = {};
  if (view.vibrate.length > 0) m.SingleMotorVibrateCmd = {};
  for (const name of deviceSpecific(view)) m[name] = {};
  return { DeviceIndex: index, DeviceName: device.name, DeviceMessages: m };
}

/** Names sorted as upstream sorts them (by string). */
function v0(index: number, device: DeviceDescriptor): Wire {
  const view = legacyView(device);
  const names = deviceSpecific(view);
  if (view.vibrate.length > 0) names.push('SingleMotorVibrateCmd');
  names.push('StopDeviceCmd');
  return { DeviceIndex: index, DeviceName: device.name, DeviceMessages: names.sort() };
}

const PHRASE: Readonly<Record<SpecVersion, (index: number, device: DeviceDescriptor) => Wire>> = {
  0: v0,
  1: v1,
  2: v2,
  3: v3,
  4: v4,
};
