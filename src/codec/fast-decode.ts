// The device commands clients stream, decoded straight from the frame's bytes, JSON text or
// msgpack. A streaming client sends the same few messages at tens of frames a second (ScalarCmd or
// VibrateCmd at v3, OutputCmd at v4, LinearCmd from stroker and funscript players, Ping), and for
// those the general path costs more than everything else a command does: JSON.parse (or msgpackr)
// building objects key by key, then the checks walking those objects again (measured on a v3
// ScalarCmd frame: 3.2 µs for the general path, of which JSON.parse alone is 2.2 µs).
//
// Here each of those messages is read by a parser that knows its shape: keys in any order (and
// any JSON whitespace), each value checked as it is read against the same rules as the version's
// definition (v0.ts … v4.ts), and the body built as object literals of fixed shape. Anything
// outside that (another message, an unknown or repeated key, a string escape or non-ASCII, a JSON
// number of more than 15 significant digits, a msgpack float32 or 64-bit integer, a value the check
// refuses, bad syntax) sends the whole frame the general way, which then answers exactly as it
// always has: this path only ever answers what the general one would (test/codec/fast-decode.test.ts
// holds it to that on generated frames, in both encodings).
//
// The token layer reads either encoding; the message readers after it are written once, for both.
// State lives in module variables (one frame at a time per thread, nothing kept after it): no
// cursor object per frame, no closure per field.

import { OUTPUT_TYPES, type OutputType } from '../core/index.js';
import { SCALAR_TYPE_NAMES, type MessageDef, type VersionTable } from './definition.js';
import type { ClientRequest, DeviceCommandBodies, DeviceCommandName, SpecVersion } from './types.js';
import { I32_MAX, I32_MIN, U32_MAX } from './validate.js';
import { Ping, V0 } from './v0.js';
import {
  LinearCmd,
  RotateCmd,
  V1,
  VibrateCmd,
  type LinearCmdV1,
  type RotateCmdV1,
  type VibrateCmdV1,
} from './v1.js';
import { V2 } from './v2.js';
import { ScalarCmd, V3, type ScalarCmdV3 } from './v3.js';
import { OutputCmd, V4, type OutputCmdV4 } from './v4.js';

// ------------------------------------------------------------------ tokens

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

/** Where the frame being read is, how far it has been read, and in which encoding. */
const cur = { buf: new Uint8Array(0) as Uint8Array, pos: 0, end: 0, binary: false };

/** msgpack: items left in each open map (fields) or array, innermost last. */
const remaining = new Int32Array(16);
let depth = 0;

function skipWhitespace(): void {
  const buf = cur.buf;
  const end = cur.end;
  let pos = cur.pos;
  while (pos < end) {
    const b = buf[pos]!;
    // JSON whitespace: space, tab, line feed, carriage return.
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) break;
    pos++;
  }
  cur.pos = pos;
}

/** JSON: consume `byte` (after whitespace); false when the next byte is anything else. */
function take(byte: number): boolean {
  let pos = cur.pos;
  // Compact JSON has no whitespace: look before skipping.
  if (cur.buf[pos] !== byte) {
    skipWhitespace();
    pos = cur.pos;
    if (pos >= cur.end || cur.buf[pos] !== byte) return false;
  }
  cur.pos = pos + 1;
  return true;
}

/** msgpack: an unsigned big-endian integer of `width` bytes at the cursor, else −1. */
function readLength(width: number): number {
  const buf = cur.buf;
  const pos = cur.pos;
  if (pos + width > cur.end) return -1;
  cur.pos = pos + width;
  if (width === 1) return buf[pos]!;
  if (width === 2) return (buf[pos]! << 8) | buf[pos + 1]!;
  return buf[pos]! * 0x1000000 + ((buf[pos + 1]! << 16) | (buf[pos + 2]! << 8) | buf[pos + 3]!);
}

