// Svakom protocol families, byte for byte against the upstream encoders
// (svakom/*.rs): every output type, range ends, several features at once and stops, through the
// handler the way the coalescer drives it. The upstream YAML cases run in test/conformance.

import { describe, expect, test } from 'vitest';
import type { OutputCommand } from '../../src/core/commands.js';
import {
  handlerContext,
  outputKey,
  type ProtocolModule,
  type ResolvedDevice,
} from '../../src/core/protocol.js';
import { perCommandHandler } from '../../src/protocols/shared/handlers.js';
import { encodeAlexV2Vibrate, svakomAlexV2 } from '../../src/protocols/svakom-alex-v2.js';
import { encodeAlexVibrate, svakomAlex } from '../../src/protocols/svakom-alex.js';
import { svakomAvaNeo } from '../../src/protocols/svakom-avaneo.js';
import { svakomBarnard } from '../../src/protocols/svakom-barnard.js';
import { BARNEY_STYLE, svakomBarney } from '../../src/protocols/svakom-barney.js';
import { encodeDiceVibrate, svakomDice } from '../../src/protocols/svakom-dice.js';
import { svakomDt250a } from '../../src/protocols/svakom-dt250a.js';
import { encodeIkerVibrators, svakomIker } from '../../src/protocols/svakom-iker.js';
import { svakomJordan } from '../../src/protocols/svakom-jordan.js';
import { encodePulseVibrate, svakomPulse } from '../../src/protocols/svakom-pulse.js';
import {
  encodeSamSuction,
  encodeSamVibrate,
  isSecondGeneration,
  svakomSam,
} from '../../src/protocols/svakom-sam.js';
import { svakomSam2 } from '../../src/protocols/svakom-sam2.js';
import { encodeDualVibe } from '../../src/protocols/svakom-shared.js';
import { encodeSuitcaseMain, svakomSuitcase } from '../../src/protocols/svakom-suitcase.js';
import { svakomTaraX } from '../../src/protocols/svakom-tarax.js';
import { svakomV1 } from '../../src/protocols/svakom-v1.js';
import { encodeSvakomV2Vibrate, svakomV2 } from '../../src/protocols/svakom-v2.js';
import { svakomV3 } from '../../src/protocols/svakom-v3.js';
import { SVAKOM_V4_STYLE, svakomV4 } from '../../src/protocols/svakom-v4.js';
import { SVAKOM_V5_STYLE, svakomV5 } from '../../src/protocols/svakom-v5.js';
import { svakomV6 } from '../../src/protocols/svakom-v6.js';
import { FakeHardware } from './fake-hardware.js';
import { TxDriver, txBytes, txPlain, resolvedDevice } from './output-driver.js';

const bytes = txBytes;
const Driver = TxDriver;
const plain = txPlain;
const resolved = (module: ProtocolModule, name: string): ResolvedDevice =>
  resolvedDevice(module.definition.id, name);

