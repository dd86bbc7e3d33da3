// Honey Play Box: frames, handshake and signed vibration packets. Expected bytes come from a
// literal port of upstream honeyplaybox.rs (CRC-16/MODBUS, MD5 over type/cmd/length/groups/
// secret/token), not from our encoder.

import { describe, expect, test } from 'vitest';
import type { OutputCommand } from '../../src/core/commands.js';
import type { OutputType } from '../../src/core/features.js';
import {
  handlerContext,
  outputKey,
  type ProtocolHandler,
  type ResolvedDevice,
} from '../../src/core/protocol.js';
import { buildDatabase, resolveDevice } from '../../src/config/index.js';
import {
  buildFrame,
  encodeVibrate,
  FrameCollector,
  handshake,
  HANDSHAKE_RETRIES,
  honeyplaybox,
  KEEPALIVE_AFTER_MS,
  KEEPALIVE_TICK_MS,
  parseResponse,
} from '../../src/protocols/honeyplaybox.js';
import { FakeHardware } from './fake-hardware.js';

const { db } = buildDatabase();
const TOKEN = Uint8Array.from({ length: 16 }, (_, i) => i * 7 + 1);

/** The toy's handshake answer: code 90 00 then the 16-byte token (18 data bytes). */
function handshakeAnswer(code = [0x90, 0x00]): Uint8Array {
  return buildFrame(0xb1, 0x01, [...code, ...TOKEN], 0);
}

function resolved(name: string): ResolvedDevice {
  const d = resolveDevice(db, 'honeyplaybox', undefined, name);
  if (!d) throw new Error('unresolved');
  return d;
}

const VIBRATE_50_0_ID2 = [
  0x02, 0xa5, 0x5a, 0x55, 0xaa, 0xf0, 0x02, 0xb1, 0x03, 0x00, 0x18, 0x01, 0x00, 0x05, 0x00, 0x3c, 0x00, 0x00,
  0x32, 0x11, 0x00, 0x05, 0x00, 0x3c, 0x00, 0x00, 0x00, 0x7f, 0xcb, 0x93, 0x08, 0x48, 0x05, 0x43, 0xb7, 0x03,
  0xeb, 0x5c,
];
const VIBRATE_0_0_ID3 = [
  0x02, 0xa5, 0x5a, 0x55, 0xaa, 0xf0, 0x03, 0xb1, 0x03, 0x00, 0x18, 0x01, 0x00, 0x05, 0x00, 0x3c, 0x00, 0x00,
  0x00, 0x11, 0x00, 0x05, 0x00, 0x3c, 0x00, 0x00, 0x00, 0x95, 0x21, 0x0a, 0x3f, 0xae, 0x6c, 0x87, 0xb6, 0x03,
  0x24, 0xb0,
];

describe('frames', () => {
  test('handshake request', () => {
    expect([...buildFrame(0xb1, 0x01, [0x00, 0x10], 0)]).toEqual([
      0x02, 0xa5, 0x5a, 0x55, 0xaa, 0xf0, 0x00, 0xb1, 0x01, 0x00, 0x02, 0x00, 0x10, 0x03, 0x36, 0x86,
    ]);
  });

  test('signed vibration packets', () => {
    expect([...encodeVibrate(TOKEN, [50, 0], 2).data]).toEqual(VIBRATE_50_0_ID2);
    expect(encodeVibrate(TOKEN, [50, 0], 2).withResponse).toBe(true);
  });

  test('the collector joins split frames and skips noise', () => {
    const frame = handshakeAnswer();
    const c = new FrameCollector();
    expect(c.push(Uint8Array.of(0xff, 0x00, ...frame.subarray(0, 9)))).toEqual([]);
    const out = c.push(frame.subarray(9));
    expect(out.map((f) => [...f])).toEqual([[...frame]]);
    expect(parseResponse(out[0]!)?.code).toBe(0x9000);
  });
});

describe('handshake', () => {
  test('token from the answer; the counter continues after it', async () => {
    const answer = handshakeAnswer();
    // The answer arrives in two notifications, as a BLE link splits it.
    const hw = new FakeHardware('HPB-399', () => [answer.subarray(0, 20), answer.subarray(20)]);
    const session = await handshake(hw);
    expect([...session.token]).toEqual([...TOKEN]);
    expect(session.counter).toBe(1);
    expect(hw.ops[0]).toEqual({ op: 'subscribe', endpoint: 'rx' });
    expect(hw.ops[1]).toMatchObject({
      op: 'write',
      endpoint: 'tx',
      withResponse: true,
      data: [...buildFrame(0xb1, 0x01, [0x00, 0x10], 0)],
    });
  });

  test('an error code fails at once', async () => {
    const hw = new FakeHardware('HPB-399', () => [handshakeAnswer([0x6a, 0x80])]);
    await expect(handshake(hw)).rejects.toThrow('code=6A80');
  });

  test('silence: waits of 1, 2, 3, 4 s, then failure', async () => {
    // The fake times out only the waits pending at a write; this toy times out every wait at once.
    class SilentHardware extends FakeHardware {
      override nextNotification(endpoint: string, timeoutMs: number): Promise<Uint8Array> {
        void super.nextNotification(endpoint, timeoutMs).catch(() => undefined);
        return Promise.reject(new Error('timed out'));
      }
    }
    const hw = new SilentHardware('HPB-399');
    await expect(handshake(hw)).rejects.toThrow(`after ${HANDSHAKE_RETRIES} retries`);
    expect(hw.waits).toEqual([1000, 2000, 3000, 4000]);
    expect(hw.writes.length).toBe(2); // three waits per handshake write
  });
});

describe('handler', () => {
  async function connected(
    name: string,
  ): Promise<{ handler: ProtocolHandler; send: (...c: [number, OutputType, number][]) => number[][] }> {
    const dev = resolved(name);
    const hw = new FakeHardware(name, () => [handshakeAnswer()]);
    const learned = await honeyplaybox.initialise!(hw, dev);
    const handler = honeyplaybox.createHandler(dev, handlerContext(hw, learned));
    const current = new Map<string, OutputCommand>();
    const send = (...cmds: [number, OutputType, number][]): number[][] => {
      const changed = cmds.map(([feature, type, value]) => ({ feature, type, value }));
      for (const c of changed) current.set(outputKey(c.feature, c.type), c);
      return handler.encode(changed, current).map((w) => [...w.data]);
    };
    return { handler, send };
  }

  test('all motors in each packet, packet ids after the handshake counter; stop', async () => {
    const { send } = await connected('JXT002'); // two vibrators and a battery
    expect(send([0, 'Vibrate', 50])).toEqual([VIBRATE_50_0_ID2]);
    expect(send([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([VIBRATE_0_0_ID3]);
  });

  test('keepalive: the current values again after 500 ms without a packet', async () => {
    const { handler, send } = await connected('JXT002');
    send([0, 'Vibrate', 50]); // id 2
    const ticks = KEEPALIVE_AFTER_MS / KEEPALIVE_TICK_MS;
    expect(handler.tickMs).toBe(KEEPALIVE_TICK_MS);
    for (let i = 1; i < ticks; i++) expect(handler.tick!()).toEqual([]);
    const again = handler.tick!();
    expect(again.map((w) => [...w.data.subarray(11, 27)])).toEqual([VIBRATE_50_0_ID2.slice(11, 27)]);
    expect(again[0]!.data[6]).toBe(3);
  });

  test('rotation strength goes in unsigned', async () => {
    const { send } = await connected('HPB-376-1'); // rotate 0, oscillate 1
    expect(send([0, 'Rotate', -50])[0]![18]).toBe(50);
  });
});
