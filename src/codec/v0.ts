// Spec v0 client messages (docs/spec/deprecated.md; upstream schema `MessageSpecV0`). Later
// versions start from this table and say what they add or drop.
//
// Unlike the reference server (which refuses them), thrum hands FleshlightLaunchFW12Cmd,
// VorzeA10CycloneCmd and KiirooCmd on as device commands: convert.ts carries them out on devices
// with a matching feature, and the v0/v1 device lists advertise them there, because old apps
// still send them. LovenseCmd is checked, then refused with ERROR_MSG as raw device access.

import { failure } from '../core/index.js';
import {
  type Check,
  boolean,
  clientId,
  integer,
  nameTable,
  object,
  oneOf,
  string,
  u32,
  unit,
} from './validate.js';
import {
  deviceCommand,
  idOnly,
  LOG_LEVELS,
  message,
  refusedWith,
  table,
  type MessageDef,
} from './definition.js';

export interface IdOnlyV0 {
  readonly Id: number;
}
export interface RequestServerInfoV0 {
  readonly Id: number;
  readonly ClientName: string;
}
export interface StopDeviceCmdV0 {
  readonly Id: number;
  readonly DeviceIndex: number;
}
export interface SingleMotorVibrateCmdV0 {
  readonly Id: number;
  readonly DeviceIndex: number;
  readonly Speed: number;
}
export interface FleshlightLaunchFW12CmdV0 {
  readonly Id: number;
  readonly DeviceIndex: number;
  readonly Position: number;
  readonly Speed: number;
}
export interface VorzeA10CycloneCmdV0 {
  readonly Id: number;
  readonly DeviceIndex: number;
  readonly Speed: number;
  readonly Clockwise: boolean;
}
export interface CommandStringV0 {
  readonly Id: number;
  readonly DeviceIndex: number;
  readonly Command: string;
}
export interface RequestLogV0 {
  readonly Id: number;
  /** One of LOG_LEVELS (the check accepts no other string). */
  readonly LogLevel: string;
}
export interface TestV0 {
  readonly Id: number;
  readonly TestString: string;
}

export type ClientMessageV0 =
  | { readonly RequestServerInfo: RequestServerInfoV0 }
  | { readonly Ping: IdOnlyV0 }
  | { readonly StartScanning: IdOnlyV0 }
  | { readonly StopScanning: IdOnlyV0 }
  | { readonly RequestDeviceList: IdOnlyV0 }
  | { readonly StopAllDevices: IdOnlyV0 }
  | { readonly StopDeviceCmd: StopDeviceCmdV0 }
  | { readonly SingleMotorVibrateCmd: SingleMotorVibrateCmdV0 }
  | { readonly FleshlightLaunchFW12Cmd: FleshlightLaunchFW12CmdV0 }
  | { readonly VorzeA10CycloneCmd: VorzeA10CycloneCmdV0 }
  | { readonly KiirooCmd: CommandStringV0 }
  | { readonly LovenseCmd: CommandStringV0 }
  | { readonly RequestLog: RequestLogV0 }
  | { readonly Test: TestV0 };

// ------------------------------------------------------------------ checks shared by later versions

export const idBody: Check<IdOnlyV0> = object({ Id: clientId });
export const deviceBody: Check<StopDeviceCmdV0> = object({ Id: clientId, DeviceIndex: u32 });

export const Ping = idOnly(idBody, 'Ping');
export const StartScanning = idOnly(idBody, 'StartScanning');
export const StopScanning = idOnly(idBody, 'StopScanning');
export const RequestDeviceList = idOnly(idBody, 'RequestDeviceList');

/** Scoped to what the sender drives (architecture.md, "Many clients"). */
export const StopAllDevices: MessageDef = message(idBody, (_body, id) => ({
  kind: 'StopAll',
  id,
  outputs: true,
  inputs: true,
}));

/** Stops the device for everyone. */
export const StopDeviceCmd: MessageDef = message(deviceBody, (body, id) => ({
  kind: 'StopDevice',
  id,
  device: body.DeviceIndex,
  outputs: true,
  inputs: true,
}));

const requestLogBody: Check<RequestLogV0> = object({
  Id: clientId,
  LogLevel: oneOf(nameTable(LOG_LEVELS), LOG_LEVELS),
});
export const RequestLog: MessageDef = message(requestLogBody, (body, id) => ({
  kind: 'RequestLog',
  id,
  level: body.LogLevel,
}));

const testBody: Check<TestV0> = object({ Id: clientId, TestString: string });
export const Test: MessageDef = message(testBody, (body, id) => ({
  kind: 'Test',
  id,
  testString: body.TestString,
}));

export const SingleMotorVibrateCmd = deviceCommand(
  'SingleMotorVibrateCmd',
  object({ Id: clientId, DeviceIndex: u32, Speed: unit }),
);

export const FleshlightLaunchFW12Cmd = deviceCommand(
  'FleshlightLaunchFW12Cmd',
  object({ Id: clientId, DeviceIndex: u32, Position: integer(0, 99), Speed: integer(0, 99) }),
);

// The schema allows Speed 100; the reference server rejects anything over 99.
export const VorzeA10CycloneCmd = deviceCommand(
  'VorzeA10CycloneCmd',
  object({ Id: clientId, DeviceIndex: u32, Speed: integer(0, 99), Clockwise: boolean }),
);

const commandString = object({ Id: clientId, DeviceIndex: u32, Command: string });
/** Command is parsed by convertUp ("0"–"4"); an unparsable one is an ERROR_MSG from there. */
export const KiirooCmd = deviceCommand('KiirooCmd', commandString);
const LovenseCmd = refusedWith(failure('THRUM_ERR_RAW_UNSUPPORTED', 'LovenseCmd'), commandString);

/** RequestServerInfo without a version field: the client speaks v0. */
const requestServerInfoBody: Check<RequestServerInfoV0> = object({ Id: clientId, ClientName: string });
const RequestServerInfo: MessageDef = message(requestServerInfoBody, (body, id) => ({
  kind: 'RequestServerInfo',
  id,
  clientName: body.ClientName,
  version: 0,
  minor: 0,
}));

export const V0 = table({
  RequestServerInfo,
  Ping,
  StartScanning,
  StopScanning,
  RequestDeviceList,
  StopAllDevices,
  StopDeviceCmd,
  SingleMotorVibrateCmd,
  FleshlightLaunchFW12Cmd,
  VorzeA10CycloneCmd,
  KiirooCmd,
  LovenseCmd,
  RequestLog,
  Test,
});
