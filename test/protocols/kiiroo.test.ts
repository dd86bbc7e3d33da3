// Kiiroo encoders (spot, prowand, powershot, v1, v2, v2-vibrator, v2.1 family), their
// initialisers and battery reads, called directly. Expected bytes follow upstream's kiiroo_*.rs;
// the upstream cases (test_kiiroo_*.yaml) run end to end in test/conformance.

import { describe, expect, test } from 'vitest';
import type { ProtocolModule, ResolvedDevice } from '../../src/core/protocol.js';
import { kiirooPowerShot } from '../../src/protocols/kiiroo-powershot.js';
import { kiirooProWand } from '../../src/protocols/kiiroo-prowand.js';
import { kiirooSpot } from '../../src/protocols/kiiroo-spot.js';
import { kiirooV1 } from '../../src/protocols/kiiroo-v1.js';
import { kiirooV2Vibrator } from '../../src/protocols/kiiroo-v2-vibrator.js';
import { kiirooV2, strokeSpeed } from '../../src/protocols/kiiroo-v2.js';
import {
  kiirooV21,
  kiirooV21Initialized,
  kiirooV3,
  parseV21Battery,
} from '../../src/protocols/kiiroo-v21.js';
import { FakeHardware } from './fake-hardware.js';
import { bytesOf, OutputDriver, plainOf, resolvedDevice as resolved, type Cmd } from './output-driver.js';

type Sent = { endpoint: string; bytes: number[]; withResponse: boolean };

/** Feeds commands the way the coalescer does: `current` holds every value written so far. */
class Driver extends OutputDriver {
  constructor(module: ProtocolModule, name: string) {
    super(module, resolved(module.definition.id, name));
  }
  send(...cmds: Cmd[]): Sent[] {
    return plainOf(this.encode(...cmds)).map(({ endpoint, data, withResponse }) => ({
      endpoint,
      bytes: data,
      withResponse,
    }));
  }
  bytes(...cmds: Cmd[]): number[][] {
    return bytesOf(this.encode(...cmds));
  }
}

/** A peripheral whose reads answer with fixed bytes, recording what was asked. */
class ReadableHardware extends FakeHardware {
  readonly reads: [endpoint: string, length: number][] = [];
  constructor(private readonly answer: number[]) {
    super('test');
  }
  // Optional parameters: FakeHardware declares read() without any.
  override async read(endpoint = '', length = 0): Promise<Uint8Array> {
    this.reads.push([endpoint, length]);
    return Uint8Array.from(this.answer);
  }
}

describe('kiiroo-spot', () => {
  test('vibrate "00 ff 00 00 00 speed" without response, range ends and stop', () => {
    const spot = new Driver(kiirooSpot, 'SPOT W1');
    expect(spot.send([0, 'Vibrate', 100])).toEqual([
      { endpoint: 'tx', bytes: [0x00, 0xff, 0x00, 0x00, 0x00, 0x64], withResponse: false },
    ]);
    expect(spot.bytes([0, 'Vibrate', 1])).toEqual([[0x00, 0xff, 0x00, 0x00, 0x00, 0x01]]);
    expect(spot.bytes([0, 'Vibrate', 0])).toEqual([[0x00, 0xff, 0x00, 0x00, 0x00, 0x00]]);
  });

  test('battery: first byte of a 20-byte read of the battery characteristic', async () => {
    const hw = new ReadableHardware([73, 1, 2]);
    const handler = kiirooSpot.createHandler(resolved('kiiroo-spot', 'SPOT W1'));
    expect(await handler.readInput!(hw, 1, 'Battery')).toEqual([73]);
    expect(hw.reads).toEqual([['rxblebattery', 20]]);
  });
});

describe('kiiroo-prowand', () => {
  test('vibrate "00 00 64 on speed speed": on is ff for any speed above 0', () => {
    const wand = new Driver(kiirooProWand, 'ProWand');
    expect(wand.send([0, 'Vibrate', 255])).toEqual([
      { endpoint: 'tx', bytes: [0x00, 0x00, 0x64, 0xff, 0xff, 0xff], withResponse: false },
    ]);
    expect(wand.bytes([0, 'Vibrate', 1])).toEqual([[0x00, 0x00, 0x64, 0xff, 0x01, 0x01]]);
    expect(wand.bytes([0, 'Vibrate', 0])).toEqual([[0x00, 0x00, 0x64, 0x00, 0x00, 0x00]]);
  });

  test("the Luxus takes the same bytes with the defaults' features", () => {
    const luxus = new Driver(kiirooProWand, 'Luxus');
    expect(luxus.bytes([0, 'Vibrate', 128])).toEqual([[0x00, 0x00, 0x64, 0xff, 0x80, 0x80]]);
  });
});