/** msgpack: open a map or array whose header says it has `items` (−1: not one), counted down by next(). */
function openContainer(items: number): boolean {
  if (items < 0 || depth === remaining.length) return false;
  remaining[depth++] = items;
  return true;
}

/** msgpack: the item count of a map (`map`) or array header at the cursor, else −1. */
function containerHeader(map: boolean): number {
  if (cur.pos >= cur.end) return -1;
  const b = cur.buf[cur.pos++]!;
  const fix = map ? 0x80 : 0x90;
  if (b >= fix && b <= fix + 0x0f) return b & 0x0f;
  if (b === (map ? 0xde : 0xdc)) return readLength(2);
  if (b === (map ? 0xdf : 0xdd)) return readLength(4);
  return -1;
}

/** Open an object (a msgpack map); false when the next value is not one. */
function openObject(): boolean {
  return cur.binary ? openContainer(containerHeader(true)) : take(OPEN_BRACE);
}

/** Open an array; false when the next value is not one. */
function openArray(): boolean {
  return cur.binary ? openContainer(containerHeader(false)) : take(OPEN_BRACKET);
}

/** msgpack: 1 = another item of the innermost container follows, 0 = it ended. */
function nextOf(): number {
  if (remaining[depth - 1] === 0) {
    depth--;
    return 0;
  }
  remaining[depth - 1]!--;
  return 1;
}

/**
 * After opening a container or reading one of its items: 1 = another item follows, 0 = the
 * container ended (JSON: at `close`), −1 = bad syntax.
 */
function next(close: number, first: boolean): number {
  if (cur.binary) return nextOf();
  skipWhitespace();
  if (cur.pos >= cur.end) return -1;
  if (cur.buf[cur.pos] === close) {
    cur.pos++;
    return 0;
  }
  if (first) return 1;
  if (cur.buf[cur.pos] !== COMMA) return -1;
  cur.pos++;
  return 1;
}

/** next() for an array. */
function nextItem(first: boolean): number {
  return next(CLOSE_BRACKET, first);
}

/** next() for an object (its fields). */
function nextField(first: boolean): number {
  return next(CLOSE_BRACE, first);
}

/** A name to match strings against (printable ASCII, no backslash). */
interface Name {
  readonly text: string;
  readonly length: number;
}

function names(...texts: string[]): readonly Name[] {
  return texts.map((text) => ({ text, length: text.length }));
}

/**
 * Read a string and return the index of the entry of `candidates` it spells, else −1 (any other
 * string: this path does not read it). Only a string equal to a name matches, so a match is
 * printable ASCII without escapes; escapes and non-ASCII never match and go the general path.
 */
function readName(candidates: readonly Name[]): number {
  const buf = cur.buf;
  const end = cur.end;
  let start: number;
  let length: number;
  if (cur.binary) {
    if (cur.pos >= end) return -1;
    const b = buf[cur.pos++]!;
    if (b >= 0xa0 && b <= 0xbf) length = b & 0x1f;
    else if (b === 0xd9) length = readLength(1);
    else return -1; // longer strings are no name of ours
    start = cur.pos;
    if (length < 0 || start + length > end) return -1;
    cur.pos = start + length;
  } else {
    if (!take(QUOTE)) return -1;
    start = cur.pos;
    let stop = start;
    // The first quote ends it; an escaped one leaves a backslash before it, which no name has.
    while (stop < end && buf[stop] !== QUOTE) stop++;
    if (stop >= end) return -1;
    length = stop - start;
    cur.pos = stop + 1;
  }
  for (let c = 0; c < candidates.length; c++) {
    const name = candidates[c]!;
    if (name.length !== length) continue;
    const text = name.text;
    let i = 0;
    while (i < length && text.charCodeAt(i) === buf[start + i]) i++;
    if (i === length) return c;
  }
  return -1;
}

/** A key (and, in JSON, its colon): the index in `keys`, else −1. */
function readKey(keys: readonly Name[]): number {
  const k = readName(keys);
  return k >= 0 && (cur.binary || take(COLON)) ? k : -1;
}

