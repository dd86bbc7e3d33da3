// The smaller families foreo to sensee, byte for byte against upstream (satisfyer.rs, foreo.rs,
// monsterpub.rs, libo_*.rs, sensee*.rs, mysteryvibe*.rs): identification and init exchanges
// against a scripted peripheral, then every output type each supports, range ends and stop.

import { describe, expect, test } from 'vitest';
import { buildDatabase, resolveDevice } from '../../src/config/index.js';
import {
  handlerContext,
  type Advertised,
  type ProtocolHandler,
  type ProtocolModule,
  type ResolvedDevice,
} from '../../src/core/protocol.js';
import { foreo, modeForName } from '../../src/protocols/foreo.js';
import { liboElle, packedSpeed } from '../../src/protocols/libo-elle.js';
import { liboKaren } from '../../src/protocols/libo-karen.js';
import { liboShark } from '../../src/protocols/libo-shark.js';
import { liboVibes } from '../../src/protocols/libo-vibes.js';
import { challengeAnswer, monsterpub, UNKNOWN_MODEL } from '../../src/protocols/monsterpub.js';
import { MYSTERYVIBE_KEEPALIVE_MS, mysteryvibe, mysteryvibeV2 } from '../../src/protocols/mysteryvibe.js';
import { modelIdentifier, SATISFYER_KEEPALIVE_MS, satisfyer } from '../../src/protocols/satisfyer.js';
import { DEFAULT_DEVICE_TYPE, deviceTypeFrom, senseeV2 } from '../../src/protocols/sensee-v2.js';
import { sensee } from '../../src/protocols/sensee.js';
import { FakeHardware } from './fake-hardware.js';
import { OutputDriver, tuplesOf, type Cmd, type Sent } from './output-driver.js';

const { db } = buildDatabase();

/** A peripheral whose characteristics answer reads from a script, with the given endpoints. */
class ReadableHardware extends FakeHardware {
  readonly reads: { endpoint: string; length: number; timeoutMs: number }[] = [];
  constructor(
    name: string,
    private readonly values: Readonly<Record<string, Uint8Array>> = {},
    endpoints?: readonly string[],
  ) {
    super(name);
    if (endpoints) {
      this.endpoints.clear();
      for (const e of endpoints) this.endpoints.add(e);
    }
  }
  override async read(endpoint = '', length = 0, timeoutMs = 0): Promise<Uint8Array> {
    this.reads.push({ endpoint, length, timeoutMs });
    const v = this.values[endpoint];
    if (v === undefined) throw new Error('read timed out');
    return v;
  }
}

class Driver extends OutputDriver {
  constructor(
    handler: ProtocolHandler,
    readonly hw: ReadableHardware,
    readonly dev: ResolvedDevice,
  ) {
    super(handler);
  }

  static async connect(
    module: ProtocolModule,
    hw: ReadableHardware,
    advertised?: Advertised,
  ): Promise<Driver> {
    const identified = module.identify ? await module.identify(hw, advertised) : undefined;
    if (typeof identified === 'object')
      throw new Error(`${module.definition.id} handed the device to ${identified.protocol}`);
    const identifier = identified;
    const dev = resolveDevice(db, module.definition.id, identifier, hw.name);
    if (!dev) throw new Error(`no ${module.definition.id} configuration for ${hw.name}`);
    const learned = await module.initialise?.(hw, dev, advertised);
    return new Driver(module.createHandler(dev, handlerContext(hw, learned)), hw, dev);
  }

  send(...cmds: Cmd[]): Sent[] {
    return tuplesOf(this.encode(...cmds));
  }

  /** The writes made during identification and initialisation. */
  get initWrites(): Sent[] {
    return this.hw.ops.flatMap((o) =>
      o.op === 'write' ? [[o.endpoint, o.data, o.withResponse] as Sent] : [],
    );
  }
}

