// Lelo encoders (F1s, Harmony) and the pairing handshake (Harmony, F1s V2), against a scripted
// peripheral. Expected bytes and exchanges follow upstream's lelof1s.rs, lelof1sv2.rs and
// lelo_harmony.rs; the upstream cases (test_lelo_*.yaml) run end to end in test/conformance.

import { describe, expect, test } from 'vitest';
import { handlerContext, type ProtocolModule } from '../../src/core/protocol.js';
import { encodeF1s, leloF1s } from '../../src/protocols/lelo-f1s.js';
import { leloF1sV2 } from '../../src/protocols/lelo-f1sv2.js';
import { HARMONY_AUTH, leloAuthorise, leloHarmony } from '../../src/protocols/lelo-harmony.js';
import { FakeHardware } from './fake-hardware.js';
import { expectOn, OutputDriver, resolvedDevice as resolved, tuplesOf, type Cmd } from './output-driver.js';

/** Feeds commands the way the coalescer does: `current` holds every value written so far. */
class Driver extends OutputDriver {
  static of(module: ProtocolModule, name: string): Driver {
    return new Driver(module, resolved(module.definition.id, name));
  }
  send(...cmds: Cmd[]): [bytes: number[], withResponse: boolean][] {
    return tuplesOf(expectOn(this.encode(...cmds), 'tx')).map(([, data, withResponse]) => [
      data,
      withResponse,
    ]);
  }
}

/**
 * A Lelo toy's security characteristic: after each subscribe it notifies the next group of
 * answers from the script, one per macrotask (the toy answers only while subscribed).
 */
class LeloPeripheral extends FakeHardware {
  constructor(
    private readonly script: number[][][],
    endpoints: readonly string[],
  ) {
    super('Lelo');
    for (const e of endpoints) this.endpoints.add(e);
  }
  override async subscribe(endpoint: string): Promise<void> {
    await super.subscribe(endpoint);
    const group = this.script.shift() ?? [];
    group.forEach((bytes, i) => setTimeout(() => this.notify(endpoint, Uint8Array.from(bytes)), i));
  }
}

const opsOf = (hw: FakeHardware) =>
  hw.ops.map((o) =>
    o.op === 'write' ? `write ${o.endpoint} [${o.data}] ${o.withResponse}` : `${o.op} ${o.endpoint}`,
  );