// Exact powers of ten: every one up to 1e22 is a double without rounding.
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);
/** Significant digits that always fit a double's 53-bit integer range exactly. */
const MAX_DIGITS = 15;

/** A number, the same double the general path's parser gives, or NaN for anything else. */
function readNumber(): number {
  return cur.binary ? readMsgpackNumber() : readJsonNumber();
}

/**
 * A JSON number, or NaN for anything this path does not read (bad syntax, more than MAX_DIGITS
 * significant digits, a decimal exponent beyond ±22). With at most 15 digits the digits are an
 * exact integer m and 10^|e| is exact, so m × 10^e or m ÷ 10^−e is one correctly rounded
 * operation: the correctly rounded value of the decimal, which is what JSON.parse returns.
 */
function readJsonNumber(): number {
  skipWhitespace();
  const buf = cur.buf;
  const end = cur.end;
  let pos = cur.pos;
  let negative = false;
  if (pos < end && buf[pos] === MINUS) {
    negative = true;
    pos++;
  }
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  if (pos >= end) return Number.NaN;
  let b = buf[pos]!;
  if (b === ZERO) {
    pos++;
  } else if (b > ZERO && b <= NINE) {
    while (pos < end && (b = buf[pos]!) >= ZERO && b <= NINE) {
      // Leading digits beyond 15 would need rounding of their own.
      if (++digits > MAX_DIGITS) return Number.NaN;
      mantissa = mantissa * 10 + (b - ZERO);
      pos++;
    }
  } else return Number.NaN;
  if (pos < end && buf[pos] === DOT) {
    const first = ++pos;
    while (pos < end && (b = buf[pos]!) >= ZERO && b <= NINE) {
      // Zeros before the first significant digit cost no precision.
      if ((mantissa !== 0 || b !== ZERO) && ++digits > MAX_DIGITS) return Number.NaN;
      mantissa = mantissa * 10 + (b - ZERO);
      exponent--;
      pos++;
    }
    if (pos === first) return Number.NaN; // "1." is not JSON
  }
  if (pos < end && (buf[pos] === LOWER_E || buf[pos] === UPPER_E)) {
    pos++;
    let negativeExponent = false;
    if (pos < end && (buf[pos] === PLUS || buf[pos] === MINUS)) negativeExponent = buf[pos++] === MINUS;
    const first = pos;
    let e = 0;
    while (pos < end && (b = buf[pos]!) >= ZERO && b <= NINE) {
      e = e * 10 + (b - ZERO);
      if (e > 1000) return Number.NaN;
      pos++;
    }
    if (pos === first) return Number.NaN;
    exponent += negativeExponent ? -e : e;
  }
  cur.pos = pos;
  let value: number;
  if (mantissa === 0) value = 0;
  else if (exponent === 0) value = mantissa;
  else if (exponent > 0 && exponent <= 22) value = mantissa * POWERS_OF_TEN[exponent]!;
  else if (exponent < 0 && exponent >= -22) value = mantissa / POWERS_OF_TEN[-exponent]!;
  else return Number.NaN;
  return negative ? -value : value;
}

