// Encoders of the families activejoy to loob, byte for byte, through each module's handler the way the coalescer calls it:
// every output type each family supports, range ends, several features, and stops. Facts from the
// upstream protocol implementations (crates/buttplug_server/src/device/protocol_impl/*.rs).

import { describe, expect, test } from 'vitest';
import { buildDatabase, resolveDevice } from '../../src/config/index.js';
import type { ProtocolModule } from '../../src/core/protocol.js';
import { activejoy } from '../../src/protocols/activejoy.js';
import { adrienlastic } from '../../src/protocols/adrienlastic.js';
import { amorelieJoy } from '../../src/protocols/amorelie-joy.js';
import { aneros } from '../../src/protocols/aneros.js';
import { ankni } from '../../src/protocols/ankni.js';
import { bananasome } from '../../src/protocols/bananasome.js';
import { cachito } from '../../src/protocols/cachito.js';
import { cowgirlCone } from '../../src/protocols/cowgirl-cone.js';
import { cowgirl } from '../../src/protocols/cowgirl.js';
import { cueme } from '../../src/protocols/cueme.js';
import { cupido } from '../../src/protocols/cupido.js';
import { deepsire } from '../../src/protocols/deepsire.js';
import { feelingso } from '../../src/protocols/feelingso.js';
import { fleshyThrust } from '../../src/protocols/fleshy-thrust.js';
import { decrypt, encrypt, fluffer, motorByte } from '../../src/protocols/fluffer.js';
import { fox } from '../../src/protocols/fox.js';
import { htkBm } from '../../src/protocols/htk_bm.js';
import { itoys } from '../../src/protocols/itoys.js';
import { jejoue } from '../../src/protocols/jejoue.js';
import { kizuna } from '../../src/protocols/kizuna.js';
import { leten, LETEN_KEEPALIVE_MS } from '../../src/protocols/leten.js';
import { lioness } from '../../src/protocols/lioness.js';
import { loob } from '../../src/protocols/loob.js';
import { bytesOf, expectOn, OutputDriver, type Cmd } from './output-driver.js';

const { db } = buildDatabase();

/** Feeds commands the way the coalescer does: `current` holds every value written so far. */
class Driver extends OutputDriver {
  constructor(module: ProtocolModule, identifier?: string, name = 'test-device') {
    const dev = resolveDevice(db, module.definition.id, identifier, name);
    if (!dev) throw new Error(`no configuration for ${module.definition.id} ${identifier ?? name}`);
    super(module, dev);
  }
  /** Bytes of every write; all on tx with the given write-with-response flag. */
  send(withResponse: boolean, ...cmds: Cmd[]): number[][] {
    return bytesOf(expectOn(this.encode(...cmds), 'tx', withResponse));
  }
}

