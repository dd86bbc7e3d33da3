// Conversion between spec versions, in one place. thrum keeps one internal form (v4 semantics:
// feature, output type, integer step), so every older device command is converted UP here, and
// every older device description is derived DOWN from the same per-device "legacy view" built
// here. Both directions must agree on which feature an old index means (VibrateCmd Speeds[i],
// ScalarCmd Scalars[i], SensorIndex …), and deriving the lists once, in one module, is what keeps
// them agreeing; describe.ts only phrases the view for each version's wire shape.
//
// The derivation and the float-to-step rounding follow the reference server (buttplug
// server_device_message_attributes / client_device_message_attributes / checked_output_vec_cmd /
// server_device_feature at 8ecb259), so a legacy client sees the same indexes and the same steps.
//
// Unlike the reference server, thrum also converts the v0/v1 device-specific commands old apps
// still send (VorzeA10CycloneCmd, FleshlightLaunchFW12Cmd, KiirooCmd) for devices with a matching
// feature; LovenseCmd stays refused, being raw device access.

import {
  failure,
  type DeviceDescriptor,
  type FeatureDef,
  type InputCommand,
  type InputType,
  type OutputCommand,
  type OutputType,
  type Range,
} from '../core/index.js';
import { INPUT_COMMAND_NAMES, INPUT_TYPE_NAMES, OUTPUT_TYPE_NAMES, SCALAR_TYPE_NAMES } from './definition.js';
import { launchDuration } from './launch.js';
import type {
  Converted,
  DeviceCommandBodies,
  DeviceCommandName,
  DeviceCommandOf,
  ReadingReply,
} from './types.js';

declare const checkedBrand: unique symbol;

/**
 * A command convertUp has checked against the device it is for: the feature exists and has that
 * output (or input and input command), and the value (and duration) lie in its ranges. The brand
 * exists only in the types, so it costs nothing at run time, and only this module makes one
 * (`checkedOutputs`, `checkedInput`), so the hub's device path, which takes only Checked
 * commands, cannot be handed a command that skipped the check.
 */
export type Checked<C> = C & { readonly [checkedBrand]: true };

/** One entry of a legacy generic-command list: which feature and output it drives. */
export interface OutputAttr {
  readonly feature: FeatureDef;
  readonly type: OutputType;
  /** Upstream step_count: the top of the value range (ranges are [0, n] or [-n, n]). */
  readonly steps: number;
}

export interface SensorAttr {
  readonly feature: FeatureDef;
  readonly type: InputType;
  readonly ranges: readonly Range[];
}

/** A device as v0–v3 see it. Every list is in feature order. */
export interface LegacyView {
  /** By FeatureIndex. */
  readonly features: ReadonlyArray<FeatureDef | undefined>;
  /** v3 ScalarCmd: every value output of every feature (per feature in SCALAR_ORDER). */
  readonly scalar: readonly OutputAttr[];
  /** v1/v2 VibrateCmd, v0/v1 SingleMotorVibrateCmd: the Vibrate entries of `scalar`. */
  readonly vibrate: readonly OutputAttr[];
  /** v1–v3 RotateCmd: Rotate outputs with a direction (range below zero). */
  readonly rotate: readonly OutputAttr[];
  /** v1–v3 LinearCmd: HwPositionWithDuration outputs (ActuatorType "Position" in v3). */
  readonly linear: readonly OutputAttr[];
  /**
   * v0/v1 KiirooCmd: the first Position output, else the first HwPositionWithDuration output.
   * (VorzeA10CycloneCmd drives `rotate[0]`, FleshlightLaunchFW12Cmd drives `linear[0]`.)
   */
  readonly kiiroo: OutputAttr | undefined;
  /** v3 SensorReadCmd, v2 BatteryLevelCmd (first entry): readable Battery inputs only. */
  readonly sensors: readonly SensorAttr[];
}

/** Order of a feature's outputs in the v3 ScalarCmd list the client is shown. */
const SCALAR_ORDER: readonly OutputType[] = [
  'Constrict',
  'Temperature',
  'Led',
  'Oscillate',
  'Position',
  'Rotate',
  'Spray',
  'Vibrate',
];

