// The byte-level path for streamed commands (src/codec/json-fast.ts) may only ever answer what the
// general path (JSON.parse, then the version's checks) answers: these tests hold it to that on
// hand-picked edge cases and on generated frames, and check that the frames client libraries
// stream do take it (or it would save nothing).

import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, parseJsonFrame, type SpecVersion } from '../../src/codec/index.js';
import { decodeFrame } from '../../src/codec/frame.js';
import { decodeJsonFrameFast } from '../../src/codec/json-fast.js';
import { CODEC_OPTIONS, nearValid, validMessage, type Version } from '../fuzz/messages.js';
import { DEFAULT_SEED } from '../fuzz/properties.js';
import { toJsonText } from '../fuzz/wire.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The general path alone: JSON.parse, then each message through the version's table. */
function general(text: string, version: SpecVersion): unknown {
  const parsed = parseJsonFrame(text);
  return Array.isArray(parsed) ? parsed.map((m) => decodeMessage(m, version)) : parsed;
}

/** The fast path's answer for `text`, after checking it is the general path's (or none). */
function fastAgrees(text: string, version: SpecVersion): boolean {
  const fast = decodeJsonFrameFast(bytes(text), version);
  if (fast === null) return false;
  const expected = general(text, version);
  if (!isDeepStrictEqual(fast, expected)) {
    throw new Error(
      `v${version} ${text}\n fast:    ${JSON.stringify(fast)}\n general: ${JSON.stringify(expected)}`,
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
    for (const [version, text] of frames) expect(fastAgrees(text, version), text).toBe(true);
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
      expect(decodeJsonFrameFast(bytes(text), version), text).toBeNull();
      // …and decodeFrame still answers it, as the general path does.
      expect(decodeFrame(bytes(text), false, version)).toEqual(general(text, version));
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
      const fast = decodeJsonFrameFast(bytes(text), 4);
      if (fast !== null) expect(fastAgrees(text, 4), text).toBe(true);
      const speed = `[{"VibrateCmd":{"Id":1,"DeviceIndex":0,"Speeds":[{"Index":0,"Speed":${n}}]}}]`;
      if (decodeJsonFrameFast(bytes(speed), 3) !== null) expect(fastAgrees(speed, 3), speed).toBe(true);
    }
    // The short ones are all on the path.
    for (const n of ['0.35', '-0', '5e-1', '1.0', '0.000001']) {
      const speed = `[{"VibrateCmd":{"Id":1,"DeviceIndex":0,"Speeds":[{"Index":0,"Speed":${n}}]}}]`;
      expect(fastAgrees(speed.replace('"Speed":-0', '"Speed":-0'), 3), n).toBe(true);
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
            validOnes: fc.array(hot, { minLength: 1, maxLength: 3 }),
          });
        }),
        ({ version, messages, spaces, spellings, onlyValid, validOnes }) => {
          const text = spaced(toJsonText(onlyValid ? validOnes : messages), spaces, spellings);
          const took = fastAgrees(text, version);
          if (onlyValid) {
            valid++;
            if (took) taken++;
          }
          return true;
        },
      ),
      { seed: DEFAULT_SEED, numRuns: 1500 },
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
