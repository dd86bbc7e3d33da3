// The replies of one frame as they are sent: the same frame serialize() / serializeMsgpack() make
// of the same messages (JSON byte for byte; msgpack the same values, Oks written by hand).

import { Unpackr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { failure } from '../../src/core/index.js';
import { error, ok, ReplyBatch, serialize, serverInfo, type ServerMessage } from '../../src/codec/index.js';

const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });

/** The batch's frame for `messages` (numbers: Oks), and the messages it stands for. */
function frameOf(batch: ReplyBatch, messages: ReadonlyArray<ServerMessage | number>): ServerMessage[] {
  for (const m of messages) {
    if (typeof m === 'number') batch.addOk(m);
    else batch.add(m);
  }
  expect(batch.size).toBe(messages.length);
  return messages.map((m) => (typeof m === 'number' ? ok(m) : m));
}

const ids = [1, 127, 128, 255, 256, 65535, 65536, 0xffff_ffff];
const mixed: Array<ServerMessage | number> = [
  7,
  error(8, failure('THRUM_ERR_BAD_FRAME')),
  9,
  serverInfo(4, 10, 'thrum', 0),
  11,
];

describe('ReplyBatch', () => {
  it('writes JSON frames as serialize() does, and is empty after each', () => {
    const batch = new ReplyBatch();
    for (const messages of [[1], ids, mixed, [error(0, failure('THRUM_ERR_BAD_FRAME'))]]) {
      const expected = frameOf(batch, messages);
      expect(batch.take()).toBe(serialize(expected));
      expect(batch.size).toBe(0);
    }
  });

  it('writes msgpack frames that decode to the same messages, Oks alone or among others, of any count', () => {
    const batch = new ReplyBatch();
    batch.binary = true;
    const many = Array.from({ length: 70_000 }, (_, i) => i + 1);
    for (const messages of [[1], ids, mixed, many, Array.from({ length: 15 }, (_, i) => i + 1)]) {
      const expected = frameOf(batch, messages);
      const frame = batch.take();
      expect(frame).toBeInstanceOf(Uint8Array);
      expect(unpackr.unpack(frame as Uint8Array)).toEqual(expected);
      expect(batch.size).toBe(0);
    }
  });

  it('forgets what was added on clear()', () => {
    for (const binary of [false, true]) {
      const batch = new ReplyBatch();
      batch.binary = binary;
      frameOf(batch, mixed);
      batch.clear();
      expect(batch.size).toBe(0);
      frameOf(batch, [5]);
      const frame = batch.take();
      expect(binary ? unpackr.unpack(frame as Uint8Array) : JSON.parse(frame as string)).toEqual([ok(5)]);
    }
  });
});
