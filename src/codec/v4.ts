// Spec v4 client messages (docs/spec/*.md; schema `MessageSpecV4`): one command per feature
// (OutputCmd, InputCmd), StopCmd replacing StopDeviceCmd/StopAllDevices, and the handshake with
// ProtocolVersionMajor/Minor. Disconnect is in the v4 spec (identification.md) though the
// reference schema and server do not have it yet.

import { INPUT_TYPES, OUTPUT_TYPES, type OutputType } from '../core/index.js';
import {
  type Check,
  boolean,
  clientId,
  I32_MAX,
  I32_MIN,
  integer,
  isPlainObject,
  issue,
  object,
  oneOf,
  string,
  u32,
} from './validate.js';
import {
  deviceCommand,
  idOnly,
  INPUT_COMMAND_NAMES,
  INPUT_TYPE_NAMES,
  message,
  table,
  type MessageDef,
} from './definition.js';
import { idBody, Ping, RequestDeviceList, StartScanning, StopScanning, type IdOnlyV0 } from './v0.js';

export interface RequestServerInfoV4 {
  readonly Id: number;
  readonly ClientName: string;
  readonly ProtocolVersionMajor: number;
  readonly ProtocolVersionMinor: number;
}
export interface StopCmdV4 {
  readonly Id: number;
  readonly DeviceIndex?: number;
  readonly FeatureIndex?: number;
  readonly Inputs?: boolean;
  readonly Outputs?: boolean;
}
export interface OutputCmdV4 {
  readonly Id: number;
  readonly DeviceIndex: number;
  readonly FeatureIndex: number;
  /** Exactly one key: the output type. */
  readonly Command: Readonly<
    Partial<Record<OutputType, { readonly Value: number; readonly Duration?: number }>>
  >;
}
export interface InputCmdV4 {
  readonly Id: number;
  readonly DeviceIndex: number;
  readonly FeatureIndex: number;
  readonly Type: string;
  readonly Command: string;
}

export type ClientMessageV4 =
  | { readonly RequestServerInfo: RequestServerInfoV4 }
  | { readonly Ping: IdOnlyV0 }
  | { readonly StartScanning: IdOnlyV0 }
  | { readonly StopScanning: IdOnlyV0 }
  | { readonly RequestDeviceList: IdOnlyV0 }
  | { readonly StopCmd: StopCmdV4 }
  | { readonly OutputCmd: OutputCmdV4 }
  | { readonly InputCmd: InputCmdV4 }
  | { readonly Disconnect: IdOnlyV0 };

const requestServerInfoBody: Check<RequestServerInfoV4> = object({
  Id: clientId,
  ClientName: string,
  ProtocolVersionMajor: u32,
  ProtocolVersionMinor: u32,
});
const RequestServerInfo: MessageDef = message(requestServerInfoBody, (body, id) => ({
  kind: 'RequestServerInfo',
  id,
  clientName: body.ClientName,
  version: body.ProtocolVersionMajor,
  minor: body.ProtocolVersionMinor,
}));

/**
 * Without DeviceIndex: a stop of everything the sender drives (FeatureIndex is then ignored, as
 * stop.md says). With it: that device, or one feature of it, for everyone.
 */
const stopBody: Check<StopCmdV4> = object(
  { Id: clientId },
  { DeviceIndex: u32, FeatureIndex: u32, Inputs: boolean, Outputs: boolean },
);
const StopCmd: MessageDef = message(stopBody, (body, id) => {
  const outputs = body.Outputs !== false;
  const inputs = body.Inputs !== false;
  const device = body.DeviceIndex;
  if (device === undefined) return { kind: 'StopAll', id, outputs, inputs };
  const feature = body.FeatureIndex;
  return feature === undefined
    ? { kind: 'StopDevice', id, device, outputs, inputs }
    : { kind: 'StopDevice', id, device, feature, outputs, inputs };
});

// Values are integers on the wire (upstream: i32, and u32 for a position with duration).
const valueOnly = object({ Value: integer(I32_MIN, I32_MAX) });
const positionWithDuration = object({ Value: u32, Duration: u32 });
const OUTPUT_CHECKS: ReadonlyMap<string, Check<unknown>> = new Map(
  OUTPUT_TYPES.map((t) => [t, t === 'HwPositionWithDuration' ? positionWithDuration : valueOnly]),
);
const OUTPUT_LIST = OUTPUT_TYPES.join(', ');

/** `{ "<OutputType>": { "Value": n[, "Duration": ms] } }` with exactly one key. */
const outputCommand: Check<OutputCmdV4['Command']> = (v) => {
  if (!isPlainObject(v)) return issue('must be an object');
  let type: string | undefined;
  for (const key in v) {
    if (type !== undefined) return issue(`must have exactly one output type key (one of ${OUTPUT_LIST})`);
    type = key;
  }
  if (type === undefined) return issue(`must have exactly one output type key (one of ${OUTPUT_LIST})`);
  const check = OUTPUT_CHECKS.get(type);
  if (check === undefined) return issue(`unknown output type; must be one of ${OUTPUT_LIST}`, type);
  const found = check(v[type]);
  // Passing: exactly one key, an output type, whose value passed that type's check (Value, plus
  // Duration for HwPositionWithDuration), which is OutputCmdV4's Command.
  if (found !== undefined) found.path.unshift(type);
  return found;
};

export const OutputCmd = deviceCommand(
  'OutputCmd',
  object({ Id: clientId, DeviceIndex: u32, FeatureIndex: u32, Command: outputCommand }),
);

const InputCmd = deviceCommand(
  'InputCmd',
  object({
    Id: clientId,
    DeviceIndex: u32,
    FeatureIndex: u32,
    Type: oneOf(INPUT_TYPE_NAMES, INPUT_TYPES),
    Command: oneOf(INPUT_COMMAND_NAMES, ['Read', 'Subscribe', 'Unsubscribe']),
  }),
);

export const V4 = table({
  RequestServerInfo,
  Ping,
  StartScanning,
  StopScanning,
  RequestDeviceList,
  StopCmd,
  OutputCmd,
  InputCmd,
  Disconnect: idOnly(idBody, 'Disconnect'),
});