// A memo, not state: a view is a pure function of an immutable descriptor, so every answer is the
// same with or without it; it only saves deriving the view again for every command. (Keyed
// weakly: a role's view descriptor or a removed device's goes with its descriptor. The position
// memory, which is state, lives with the device in the hub: PositionMemory below.)
const views = new WeakMap<DeviceDescriptor, LegacyView>();

/** Cached per descriptor object: descriptors are immutable once a bus reports the device. */
export function legacyView(device: DeviceDescriptor): LegacyView {
  let view = views.get(device);
  if (view === undefined) {
    view = deriveView(device);
    views.set(device, view);
  }
  return view;
}

function deriveView(device: DeviceDescriptor): LegacyView {
  const features: Array<FeatureDef | undefined> = [];
  const scalar: OutputAttr[] = [];
  const rotate: OutputAttr[] = [];
  const linear: OutputAttr[] = [];
  const sensors: SensorAttr[] = [];
  for (const feature of device.features) {
    features[feature.index] = feature;
    const out = feature.output;
    if (out !== undefined) {
      for (const type of SCALAR_ORDER) {
        const spec = out[type];
        if (spec !== undefined) scalar.push({ feature, type, steps: spec.value[1] });
      }
      if (out.Rotate !== undefined && out.Rotate.value[0] < 0)
        rotate.push({ feature, type: 'Rotate', steps: out.Rotate.value[1] });
      const hw = out.HwPositionWithDuration;
      if (hw !== undefined) linear.push({ feature, type: 'HwPositionWithDuration', steps: hw.value[1] });
    }
    const battery = feature.input?.Battery;
    if (battery !== undefined && battery.command.includes('Read'))
      sensors.push({ feature, type: 'Battery', ranges: battery.value });
  }
  const vibrate = scalar.filter((a) => a.type === 'Vibrate');
  const kiiroo = scalar.find((a) => a.type === 'Position') ?? linear[0];
  return { features, scalar, vibrate, rotate, linear, kiiroo, sensors };
}

/**
 * A 0..1 float to an integer step, exactly as upstream: value outputs round up and treat
 * anything below 1e-6 as 0; Position rounds up; HwPositionWithDuration truncates.
 */
export function stepFromFloat(type: OutputType, value: number, steps: number): number {
  if (type === 'HwPositionWithDuration') return Math.trunc(steps * value);
  if (type !== 'Position' && value < 0.000001) return 0;
  return Math.ceil(steps * value);
}

/**
 * stepFromFloat's rounding for the fraction num/den (an integer field over its maximum, e.g.
 * Speed / 99), computed as (steps × num) / den so that the one rounding of the division cannot
 * push an exact step over: stepFromFloat(…, 13 / 99, 99) would give 14, this gives 13.
 */
function stepFromRatio(type: OutputType, num: number, den: number, steps: number): number {
  const scaled = (steps * num) / den;
  if (type === 'HwPositionWithDuration') return Math.trunc(scaled);
  if (type !== 'Position' && num / den < 0.000001) return 0;
  return Math.ceil(scaled);
}

function clampDuration(ms: number, range: Range | undefined): number {
  return range === undefined ? ms : Math.min(Math.max(ms, range[0]), range[1]);
}

// ------------------------------------------------------------------ last commanded positions
//
// FleshlightLaunchFW12Cmd names a target and a speed, not a duration, so turning it into a timed
// move needs the distance from where the feature was last sent. That memory is state of the
// device, not of the codec: the caller keeps one PositionMemory per device (the hub, on its device
// record, so every session's moves count) and passes it to convertUp, which reads and writes it.
// Per feature, as a fraction of the range (0..1); written by every LinearCmd,
// FleshlightLaunchFW12Cmd and KiirooCmd that converts. A feature never moved through those starts
// at the midpoint, 0.5: the true position is unknown, and the midpoint bounds the error of the
// first move's duration to half a stroke. (v4 OutputCmd and v3 ScalarCmd Position moves are not
// tracked.)

/** Last commanded position per feature index, as a fraction of its range. One per device. */
export type PositionMemory = Map<number, number>;

function lastPosition(positions: PositionMemory, feature: number): number {
  return positions.get(feature) ?? 0.5;
}

/** Converts one device command's checked body (typed by its name) for a device. */
type Handler<N extends DeviceCommandName> = (
  body: DeviceCommandBodies[N],
  device: DeviceDescriptor,
  deviceIndex: number,
  positions: PositionMemory,
) => Converted;

