// Generators of client messages for the property tests: a valid body for every message name of
// every spec version's real decode table (v0.ts … v4.ts), near-valid variants of them (a field
// dropped, wrong-typed, out of range, an extra or repeated key, huge, negative or non-finite
// numbers, deep nesting, long or odd unicode strings, a renamed or broken envelope), and garbage.

import fc from 'fast-check';
import {
  INPUT_COMMAND_NAMES,
  INPUT_TYPE_NAMES,
  LOG_LEVELS,
  SCALAR_TYPE_NAMES,
  type VersionTable,
} from '../../src/codec/definition.js';
import { I32_MAX, I32_MIN, U32_MAX } from '../../src/codec/validate.js';
import { V0 } from '../../src/codec/v0.js';
import { V1 } from '../../src/codec/v1.js';
import { V2 } from '../../src/codec/v2.js';
import { V3 } from '../../src/codec/v3.js';
import { V4 } from '../../src/codec/v4.js';
import { OUTPUT_TYPES } from '../../src/core/index.js';
import { DupObject, RawNumber } from './wire.js';

export type Version = 0 | 1 | 2 | 3 | 4;
export const VERSIONS: readonly Version[] = [0, 1, 2, 3, 4];
export const TABLES: readonly VersionTable[] = [V0, V1, V2, V3, V4];

type Body = Record<string, unknown>;
export type Message = Record<string, unknown>;

/** What a message generator may vary besides the message itself. */
export interface MessageOptions {
  /** DeviceIndex values (the live test biases them to devices that exist). */
  readonly deviceIndex: fc.Arbitrary<number>;
  /** Longest generated "long string" (ClientName, TestString, keys …), in UTF-16 units. */
  readonly maxString: number;
  /** Deepest generated nesting of arrays/objects inside a message. */
  readonly maxDepth: number;
}

export const CODEC_OPTIONS: MessageOptions = {
  deviceIndex: fc.oneof({ weight: 4, arbitrary: fc.nat(8) }, fc.integer({ min: 0, max: U32_MAX })),
  maxString: 20_000,
  maxDepth: 1_000,
};

// ------------------------------------------------------------------ leaves

/** Any UTF-16 code unit, lone surrogates included (what a JS client can put in a string). */
const utf16Unit = fc.nat(0xffff).map((c) => String.fromCharCode(c));

export function text(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: utf16Unit, maxLength }),
  );
}

const id = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 1000 }) },
  fc.integer({ min: 1, max: U32_MAX }),
  fc.constant(U32_MAX),
);
const smallIndex = fc.oneof({ weight: 6, arbitrary: fc.nat(12) }, fc.integer({ min: 0, max: U32_MAX }));
const u32 = fc.oneof(
  { weight: 3, arbitrary: fc.nat(1000) },
  fc.integer({ min: 0, max: U32_MAX }),
  fc.constant(U32_MAX),
);
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  fc.constantFrom(0, 1, 0.5, 0.000001, 1e-7, 0.999999),
);
const upTo99 = fc.integer({ min: 0, max: 99 });
const i32 = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -25, max: 260 }) },
  fc.integer({ min: I32_MIN, max: I32_MAX }),
);
const duration = fc.oneof({ weight: 3, arbitrary: fc.nat(120_000) }, fc.integer({ min: 0, max: I32_MAX }));
const names = (from: Iterable<string>): fc.Arbitrary<string> => fc.constantFrom(...from);

// ------------------------------------------------------------------ valid bodies

function record(shape: Record<string, fc.Arbitrary<unknown>>, requiredKeys?: string[]): fc.Arbitrary<Body> {
  return requiredKeys ? fc.record(shape, { requiredKeys }) : fc.record(shape);
}

const outputCommand: fc.Arbitrary<Body> = fc.oneof(
  ...OUTPUT_TYPES.map((type) =>
    (type === 'HwPositionWithDuration' ? record({ Value: u32, Duration: u32 }) : record({ Value: i32 })).map(
      (body) => ({ [type]: body }),
    ),
  ),
);

/**
 * A valid body for each client message name, for a session at `version`. Keyed by wire name; a
 * name of a version table without an entry here is a coverage failure (see validMessage).
 */
