// Magic Motion encoders (protocols magic-motion-1 to -4) and their battery read, called directly.
// Expected bytes follow upstream's magic_motion_v1.rs–v4.rs; the upstream cases
// (test_magic_motion_*.yaml) run end to end in test/conformance.

import { describe, expect, test } from 'vitest';
import type { ProtocolModule } from '../../src/core/protocol.js';
import { magicMotion1, magicMotion2, magicMotion3, magicMotion4 } from '../../src/protocols/magic-motion.js';
import { FakeHardware } from './fake-hardware.js';
import { expectOn, OutputDriver, resolvedDevice as resolved, tuplesOf, type Cmd } from './output-driver.js';

/** Feeds commands the way the coalescer does: `current` holds every value written so far. */
class Driver extends OutputDriver {
  constructor(module: ProtocolModule, name: string) {
    super(module, resolved(module.definition.id, name));
  }
  send(...cmds: Cmd[]): [bytes: number[], withResponse: boolean][] {
    return tuplesOf(expectOn(this.encode(...cmds), 'tx')).map(([, data, withResponse]) => [
      data,
      withResponse,
    ]);
  }
}

const single = (p: number, speed: number) => [
  0x0b,
  0xff,
  0x04,
  0x0a,
  p,
  p,
  0x00,
  0x04,
  0x08,
  speed,
  0x64,
  0x00,
];
const dual = (b6: number, a: number, b: number) => [
  0x10,
  0xff,
  0x04,
  0x0a,
  0x32,
  b6,
  0x00,
  0x04,
  0x08,
  a,
  0x64,
  0x00,
  0x04,
  0x08,
  b,
  0x64,
  0x01,
];

describe('magic-motion-1', () => {
  test('one motor per write, range ends', () => {
    const cell = new Driver(magicMotion1, 'Magic Cell');
    expect(cell.send([0, 'Vibrate', 100])).toEqual([[single(0x32, 100), false]]);
    expect(cell.send([0, 'Vibrate', 0])).toEqual([[single(0x32, 0), false]]);
  });

  test('the Xone oscillates with the same packet; wildcard names find their configuration', () => {
    expect(new Driver(magicMotion1, 'Xone').send([0, 'Oscillate', 40])).toEqual([[single(0x32, 40), false]]);
    expect(resolved('magic-motion-1', 'Smart Mini Vibe3').config.name).toBe('MagicMotion Vini');
  });

  test('battery: one byte from the standard battery characteristic', async () => {
    const reads: [string, number][] = [];
    const hw = new (class extends FakeHardware {
      // Optional parameters: FakeHardware declares read() without any.
      override async read(endpoint = '', length = 0): Promise<Uint8Array> {
        reads.push([endpoint, length]);
        return Uint8Array.of(42);
      }
    })('Magic Cell');
    const handler = magicMotion1.createHandler(resolved('magic-motion-1', 'Magic Cell'));
    expect(await handler.readInput!(hw, 1, 'Battery')).toEqual([42]);
    expect(reads).toEqual([['rxblebattery', 1]]);
  });
});

describe('magic-motion-2', () => {
  test('Eidolon: both motors in one packet, rebuilt from the current speeds (test_magic_motion_2_eidolon)', () => {
    const eidolon = new Driver(magicMotion2, 'Eidolon');
    expect(eidolon.send([0, 'Vibrate', 50], [1, 'Vibrate', 25])).toEqual([[dual(0x0a, 0x32, 0x19), false]]);
    expect(eidolon.send([0, 'Vibrate', 0])).toEqual([[dual(0x0a, 0x00, 0x19), false]]);
    expect(eidolon.send([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([[dual(0x0a, 0, 0), false]]);
  });

  test('one-motor models leave the second slot at 0', () => {
    expect(new Driver(magicMotion2, 'Sword').send([0, 'Vibrate', 100])).toEqual([
      [dual(0x0a, 100, 0), false],
    ]);
  });

  test('FunTown Jive: its oscillator fills the second slot (upstream refuses it)', () => {
    const jive = new Driver(magicMotion2, 'CBT001');
    expect(jive.send([0, 'Vibrate', 10], [1, 'Oscillate', 90])).toEqual([[dual(0x0a, 10, 90), false]]);
  });
});

describe('magic-motion-3', () => {
  test('Krush: the single packet with 46 46, range 0–77', () => {
    const krush = new Driver(magicMotion3, 'Krush');
    expect(krush.send([0, 'Vibrate', 77])).toEqual([[single(0x46, 77), false]]);
    expect(krush.send([0, 'Vibrate', 0])).toEqual([[single(0x46, 0), false]]);
  });
});

describe('magic-motion-4', () => {
  test('two-motor models: both slots from the current speeds, with response', () => {
    const bobi = new Driver(magicMotion4, 'bobi2');
    expect(bobi.send([1, 'Vibrate', 100])).toEqual([[dual(0x32, 0, 100), true]]);
    expect(bobi.send([0, 'Vibrate', 1])).toEqual([[dual(0x32, 1, 100), true]]);
    expect(bobi.send([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([[dual(0x32, 0, 0), true]]);
  });

  test('one-motor models put the speed in both slots', () => {
    const nyx = new Driver(magicMotion4, 'nyx');
    expect(nyx.send([0, 'Vibrate', 100])).toEqual([[dual(0x32, 100, 100), true]]);
    expect(nyx.send([0, 'Vibrate', 0])).toEqual([[dual(0x32, 0, 0), true]]);
  });
});