function fail(...args: Parameters<typeof failure>): Converted {
  return { kind: 'failure', failure: failure(...args) };
}

/**
 * The converted output commands. Every caller built each command from a feature of the device
 * (found by index in its legacy view or feature list, with the output type it has) and a value
 * and duration within that output's ranges, which is what Checked promises: that is why the cast
 * below holds, and it is the only place outputs are branded.
 */
function checkedOutputs(commands: OutputCommand[]): Converted {
  // Upstream orders sub-commands by feature index; most messages arrive ordered already.
  for (let i = 1; i < commands.length; i++) {
    if (commands[i]!.feature < commands[i - 1]!.feature) {
      commands.sort((a, b) => a.feature - b.feature);
      break;
    }
  }
  return { kind: 'outputs', commands: commands as Checked<OutputCommand>[] };
}

/**
 * An input command and how to phrase its answer. The caller found the feature with that input,
 * and that it allows the command, which is what Checked promises; the only place inputs are
 * branded.
 */
function checkedInput(command: InputCommand, reply: ReadingReply): Converted {
  return { kind: 'input', command: command as Checked<InputCommand>, reply };
}

/**
 * For a name-table lookup that cannot miss (the check accepted only the table's names): answers
 * rather than throws should a table and its check ever disagree.
 */
function unknownName(field: string, name: string): Converted {
  return fail('THRUM_ERR_INTERNAL', `${field} ${name} passed its check but has no canonical name`);
}

/** The attribute at a client's index into a legacy list, or the failure to answer with. */
function pick<T>(list: readonly T[], index: number, name: string, deviceIndex: number): T | Converted {
  if (list.length === 0) return fail('THRUM_ERR_MESSAGE_UNSUPPORTED', deviceIndex, name);
  const attr = list[index];
  if (attr === undefined)
    return fail(
      'THRUM_ERR_FEATURE_UNKNOWN',
      deviceIndex,
      `${index} for ${name} (valid indexes 0..${list.length - 1})`,
    );
  return attr;
}

function isConverted(x: unknown): x is Converted {
  return typeof x === 'object' && x !== null && 'kind' in x;
}

const singleMotorVibrate: Handler<'SingleMotorVibrateCmd'> = (body, device, deviceIndex) => {
  const { vibrate } = legacyView(device);
  if (vibrate.length === 0)
    return fail('THRUM_ERR_MESSAGE_UNSUPPORTED', deviceIndex, 'SingleMotorVibrateCmd');
  const speed = body.Speed;
  const commands: OutputCommand[] = [];
  for (const a of vibrate)
    commands.push({
      feature: a.feature.index,
      type: 'Vibrate',
      value: stepFromFloat('Vibrate', speed, a.steps),
    });
  return checkedOutputs(commands);
};

/** A v1–v3 list command: each sub-command's Index picks an entry of the device's `listOf` list. */
function legacyList<N extends DeviceCommandName, S extends { readonly Index: number }>(
  name: N,
  listOf: (v: LegacyView) => readonly OutputAttr[],
  subsOf: (body: DeviceCommandBodies[N]) => readonly S[],
  make: (a: OutputAttr, sub: S) => OutputCommand,
): Handler<N> {
  return (body, device, deviceIndex) => {
    const list = listOf(legacyView(device));
    if (list.length === 0) return fail('THRUM_ERR_MESSAGE_UNSUPPORTED', deviceIndex, name);
    const commands: OutputCommand[] = [];
    for (const sub of subsOf(body)) {
      const attr = pick(list, sub.Index, name, deviceIndex);
      if (isConverted(attr)) return attr;
      commands.push(make(attr, sub));
    }
    return checkedOutputs(commands);
  };
}

const vibrateCmd = legacyList(
  'VibrateCmd',
  (v) => v.vibrate,
  (body) => body.Speeds,
  (a, sub) => ({
    feature: a.feature.index,
    type: 'Vibrate',
    value: stepFromFloat('Vibrate', sub.Speed, a.steps),
  }),
);

const rotateCmd = legacyList(
  'RotateCmd',
  (v) => v.rotate,
  (body) => body.Rotations,
  (a, sub) => {
    const step = stepFromFloat('Rotate', sub.Speed, a.steps);
    return { feature: a.feature.index, type: 'Rotate', value: step === 0 || sub.Clockwise ? step : -step };
  },
);

