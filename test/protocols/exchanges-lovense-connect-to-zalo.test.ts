// Identification, initialisation and input reads against a scripted peripheral
// (fake-hardware.ts), byte for byte against upstream: WeToy's init packet, the VibCrafter
// authentication, the Vibratissimo model read and battery, The Handy v3 model and init requests,
// the Joy-Con vibration enable, the Lovense Connect toy type and Solace depth, XInput's battery.

import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { buildDatabase, resolveDevice } from '../../src/config/index.js';
import { handlerContext, type ResolvedDevice } from '../../src/core/protocol.js';
import { lovenseConnectService } from '../../src/protocols/lovense-connect-service.js';
import { encodeEnableVibration, nintendoJoycon } from '../../src/protocols/nintendo-joycon.js';
import { modelFromName, request, thehandyV3 } from '../../src/protocols/thehandy-v3.js';
import {
  authenticate,
  challengeAnswer,
  decrypt,
  encrypt,
  HANDSHAKE_TIMEOUT_MS,
  vibcrafter,
} from '../../src/protocols/vibcrafter.js';
import {
  MODEL_READ_LENGTH,
  MODEL_READ_TIMEOUT_MS,
  modelIdentifier,
  vibratissimo,
} from '../../src/protocols/vibratissimo.js';
import { wetoy } from '../../src/protocols/wetoy.js';
import { xinput } from '../../src/protocols/xinput.js';
import { FakeHardware, type Responder } from './fake-hardware.js';

const { db } = buildDatabase();

function resolved(protocol: string, name: string, identifier?: string): ResolvedDevice {
  const d = resolveDevice(db, protocol, identifier, name);
  if (!d) throw new Error(`no ${protocol} configuration for ${name}`);
  return d;
}

/** A peripheral whose characteristics answer reads from a script. */
class ReadableHardware extends FakeHardware {
  readonly reads: { endpoint: string; length: number; timeoutMs: number | undefined }[] = [];
  constructor(
    name: string,
    private readonly values: Readonly<Record<string, Uint8Array>>,
    respond?: Responder,
    address?: string,
  ) {
    super(name, respond, address);
  }
  override async read(endpoint = '', length = 0, timeoutMs?: number): Promise<Uint8Array> {
    this.reads.push({ endpoint, length, timeoutMs });
    const v = this.values[endpoint];
    if (v === undefined) throw new Error(`no value scripted for ${endpoint}`);
    return v;
  }
}

const writesOf = (hw: FakeHardware) =>
  hw.ops.flatMap((o) => (o.op === 'write' ? [[o.endpoint, o.data, o.withResponse]] : []));

describe('WeToy', () => {
  test('init writes the stop packet with response', async () => {
    const hw = new FakeHardware('WeToy');
    await wetoy.initialise!(hw, resolved('wetoy', 'WeToy'));
    expect(writesOf(hw)).toEqual([['tx', [0x80, 0x03], true]]);
  });
});

describe('VibCrafter authentication', () => {
  const bytes = (text: string) => Buffer.from(encrypt(text)).toString('latin1');
  const plain = (latin1: string) => decrypt(Uint8Array.from(Buffer.from(latin1, 'latin1')));

  test('challenge answer: the first two bytes of SHA-256(token), in hex', () => {
    const digest = createHash('sha256').update('Zq81').digest('hex');
    expect(challengeAnswer('ab12:Zq81;')).toBe(`Auth:${digest.slice(0, 4)};`);
    expect(challengeAnswer('OK;')).toBeUndefined();
    expect(challengeAnswer('abc:Zq81;')).toBeUndefined();
  });

  test('a device that accepts at once', async () => {
    const hw = new FakeHardware('Hayden', () => [bytes('OK;')]);
    await authenticate(hw, 'a1B2c3');
    expect(hw.ops[0]).toEqual({ op: 'subscribe', endpoint: 'rx' });
    expect(hw.writes.map(plain)).toEqual(['Auth:a1B2c3;']);
    expect(hw.waits).toEqual([HANDSHAKE_TIMEOUT_MS]);
  });

  test('a device that challenges first', async () => {
    const answer = challengeAnswer('9f9f:tok3n;')!;
    const hw = new FakeHardware('Nidalee', (_ep, text) =>
      plain(text) === answer ? [bytes('OK;')] : [bytes('9f9f:tok3n;')],
    );
    await vibcrafter.initialise!(hw, resolved('vibcrafter', 'Nidalee', 'Nidalee'));
    const sent = hw.writes.map(plain);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^Auth:[A-Za-z0-9]{6};$/);
    expect(sent[1]).toBe(answer);
    expect(
      hw.ops
        .filter((o) => o.op === 'write')
        .every((o) => o.op === 'write' && o.endpoint === 'tx' && !o.withResponse),
    ).toBe(true);
  });

  test('an answer that is neither OK nor a challenge, or none at all, fails', async () => {
    await expect(authenticate(new FakeHardware('Janna', () => [bytes('NO;')]))).rejects.toThrow(
      /security handshake/,
    );
    await expect(authenticate(new FakeHardware('Janna'))).rejects.toThrow(/security handshake/);
  });
});

