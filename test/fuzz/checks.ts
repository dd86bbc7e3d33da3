// What the properties assert, as functions returning a list of problems ([] when all holds):
// decodeFrame's contract on any bytes, the Error messages a decode failure becomes, convertUp's
// outputs against a device's ranges, and server frames as a client receives them. Each check
// reads its input independently of the code under test (JSON.parse, a separate msgpack unpacker),
// and validates wire messages against the upstream schema (test/helpers/schema.ts).

import { Unpackr } from 'msgpackr';
import {
  convertUp,
  error as errorMessage,
  serialize,
  serializeMsgpack,
  type ClientRequest,
  type DecodeError,
  type SpecVersion,
} from '../../src/codec/index.js';
import { decodeFrame, NO_VERSION } from '../../src/codec/frame.js';
import { U32_MAX } from '../../src/codec/validate.js';
import { REASONS, type DeviceDescriptor } from '../../src/core/index.js';
import { hasReference } from '../helpers/reference.js';
import { anyVersionValidator, schemaProblems } from '../helpers/schema.js';
import { TABLES, VERSIONS } from './messages.js';

/** How a client reads msgpack: plain maps and arrays (msgpack framing in README.md). */
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });
const textDecoder = new TextDecoder('utf-8', { fatal: false });

const REQUEST_KINDS = new Set([
  'RequestServerInfo',
  'Ping',
  'StartScanning',
  'StopScanning',
  'RequestDeviceList',
  'StopAll',
  'StopDevice',
  'Disconnect',
  'RequestLog',
  'Test',
  'DeviceCommand',
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isU32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= U32_MAX;
}

/** A short, never-throwing rendering for problem texts (values may hold bigints or be huge). */
export function show(v: unknown, max = 300): string {
  let s: string;
  try {
    s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v);
  } catch {
    // Too deep to print (nesting is one of the generated oddities).
    s = Array.isArray(v) ? `[array of ${v.length}, too deep to print]` : `<${typeof v}, too deep to print>`;
  }
  return s.length > max ? `${s.slice(0, max)}…(${s.length} chars)` : s;
}

/** The frame as a client library would read it, or undefined when it is not JSON / msgpack. */
function readFrame(bytes: Uint8Array, binary: boolean): { value: unknown } | undefined {
  try {
    return { value: binary ? unpackr.unpack(bytes) : JSON.parse(textDecoder.decode(bytes)) };
  } catch {
    return undefined;
  }
}

/**
 * The Id an Error about `message` must carry: its body's Id when the message is one
 * `{ Name: { Id, … } }` with an Id that is a valid client Id (an integer 1..2^32-1), else 0.
 */
export function readableId(message: unknown): number {
  if (!isObject(message)) return 0;
  const keys = Object.keys(message);
  if (keys.length !== 1) return 0;
  const body = message[keys[0]!];
  if (!isObject(body)) return 0;
  const id = body.Id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 1 && id <= U32_MAX ? id : 0;
}

// ------------------------------------------------------------------ Error messages

/** Versions whose schema an Error must satisfy: the session's, or every one before the handshake. */
function versionsFor(v: SpecVersion | typeof NO_VERSION): readonly number[] {
  return v === NO_VERSION ? VERSIONS : [v];
}

/** A DecodeError's shape, and the Error message it becomes, in JSON and in msgpack, per schema. */
export function errorProblems(e: DecodeError, version: SpecVersion | typeof NO_VERSION): string[] {
  const problems: string[] = [];
  const f = e.failure as unknown as Record<string, unknown> | undefined;
  if (e.kind !== 'Error' || !isU32(e.id) || !isObject(f)) return [`not a DecodeError: ${show(e)}`];
  const row = (REASONS as Record<string, readonly [number, string]>)[f.reason as string];
  if (row === undefined) problems.push(`unknown reason ${show(f.reason)}`);
  else if (f.code !== row[0]) problems.push(`${String(f.reason)} has code ${show(f.code)}, not ${row[0]}`);
  if (typeof f.message !== 'string') problems.push(`message is not a string: ${show(f.message)}`);
  const message = errorMessage(e.id, e.failure);
  let fromJson: unknown;
  let fromMsgpack: unknown;
  try {
    fromJson = JSON.parse(serialize([message]));
    fromMsgpack = unpackr.unpack(serializeMsgpack([message]));
  } catch (err) {
    return [...problems, `serializing ${show(message)} failed: ${(err as Error).message}`];
  }
  for (const [encoding, frame] of [
    ['JSON', fromJson],
    ['msgpack', fromMsgpack],
  ] as const) {
    if (!Array.isArray(frame) || frame.length !== 1) {
      problems.push(`${encoding} frame of one Error is ${show(frame)}`);
      continue;
    }
    for (const v of versionsFor(version))
      for (const p of schemaProblems(v, frame as object[])) problems.push(`${encoding} v${v}: ${p}`);
  }
  return problems;
}