describe('kiiroo-powershot', () => {
  test('both motors in "01 00 00 a b 00", with response, rebuilt from the current speeds', () => {
    const shot = new Driver(kiirooPowerShot, 'PowerShot');
    expect(shot.send([0, 'Vibrate', 30])).toEqual([
      { endpoint: 'tx', bytes: [0x01, 0x00, 0x00, 30, 0, 0x00], withResponse: true },
    ]);
    expect(shot.bytes([1, 'Vibrate', 100])).toEqual([[0x01, 0x00, 0x00, 30, 100, 0x00]]);
    // A stop of both features is one packet.
    expect(shot.bytes([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([[0x01, 0x00, 0x00, 0, 0, 0x00]]);
  });

  test('battery lives in the main service; read 20 bytes, keep the first', async () => {
    const hw = new ReadableHardware([55]);
    const handler = kiirooPowerShot.createHandler(resolved('kiiroo-powershot', 'PowerShot'));
    expect(await handler.readInput!(hw, 2, 'Battery')).toEqual([55]);
    expect(hw.reads).toEqual([['rxblebattery', 20]]);
  });
});

describe('kiiroo-v1', () => {
  test('Pearl: vibration level as "x,\\n"', () => {
    const pearl = new Driver(kiirooV1, 'PEARL');
    expect(pearl.send([0, 'Vibrate', 4])).toEqual([
      { endpoint: 'tx', bytes: [...Buffer.from('4,\n')], withResponse: false },
    ]);
    expect(pearl.bytes([0, 'Vibrate', 0])).toEqual([[...Buffer.from('0,\n')]]);
  });

  test('Onyx: ring position as "x,\\n", the duration is not sent', () => {
    const onyx = new Driver(kiirooV1, 'ONYX');
    expect(onyx.bytes([0, 'HwPositionWithDuration', 2, 500])).toEqual([[...Buffer.from('2,\n')]]);
  });
});

describe('kiiroo-v2 (Launch, Onyx 2)', () => {
  test('init writes 00 to the firmware characteristic, with response', async () => {
    const hw = new FakeHardware('Launch');
    await kiirooV2.initialise!(hw, resolved('kiiroo-v2', 'Launch'));
    expect(hw.ops).toEqual([
      { op: 'write', endpoint: 'firmware', text: '\0', data: [0], withResponse: true },
    ]);
  });

  test('Launch speed from distance and duration (upstream fleshlight_launch_helper)', () => {
    expect(strokeSpeed(0, 99, 500)).toBe(40);
    expect(strokeSpeed(0, 50, 1000)).toBe(9);
    expect(strokeSpeed(0, 99, 100)).toBe(219);
    expect(strokeSpeed(40, 40, 300)).toBe(0); // no distance: no speed
    expect(strokeSpeed(0, 99, 0)).toBe(255); // no time: the byte cast saturates, as upstream's
    expect(strokeSpeed(0, 0, 0)).toBe(0); // 0/0: NaN casts to 0
  });

  test('moves are "position speed", the speed measured from the previous position', () => {
    const launch = new Driver(kiirooV2, 'Launch');
    expect(launch.send([0, 'HwPositionWithDuration', 99, 500])).toEqual([
      { endpoint: 'tx', bytes: [99, 40], withResponse: false },
    ]);
    expect(launch.bytes([0, 'HwPositionWithDuration', 49, 1000])).toEqual([[49, strokeSpeed(99, 49, 1000)]]);
    expect(launch.bytes([0, 'HwPositionWithDuration', 0, 500])).toEqual([[0, strokeSpeed(49, 0, 500)]]);
  });
});

describe('kiiroo-v2-vibrator', () => {
  test('three speed bytes whatever the motor count', () => {
    const pearl2 = new Driver(kiirooV2Vibrator, 'Pearl2');
    expect(pearl2.send([0, 'Vibrate', 100])).toEqual([
      { endpoint: 'tx', bytes: [100, 0, 0], withResponse: false },
    ]);
    expect(pearl2.bytes([0, 'Vibrate', 0])).toEqual([[0, 0, 0]]);
  });

  test('Titan: each change rewrites all three from the current speeds; a stop is one packet', () => {
    const titan = new Driver(kiirooV2Vibrator, 'Titan');
    expect(titan.bytes([1, 'Vibrate', 20])).toEqual([[0, 20, 0]]);
    expect(titan.bytes([0, 'Vibrate', 10], [2, 'Vibrate', 30])).toEqual([[10, 20, 30]]);
    expect(titan.bytes([0, 'Vibrate', 0], [1, 'Vibrate', 0], [2, 'Vibrate', 0])).toEqual([[0, 0, 0]]);
  });
});

describe('kiiroo-v21 family', () => {
  test('vibrate "01 speed"; Pulse Solo range 0–6', () => {
    const pearl = new Driver(kiirooV21, 'Pearl2.1');
    expect(pearl.send([0, 'Vibrate', 100])).toEqual([
      { endpoint: 'tx', bytes: [0x01, 100], withResponse: false },
    ]);
    expect(pearl.bytes([0, 'Vibrate', 0])).toEqual([[0x01, 0]]);
    expect(new Driver(kiirooV21, 'Pulse Interactive').bytes([0, 'Vibrate', 6])).toEqual([[0x01, 6]]);
  });

  test('Titan 1.1: vibrator and stroker, stroke "03 00 speed position"', () => {
    const titan = new Driver(kiirooV21, 'Titan1.1');
    expect(titan.bytes([0, 'Vibrate', 40], [1, 'HwPositionWithDuration', 99, 500])).toEqual([
      [0x01, 40],
      [0x03, 0x00, 40, 99],
    ]);
    expect(titan.bytes([1, 'HwPositionWithDuration', 0, 200])).toEqual([
      [0x03, 0x00, strokeSpeed(99, 0, 200), 0],
    ]);
  });

  test('battery: byte 5 of exactly 20 bytes from the whitelist characteristic', async () => {
    const bytes = [0, 0, 0, 0, 0, 64, ...new Array(14).fill(0)];
    const hw = new ReadableHardware(bytes);
    const handler = kiirooV21.createHandler(resolved('kiiroo-v21', 'Pearl2.1'));
    expect(await handler.readInput!(hw, 1, 'Battery')).toEqual([64]);
    expect(hw.reads).toEqual([['whitelist', 20]]);
    expect(() => parseV21Battery(Uint8Array.of(1, 2, 3))).toThrow('not expected length');
  });

  test('initialised strokers: two "03 00 64 xx" writes with response, then the same commands', async () => {
    const hw = new FakeHardware('KEON');
    const keon = resolved('kiiroo-v21-initialized', 'KEON');
    expect(keon.config.name).toBe('Kiiroo Keon');
    await kiirooV21Initialized.initialise!(hw, keon);
    expect(hw.ops.map((o) => (o.op === 'write' ? [o.endpoint, o.data, o.withResponse] : o))).toEqual([
      ['tx', [0x03, 0x00, 0x64, 0x19], true],
      ['tx', [0x03, 0x00, 0x64, 0x00], true],
    ]);
    const d = new Driver(kiirooV21Initialized, 'KEON');
    expect(d.bytes([0, 'HwPositionWithDuration', 50, 1000])).toEqual([[0x03, 0x00, 9, 50]]);
    expect(d.handler.readInput).toBeUndefined();
  });

  test('kiiroo-v3 (Keon Wifi) is driven as kiiroo-v21, with its battery read', () => {
    const d = new Driver(kiirooV3, 'KEON WIFI');
    expect(d.bytes([0, 'HwPositionWithDuration', 99, 500])).toEqual([[0x03, 0x00, 40, 99]]);
    expect(d.handler.readInput).toBeTypeOf('function');
  });

  test('a configuration with an output the family cannot encode is refused at creation', () => {
    const pearl = resolved('kiiroo-v21', 'Pearl3');
    const odd: ResolvedDevice = {
      ...pearl,
      features: [{ index: 0, description: '', output: { Rotate: { value: [0, 1] } } }],
    };
    expect(() => kiirooV21.createHandler(odd)).toThrow(
      'Kiiroo v2.1 has no Rotate encoder (feature 0 of Kiiroo Pearl 3)',
    );
  });
});
