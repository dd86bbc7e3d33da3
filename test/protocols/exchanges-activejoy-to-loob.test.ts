// Identification, initialisation and inputs of the families activejoy to loob against a
// scripted peripheral, and those whose encoders keep state (Fredorch, Fredorch rotary, Hgod).
// Facts from the upstream
// protocol implementations and the upstream device cases where they exist.

import { createHash } from 'node:crypto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { buildDatabase, resolveDevice } from '../../src/config/index.js';
import type { OutputCommand } from '../../src/core/commands.js';
import { outputKey, type ProtocolModule, type ResolvedDevice } from '../../src/core/protocol.js';
import { amorelieJoy } from '../../src/protocols/amorelie-joy.js';
import { ankni, checkByte, PNP_READ_TIMEOUT_MS } from '../../src/protocols/ankni.js';
import { cowgirlCone, INIT_PAUSE_MS } from '../../src/protocols/cowgirl-cone.js';
import { cueme, garmentFromName } from '../../src/protocols/cueme.js';
import {
  advertisementCode,
  authenticate,
  challenge,
  decrypt,
  encrypt,
  fluffer,
  FLUFFER_COMPANY,
} from '../../src/protocols/fluffer.js';
import {
  fredorchRotary,
  INIT_ANSWER_TIMEOUT_MS as ROTARY_TIMEOUT_MS,
} from '../../src/protocols/fredorch-rotary.js';
import { fredorch, INIT_ANSWER_TIMEOUT_MS, modbusCrc, speedFor } from '../../src/protocols/fredorch.js';
import { hgod, HGOD_REPEAT_MS } from '../../src/protocols/hgod.js';
import { kgoalBoost } from '../../src/protocols/kgoal-boost.js';
import { leten } from '../../src/protocols/leten.js';
import { lioness } from '../../src/protocols/lioness.js';
import { loob } from '../../src/protocols/loob.js';
import { FakeHardware, type Responder } from './fake-hardware.js';

const { db } = buildDatabase();

function resolved(module: ProtocolModule, name = 'test-device', identifier?: string): ResolvedDevice {
  const dev = resolveDevice(db, module.definition.id, identifier, name);
  if (!dev) throw new Error(`no configuration for ${module.definition.id}`);
  return dev;
}

/** A peripheral that also answers reads (FIFO per endpoint) and can fail writes. */
class ScriptedHardware extends FakeHardware {
  readonly reads: {
    endpoint: string | undefined;
    length: number | undefined;
    timeoutMs: number | undefined;
  }[] = [];
  constructor(
    name: string,
    respond: Responder = () => [],
    private readonly readAnswers: Record<string, number[][]> = {},
    private readonly failWrites = false,
  ) {
    super(name, respond);
  }
  // Optional parameters: the base class's read takes none (it refuses every read).
  override async read(endpoint?: string, length?: number, timeoutMs?: number): Promise<Uint8Array> {
    this.reads.push({ endpoint, length, timeoutMs });
    const next = this.readAnswers[endpoint ?? '']?.shift();
    if (!next) throw new Error(`no read scripted for ${endpoint}`);
    return Uint8Array.from(next);
  }
  override async write(endpoint: string, data: Uint8Array, withResponse = false): Promise<void> {
    await super.write(endpoint, data, withResponse);
    if (this.failWrites) throw new Error('write failed');
  }
}