describe('satisfyer', () => {
  test('model number: a big-endian u32 in decimal; other lengths give "0"', () => {
    expect(modelIdentifier(Uint8Array.of(0, 0, 0x27, 0xb0))).toBe('10160');
    expect(modelIdentifier(Uint8Array.of(0xff, 0xff, 0xff, 0xff))).toBe('4294967295');
    expect(modelIdentifier(Uint8Array.of(0x27, 0xb0))).toBe('0');
  });

  test('identify by the model read, init, then every motor four times per packet', async () => {
    const d = await Driver.connect(
      satisfyer,
      new ReadableHardware('SF X', { rxblemodel: Uint8Array.of(0, 0, 0x27, 0x51) }),
    );
    expect(d.dev.config.name).toBe('Satisfyer Double Flex'); // 10065: three vibrators
    expect(d.hw.reads).toEqual([{ endpoint: 'rxblemodel', length: 128, timeoutMs: 500 }]);
    expect(d.initWrites).toEqual([
      ['command', [0x01], true],
      ['tx', Array(12).fill(0), false], // upstream's stop on connect
    ]);
    expect(d.handler.keepaliveMs).toBe(SATISFYER_KEEPALIVE_MS);
    expect(d.send([0, 'Vibrate', 100], [2, 'Vibrate', 1])).toEqual([
      ['tx', [100, 100, 100, 100, 0, 0, 0, 0, 1, 1, 1, 1], false],
    ]);
    expect(d.send([1, 'Vibrate', 50])).toEqual([
      ['tx', [100, 100, 100, 100, 50, 50, 50, 50, 1, 1, 1, 1], false],
    ]);
    expect(d.send([0, 'Vibrate', 0], [1, 'Vibrate', 0], [2, 'Vibrate', 0])).toEqual([
      ['tx', Array(12).fill(0), false],
    ]);
  });

  test('a model number in the advertisement is used without a read', async () => {
    const advertised = { manufacturerData: [{ company: 93, data: [0, 0, 0x27, 0x51] }] };
    const d = await Driver.connect(satisfyer, new ReadableHardware('SF X', {}), advertised);
    expect(d.dev.config.name).toBe('Satisfyer Double Flex');
    expect(d.hw.reads).toEqual([]);
  });

  test('an unknown model gets the defaults', async () => {
    const d = await Driver.connect(
      satisfyer,
      new ReadableHardware('SF X', { rxblemodel: Uint8Array.of(1, 2) }),
    );
    expect(d.dev.config.name).toBe('Satisfyer Device');
  });
});

