import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutputCommand } from '../../src/core/commands.js';
import type { HwWrite } from '../../src/core/protocol.js';
import { Coalescer, type CoalescerOptions } from '../../src/workers/coalescer.js';

// A fake device: records every write as "endpoint:text"; the encoder writes one frame per changed
// output, "<type>:<feature>:<value>;", and remembers what it was given.
function setup(over: Partial<CoalescerOptions> = {}) {
  const writes: string[] = [];
  const calls: { changed: OutputCommand[]; current: Record<string, number> }[] = [];
  const logs: string[] = [];
  const encode = (
    changed: readonly OutputCommand[],
    current: ReadonlyMap<string, OutputCommand>,
  ): HwWrite[] => {
    calls.push({
      changed: [...changed],
      current: Object.fromEntries([...current].map(([k, c]) => [k, c.value])),
    });
    return changed.map((c) => ({
      endpoint: 'tx',
      data: new TextEncoder().encode(`${c.type}:${c.feature}:${c.value};`),
      withResponse: false,
    }));
  };
  const c = new Coalescer({
    gapMs: 75,
    encode,
    write: async (endpoint, data) => {
      writes.push(`${endpoint}:${new TextDecoder().decode(data)}`);
    },
    log: (level, msg) => logs.push(`${level} ${msg}`),
    now: () => Date.now(),
    ...over,
  });
  return { c, writes, calls, logs };
}

const vib = (feature: number, value: number): OutputCommand => ({ feature, type: 'Vibrate', value });

/** Let queued write promises settle without moving the clock. */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

