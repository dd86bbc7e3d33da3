// Crowd levels (docs/cluster.md, "Crowds"): each edge's share of an output, and the stage's exact
// combination of the shares of every edge.

import { describe, expect, it } from 'vitest';
import { ACTIVE_MS, EdgeMix, RoomMix, mixKey, outputSlot } from '../../src/cluster/crowd-mix.js';
import { MIX_MAX, MIX_MEAN, OP_MIX, type Intent } from '../../src/cluster/wire.js';

const slot = outputSlot(0, 0, 0);

function shares(mix: EdgeMix): Intent[] {
  const items: Intent[] = [];
  mix.collect(items);
  return items;
}

describe('EdgeMix', () => {
  it('sends the sum and count of its active voices once per change, and a last share of count 0', () => {
    const mix = new EdgeMix();
    mix.set(slot, 1, 0, 0, 'Vibrate', MIX_MEAN, 4, 0);
    mix.set(slot, 2, 0, 0, 'Vibrate', MIX_MEAN, 12, 0);
    expect(shares(mix)).toEqual([[OP_MIX, 0, 0, 'Vibrate', MIX_MEAN, 16, 2]]);
    expect(shares(mix)).toEqual([]); // nothing changed
    mix.set(slot, 2, 0, 0, 'Vibrate', MIX_MEAN, 12, 10); // the same value again: still nothing new to say
    expect(shares(mix)).toEqual([]);
    mix.forget(1);
    expect(shares(mix)).toEqual([[OP_MIX, 0, 0, 'Vibrate', MIX_MEAN, 12, 1]]);
    mix.forget(2);
    expect(shares(mix)).toEqual([[OP_MIX, 0, 0, 'Vibrate', MIX_MEAN, 0, 0]]);
    expect(mix.size).toBe(0);
  });

  it('a voice silent for ACTIVE_MS leaves; max takes the loudest', () => {
    const mix = new EdgeMix();
    mix.set(slot, 1, 0, 0, 'Vibrate', MIX_MAX, 3, 0);
    mix.set(slot, 2, 0, 0, 'Vibrate', MIX_MAX, 9, ACTIVE_MS / 2);
    expect(shares(mix)).toEqual([[OP_MIX, 0, 0, 'Vibrate', MIX_MAX, 9, 2]]);
    expect(mix.expire(ACTIVE_MS - 1)).toBe(false);
    expect(mix.expire(ACTIVE_MS)).toBe(true);
    expect(shares(mix)).toEqual([[OP_MIX, 0, 0, 'Vibrate', MIX_MAX, 9, 1]]);
  });

  it('a device stop silences every voice on that device only', () => {
    const mix = new EdgeMix();
    mix.set(outputSlot(0, 0, 0), 1, 0, 0, 'Vibrate', MIX_MEAN, 5, 0);
    mix.set(outputSlot(1, 0, 0), 1, 1, 0, 'Vibrate', MIX_MEAN, 7, 0);
    shares(mix);
    mix.forgetDevice(0);
    expect(shares(mix)).toEqual([[OP_MIX, 0, 0, 'Vibrate', MIX_MEAN, 0, 0]]);
  });
});

describe('RoomMix', () => {
  it('combines the edges exactly: Σsum ÷ Σcount, rounded to a step; null once nobody is left', () => {
    const room = new RoomMix();
    const key = mixKey(0, 0, 'Vibrate');
    expect(room.share(key, 'a', MIX_MEAN, 4 * 25, 25)).toBe(4);
    expect(room.share(key, 'b', MIX_MEAN, 12 * 25, 25)).toBe(8);
    expect(room.share(key, 'b', MIX_MEAN, 13, 1)).toBe(4); // (100 + 13) / 26 = 4.35
    expect(room.dropEdge('a')).toEqual([[key, 13]]);
    expect(room.share(key, 'b', MIX_MEAN, 0, 0)).toBeNull();
  });

  it('max over edges', () => {
    const room = new RoomMix();
    const key = mixKey(2, 1, 'Vibrate');
    room.share(key, 'a', MIX_MAX, 6, 3);
    expect(room.share(key, 'b', MIX_MAX, 11, 1)).toBe(11);
    expect(room.dropEdge('b')).toEqual([[key, 6]]);
  });
});