function bodies(version: Version, o: MessageOptions): Record<string, fc.Arbitrary<Body>> {
  const dev = o.deviceIndex;
  const name = text(40);
  const idOnly = record({ Id: id });
  const device = record({ Id: id, DeviceIndex: dev });
  const sensor = record({
    Id: id,
    DeviceIndex: dev,
    SensorIndex: smallIndex,
    SensorType: names(INPUT_TYPE_NAMES.keys()),
  });
  const handshake =
    version === 0
      ? record({ Id: id, ClientName: name })
      : version < 4
        ? record({
            Id: id,
            ClientName: name,
            MessageVersion: fc.oneof({ weight: 3, arbitrary: fc.constant(version) }, u32),
          })
        : record({
            Id: id,
            ClientName: name,
            ProtocolVersionMajor: fc.oneof({ weight: 3, arbitrary: fc.constant(4) }, u32),
            ProtocolVersionMinor: u32,
          });
  return {
    RequestServerInfo: handshake,
    Ping: idOnly,
    StartScanning: idOnly,
    StopScanning: idOnly,
    RequestDeviceList: idOnly,
    StopAllDevices: idOnly,
    Disconnect: idOnly,
    StopDeviceCmd: device,
    BatteryLevelCmd: device,
    RSSILevelCmd: device,
    SingleMotorVibrateCmd: record({ Id: id, DeviceIndex: dev, Speed: unit }),
    FleshlightLaunchFW12Cmd: record({ Id: id, DeviceIndex: dev, Position: upTo99, Speed: upTo99 }),
    VorzeA10CycloneCmd: record({ Id: id, DeviceIndex: dev, Speed: upTo99, Clockwise: fc.boolean() }),
    KiirooCmd: record({
      Id: id,
      DeviceIndex: dev,
      Command: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('0', '1', '2', '3', '4', ' +03 ', '004') },
        text(8),
      ),
    }),
    LovenseCmd: record({ Id: id, DeviceIndex: dev, Command: text(30) }),
    RequestLog: record({ Id: id, LogLevel: names(LOG_LEVELS) }),
    Test: record({ Id: id, TestString: text(60) }),
    VibrateCmd: record({
      Id: id,
      DeviceIndex: dev,
      Speeds: fc.array(record({ Index: smallIndex, Speed: unit }), { minLength: 1, maxLength: 4 }),
    }),
    LinearCmd: record({
      Id: id,
      DeviceIndex: dev,
      Vectors: fc.array(record({ Index: smallIndex, Duration: duration, Position: unit }), { maxLength: 4 }),
    }),
    RotateCmd: record({
      Id: id,
      DeviceIndex: dev,
      Rotations: fc.array(record({ Index: smallIndex, Speed: unit, Clockwise: fc.boolean() }), {
        minLength: 1,
        maxLength: 4,
      }),
    }),
    ScalarCmd: record({
      Id: id,
      DeviceIndex: dev,
      Scalars: fc.array(
        record({ Index: smallIndex, Scalar: unit, ActuatorType: names(SCALAR_TYPE_NAMES.keys()) }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
    SensorReadCmd: sensor,
    SensorSubscribeCmd: sensor,
    SensorUnsubscribeCmd: sensor,
    StopCmd: record(
      { Id: id, DeviceIndex: dev, FeatureIndex: smallIndex, Inputs: fc.boolean(), Outputs: fc.boolean() },
      ['Id'],
    ),
    OutputCmd: record({ Id: id, DeviceIndex: dev, FeatureIndex: smallIndex, Command: outputCommand }),
    InputCmd: record({
      Id: id,
      DeviceIndex: dev,
      FeatureIndex: smallIndex,
      Type: names(INPUT_TYPE_NAMES.keys()),
      Command: names(INPUT_COMMAND_NAMES.keys()),
    }),
  };
}

/** Every client message name of `version` (its decode table) that has no generator here. */
export function namesWithoutGenerator(version: Version): string[] {
  const have = bodies(version, CODEC_OPTIONS);
  return [...TABLES[version]!.keys()].filter((name) => !(name in have));
}

/** A valid message of one of `names` (default: every message of `version`). */
export function validMessage(
  version: Version,
  o: MessageOptions,
  only?: readonly string[],
): fc.Arbitrary<Message> {
  const all = bodies(version, o);
  const wanted = only ?? [...TABLES[version]!.keys()];
  const missing = wanted.filter((name) => !(name in all) || !TABLES[version]!.has(name));
  if (missing.length > 0)
    throw new Error(`no valid-message generator for spec v${version}: ${missing.join(', ')}`);
  return fc.oneof(...wanted.map((name) => all[name]!.map((body) => ({ [name]: body }))));
}

/** The handshake a client at `version` sends (v0: no version field). */
export function handshake(
  version: number,
  o: { clientName: fc.Arbitrary<string> } = { clientName: text(40) },
): fc.Arbitrary<Message> {
  return fc.tuple(id, o.clientName).map(([Id, ClientName]) => {
    if (version >= 4)
      return {
        RequestServerInfo: { Id, ClientName, ProtocolVersionMajor: version, ProtocolVersionMinor: 0 },
      };
    if (version >= 1) return { RequestServerInfo: { Id, ClientName, MessageVersion: version } };
    return { RequestServerInfo: { Id, ClientName } };
  });
}

// ------------------------------------------------------------------ odd values and names

/** Arrays (or objects) nested `depth` deep, built without recursion. */
function nested(depth: number, asArrays: boolean): unknown {
  let v: unknown = asArrays ? [] : {};
  for (let i = 0; i < depth; i++) v = asArrays ? [v] : { a: v };
  return v;
}

const RAW_NUMBERS = [
  new RawNumber('1e400', Infinity),
  new RawNumber('-1e400', -Infinity),
  new RawNumber('null', Number.NaN),
  new RawNumber('-0', -0),
  new RawNumber('1E2', 100),
  new RawNumber('1.0', 1),
  new RawNumber('4294967296', 4294967296n),
  new RawNumber('9007199254740993', 9007199254740993n),
  new RawNumber('18446744073709551615', 18446744073709551615n),
  new RawNumber('-9223372036854775808', -9223372036854775808n),
];

/** A value that is wrong somewhere: another type, out of range, non-finite, huge, deep, odd text. */
export function oddValue(o: MessageOptions): fc.Arbitrary<unknown> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        null,
        true,
        false,
        '',
        '0',
        'Vibrate',
        [],
        {},
        -1,
        0,
        1,
        1.5,
        -0.5,
        2 ** 31,
        U32_MAX,
        2 ** 32,
        2 ** 53,
        I32_MIN - 1,
        1e-7,
        Number.MAX_VALUE,
        -Number.MAX_VALUE,
        Number.MIN_VALUE,
      ),
    },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_NUMBERS) },
    fc.integer(),
    fc.double(),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }).map((n) => new RawNumber(n.toString(), n)),
    { weight: 2, arbitrary: text(40) },
    fc
      .tuple(
        fc.integer({ min: 1000, max: o.maxString }),
        fc.string({ unit: utf16Unit, minLength: 1, maxLength: 3 }),
      )
      .map(([n, s]) => s.repeat(Math.ceil(n / s.length))),
    fc
      .tuple(fc.integer({ min: 20, max: o.maxDepth }), fc.boolean())
      .map(([depth, arrays]) => nested(depth, arrays)),
    fc.jsonValue({ maxDepth: 2 }),
  );
}

