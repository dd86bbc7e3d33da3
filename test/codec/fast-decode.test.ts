// The byte-level path for streamed commands (src/codec/fast-decode.ts) may only ever answer what
// the general path (JSON.parse or msgpackr, then the version's checks) answers: these tests hold
// it to that on hand-picked edge cases and on generated frames, in both encodings, and check that
// the frames client libraries stream do take it (or it would save nothing).

import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pack } from 'msgpackr';
import { decodeMessage, parseJsonFrame, parseMsgpackFrame, type SpecVersion } from '../../src/codec/index.js';
import { decodeFrame } from '../../src/codec/frame.js';
import { decodeFrameFast } from '../../src/codec/fast-decode.js';
import { CODEC_OPTIONS, nearValid, validMessage, type Version } from '../fuzz/messages.js';
import { DEFAULT_SEED } from '../fuzz/properties.js';
import { toJsonText, toMsgpack } from '../fuzz/wire.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
/** The same frame in msgpack, as a client library packs the parsed value. */
const packed = (text: string): Uint8Array => new Uint8Array(pack(JSON.parse(text)));

/** The general path alone: JSON.parse or msgpackr, then each message through the version's table. */
function general(bytes: Uint8Array, binary: boolean, version: SpecVersion): unknown {
  const parsed = binary ? parseMsgpackFrame(bytes) : parseJsonFrame(new TextDecoder().decode(bytes));
  return Array.isArray(parsed) ? parsed.map((m) => decodeMessage(m, version)) : parsed;
}

/** Whether the fast path read the frame, after checking that it answered as the general path. */
function fastAgrees(bytes: Uint8Array, binary: boolean, version: SpecVersion): boolean {
  const fast = decodeFrameFast(bytes, binary, version);
  if (fast === null) return false;
  const expected = general(bytes, binary, version);
  if (!isDeepStrictEqual(fast, expected)) {
    const shown = binary ? Buffer.from(bytes).toString('hex') : new TextDecoder().decode(bytes);
    throw new Error(
      `v${version} ${shown}\n fast:    ${JSON.stringify(fast)}\n general: ${JSON.stringify(expected)}`,
    );
  }
  return true;
}

/** The messages read on the fast path, per spec version. */
const HOT: Readonly<Record<Version, readonly string[]>> = {
  0: ['Ping'],
  1: ['Ping', 'VibrateCmd', 'LinearCmd', 'RotateCmd'],
  2: ['Ping', 'VibrateCmd', 'LinearCmd', 'RotateCmd'],
  3: ['Ping', 'VibrateCmd', 'LinearCmd', 'RotateCmd', 'ScalarCmd'],
  4: ['Ping', 'OutputCmd'],
};

