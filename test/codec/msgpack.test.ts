// msgpack framing: frames whose array or map headers claim more items than the bytes that follow
// are refused before msgpackr reads them (it would allocate the claimed length first: found by
// test/fuzz, a 5-byte frame cost ~250 MB and ~200 ms), and every well-formed frame, in every
// msgpack format, still reads as msgpackr reads it.

import { Packr, pack, unpack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { overclaimedItems, parseMsgpackFrame } from '../../src/codec/msgpack.js';
import { expectError } from './support.js';

function header(type: number, n: number, width: 2 | 4): Buffer {
  const b = Buffer.alloc(1 + width);
  b[0] = type;
  if (width === 2) b.writeUInt16BE(n, 1);
  else b.writeUInt32BE(n, 1);
  return b;
}

describe('parseMsgpackFrame refuses headers that claim more items than bytes follow', () => {
  it('a 5-byte array 32 header claiming 30 million items', () => {
    expectError(
      parseMsgpackFrame(header(0xdd, 30_000_000, 4)),
      'THRUM_ERR_BAD_MSGPACK',
      0,
      /claims 30000000 items/,
    );
  });

  it('the same claim nested in a message, as an array 16 or a map 32', () => {
    const ping = Buffer.from(pack([{ Ping: { Id: 0 } }]));
    // Replace the Id's value (the frame's last byte, 0x00) by an overclaiming header.
    const nested = (h: Buffer) => Buffer.concat([ping.subarray(0, ping.length - 1), h]);
    expectError(
      parseMsgpackFrame(nested(header(0xdd, 16_000_000, 4))),
      'THRUM_ERR_BAD_MSGPACK',
      0,
      /claims 16000000 items/,
    );
    expectError(
      parseMsgpackFrame(nested(header(0xdc, 60_000, 2))),
      'THRUM_ERR_BAD_MSGPACK',
      0,
      /claims 60000 items/,
    );
    // A map of n entries is 2n items.
    expectError(
      parseMsgpackFrame(nested(header(0xdf, 5_000_000, 4))),
      'THRUM_ERR_BAD_MSGPACK',
      0,
      /claims 10000000 items/,
    );
  });

  it('a fixarray longer than its frame', () => {
    expectError(parseMsgpackFrame(Buffer.from([0x93, 0x01])), 'THRUM_ERR_BAD_MSGPACK', 0, /claims 3 items/);
  });

  it('leaves other damage to msgpackr (truncated lengths, the unused 0xc1)', () => {
    for (const bytes of [
      [0xdd, 0x00],
      [0x91, 0xdb, 0x00, 0x00, 0x10],
    ]) {
      expect(overclaimedItems(Buffer.from(bytes))).toBe(-1);
      expectError(
        parseMsgpackFrame(Buffer.from(bytes)),
        'THRUM_ERR_BAD_MSGPACK',
        0,
        /^Binary frame is not valid msgpack: (?!an array or map header)/,
      );
    }
    expect(overclaimedItems(Buffer.from([0x92, 0xc1, 0xc1]))).toBe(-1);
  });
});

describe('parseMsgpackFrame reads every well-formed frame as msgpackr does', () => {
  // variableMapSize: msgpackr's default packer stops at map 16.
  const packr = new Packr({ useRecords: false, variableMapSize: true });
  const many = (n: number) => Array.from({ length: n }, (_, i) => i);
  const keys = (n: number) => Object.fromEntries(many(n).map((i) => [`k${i}`, i]));
  const values: Record<string, unknown> = {
    'fixint, negative fixint, ints of 8–64 bits, floats': [
      0,
      127,
      -1,
      -32,
      200,
      -100,
      40_000,
      -40_000,
      3_000_000_000,
      -3_000_000_000,
      2 ** 53,
      1.5,
      Math.PI,
    ],
    'nil, booleans': [null, true, false],
    'fixstr, str 8, str 16, str 32': ['a', 'b'.repeat(100), 'c'.repeat(1_000), 'd'.repeat(70_000)],
    'bin 8, bin 16, bin 32': [Buffer.alloc(10, 1), Buffer.alloc(1_000, 2), Buffer.alloc(70_000, 3)],
    'fixarray, array 16, array 32': [many(3), many(20), many(70_000)],
    'fixmap, map 16, map 32': [keys(3), keys(20), keys(70_000)],
    'timestamps (fixext 4/8, ext 8)': [new Date(0), new Date(1_700_000_000_123), new Date(-1)],
    bigints: [2n ** 63n, -(2n ** 63n)],
  };
  for (const [what, value] of Object.entries(values)) {
    it(what, () => {
      const bytes = Buffer.from(packr.pack([value]));
      expect(overclaimedItems(bytes)).toBe(-1);
      expect(parseMsgpackFrame(bytes)).toEqual(unpack(bytes));
    });
  }

  it('fixext 1/2/16 and ext 16/32 payloads are skipped, not read as headers', () => {
    // Unknown extension types: msgpackr refuses them, but not as an overclaim.
    const dd = 0xdd;
    for (const bytes of [
      [0x91, 0xd4, 0x01, dd],
      [0x91, 0xd5, 0x01, dd, dd],
      [0x91, 0xd8, 0x01, ...Array(16).fill(dd)],
      [0x91, 0xc8, 0x00, 0x03, 0x01, dd, dd, dd],
      [0x91, 0xc9, 0x00, 0x00, 0x00, 0x02, 0x01, dd, dd],
    ]) {
      expect(overclaimedItems(Buffer.from(bytes))).toBe(-1);
    }
  });

  it('msgpackr records (a client packing with useRecords)', () => {
    const bytes = Buffer.from(
      new Packr({ useRecords: true }).pack([{ Ping: { Id: 1 } }, { Ping: { Id: 2 } }, { Ping: { Id: 3 } }]),
    );
    expect(overclaimedItems(bytes)).toBe(-1);
    expect(parseMsgpackFrame(bytes)).toEqual([{ Ping: { Id: 1 } }, { Ping: { Id: 2 } }, { Ping: { Id: 3 } }]);
  });
});