describe('Vibratissimo', () => {
  test('the model read selects the configuration', async () => {
    const hw = new ReadableHardware('Vibratissimo', { rxblemodel: Buffer.from('Rabbit') });
    const id = (await vibratissimo.identify!(hw)) as string;
    expect(id).toBe('Rabbit');
    expect(hw.reads).toEqual([
      { endpoint: 'rxblemodel', length: MODEL_READ_LENGTH, timeoutMs: MODEL_READ_TIMEOUT_MS },
    ]);
    expect(resolved('vibratissimo', 'Vibratissimo', id).config.name).toBe('Vibratissimo Rabbit');
    expect(resolved('vibratissimo', 'Vibratissimo', 'Womenizer').config.name).toBe('Vibratissimo Licker');
    expect(resolved('vibratissimo', 'Vibratissimo', 'Other').config.name).toBe('Vibratissimo Device');
  });

  test('a model that is not UTF-8 falls back to the advertised name', () => {
    expect(modelIdentifier(Uint8Array.of(0xff, 0xfe), 'Vibratissimo')).toBe('Vibratissimo');
  });

  test('battery: one byte from the standard battery characteristic', async () => {
    const hw = new ReadableHardware('Vibratissimo', { rxblebattery: Uint8Array.of(77) });
    const handler = vibratissimo.createHandler(resolved('vibratissimo', 'Vibratissimo'));
    expect(await handler.readInput!(hw, 1, 'Battery')).toEqual([77]);
    expect(hw.reads[0]).toMatchObject({ endpoint: 'rxblebattery', length: 1 });
  });
});

describe('The Handy (firmware 4+)', () => {
  test.each([
    ['OHD_hw4_A1B2', 'hw4', 'The Handy 2 Pro'],
    ['OHD_hw3_0001', 'hw3', 'The Handy 2 Standard'],
    ['OHD_hw1_77', 'hw1', 'The Oh!'],
    ['OHD_hw0_1', 'hw0', 'The Handy (FW4+)'],
  ])('%s is model %s (%s)', async (name, model, configuration) => {
    expect(await thehandyV3.identify!(new FakeHardware(name))).toBe(model);
    expect(resolved('thehandy-v3', name, model).config.name).toBe(configuration);
  });

  test('names without a model part are "unknown"', () => {
    expect(modelFromName('OHD')).toBe('unknown');
    expect(modelFromName('OHD_hw4')).toBe('unknown');
  });

  test('init subscribes, then asks battery (id 1) and capabilities (id 2), waiting for each answer', async () => {
    const hw = new FakeHardware('OHD_hw4_1', () => [Uint8Array.of(0x08, 0x03)]);
    await thehandyV3.initialise!(hw, resolved('thehandy-v3', 'OHD_hw4_1', 'hw4'));
    expect(hw.ops[0]).toEqual({ op: 'subscribe', endpoint: 'rx' });
    expect(writesOf(hw)).toEqual([
      ['tx', [0x08, 0x01, 0x12, 0x05, 0x10, 0x01, 0xb2, 0x2c, 0x00], false],
      ['tx', [0x08, 0x01, 0x12, 0x05, 0x10, 0x02, 0xca, 0x2c, 0x00], false],
    ]);
    expect([...request(2, 713)]).toEqual([0x08, 0x01, 0x12, 0x05, 0x10, 0x02, 0xca, 0x2c, 0x00]);
  });

  test('init goes on when the device does not answer', async () => {
    const hw = new FakeHardware('OHD_hw3_1');
    await thehandyV3.initialise!(hw, resolved('thehandy-v3', 'OHD_hw3_1', 'hw3'));
    expect(writesOf(hw)).toHaveLength(2);
  });
});