describe('lelo-f1s', () => {
  test('init subscribes to rx and nothing more', async () => {
    const hw = new FakeHardware('F1s');
    await leloF1s.initialise!(hw, resolved('lelo-f1s', 'F1s'));
    expect(opsOf(hw)).toEqual(['subscribe rx']);
  });

  test('both motors in "01 a b" without response; one changed motor keeps the other', () => {
    const f1s = Driver.of(leloF1s, 'F1s');
    expect(f1s.send([0, 'Vibrate', 50])).toEqual([[[0x01, 50, 0], false]]);
    expect(f1s.send([1, 'Vibrate', 100])).toEqual([[[0x01, 50, 100], false]]);
    expect(f1s.send([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([[[0x01, 0, 0], false]]);
  });
});

describe('lelo-harmony', () => {
  test('one "0a 12 motor 08 00 00 00 00 speed 00" per motor, vibrators and rotators alike', () => {
    const ida = Driver.of(leloHarmony, 'IdaWave');
    expect(ida.send([0, 'Vibrate', 100], [1, 'Rotate', 1])).toEqual([
      [[0x0a, 0x12, 0x01, 0x08, 0, 0, 0, 0, 100, 0x00], false],
      [[0x0a, 0x12, 0x02, 0x08, 0, 0, 0, 0, 1, 0x00], false],
    ]);
    expect(ida.send([0, 'Vibrate', 0], [1, 'Rotate', 0])).toEqual([
      [[0x0a, 0x12, 0x01, 0x08, 0, 0, 0, 0, 0, 0x00], false],
      [[0x0a, 0x12, 0x02, 0x08, 0, 0, 0, 0, 0, 0x00], false],
    ]);
  });

  test("Hugo 2 inherits the defaults' two vibrators", () => {
    const hugo = Driver.of(leloHarmony, 'Hugo2');
    expect(hugo.send([1, 'Vibrate', 30])).toEqual([[[0x0a, 0x12, 0x02, 0x08, 0, 0, 0, 0, 30, 0x00], false]]);
  });

  test('handshake: zeros wait, a password is written back unsubscribed, 01 authorises', async () => {
    const hw = new LeloPeripheral([[[0], [], [1, 2, 3, 4, 5, 6, 8]], [[0x01, 0x00]]], ['whitelist']);
    await leloHarmony.initialise!(hw, resolved('lelo-harmony', 'TianiHarmony'));
    expect(opsOf(hw)).toEqual([
      'subscribe whitelist',
      'unsubscribe whitelist',
      'write whitelist [1,2,3,4,5,6,8] true',
      'subscribe whitelist',
    ]);
  });

  test('handshake: an already authorised toy needs no password', async () => {
    const hw = new LeloPeripheral([[[1]]], ['whitelist']);
    await leloAuthorise(hw, 'whitelist', HARMONY_AUTH);
    expect(opsOf(hw)).toEqual(['subscribe whitelist']);
  });

  test('handshake: waits are bounded by the timeout, and a failed wait fails the handshake', async () => {
    const hw = new LeloPeripheral([], ['whitelist']);
    const auth = leloAuthorise(hw, 'whitelist', HARMONY_AUTH, 50);
    // FakeHardware fails pending waits at the next write (its stand-in for a timeout).
    setTimeout(() => void hw.write('tx', Uint8Array.of(0)), 5);
    await expect(auth).rejects.toThrow('timed out');
    expect(hw.waits).toHaveLength(1);
    expect(hw.waits[0]).toBeGreaterThan(0);
    expect(hw.waits[0]).toBeLessThanOrEqual(50);
  });
});

describe('lelo-f1sv2', () => {
  test('with a whitelist: exact eight-byte answers, then the F1s packet with response', async () => {
    // [0] alone is not the eight-byte "not authorised", so the F1s V2 treats it as a password.
    const hw = new LeloPeripheral(
      [
        [[0]],
        [
          [0, 0, 0, 0, 0, 0, 0, 0],
          [1, 0, 0, 0, 0, 0, 0, 0],
        ],
      ],
      ['whitelist', 'generic0'],
    );
    const d = resolved('lelo-f1sv2', 'F1SV2A');
    const learned = await leloF1sV2.initialise!(hw, d);
    expect(opsOf(hw)).toEqual([
      'subscribe whitelist',
      'unsubscribe whitelist',
      'write whitelist [0] true',
      'subscribe whitelist',
    ]);
    const f1s = new Driver(leloF1sV2.createHandler(d, handlerContext(hw, learned)));
    expect(f1s.send([0, 'Vibrate', 75], [1, 'Vibrate', 50])).toEqual([[[0x01, 75, 50], true]]);
  });

  test('without a whitelist: the handshake on generic0, then the Harmony commands', async () => {
    const hw = new LeloPeripheral([[[1, 0, 0, 0, 0, 0, 0, 0]]], ['generic0']);
    const d = resolved('lelo-f1sv2', 'F2');
    expect(d.config.name).toBe('Lelo F2S');
    const learned = await leloF1sV2.initialise!(hw, d);
    expect(opsOf(hw)).toEqual(['subscribe generic0']);
    const f2 = new Driver(leloF1sV2.createHandler(d, handlerContext(hw, learned)));
    expect(f2.send([1, 'Vibrate', 20])).toEqual([[[0x0a, 0x12, 0x02, 0x08, 0, 0, 0, 0, 20, 0x00], false]]);
  });

  test('encodeF1s', () => {
    expect([...encodeF1s([100, 100], true).data]).toEqual([0x01, 100, 100]);
  });
});
