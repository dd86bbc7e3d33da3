// Lovense encoders, identification and battery, called directly with a scripted peripheral.
// test/protocols/lovense-cases.test.ts runs the upstream cases; this covers what they do not.

import { describe, expect, test } from 'vitest';
import type { HwWrite, ResolvedDevice } from '../../src/core/protocol.js';
import { buildDatabase, resolveDevice } from '../../src/config/index.js';
import {
  DEVICE_TYPE_RETRIES,
  DEVICE_TYPE_TIMEOUT_MS,
  STROKER_TICK_MS,
  lovense,
  parseBattery,
  parseDeviceType,
  planMove,
  typeFromName,
  variantFor,
} from '../../src/protocols/lovense.js';
import { FakeHardware } from './fake-hardware.js';
import { expectOn, OutputDriver, type Cmd } from './output-driver.js';

const { db } = buildDatabase();

function device(identifier: string | undefined, name = 'LVS-Test'): ResolvedDevice {
  const d = resolveDevice(db, 'lovense', identifier, name);
  if (!d) throw new Error(`no configuration for ${identifier}`);
  return d;
}

const text = (writes: readonly HwWrite[]): string[] =>
  writes.map((w) => Buffer.from(w.data).toString('latin1'));

/** Feeds commands the way the coalescer does: `current` holds every value written so far. */
class Driver extends OutputDriver {
  constructor(readonly dev: ResolvedDevice) {
    super(lovense, dev);
  }
  send(...cmds: Cmd[]): string[] {
    return text(expectOn(this.encode(...cmds), 'tx', false));
  }
  tick(): string[] {
    return text(this.handler.tick?.() ?? []);
  }
}

describe('variants (upstream LovenseInitializer rules)', () => {
  test.each([
    ['Z', 'single'], // defaults: one vibrator
    ['EI', 'single'], // Flexer before firmware 3
    ['F', 'single'], // Sex Machine: one oscillator, sent as Vibrate
    ['P', 'dual'],
    ['EA', 'dual'], // vibrate + oscillate
    ['WD', 'dual'],
    ['B', 'max'],
    ['A', 'rotate-vibrator'],
    ['EL', 'rotate-vibrator'],
    ['EI-FW3', 'multi'],
    ['U', 'multi'],
    ['H', 'stroker'],
    ['BA', 'stroker'],
  ])('%s → %s', (id, variant) => {
    const d = device(id);
    expect(variantFor(d.identifier, d.features)).toBe(variant);
  });

  test('every model in the table gets a handler', () => {
    for (const c of lovense.definition.configurations) {
      for (const id of c.identifiers ?? []) expect(() => lovense.createHandler(device(id))).not.toThrow();
    }
  });

  test('a configuration needing an output the variant cannot encode is refused at creation', () => {
    const d = device('Z');
    const odd: ResolvedDevice = {
      ...d,
      features: [{ index: 0, description: '', output: { Spray: { value: [0, 1] } } }],
    };
    expect(() => lovense.createHandler(odd)).toThrow(
      'Lovense single encoder has no Spray (feature 0 of Lovense Hush)',
    );
  });
});