const bytesOf = (hw: FakeHardware) =>
  hw.ops.map((o) =>
    o.op === 'write'
      ? { write: o.data, withResponse: o.withResponse, endpoint: o.endpoint }
      : { [o.op]: o.endpoint },
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('initialisers', () => {
  test('amorelie-joy writes [03] once', async () => {
    const hw = new FakeHardware('4D01');
    await amorelieJoy.initialise!(hw, resolved(amorelieJoy, '4D01'));
    expect(bytesOf(hw)).toEqual([{ write: [0x03], withResponse: false, endpoint: 'tx' }]);
  });

  test('ankni: a six-byte PnP id is an address, answered with the checksum handshake', async () => {
    const hw = new ScriptedHardware('DSJM', () => [], { generic0: [[0xa2, 0x31, 0x35, 0x53, 0x52, 0xd8]] });
    await ankni.initialise!(hw, resolved(ankni, 'DSJM'));
    expect(hw.reads).toEqual([{ endpoint: 'generic0', length: 16, timeoutMs: PNP_READ_TIMEOUT_MS }]);
    expect(checkByte([0xa2, 0x31, 0x35, 0x53, 0x52, 0xd8])).toBe(0xc1);
    expect(bytesOf(hw)).toEqual([
      { write: new Array(20).fill(0x01), withResponse: true, endpoint: 'tx' },
      { write: [0x01, 0x02, ...new Array(16).fill(0xc1), 0x00, 0x00], withResponse: true, endpoint: 'tx' },
    ]);
  });

  test('ankni: a longer PnP id means no handshake', async () => {
    const hw = new ScriptedHardware('DSJM', () => [], {
      generic0: [[0x01, 0xa6, 0x01, 0x00, 0x00, 0x01, 0x16]],
    });
    await ankni.initialise!(hw, resolved(ankni, 'DSJM'));
    expect(hw.ops).toEqual([]);
  });

  test('cowgirl-cone wakes the device and waits 3 s before it takes commands', async () => {
    vi.useFakeTimers();
    const hw = new FakeHardware('CG-CONE');
    let done = false;
    const init = cowgirlCone.initialise!(hw, resolved(cowgirlCone, 'CG-CONE')).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(INIT_PAUSE_MS - 1);
    expect(bytesOf(hw)).toEqual([{ write: [0xaa, 0x56, 0x00, 0x00], withResponse: false, endpoint: 'tx' }]);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await init;
    expect(done).toBe(true);
  });

  test('leten authenticates, then stops the motor (upstream stops keepalive devices on connect)', async () => {
    const hw = new FakeHardware('F520A-LT');
    await leten.initialise!(hw, resolved(leten, 'F520A-LT'));
    expect(bytesOf(hw)).toEqual([
      { write: [0x04, 0x01], withResponse: true, endpoint: 'tx' },
      { write: [0x02, 0x00], withResponse: true, endpoint: 'tx' },
    ]);
  });

  test('lioness subscribes, then writes its init with response; a failed write asks for pairing', async () => {
    const hw = new FakeHardware('Lioness');
    await lioness.initialise!(hw, resolved(lioness, 'Lioness'));
    expect(bytesOf(hw)).toEqual([
      { subscribe: 'rx' },
      { write: [0x01, 0xaa, 0xaa, 0xbb, 0xcc, 0x10], withResponse: true, endpoint: 'tx' },
    ]);
    const failing = new ScriptedHardware('Lioness', () => [], {}, true);
    await expect(lioness.initialise!(failing, resolved(lioness, 'Lioness'))).rejects.toThrow(/PIN 6496/);
  });

  test('loob writes its init with response', async () => {
    const hw = new FakeHardware('LOOB');
    await loob.initialise!(hw, resolved(loob, 'LOOB'));
    expect(bytesOf(hw)).toEqual([{ write: [0x00, 0x01, 0x01, 0xf4], withResponse: true, endpoint: 'tx' }]);
  });

  test('cueme identifies the garment from the name suffix', async () => {
    expect(garmentFromName('FUNCODE_EBD8A0CFE5E0_3')).toBe('3');
    expect(garmentFromName('FUNCODE_EBD8A0CFE5E0')).toBeUndefined();
    expect(await cueme.identify!(new FakeHardware('FUNCODE_EBD8A0CFE5E0_1'))).toBe('1');
    expect(resolveDevice(db, 'cueme', '3', 'FUNCODE_X_3')?.config.name).toBe('Cueme Womans');
    expect(resolveDevice(db, 'cueme', '3', 'FUNCODE_X_3')?.features).toHaveLength(4);
  });
});

describe('fluffer', () => {
  test('initialise subscribes to rx, and authenticates only with Fluffer manufacturer data in the advertisement', async () => {
    const plain = new FakeHardware('FDGTHING');
    await fluffer.initialise!(plain, resolved(fluffer, 'FDGTHING'), {
      manufacturerData: [{ company: 93, data: [1, 2, 3] }],
    });
    expect(bytesOf(plain)).toEqual([{ subscribe: 'rx' }]);

    const accepting = new FakeHardware('FDGTHING', () => [encrypt([0xa5, 0x01, 0x01, 0x00])]);
    await fluffer.initialise!(accepting, resolved(fluffer, 'FDGTHING'), {
      manufacturerData: [{ company: FLUFFER_COMPANY, data: [0x10, 0x00, 0x78, 0x12, 0x55] }],
    });
    expect(accepting.ops[0]).toEqual({ op: 'subscribe', endpoint: 'rx' });
    const writes = accepting.ops.flatMap((o) =>
      o.op === 'write' ? [[...decrypt(Uint8Array.from(o.data))]] : [],
    );
    expect(writes.map((w) => w.slice(0, 3))).toEqual([
      [0xa5, 0x01, 0x08],
      [0x82, 0x0e, 0x02],
    ]);
    // The challenge's hash covers the code derived from [0x4a, 0x68, ...data].
    const nonce = writes[0]!.slice(3, 7);
    const digest = createHash('sha256')
      .update(Uint8Array.from([...nonce, ...advertisementCode([0x4a, 0x68, 0x10, 0x00, 0x78, 0x12, 0x55])]))
      .digest();
    expect(writes[0]!.slice(7)).toEqual([...digest.subarray(0, 4)]);

    const refusing = new FakeHardware('FDGTHING', () => [encrypt([0xa5, 0x01, 0x00, 0x00])]);
    await expect(
      fluffer.initialise!(refusing, resolved(fluffer, 'FDGTHING'), {
        manufacturerData: [{ company: FLUFFER_COMPANY, data: [0, 0, 0] }],
      }),
    ).rejects.toThrow(/security handshake/);
  });

  test('advertisement code: bytes from offset 3, xored with byte1 ^ byte2 unless 0 or the key', () => {
    // key = 0x10 ^ 0x68 = 0x78
    expect(advertisementCode([0x4a, 0x68, 0x10, 0x00, 0x78, 0x12, 0x55, 0x99])).toEqual([
      0x00, 0x78, 0x6a, 0x2d,
    ]);
    expect(advertisementCode([0x4a, 0x68, 0x10, 0x12])).toEqual([0x6a]);
  });

  test('authenticate sends the encrypted challenge and, once accepted, the start packet', async () => {
    const adv = [0x4a, 0x68, 0x10, 0x00, 0x78, 0x12, 0x55];
    const nonce = [1, 2, 3, 4];
    const hw = new FakeHardware('FDGTHING', (_ep, text) =>
      Buffer.from(text, 'latin1')[0] === encrypt(challenge(nonce, adv))[0]
        ? [encrypt([0xa5, 0x01, 0x01, 0x00])]
        : [],
    );
    await authenticate(hw, adv, nonce);
    const writes = hw.ops.flatMap((o) => (o.op === 'write' ? [[...decrypt(Uint8Array.from(o.data))]] : []));
    const digest = createHash('sha256')
      .update(Uint8Array.from([...nonce, 0x00, 0x78, 0x6a, 0x2d]))
      .digest();
    expect(writes).toEqual([
      [0xa5, 0x01, 0x08, 1, 2, 3, 4, ...digest.subarray(0, 4)],
      [0x82, 0x0e, 0x02, 0x00, 0x01],
    ]);
  });

  test('authenticate fails on a wrong answer or none', async () => {
    const wrong = new FakeHardware('FDGTHING', () => [encrypt([0xa5, 0x01, 0x00, 0x00])]);
    await expect(authenticate(wrong, [0x4a, 0x68, 0, 0], [0, 0, 0, 0])).rejects.toThrow(/security handshake/);
    const silent = new FakeHardware('FDGTHING');
    await expect(authenticate(silent, [0x4a, 0x68, 0, 0], [0, 0, 0, 0])).rejects.toThrow(
      /security handshake/,
    );
  });
});

describe('fredorch', () => {
  test('Modbus CRC of the init packets (upstream case bytes)', () => {
    expect(modbusCrc([0x01, 0x06, 0x00, 0x64, 0x00, 0x01])).toEqual([0x09, 0xd5]);
    expect(modbusCrc([0x01, 0x06, 0x00, 0x69, 0x00, 0x00])).toEqual([0x59, 0xd6]);
    expect(
      modbusCrc([
        0x01, 0x10, 0x00, 0x6b, 0x00, 0x05, 0x0a, 0x00, 0x05, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
      ]),
    ).toEqual([0xc0, 0xc3]);
    expect(
      modbusCrc([
        0x01, 0x10, 0x00, 0x6b, 0x00, 0x05, 0x0a, 0x00, 0x0f, 0x00, 0x0f, 0x00, 0x96, 0x00, 0x96, 0x00, 0x01,
      ]),
    ).toEqual([0xbc, 0x52]);
  });

  /** Echoes every write on rx, and says it is awake once subscribed. */
  class EchoingMachine extends FakeHardware {
    constructor(echo = true) {
      super('YXlinksSPP', (_ep, text) => (echo ? [text] : []));
    }
    override async subscribe(endpoint: string): Promise<void> {
      await super.subscribe(endpoint);
      setTimeout(() => this.notify('rx', Uint8Array.from([0x00, 0x01, 0x00, 0x01, 0x01])), 0);
    }
  }

  test('initialise: wake-up, then five programmed packets, each answered (upstream case)', async () => {
    const hw = new EchoingMachine();
    await fredorch.initialise!(hw, resolved(fredorch, 'YXlinksSPP'));
    expect(bytesOf(hw)).toEqual([
      { subscribe: 'rx' },
      { write: [0x01, 0x06, 0x00, 0x64, 0x00, 0x01, 0x09, 0xd5], withResponse: false, endpoint: 'tx' },
      { write: [0x01, 0x06, 0x00, 0x69, 0x00, 0x00, 0x59, 0xd6], withResponse: false, endpoint: 'tx' },
      {
        write: [
          0x01, 0x10, 0x00, 0x6b, 0x00, 0x05, 0x0a, 0x00, 0x05, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00,
          0x01, 0xc0, 0xc3,
        ],
        withResponse: false,
        endpoint: 'tx',
      },
      { write: [0x01, 0x06, 0x00, 0x69, 0x00, 0x01, 0x98, 0x16], withResponse: false, endpoint: 'tx' },
      { write: [0x01, 0x06, 0x00, 0x6a, 0x00, 0x01, 0x68, 0x16], withResponse: false, endpoint: 'tx' },
    ]);
    expect(hw.waits.every((w) => w === INIT_ANSWER_TIMEOUT_MS)).toBe(true);
  });

  test('initialise fails when a packet goes unanswered', async () => {
    await expect(
      fredorch.initialise!(new EchoingMachine(false), resolved(fredorch, 'YXlinksSPP')),
    ).rejects.toThrow(/timed out/);
  });

  test('speed from distance and duration (upstream table)', () => {
    expect(speedFor(0, 1000)).toBe(0);
    expect(speedFor(5, 1000)).toBe(7); // row 5: 972 ms is the first below 1000
    expect(speedFor(1, 2000)).toBe(1);
    expect(speedFor(15, 50)).toBe(20); // nothing that fast: the fastest
    expect(speedFor(40, 8049)).toBe(1); // distance clamped to 15
  });

  test('moves carry both speeds and the position ×10; the speed follows the distance travelled', () => {
    const handler = fredorch.createHandler(resolved(fredorch, 'YXlinksSPP'));
    const move = (value: number, duration: number): number[] => {
      const c: OutputCommand = { feature: 0, type: 'HwPositionWithDuration', value, duration };
      const writes = handler.encode([c], new Map([[outputKey(0, c.type), c]]));
      expect(writes).toHaveLength(1);
      expect(writes[0]!.withResponse).toBe(false);
      return [...writes[0]!.data];
    };
    const program = (speed: number, pos: number) => {
      const data = [
        0x01,
        0x10,
        0x00,
        0x6b,
        0x00,
        0x05,
        0x0a,
        0x00,
        speed,
        0x00,
        speed,
        0x00,
        pos,
        0x00,
        pos,
        0x00,
        0x01,
      ];
      return [...data, ...modbusCrc(data)];
    };
    expect(move(5, 1000)).toEqual(program(7, 50));
    expect(move(15, 50)).toEqual(program(20, 150)); // distance 10 from 5
    expect(move(15, 500)).toEqual(program(0, 150)); // no distance: speed 0
    expect(move(0, 8049)).toEqual(program(1, 0));
  });
});

describe('fredorch-rotary', () => {
  test('initialise: four frames, each given up to 100 ms for an answer', async () => {
    const hw = new FakeHardware('M1_1234');
    await fredorchRotary.initialise!(hw, resolved(fredorchRotary, 'M1_1234'));
    expect(bytesOf(hw)).toEqual([
      { subscribe: 'rx' },
      { write: [0x55, 0x03, 0x99, 0x9c, 0xaa], withResponse: false, endpoint: 'tx' },
      {
        write: [0x55, 0x09, 0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a, 0xaa],
        withResponse: false,
        endpoint: 'tx',
      },
      { write: [0x55, 0x03, 0x1f, 0x22, 0xaa], withResponse: false, endpoint: 'tx' },
      { write: [0x55, 0x03, 0x24, 0x27, 0xaa], withResponse: false, endpoint: 'tx' },
    ]);
    expect(hw.waits).toEqual([ROTARY_TIMEOUT_MS, ROTARY_TIMEOUT_MS, ROTARY_TIMEOUT_MS, ROTARY_TIMEOUT_MS]);
  });

  test('speed is stepped one frame at a time; a stop is one frame', () => {
    const handler = fredorchRotary.createHandler(resolved(fredorchRotary, 'M1_1234'));
    const set = (value: number): number[][] => {
      const c: OutputCommand = { feature: 0, type: 'Oscillate', value };
      return handler.encode([c], new Map([[outputKey(0, c.type), c]])).map((w) => [...w.data]);
    };
    const up = [0x55, 0x03, 0x01, 0x04, 0xaa];
    const down = [0x55, 0x03, 0x02, 0x05, 0xaa];
    const stop = [0x55, 0x03, 0x24, 0x27, 0xaa];
    expect(set(3)).toEqual([up, up, up]);
    expect(set(20)).toEqual(new Array(17).fill(up));
    expect(set(18)).toEqual([down, down]);
    expect(set(0)).toEqual([stop]);
    expect(set(1)).toEqual([up]);
  });
});

describe('hgod', () => {
  test('commands set the speed; the tick repeats the packet every 100 ms, and a stop is silence', () => {
    const handler = hgod.createHandler(resolved(hgod, 'AMN NEO'));
    expect(handler.tickMs).toBe(HGOD_REPEAT_MS);
    const set = (value: number) => {
      const c: OutputCommand = { feature: 0, type: 'Vibrate', value };
      return handler.encode([c], new Map([[outputKey(0, c.type), c]]));
    };
    const tick = () => handler.tick!().map((w) => [...w.data]);
    expect(tick()).toEqual([]);
    expect(set(5)).toEqual([]);
    expect(tick()).toEqual([[0x55, 0x04, 0, 0, 0, 5]]);
    expect(tick()).toEqual([[0x55, 0x04, 0, 0, 0, 5]]);
    set(10);
    expect(tick()).toEqual([[0x55, 0x04, 0, 0, 0, 10]]);
    set(0);
    expect(tick()).toEqual([]);
  });
});

describe('kgoal-boost', () => {
  const notification = (normalised: number, raw: number) =>
    Uint8Array.from([0x00, 0x01, 0x04, normalised >> 8, normalised & 0xff, raw >> 8, raw & 0xff]);

  test('battery is one byte read from the standard characteristic', async () => {
    const handler = kgoalBoost.createHandler(resolved(kgoalBoost, 'Boost'));
    const hw = new ScriptedHardware('Boost', () => [], { rxblebattery: [[87]] });
    expect(await handler.readInput!(hw, 2, 'Battery')).toEqual([87]);
    expect(hw.reads).toEqual([{ endpoint: 'rxblebattery', length: 1, timeoutMs: undefined }]);
  });

  test('the characteristic is subscribed while either pressure feature is', async () => {
    const handler = kgoalBoost.createHandler(resolved(kgoalBoost, 'Boost'));
    const hw = new FakeHardware('Boost');
    await handler.subscribeInput!(hw, 0, 'Pressure');
    await handler.subscribeInput!(hw, 1, 'Pressure');
    await handler.subscribeInput!(hw, 0, 'Pressure'); // already: nothing
    await handler.unsubscribeInput!(hw, 0, 'Pressure');
    expect(hw.ops).toEqual([{ op: 'subscribe', endpoint: 'rxpressure' }]);
    await handler.unsubscribeInput!(hw, 1, 'Pressure');
    await handler.unsubscribeInput!(hw, 1, 'Pressure'); // already: nothing
    expect(hw.ops).toEqual([
      { op: 'subscribe', endpoint: 'rxpressure' },
      { op: 'unsubscribe', endpoint: 'rxpressure' },
    ]);
  });

  test('readings: big-endian u16s, reported when changed, for subscribed features only', async () => {
    const handler = kgoalBoost.createHandler(resolved(kgoalBoost, 'Boost'));
    const hw = new FakeHardware('Boost');
    const pressure = (feature: number, value: number) => ({ feature, type: 'Pressure', values: [value] });
    expect(handler.decodeNotification!('rxpressure', notification(5, 6))).toEqual([]); // nothing subscribed
    await handler.subscribeInput!(hw, 0, 'Pressure');
    expect(handler.decodeNotification!('rxpressure', notification(0x01d3, 0x05d3))).toEqual([
      pressure(0, 0x01d3),
    ]);
    expect(handler.decodeNotification!('rxpressure', notification(0x01d3, 0x0600))).toEqual([]); // normalised unchanged, raw not subscribed
    await handler.unsubscribeInput!(hw, 0, 'Pressure');
    await handler.subscribeInput!(hw, 1, 'Pressure');
    expect(handler.decodeNotification!('rxpressure', notification(0x01d3, 0x0600))).toEqual([
      pressure(1, 0x0600),
    ]);
    expect(handler.decodeNotification!('rxpressure', Uint8Array.from([0, 1, 4]))).toEqual([]); // too short
    expect(handler.decodeNotification!('rx', notification(1, 2))).toEqual([]);
  });

  test('both features subscribed: one notification reports each value that changed', async () => {
    const handler = kgoalBoost.createHandler(resolved(kgoalBoost, 'Boost'));
    const hw = new FakeHardware('Boost');
    await handler.subscribeInput!(hw, 0, 'Pressure');
    await handler.subscribeInput!(hw, 1, 'Pressure');
    expect(handler.decodeNotification!('rxpressure', notification(10, 20))).toEqual([
      { feature: 0, type: 'Pressure', values: [10] },
      { feature: 1, type: 'Pressure', values: [20] },
    ]);
    expect(handler.decodeNotification!('rxpressure', notification(10, 21))).toEqual([
      { feature: 1, type: 'Pressure', values: [21] },
    ]);
  });

  test('inputs it does not have are refused', async () => {
    const handler = kgoalBoost.createHandler(resolved(kgoalBoost, 'Boost'));
    const hw = new FakeHardware('Boost');
    await expect(handler.subscribeInput!(hw, 2, 'Pressure')).rejects.toThrow();
    await expect(handler.readInput!(hw, 0, 'Pressure')).rejects.toThrow();
  });
});