describe('the fast path for streamed commands', () => {
  it('reads the frames client libraries stream, as the general path does', () => {
    const frames: Array<[SpecVersion, string]> = [
      [
        3,
        '[{"ScalarCmd":{"Id":7,"DeviceIndex":0,"Scalars":[{"Index":0,"Scalar":0.35,"ActuatorType":"Vibrate"}]}}]',
      ],
      [
        3,
        '[{"ScalarCmd":{"Id":8,"DeviceIndex":1,"Scalars":[{"Index":0,"Scalar":1,"ActuatorType":"Vibrate"},{"Index":1,"Scalar":0.5,"ActuatorType":"Rotate"}]}}]',
      ],
      [3, '[{"VibrateCmd":{"Id":9,"DeviceIndex":0,"Speeds":[{"Index":0,"Speed":0.25}]}}]'],
      [2, '[{"LinearCmd":{"Id":10,"DeviceIndex":0,"Vectors":[{"Index":0,"Duration":500,"Position":0.9}]}}]'],
      [1, '[{"RotateCmd":{"Id":11,"DeviceIndex":2,"Rotations":[{"Index":0,"Speed":0.5,"Clockwise":true}]}}]'],
      [4, '[{"OutputCmd":{"Id":12,"DeviceIndex":0,"FeatureIndex":0,"Command":{"Vibrate":{"Value":14}}}}]'],
      [
        4,
        '[{"OutputCmd":{"Id":13,"DeviceIndex":0,"FeatureIndex":1,"Command":{"HwPositionWithDuration":{"Value":80,"Duration":300}}}}]',
      ],
      [4, '[{"OutputCmd":{"Id":14,"DeviceIndex":0,"FeatureIndex":0,"Command":{"Rotate":{"Value":-10}}}}]'],
      [4, '[{"Ping":{"Id":15}}]'],
      [0, '[{"Ping":{"Id":16}}]'],
      // Whitespace anywhere JSON allows it, keys in another order, several messages.
      [
        3,
        ' [ { "ScalarCmd" : { "Scalars" : [ { "ActuatorType" : "vibrate" , "Scalar" : 5e-1 , "Index" : 0 } ] ,\n\t"DeviceIndex" : 0 , "Id" : 17 } } , {"Ping":{"Id":18}} ]\r\n',
      ],
    ];
    for (const [version, text] of frames) {
      expect(fastAgrees(utf8(text), false, version), text).toBe(true);
      expect(fastAgrees(packed(text), true, version), `msgpack ${text}`).toBe(true);
    }
  });

  it('turns down every truncated frame, in both encodings', () => {
    // Each ends in a number of another msgpack width (uint32, uint8, int16).
    const frames: Array<[SpecVersion, string]> = [
      [
        3,
        '[{"ScalarCmd":{"Id":300,"DeviceIndex":0,"Scalars":[{"Index":0,"Scalar":0.35,"ActuatorType":"Vibrate"}]}},{"Ping":{"Id":70000}}]',
      ],
      [4, '[{"OutputCmd":{"Id":1,"DeviceIndex":0,"FeatureIndex":0,"Command":{"Vibrate":{"Value":200}}}}]'],
      [4, '[{"OutputCmd":{"Id":1,"DeviceIndex":0,"FeatureIndex":0,"Command":{"Rotate":{"Value":-300}}}}]'],
    ];
    for (const [version, text] of frames) {
      for (const [whole, binary] of [
        [utf8(text), false],
        [packed(text), true],
      ] as const) {
        expect(fastAgrees(whole, binary, version)).toBe(true);
        for (let n = 0; n < whole.length; n++)
          expect(decodeFrameFast(whole.subarray(0, n), binary, version), `${text} cut at ${n}`).toBeNull();
      }
    }
  });

  it('leaves msgpack float32, 64-bit integers and trailing bytes to msgpackr', () => {
    const ping = (id: number[]): Uint8Array =>
      new Uint8Array([0x91, 0x81, 0xa4, ...utf8('Ping'), 0x81, 0xa2, ...utf8('Id'), ...id]);
    expect(fastAgrees(ping([0xcd, 0x01, 0x00]), true, 4)).toBe(true);
    for (const id of [
      [0xcf, 0, 0, 0, 0, 0, 0, 0, 1], // uint64
      [0xd3, 0, 0, 0, 0, 0, 0, 0, 1], // int64
      [0xca, 0x3f, 0x80, 0, 0], // float32 1.0
    ]) {
      expect(decodeFrameFast(ping(id), true, 4)).toBeNull();
    }
    expect(decodeFrameFast(new Uint8Array([...ping([0x05]), 0x00]), true, 4)).toBeNull();
  });

  it('turns down what is outside it, so the general path answers', () => {
    const refused: Array<[SpecVersion, string]> = [
      // Bad JSON, empty or non-array frames, trailing bytes.
      [3, '[{"Ping":{"Id":1}}'],
      [3, '[]'],
      [3, '{"Ping":{"Id":1}}'],
      [3, '[{"Ping":{"Id":1}}] x'],
      [3, '[{"Ping":{"Id":01}}]'],
      [3, '[{"Ping":{"Id":1.}}]'],
      // Another message, or one this version does not have.
      [3, '[{"StopAllDevices":{"Id":1}}]'],
      [
        4,
        '[{"ScalarCmd":{"Id":1,"DeviceIndex":0,"Scalars":[{"Index":0,"Scalar":0.5,"ActuatorType":"Vibrate"}]}}]',
      ],
      [
        2,
        '[{"ScalarCmd":{"Id":1,"DeviceIndex":0,"Scalars":[{"Index":0,"Scalar":0.5,"ActuatorType":"Vibrate"}]}}]',
      ],
      [0, '[{"VibrateCmd":{"Id":1,"DeviceIndex":0,"Speeds":[{"Index":0,"Speed":0.5}]}}]'],
      // Values the checks refuse: the general path phrases the error.
      [3, '[{"Ping":{"Id":0}}]'],
      [3, '[{"VibrateCmd":{"Id":1,"DeviceIndex":0,"Speeds":[{"Index":0,"Speed":1.5}]}}]'],
      [3, '[{"VibrateCmd":{"Id":1,"DeviceIndex":0,"Speeds":[]}}]'],
      [3, '[{"VibrateCmd":{"Id":1,"DeviceIndex":-1,"Speeds":[{"Index":0,"Speed":0.5}]}}]'],
      [
        3,
        '[{"ScalarCmd":{"Id":1,"DeviceIndex":0,"Scalars":[{"Index":0,"Scalar":0.5,"ActuatorType":"Wiggle"}]}}]',
      ],
      [4, '[{"OutputCmd":{"Id":1,"DeviceIndex":0,"FeatureIndex":0,"Command":{"Vibrate":{"Value":1.5}}}}]'],
      [
        4,
        '[{"OutputCmd":{"Id":1,"DeviceIndex":0,"FeatureIndex":0,"Command":{"Vibrate":{"Value":1,"Duration":5}}}}]',
      ],
      [
        4,
        '[{"OutputCmd":{"Id":1,"DeviceIndex":0,"FeatureIndex":0,"Command":{"HwPositionWithDuration":{"Value":1}}}}]',
      ],
      [
        4,
        '[{"OutputCmd":{"Id":1,"DeviceIndex":0,"FeatureIndex":0,"Command":{"Vibrate":{"Value":1},"Rotate":{"Value":1}}}}]',
      ],
      [4, '[{"OutputCmd":{"Id":1,"DeviceIndex":0,"FeatureIndex":0,"Command":{}}}]'],
      // Missing, unknown and repeated keys; a message object with a second key.
      [3, '[{"VibrateCmd":{"Id":1,"Speeds":[{"Index":0,"Speed":0.5}]}}]'],
      [3, '[{"VibrateCmd":{"Id":1,"DeviceIndex":0,"Speeds":[{"Index":0,"Speed":0.5}],"Extra":1}}]'],
      [3, '[{"VibrateCmd":{"Id":1,"Id":2,"DeviceIndex":0,"Speeds":[{"Index":0,"Speed":0.5}]}}]'],
      [3, '[{"Ping":{"Id":1},"Ping":{"Id":2}}]'],
      // Escapes, non-ASCII, and numbers it cannot convert exactly itself.
      [
        3,
        '[{"ScalarCmd":{"Id":1,"DeviceIndex":0,"Scalars":[{"Index":0,"Scalar":0.5,"ActuatorType":"Vibr\\u0061te"}]}}]',
      ],
      [3, '[{"P\\u0069ng":{"Id":1}}]'],
      [3, '[{"VibrateCmd":{"Id":1,"DeviceIndex":0,"Speeds":[{"Index":0,"Speed":0.1234567890123456}]}}]'],
      [3, '[{"Ping":{"Id":1e30}}]'],
    ];
    for (const [version, text] of refused) {
      expect(decodeFrameFast(utf8(text), false, version), text).toBeNull();
      // …and decodeFrame still answers it, as the general path does.
      expect(decodeFrame(utf8(text), false, version)).toEqual(general(utf8(text), false, version));
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue; // no msgpack twin of bad JSON
      }
      // Its msgpack twin may be fine (a repeated key or an escape does not survive JSON.parse),
      // but it must be answered as the general path answers it.
      const bytes = new Uint8Array(pack(value));
      fastAgrees(bytes, true, version);
      expect(decodeFrame(bytes, true, version)).toEqual(general(bytes, true, version));
    }
  });

  it('reads numbers to the same doubles as JSON.parse, -0 included', () => {
    const spellings = [
      '0',
      '-0',
      '1',
      '0.5',
      '0.35',
      '0.1',
      '0.7',
      '1.0',
      '1e0',
      '0.5e0',
      '5e-1',
      '50E-2',
      '0.000001',
      '1e-7',
      '0.30000000000000004',
      '0.123456789012345',
      '0.999999999999999',
      '4294967295',
      '42949672.95e2',
      '2.5e+1',
      '-0.0',
    ];
    for (const n of spellings) {
      const text = `[{"OutputCmd":{"Id":1,"DeviceIndex":${Number(n) >= 0 ? n : 0},"FeatureIndex":0,"Command":{"Vibrate":{"Value":${n}}}}}]`;
      fastAgrees(utf8(text), false, 4);
      fastAgrees(packed(text), true, 4);
      const speed = `[{"VibrateCmd":{"Id":1,"DeviceIndex":0,"Speeds":[{"Index":0,"Speed":${n}}]}}]`;
      fastAgrees(utf8(speed), false, 3);
      fastAgrees(packed(speed), true, 3);
    }
    // Every msgpack integer width, at its edges, signed (Value: i32) and unsigned (DeviceIndex: u32).
    for (const n of [
      -(2 ** 31),
      -32769,
      -32768,
      -129,
      -128,
      -33,
      -32,
      -1,
      0,
      1,
      127,
      128,
      255,
      256,
      65535,
      65536,
      2 ** 31 - 1,
    ]) {
      const value = `[{"OutputCmd":{"Id":1,"DeviceIndex":0,"FeatureIndex":0,"Command":{"Vibrate":{"Value":${n}}}}}]`;
      expect(fastAgrees(packed(value), true, 4), `Value ${n}`).toBe(true);
      const device = `[{"Ping":{"Id":${Math.abs(n) || 1}}}]`;
      expect(fastAgrees(packed(device), true, 4), `Id ${n}`).toBe(true);
    }
    // The short ones are all on the path.
    for (const n of ['0.35', '-0', '5e-1', '1.0', '0.000001']) {
      const speed = `[{"VibrateCmd":{"Id":1,"DeviceIndex":0,"Speeds":[{"Index":0,"Speed":${n}}]}}]`;
      expect(fastAgrees(utf8(speed), false, 3), n).toBe(true);
      expect(fastAgrees(packed(speed), true, 3), `msgpack ${n}`).toBe(true);
    }
  });

  it('answers as the general path on generated frames, and takes most valid ones', () => {
    const whitespace = fc.constantFrom('', '', '', ' ', '\n', '\t', '\r\n  ');
    let taken = 0;
    let valid = 0;
    fc.assert(
      fc.property(
        fc.constantFrom<Version>(0, 1, 2, 3, 4).chain((version) => {
          const hot = validMessage(version, CODEC_OPTIONS, HOT[version]);
          return fc.record({
            version: fc.constant(version),
            messages: fc.array(fc.oneof(hot, nearValid(hot, CODEC_OPTIONS)), { minLength: 1, maxLength: 3 }),
            spaces: fc.array(whitespace, { minLength: 64, maxLength: 64 }),
            spellings: fc.array(fc.nat(3), { minLength: 8, maxLength: 8 }),
            onlyValid: fc.boolean(),
            binary: fc.boolean(),
            validOnes: fc.array(hot, { minLength: 1, maxLength: 3 }),
          });
        }),
        ({ version, messages, spaces, spellings, onlyValid, binary, validOnes }) => {
          const value = onlyValid ? validOnes : messages;
          const bytes = binary
            ? new Uint8Array(toMsgpack(value))
            : utf8(spaced(toJsonText(value), spaces, spellings));
          const took = fastAgrees(bytes, binary, version);
          if (onlyValid) {
            valid++;
            if (took) taken++;
          }
          return true;
        },
      ),
      { seed: DEFAULT_SEED, numRuns: 2500 },
    );
    // Valid hot messages miss the path only for numbers of more than 15 significant digits (the
    // generators draw many doubles with 17, and respelling adds zeros).
    expect(taken / valid).toBeGreaterThan(0.3);
  });
});

