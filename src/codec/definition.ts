// The shape every per-version file (v0.ts … v4.ts) fills in: for each client message name, one
// precompiled body check and a builder from the checked wire body to a ClientRequest.

import { failure, type Failure, INPUT_TYPES, OUTPUT_TYPES } from '../core/index.js';
import type {
  ClientRequest,
  DecodeError,
  DeviceCommandBodies,
  DeviceCommandName,
  SpecVersion,
} from './types.js';
import { type Check, issuePath, nameTable } from './validate.js';

export interface MessageDef {
  /**
   * Check the body of message `name` and build the request from it, or the Error to answer with:
   * the field the check refused, or the refusal of a message that is checked and then refused
   * (see `refused`). Each definition closes over its own typed check and builder, so the body
   * reaches the builder as the version's message type.
   */
  readonly decode: (
    body: unknown,
    id: number,
    version: SpecVersion,
    name: string,
  ) => ClientRequest | DecodeError;
  /**
   * Set on messages the version defines but thrum (like the reference server) refuses after
   * validating them: what `decode` answers for a body that passes the check.
   */
  readonly refused?: Failure;
}

export type VersionTable = ReadonlyMap<string, MessageDef>;

function invalidField(
  check: Check<unknown>,
  raw: unknown,
  id: number,
  name: string,
): DecodeError | undefined {
  const found = check(raw);
  return found === undefined
    ? undefined
    : {
        kind: 'Error',
        id,
        failure: failure('THRUM_ERR_INVALID_FIELD', issuePath(name, found), found.reason),
      };
}

/** A message checked by `check`, then built by `build` from the body as the check narrowed it. */
export function message<T>(
  check: Check<T>,
  build: (body: T, id: number, version: SpecVersion) => ClientRequest,
): MessageDef {
  return {
    decode: (raw, id, version, name) => {
      const bad = invalidField(check, raw, id, name);
      // The one cast between the wire and the typed body, and why it holds: `check` is a Check<T>,
      // and it found nothing wrong with `raw`, so `raw` is a T.
      return bad ?? build(raw as T, id, version);
    },
  };
}

export function table(entries: Readonly<Record<string, MessageDef>>): VersionTable {
  return new Map(Object.entries(entries));
}

/** The same table without some names (what a later version dropped). */
export function without(base: VersionTable, ...names: string[]): Record<string, MessageDef> {
  const out: Record<string, MessageDef> = {};
  for (const [name, def] of base) if (!names.includes(name)) out[name] = def;
  return out;
}

/** Messages whose whole content is their Id. */
export function idOnly(
  check: Check<unknown>,
  kind: 'Ping' | 'StartScanning' | 'StopScanning' | 'RequestDeviceList' | 'Disconnect',
): MessageDef {
  return message(check, (_body, id) => ({ kind, id }));
}

/**
 * A device command: handed to the session as-is and converted by `convertUp` later. The check
 * must let through exactly the version's message type for `name`, which is what ties the name to
 * its body type in the DeviceCommand the session gets.
 */
export function deviceCommand<N extends DeviceCommandName>(
  name: N,
  check: Check<DeviceCommandBodies[N]>,
): MessageDef {
  return message(check, (body, id, version) => ({
    kind: 'DeviceCommand',
    id,
    device: body.DeviceIndex,
    command: { name, version, body },
  }));
}

/** A message that is checked for shape, then answered with `reason` instead of being built. */
export function refusedWith(reason: Failure, check: Check<unknown>): MessageDef {
  return {
    refused: reason,
    decode: (raw, id, _version, name) =>
      invalidField(check, raw, id, name) ?? { kind: 'Error', id, failure: reason },
  };
}

/** A message that is checked for shape, then refused with THRUM_ERR_MESSAGE_RETIRED. */
export function refused(name: string, replacement: string, check: Check<unknown>): MessageDef {
  return refusedWith(failure('THRUM_ERR_MESSAGE_RETIRED', name, replacement), check);
}

// Enumerations as the reference server parses them: the canonical name plus the lower-case alias
// it accepts. "RSSI" is what the JS client libraries (v3 SensorType, v4 InputType) send.
export const INPUT_TYPE_NAMES = nameTable(INPUT_TYPES, {
  battery: 'Battery',
  rssi: 'Rssi',
  RSSI: 'Rssi',
  button: 'Button',
  pressure: 'Pressure',
  depth: 'Depth',
  position: 'Position',
});

export const INPUT_COMMAND_NAMES = nameTable(['Read', 'Subscribe', 'Unsubscribe'] as const, {
  read: 'Read',
  subscribe: 'Subscribe',
  unsubscribe: 'Unsubscribe',
});

/** The output types a v3 ScalarCmd may name (everything but HwPositionWithDuration). */
export const SCALAR_TYPES = [
  'Vibrate',
  'Rotate',
  'Oscillate',
  'Constrict',
  'Temperature',
  'Led',
  'Position',
  'Spray',
] as const;

export const SCALAR_TYPE_NAMES = nameTable(SCALAR_TYPES, {
  vibrate: 'Vibrate',
  rotate: 'Rotate',
  oscillate: 'Oscillate',
  constrict: 'Constrict',
  temperature: 'Temperature',
  led: 'Led',
  position: 'Position',
  spray: 'Spray',
});

export const LOG_LEVELS = ['Off', 'Fatal', 'Error', 'Warn', 'Info', 'Debug', 'Trace'] as const;

/** Every output type by name: the key of a v4 OutputCmd Command, as the check accepted it. */
export const OUTPUT_TYPE_NAMES = nameTable(OUTPUT_TYPES);