describe('Nintendo Joy-Con', () => {
  test('init enables vibration: subcommand 0x48 with 0x01, packet 0', async () => {
    const hw = new FakeHardware('Joycon');
    await nintendoJoycon.initialise!(hw, resolved('nintendo-joycon', 'Joycon'));
    expect(writesOf(hw)).toEqual([['tx', [...encodeEnableVibration().data], false]]);
  });
});

describe('Lovense Connect service', () => {
  const text = (data: readonly number[] | Uint8Array) =>
    Buffer.from(Uint8Array.from(data)).toString('latin1');

  test('the toy type (device name) is the identifier; commands carry the toy id learned at init', async () => {
    const hw = new FakeHardware('Edge', undefined, 'toy-1234');
    const id = (await lovenseConnectService.identify!(hw)) as string;
    expect(id).toBe('Edge');
    const device = resolved('lovense-connect-service', 'Edge', id);
    expect(device.config.name).toBe('Lovense Edge');
    const learned = await lovenseConnectService.initialise!(hw, device);
    expect(hw.ops).toEqual([]);
    const handler = lovenseConnectService.createHandler(device, handlerContext(hw, learned));
    const writes = handler.encode([{ feature: 1, type: 'Vibrate', value: 12 }], new Map());
    expect(writes.map((w) => [w.endpoint, text(w.data), w.withResponse])).toEqual([
      ['tx', 'Vibrate2?v=12&t=toy-1234', false],
    ]);
  });

  test('the Solace gets its depth fixed at 3 when it connects, then thrusts', async () => {
    const hw = new FakeHardware('Solace', undefined, 'sol');
    const device = resolved('lovense-connect-service', 'Solace', 'Solace');
    const learned = await lovenseConnectService.initialise!(hw, device);
    expect(writesOf(hw).map(([ep, data, wr]) => [ep, text(data as number[]), wr])).toEqual([
      ['tx', 'Depth?v=3&t=sol', false],
    ]);
    const handler = lovenseConnectService.createHandler(device, handlerContext(hw, learned));
    expect(
      handler.encode([{ feature: 0, type: 'Oscillate', value: 20 }], new Map()).map((w) => text(w.data)),
    ).toEqual(['Thrusting?v=20&t=sol']);
  });

  test('battery is the byte the bus keeps for the toy', async () => {
    const hw = new ReadableHardware('Lush', { rx: Uint8Array.of(64) });
    const device = resolved('lovense-connect-service', 'Lush', 'Lush');
    const learned = await lovenseConnectService.initialise!(hw, device);
    expect(
      await lovenseConnectService.createHandler(device, handlerContext(hw, learned)).readInput!(
        hw,
        1,
        'Battery',
      ),
    ).toEqual([64]);
  });

  test('a handler needs the toy id from initialise', () => {
    expect(() =>
      lovenseConnectService.createHandler(resolved('lovense-connect-service', 'Lush', 'Lush')),
    ).toThrow(/initialise/);
  });
});

describe('XInput', () => {
  test('battery level 2 of 3 reads as 66 %', async () => {
    const hw = new ReadableHardware('XInput Gamepad', { rx: Uint8Array.of(2) });
    const handler = xinput.createHandler(resolved('xinput', 'XInput Gamepad'));
    expect(await handler.readInput!(hw, 0, 'Battery')).toEqual([66]);
  });
});
