// Sexverse protocol families, byte for byte against the upstream encoders
// (sexverse_*.rs): every output type, range ends, several motors at once, stops, the v2
// initialisation and the v3 keepalive. The upstream YAML cases run in test/conformance.

import { describe, expect, test } from 'vitest';
import type { OutputType } from '../../src/core/features.js';
import type { ProtocolModule, ResolvedDevice } from '../../src/core/protocol.js';
import { encodeLg389, sexverseLg389 } from '../../src/protocols/sexverse-lg389.js';
import { encodeSexverseV1, motorKind, sexverseV1 } from '../../src/protocols/sexverse-v1.js';
import { sexverseV2 } from '../../src/protocols/sexverse-v2.js';
import { SEXVERSE_V3_KEEPALIVE_MS, sexverseV3 } from '../../src/protocols/sexverse-v3.js';
import { sexverseV4 } from '../../src/protocols/sexverse-v4.js';
import { sexverseV5 } from '../../src/protocols/sexverse-v5.js';
import { FakeHardware } from './fake-hardware.js';
import { TxDriver, txBytes, resolvedDevice } from './output-driver.js';

const bytes = txBytes;
const Driver = TxDriver;
const resolved = (module: ProtocolModule, name: string): ResolvedDevice =>
  resolvedDevice(module.definition.id, name);

const xor = (b: number[]): number => b.reduce((a, x) => a ^ x, 0);

describe('sexverse-lg389', () => {
  test('vibration and oscillation share one packet, with response', () => {
    const d = new Driver(sexverseLg389, 'LG389');
    expect(d.sendPlain([1, 'Oscillate', 10])).toEqual([
      { data: [0xaa, 0x05, 0, 0x14, 1, 0, 4, 0, 10, 0], withResponse: true },
    ]);
    expect(d.send([0, 'Vibrate', 3])).toEqual([[0xaa, 0x05, 3, 0x14, 1, 0, 4, 0, 10, 0]]);
    expect(d.send([1, 'Oscillate', 0])).toEqual([[0xaa, 0x05, 3, 0x14, 0, 0, 0, 0, 0, 0]]);
    expect(d.send([0, 'Vibrate', 0], [1, 'Oscillate', 0])).toEqual([[0xaa, 0x05, 0, 0x14, 0, 0, 0, 0, 0, 0]]);
    expect(bytes([encodeLg389(2, 5)])).toEqual([[0xaa, 0x05, 2, 0x14, 1, 0, 4, 0, 5, 0]]);
  });
});

describe('sexverse-v1', () => {
  test('motor kinds', () => {
    expect(['Vibrate', 'Constrict', 'Oscillate', 'Rotate'].map((t) => motorKind(t as OutputType))).toEqual([
      3, 4, 4, 6,
    ]);
  });

  test('the packet carries every motor and ends with the XOR of the rest', () => {
    const w = bytes([
      encodeSexverseV1([
        { kind: 3, speed: 255 },
        { kind: 4, speed: 1 },
      ]),
    ])[0]!;
    expect(w.slice(0, -1)).toEqual([0x23, 0x07, 6, 0x81, 3, 255, 0x82, 4, 1]);
    expect(w.at(-1)).toBe(xor(w.slice(0, -1)));
  });

  test('Olis: two vibrators and a rotator, all in one packet from the current values', () => {
    const d = new Driver(sexverseV1, 'Olis');
    const first = d.send([2, 'Rotate', 255]);
    expect(first).toHaveLength(1);
    expect(first[0]!.slice(0, -1)).toEqual([0x23, 0x07, 9, 0x81, 3, 0, 0x82, 3, 0, 0x83, 6, 255]);
    const both = d.send([0, 'Vibrate', 10], [1, 'Vibrate', 20]);
    expect(both).toHaveLength(1);
    expect(both[0]!.slice(0, -1)).toEqual([0x23, 0x07, 9, 0x81, 3, 10, 0x82, 3, 20, 0x83, 6, 255]);
    expect(both[0]!.at(-1)).toBe(xor(both[0]!.slice(0, -1)));
    const stop = d.send([0, 'Vibrate', 0], [1, 'Vibrate', 0], [2, 'Rotate', 0]);
    expect(stop).toEqual([[0x23, 0x07, 9, 0x81, 3, 0, 0x82, 3, 0, 0x83, 6, 0, 0xab]]);
  });

  test('BuCUE: oscillation is a pump (kind 4); the Rex defaults to one vibrator', () => {
    const bucue = new Driver(sexverseV1, 'LY213A01');
    expect(bucue.device.config.name).toBe('Sexverse BuCUE');
    expect(bucue.send([0, 'Oscillate', 128])[0]!.slice(0, -1)).toEqual([
      0x23, 0x07, 6, 0x81, 4, 128, 0x82, 3, 0,
    ]);
    const rex = new Driver(sexverseV1, 'Rex');
    expect(rex.send([0, 'Vibrate', 255])).toEqual([
      [0x23, 0x07, 3, 0x81, 3, 255, xor([0x23, 0x07, 3, 0x81, 3, 255])],
    ]);
  });
});

