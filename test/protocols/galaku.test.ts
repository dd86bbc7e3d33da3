// Galaku and Galaku pump frames, byte for byte. Expected bytes come from a literal port of
// upstream galaku.rs / galaku_pump.rs (u32 arithmetic, then truncated), not from our encoder.

import { describe, expect, test } from 'vitest';
import { handlerContext, type ProtocolModule } from '../../src/core/protocol.js';
import { galakuPump } from '../../src/protocols/galaku-pump.js';
import { batteryRequest, galaku, PLAIN_FRAME_NAME } from '../../src/protocols/galaku.js';
import { FakeHardware } from './fake-hardware.js';
import { OutputDriver, resolvedDevice as resolved, tuplesOf, type Cmd, type Sent } from './output-driver.js';

async function driver(module: ProtocolModule, name: string): Promise<Driver> {
  const dev = resolved(module.definition.id, name);
  const hw = new FakeHardware(name);
  const learned = await module.initialise?.(hw, dev);
  return new Driver(module, dev, handlerContext(hw, learned));
}

class Driver extends OutputDriver {
  send(...cmds: Cmd[]): Sent[] {
    return tuplesOf(this.encode(...cmds));
  }
}

describe('galaku', () => {
  test('one motor: range ends (test_galaku.yaml bytes)', async () => {
    const d = await driver(galaku, 'GX21');
    expect(d.send([0, 'Vibrate', 0])).toEqual([
      ['tx', [0x23, 0x81, 0xbb, 0xab, 0xd2, 0xec, 0x3b, 0x23, 0xbb, 0xa3, 0x3b, 0x90], false],
    ]);
    expect(d.send([0, 'Vibrate', 100])).toEqual([
      ['tx', [0x23, 0x81, 0xbb, 0xab, 0xd2, 0xec, 0x57, 0x23, 0xbb, 0xa3, 0x3b, 0x44], false],
    ]);
  });

  test('two motors share one frame, built from the current values', async () => {
    const d = await driver(galaku, 'G317'); // oscillate 0, vibrate 1
    expect(d.send([0, 'Oscillate', 30], [1, 'Vibrate', 70])).toEqual([
      ['tx', [0x23, 0x81, 0xbb, 0xab, 0xd2, 0x7b, 0x44, 0x3d, 0x75, 0x43, 0x3b, 0x16], false],
    ]);
    expect(d.send([0, 'Oscillate', 0], [1, 'Vibrate', 0])).toEqual([
      ['tx', [0x23, 0x81, 0xbb, 0xab, 0xd2, 0x7b, 0x44, 0x33, 0xbb, 0xa3, 0x3b, 0xf2], false],
    ]);
  });

  test('constrict and rotate take the second slot like the others', async () => {
    const cup = await driver(galaku, 'TFG1'); // vibrate 0, constrict 1
    const rhino = await driver(galaku, 'G339'); // vibrate 0, rotate 1
    const frame = [0x23, 0x81, 0xbb, 0xab, 0xd2, 0x7b, 0x44, 0x3d, 0x75, 0x43, 0x3b, 0x16];
    cup.send([0, 'Vibrate', 30]);
    expect(cup.send([1, 'Constrict', 70])).toEqual([['tx', frame, false]]);
    rhino.send([0, 'Vibrate', 30]);
    expect(rhino.send([1, 'Rotate', 70])).toEqual([['tx', frame, false]]);
  });

  test('the Vision controller takes plain frames', async () => {
    const d = await driver(galaku, PLAIN_FRAME_NAME);
    expect(d.send([0, 'Vibrate', 55])).toEqual([
      ['tx', [0xaa, 1, 10, 3, 55, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], false],
    ]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([
      ['tx', [0xaa, 1, 10, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], false],
    ]);
  });

  test('battery: subscribe, request with response, level from the notification', async () => {
    // The request gets an (ignored) answer on rx so the fake does not time the wait out; the level
    // comes on the battery characteristic.
    const hw = new FakeHardware('GX21', () => ['ok']);
    const handler = (await driver(galaku, 'GX21')).handler;
    const reading = handler.readInput!(hw, 1, 'Battery');
    await new Promise((r) => setTimeout(r, 0));
    hw.notify('rxblebattery', Uint8Array.of(87));
    expect(await reading).toEqual([87]);
    expect(hw.ops[0]).toEqual({ op: 'subscribe', endpoint: 'rxblebattery' });
    expect(hw.ops[1]).toMatchObject({ op: 'write', endpoint: 'tx', withResponse: true });
    expect([...batteryRequest()]).toEqual([
      0x23, 0x81, 0xbb, 0xab, 0xd2, 0xce, 0xd3, 0x23, 0xbb, 0xa3, 0x3b, 0xc2,
    ]);
    expect((hw.ops[1] as { data: number[] }).data).toEqual([...batteryRequest()]);
  });
});

describe('galaku-pump', () => {
  test('oscillate then vibrate in one frame, written with response', async () => {
    const d = await driver(galakuPump, 'V415');
    expect(d.send([0, 'Oscillate', 50], [1, 'Vibrate', 25])).toEqual([
      ['tx', [0x23, 0x81, 0xbb, 0xab, 0xd2, 0x9b, 0x44, 0x61, 0x44, 0xc3, 0x3b, 0x0f], true],
    ]);
    expect(d.send([0, 'Oscillate', 0], [1, 'Vibrate', 0])).toEqual([
      ['tx', [0x23, 0x81, 0xbb, 0xab, 0xd2, 0x9b, 0x44, 0x33, 0xbb, 0xa3, 0x3b, 0xd2], true],
    ]);
  });
});

test('every galaku configuration gets a handler', () => {
  for (const c of galaku.definition.configurations) {
    for (const id of c.identifiers ?? [])
      expect(() => galaku.createHandler(resolved('galaku', id))).not.toThrow();
  }
});