describe('foreo', () => {
  test.each([
    ['LUNA play smart 2', 3],
    ['LUNA PLAY SMART', 0],
    ['LUNA fofo', 1],
    ['UFO 2', 1],
    ['BEAR 2', 0],
  ])('%s → mode %i', (name, mode) => expect(modeForName(name)).toBe(mode));

  test('[01 mode speed] with response', async () => {
    const d = await Driver.connect(foreo, new ReadableHardware('UFO 2'));
    expect(d.send([0, 'Vibrate', 10])).toEqual([['tx', [0x01, 0x01, 10], true]]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([['tx', [0x01, 0x01, 0], true]]);
    const luna = await Driver.connect(foreo, new ReadableHardware('LUNA 3'));
    expect(luna.send([0, 'Vibrate', 5])).toEqual([['tx', [0x01, 0x00, 5], true]]);
  });
});

describe('monsterpub', () => {
  const ALL = ['tx', 'txmode', 'txvibrate', 'generic0', 'rx', 'rxblemodel'];

  test('challenge answer: bytes 1–15 XOR the key byte 0 names', () => {
    const challenge = Uint8Array.of(1, ...Array.from({ length: 15 }, (_, i) => i));
    expect([...challengeAnswer(challenge)]).toEqual(
      [0x4c, 0x53, 0x42, 0x42, 0x4c, 0x53, 0x42, 0x42, 0x4c, 0x53, 0x42, 0x42, 0x4c, 0x53, 0x42].map(
        (k, i) => k ^ i,
      ),
    );
  });

  test('model name read (NULs dropped), challenge answered on rx, speeds on txvibrate', async () => {
    const challenge = Uint8Array.of(3, ...Array(15).fill(0));
    const hw = new ReadableHardware(
      'MonsterPub',
      { rxblemodel: new TextEncoder().encode('MP2_JK_N_P1\0\0'), rx: challenge },
      ALL,
    );
    const d = await Driver.connect(monsterpub, hw);
    expect(d.dev.config.name).toBe('Sistalk MonsterPub 2 Doctor Whale');
    expect(hw.reads).toEqual([
      { endpoint: 'rxblemodel', length: 32, timeoutMs: 500 },
      { endpoint: 'rx', length: 16, timeoutMs: 200 },
    ]);
    expect(d.initWrites).toEqual([['rx', [...'TALKTALKTALKTAL'].map((c) => c.charCodeAt(0)), true]]);
    expect(d.send([0, 'Vibrate', 100])).toEqual([['txvibrate', [100, 0], false]]);
    expect(d.send([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([['txvibrate', [0, 0], false]]);
  });

  test('on tx, a stop goes to txmode with response', async () => {
    const d = await Driver.connect(
      monsterpub,
      new ReadableHardware('MonsterPub', { rxblemodel: new TextEncoder().encode('MP_MW_TL_P2') }, [
        'tx',
        'txmode',
      ]),
    );
    expect(d.initWrites).toEqual([]); // no rx: no challenge
    expect(d.send([1, 'Vibrate', 7])).toEqual([['tx', [0, 7], false]]);
    expect(d.send([1, 'Vibrate', 0])).toEqual([['txmode', [0, 0], true]]);
  });

  test("generic0 (three-motor Tracy's Dog): speeds after a 3", async () => {
    const d = await Driver.connect(
      monsterpub,
      new ReadableHardware('TracyDog', { rxblemodel: new TextEncoder().encode('TDG_CRAYBIT_PT') }, [
        'generic0',
      ]),
    );
    expect(d.send([0, 'Vibrate', 1], [2, 'Vibrate', 100])).toEqual([['generic0', [3, 1, 0, 100], false]]);
  });

  test('an unreadable model is "Unknown" and gets the defaults; oscillate shares the packet', async () => {
    const d = await Driver.connect(monsterpub, new ReadableHardware('MonsterPub', {}, ['txvibrate']));
    expect(d.dev.identifier).toBe(UNKNOWN_MODEL);
    expect(d.dev.config.name).toBe('Sistalk MonsterPub Device');
    const pop = await Driver.connect(
      monsterpub,
      new ReadableHardware('MonsterPub', { rxblemodel: new TextEncoder().encode('MP_SUCKBANG_P5') }, [
        'txvibrate',
      ]),
    );
    expect(pop.send([0, 'Oscillate', 40], [1, 'Vibrate', 60])).toEqual([['txvibrate', [40, 60], false]]);
  });
});

describe('libo', () => {
  test('elle: speed on txmode; feature 1 would take the packed byte on tx', async () => {
    const d = await Driver.connect(liboElle, new ReadableHardware('PiPiJing'));
    expect(d.dev.config.name).toBe('LiBo Elle');
    expect(d.send([0, 'Vibrate', 3])).toEqual([['txmode', [3], false]]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([['txmode', [0], false]]);
    expect([0, 1, 7, 8, 15].map(packedSpeed)).toEqual([0x00, 0x01, 0x61, 0x04, 0x74]);
  });

  test('shark: both motors in one byte', async () => {
    const d = await Driver.connect(liboShark, new ReadableHardware('ShaYu'));
    expect(d.send([0, 'Vibrate', 3])).toEqual([['tx', [0x30], false]]);
    expect(d.send([1, 'Vibrate', 2])).toEqual([['tx', [0x32], false]]);
    expect(d.send([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([['tx', [0x00], false]]);
  });

  test('vibes: motor 1 on tx (stop on txmode too), motor 2 on txmode', async () => {
    const d = await Driver.connect(liboVibes, new ReadableHardware('BaiHu'));
    expect(d.send([0, 'Vibrate', 100], [1, 'Vibrate', 3])).toEqual([
      ['tx', [100], false],
      ['txmode', [3], false],
    ]);
    expect(d.send([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([
      ['tx', [0], false],
      ['txmode', [0], false],
      ['txmode', [0], false],
    ]);
  });

  test('karen: nothing to drive', async () => {
    const d = await Driver.connect(liboKaren, new ReadableHardware('SuoYinQiu'));
    expect(d.dev.features).toEqual([]);
    expect(d.send()).toEqual([]);
  });
});

describe('sensee', () => {
  test('one frame ending in the speed', async () => {
    const d = await Driver.connect(sensee, new ReadableHardware('CTY222S4'));
    expect(d.send([0, 'Vibrate', 100])).toEqual([
      ['tx', [0x55, 0xaa, 0xf0, 0x01, 0x01, 0x0b, 0x65, 0xf7, 0x01, 0x01, 100], false],
    ]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([
      ['tx', [0x55, 0xaa, 0xf0, 0x01, 0x01, 0x0b, 0x65, 0xf7, 0x01, 0x01, 0], false],
    ]);
  });
});

describe('sensee-v2', () => {
  test('device type: byte 6 of the read unless absent or zero', () => {
    expect(deviceTypeFrom(Uint8Array.of(0x55, 0xaa, 0xf0, 0x02, 0x01, 0x0a, 0x66))).toBe(0x66);
    expect(deviceTypeFrom(Uint8Array.of(0, 0, 0, 0, 0, 0, 0))).toBe(DEFAULT_DEVICE_TYPE);
    expect(deviceTypeFrom(Uint8Array.of(1, 2, 3))).toBe(DEFAULT_DEVICE_TYPE);
  });

  test('every group in one frame (vibrate, thrust, suck)', async () => {
    const hw = new ReadableHardware('CCPB22S5', {
      tx: Uint8Array.of(0x55, 0xaa, 0xf0, 0x02, 0x01, 0x0a, 0x67, 0xfa),
    });
    const d = await Driver.connect(senseeV2, hw);
    expect(hw.reads).toEqual([{ endpoint: 'tx', length: 128, timeoutMs: 500 }]);
    const head = [0x55, 0xaa, 0xf0, 0x02, 0x00, 0x11, 0x67, 0xf1, 0x03];
    expect(d.send([1, 'Oscillate', 100])).toEqual([
      ['tx', [...head, 0, 1, 1, 0, 1, 1, 1, 100, 2, 1, 1, 0, 0, 0], false],
    ]);
    expect(d.send([0, 'Vibrate', 1], [2, 'Constrict', 50])).toEqual([
      ['tx', [...head, 0, 1, 1, 1, 1, 1, 1, 100, 2, 1, 1, 50, 0, 0], false],
    ]);
    expect(d.send([0, 'Vibrate', 0], [1, 'Oscillate', 0], [2, 'Constrict', 0])).toEqual([
      ['tx', [...head, 0, 1, 1, 0, 1, 1, 1, 0, 2, 1, 1, 0, 0, 0], false],
    ]);
  });

  test('oscillate before vibrate in the features: groups still in kind order', async () => {
    const d = await Driver.connect(senseeV2, new ReadableHardware('CTY916S4', { tx: new Uint8Array(0) }));
    expect(d.send([0, 'Oscillate', 9])).toEqual([
      ['tx', [0x55, 0xaa, 0xf0, 0x02, 0x00, 0x0d, 0x65, 0xf1, 0x02, 0, 1, 1, 0, 1, 1, 1, 9, 0, 0], false],
    ]);
  });
});

describe('mysteryvibe', () => {
  test.each([
    [mysteryvibe, 'MV Crescendo', [0x43, 0x02, 0x00], 6],
    [mysteryvibeV2, '6909 MV1', [0x03, 0x02, 0x40], 4],
  ] as const)(
    '%#: wake packet, stop on connect, all motors per packet, repeated',
    async (module, name, wake, motors) => {
      const d = await Driver.connect(module, new ReadableHardware(name));
      expect(d.initWrites).toEqual([
        ['txmode', [...wake], true],
        ['txvibrate', Array(motors).fill(0), false],
      ]);
      expect(d.handler.keepaliveMs).toBe(MYSTERYVIBE_KEEPALIVE_MS);
      const full = Array(motors).fill(0);
      full[1] = 56;
      expect(d.send([1, 'Vibrate', 56])).toEqual([['txvibrate', full, false]]);
      expect(d.send([1, 'Vibrate', 0])).toEqual([['txvibrate', Array(motors).fill(0), false]]);
    },
  );
});
