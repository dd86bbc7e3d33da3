// From frame text to checked client requests. Each message is one object with exactly one key,
// the message name; its body is checked by the definition in the session's version table
// (v0.ts … v4.ts). Every rejection is a DecodeError carrying the message's Id when it could be
// read, so the session can answer with an Error for that Id and go on.

import { failure, type Failure } from '../core/index.js';
import type { VersionTable } from './definition.js';
import type { ClientRequest, DecodeError, SpecVersion } from './types.js';
import { isPlainObject, U32_MAX } from './validate.js';
import { V0 } from './v0.js';
import { V1 } from './v1.js';
import { V2 } from './v2.js';
import { V3 } from './v3.js';
import { V4 } from './v4.js';

const TABLES: Readonly<Record<SpecVersion, VersionTable>> = [V0, V1, V2, V3, V4];

/** Messages only servers send, in any spec version. */
const SERVER_ONLY: ReadonlySet<string> = new Set([
  'Ok',
  'Error',
  'ServerInfo',
  'DeviceList',
  'DeviceAdded',
  'DeviceRemoved',
  'ScanningFinished',
  'Log',
  'BatteryLevelReading',
  'RSSILevelReading',
  'SensorReading',
  'RawReading',
  'InputReading',
]);

/** Raw device access, in whichever version defined it (RawCmd v0, Raw*Cmd v2–v3). */
const RAW: ReadonlySet<string> = new Set([
  'RawCmd',
  'RawWriteCmd',
  'RawReadCmd',
  'RawSubscribeCmd',
  'RawUnsubscribeCmd',
]);

const NAME_LIMIT = 64;

function shown(name: string): string {
  return name.length > NAME_LIMIT ? `${name.slice(0, NAME_LIMIT)}…` : name;
}

function decodeError(id: number, reason: Failure): DecodeError {
  return { kind: 'Error', id, failure: reason };
}

const BAD_MESSAGE: DecodeError = Object.freeze(decodeError(0, failure('THRUM_ERR_BAD_MESSAGE')));
const BAD_FRAME: DecodeError = Object.freeze(decodeError(0, failure('THRUM_ERR_BAD_FRAME')));

/** The Id of a body when it is a valid client Id, else 0 (spec status.md, Error). */
function readId(body: unknown): number {
  if (!isPlainObject(body)) return 0;
  const id = body.Id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 1 && id <= U32_MAX ? id : 0;
}

/** The single key of a message object, or undefined when it is not exactly one. */
function messageName(raw: Readonly<Record<string, unknown>>): string | undefined {
  let name: string | undefined;
  for (const key in raw) {
    if (name !== undefined) return undefined;
    name = key;
  }
  return name;
}

function notInVersion(name: string, version: SpecVersion, id: number): DecodeError {
  if (SERVER_ONLY.has(name)) return decodeError(id, failure('THRUM_ERR_NOT_CLIENT_MESSAGE', name));
  if (RAW.has(name)) return decodeError(id, failure('THRUM_ERR_RAW_UNSUPPORTED', name));
  return decodeError(id, failure('THRUM_ERR_UNKNOWN_MESSAGE', shown(name), version));
}

/**
 * Parse one text frame: a JSON array of at least one message. The messages are returned
 * unchecked; pass each to decodeHandshake / decodeMessage.
 */
export function parseJsonFrame(text: string): unknown[] | DecodeError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return decodeError(0, failure('THRUM_ERR_BAD_JSON', err instanceof Error ? err.message : String(err)));
  }
  return Array.isArray(parsed) && parsed.length > 0 ? parsed : BAD_FRAME;
}

/**
 * Decode the first message of a connection, before the spec version is known. Only
 * RequestServerInfo is accepted, in any version's shape: ProtocolVersionMajor/Minor (v4),
 * MessageVersion (v1–v3) or neither (v0), as the reference server tells them apart.
 */
export function decodeHandshake(raw: unknown): ClientRequest | DecodeError {
  if (!isPlainObject(raw)) return BAD_MESSAGE;
  const name = messageName(raw);
  if (name === undefined) return BAD_MESSAGE;
  const body = raw[name];
  const id = readId(body);
  if (name !== 'RequestServerInfo')
    return decodeError(id, failure('THRUM_ERR_HANDSHAKE_REQUIRED', shown(name)));
  let version: SpecVersion = 0;
  if (isPlainObject(body)) {
    if (body.ProtocolVersionMajor !== undefined) version = 4;
    else if (body.MessageVersion !== undefined) version = 1;
  }
  const def = TABLES[version].get(name)!;
  return def.decode(body, id, version, name);
}

/** Decode one message of a session that speaks `version`. */
export function decodeMessage(raw: unknown, version: SpecVersion): ClientRequest | DecodeError {
  if (!isPlainObject(raw)) return BAD_MESSAGE;
  const name = messageName(raw);
  if (name === undefined) return BAD_MESSAGE;
  const body = raw[name];
  const id = readId(body);
  const def = TABLES[version].get(name);
  if (def === undefined) return notInVersion(name, version, id);
  return def.decode(body, id, version, name);
}
