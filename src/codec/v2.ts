// Spec v2 client messages: v1 without the device-specific and single-motor commands and Test,
// plus BatteryLevelCmd and RSSILevelCmd (schema `MessageSpecV2`). The Raw* commands of this
// version are refused for every version in decode.ts.
//
// RSSILevelCmd is checked, then refused as the reference server does: it derives the v2
// RSSILevelCmd attribute from v3 sensors, which only ever hold Battery, so no device offers it,
// and the schema's RSSILevelReading (a 0..1 number) cannot carry a dBm value anyway.

import { deviceCommand, refused, table, without } from './definition.js';
import { deviceBody } from './v0.js';
import type { ClientMessageV1 } from './v1.js';
import { V1 } from './v1.js';

export interface BatteryLevelCmdV2 {
  readonly Id: number;
  readonly DeviceIndex: number;
}

type DroppedInV2 =
  | { readonly SingleMotorVibrateCmd: unknown }
  | { readonly FleshlightLaunchFW12Cmd: unknown }
  | { readonly VorzeA10CycloneCmd: unknown }
  | { readonly KiirooCmd: unknown }
  | { readonly Test: unknown };

export type ClientMessageV2 =
  | Exclude<ClientMessageV1, DroppedInV2>
  | { readonly BatteryLevelCmd: BatteryLevelCmdV2 }
  | { readonly RSSILevelCmd: BatteryLevelCmdV2 };

export const BatteryLevelCmd = deviceCommand('BatteryLevelCmd', deviceBody);
const RSSILevelCmd = refused('RSSILevelCmd', 'InputCmd with Type Rssi (spec v4)', deviceBody);

export const V2 = table({
  ...without(
    V1,
    'SingleMotorVibrateCmd',
    'FleshlightLaunchFW12Cmd',
    'VorzeA10CycloneCmd',
    'KiirooCmd',
    'Test',
  ),
  BatteryLevelCmd,
  RSSILevelCmd,
});
