// messagesOverLimit counts a frame's messages without parsing it, so the session can refuse a
// frame of a million tiny messages before paying for its parse.

import { pack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { messagesOverLimit } from '../../src/codec/frame.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('messagesOverLimit', () => {
  it('JSON: counts top-level messages only, skipping strings, escapes and nested values', () => {
    const tricky = JSON.stringify([
      { Test: { Id: 1, TestString: 'a,b,[c],{d},\\",e' } },
      { Ping: { Id: 2 } },
      [1, 2, 3],
      'x,y',
    ]);
    expect(messagesOverLimit(text(tricky), false, 3)).toBe(4);
    expect(messagesOverLimit(text(tricky), false, 4)).toBe(-1);
    expect(messagesOverLimit(text(`[${'{},'.repeat(99)}{}]`), false, 100)).toBe(-1);
    expect(messagesOverLimit(text(`[${'{},'.repeat(100)}{}]`), false, 100)).toBe(101);
    // Stops counting as soon as the limit is passed.
    expect(messagesOverLimit(text(`[${'1,'.repeat(100_000)}1]`), false, 10)).toBe(11);
  });

  it('JSON: what is not an array of messages is left to the decoder', () => {
    for (const s of ['{}', '"a,b,c,d"', '[', 'not json, at all, really', '', '[[1,2,3,4,5]]']) {
      expect(messagesOverLimit(text(s), false, 2), s).toBe(-1);
    }
  });

  it('msgpack: reads the count from the array header', () => {
    expect(messagesOverLimit(pack(Array.from({ length: 15 }, () => ({}))), true, 14)).toBe(15);
    expect(messagesOverLimit(pack(Array.from({ length: 300 }, () => ({}))), true, 299)).toBe(300);
    expect(messagesOverLimit(pack(Array.from({ length: 70_000 }, () => 0)), true, 1024)).toBe(70_000);
    expect(messagesOverLimit(pack(Array.from({ length: 1024 }, () => ({}))), true, 1024)).toBe(-1);
    expect(messagesOverLimit(pack({ a: 1 }), true, 0)).toBe(-1);
    expect(messagesOverLimit(new Uint8Array([0xdd, 0xff]), true, 0)).toBe(-1);
  });
});