const SERVER_NAMES = [
  'Ok',
  'Error',
  'ServerInfo',
  'DeviceList',
  'DeviceAdded',
  'DeviceRemoved',
  'ScanningFinished',
  'Log',
  'SensorReading',
  'InputReading',
  'RawReading',
];
const RAW_NAMES = ['RawCmd', 'RawWriteCmd', 'RawReadCmd', 'RawSubscribeCmd', 'RawUnsubscribeCmd'];
const ALL_CLIENT_NAMES = [...new Set(TABLES.flatMap((t) => [...t.keys()]))];

/** A message name: any version's, a server's, raw access, or made up (prototype names too). */
export function messageName(o: MessageOptions): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ALL_CLIENT_NAMES) },
    fc.constantFrom(
      ...SERVER_NAMES,
      ...RAW_NAMES,
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'toString',
      '',
    ),
    text(20),
    fc.integer({ min: 65, max: Math.min(o.maxString, 5000) }).map((n) => 'N'.repeat(n)),
  );
}

function fieldKey(o: MessageOptions): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'Id',
        'DeviceIndex',
        'FeatureIndex',
        'Speeds',
        'Command',
        'Value',
        'Index',
        '__proto__',
        'constructor',
        '',
      ),
    },
    text(12),
    fc.integer({ min: 100, max: Math.min(o.maxString, 5000) }).map((n) => 'k'.repeat(n)),
  );
}

// ------------------------------------------------------------------ near-valid: mutations

type Path = ReadonlyArray<string | number>;

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null && !(v instanceof DupObject) && !(v instanceof RawNumber);
}

/** Every path into `value` (the root included), containers and leaves, breadth-limited. */
function pathsOf(value: unknown): Path[] {
  const out: Path[] = [[]];
  const walk = (v: unknown, at: Path, depth: number): void => {
    if (!isContainer(v) || depth > 6) return;
    const keys: Array<string | number> = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    for (const k of keys.slice(0, 16)) {
      const p = [...at, k];
      out.push(p);
      walk((v as Record<string | number, unknown>)[k], p, depth + 1);
    }
  };
  walk(value, [], 0);
  return out;
}

/** An own data property, even for "__proto__" (plain assignment would set the prototype). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function shallowCopy(v: unknown): Record<string, unknown> | unknown[] {
  if (Array.isArray(v)) return [...v];
  const copy: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) put(copy, k, x);
  return copy;
}

/** `root` with the value at `path` replaced by `fn(old)` (undefined deletes); copies only the path. */
function update(root: unknown, path: Path, fn: (old: unknown) => unknown): unknown {
  if (path.length === 0) return fn(root);
  if (!isContainer(root)) return root;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  const copy = shallowCopy(root);
  const next = update((root as Record<string | number, unknown>)[head], rest, fn);
  if (Array.isArray(copy)) {
    if (next === undefined) copy.splice(head as number, 1);
    else copy[head as number] = next;
  } else if (next === undefined) delete copy[head as string];
  else put(copy, String(head), next);
  return copy;
}