/**
 * `text` with whitespace from `spaces` after each structural character outside strings, and each
 * number spelled another way for the same value (`spellings` picks how): JSON's number grammar
 * is where a byte-level reader is most likely to go wrong.
 */
function spaced(text: string, spaces: readonly string[], spellings: readonly number[] = []): string {
  let out = '';
  let inString = false;
  let n = 0;
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!inString && (c === '-' || (c >= '0' && c <= '9'))) {
      const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))![0];
      out += respell(number, spellings[k++ % Math.max(1, spellings.length)] ?? 0);
      i += number.length - 1;
      continue;
    }
    out += c;
    if (inString) {
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if ('[]{},:'.includes(c)) out += spaces[n++ % spaces.length]!;
  }
  return out;
}

/** The JSON number `number` written as digits × 10^exponent in one of a few ways (0: as it was). */
function respell(number: string, how: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(number)!;
  const [, sign, whole, fraction = '', exp = '0'] = m;
  const digits = (whole! + fraction).replace(/^0+(?=\d)/, '');
  const exponent = Number(exp) - fraction.length;
  switch (how % 4) {
    case 1:
      return `${sign}${digits}e${exponent}`;
    case 2:
      return `${sign}${digits}000E${exponent >= 3 ? '+' : ''}${exponent - 3}`;
    case 3:
      // One digit before the point: d.ddd e(…).
      return digits.length > 1
        ? `${sign}${digits[0]}.${digits.slice(1)}e${exponent + digits.length - 1}`
        : `${sign}${digits}.0e${exponent}`;
    default:
      return number;
  }
}
