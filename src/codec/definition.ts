// The shape every per-version file (v0.ts … v4.ts) fills in: for each client message name, one
// precompiled body check and a builder from the checked wire body to a ClientRequest.

import { failure, type Failure, INPUT_TYPES } from '../core/index.js';
import type { ClientRequest, SpecVersion } from './types.js';
import { type Check, nameTable } from './validate.js';

export interface MessageDef {
  readonly check: Check;
  /** Runs only on a body that passed `check`, so it may read fields without testing them. */
  readonly build: (body: WireBody, id: number, version: SpecVersion) => ClientRequest;
  /**
   * Set on messages the version defines but thrum (like the reference server) refuses after
   * validating them; the precomputed failure is returned instead of calling `build`.
   */
  readonly refused?: Failure;
}

/** A checked message body, as on the wire. */
export type WireBody = Readonly<Record<string, unknown>>;

export type VersionTable = ReadonlyMap<string, MessageDef>;

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
export function idOnly(check: Check, kind: 'Ping' | 'StartScanning' | 'StopScanning' | 'RequestDeviceList' | 'Disconnect'): MessageDef {
  return { check, build: (_body, id) => ({ kind, id }) };
}

/** A device command: handed to the session as-is and converted by `convertUp` later. */
export function deviceCommand(name: string, check: Check): MessageDef {
  return {
    check,
    build: (body, id, version) => ({
      kind: 'DeviceCommand',
      id,
      device: body.DeviceIndex as number,
      command: { name, version, body },
    }),
  };
}

/** A message that is checked for shape, then refused with THRUM_ERR_MESSAGE_RETIRED. */
export function refused(name: string, replacement: string, check: Check): MessageDef {
  const reason = failure('THRUM_ERR_MESSAGE_RETIRED', name, replacement);
  return {
    check,
    refused: reason,
    build: () => {
      throw new Error(`${name} is refused and must not be built`);
    },
  };
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

export const INPUT_COMMAND_NAMES = nameTable(['Read', 'Subscribe', 'Unsubscribe'], {
  read: 'Read',
  subscribe: 'Subscribe',
  unsubscribe: 'Unsubscribe',
});

/** The output types a v3 ScalarCmd may name (everything but HwPositionWithDuration). */
export const SCALAR_TYPES = ['Vibrate', 'Rotate', 'Oscillate', 'Constrict', 'Temperature', 'Led', 'Position', 'Spray'] as const;

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
