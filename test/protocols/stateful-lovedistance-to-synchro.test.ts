// The families lovedistance to synchro that remember something (Lovehoney Desire and Patoo build one packet from
// both motors, ServeU travels from its last goal), that identify or initialise (Love Distance,
// Nobra, Mizz Zee v3, Patoo, Pretty Love), and the entries upstream does not drive.

import { describe, expect, test } from 'vitest';
import { lovedistance } from '../../src/protocols/lovedistance.js';
import { encodeDual, lovehoneyDesire } from '../../src/protocols/lovehoney-desire.js';
import { MIZZZEE_V3_KEEPALIVE_MS, mizzzeeV3 } from '../../src/protocols/mizzzee-v3.js';
import { muse } from '../../src/protocols/muse.js';
import { nobra } from '../../src/protocols/nobra.js';
import { patoo, patooIdentifier } from '../../src/protocols/patoo.js';
import { prettylove } from '../../src/protocols/prettylove.js';
import { realtouch } from '../../src/protocols/realtouch.js';
import { sayberx } from '../../src/protocols/sayberx.js';
import { serveu, speedByte } from '../../src/protocols/serveu.js';
import { FakeHardware } from './fake-hardware.js';
import { OutputDriver, resolvedDevice as resolved, tuplesOf, type Cmd, type Sent } from './output-driver.js';

/** Feeds commands as the coalescer does: `current` holds every value written so far. */
class Driver extends OutputDriver {
  send(...cmds: Cmd[]): Sent[] {
    return tuplesOf(this.encode(...cmds));
  }
}

