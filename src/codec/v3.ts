// Spec v3 client messages: ScalarCmd and the Sensor* commands replace BatteryLevelCmd,
// RSSILevelCmd and RequestLog (schema `MessageSpecV3`). VibrateCmd stays: the schema's v3 list
// omits it, but the reference server still accepts it at v3, and old v3 clients send it.

import { INPUT_TYPES } from '../core/index.js';
import { arrayOf, clientId, object, oneOf, u32, unit } from './validate.js';
import {
  deviceCommand,
  INPUT_TYPE_NAMES,
  SCALAR_TYPE_NAMES,
  SCALAR_TYPES,
  table,
  without,
} from './definition.js';
import type { ClientMessageV2 } from './v2.js';
import { V2 } from './v2.js';

export interface ScalarCmdV3 {
  readonly Id: number;
  readonly DeviceIndex: number;
  readonly Scalars: ReadonlyArray<{
    readonly Index: number;
    readonly Scalar: number;
    readonly ActuatorType: string;
  }>;
}
export interface SensorCmdV3 {
  readonly Id: number;
  readonly DeviceIndex: number;
  readonly SensorIndex: number;
  readonly SensorType: string;
}

type DroppedInV3 =
  | { readonly BatteryLevelCmd: unknown }
  | { readonly RSSILevelCmd: unknown }
  | { readonly RequestLog: unknown };

export type ClientMessageV3 =
  | Exclude<ClientMessageV2, DroppedInV3>
  | { readonly ScalarCmd: ScalarCmdV3 }
  | { readonly SensorReadCmd: SensorCmdV3 }
  | { readonly SensorSubscribeCmd: SensorCmdV3 }
  | { readonly SensorUnsubscribeCmd: SensorCmdV3 };

export const ScalarCmd = deviceCommand(
  'ScalarCmd',
  object({
    Id: clientId,
    DeviceIndex: u32,
    Scalars: arrayOf(
      object({ Index: u32, Scalar: unit, ActuatorType: oneOf(SCALAR_TYPE_NAMES, SCALAR_TYPES) }),
      1,
    ),
  }),
);

const sensorBody = object({
  Id: clientId,
  DeviceIndex: u32,
  SensorIndex: u32,
  SensorType: oneOf(INPUT_TYPE_NAMES, INPUT_TYPES),
});

export const V3 = table({
  ...without(V2, 'BatteryLevelCmd', 'RSSILevelCmd', 'RequestLog'),
  ScalarCmd,
  SensorReadCmd: deviceCommand('SensorReadCmd', sensorBody),
  SensorSubscribeCmd: deviceCommand('SensorSubscribeCmd', sensorBody),
  SensorUnsubscribeCmd: deviceCommand('SensorUnsubscribeCmd', sensorBody),
});