// ------------------------------------------------------------------ decodeFrame

/**
 * decodeFrame on `bytes` never throws; it returns a frame-level DecodeError (Id 0) exactly when
 * the frame is not a non-empty array, else one entry per message, each a request or a
 * DecodeError carrying the message's readable Id (0 when none); before the handshake only
 * handshakes are requests, and after one the rest decode at the version it fixes. Every Error
 * is well-formed for the version in force.
 */
export function decodeProblems(
  bytes: Uint8Array,
  binary: boolean,
  version: SpecVersion | typeof NO_VERSION,
): string[] {
  let decoded: ReturnType<typeof decodeFrame>;
  try {
    decoded = decodeFrame(bytes, binary, version);
  } catch (err) {
    return [`decodeFrame threw: ${(err as Error).stack ?? String(err)}`];
  }
  const read = readFrame(bytes, binary);
  const messages =
    read !== undefined && Array.isArray(read.value) && read.value.length > 0
      ? (read.value as unknown[])
      : undefined;
  if (!Array.isArray(decoded)) {
    const e = decoded as DecodeError;
    const problems = errorProblems(e, version);
    if (e.id !== 0) problems.push(`frame-level error with Id ${e.id}`);
    if (messages !== undefined)
      problems.push(`frame-level error ${show(e.failure)} for an array of ${messages.length} message(s)`);
    return problems;
  }
  if (messages === undefined)
    return [
      `decoded ${decoded.length} entries from a frame that is not a non-empty array: ${show(read?.value)}`,
    ];
  if (decoded.length !== messages.length)
    return [`${decoded.length} entries for ${messages.length} messages`];
  const problems: string[] = [];
  let v = version;
  decoded.forEach((entry, i) => {
    const where = `message ${i} ${show(messages[i], 120)}`;
    const expectedId = readableId(messages[i]);
    if (entry.kind === 'Error') {
      if (entry.id !== expectedId) problems.push(`${where}: Error Id ${entry.id}, expected ${expectedId}`);
      for (const p of errorProblems(entry, v)) problems.push(`${where}: ${p}`);
      return;
    }
    const req = entry as ClientRequest;
    if (!REQUEST_KINDS.has(req.kind)) problems.push(`${where}: unknown request kind ${show(req.kind)}`);
    if (req.id !== expectedId || expectedId === 0)
      problems.push(`${where}: request Id ${req.id}, expected ${expectedId}`);
    if (v === NO_VERSION) {
      if (req.kind !== 'RequestServerInfo')
        problems.push(`${where}: ${req.kind} accepted before the handshake`);
      else if (req.version <= 4) v = req.version as SpecVersion;
      return;
    }
    if (req.kind === 'DeviceCommand') {
      if (req.command.version !== v)
        problems.push(`${where}: decoded at v${req.command.version} in a v${v} session`);
      if (!isU32(req.device)) problems.push(`${where}: device index ${show(req.device)}`);
      if (!TABLES[v]!.has(req.command.name))
        problems.push(`${where}: ${req.command.name} is not a v${v} message`);
    }
  });
  return problems;
}

// ------------------------------------------------------------------ convertUp

/**
 * convertUp of a decoded device command for `device` never throws; every output it produces
 * names a feature of the device that has that output type, with an integer value (and a
 * duration, for timed moves) inside the feature's ranges; every input names a feature with that
 * input and command; every failure is a well-formed Error at `version`.
 */