describe('single-packet families', () => {
  test('svakom-alex: 0 is written as 0xff', () => {
    const d = new Driver(svakomAlex, 'Alex NEO');
    expect(d.send([0, 'Vibrate', 1])).toEqual([[18, 1, 3, 0, 1, 0]]);
    expect(d.send([0, 'Vibrate', 3])).toEqual([[18, 1, 3, 0, 3, 0]]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([[18, 1, 3, 0, 0xff, 0]]);
    expect(encodeAlexVibrate(2).withResponse).toBe(false);
  });

  test('svakom-alex-v2: speed and speed + 5', () => {
    const d = new Driver(svakomAlexV2, 'S63E Alex NEO 2');
    expect(d.device.config.name).toBe('Svakom Alex Neo 2');
    expect(d.send([0, 'Vibrate', 3])).toEqual([[0x55, 3, 3, 0, 3, 8]]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([[0x55, 3, 3, 0, 0, 5]]);
    expect(bytes([encodeAlexV2Vibrate(1)])).toEqual([[0x55, 3, 3, 0, 1, 6]]);
  });

  test('svakom-avaneo: feature 0 in the main packet, feature 1 oscillates in its own', () => {
    const d = new Driver(svakomAvaNeo, 'Ava Neo');
    expect(d.send([0, 'Vibrate', 10], [1, 'Oscillate', 1])).toEqual([
      [0x55, 0x03, 0, 0, 0x01, 10],
      [0x55, 0x08, 0, 0, 1, 0xff],
    ]);
    expect(d.send([0, 'Vibrate', 0], [1, 'Oscillate', 0])).toEqual([
      [0x55, 0x03, 0, 0, 0x00, 0],
      [0x55, 0x08, 0, 0, 0, 0xff],
    ]);
  });

  test('svakom-barnard: vibrate and oscillate', () => {
    const d = new Driver(svakomBarnard, 'DG239A');
    expect(d.send([0, 'Vibrate', 3], [1, 'Oscillate', 3])).toEqual([
      [0x55, 0x03, 0, 0, 3, 0x01],
      [0x55, 0x08, 0, 0, 3, 0xff],
    ]);
    expect(d.send([0, 'Vibrate', 0], [1, 'Oscillate', 0])).toEqual([
      [0x55, 0x03, 0, 0, 0, 0x00],
      [0x55, 0x08, 0, 0, 0, 0x00],
    ]);
  });

  test('svakom-dice: full range', () => {
    const d = new Driver(svakomDice, 'ZhiAi');
    expect(d.send([0, 'Vibrate', 255])).toEqual([[0x55, 0x04, 0, 0, 0x01, 255, 0xaa]]);
    expect(bytes([encodeDiceVibrate(0)])).toEqual([[0x55, 0x04, 0, 0, 0x01, 0, 0xaa]]);
  });

  test('svakom-dt250a: two vibrator modes and suction', () => {
    const d = new Driver(svakomDt250a, 'DT250A');
    expect(d.send([0, 'Vibrate', 3], [1, 'Vibrate', 2], [2, 'Constrict', 2])).toEqual([
      [0x55, 0x03, 0, 0, 3, 0x01],
      [0x55, 0x08, 0, 0, 2, 0x01],
      [0x55, 0x09, 0, 0, 2, 0x00],
    ]);
    expect(d.send([0, 'Vibrate', 0], [1, 'Vibrate', 0], [2, 'Constrict', 0])).toEqual([
      [0x55, 0x03, 0, 0, 0, 0x00],
      [0x55, 0x08, 0, 0, 0, 0x00],
      [0x55, 0x09, 0, 0, 0, 0x00],
    ]);
  });

  test('svakom-jordan: vibrate and oscillate', () => {
    const d = new Driver(svakomJordan, 'Jordan');
    expect(d.send([0, 'Vibrate', 10], [1, 'Oscillate', 5])).toEqual([
      [0x55, 0x03, 0, 0, 0x01, 10, 0],
      [0x55, 0x08, 0, 0, 0x01, 5, 0],
    ]);
    expect(d.send([1, 'Oscillate', 0])).toEqual([[0x55, 0x08, 0, 0, 0x00, 0, 0]]);
  });

  test('svakom-pulse: speed + 1, stop is [.., 0, 1]', () => {
    const d = new Driver(svakomPulse, 'Pulse Galaxie');
    expect(d.device.config.name).toBe('Svakom Pulse Galaxie');
    expect(d.send([0, 'Vibrate', 9])).toEqual([[0x55, 0x03, 0x03, 0, 0x01, 10]]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([[0x55, 0x03, 0x03, 0, 0x00, 1]]);
    expect(bytes([encodePulseVibrate(1)])).toEqual([[0x55, 0x03, 0x03, 0, 0x01, 2]]);
  });

  test('svakom-sam2: vibration and suction, with response', () => {
    const d = new Driver(svakomSam2, 'Sam Neo 2');
    expect(d.sendPlain([0, 'Vibrate', 10], [1, 'Constrict', 5])).toEqual([
      { data: [0x55, 0x03, 0, 0, 0x05, 10, 0], withResponse: true },
      { data: [0x55, 0x09, 0, 0, 0x01, 5, 0], withResponse: true },
    ]);
    expect(d.send([0, 'Vibrate', 0], [1, 'Constrict', 0])).toEqual([
      [0x55, 0x03, 0, 0, 0x00, 0, 0],
      [0x55, 0x09, 0, 0, 0x00, 0, 0],
    ]);
  });

  test('svakom-suitcase: steps 0–30 as intensity and speed; feature 1 on its own', () => {
    expect(bytes([0, 1, 9, 10, 11, 20, 21, 30].map(encodeSuitcaseMain)).map((b) => b.slice(4))).toEqual([
      [0, 0],
      [1, 1],
      [1, 9],
      [1, 10],
      [2, 1],
      [2, 10],
      [3, 1],
      [3, 10],
    ]);
    const d = new Driver(svakomSuitcase, 'VX236A-BLE-V1.0');
    expect(d.device.config.name).toBe('Coleur Dor VX236A');
    expect(d.send([0, 'Vibrate', 15], [1, 'Vibrate', 1])).toEqual([
      [0x55, 0x03, 0, 0, 2, 5],
      [0x55, 0x09, 0, 0, 1, 0],
    ]);
  });

  test('svakom-tarax: internal stops as [1, 1], external pulsator', () => {
    const d = new Driver(svakomTaraX, 'SX218A');
    expect(d.send([0, 'Vibrate', 3], [1, 'Vibrate', 3])).toEqual([
      [0x55, 0x03, 0, 0, 3, 0x02],
      [0x55, 0x09, 0, 0, 3, 0x00],
    ]);
    expect(d.send([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([
      [0x55, 0x03, 0, 0, 0x01, 0x01],
      [0x55, 0x09, 0, 0, 0, 0x00],
    ]);
  });

  test('svakom-v1: [0x55, 4, 3, 0, on, speed]', () => {
    const d = new Driver(svakomV1, 'Emma NEO');
    expect(d.device.config.name).toBe('Svakom Emma Neo');
    expect(d.send([0, 'Vibrate', 19])).toEqual([[0x55, 0x04, 0x03, 0, 0x01, 19]]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([[0x55, 0x04, 0x03, 0, 0x00, 0]]);
  });

  test('svakom-v2: with response; feature 1 has its own packet', () => {
    const d = new Driver(svakomV2, 'Vick Neo');
    expect(d.sendPlain([0, 'Vibrate', 10])).toEqual([
      { data: [0x55, 0x03, 0x03, 0, 0x01, 10], withResponse: true },
    ]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([[0x55, 0x03, 0x03, 0, 0x00, 0]]);
    expect(plain([encodeSvakomV2Vibrate(1, 7)])).toEqual([
      { data: [0x55, 0x06, 0x01, 0, 7, 7], withResponse: true },
    ]);
  });

  test('svakom-v3: second vibrator and rotation', () => {
    const alberta = new Driver(svakomV3, 'QH-SX007E');
    expect(alberta.send([0, 'Vibrate', 10], [1, 'Vibrate', 1])).toEqual([
      [0x55, 0x03, 0x03, 0, 0x01, 10],
      [0x55, 0x09, 0x00, 0, 0x01, 1],
    ]);
    expect(alberta.send([1, 'Vibrate', 0])).toEqual([[0x55, 0x09, 0x00, 0, 0x00, 0]]);
    const theodore = new Driver(svakomV3, 'FK008A');
    expect(theodore.send([1, 'Rotate', 1])).toEqual([[0x55, 0x08, 0, 0, 1, 0xff]]);
    expect(theodore.send([1, 'Rotate', 0])).toEqual([[0x55, 0x08, 0, 0, 0, 0xff]]);
  });
});

describe('Svakom two-vibrator packet (barney, v4, v5, v6)', () => {
  test('which motors run, by style', () => {
    const cases: [number, number, number][] = [
      [0, 0, 0x00],
      [5, 0, 0x01],
      [0, 5, 0x02],
      [3, 7, 0x00],
      [4, 4, 0x00],
    ];
    for (const [a, b, motors] of cases) {
      expect(bytes([encodeDualVibe(a, b, 2, SVAKOM_V4_STYLE)])[0]).toEqual([
        0x55,
        0x03,
        motors,
        0,
        a + b === 0 ? 0 : 1,
        Math.max(a, b),
        0,
      ]);
      expect(bytes([encodeDualVibe(a, b, 2, BARNEY_STYLE)])[0]).toEqual([
        0x55,
        0x03,
        motors,
        0,
        a + b === 0 ? 0 : 3,
        Math.max(a, b),
        0,
      ]);
      expect(bytes([encodeDualVibe(a, b, 2, SVAKOM_V5_STYLE)])[0]).toEqual([
        0x55,
        0x03,
        motors,
        0,
        a + b === 0 ? 0 : 1,
        Math.max(a, b),
      ]);
    }
  });

  test('svakom-barney: both motors from the last speeds, one packet per flush', () => {
    const d = new Driver(svakomBarney, 'DJ333A');
    expect(d.send([0, 'Vibrate', 10])).toEqual([[0x55, 0x03, 0x01, 0, 0x03, 10, 0]]);
    expect(d.send([1, 'Vibrate', 4])).toEqual([[0x55, 0x03, 0x00, 0, 0x03, 10, 0]]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([[0x55, 0x03, 0x02, 0, 0x03, 4, 0]]);
    expect(d.send([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([[0x55, 0x03, 0x00, 0, 0x00, 0, 0]]);
  });

  test('svakom-v4: a one-vibrator model always addresses both', () => {
    const clara = new Driver(svakomV4, 'VV468A');
    expect(clara.send([0, 'Vibrate', 10])).toEqual([[0x55, 0x03, 0x00, 0, 0x01, 10, 0]]);
    expect(clara.send([0, 'Vibrate', 0])).toEqual([[0x55, 0x03, 0x00, 0, 0x00, 0, 0]]);
    const erica = new Driver(svakomV4, 'ERICA');
    expect(erica.send([0, 'Vibrate', 0], [1, 'Vibrate', 10])).toEqual([[0x55, 0x03, 0x02, 0, 0x01, 10, 0]]);
  });

  test('svakom-v5: a lone vibrator is "the first"; thrusting on its own', () => {
    const mini = new Driver(svakomV5, 'Mini Emma Neo');
    expect(mini.send([0, 'Vibrate', 10])).toEqual([[0x55, 0x03, 0x01, 0, 0x01, 10]]);
    const trysta = new Driver(svakomV5, 'Trysta Neo');
    expect(trysta.send([0, 'Vibrate', 2], [1, 'Vibrate', 10], [2, 'Oscillate', 3])).toEqual([
      [0x55, 0x03, 0x00, 0, 0x01, 10],
      [0x55, 0x09, 0, 0, 3, 0],
    ]);
    expect(trysta.send([2, 'Oscillate', 0])).toEqual([[0x55, 0x09, 0, 0, 0, 0]]);
  });

  test('svakom-v6: the Iker Neo third vibrator has its own packet', () => {
    const d = new Driver(svakomV6, 'Iker Neo');
    expect(d.send([0, 'Vibrate', 10], [1, 'Vibrate', 0], [2, 'Vibrate', 5])).toEqual([
      [0x55, 0x03, 0x01, 0, 0x01, 10, 0],
      [0x55, 0x07, 0, 0, 0x01, 5, 0],
    ]);
    expect(d.send([2, 'Vibrate', 0])).toEqual([[0x55, 0x07, 0, 0, 0x00, 0, 0]]);
    const coco = new Driver(svakomV6, 'CocoPro');
    expect(coco.send([0, 'Vibrate', 5])).toEqual([[0x55, 0x03, 0x00, 0, 0x01, 5, 0]]);
  });
});

describe('svakom-iker', () => {
  test('both stopped, first only, both', () => {
    expect(bytes(encodeIkerVibrators(0, 0))).toEqual([[0x55, 0x07, 0, 0, 0, 0]]);
    expect(bytes(encodeIkerVibrators(10, 0))).toEqual([[0x55, 0x03, 0x03, 0, 0x01, 10]]);
    expect(bytes(encodeIkerVibrators(0, 5))).toEqual([
      [0x55, 0x03, 0x03, 0, 0x01, 0],
      [0x55, 0x07, 0, 0, 5, 0],
    ]);
  });

  test('a change to either motor writes both from the last speeds', () => {
    const d = new Driver(svakomIker, 'Iker');
    expect(d.send([1, 'Vibrate', 5])).toEqual([
      [0x55, 0x03, 0x03, 0, 0x01, 0],
      [0x55, 0x07, 0, 0, 5, 0],
    ]);
    expect(d.send([0, 'Vibrate', 10])).toEqual([
      [0x55, 0x03, 0x03, 0, 0x01, 10],
      [0x55, 0x07, 0, 0, 5, 0],
    ]);
    expect(d.send([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([[0x55, 0x07, 0, 0, 0, 0]]);
  });
});

describe('svakom-sam', () => {
  test('the generation follows the characteristics', () => {
    expect(isSecondGeneration(new Set(['tx', 'rx']))).toBe(false);
    expect(isSecondGeneration(new Set(['tx', 'rx', 'txmode']))).toBe(true);
    expect(isSecondGeneration(new Set(['tx', 'rx', 'firmware']))).toBe(true);
    expect(bytes([encodeSamVibrate(7, false), encodeSamVibrate(0, false)])).toEqual([
      [18, 1, 3, 0, 5, 7],
      [18, 1, 3, 0, 5, 0],
    ]);
    expect(bytes([encodeSamVibrate(7, true), encodeSamVibrate(0, true)])).toEqual([
      [18, 1, 3, 0, 4, 7],
      [18, 1, 3, 0, 0, 0],
    ]);
    expect(bytes([encodeSamSuction(1), encodeSamSuction(0)])).toEqual([
      [18, 6, 1, 1],
      [18, 6, 1, 0],
    ]);
  });

  test.each([
    [[], [18, 1, 3, 0, 5, 10]],
    [['txmode'], [18, 1, 3, 0, 4, 10]],
    [['firmware'], [18, 1, 3, 0, 4, 10]],
  ])('initialise subscribes to rx; extra endpoints %j → %j', async (extra, vibrate) => {
    const hw = new FakeHardware('Sam Neo');
    for (const e of extra) hw.endpoints.add(e);
    const device = resolved(svakomSam, 'Sam Neo');
    const learned = await svakomSam.initialise?.(hw, device);
    expect(hw.ops).toEqual([{ op: 'subscribe', endpoint: 'rx' }]);
    const handler = svakomSam.createHandler(device, handlerContext(hw, learned));
    const current = new Map<string, OutputCommand>();
    const changed: OutputCommand[] = [
      { feature: 0, type: 'Vibrate', value: 10 },
      { feature: 1, type: 'Constrict', value: 1 },
    ];
    for (const c of changed) current.set(outputKey(c.feature, c.type), c);
    expect(bytes(handler.encode(changed, current))).toEqual([vibrate, [18, 6, 1, 1]]);
  });
});

test('a configuration with an output the family cannot encode is refused at creation', () => {
  const device: ResolvedDevice = {
    protocol: 'svakom-alex',
    config: { name: 'Odd Alex' },
    features: [{ index: 0, description: '', output: { Rotate: { value: [0, 3] } } }],
  };
  expect(() => svakomAlex.createHandler(device)).toThrow(/svakom-alex has no Rotate encoder/);
  expect(() => perCommandHandler('x', device, {})).toThrow(/x has no Rotate encoder/);
});