describe('Lovehoney Desire', () => {
  test('single-motor toys address the whole toy (motor 0)', () => {
    const d = new Driver(lovehoneyDesire, resolved('lovehoney-desire', 'LOVE EGG'));
    expect(d.send([0, 'Vibrate', 127])).toEqual([['tx', [0xf3, 0x00, 0x7f], true]]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([['tx', [0xf3, 0x00, 0x00], true]]);
  });

  test('the Prostate Vibrator writes both motors, or motor 0 when they match', () => {
    const d = new Driver(lovehoneyDesire, resolved('lovehoney-desire', 'PROSTATE VIBE'));
    expect(d.send([1, 'Vibrate', 127])).toEqual([
      ['tx', [0xf3, 0x01, 0x00], true],
      ['tx', [0xf3, 0x02, 0x7f], true],
    ]);
    expect(d.send([0, 'Vibrate', 127])).toEqual([['tx', [0xf3, 0x00, 0x7f], true]]);
    expect(d.send([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([['tx', [0xf3, 0x00, 0x00], true]]);
  });

  test('encodeDual', () => {
    expect(encodeDual(5, 5).map((w) => [...w.data])).toEqual([[0xf3, 0, 5]]);
    expect(encodeDual(0, 9).map((w) => [...w.data])).toEqual([
      [0xf3, 1, 0],
      [0xf3, 2, 9],
    ]);
  });
});

describe('Patoo', () => {
  test.each([
    ['PTVEA1234', 'PTVEA'],
    ['PBT', 'PBT'],
    ['PHT07', 'PHT'],
  ])('identifies %s as %s (the letters before the serial number)', async (name, id) => {
    expect(patooIdentifier(name)).toBe(id);
    expect(await patoo.identify!(new FakeHardware(name))).toBe(id);
  });

  test('the identifier selects the configuration', () => {
    expect(resolved('patoo', 'PBT0042', 'PBT').config.name).toBe('Patoo Devil');
    expect(resolved('patoo', 'PTVEA1', 'PTVEA').config.name).toBe('Patoo Carrot');
  });

  test('speed on tx and mode on txmode: first motor wins, the second runs alone in mode 0x80', () => {
    const d = new Driver(patoo, resolved('patoo', 'PBT1', 'PBT'));
    expect(d.send([1, 'Vibrate', 50])).toEqual([
      ['tx', [50], true],
      ['txmode', [0x80], true],
    ]);
    expect(d.send([0, 'Vibrate', 100])).toEqual([
      ['tx', [100], true],
      ['txmode', [0x04], true],
    ]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([
      ['tx', [50], true],
      ['txmode', [0x80], true],
    ]);
    expect(d.send([1, 'Vibrate', 0])).toEqual([
      ['tx', [0], true],
      ['txmode', [0x00], true],
    ]);
  });

  test('one-motor toys', () => {
    const d = new Driver(patoo, resolved('patoo', 'PCS9', 'PCS'));
    expect(d.send([0, 'Vibrate', 1])).toEqual([
      ['tx', [1], true],
      ['txmode', [0x04], true],
    ]);
  });
});

describe('ServeU', () => {
  test.each([
    [0, 100, 1000, 38], // 100 u/s: (100 - 50) / 4 → 13, + 25
    [100, 50, 1000, 25], // 50 u/s: / 2
    [0, 1, 1000, 1],
    [0, 100, 100, 210], // 1000 u/s: (1000 - 750) / 25 → 10, + 200
    [0, 100, 50, 0xfa], // 2000 u/s is the last step below the maximum...
    [0, 100, 10, 0xfa], // ...and anything faster is the maximum
    [40, 40, 500, 0], // no travel: stop
    [0, 100, 0, 0xfa], // no time: as fast as it goes
    [40, 40, 0, 0xfa], // 0/0 falls through to the maximum upstream too
  ])('%i → %i in %i ms: speed %i', (from, to, ms, speed) => {
    expect(speedByte(from, to, ms)).toBe(speed);
  });

  test('each move travels from the last goal, starting at 0', () => {
    const d = new Driver(serveu, resolved('serveu', 'ServeU'));
    expect(d.send([0, 'HwPositionWithDuration', 100, 1000])).toEqual([['tx', [0x01, 100, 38], false]]);
    expect(d.send([0, 'HwPositionWithDuration', 50, 1000])).toEqual([['tx', [0x01, 50, 25], false]]);
    expect(d.send([0, 'HwPositionWithDuration', 50, 1000])).toEqual([['tx', [0x01, 50, 0], false]]);
  });
});

describe('initialisation and identification', () => {
  test('Love Distance hands control over with two writes', async () => {
    const hw = new FakeHardware('REACH');
    await lovedistance.initialise!(hw, resolved('lovedistance', 'REACH'));
    expect(hw.ops).toEqual([
      { op: 'write', endpoint: 'tx', text: '\xf3\x00\x00', data: [0xf3, 0x00, 0x00], withResponse: false },
      { op: 'write', endpoint: 'tx', text: '\xf4\x01', data: [0xf4, 0x01], withResponse: false },
    ]);
  });

  test('Nobra is stopped at connection', async () => {
    const hw = new FakeHardware('NobraControl');
    await nobra.initialise!(hw, resolved('nobra', 'NobraControl'));
    expect(hw.ops.map((o) => (o.op === 'write' ? [o.endpoint, o.data, o.withResponse] : o))).toEqual([
      ['tx', [0x70], false],
    ]);
  });

  test('Mizz Zee v3 is stopped at connection and repeats its last frame every 200 ms', async () => {
    const hw = new FakeHardware('XHTKJ');
    const device = resolved('mizzzee-v3', 'XHTKJ');
    await mizzzeeV3.initialise!(hw, device);
    expect(hw.ops.map((o) => (o.op === 'write' ? [o.endpoint, o.data, o.withResponse] : o))).toEqual([
      ['tx', [0x03, 0x12, ...Array(18).fill(0)], true],
    ]);
    expect(MIZZZEE_V3_KEEPALIVE_MS).toBe(200);
    expect(mizzzeeV3.createHandler(device).keepaliveMs).toBe(200);
  });

  test('no other lovedistance–synchro handler asks for a keepalive', () => {
    expect(new Driver(nobra, resolved('nobra', 'NobraControl')).handler.keepaliveMs).toBeUndefined();
  });

  test('Pretty Love always identifies as "Aogu BLE", which selects the defaults', async () => {
    const hw = new FakeHardware('Aogu BLE 12');
    const id = await prettylove.identify!(hw);
    expect(id).toBe('Aogu BLE');
    expect(hw.ops).toEqual([]);
    expect(resolved('prettylove', 'Aogu BLE 12', id as string).config.name).toBe('Pretty Love Device');
  });
});

describe('entries upstream does not drive', () => {
  test.each([
    [muse, 'WB-TDD'],
    [sayberx, 'SayberX'],
    [realtouch, 'RealTouch'],
  ])('%#: the device is named but creating a handler fails', (module, name) => {
    const device = resolved(module.definition.id, name);
    expect(device.config.name).not.toBe('');
    expect(() => module.createHandler(device)).toThrow(/is not driven: upstream has no/);
  });
});