describe('one packet per command', () => {
  test('activejoy: [b0 01 00 motor on speed]', () => {
    const d = new Driver(activejoy);
    expect(d.send(false, [0, 'Vibrate', 128])).toEqual([[0xb0, 0x01, 0x00, 0x00, 0x01, 0x80]]);
    expect(d.send(false, [0, 'Vibrate', 255])).toEqual([[0xb0, 0x01, 0x00, 0x00, 0x01, 0xff]]);
    expect(d.send(false, [0, 'Vibrate', 1])).toEqual([[0xb0, 0x01, 0x00, 0x00, 0x01, 0x01]]);
    expect(d.send(false, [0, 'Vibrate', 0])).toEqual([[0xb0, 0x01, 0x00, 0x00, 0x00, 0x00]]);
  });

  test('adrienlastic: "MotorValue:NN;" with response', () => {
    const d = new Driver(adrienlastic, undefined, 'LVS-S001');
    const text = (w: number[][]) => w.map((b) => Buffer.from(b).toString('latin1'));
    expect(text(d.send(true, [0, 'Vibrate', 8]))).toEqual(['MotorValue:08;']);
    expect(text(d.send(true, [0, 'Vibrate', 16]))).toEqual(['MotorValue:16;']);
    expect(text(d.send(true, [0, 'Vibrate', 0]))).toEqual(['MotorValue:00;']);
  });

  test('amorelie-joy: [01 01 speed]', () => {
    const d = new Driver(amorelieJoy, undefined, '4D01');
    expect(d.send(false, [0, 'Vibrate', 100])).toEqual([[0x01, 0x01, 0x64]]);
    expect(d.send(false, [0, 'Vibrate', 0])).toEqual([[0x01, 0x01, 0x00]]);
  });

  test('aneros: each motor addressed as f1 / f2', () => {
    const d = new Driver(aneros);
    expect(d.send(false, [0, 'Vibrate', 127], [1, 'Vibrate', 64])).toEqual([
      [0xf1, 0x7f],
      [0xf2, 0x40],
    ]);
    expect(d.send(false, [0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([
      [0xf1, 0x00],
      [0xf2, 0x00],
    ]);
  });

  test('ankni: 20-byte packet with response', () => {
    const d = new Driver(ankni);
    const packet = (speed: number) => [0x03, 0x12, speed, ...new Array<number>(17).fill(0)];
    expect(d.send(true, [0, 'Vibrate', 3])).toEqual([packet(3)]);
    expect(d.send(true, [0, 'Vibrate', 0])).toEqual([packet(0)]);
  });

  test('cachito: [2+motor 1+motor speed 0] for both motors', () => {
    const d = new Driver(cachito, undefined, 'CCTSK');
    expect(d.send(false, [0, 'Vibrate', 5], [1, 'Vibrate', 100])).toEqual([
      [0x02, 0x01, 0x05, 0x00],
      [0x03, 0x02, 0x64, 0x00],
    ]);
    expect(d.send(false, [0, 'Vibrate', 0])).toEqual([[0x02, 0x01, 0x00, 0x00]]);
  });

  test('cowgirl-cone: [f1 01 speed 00]', () => {
    const d = new Driver(cowgirlCone, undefined, 'CG-CONE');
    expect(d.send(false, [0, 'Vibrate', 128])).toEqual([[0xf1, 0x01, 0x80, 0x00]]);
    expect(d.send(false, [0, 'Vibrate', 0])).toEqual([[0xf1, 0x01, 0x00, 0x00]]);
  });

  test('cueme: motor number in the high nibble, strength in the low one', () => {
    const d = new Driver(cueme); // defaults: eight motors
    expect(d.send(true, [0, 'Vibrate', 15], [7, 'Vibrate', 1])).toEqual([[0x1f], [0x81]]);
    expect(d.send(true, [0, 'Vibrate', 0])).toEqual([[0x10]]);
    const womans = new Driver(cueme, '3');
    expect(womans.send(true, [3, 'Vibrate', 9])).toEqual([[0x49]]);
  });

  test('cupido: [b0 03 00 00 00 speed aa]', () => {
    const d = new Driver(cupido);
    expect(d.send(false, [0, 'Vibrate', 255])).toEqual([[0xb0, 0x03, 0, 0, 0, 0xff, 0xaa]]);
    expect(d.send(false, [0, 'Vibrate', 0])).toEqual([[0xb0, 0x03, 0, 0, 0, 0x00, 0xaa]]);
  });

  test('deepsire: [55 04 01 00 00 speed aa]', () => {
    const d = new Driver(deepsire, undefined, 'IMP 3');
    expect(d.send(false, [0, 'Vibrate', 255])).toEqual([[0x55, 0x04, 0x01, 0, 0, 0xff, 0xaa]]);
    expect(d.send(false, [0, 'Vibrate', 0])).toEqual([[0x55, 0x04, 0x01, 0, 0, 0x00, 0xaa]]);
  });

  test('fleshy-thrust: position then duration big-endian', () => {
    const d = new Driver(fleshyThrust);
    expect(d.send(false, [0, 'HwPositionWithDuration', 54, 1000])).toEqual([[54, 0x03, 0xe8]]);
    expect(d.send(false, [0, 'HwPositionWithDuration', 180, 0])).toEqual([[180, 0x00, 0x00]]);
    // 100 000 ms does not fit 16 bits: upstream's masks keep the low bytes.
    expect(d.send(false, [0, 'HwPositionWithDuration', 0, 100_000])).toEqual([[0, 0x86, 0xa0]]);
  });

  test('fox: [03 01 01 fe speed]', () => {
    const d = new Driver(fox);
    expect(d.send(false, [0, 'Vibrate', 3])).toEqual([[0x03, 0x01, 0x01, 0xfe, 0x03]]);
    expect(d.send(false, [0, 'Vibrate', 0])).toEqual([[0x03, 0x01, 0x01, 0xfe, 0x00]]);
  });

  test('itoys: vibrate and oscillate layouts, stopped in feature order', () => {
    const d = new Driver(itoys, undefined, 'SML-2310-SZ-B');
    expect(d.send(false, [0, 'Vibrate', 3])).toEqual([[0xa0, 0x01, 0x00, 0x00, 0x03, 0xff]]);
    expect(d.send(false, [1, 'Oscillate', 255])).toEqual([[0xa0, 0x06, 0x01, 0x00, 0x01, 0xff]]);
    expect(d.send(false, [0, 'Vibrate', 0], [1, 'Oscillate', 0])).toEqual([
      [0xa0, 0x01, 0x00, 0x00, 0x00, 0xff],
      [0xa0, 0x06, 0x00, 0x00, 0x00, 0x00],
    ]);
    const machine = new Driver(itoys, undefined, 'ASF-001-BT-R');
    expect(machine.send(false, [0, 'Oscillate', 1])).toEqual([[0xa0, 0x06, 0x01, 0x00, 0x01, 0x01]]);
  });

  test('kizuna: one ASCII digit and CRLF', () => {
    const d = new Driver(kizuna);
    expect(d.send(false, [0, 'Rotate', 9])).toEqual([[0x39, 0x0d, 0x0a]]);
    expect(d.send(false, [0, 'Rotate', 0])).toEqual([[0x30, 0x0d, 0x0a]]);
  });

  test('leten: [02 speed] with response, repeated every second', () => {
    const d = new Driver(leten);
    expect(d.handler.keepaliveMs).toBe(LETEN_KEEPALIVE_MS);
    expect(d.send(true, [0, 'Vibrate', 25])).toEqual([[0x02, 0x19]]);
    expect(d.send(true, [0, 'Vibrate', 0])).toEqual([[0x02, 0x00]]);
  });

  test('lioness: [02 aa bb cc cc speed]', () => {
    const d = new Driver(lioness);
    expect(d.send(false, [0, 'Vibrate', 100])).toEqual([[0x02, 0xaa, 0xbb, 0xcc, 0xcc, 0x64]]);
    expect(d.send(false, [0, 'Vibrate', 0])).toEqual([[0x02, 0xaa, 0xbb, 0xcc, 0xcc, 0x00]]);
  });

  test('loob: position 1–1000 and duration ≥ 1, both big-endian', () => {
    const d = new Driver(loob);
    expect(d.send(false, [0, 'HwPositionWithDuration', 1000, 500])).toEqual([[0x03, 0xe8, 0x01, 0xf4]]);
    expect(d.send(false, [0, 'HwPositionWithDuration', 0, 0])).toEqual([[0x00, 0x01, 0x00, 0x01]]);
    // upstream casts the duration to u16 before the floor: 70 000 ms wraps to 4464.
    expect(d.send(false, [0, 'HwPositionWithDuration', 500, 70_000])).toEqual([[0x01, 0xf4, 0x11, 0x70]]);
  });
});

describe('all motors in one packet, rebuilt from the current values', () => {
  test('bananasome: [a0 03 oscillate vibrate vibrate]', () => {
    const d = new Driver(bananasome);
    expect(d.send(false, [1, 'Vibrate', 128])).toEqual([[0xa0, 0x03, 0x00, 0x80, 0x00]]);
    expect(d.send(false, [2, 'Vibrate', 255])).toEqual([[0xa0, 0x03, 0x00, 0x80, 0xff]]);
    expect(d.send(false, [0, 'Oscillate', 192], [1, 'Vibrate', 192], [2, 'Vibrate', 64])).toEqual([
      [0xa0, 0x03, 0xc0, 0xc0, 0x40],
    ]);
    expect(d.send(false, [0, 'Oscillate', 0], [1, 'Vibrate', 0], [2, 'Vibrate', 0])).toEqual([
      [0xa0, 0x03, 0, 0, 0],
    ]);
  });

  test('cowgirl: [00 01 vibrate rotate] with response', () => {
    const d = new Driver(cowgirl, undefined, 'THE COWGIRL');
    expect(d.send(true, [0, 'Vibrate', 128])).toEqual([[0x00, 0x01, 0x80, 0x00]]);
    expect(d.send(true, [1, 'Rotate', 255])).toEqual([[0x00, 0x01, 0x80, 0xff]]);
    expect(d.send(true, [0, 'Vibrate', 0], [1, 'Rotate', 0])).toEqual([[0x00, 0x01, 0x00, 0x00]]);
  });

  test('feelingso: [aa 40 03 vibrate oscillate 14 19]', () => {
    const d = new Driver(feelingso);
    expect(d.send(false, [0, 'Vibrate', 19])).toEqual([[0xaa, 0x40, 0x03, 0x13, 0x00, 0x14, 0x19]]);
    expect(d.send(false, [1, 'Oscillate', 10])).toEqual([[0xaa, 0x40, 0x03, 0x13, 0x0a, 0x14, 0x19]]);
    expect(d.send(false, [0, 'Vibrate', 0], [1, 'Oscillate', 0])).toEqual([
      [0xaa, 0x40, 0x03, 0x00, 0x00, 0x14, 0x19],
    ]);
  });

  test('htk_bm: one mode byte for the two on/off motors', () => {
    const d = new Driver(htkBm);
    expect(d.send(false, [0, 'Vibrate', 1])).toEqual([[12]]);
    expect(d.send(false, [1, 'Vibrate', 1])).toEqual([[11]]);
    expect(d.send(false, [0, 'Vibrate', 0])).toEqual([[13]]);
    expect(d.send(false, [1, 'Vibrate', 0])).toEqual([[15]]);
  });

  test('jejoue: pattern and the running motor’s speed', () => {
    const d = new Driver(jejoue);
    expect(d.send(false, [0, 'Vibrate', 3])).toEqual([[2, 3]]);
    expect(d.send(false, [1, 'Vibrate', 5])).toEqual([[2, 3]]); // first motor still leads
    expect(d.send(false, [0, 'Vibrate', 0])).toEqual([[3, 5]]);
    expect(d.send(false, [1, 'Vibrate', 0])).toEqual([[1, 0]]);
  });

  test('fluffer: [82 0f 05 00 m0 m1 00 00] under AES-128-ECB', () => {
    const d = new Driver(fluffer);
    // The upstream case's bytes for full vibration and for the stop.
    expect(d.send(false, [0, 'Vibrate', 100])).toEqual([
      Buffer.from('34869a677b8e6fa9e92b53f837c5253c', 'hex').toJSON().data,
    ]);
    expect(d.send(false, [0, 'Vibrate', 0])).toEqual([
      Buffer.from('d3af8cb6b5053c017ec0d37f5b064421', 'hex').toJSON().data,
    ]);
  });

  test('fluffer MotorBunny: rotation counter-clockwise adds 100; oscillation passes', () => {
    const classic = new Driver(fluffer, undefined, 'MBO');
    const plain = (w: number[][]) => w.map((b) => [...decrypt(Uint8Array.from(b))]);
    expect(plain(classic.send(false, [0, 'Vibrate', 50], [1, 'Rotate', -100]))).toEqual([
      [0x82, 0x0f, 0x05, 0x00, 50, 200, 0, 0],
    ]);
    expect(plain(classic.send(false, [1, 'Rotate', 100]))).toEqual([[0x82, 0x0f, 0x05, 0x00, 50, 100, 0, 0]]);
    const buck = new Driver(fluffer, undefined, 'MBB');
    expect(plain(buck.send(false, [1, 'Oscillate', 100]))).toEqual([[0x82, 0x0f, 0x05, 0x00, 0, 100, 0, 0]]);
    expect(motorByte(-1)).toBe(101);
    expect([...decrypt(encrypt([1, 2, 3]))]).toEqual([1, 2, 3]);
  });
});

test('a configuration needing an output type the family cannot encode is refused at load', () => {
  const dev = resolveDevice(db, 'fox', undefined, 'FOX')!;
  const withRotate = {
    ...dev,
    features: [{ index: 0, description: '', output: { Rotate: { value: [0, 3] as const } } }],
  };
  expect(() => fox.createHandler(withRotate)).toThrow(/no Rotate encoder/);
});