const linearVectors = legacyList(
  'LinearCmd',
  (v) => v.linear,
  (body) => body.Vectors,
  (a, sub) => {
    // v1–v3 clients never see the duration range, so a longer move is clamped into it rather than
    // refused (upstream passes it through unchecked).
    const duration = clampDuration(sub.Duration, a.feature.output!.HwPositionWithDuration!.duration);
    return {
      feature: a.feature.index,
      type: 'HwPositionWithDuration',
      value: stepFromFloat('HwPositionWithDuration', sub.Position, a.steps),
      duration,
    };
  },
);

/** LinearCmd, remembering each target for a later FleshlightLaunchFW12Cmd's distance. */
const linearCmd: Handler<'LinearCmd'> = (body, device, deviceIndex, positions) => {
  const converted = linearVectors(body, device, deviceIndex, positions);
  if (converted.kind === 'outputs') {
    const { linear } = legacyView(device);
    for (const sub of body.Vectors) positions.set(linear[sub.Index]!.feature.index, sub.Position);
  }
  return converted;
};

/**
 * VorzeA10CycloneCmd {Speed 0–99, Clockwise}: the first directional rotator (RotateCmd's index
 * 0), Speed / 99 of its range, negative for counter-clockwise as in RotateCmd.
 */
const vorzeA10CycloneCmd: Handler<'VorzeA10CycloneCmd'> = (body, device, deviceIndex) => {
  const attr = legacyView(device).rotate[0];
  if (attr === undefined) return fail('THRUM_ERR_MESSAGE_UNSUPPORTED', deviceIndex, 'VorzeA10CycloneCmd');
  const step = stepFromRatio('Rotate', body.Speed, 99, attr.steps);
  return checkedOutputs([
    { feature: attr.feature.index, type: 'Rotate', value: step === 0 || body.Clockwise ? step : -step },
  ]);
};

/**
 * FleshlightLaunchFW12Cmd {Position 0–99, Speed 0–99}: a timed move of the first
 * HwPositionWithDuration feature (LinearCmd's index 0) to Position / 99 of its range, taking as
 * long as a Launch would at that speed over the distance from the last position (launch.ts).
 * Speed 0 counts as Speed 1: the libraries' formula gives 0 ms there, a move as fast as the device
 * can go, the opposite of what the app asked for.
 */
const fleshlightLaunchFW12Cmd: Handler<'FleshlightLaunchFW12Cmd'> = (
  body,
  device,
  deviceIndex,
  positions,
) => {
  const attr = legacyView(device).linear[0];
  if (attr === undefined)
    return fail('THRUM_ERR_MESSAGE_UNSUPPORTED', deviceIndex, 'FleshlightLaunchFW12Cmd');
  const position = body.Position;
  const target = position / 99;
  const feature = attr.feature.index;
  const distance = Math.abs(target - lastPosition(positions, feature));
  const ms = launchDuration(distance, Math.max(body.Speed, 1) / 99);
  positions.set(feature, target);
  const duration = clampDuration(ms, attr.feature.output!.HwPositionWithDuration!.duration);
  return checkedOutputs([
    {
      feature,
      type: 'HwPositionWithDuration',
      value: stepFromRatio('HwPositionWithDuration', position, 99, attr.steps),
      duration,
    },
  ]);
};

/**
 * The Kiiroo Onyx/Pearl 1 protocol's command: "x,\n" with x an integer 0–4, the Onyx's ring
 * position (docs.buttplug.io stpihkal/protocols/kiiroo/kiiroo-onyx-pearl-1.md; spec
 * deprecated.md, KiirooCmd). buttplug-csharp parsed Command with uint.TryParse (KiirooCmd.Position
 * in Buttplug/Core/Messages/Messages.cs): surrounding blanks, a plus sign and leading zeros pass.
 */
const KIIROO_COMMAND = /^\s*\+?0*([0-4])\s*$/;

/**
 * Speed a KiirooCmd move on an HwPositionWithDuration-only device is timed with, on the Launch
 * scale: the Onyx took raw positions with no timing, so a mid speed (50 of 99, about 400 ms for a
 * full stroke, 100 ms for one of the four Kiiroo steps) keeps every move the same velocity.
 */
const KIIROO_SPEED = 50 / 99;

