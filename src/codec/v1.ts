// Spec v1 client messages: v0 plus the generic VibrateCmd / LinearCmd / RotateCmd, and
// RequestServerInfo carries MessageVersion. LovenseCmd is gone (schema `MessageSpecV1`).
// SingleMotorVibrateCmd stays: the schema's v1 message list omits it, but its v1 device
// attributes list it and the reference server accepts it at v1.

import {
  arrayOf,
  boolean,
  type Check,
  clientId,
  I32_MAX,
  integer,
  object,
  string,
  u32,
  unit,
} from './validate.js';
import { deviceCommand, message, table, without, type MessageDef } from './definition.js';
import { V0, type ClientMessageV0 } from './v0.js';

export interface RequestServerInfoV1 {
  readonly Id: number;
  readonly ClientName: string;
  readonly MessageVersion: number;
}
export interface VibrateCmdV1 {
  readonly Id: number;
  readonly DeviceIndex: number;
  readonly Speeds: ReadonlyArray<{ readonly Index: number; readonly Speed: number }>;
}
export interface LinearCmdV1 {
  readonly Id: number;
  readonly DeviceIndex: number;
  readonly Vectors: ReadonlyArray<{
    readonly Index: number;
    readonly Duration: number;
    readonly Position: number;
  }>;
}
export interface RotateCmdV1 {
  readonly Id: number;
  readonly DeviceIndex: number;
  readonly Rotations: ReadonlyArray<{
    readonly Index: number;
    readonly Speed: number;
    readonly Clockwise: boolean;
  }>;
}

export type ClientMessageV1 =
  | Exclude<ClientMessageV0, { readonly LovenseCmd: unknown } | { readonly RequestServerInfo: unknown }>
  | { readonly RequestServerInfo: RequestServerInfoV1 }
  | { readonly VibrateCmd: VibrateCmdV1 }
  | { readonly LinearCmd: LinearCmdV1 }
  | { readonly RotateCmd: RotateCmdV1 };

/** v1–v3 share this shape; MessageVersion is the spec version the client speaks. */
const requestServerInfoBody: Check<RequestServerInfoV1> = object({
  Id: clientId,
  ClientName: string,
  MessageVersion: u32,
});
export const RequestServerInfo: MessageDef = message(requestServerInfoBody, (body, id) => ({
  kind: 'RequestServerInfo',
  id,
  clientName: body.ClientName,
  version: body.MessageVersion,
  minor: 0,
}));

export const VibrateCmd = deviceCommand(
  'VibrateCmd',
  object({ Id: clientId, DeviceIndex: u32, Speeds: arrayOf(object({ Index: u32, Speed: unit }), 1) }),
);

// No minItems upstream: an empty Vectors list is accepted and does nothing. Durations of 2^31 ms
// or more are refused by the reference server ("You are not waiting 24 days").
export const LinearCmd = deviceCommand(
  'LinearCmd',
  object({
    Id: clientId,
    DeviceIndex: u32,
    Vectors: arrayOf(object({ Index: u32, Duration: integer(0, I32_MAX), Position: unit })),
  }),
);

export const RotateCmd = deviceCommand(
  'RotateCmd',
  object({
    Id: clientId,
    DeviceIndex: u32,
    Rotations: arrayOf(object({ Index: u32, Speed: unit, Clockwise: boolean }), 1),
  }),
);

export const V1 = table({
  ...without(V0, 'LovenseCmd'),
  RequestServerInfo,
  VibrateCmd,
  LinearCmd,
  RotateCmd,
});