describe('encoders', () => {
  test('single: vibrate and oscillate both become "Vibrate:n;", stop is 0', () => {
    const hush = new Driver(device('Z'));
    expect(hush.send([0, 'Vibrate', 20])).toEqual(['Vibrate:20;']);
    expect(hush.send([0, 'Vibrate', 0])).toEqual(['Vibrate:0;']);
    const machine = new Driver(device('F'));
    expect(machine.send([0, 'Oscillate', 7])).toEqual(['Vibrate:7;']);
  });

  test('dual: motors by number, oscillator included; one write per changed output', () => {
    const gravity = new Driver(device('EA'));
    expect(gravity.send([0, 'Vibrate', 3], [1, 'Oscillate', 4])).toEqual(['Vibrate1:3;', 'Vibrate2:4;']);
    expect(gravity.send([1, 'Oscillate', 0])).toEqual(['Vibrate2:0;']);
  });

  test('max: vibrator and air pump ("Air:Level:n;"), both stop at 0', () => {
    const max = new Driver(device('B'));
    expect(max.send([0, 'Vibrate', 12], [1, 'Constrict', 3])).toEqual(['Vibrate:12;', 'Air:Level:3;']);
    expect(max.send([1, 'Constrict', 1])).toEqual(['Air:Level:1;']);
    expect(max.send([0, 'Vibrate', 0], [1, 'Constrict', 0])).toEqual(['Vibrate:0;', 'Air:Level:0;']);
  });

  test('rotation: RotateChange only when the direction flips; a stop ends the run', () => {
    const nora = new Driver(device('A'));
    expect(nora.send([1, 'Rotate', 10])).toEqual(['Rotate:10;']); // clockwise from power-on: no change
    expect(nora.send([1, 'Rotate', -10])).toEqual(['RotateChange;', 'Rotate:10;']);
    expect(nora.send([1, 'Rotate', -15])).toEqual(['Rotate:15;']); // same direction: no toggle
    expect(nora.send([1, 'Rotate', 5])).toEqual(['RotateChange;', 'Rotate:5;']);
    expect(nora.send([1, 'Rotate', 0])).toEqual(['Rotate:0;']);
    expect(nora.send([1, 'Rotate', 20])).toEqual(['Rotate:20;']);
    expect(nora.send([1, 'Rotate', 0])).toEqual(['Rotate:0;']);
    expect(nora.send([1, 'Rotate', -1])).toEqual(['RotateChange;', 'Rotate:1;']);
    expect(nora.send([0, 'Vibrate', 4])).toEqual(['Vibrate:4;']);
  });

  test('multi: one Mply packet per flush with every slot, rotation speed unsigned', () => {
    const flexer = new Driver(device('EI-FW3'));
    expect(flexer.send([2, 'Rotate', 7])).toEqual(['Mply:0:0:7;']);
    expect(flexer.send([0, 'Vibrate', 1], [1, 'Vibrate', 2])).toEqual(['Mply:1:2:7;']);
    expect(flexer.send([0, 'Vibrate', 0], [1, 'Vibrate', 0], [2, 'Rotate', 0])).toEqual(['Mply:0:0:0;']);
    const lapis = new Driver(device('U'));
    expect(lapis.send([1, 'Vibrate', 20])).toEqual(['Mply:0:20:0;']);
    expect(flexer.handler.encode([], flexer.current)).toEqual([]);
  });

  test('Solace (H): stroke speed with full length, length zeroed on stop', () => {
    const solace = new Driver(device('H'));
    expect(solace.send([0, 'Oscillate', 20])).toEqual(['Mply:20:20;']);
    expect(solace.send([0, 'Oscillate', 0])).toEqual(['Mply:0:0;']);
  });

  test('Solace Pro (BA): stop keeps the stroke length', () => {
    const pro = new Driver(device('BA'));
    expect(pro.send([0, 'Oscillate', 5])).toEqual(['Mply:5:20;']);
    expect(pro.send([0, 'Oscillate', 0])).toEqual(['Mply:0:20;']);
  });

  test('Solace Pro position: one FSetSite per 100 ms tick, landing on the goal', () => {
    const pro = new Driver(device('BA'));
    expect(pro.handler.tickMs).toBe(STROKER_TICK_MS);
    expect(pro.send([0, 'HwPositionWithDuration', 100, 500])).toEqual(['FSetSite:20;']);
    expect([pro.tick(), pro.tick(), pro.tick(), pro.tick(), pro.tick()]).toEqual([
      ['FSetSite:40;'],
      ['FSetSite:60;'],
      ['FSetSite:80;'],
      ['FSetSite:100;'],
      [],
    ]);
    // Shorter than a tick: straight there. A new goal replaces the move in progress.
    expect(pro.send([0, 'HwPositionWithDuration', 0, 50])).toEqual(['FSetSite:0;']);
    expect(pro.send([0, 'HwPositionWithDuration', 90, 300])).toEqual(['FSetSite:30;']);
    expect(pro.send([0, 'HwPositionWithDuration', 0, 200])).toEqual(['FSetSite:15;']);
    expect(pro.tick()).toEqual(['FSetSite:0;']);
    expect(pro.tick()).toEqual([]);
  });

  test('Solace Pro: a stop ends a position move where it is', () => {
    const pro = new Driver(device('BA'));
    pro.send([0, 'HwPositionWithDuration', 100, 1000]);
    expect(pro.send([0, 'Oscillate', 0])).toEqual(['Mply:0:20;']);
    expect(pro.tick()).toEqual([]);
  });

  test('only the stroker asks for ticks', () => {
    for (const id of ['Z', 'P', 'B', 'A', 'U', 'H']) {
      const h = lovense.createHandler(device(id));
      expect(h.tickMs === undefined, id).toBe(id !== 'H');
      expect(h.tick === undefined, id).toBe(id !== 'H');
    }
  });

  test('planMove interpolates from the start and never stalls', () => {
    expect(planMove(0, 3, 1000)).toEqual([0, 1, 1, 1, 2, 2, 2, 2, 3, 3]);
    expect(planMove(50, 50, 300)).toEqual([50, 50, 50]);
    expect(planMove(10, 0, 0)).toEqual([0]);
  });
});