describe('Coalescer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the first command after an idle gap at once', async () => {
    const { c, writes } = setup();
    c.push(vib(0, 5));
    await settle();
    expect(writes).toEqual(['tx:Vibrate:0:5;']);
  });

  it('counts each pending value replaced before its write (by a newer value or a stop), and nothing else', async () => {
    let superseded = 0;
    const { c, writes } = setup({ superseded: () => superseded++ });
    c.push(vib(0, 1)); // written at the end of the turn
    await settle();
    vi.advanceTimersByTime(10);
    c.push(vib(0, 2)); // pending
    c.push(vib(1, 3)); // pending, another output
    c.push(vib(0, 4)); // replaces 2
    c.push(vib(0, 5)); // replaces 4
    expect(superseded).toBe(2);
    c.stop([{ feature: 1, type: 'Vibrate', value: 0 }]); // replaces pending 3
    expect(superseded).toBe(3);
    await vi.advanceTimersByTimeAsync(100);
    expect(writes).toEqual(['tx:Vibrate:0:1;', 'tx:Vibrate:1:0;', 'tx:Vibrate:0:5;']);
    expect(superseded).toBe(3);
  });

  it("reports each written command's arrival stamp once, when its flush's first write is issued; merged-away and stopped values are not reported", async () => {
    const reported: number[][] = [];
    const { c, writes } = setup({ commandsWritten: (a) => reported.push([...a]) });
    c.push(vib(0, 1), 100);
    await settle();
    expect(reported).toEqual([[100]]);
    vi.advanceTimersByTime(10);
    c.push(vib(0, 2), 200); // replaced by the next
    c.push(vib(0, 3), 300);
    c.push(vib(1, 4)); // no stamp
    c.stop([{ feature: 2, type: 'Vibrate', value: 0 }]);
    await vi.advanceTimersByTimeAsync(100);
    expect(writes).toEqual(['tx:Vibrate:0:1;', 'tx:Vibrate:2:0;', 'tx:Vibrate:0:3;', 'tx:Vibrate:1:4;']);
    expect(reported).toEqual([[100], [300, -1]]);
  });

  it('merges a burst inside the gap into one flush of the newest values, at the end of the gap', async () => {
    const { c, writes, calls } = setup();
    c.push(vib(0, 1));
    await settle();
    vi.advanceTimersByTime(10);
    c.push(vib(1, 7));
    c.push(vib(0, 2));
    c.push(vib(0, 3));
    c.push(vib(1, 8));
    await vi.advanceTimersByTimeAsync(64);
    expect(writes).toEqual(['tx:Vibrate:0:1;']); // 74 ms after the first write: still waiting
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual(['tx:Vibrate:0:1;', 'tx:Vibrate:0:3;', 'tx:Vibrate:1:8;']);
    // encode saw the changed outputs in feature order and the whole current table.
    expect(calls[1]).toEqual({
      changed: [vib(0, 3), vib(1, 8)],
      current: { '0:Vibrate': 3, '1:Vibrate': 8 },
    });
    expect(vi.getTimerCount()).toBe(0); // no timer while idle
  });

  it('keeps at most one flush per gap: a command right after a flush waits a whole gap', async () => {
    const { c, writes } = setup();
    c.push(vib(0, 1));
    await vi.advanceTimersByTimeAsync(5);
    c.push(vib(0, 2));
    await vi.advanceTimersByTimeAsync(70); // flush at t=75
    expect(writes).toHaveLength(2);
    c.push(vib(0, 3)); // t=75, just flushed
    await vi.advanceTimersByTimeAsync(74);
    expect(writes).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual(['tx:Vibrate:0:1;', 'tx:Vibrate:0:2;', 'tx:Vibrate:0:3;']);
  });

  it('uses one timer per device while a flush is pending, never one per message', () => {
    const { c } = setup();
    c.push(vib(0, 1));
    for (let i = 0; i < 100; i++) c.push(vib(i % 3, i));
    expect(vi.getTimerCount()).toBe(1);
  });

  it('does not re-send a value identical to the last one written', async () => {
    const { c, writes } = setup();
    c.push(vib(0, 4));
    await vi.advanceTimersByTimeAsync(100);
    c.push(vib(0, 4)); // idle, same value
    await vi.advanceTimersByTimeAsync(100);
    c.push(vib(0, 9)); // idle: written at once
    c.push(vib(0, 4)); // inside the gap, back to the written value…
    c.push(vib(0, 9)); // …and to the newest written one: nothing changed at the flush
    await vi.advanceTimersByTimeAsync(100);
    expect(writes).toEqual(['tx:Vibrate:0:4;', 'tx:Vibrate:0:9;']);
  });

  it('treats a different duration as a different command', async () => {
    const { c, writes } = setup({ gapMs: 0 });
    c.push({ feature: 0, type: 'HwPositionWithDuration', value: 50, duration: 100 });
    await settle();
    c.push({ feature: 0, type: 'HwPositionWithDuration', value: 50, duration: 100 });
    await settle();
    c.push({ feature: 0, type: 'HwPositionWithDuration', value: 50, duration: 200 });
    await settle();
    expect(writes).toHaveLength(2);
  });

  it('sends stops at once, ahead of the gap, replacing pending values for the same outputs', async () => {
    const { c, writes } = setup();
    c.push(vib(0, 5));
    await settle();
    c.push(vib(0, 6)); // pending
    c.push(vib(1, 6)); // pending
    c.stop([vib(0, 0)]);
    await settle();
    expect(writes).toEqual(['tx:Vibrate:0:5;', 'tx:Vibrate:0:0;']);
    await vi.advanceTimersByTimeAsync(75);
    // the pending 6 on feature 0 was replaced by the stop; feature 1 still flushes
    expect(writes).toEqual(['tx:Vibrate:0:5;', 'tx:Vibrate:0:0;', 'tx:Vibrate:1:6;']);
  });

  it('drops the flush timer when a stop replaces every pending value', async () => {
    const { c, writes } = setup();
    c.push(vib(0, 5));
    await settle();
    c.push(vib(0, 6));
    expect(vi.getTimerCount()).toBe(1);
    c.stop([vib(0, 0)]);
    expect(vi.getTimerCount()).toBe(0);
    await settle();
    expect(writes).toEqual(['tx:Vibrate:0:5;', 'tx:Vibrate:0:0;']);
  });

  it('deduplicates stops against the last write unless forced (shutdown)', async () => {
    const { c, writes } = setup();
    c.stop([vib(0, 0)]); // never written anything: the zero goes out
    c.stop([vib(0, 0)]); // already zero: skipped
    c.stop([vib(0, 0)], true); // forced
    await settle();
    expect(writes).toEqual(['tx:Vibrate:0:0;', 'tx:Vibrate:0:0;']);
  });

  it('with gap 0 writes every command as it comes, still deduplicated, and arms no gap timer', async () => {
    const { c, writes } = setup({ gapMs: 0 });
    for (const v of [1, 2, 2, 3]) {
      c.push(vib(0, v));
      await settle();
    }
    expect(vi.getTimerCount()).toBe(0);
    expect(writes).toEqual(['tx:Vibrate:0:1;', 'tx:Vibrate:0:2;', 'tx:Vibrate:0:3;']);
  });

  it('hands commands that arrive in the same turn to the encoder together (one Mply packet, not two)', async () => {
    const { c, writes, calls } = setup();
    c.push(vib(0, 10));
    c.push(vib(1, 10));
    expect(writes).toEqual([]); // not written synchronously…
    await settle(); // …but at the end of this turn, without waiting a gap
    expect(calls.map((x) => x.changed.map((cmd) => cmd.feature))).toEqual([[0, 1]]);
    expect(writes).toEqual(['tx:Vibrate:0:10;', 'tx:Vibrate:1:10;']);
  });

  it('writes in order even when the hardware is slow', async () => {
    const order: string[] = [];
    const c = new Coalescer({
      gapMs: 0,
      encode: (changed) =>
        changed.map((x) => ({ endpoint: 'tx', data: Uint8Array.of(x.value), withResponse: true })),
      write: (_e, data) =>
        new Promise<void>((resolve) => {
          setTimeout(
            () => {
              order.push(String(data[0]));
              resolve();
            },
            10 - (data[0] as number),
          ); // later writes would finish first if not chained
        }),
      log: () => {},
      now: () => Date.now(),
    });
    for (let v = 1; v <= 5; v++) {
      c.push(vib(0, v));
      await vi.advanceTimersByTimeAsync(0);
    }
    await vi.advanceTimersByTimeAsync(100);
    await c.drained();
    expect(order).toEqual(['1', '2', '3', '4', '5']);
  });

  it('resends the last writes while idle when the protocol asks for keepalive', async () => {
    const { c, writes } = setup({ keepaliveMs: 1000 });
    expect(vi.getTimerCount()).toBe(0); // nothing written yet: nothing to repeat
    c.push(vib(0, 5));
    await vi.advanceTimersByTimeAsync(999);
    expect(writes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual(['tx:Vibrate:0:5;', 'tx:Vibrate:0:5;']);
    await vi.advanceTimersByTimeAsync(500);
    c.push(vib(0, 6)); // activity pushes the keepalive back
    await vi.advanceTimersByTimeAsync(999);
    expect(writes).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes.at(-1)).toBe('tx:Vibrate:0:6;');
    expect(writes).toHaveLength(4);
    expect(vi.getTimerCount()).toBe(1);
    await c.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('logs a failed write and carries on with the next', async () => {
    let fail = true;
    const writes: number[] = [];
    const logs: string[] = [];
    const c = new Coalescer({
      gapMs: 0,
      encode: (changed) =>
        changed.map((x) => ({ endpoint: 'tx', data: Uint8Array.of(x.value), withResponse: false })),
      write: async (_e, data) => {
        if (fail) {
          fail = false;
          throw new Error('GATT error 0x0e');
        }
        writes.push(data[0] as number);
      },
      log: (level, msg) => logs.push(`${level} ${msg}`),
      now: () => Date.now(),
    });
    c.push(vib(0, 1));
    await settle();
    c.push(vib(0, 2));
    await settle();
    await expect(c.drained()).resolves.toBeUndefined();
    expect(writes).toEqual([2]);
    expect(logs).toEqual(['warn write to tx failed: GATT error 0x0e']);
  });

  it('logs an encoder failure and retries the same value on the next command', async () => {
    let throwOnce = true;
    const writes: number[] = [];
    const logs: string[] = [];
    const c = new Coalescer({
      gapMs: 0,
      encode: (changed) => {
        if (throwOnce) {
          throwOnce = false;
          throw new Error('bad state');
        }
        return changed.map((x) => ({ endpoint: 'tx', data: Uint8Array.of(x.value), withResponse: false }));
      },
      write: async (_e, data) => {
        writes.push(data[0] as number);
      },
      log: (level, msg) => logs.push(`${level} ${msg}`),
      now: () => Date.now(),
    });
    c.push(vib(0, 3));
    await settle();
    c.push(vib(0, 3));
    await settle();
    await c.drained();
    expect(writes).toEqual([3]);
    expect(logs).toEqual(['error encoder failed: bad state']);
  });

  it('queues raw (tick) writes behind coalesced ones and stops after close', async () => {
    const { c, writes } = setup();
    c.push(vib(0, 1));
    await settle();
    c.writeRaw([{ endpoint: 'tx', data: new TextEncoder().encode('tick;'), withResponse: false }]);
    await settle();
    expect(writes).toEqual(['tx:Vibrate:0:1;', 'tx:tick;']);
    c.push(vib(0, 2));
    await c.close();
    c.push(vib(0, 3));
    c.stop([vib(0, 0)]);
    await vi.advanceTimersByTimeAsync(200);
    expect(writes).toEqual(['tx:Vibrate:0:1;', 'tx:tick;']);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('Coalescer ordering against reads', () => {
  it('flushScheduled writes what was due at the end of the turn, at once', async () => {
    vi.useFakeTimers();
    try {
      const { c, writes } = setup();
      c.push(vib(0, 4));
      expect(writes).toEqual([]);
      c.flushScheduled();
      await Promise.resolve();
      expect(writes).toEqual(['tx:Vibrate:0:4;']);
      await vi.advanceTimersByTimeAsync(0);
      expect(writes).toEqual(['tx:Vibrate:0:4;']); // not written twice
    } finally {
      vi.useRealTimers();
    }
  });
});

// With a gap clock, as the bus worker gives one when its outputs come through the output table:
// values committed during a gap are fetched by the coalescer itself when the gap ends (gapEnded,
// standing in for the worker's table drain), so the worker need not wake for each commit.
describe('Coalescer with a gap clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A stand-in table: values "committed" here reach the coalescer only when it asks (gapEnded). */
  function clocked(gapMs = 75) {
    const committed: OutputCommand[] = [];
    const clock = { open: 0, gapEnds: 0 };
    let coalescer: Coalescer | null = null;
    const gapClock = {
      opened: () => void clock.open++,
      closed: () => void clock.open--,
      gapEnded: () => {
        clock.gapEnds++;
        for (const command of committed.splice(0)) coalescer!.push(command);
      },
    };
    const s = setup({ gapMs, gapClock });
    coalescer = s.c;
    return { ...s, committed, clock };
  }

  it('a stream wakes it once per gap: each gap end fetches the newest value and writes it in that same wake-up', async () => {
    const { c, writes, committed, clock } = clocked();
    c.push(vib(0, 1)); // first after idle: at once
    await settle();
    expect(writes).toEqual(['tx:Vibrate:0:1;']);
    expect(clock.open).toBe(1); // the gap after the write is watched
    for (let v = 2; v <= 31; v++) {
      // A value "committed" every 5 ms for 150 ms: two gaps' worth, nothing delivered meanwhile.
      await vi.advanceTimersByTimeAsync(5);
      committed.length = 0;
      committed.push(vib(0, v));
    }
    // 150 ms in: the gap ends at 75 and 150 fetched the value committed last before each.
    expect(writes).toEqual(['tx:Vibrate:0:1;', 'tx:Vibrate:0:15;', 'tx:Vibrate:0:30;']);
    expect(clock.gapEnds).toBe(2);
    await vi.advanceTimersByTimeAsync(75);
    expect(writes).toEqual(['tx:Vibrate:0:1;', 'tx:Vibrate:0:15;', 'tx:Vibrate:0:30;', 'tx:Vibrate:0:31;']);
    // One more gap with nothing new, then the device is idle: nothing more is watched or woken.
    await vi.advanceTimersByTimeAsync(75);
    expect(clock.gapEnds).toBe(4);
    expect(clock.open).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(clock.gapEnds).toBe(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a stop inside a watched gap goes out at once, and the value after it waits for the gap end', async () => {
    const { c, writes, committed } = clocked();
    c.push(vib(0, 1));
    await settle();
    await vi.advanceTimersByTimeAsync(10);
    c.stop([vib(0, 0)]);
    await settle();
    expect(writes).toEqual(['tx:Vibrate:0:1;', 'tx:Vibrate:0:0;']);
    committed.push(vib(0, 7));
    await vi.advanceTimersByTimeAsync(74);
    expect(writes).toHaveLength(2); // the gap after the stop's write is not over
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual(['tx:Vibrate:0:1;', 'tx:Vibrate:0:0;', 'tx:Vibrate:0:7;']);
  });

  it('a value pushed after the gap (the worker drained it for an urgent commit) goes at once; close ends the watch', async () => {
    const { c, writes, clock } = clocked();
    c.push(vib(0, 1));
    await settle();
    await vi.advanceTimersByTimeAsync(200); // the gap ended with nothing new: idle
    expect(clock.open).toBe(0);
    c.push(vib(0, 2));
    await settle();
    expect(writes).toEqual(['tx:Vibrate:0:1;', 'tx:Vibrate:0:2;']);
    expect(clock.open).toBe(1);
    await c.close();
    expect(clock.open).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
