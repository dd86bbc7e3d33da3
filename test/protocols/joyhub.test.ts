// JoyHub encoders, byte for byte (upstream joyhub.rs), through the handler the way the coalescer
// calls it. The upstream cases (test_joyhub_*.yaml) run in test/conformance.

import { describe, expect, test } from 'vitest';
import { encodeMotors, joyhub, SPRAY_CANCEL_MS, SPRAY_TICK_MS } from '../../src/protocols/joyhub.js';
import { OutputDriver, resolvedDevice as resolved, tuplesOf, type Cmd, type Sent } from './output-driver.js';

/** Feeds commands as the coalescer does and returns the writes as [endpoint, bytes, withResponse]. */
class Driver extends OutputDriver {
  send(...cmds: Cmd[]): Sent[] {
    return tuplesOf(this.encode(...cmds));
  }
}

const tx = (...data: number[]): Sent => ['tx', data, false];

describe('motor packet', () => {
  test('every slot in one packet, built from the current values', () => {
    const d = new Driver(joyhub, resolved('joyhub', 'J-Dina')); // oscillate 0, vibrate 1, vibrate 2
    expect(d.send([1, 'Vibrate', 255])).toEqual([tx(0xa0, 0x03, 0x00, 0xff, 0x00, 0x00, 0xaa)]);
    expect(d.send([0, 'Oscillate', 1], [2, 'Vibrate', 128])).toEqual([
      tx(0xa0, 0x03, 0x01, 0xff, 0x80, 0x00, 0xaa),
    ]);
    // Stop: one packet for all motors.
    expect(d.send([0, 'Oscillate', 0], [1, 'Vibrate', 0], [2, 'Vibrate', 0])).toEqual([
      tx(0xa0, 0x03, 0, 0, 0, 0, 0xaa),
    ]);
  });

  test('a motor in slot 3 (Starfish oscillates there)', () => {
    const d = new Driver(joyhub, resolved('joyhub', 'J-Ringstar'));
    expect(d.send([3, 'Oscillate', 200])).toEqual([tx(0xa0, 0x03, 0, 0, 0, 200, 0xaa)]);
  });

  test('rotation goes in unsigned', () => {
    expect([...encodeMotors([0, -40, 0, 0]).data]).toEqual([0xa0, 0x03, 0, 40, 0, 0, 0xaa]);
  });

  test('the defaults: one vibrator', () => {
    const d = new Driver(joyhub, resolved('joyhub', 'J-Unknown'));
    expect(d.send([0, 'Vibrate', 7])).toEqual([tx(0xa0, 0x03, 7, 0, 0, 0, 0xaa)]);
  });
});

describe('one-shot packets', () => {
  test('air pump at feature 4: on flag and level', () => {
    const d = new Driver(joyhub, resolved('joyhub', 'J-RoseLin')); // vibrate 0, rotate 3, pump 4 (0–4)
    expect(d.send([0, 'Vibrate', 128], [3, 'Rotate', 26], [4, 'Constrict', 4])).toEqual([
      tx(0xa0, 0x03, 0x80, 0, 0, 0x1a, 0xaa),
      tx(0xa0, 0x07, 0x01, 0x00, 0x04, 0xff),
    ]);
    expect(d.send([4, 'Constrict', 0])).toEqual([tx(0xa0, 0x07, 0x00, 0x00, 0x00, 0xff)]);
  });

  test('suction elsewhere (feature 5), heater', () => {
    const d = new Driver(joyhub, resolved('joyhub', 'J-MoonHorn')); // vibrate 0, placeholder 4, suction 5 (0–9), heater 6
    expect(d.send([5, 'Constrict', 9])).toEqual([tx(0xa0, 0x0d, 0x00, 0x00, 0x09, 0xff)]);
    expect(d.send([5, 'Constrict', 0])).toEqual([tx(0xa0, 0x0d, 0x00, 0x00, 0x00, 0xff)]);
    expect(d.send([6, 'Temperature', 1])).toEqual([tx(0xa0, 0x04, 0x01, 0x00, 0x01, 0xff)]);
    expect(d.send([6, 'Temperature', 0])).toEqual([tx(0xa0, 0x04, 0x00, 0x00, 0x00, 0x00)]);
  });

  test('light', () => {
    const d = new Driver(joyhub, resolved('joyhub', 'J-Rainbow'));
    expect(d.send([6, 'Led', 1])).toEqual([tx(0xa0, 0x14, 0x01, 0x00, 0x01, 0xff)]);
    expect(d.send([6, 'Led', 0])).toEqual([tx(0xa0, 0x14, 0x00, 0x00, 0x00, 0x00)]);
  });

  test('lube pump: on, then off by itself a second later', () => {
    const d = new Driver(joyhub, resolved('joyhub', 'J-Dodge')); // oscillate 0, vibrate 1, spray 7
    expect(d.handler.tickMs).toBe(SPRAY_TICK_MS);
    expect(d.send([7, 'Spray', 1])).toEqual([tx(0xa0, 0x24, 0x01, 0x00, 0x01, 0xff)]);
    const ticks = SPRAY_CANCEL_MS / SPRAY_TICK_MS;
    for (let i = 1; i < ticks; i++) expect(d.handler.tick!()).toEqual([]);
    expect(d.handler.tick!().map((w) => [...w.data])).toEqual([[0xa0, 0x24, 0x00, 0x00, 0x00, 0x00]]);
    expect(d.handler.tick!()).toEqual([]);
  });

  test('only the model with a lube pump runs a timer', () => {
    expect(new Driver(joyhub, resolved('joyhub', 'J-RoseLin')).handler.tickMs).toBeUndefined();
  });
});

test('every configuration gets a handler', () => {
  for (const c of joyhub.definition.configurations) {
    for (const id of c.identifiers ?? [])
      expect(() => joyhub.createHandler(resolved('joyhub', id))).not.toThrow();
  }
});
