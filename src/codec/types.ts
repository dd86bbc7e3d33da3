// The codec's public types: what the session gets from a decoded client message, and what the
// codec needs to phrase server messages. The session never looks at wire shapes itself.

import type { DeviceDescriptor, Failure, InputCommand, InputType, OutputCommand } from '../core/index.js';
import type { Checked } from './convert.js';
import type {
  CommandStringV0,
  FleshlightLaunchFW12CmdV0,
  SingleMotorVibrateCmdV0,
  VorzeA10CycloneCmdV0,
} from './v0.js';
import type { LinearCmdV1, RotateCmdV1, VibrateCmdV1 } from './v1.js';
import type { BatteryLevelCmdV2 } from './v2.js';
import type { ScalarCmdV3, SensorCmdV3 } from './v3.js';
import type { InputCmdV4, OutputCmdV4 } from './v4.js';

export type SpecVersion = 0 | 1 | 2 | 3 | 4;
export const MAX_SPEC_VERSION: SpecVersion = 4;

export function isSpecVersion(n: number): n is SpecVersion {
  return Number.isInteger(n) && n >= 0 && n <= MAX_SPEC_VERSION;
}

/**
 * The body of every device command thrum converts, by wire name: the version's message type, as
 * its check lets it through. (LovenseCmd and RSSILevelCmd are checked, then refused by the
 * decoder, so they never become device commands.)
 */
export interface DeviceCommandBodies {
  readonly SingleMotorVibrateCmd: SingleMotorVibrateCmdV0;
  readonly FleshlightLaunchFW12Cmd: FleshlightLaunchFW12CmdV0;
  readonly VorzeA10CycloneCmd: VorzeA10CycloneCmdV0;
  readonly KiirooCmd: CommandStringV0;
  readonly VibrateCmd: VibrateCmdV1;
  readonly LinearCmd: LinearCmdV1;
  readonly RotateCmd: RotateCmdV1;
  readonly BatteryLevelCmd: BatteryLevelCmdV2;
  readonly ScalarCmd: ScalarCmdV3;
  readonly SensorReadCmd: SensorCmdV3;
  readonly SensorSubscribeCmd: SensorCmdV3;
  readonly SensorUnsubscribeCmd: SensorCmdV3;
  readonly OutputCmd: OutputCmdV4;
  readonly InputCmd: InputCmdV4;
}

export type DeviceCommandName = keyof DeviceCommandBodies;

/** One device command, still in its spec version's terms: `body` is the checked wire body. */
export interface DeviceCommandOf<N extends DeviceCommandName> {
  readonly name: N;
  readonly version: SpecVersion;
  readonly body: DeviceCommandBodies[N];
}

/**
 * A device command still in its spec version's terms. Opaque to the session: it is handed back to
 * `convertUp` together with the target device's descriptor. Only the decoder makes them
 * (definition.ts `deviceCommand`), from a check for exactly that name's body, which is what keeps
 * `name` and `body` matched.
 */
export type DeviceCommand = DeviceCommandOf<DeviceCommandName>;

/** A validated client message in a version-independent form. */
export type ClientRequest =
  | {
      readonly kind: 'RequestServerInfo';
      readonly id: number;
      readonly clientName: string;
      /** The spec version the client asked for (0 when it sent no version). */
      readonly version: number;
      readonly minor: number;
    }
  | { readonly kind: 'Ping'; readonly id: number }
  | { readonly kind: 'StartScanning'; readonly id: number }
  | { readonly kind: 'StopScanning'; readonly id: number }
  | { readonly kind: 'RequestDeviceList'; readonly id: number }
  /** StopAllDevices (v0–v3) and StopCmd without DeviceIndex (v4): scoped to the sender. */
  | { readonly kind: 'StopAll'; readonly id: number; readonly outputs: boolean; readonly inputs: boolean }
  /** StopDeviceCmd, StopCmd with DeviceIndex (and maybe FeatureIndex): for everyone. */
  | {
      readonly kind: 'StopDevice';
      readonly id: number;
      readonly device: number;
      readonly feature?: number;
      readonly outputs: boolean;
      readonly inputs: boolean;
    }
  | { readonly kind: 'Disconnect'; readonly id: number }
  | { readonly kind: 'RequestLog'; readonly id: number; readonly level: string }
  | { readonly kind: 'Test'; readonly id: number; readonly testString: string }
  | {
      readonly kind: 'DeviceCommand';
      readonly id: number;
      readonly device: number;
      readonly command: DeviceCommand;
    };

/** A decode failure that still knows the message's Id where it could be read (else 0). */
export interface DecodeError {
  readonly kind: 'Error';
  readonly id: number;
  readonly failure: Failure;
}

/**
 * How to phrase a reading for the client that asked, decided at convertUp time:
 * BatteryLevelReading (v2), RSSILevelReading (v2), SensorReading (v3), InputReading (v4).
 */
export interface ReadingReply {
  readonly message: 'BatteryLevelReading' | 'RSSILevelReading' | 'SensorReading' | 'InputReading';
  readonly deviceIndex: number;
  /** v3 SensorIndex or v4 FeatureIndex, as the client named it. */
  readonly index: number;
  readonly type: InputType;
  /** The input's value range (to scale battery to 0..1 for v2). */
  readonly range: readonly [number, number];
}

/** convertUp's answer; only convertUp makes Checked commands (see convert.ts `Checked`). */
export type Converted =
  | { readonly kind: 'outputs'; readonly commands: ReadonlyArray<Checked<OutputCommand>> }
  | { readonly kind: 'input'; readonly command: Checked<InputCommand>; readonly reply: ReadingReply }
  | { readonly kind: 'stopDevice' }
  | { readonly kind: 'failure'; readonly failure: Failure };

/** A device as listed to clients. */
export interface DeviceEntry {
  readonly index: number;
  readonly descriptor: DeviceDescriptor;
}

/** A server message in wire shape, e.g. `{ Ok: { Id: 1 } }`. */
export type ServerMessage = Readonly<Record<string, Readonly<Record<string, unknown>>>>;
