// Vorze encoders (vorze-sa variants, vorze-cyclone-x) and the choice of device number, called
// directly. Expected bytes follow upstream's vorze_sa/*.rs (and for the Cyclone X10, which
// upstream does not drive, the stpihkal protocol notes); the upstream cases (test_vorze_*.yaml)
// run end to end in test/conformance.

import { describe, expect, test } from 'vitest';
import { buildDatabase, resolveDevice } from '../../src/config/index.js';
import type { ResolvedDevice } from '../../src/core/protocol.js';
import { encodeCycloneX, vorzeCycloneX } from '../../src/protocols/vorze-cyclone-x.js';
import { pistonSpeed, rotationByte, vorzeSa } from '../../src/protocols/vorze-sa.js';
import { FakeHardware } from './fake-hardware.js';
import { bytesOf, expectOn, OutputDriver, type Cmd } from './output-driver.js';

const { db } = buildDatabase();

/** As the runtime resolves it: vorze-sa identifies by the advertised name. */
function resolved(name: string): ResolvedDevice {
  const d = resolveDevice(db, 'vorze-sa', name, name);
  if (!d) throw new Error(`no vorze-sa configuration for ${name}`);
  return d;
}

/** Feeds commands the way the coalescer does: `current` holds every value written so far. */
class Driver extends OutputDriver {
  constructor(name: string) {
    super(vorzeSa, resolved(name));
  }
  send(...cmds: Cmd[]): number[][] {
    return bytesOf(expectOn(this.encode(...cmds), 'tx', true));
  }
}

describe('vorze-sa', () => {
  test('identification hands the advertised name on', async () => {
    expect(await vorzeSa.identify!(new FakeHardware('UFO-TW'))).toBe('UFO-TW');
  });

  test('rotation byte: bit 7 for clockwise (and for zero), then the speed', () => {
    expect(rotationByte(50)).toBe(0xb2);
    expect(rotationByte(99)).toBe(0xe3);
    expect(rotationByte(-99)).toBe(0x63);
    expect(rotationByte(-1)).toBe(0x01);
    expect(rotationByte(0)).toBe(0x80);
  });

  test('single rotators: device number by name (Cyclone SA 1, UFO SA 2), action 01', () => {
    const cyclone = new Driver('CycSA');
    expect(cyclone.send([0, 'Rotate', 99])).toEqual([[0x01, 0x01, 0xe3]]);
    expect(cyclone.send([0, 'Rotate', -50])).toEqual([[0x01, 0x01, 0x32]]);
    expect(cyclone.send([0, 'Rotate', 0])).toEqual([[0x01, 0x01, 0x80]]);
    expect(new Driver('UFOSA').send([0, 'Rotate', -99])).toEqual([[0x02, 0x01, 0x63]]);
  });

  test('UFO TW: both rotators in "05 left right", rebuilt from the current speeds', () => {
    const tw = new Driver('UFO-TW');
    expect(tw.send([1, 'Rotate', -20])).toEqual([[0x05, 0x80, 20]]);
    expect(tw.send([0, 'Rotate', 99])).toEqual([[0x05, 0xe3, 20]]);
    expect(tw.send([0, 'Rotate', 0], [1, 'Rotate', 0])).toEqual([[0x05, 0x80, 0x80]]);
  });

  test('single vibrators: Bach 06, Rocket 07, action 03', () => {
    expect(new Driver('Bach smart').send([0, 'Vibrate', 100])).toEqual([[0x06, 0x03, 100]]);
    const rocket = new Driver('ROCKET');
    expect(rocket.send([0, 'Vibrate', 1])).toEqual([[0x07, 0x03, 1]]);
    expect(rocket.send([0, 'Vibrate', 0])).toEqual([[0x07, 0x03, 0]]);
  });

  test('Omorfi: both vibrators in "09 a b"', () => {
    const omorfi = new Driver('OMORFI');
    expect(omorfi.send([0, 'Vibrate', 99])).toEqual([[0x09, 99, 0]]);
    expect(omorfi.send([1, 'Vibrate', 10])).toEqual([[0x09, 99, 10]]);
    expect(omorfi.send([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([[0x09, 0, 0]]);
  });

  test('Piston: "03 position speed", speed from the distance to the previous position', () => {
    expect(pistonSpeed(99, 1000)).toBe(4);
    expect(pistonSpeed(99, 200)).toBe(29);
    expect(pistonSpeed(0, 500)).toBe(100); // no distance: full speed
    expect(pistonSpeed(50, 0)).toBe(100); // no time: capped at 100
    expect(pistonSpeed(10, 5000)).toBe(0);
    const piston = new Driver('VorzePiston');
    expect(piston.send([0, 'HwPositionWithDuration', 99, 1000])).toEqual([[0x03, 99, 4]]);
    expect(piston.send([0, 'HwPositionWithDuration', 0, 200])).toEqual([[0x03, 0, 29]]);
    expect(piston.send([0, 'HwPositionWithDuration', 0, 200])).toEqual([[0x03, 0, 100]]);
  });

  test('a name the variant has no device number for is refused, as upstream does', () => {
    const bach = resolved('Bach smart');
    expect(() => vorzeSa.createHandler({ ...bach, identifier: 'Mystery' })).toThrow(
      "no Vorze SA encoder for device 'Mystery'",
    );
    const defaults: ResolvedDevice = {
      protocol: 'vorze-sa',
      identifier: 'Other',
      config: vorzeSa.definition.defaults!,
      features: [],
    };
    expect(() => vorzeSa.createHandler(defaults)).toThrow("no Vorze SA encoder for device 'Other'");
  });
});

describe('vorze-cyclone-x', () => {
  const frame = (pause: number, speed: number, mode: number) => [
    0x00,
    0x3c,
    0x30,
    0x31,
    0x35,
    0x32,
    pause,
    speed,
    0x30,
    mode,
    0x30,
    0x01,
    0x02,
    0x03,
    0x68,
    0x3e,
  ];

  test('16-byte frame: ASCII speed digit, sign as the mode digit', () => {
    expect([...encodeCycloneX(10).data]).toEqual(frame(0x30, 0x3a, 0x30));
    expect([...encodeCycloneX(-10).data]).toEqual(frame(0x30, 0x3a, 0x31));
    expect([...encodeCycloneX(3).data]).toEqual(frame(0x30, 0x33, 0x30));
    expect([...encodeCycloneX(0).data]).toEqual(frame(0x30, 0x30, 0x30));
  });

  test('handler: one frame per rotate command', () => {
    const d: ResolvedDevice = {
      protocol: 'vorze-cyclone-x',
      config: vorzeCycloneX.definition.defaults!,
      features: vorzeCycloneX.definition.defaults!.features!,
    };
    const writes = vorzeCycloneX
      .createHandler(d)
      .encode([{ feature: 0, type: 'Rotate', value: -5 }], new Map());
    expect(writes.map((w) => [w.endpoint, [...w.data], w.withResponse])).toEqual([
      ['tx', frame(0x30, 0x35, 0x31), false],
    ]);
  });
});