/** The eight bytes of a float64, reassembled in the machine's order. */
const float64 = new Float64Array(1);
const float64Bytes = new Uint8Array(float64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A msgpack integer of up to 32 bits or a float64, or NaN for anything else: float32 and 64-bit
 * integers are left to msgpackr, whose own conversions decide what they become.
 */
function readMsgpackNumber(): number {
  const buf = cur.buf;
  const pos = cur.pos;
  if (pos >= cur.end) return Number.NaN;
  const b = buf[pos]!;
  cur.pos = pos + 1;
  if (b <= 0x7f) return b; // positive fixint
  if (b >= 0xe0) return b - 0x100; // negative fixint
  switch (b) {
    case 0xcc:
      return orNaN(readLength(1));
    case 0xcd:
      return orNaN(readLength(2));
    case 0xce:
      return orNaN(readLength(4));
    case 0xd0: {
      const v = readLength(1);
      return v < 0 ? Number.NaN : (v << 24) >> 24;
    }
    case 0xd1: {
      const v = readLength(2);
      return v < 0 ? Number.NaN : (v << 16) >> 16;
    }
    case 0xd2: {
      const v = readLength(4);
      return v < 0 ? Number.NaN : v | 0;
    }
    case 0xcb: {
      if (pos + 9 > cur.end) return Number.NaN;
      for (let i = 0; i < 8; i++) float64Bytes[LITTLE_ENDIAN ? 7 - i : i] = buf[pos + 1 + i]!;
      cur.pos = pos + 9;
      return float64[0]!;
    }
    default:
      return Number.NaN;
  }
}

/** readLength's −1 (the frame ended inside the number) as NaN. */
function orNaN(length: number): number {
  return length < 0 ? Number.NaN : length;
}

/** An integer in [min, max] (validate.ts `integer`), else NaN. */
function readInteger(min: number, max: number): number {
  const v = readNumber();
  return Number.isInteger(v) && v >= min && v <= max ? v : Number.NaN;
}

/** A number in [0, 1] (validate.ts `unit`), else NaN. */
function readUnit(): number {
  const v = readNumber();
  return v >= 0 && v <= 1 ? v : Number.NaN;
}

const TRUE = new TextEncoder().encode('true');
const FALSE = new TextEncoder().encode('false');

/** 1 for true, 0 for false, −1 for anything else. */
function readBoolean(): number {
  if (cur.binary) {
    const b = cur.buf[cur.pos++];
    return b === 0xc3 ? 1 : b === 0xc2 ? 0 : -1;
  }
  skipWhitespace();
  const word = cur.buf[cur.pos] === 0x74 ? TRUE : cur.buf[cur.pos] === 0x66 ? FALSE : null;
  if (word === null || cur.pos + word.length > cur.end) return -1;
  for (let i = 0; i < word.length; i++) if (cur.buf[cur.pos + i] !== word[i]) return -1;
  cur.pos += word.length;
  return word === TRUE ? 1 : 0;
}

// ------------------------------------------------------------------ bodies

// A body reader consumes one message body and says whether it was read and passed. Fields may
// come in any order; each must come exactly once (a repeated key goes the general way, where
// JSON.parse keeps the last one); `seen` holds a bit per field. What was read is left in the
// module variables below, from which the message's reader builds the body.

let bodyId = 0;
let bodyDevice = 0;

/** `{"Id": clientId}` and nothing else (Ping). */
function readIdOnly(): boolean {
  if (!openObject()) return false;
  let seen = 0;
  for (let step = nextField(true); step !== 0; step = nextField(false)) {
    if (step < 0 || seen !== 0 || readKey(ID_ONLY_KEYS) !== 0) return false;
    seen = 1;
    bodyId = readInteger(1, U32_MAX);
    if (Number.isNaN(bodyId)) return false;
  }
  return seen === 1;
}
const ID_ONLY_KEYS = names('Id');

/**
 * A device command body: Id (clientId) and DeviceIndex (u32) are keys 0 and 1 of `keys`, read
 * here; every other key is read by `readField` (a module-level function: no closure per frame).
 */
function readCommandBody(keys: readonly Name[], readField: (key: number) => boolean): boolean {
  if (!openObject()) return false;
  let seen = 0;
  for (let step = nextField(true); step !== 0; step = nextField(false)) {
    if (step < 0) return false;
    const key = readKey(keys);
    if (key < 0 || (seen & (1 << key)) !== 0) return false;
    seen |= 1 << key;
    if (key === 0) {
      bodyId = readInteger(1, U32_MAX);
      if (Number.isNaN(bodyId)) return false;
    } else if (key === 1) {
      bodyDevice = readInteger(0, U32_MAX);
      if (Number.isNaN(bodyDevice)) return false;
    } else if (!readField(key)) return false;
  }
  return seen === (1 << keys.length) - 1;
}

/** The values of the list entry being read, by key index (names and booleans as numbers). */
const entryValues: number[] = [0, 0, 0];

/**
 * A list of objects with exactly the fields `keys`, each value read by `readValue(key)` (NaN:
 * refused) into entryValues and built by `build`; null unless it has at least `minItems`.
 */
function readList<T>(
  keys: readonly Name[],
  readValue: (key: number) => number,
  build: (values: readonly number[]) => T,
  minItems: number,
): T[] | null {
  if (!openArray()) return null;
  const list: T[] = [];
  const all = (1 << keys.length) - 1;
  for (let step = nextItem(true); step !== 0; step = nextItem(false)) {
    if (step < 0 || !openObject()) return null;
    let seen = 0;
    for (let f = nextField(true); f !== 0; f = nextField(false)) {
      if (f < 0) return null;
      const key = readKey(keys);
      if (key < 0 || (seen & (1 << key)) !== 0) return null;
      seen |= 1 << key;
      const v = readValue(key);
      if (Number.isNaN(v)) return null;
      entryValues[key] = v;
    }
    if (seen !== all) return null;
    list.push(build(entryValues));
  }
  return list.length >= minItems ? list : null;
}

// VibrateCmd (v1–v3): Speeds, at least one {Index: u32, Speed: 0–1}.
const VIBRATE_KEYS = names('Id', 'DeviceIndex', 'Speeds');
const SPEED_KEYS = names('Index', 'Speed');
let speeds: VibrateCmdV1['Speeds'] = [];
const readSpeed = (key: number): number => (key === 0 ? readInteger(0, U32_MAX) : readUnit());
const buildSpeed = (v: readonly number[]): VibrateCmdV1['Speeds'][number] => ({ Index: v[0]!, Speed: v[1]! });
function readSpeeds(): boolean {
  const list = readList(SPEED_KEYS, readSpeed, buildSpeed, 1);
  if (list !== null) speeds = list;
  return list !== null;
}

// ScalarCmd (v3): Scalars, at least one {Index: u32, Scalar: 0–1, ActuatorType: a scalar type}.
const SCALAR_KEYS = names('Id', 'DeviceIndex', 'Scalars');
const SCALAR_ENTRY_KEYS = names('Index', 'Scalar', 'ActuatorType');
/** Every name ScalarCmd accepts for ActuatorType, aliases included: the string stays as sent. */
const ACTUATOR_TYPES = names(...SCALAR_TYPE_NAMES.keys());
let scalars: ScalarCmdV3['Scalars'] = [];
function readScalarValue(key: number): number {
  if (key === 0) return readInteger(0, U32_MAX);
  if (key === 1) return readUnit();
  const type = readName(ACTUATOR_TYPES);
  return type < 0 ? Number.NaN : type;
}
const buildScalar = (v: readonly number[]): ScalarCmdV3['Scalars'][number] => ({
  Index: v[0]!,
  Scalar: v[1]!,
  ActuatorType: ACTUATOR_TYPES[v[2]!]!.text,
});
function readScalars(): boolean {
  const list = readList(SCALAR_ENTRY_KEYS, readScalarValue, buildScalar, 1);
  if (list !== null) scalars = list;
  return list !== null;
}

// LinearCmd (v1–v3): Vectors, possibly empty, of {Index: u32, Duration: 0…2^31−1, Position: 0–1}.
const LINEAR_KEYS = names('Id', 'DeviceIndex', 'Vectors');
const VECTOR_KEYS = names('Index', 'Duration', 'Position');
let vectors: LinearCmdV1['Vectors'] = [];
function readVectorValue(key: number): number {
  if (key === 0) return readInteger(0, U32_MAX);
  if (key === 1) return readInteger(0, I32_MAX);
  return readUnit();
}
const buildVector = (v: readonly number[]): LinearCmdV1['Vectors'][number] => ({
  Index: v[0]!,
  Duration: v[1]!,
  Position: v[2]!,
});
function readVectors(): boolean {
  const list = readList(VECTOR_KEYS, readVectorValue, buildVector, 0);
  if (list !== null) vectors = list;
  return list !== null;
}

// RotateCmd (v1–v3): Rotations, at least one {Index: u32, Speed: 0–1, Clockwise: boolean}.
const ROTATE_KEYS = names('Id', 'DeviceIndex', 'Rotations');
const ROTATION_KEYS = names('Index', 'Speed', 'Clockwise');
let rotations: RotateCmdV1['Rotations'] = [];
function readRotationValue(key: number): number {
  if (key === 0) return readInteger(0, U32_MAX);
  if (key === 1) return readUnit();
  const b = readBoolean();
  return b < 0 ? Number.NaN : b;
}
const buildRotation = (v: readonly number[]): RotateCmdV1['Rotations'][number] => ({
  Index: v[0]!,
  Speed: v[1]!,
  Clockwise: v[2] === 1,
});
function readRotations(): boolean {
  const list = readList(ROTATION_KEYS, readRotationValue, buildRotation, 1);
  if (list !== null) rotations = list;
  return list !== null;
}

// OutputCmd (v4): FeatureIndex (u32) and Command: exactly one output type key whose value is
// {Value: i32}, or {Value: u32, Duration: u32} for HwPositionWithDuration.
const OUTPUT_KEYS = names('Id', 'DeviceIndex', 'FeatureIndex', 'Command');
const OUTPUT_TYPE_KEYS = names(...OUTPUT_TYPES);
const HW_POSITION = OUTPUT_TYPES.indexOf('HwPositionWithDuration');
const VALUE_KEYS = names('Value', 'Duration');
let feature = 0;
let order: OutputCmdV4['Command'] = {};

function readOutputField(key: number): boolean {
  if (key === 2) {
    feature = readInteger(0, U32_MAX);
    return !Number.isNaN(feature);
  }
  return readOutputCommand();
}

function readOutputCommand(): boolean {
  if (!openObject() || nextField(true) !== 1) return false;
  const type = readKey(OUTPUT_TYPE_KEYS);
  if (type < 0 || !openObject()) return false;
  const timed = type === HW_POSITION;
  let value = Number.NaN;
  let duration = Number.NaN;
  let seen = 0;
  for (let f = nextField(true); f !== 0; f = nextField(false)) {
    if (f < 0) return false;
    const key = readKey(VALUE_KEYS);
    if (key < 0 || (seen & (1 << key)) !== 0 || (key === 1 && !timed)) return false;
    seen |= 1 << key;
    if (key === 0) value = timed ? readInteger(0, U32_MAX) : readInteger(I32_MIN, I32_MAX);
    else duration = readInteger(0, U32_MAX);
    if (Number.isNaN(key === 0 ? value : duration)) return false;
  }
  if (seen !== (timed ? 3 : 1)) return false;
  // Command holds exactly one key.
  if (nextField(false) !== 0) return false;
  const name: OutputType = OUTPUT_TYPES[type]!;
  order = { [name]: timed ? { Value: value, Duration: duration } : { Value: value } };
  return true;
}

// ------------------------------------------------------------------ messages

/** Reads one message body (after its name and colon) at `version`; null: not on this path. */
type Reader = (version: SpecVersion) => ClientRequest | null;

/** The request for a device command whose body was just read (Id and DeviceIndex from it). */
function commandRequest<N extends DeviceCommandName>(
  name: N,
  version: SpecVersion,
  body: DeviceCommandBodies[N],
): ClientRequest {
  return { kind: 'DeviceCommand', id: bodyId, device: bodyDevice, command: { name, version, body } };
}

function readVibrate(version: SpecVersion): ClientRequest | null {
  if (!readCommandBody(VIBRATE_KEYS, readSpeeds)) return null;
  return commandRequest('VibrateCmd', version, { Id: bodyId, DeviceIndex: bodyDevice, Speeds: speeds });
}

function readScalar(version: SpecVersion): ClientRequest | null {
  if (!readCommandBody(SCALAR_KEYS, readScalars)) return null;
  return commandRequest('ScalarCmd', version, { Id: bodyId, DeviceIndex: bodyDevice, Scalars: scalars });
}

function readLinear(version: SpecVersion): ClientRequest | null {
  if (!readCommandBody(LINEAR_KEYS, readVectors)) return null;
  return commandRequest('LinearCmd', version, { Id: bodyId, DeviceIndex: bodyDevice, Vectors: vectors });
}

function readRotate(version: SpecVersion): ClientRequest | null {
  if (!readCommandBody(ROTATE_KEYS, readRotations)) return null;
  return commandRequest('RotateCmd', version, { Id: bodyId, DeviceIndex: bodyDevice, Rotations: rotations });
}

function readOutput(version: SpecVersion): ClientRequest | null {
  if (!readCommandBody(OUTPUT_KEYS, readOutputField)) return null;
  return commandRequest('OutputCmd', version, {
    Id: bodyId,
    DeviceIndex: bodyDevice,
    FeatureIndex: feature,
    Command: order,
  });
}

function readPing(): ClientRequest | null {
  return readIdOnly() ? { kind: 'Ping', id: bodyId } : null;
}

/** The messages this path reads, each with the definition whose rules it mirrors. */
const MESSAGES: ReadonlyArray<readonly [name: string, def: MessageDef, read: Reader]> = [
  ['ScalarCmd', ScalarCmd, readScalar],
  ['VibrateCmd', VibrateCmd, readVibrate],
  ['OutputCmd', OutputCmd, readOutput],
  ['LinearCmd', LinearCmd, readLinear],
  ['RotateCmd', RotateCmd, readRotate],
  ['Ping', Ping, readPing],
];

/**
 * Per spec version, the messages read here: those whose name the version's table maps to the very
 * definition the reader mirrors (so a version that drops or redefines a message is never read
 * here by mistake).
 */
const BY_VERSION: ReadonlyArray<{ readonly names: readonly Name[]; readonly readers: readonly Reader[] }> = (
  [V0, V1, V2, V3, V4] as const
).map((table: VersionTable) => {
  const here = MESSAGES.filter(([name, def]) => table.get(name) === def);
  return { names: names(...here.map(([name]) => name)), readers: here.map(([, , read]) => read) };
});

/**
 * Decode a frame of a session at `version` on this path (`binary`: msgpack, else JSON text): every
 * message, in order, or null when any part of the frame is not for this path (the caller then
 * decodes it the general way, which answers everything). Never an error: errors are the general
 * path's to phrase.
 */
export function decodeFrameFast(
  bytes: Uint8Array,
  binary: boolean,
  version: SpecVersion,
): ClientRequest[] | null {
  const table = BY_VERSION[version]!;
  cur.buf = bytes;
  cur.pos = 0;
  cur.end = bytes.length;
  cur.binary = binary;
  depth = 0;
  const out: ClientRequest[] = [];
  try {
    if (!openArray()) return null;
    for (let step = nextItem(true); step !== 0; step = nextItem(false)) {
      if (step < 0 || !openObject() || nextField(true) !== 1) return null;
      const message = readKey(table.names);
      if (message < 0) return null;
      const request = table.readers[message]!(version);
      // The message object holds exactly its name.
      if (request === null || nextField(false) !== 0) return null;
      out.push(request);
    }
    if (!binary) skipWhitespace();
    // Nothing may follow the array, and an empty array is the general path's error.
    return cur.pos === cur.end && out.length > 0 ? out : null;
  } finally {
    // Keep nothing of the caller's memory (uWS reuses it after the callback).
    cur.buf = EMPTY;
  }
}
const EMPTY: Uint8Array = new Uint8Array(0);
