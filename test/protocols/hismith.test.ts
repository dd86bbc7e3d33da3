// Hismith (legacy) and Hismith mini: model identification and packets, byte for byte (upstream
// hismith.rs, hismith_mini.rs). The upstream cases (test_hismith_*.yaml) run in test/conformance.

import { describe, expect, test } from 'vitest';
import { buildDatabase, resolveDevice } from '../../src/config/index.js';
import type { ProtocolModule, ResolvedDevice } from '../../src/core/protocol.js';
import { hismithMini, modelIdentifier } from '../../src/protocols/hismith-mini.js';
import { hismith } from '../../src/protocols/hismith.js';
import { FakeHardware } from './fake-hardware.js';
import { bytesOf, expectOn, OutputDriver, type Cmd } from './output-driver.js';

const { db } = buildDatabase();

/** A peripheral whose characteristics answer reads from a script. */
class ReadableHardware extends FakeHardware {
  readonly reads: { endpoint: string; length: number; timeoutMs: number }[] = [];
  constructor(
    name: string,
    private readonly values: Readonly<Record<string, Uint8Array>>,
  ) {
    super(name);
  }
  override async read(endpoint = '', length = 0, timeoutMs = 0): Promise<Uint8Array> {
    this.reads.push({ endpoint, length, timeoutMs });
    const v = this.values[endpoint];
    if (v === undefined) throw new Error('read timed out');
    return v;
  }
}

async function identified(module: ProtocolModule, name: string, model: number[]): Promise<ResolvedDevice> {
  const hw = new ReadableHardware(name, { rxblemodel: Uint8Array.from(model) });
  const result = await module.identify!(hw);
  expect(hw.reads).toEqual([{ endpoint: 'rxblemodel', length: 128, timeoutMs: 500 }]);
  // A Handover names the protocol that takes the device over (newer models → hismith-mini).
  const [protocol, identifier] =
    typeof result === 'object' ? [result.protocol, result.identifier] : [module.definition.id, result];
  const d = resolveDevice(db, protocol, identifier, name);
  if (!d) throw new Error('unresolved');
  return d;
}

class Driver extends OutputDriver {
  send(...cmds: Cmd[]): number[][] {
    return bytesOf(expectOn(this.encode(...cmds), 'tx', false));
  }
}

test('model bytes read as lower-case hex', () => {
  expect(modelIdentifier(Uint8Array.of(0x22, 0x01))).toBe('2201');
  expect(modelIdentifier(Uint8Array.of(0x0a, 0xbc))).toBe('0abc');
});

describe('hismith (legacy models)', () => {
  test('Thrusting Cup: oscillation slot 4, vibration slot 6 with 0xf0 for off', async () => {
    const dev = await identified(hismith, 'HISMITH', [0x20, 0x01]);
    expect(dev.config.name).toBe('Hismith Thrusting Cup');
    const d = new Driver(hismith, dev);
    expect(d.send([0, 'Oscillate', 100])).toEqual([[0xaa, 0x04, 100, 104]]);
    expect(d.send([1, 'Vibrate', 1])).toEqual([[0xaa, 0x06, 0x01, 0x07]]);
    expect(d.send([0, 'Oscillate', 0], [1, 'Vibrate', 0])).toEqual([
      [0xaa, 0x04, 0x00, 0x04],
      [0xaa, 0x06, 0xf0, 0xf6],
    ]);
  });

  test('Wildolo vibrates on slot 4, off is 0', async () => {
    const d = new Driver(hismith, await identified(hismith, 'Wildolo', [0x30, 0x01]));
    expect(d.send([0, 'Vibrate', 100])).toEqual([[0xaa, 0x04, 100, 104]]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([[0xaa, 0x04, 0x00, 0x04]]);
  });

  test('a newer model found under a legacy name is handed over to hismith-mini, configuration included', async () => {
    const dev = await identified(hismith, 'HISMITH', [0x10, 0x05]);
    expect(dev.protocol).toBe('hismith-mini');
    expect(dev.config.name).toBe('Hismith Sex Machine');
    expect(new Driver(hismithMini, dev).send([0, 'Oscillate', 50])).toEqual([[0xcc, 0x03, 0x32, 0x35]]);
  });
});

describe('hismith-mini', () => {
  test('oscillation slot 3', async () => {
    const d = new Driver(hismithMini, await identified(hismithMini, 'Auxfun-Box', [0x40, 0x01]));
    expect(d.send([0, 'Oscillate', 100])).toEqual([[0xcc, 0x03, 100, 103]]);
    expect(d.send([0, 'Oscillate', 0])).toEqual([[0xcc, 0x03, 0, 3]]);
  });

  test('pump first, vibrator second: pump slot 3, vibrator slot 5', async () => {
    const d = new Driver(hismithMini, await identified(hismithMini, 'Sinloli', [0x22, 0x01]));
    expect(d.send([0, 'Constrict', 10], [1, 'Vibrate', 50])).toEqual([
      [0xcc, 0x03, 0x0a, 0x0d],
      [0xcc, 0x05, 0x32, 0x37],
    ]);
  });

  test('oscillator then pump: the pump is the second feature, slot 5', async () => {
    const d = new Driver(hismithMini, await identified(hismithMini, 'Sinloli Cosima', [0x22, 0x04]));
    expect(d.send([0, 'Oscillate', 20], [1, 'Constrict', 100])).toEqual([
      [0xcc, 0x03, 20, 23],
      [0xcc, 0x05, 100, 105],
    ]);
  });

  test('two vibrators: feature 0 on slot 3, feature 1 on slot 5', async () => {
    const d = new Driver(hismithMini, await identified(hismithMini, 'Eropair X', [0x31, 0x01]));
    expect(d.send([0, 'Vibrate', 100], [1, 'Vibrate', 1])).toEqual([
      [0xcc, 0x03, 100, 103],
      [0xcc, 0x05, 1, 6],
    ]);
  });

  test('rotation: speed on slot 3, then the direction', async () => {
    const d = new Driver(hismithMini, await identified(hismithMini, 'Sinloli Aston', [0x22, 0x05]));
    expect(d.send([0, 'Rotate', 100])).toEqual([
      [0xcc, 0x03, 100, 103],
      [0xcc, 0x01, 0xc0, 0xc1],
    ]);
    expect(d.send([0, 'Rotate', -100])).toEqual([
      [0xcc, 0x03, 100, 103],
      [0xcc, 0x01, 0xc1, 0xc2],
    ]);
    expect(d.send([0, 'Rotate', 0])).toEqual([
      [0xcc, 0x03, 0, 3],
      [0xcc, 0x01, 0xc0, 0xc1],
    ]);
  });

  test('spray: a shot for on; nothing for off (deliberate: upstream fires on stop too)', async () => {
    const d = new Driver(hismithMini, await identified(hismithMini, 'Hismith Piupiu', [0x40, 0x02]));
    expect(d.send([0, 'Spray', 1])).toEqual([[0xcc, 0x0b, 0x01, 0x0c]]);
    expect(d.send([0, 'Spray', 0])).toEqual([]);
  });
});