const MUTATIONS = ['drop', 'replace', 'replace', 'extra', 'duplicate', 'rename', 'envelope'] as const;

interface Mutation {
  readonly kind: (typeof MUTATIONS)[number];
  readonly at: number;
  readonly value: unknown;
  readonly key: string;
  readonly name: string;
}

function mutation(o: MessageOptions): fc.Arbitrary<Mutation> {
  return fc.record({
    kind: fc.constantFrom(...MUTATIONS),
    at: fc.nat(),
    value: oddValue(o),
    key: fieldKey(o),
    name: messageName(o),
  });
}

function applyMutation(message: unknown, m: Mutation): unknown {
  const paths = pathsOf(message);
  const inner = paths.filter((p) => p.length > 0);
  switch (m.kind) {
    case 'drop':
      return inner.length === 0 ? message : update(message, inner[m.at % inner.length]!, () => undefined);
    case 'replace':
      return update(message, paths[m.at % paths.length]!, () => m.value);
    case 'extra':
    case 'duplicate': {
      const objects = paths.filter((p) => {
        let v: unknown = message;
        for (const k of p) v = (v as Record<string | number, unknown>)[k];
        return isContainer(v) && !Array.isArray(v);
      });
      if (objects.length === 0) return message;
      return update(message, objects[m.at % objects.length]!, (old) => {
        const entries = Object.entries(old as Record<string, unknown>);
        if (m.kind === 'extra') return new DupObject([...entries, [m.key, m.value]]);
        // Repeat an existing key (or the new one) with the odd value, before or after the original.
        const key = entries.length > 0 ? entries[m.at % entries.length]![0] : m.key;
        return new DupObject(m.at % 2 === 0 ? [...entries, [key, m.value]] : [[key, m.value], ...entries]);
      });
    }
    case 'rename': {
      if (!isContainer(message) || Array.isArray(message)) return message;
      const entries = Object.entries(message);
      return new DupObject(entries.map(([k, v], i) => (i === 0 ? [m.name, v] : [k, v])));
    }
    case 'envelope': {
      const entries = isContainer(message) && !Array.isArray(message) ? Object.entries(message) : [];
      const body = entries.length > 0 ? entries[0]![1] : message;
      switch (m.at % 5) {
        case 0:
          return new DupObject([...entries, [m.name, body]]);
        case 1:
          return { [m.name]: m.value };
        case 2:
          return [message];
        case 3:
          return m.value;
        default:
          return new DupObject([]);
      }
    }
  }
}

/** `message` with one to three mutations applied. */
export function nearValid(message: fc.Arbitrary<unknown>, o: MessageOptions): fc.Arbitrary<unknown> {
  return fc
    .tuple(message, fc.array(mutation(o), { minLength: 1, maxLength: 3 }))
    .map(([m, ms]) => ms.reduce(applyMutation, m));
}

// ------------------------------------------------------------------ whole messages and frames

/** Any message for a session at `version` (NO_VERSION -1: any version's, handshakes first). */
export function anyMessage(version: Version | -1, o: MessageOptions): fc.Arbitrary<unknown> {
  const valid =
    version === -1 ? fc.constantFrom(...VERSIONS).chain((v) => validMessage(v, o)) : validMessage(version, o);
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 5, arbitrary: nearValid(valid, o) },
    fc.tuple(messageName(o), oddValue(o)).map(([name, body]) => new DupObject([[name, body]])),
    fc.jsonValue({ maxDepth: 3 }),
  );
}

/** The value of one client frame: mostly an array of messages, sometimes not an array at all. */
export function frameValue(version: Version | -1, o: MessageOptions, maxMessages = 8): fc.Arbitrary<unknown> {
  const messages = fc.array(anyMessage(version, o), { minLength: 1, maxLength: maxMessages });
  const withHandshake =
    version === -1
      ? [
          fc
            .constantFrom(...VERSIONS, 5, 9)
            .chain((v) =>
              fc
                .tuple(
                  handshake(v),
                  fc.array(anyMessage(Math.min(v, 4) as Version, o), { maxLength: maxMessages - 1 }),
                )
                .map(([h, rest]) => [h, ...rest]),
            ),
        ]
      : [];
  return fc.oneof(
    { weight: 8, arbitrary: messages },
    ...withHandshake.map((arbitrary) => ({ weight: 6, arbitrary })),
    fc.constantFrom([], {}, null, 0, '[]'),
    anyMessage(version, o),
  );
}
