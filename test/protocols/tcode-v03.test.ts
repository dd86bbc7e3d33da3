// TCode v0.3 encoders, byte for byte, and the built-in database entry against the upstream one.
// The upstream device case (test_tcode_linear_and_vibrate.yaml) runs end to end in
// test/conformance; the same bytes over a real serial port in test/integration/serial.test.ts.

import { describe, expect, test } from 'vitest';
import type { OutputCommand } from '../../src/core/commands.js';
import { outputKey, type HwWrite, type ResolvedDevice } from '../../src/core/protocol.js';
import { buildDatabase, loadDeviceConfigFile, resolveDevice } from '../../src/config/index.js';
import { protocolById } from '../../src/protocols/index.js';
import {
  encodeLinearMove,
  encodePosition,
  encodeVibrate,
  tcodeV03,
  TCODE_V03_DEFINITION,
} from '../../src/protocols/tcode-v03.js';
import { hasReference, referencePath, REFERENCE_SKIP_REASON } from '../helpers/reference.js';

const text = (w: HwWrite): string => Buffer.from(w.data).toString('latin1');
const bytes = (s: string): number[] => [...Buffer.from(s, 'latin1')];

describe('encoders', () => {
  test('every write goes to tx without response', () => {
    for (const w of [encodeLinearMove(0, 5, 1), encodePosition(5), encodeVibrate(0, 5)]) {
      expect(w.endpoint).toBe('tx');
      expect(w.withResponse).toBe(false);
    }
  });

  test.each([
    // feature, position, duration → bytes
    [0, 51, 200, 'L051I200\n'], // the upstream case: 0.51 of [0, 100] over 200 ms
    [0, 0, 0, 'L000I0\n'], // padded to two digits
    [0, 5, 100_000, 'L005I100000\n'], // one digit padded; the longest duration in range
    [0, 99, 1, 'L099I1\n'],
    [0, 100, 500, 'L0100I500\n'], // wider than two digits: written as is
    [0, 999, 20, 'L0999I20\n'],
    [0, 1000, 20, 'L01000I20\n'], // top of the built-in [0, 1000] range
    [2, 7, 30, 'L207I30\n'], // the channel digit is the feature index
  ])('linear move: feature %i to %i over %i ms → %j', (feature, position, duration, expected) => {
    const w = encodeLinearMove(feature, position, duration);
    expect(text(w)).toBe(expected);
    expect([...w.data]).toEqual(bytes(expected));
  });

  test.each([
    [0, 'L0000\nR0000\n'],
    [7, 'L0007\nR0007\n'], // padded to three digits
    [42, 'L0042\nR0042\n'],
    [500, 'L0500\nR0500\n'],
    [999, 'L0999\nR0999\n'],
    [1000, 'L01000\nR01000\n'], // wider than three digits: written as is
  ])('position %i → %j (linear and twist axis, one write)', (position, expected) => {
    expect(text(encodePosition(position))).toBe(expected);
  });

  test.each([
    [1, 99, 'V199\n'], // the upstream case: full speed on feature 1
    [1, 0, 'V100\n'], // stop
    [0, 5, 'V005\n'],
    [0, 10, 'V010\n'],
    [3, 100, 'V3100\n'],
  ])('vibrate feature %i at %i → %j', (feature, speed, expected) => {
    expect(text(encodeVibrate(feature, speed))).toBe(expected);
  });
});

describe('handler', () => {
  const { db } = buildDatabase();
  const device = resolveDevice(db, 'tcode-v03', undefined, '/dev/ttyUSB0') as ResolvedDevice;

  function encode(...changed: OutputCommand[]): string[] {
    const current = new Map(changed.map((c) => [outputKey(c.feature, c.type), c]));
    return tcodeV03.createHandler(device).encode(changed, current).map(text);
  }

  test('the built-in configuration: one linear axis, positions 0-1000, durations up to 100 s, gap 20 ms', () => {
    expect(device.config).toMatchObject({ name: 'TCode v0.3 (Single Linear Axis)', messageGapMs: 20 });
    expect(device.features).toEqual([
      {
        index: 0,
        description: '',
        output: {
          HwPositionWithDuration: { value: [0, 1000], duration: [0, 100_000] },
          Position: { value: [0, 1000] },
        },
      },
    ]);
  });

  test('one write per changed output, in the order given', () => {
    expect(encode({ feature: 0, type: 'HwPositionWithDuration', value: 750, duration: 300 })).toEqual([
      'L0750I300\n',
    ]);
    expect(encode({ feature: 0, type: 'Position', value: 250 })).toEqual(['L0250\nR0250\n']);
    expect(
      encode(
        { feature: 0, type: 'HwPositionWithDuration', value: 10, duration: 50 },
        { feature: 1, type: 'Vibrate', value: 3 },
      ),
    ).toEqual(['L010I50\n', 'V103\n']);
    expect(encode()).toEqual([]);
  });

  test('a move without a duration is sent with I0', () => {
    expect(encode({ feature: 0, type: 'HwPositionWithDuration', value: 300 })).toEqual(['L0300I0\n']);
  });

  test('a configuration with an output TCode cannot encode is refused when the device is set up', () => {
    const rotating: ResolvedDevice = {
      ...device,
      features: [{ index: 0, description: '', output: { Rotate: { value: [-20, 20] } } }],
    };
    expect(() => tcodeV03.createHandler(rotating)).toThrow(
      'TCode has no Rotate encoder (feature 0 of TCode v0.3 (Single Linear Axis))',
    );
  });

  test('registered, and found only on a port the configuration names', () => {
    expect(protocolById('tcode-v03')).toBe(tcodeV03);
    expect(TCODE_V03_DEFINITION.communication).toEqual([
      { serial: { port: 'default', baudRate: 115_200, dataBits: 8, parity: 'N', stopBits: 1 } },
    ]);
    expect(tcodeV03.identify).toBeUndefined();
    expect(tcodeV03.initialise).toBeUndefined();
  });
});

const SUITE = 'built-in entry against the upstream device config';
describe.skipIf(!hasReference)(hasReference ? SUITE : `${SUITE}: ${REFERENCE_SKIP_REASON}`, () => {
  test('same specifier, defaults, ids, features and gap as upstream "tcode-v03"', () => {
    const file = loadDeviceConfigFile(referencePath('buttplug-device-config-v4.json'));
    if (!file.ok) throw new Error(file.errors.join('\n'));
    const upstream = file.value.find((d) => d.id === 'tcode-v03');
    expect(upstream).toBeDefined();
    expect(TCODE_V03_DEFINITION.communication).toEqual(upstream?.communication);
    expect(TCODE_V03_DEFINITION.defaults).toEqual(upstream?.defaults);
    expect(TCODE_V03_DEFINITION.configurations).toEqual(upstream?.configurations);
  });
});
