// Shared protocol helpers: upstream's byte casts, output slots and the whole-device handler.

import { describe, expect, test } from 'vitest';
import type { OutputCommand } from '../../src/core/commands.js';
import { outputKey } from '../../src/core/protocol.js';
import { battery, output } from '../../src/protocols/define.js';
import { launchSpeed } from '../../src/protocols/kiiroo-launch.js';
import { PacketHandler, speedsPacket } from '../../src/protocols/shared/handlers.js';
import { outputSlots, slotValues } from '../../src/protocols/shared/outputs.js';
import { bytesWrite, f64ToU8, u8 } from '../../src/protocols/shared/writes.js';

describe('casts as upstream makes them', () => {
  test('integer `as u8` keeps the low 8 bits', () => {
    expect(u8(255)).toBe(255);
    expect(u8(256)).toBe(0);
    expect(u8(-1)).toBe(255);
  });

  test('float `as u8` truncates and saturates; NaN is 0', () => {
    expect(f64ToU8(40.9)).toBe(40);
    expect(f64ToU8(-3)).toBe(0);
    expect(f64ToU8(300)).toBe(255);
    expect(f64ToU8(Infinity)).toBe(255);
    expect(f64ToU8(NaN)).toBe(0);
  });

  test('launchSpeed: full stroke in 450 ms units, no distance is no speed', () => {
    expect(launchSpeed(1, 500)).toBeCloseTo(250 * Math.pow(450, -1.05));
    expect(launchSpeed(0, 500)).toBe(0);
    expect(launchSpeed(-1, 500)).toBe(0);
    expect(launchSpeed(2, 500)).toBe(launchSpeed(1, 500)); // distance clamps at a full stroke
  });
});

describe('output slots', () => {
  const features = [output(0, undefined, 'Vibrate', 100), output(1, undefined, 'Oscillate', 100), battery(2)];

  test('every output feature with its first output type; inputs are skipped', () => {
    expect(outputSlots(features)).toEqual([
      { feature: 0, type: 'Vibrate' },
      { feature: 1, type: 'Oscillate' },
    ]);
  });

  test('values by feature index, 0 where nothing was written', () => {
    const current = new Map<string, OutputCommand>([
      [outputKey(1, 'Oscillate'), { feature: 1, type: 'Oscillate', value: 7 }],
    ]);
    expect(slotValues(current, outputSlots(features), 3)).toEqual([0, 7, 0]);
  });

  test('the whole-device handler writes nothing for an empty flush', () => {
    const handler = new PacketHandler(speedsPacket(outputSlots(features), 2, (s) => bytesWrite(s)));
    expect(handler.encode([], new Map())).toEqual([]);
  });
});