/**
 * KiirooCmd {Command "0"–"4"}: a Position (else timed HwPositionWithDuration) move of the first
 * positional feature. Kiiroo positions run opposite to Buttplug's: buttplug-csharp's
 * KiirooGen1Protocol drove the Onyx from a LinearCmd Position p with the Kiiroo position
 * (1 − p) × 4, so Command x is the position 1 − x / 4 here.
 */
const kiirooCmd: Handler<'KiirooCmd'> = (body, device, deviceIndex, positions) => {
  const parsed = KIIROO_COMMAND.exec(body.Command);
  if (parsed === null)
    return fail('THRUM_ERR_INVALID_FIELD', 'KiirooCmd.Command', 'must be an integer string in [0, 4]');
  const attr = legacyView(device).kiiroo;
  if (attr === undefined) return fail('THRUM_ERR_MESSAGE_UNSUPPORTED', deviceIndex, 'KiirooCmd');
  const quarters = 4 - Number(parsed[1]);
  const target = quarters / 4;
  const feature = attr.feature.index;
  const value = stepFromRatio(attr.type, quarters, 4, attr.steps);
  if (attr.type === 'Position') {
    positions.set(feature, target);
    return checkedOutputs([{ feature, type: 'Position', value }]);
  }
  const ms = launchDuration(Math.abs(target - lastPosition(positions, feature)), KIIROO_SPEED);
  positions.set(feature, target);
  const duration = clampDuration(ms, attr.feature.output!.HwPositionWithDuration!.duration);
  return checkedOutputs([{ feature, type: 'HwPositionWithDuration', value, duration }]);
};

/** Index picks the feature (via the v3 list); ActuatorType picks which of its outputs. */
const scalarCmd: Handler<'ScalarCmd'> = (body, device, deviceIndex) => {
  const { scalar } = legacyView(device);
  const commands: OutputCommand[] = [];
  for (const sub of body.Scalars) {
    const index = sub.Index;
    const attr = pick(scalar, index, 'ScalarCmd', deviceIndex);
    if (isConverted(attr)) return attr;
    const type = SCALAR_TYPE_NAMES.get(sub.ActuatorType);
    if (type === undefined) return unknownName('ActuatorType', sub.ActuatorType);
    const spec = attr.feature.output![type];
    if (spec === undefined)
      return fail('THRUM_ERR_FEATURE_UNSUPPORTED', deviceIndex, `${index} (ScalarCmd Index)`, type);
    commands.push({
      feature: attr.feature.index,
      type,
      value: stepFromFloat(type, sub.Scalar, spec.value[1]),
    });
  }
  return checkedOutputs(commands);
};

/** BatteryLevelCmd (sensor 0, any type) and SensorReadCmd (SensorIndex, which must read SensorType). */
function readBattery<N extends 'BatteryLevelCmd' | 'SensorReadCmd'>(
  name: N,
  reply: ReadingReply['message'],
  sensorIndex: (body: DeviceCommandBodies[N]) => number,
  sensorType: ((body: DeviceCommandBodies[N]) => string) | null,
): Handler<N> {
  return (body, device, deviceIndex) => {
    const index = sensorIndex(body);
    const attr = pick(legacyView(device).sensors, index, name, deviceIndex);
    if (isConverted(attr)) return attr;
    if (sensorType !== null) {
      const type = INPUT_TYPE_NAMES.get(sensorType(body));
      if (type !== attr.type)
        return fail('THRUM_ERR_FEATURE_UNSUPPORTED', deviceIndex, `${index} (SensorIndex)`, `${type} reads`);
    }
    return checkedInput(
      { feature: attr.feature.index, type: attr.type, command: 'Read' },
      { message: reply, deviceIndex, index, type: attr.type, range: attr.ranges[0] ?? [0, 0] },
    );
  };
}

// The reference server never implemented v3 subscriptions and refuses them outright.
const sensorSubscription =
  <N extends 'SensorSubscribeCmd' | 'SensorUnsubscribeCmd'>(name: N): Handler<N> =>
  (_body, _device, deviceIndex) =>
    fail('THRUM_ERR_MESSAGE_UNSUPPORTED', deviceIndex, name);