export function convertProblems(
  req: Extract<ClientRequest, { kind: 'DeviceCommand' }>,
  device: DeviceDescriptor,
  version: SpecVersion,
): string[] {
  let converted: ReturnType<typeof convertUp>;
  try {
    converted = convertUp(req.command, device, req.device, new Map());
  } catch (err) {
    return [`convertUp threw: ${(err as Error).stack ?? String(err)}`];
  }
  const problems: string[] = [];
  const feature = (index: number) => device.features.find((f) => f.index === index);
  switch (converted.kind) {
    case 'outputs':
      for (const c of converted.commands) {
        const spec = feature(c.feature)?.output?.[c.type];
        if (spec === undefined) {
          problems.push(`output ${show(c)}: ${device.name} has no ${c.type} on feature ${c.feature}`);
          continue;
        }
        const [min, max] = spec.value;
        if (!Number.isInteger(c.value) || c.value < min || c.value > max)
          problems.push(`output ${show(c)}: value outside [${min}, ${max}]`);
        if (c.type === 'HwPositionWithDuration') {
          const [dMin, dMax] = spec.duration ?? [0, U32_MAX];
          if (!Number.isInteger(c.duration) || c.duration! < dMin || c.duration! > dMax)
            problems.push(`output ${show(c)}: duration outside [${dMin}, ${dMax}]`);
        } else if (c.duration !== undefined)
          problems.push(`output ${show(c)}: a duration on a ${c.type} output`);
      }
      break;
    case 'input': {
      const spec = feature(converted.command.feature)?.input?.[converted.command.type];
      const command = converted.command.command === 'Unsubscribe' ? 'Subscribe' : converted.command.command;
      if (spec === undefined || !spec.command.includes(command))
        problems.push(`input ${show(converted.command)}: not offered by ${device.name}`);
      if (converted.reply.deviceIndex !== req.device)
        problems.push(`reading reply for device ${converted.reply.deviceIndex}, asked ${req.device}`);
      break;
    }
    case 'failure':
      problems.push(...errorProblems({ kind: 'Error', id: req.id, failure: converted.failure }, version));
      break;
    case 'stopDevice':
      problems.push('convertUp returned stopDevice (stops decode as StopDevice requests)');
      break;
  }
  return problems;
}

// ------------------------------------------------------------------ server frames, as received

/** A connection's view of the spec version: unknown until a ServerInfo arrives. */
export interface ReceiveState {
  version: number | undefined;
}

/** The version a ServerInfo fixes (v4 names ProtocolVersionMajor, v0–v3 MessageVersion). */
function serverInfoVersion(body: Record<string, unknown>): number | undefined {
  const v = body.ProtocolVersionMajor ?? body.MessageVersion;
  return typeof v === 'number' ? v : undefined;
}

/**
 * One frame the server sent: of the connection's kind, a non-empty array (JSON or msgpack) of
 * `{ Name: { Id, … } }` messages, each valid in the upstream schema for the session's version
 * (any version's, before the ServerInfo).
 */
export function serverFrameProblems(
  data: Buffer,
  binary: boolean,
  expectBinary: boolean,
  state: ReceiveState,
): string[] {
  if (binary !== expectBinary)
    return [`a ${binary ? 'binary' : 'text'} frame on a ${expectBinary ? 'msgpack' : 'JSON'} connection`];
  const read = readFrame(data, binary);
  if (read === undefined)
    return [
      `unreadable ${binary ? 'msgpack' : 'JSON'} frame: ${show(binary ? data.toString('hex') : data.toString('utf8'))}`,
    ];
  const frame = read.value;
  if (!Array.isArray(frame) || frame.length === 0) return [`not a non-empty array: ${show(frame)}`];
  const problems: string[] = [];
  for (const m of frame) {
    const keys = isObject(m) ? Object.keys(m) : [];
    const body = keys.length === 1 ? (m as Record<string, unknown>)[keys[0]!] : undefined;
    if (!isObject(body) || !isU32(body.Id)) {
      problems.push(`malformed message ${show(m)}`);
      continue;
    }
    if (keys[0] === 'ServerInfo') state.version = serverInfoVersion(body);
    if (!hasReference) continue;
    if (state.version === undefined) {
      const validate = anyVersionValidator();
      if (!validate([m]))
        problems.push(`${show(m)}: valid in no spec version: ${show(validate.errors?.slice(0, 3))}`);
    } else
      for (const p of schemaProblems(state.version, [m as object])) problems.push(`v${state.version}: ${p}`);
  }
  return problems;
}