describe('identification', () => {
  test('answers of DeviceType', () => {
    expect(parseDeviceType('Z:11:0082059AD3BD;')).toBe('Z');
    expect(parseDeviceType('OC:253:0082059AD3BD;')).toBe('OC');
    expect(parseDeviceType('EI:02:0082059AD3BD;')).toBe('EI');
    expect(parseDeviceType('EI:03:0082059AD3BD;')).toBe('EI-FW3');
    expect(parseDeviceType('EI:xx:0082059AD3BD;')).toBe('EI');
    expect(parseDeviceType('OK;')).toBeUndefined();
    expect(parseDeviceType(':11:;')).toBeUndefined();
  });

  test('subscribe rx, ask once, take the answer', async () => {
    const hw = new FakeHardware('LVS-Whatever', (_ep, t) =>
      t === 'DeviceType;' ? ['W:11:0082059AD3BD;'] : [],
    );
    await expect(lovense.identify!(hw)).resolves.toBe('W');
    expect(hw.ops).toEqual([
      { op: 'subscribe', endpoint: 'rx' },
      {
        op: 'write',
        endpoint: 'tx',
        text: 'DeviceType;',
        data: [...Buffer.from('DeviceType;')],
        withResponse: false,
      },
    ]);
    expect(hw.waits).toEqual([DEVICE_TYPE_TIMEOUT_MS]);
  });

  test('retries on silence, then takes a late answer', async () => {
    let asked = 0;
    const hw = new FakeHardware('LVS-Whatever', () => (++asked === 3 ? ['S:11:00;'] : []));
    await expect(lovense.identify!(hw)).resolves.toBe('S');
    expect(hw.writes).toEqual(['DeviceType;', 'DeviceType;', 'DeviceType;']);
  });

  test('after 1 + 5 unanswered tries of 500 ms, the type letter comes from the name', async () => {
    const hw = new FakeHardware('LVS-Z36');
    await expect(lovense.identify!(hw)).resolves.toBe('Z');
    expect(hw.writes).toHaveLength(DEVICE_TYPE_RETRIES + 1);
    expect(hw.waits).toEqual(Array(6).fill(500));
  });

  test('no answer and no letter in the name: undefined (the defaults apply)', async () => {
    await expect(lovense.identify!(new FakeHardware('LVS-Edge36'))).resolves.toBeUndefined();
    expect(typeFromName('LVS-Edge36')).toBeUndefined();
    expect(typeFromName('LVS-BA12')).toBe('BA');
    expect(resolveDevice(db, 'lovense', undefined, 'LVS-Edge36')?.config.name).toBe('Lovense Device');
  });

  test('an answer that is not text fails identification', async () => {
    const hw = new FakeHardware('LVS-Z36', () => [Uint8Array.of(0xff, 0xfe, 0x3b)]);
    await expect(lovense.identify!(hw)).rejects.toThrow('Lovense DeviceType answer is not text');
  });

  test('a failing write fails identification (the device went away)', async () => {
    const hw = new FakeHardware('LVS-Z36');
    hw.write = () => Promise.reject(new Error('gone'));
    await expect(lovense.identify!(hw)).rejects.toThrow('gone');
  });
});

describe('battery', () => {
  const hush = lovense.createHandler(device('Z'));

  test('"Battery;" → "85;"', async () => {
    const hw = new FakeHardware('LVS-Z36', (_ep, t) => (t === 'Battery;' ? ['85;'] : []));
    await expect(hush.readInput!(hw, 1, 'Battery')).resolves.toEqual([85]);
    expect(hw.writes).toEqual(['Battery;']);
  });

  test('a busy toy prefixes "s"; unrelated answers are skipped', async () => {
    const hw = new FakeHardware('LVS-Z36', () => ['OK;', 's89;']);
    await expect(hush.readInput!(hw, 1, 'Battery')).resolves.toEqual([89]);
    expect(parseBattery('100;')).toBe(100);
    expect(parseBattery('Z:11:00;')).toBeUndefined();
  });

  test('no answer: the read fails', async () => {
    await expect(hush.readInput!(new FakeHardware('LVS-Z36'), 1, 'Battery')).rejects.toThrow('timed out');
  });

  test('other inputs are not readable', async () => {
    await expect(hush.readInput!(new FakeHardware('LVS-Z36'), 1, 'Pressure')).rejects.toThrow(
      'Lovense has no readable Pressure input',
    );
  });
});