const outputCmd: Handler<'OutputCmd'> = (body, device, deviceIndex) => {
  const index = body.FeatureIndex;
  const feature = legacyView(device).features[index];
  if (feature === undefined) return fail('THRUM_ERR_FEATURE_UNKNOWN', deviceIndex, index);
  const command = body.Command;
  let key = '';
  for (const k in command) key = k;
  const type = OUTPUT_TYPE_NAMES.get(key);
  if (type === undefined) return unknownName('output type', key);
  const spec = feature.output?.[type];
  const order = command[type];
  if (spec === undefined || order === undefined)
    return fail('THRUM_ERR_FEATURE_UNSUPPORTED', deviceIndex, index, type);
  const { Value: value, Duration: duration } = order;
  const [min, max] = spec.value;
  if (value < min || value > max)
    return fail('THRUM_ERR_VALUE_OUT_OF_RANGE', type, value, `[${min}, ${max}]`);
  if (type !== 'HwPositionWithDuration') return checkedOutputs([{ feature: index, type, value }]);
  // The check requires Duration with HwPositionWithDuration, so it is here.
  const range = spec.duration;
  if (range !== undefined && (duration! < range[0] || duration! > range[1])) {
    return fail(
      'THRUM_ERR_VALUE_OUT_OF_RANGE',
      'HwPositionWithDuration Duration',
      duration!,
      `[${range[0]}, ${range[1]}]`,
    );
  }
  return checkedOutputs([{ feature: index, type, value, duration: duration! }]);
};

const inputCmd: Handler<'InputCmd'> = (body, device, deviceIndex) => {
  const index = body.FeatureIndex;
  const feature = legacyView(device).features[index];
  if (feature === undefined) return fail('THRUM_ERR_FEATURE_UNKNOWN', deviceIndex, index);
  const type = INPUT_TYPE_NAMES.get(body.Type);
  if (type === undefined) return unknownName('Type', body.Type);
  const command = INPUT_COMMAND_NAMES.get(body.Command);
  if (command === undefined) return unknownName('Command', body.Command);
  const spec = feature.input?.[type];
  if (spec === undefined) return fail('THRUM_ERR_FEATURE_UNSUPPORTED', deviceIndex, index, type);
  // Device configs list Read and Subscribe; an input that can be subscribed can be unsubscribed.
  const allowed = spec.command.includes(command === 'Unsubscribe' ? 'Subscribe' : command);
  if (!allowed) return fail('THRUM_ERR_FEATURE_UNSUPPORTED', deviceIndex, index, `${type} ${command}`);
  return checkedInput(
    { feature: index, type, command },
    { message: 'InputReading', deviceIndex, index, type, range: spec.value[0] ?? [0, 0] },
  );
};

/** One handler per device command name; the mapped type ties each to its own body type. */
const HANDLERS: { readonly [N in DeviceCommandName]: Handler<N> } = {
  SingleMotorVibrateCmd: singleMotorVibrate,
  VibrateCmd: vibrateCmd,
  RotateCmd: rotateCmd,
  LinearCmd: linearCmd,
  VorzeA10CycloneCmd: vorzeA10CycloneCmd,
  FleshlightLaunchFW12Cmd: fleshlightLaunchFW12Cmd,
  KiirooCmd: kiirooCmd,
  ScalarCmd: scalarCmd,
  BatteryLevelCmd: readBattery('BatteryLevelCmd', 'BatteryLevelReading', () => 0, null),
  SensorReadCmd: readBattery(
    'SensorReadCmd',
    'SensorReading',
    (b) => b.SensorIndex,
    (b) => b.SensorType,
  ),
  SensorSubscribeCmd: sensorSubscription('SensorSubscribeCmd'),
  SensorUnsubscribeCmd: sensorSubscription('SensorUnsubscribeCmd'),
  OutputCmd: outputCmd,
  InputCmd: inputCmd,
};

/**
 * Turn a decoded device command (any version) into internal commands for `device`, checked
 * against its features. Never returns `stopDevice`: stops are decoded as StopDevice requests.
 * `positions` is the device's own memory of where its features were last sent (see PositionMemory).
 */
export function convertUp<N extends DeviceCommandName>(
  command: DeviceCommandOf<N>,
  device: DeviceDescriptor,
  deviceIndex: number,
  positions: PositionMemory,
): Converted {
  // Typed as always present; the check is for a value that did not come from the decoder.
  const handler: Handler<N> | undefined = HANDLERS[command.name];
  if (handler === undefined) return fail('THRUM_ERR_INTERNAL', `no conversion for ${command.name}`);
  return handler(command.body, device, deviceIndex, positions);
}