describe('sexverse-v2', () => {
  test('initialise writes [0xaa, 4] with response', async () => {
    const hw = new FakeHardware('LY272A01');
    await sexverseV2.initialise?.(hw, resolved(sexverseV2, 'LY272A01'));
    expect(hw.ops).toEqual([
      { op: 'write', endpoint: 'tx', text: '\xaa\x04', data: [0xaa, 0x04], withResponse: true },
    ]);
  });

  test('motors numbered from 1, vibrate and oscillate alike, with response', () => {
    const nolan = new Driver(sexverseV2, 'LY272A01');
    expect(nolan.device.config.name).toBe('Sexverse Nolan');
    expect(nolan.sendPlain([0, 'Vibrate', 20], [1, 'Oscillate', 20])).toEqual([
      { data: [0xaa, 0x03, 0x01, 1, 0x64, 20], withResponse: true },
      { data: [0xaa, 0x03, 0x01, 2, 0x64, 20], withResponse: true },
    ]);
    expect(nolan.send([0, 'Vibrate', 0], [1, 'Oscillate', 0])).toEqual([
      [0xaa, 0x03, 0x01, 1, 0x64, 0],
      [0xaa, 0x03, 0x01, 2, 0x64, 0],
    ]);
    const saphette = new Driver(sexverseV2, 'NBQ-B619RX');
    expect(saphette.send([2, 'Vibrate', 7])).toEqual([[0xaa, 0x03, 0x01, 3, 0x64, 7]]);
  });
});

describe('sexverse-v3', () => {
  test('[0xa1, 4, speed, motor], with response, repeated every 100 ms', () => {
    const tay = new Driver(sexverseV3, 'TAY006');
    expect(tay.device.config.name).toBe('Sexverse Tay 6');
    expect(tay.handler.keepaliveMs).toBe(SEXVERSE_V3_KEEPALIVE_MS);
    expect(SEXVERSE_V3_KEEPALIVE_MS).toBe(100);
    expect(tay.sendPlain([0, 'Vibrate', 20])).toEqual([{ data: [0xa1, 0x04, 20, 1], withResponse: true }]);
    expect(tay.send([0, 'Vibrate', 0])).toEqual([[0xa1, 0x04, 0, 1]]);
  });

  test('Zeus: the oscillating second motor uses the same packet (deliberate, see the module)', () => {
    const zeus = new Driver(sexverseV3, 'TA-S001A');
    expect(zeus.send([0, 'Vibrate', 5], [1, 'Oscillate', 20])).toEqual([
      [0xa1, 0x04, 5, 1],
      [0xa1, 0x04, 20, 2],
    ]);
  });
});

test('sexverse-v4: [0xbb, 1, speed, 0x66] with response', () => {
  const d = new Driver(sexverseV4, 'BC1816');
  expect(d.device.config.name).toBe('Sexverse G1 Vibrator');
  expect(d.sendPlain([0, 'Vibrate', 99])).toEqual([{ data: [0xbb, 0x01, 99, 0x66], withResponse: true }]);
  expect(d.send([0, 'Vibrate', 0])).toEqual([[0xbb, 0x01, 0, 0x66]]);
});

test('sexverse-v5: [0xaa, 3, 3, speed, 0, 0, 0] without response', () => {
  const d = new Driver(sexverseV5, 'CB-WXW03');
  expect(d.sendPlain([0, 'Vibrate', 100])).toEqual([
    { data: [0xaa, 0x03, 0x03, 100, 0, 0, 0], withResponse: false },
  ]);
  expect(d.send([0, 'Vibrate', 0])).toEqual([[0xaa, 0x03, 0x03, 0, 0, 0, 0]]);
});

test('no keepalive where upstream repeats only when the OS demands it', () => {
  expect(new Driver(sexverseV1, 'Rex').handler.keepaliveMs).toBeUndefined();
});
