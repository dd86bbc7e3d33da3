// Output change events: at most 20 a second per output, the first at once, the newest value last.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutputThrottle } from '../../src/operator/output-throttle.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('output event throttle', () => {
  it('sends the first change at once, merges a stream into one event per 50 ms, and ends on the newest value', () => {
    const sent: Array<Record<string, unknown>> = [];
    const t = new OutputThrottle((text) => sent.push(JSON.parse(text) as Record<string, unknown>));
    t.changed(0, 0, 'Vibrate', 1, 2, 7);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      event: 'outputChanged',
      device: 0,
      feature: 0,
      output: 'Vibrate',
      value: 1,
      requested: 2,
      setBy: 7,
    });
    // A stream at 1 kHz for one second.
    for (let i = 2; i <= 1000; i++) {
      vi.advanceTimersByTime(1);
      t.changed(0, 0, 'Vibrate', i % 20, i % 20, 7);
    }
    vi.advanceTimersByTime(100);
    expect(sent.length).toBeGreaterThanOrEqual(19);
    expect(sent.length).toBeLessThanOrEqual(21);
    expect(sent.at(-1)).toMatchObject({ value: 1000 % 20 });
  });

  it('throttles each output on its own; a removed device’s pending event is dropped', () => {
    const sent: string[] = [];
    const t = new OutputThrottle((text) => sent.push(text));
    t.changed(0, 0, 'Vibrate', 1, 1, 1);
    t.changed(0, 1, 'Vibrate', 1, 1, 1);
    t.changed(1, 0, 'Rotate', -3, -3, null);
    expect(sent).toHaveLength(3);
    t.changed(0, 0, 'Vibrate', 2, 2, 1);
    t.changed(1, 0, 'Rotate', -4, -4, null);
    t.forgetDevice(1);
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(4);
    expect(JSON.parse(sent[3]!)).toMatchObject({ device: 0, value: 2 });
  });
});
