// WeVibe encoders (protocols wevibe, wevibe-8bit, wevibe-chorus) and the classic WeVibe's init,
// called directly. Expected bytes follow upstream's wevibe.rs, wevibe8bit.rs and
// wevibe_chorus.rs; the upstream cases (test_wevibe_*.yaml) run end to end in test/conformance.

import { describe, expect, test } from 'vitest';
import type { ProtocolModule } from '../../src/core/protocol.js';
import { weVibe, weVibe8Bit, weVibeChorus } from '../../src/protocols/wevibe.js';
import { FakeHardware } from './fake-hardware.js';
import { bytesOf, expectOn, OutputDriver, resolvedDevice as resolved, type Cmd } from './output-driver.js';

/** Vibrate commands fed the way the coalescer does: `current` holds every value written so far. */
class Driver extends OutputDriver {
  constructor(module: ProtocolModule, name: string) {
    super(module, resolved(module.definition.id, name));
  }
  vibrate(...speeds: [feature: number, value: number][]): number[][] {
    return bytesOf(
      expectOn(
        this.encode(...speeds.map(([feature, value]): Cmd => [feature, 'Vibrate', value])),
        'tx',
        true,
      ),
    );
  }
}

const OFF = [0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

describe('wevibe (4-bit)', () => {
  test('init: the wake-up packet, then off, both with response', async () => {
    const hw = new FakeHardware('4plus');
    await weVibe.initialise!(hw, resolved('wevibe', '4plus'));
    expect(hw.ops.map((o) => (o.op === 'write' ? [o.endpoint, o.data, o.withResponse] : o))).toEqual([
      ['tx', [0x0f, 0x03, 0x00, 0x99, 0x00, 0x03, 0x00, 0x00], true],
      ['tx', OFF, true],
    ]);
  });

  test('4 Plus: external in the low nibble, internal in the high; both off is the off packet', () => {
    const plus = new Driver(weVibe, '4plus');
    expect(plus.vibrate([0, 15], [1, 15])).toEqual([[0x0f, 0x03, 0x00, 0xff, 0x00, 0x03, 0x00, 0x00]]);
    expect(plus.vibrate([0, 0])).toEqual([[0x0f, 0x03, 0x00, 0x0f, 0x00, 0x03, 0x00, 0x00]]);
    expect(plus.vibrate([1, 0])).toEqual([OFF]);
    expect(plus.vibrate([0, 1])).toEqual([[0x0f, 0x03, 0x00, 0x10, 0x00, 0x03, 0x00, 0x00]]);
  });

  test('one-motor models drive both nibbles from feature 0', () => {
    const pivot = new Driver(weVibe, 'Pivot');
    expect(pivot.vibrate([0, 15])).toEqual([[0x0f, 0x03, 0x00, 0xff, 0x00, 0x03, 0x00, 0x00]]);
    expect(pivot.vibrate([0, 0])).toEqual([OFF]);
  });
});

describe('wevibe-8bit', () => {
  test('Vector: ext+3, int+3 and a status bit per running motor', () => {
    const vector = new Driver(weVibe8Bit, 'Vector');
    expect(vector.vibrate([0, 12], [1, 12])).toEqual([[0x0f, 0x03, 0x00, 15, 15, 0x03, 0x00, 0x00]]);
    expect(vector.vibrate([1, 0])).toEqual([[0x0f, 0x03, 0x00, 3, 15, 0x01, 0x00, 0x00]]);
    expect(vector.vibrate([0, 0])).toEqual([OFF]);
  });

  test('one-motor models (Melt, 0–22) use feature 0 for both', () => {
    const melt = new Driver(weVibe8Bit, 'Melt');
    expect(melt.vibrate([0, 22])).toEqual([[0x0f, 0x03, 0x00, 25, 25, 0x03, 0x00, 0x00]]);
    expect(melt.vibrate([0, 0])).toEqual([OFF]);
  });
});

describe('wevibe-chorus', () => {
  test('int before ext, status bits as the 8-bit', () => {
    const chorus = new Driver(weVibeChorus, 'Chorus');
    expect(chorus.vibrate([0, 30], [1, 30])).toEqual([[0x0f, 0x03, 0x00, 30, 30, 0x03, 0x00, 0x00]]);
    expect(chorus.vibrate([0, 0])).toEqual([[0x0f, 0x03, 0x00, 0, 30, 0x02, 0x00, 0x00]]);
    expect(chorus.vibrate([1, 0])).toEqual([OFF]);
  });

  test('Sync Lite: one motor for both slots', () => {
    expect(new Driver(weVibeChorus, 'Sync Lite').vibrate([0, 5])).toEqual([
      [0x0f, 0x03, 0x00, 5, 5, 0x03, 0x00, 0x00],
    ]);
  });
});
