// The output table on one thread: what a drain delivers after which writes and commits. The
// two-thread behaviour (a writer committing while the reader drains) is in
// output-table-threads.test.ts.

import { describe, expect, it } from 'vitest';
import {
  createOutputTable,
  DRAIN_DEFERRED,
  outputSlotKey,
  OutputTableReader,
  OutputTableWriter,
  type OutputCommand,
  type OutputSink,
} from '../../src/core/index.js';

/** Records deliveries as short strings, in order. */
class Recorder implements OutputSink {
  readonly seen: string[] = [];
  stop(device: number, commands: readonly OutputCommand[]): void {
    this.seen.push(`stop ${device} [${commands.map((c) => `${c.feature}:${c.type}=${c.value}`).join(' ')}]`);
  }
  output(device: number, command: OutputCommand): void {
    const d = command.duration === undefined ? '' : `/${command.duration}`;
    this.seen.push(`out ${device} ${command.feature}:${command.type}=${command.value}${d}`);
  }
  take(): string[] {
    return this.seen.splice(0);
  }
}

function setup(slots = 64) {
  const sab = createOutputTable(slots);
  return {
    sab,
    writer: new OutputTableWriter(sab),
    reader: new OutputTableReader(sab),
    sink: new Recorder(),
  };
}

describe('output table: what a drain delivers', () => {
  it('delivers the newest value of a slot, once', () => {
    const { writer, reader, sink } = setup();
    const s = writer.allocate(3, 0, 'Vibrate');
    writer.write(s, 5, -1);
    writer.write(s, 7, -1);
    writer.write(s, 9, -1);
    expect(writer.commit()).toBe(true);
    expect(reader.drain(sink)).toBe(1);
    expect(sink.take()).toEqual(['out 3 0:Vibrate=9']);
    expect(reader.drain(sink)).toBe(0);
    expect(sink.take()).toEqual([]);
  });

  it('delivers a stop then a value written after it in the same slot, in that order', () => {
    const { writer, reader, sink } = setup();
    const s = writer.allocate(1, 2, 'Vibrate');
    writer.write(s, 4, -1);
    writer.stop(s);
    writer.write(s, 6, -1);
    writer.commit();
    reader.drain(sink);
    expect(sink.take()).toEqual(['stop 1 [2:Vibrate=0]', 'out 1 2:Vibrate=6']);
  });

  it('keeps a stop that a later commit’s value follows before the drain', () => {
    const { writer, reader, sink } = setup();
    const s = writer.allocate(1, 0, 'Vibrate');
    writer.stop(s);
    writer.commit();
    writer.write(s, 6, -1);
    writer.commit();
    reader.drain(sink);
    expect(sink.take()).toEqual(['stop 1 [0:Vibrate=0]', 'out 1 0:Vibrate=6']);
  });

  it('delivers a stop alone when no value follows it (a value before it is dropped)', () => {
    const { writer, reader, sink } = setup();
    const s = writer.allocate(1, 0, 'Vibrate');
    writer.write(s, 4, -1);
    writer.stop(s);
    writer.commit();
    reader.drain(sink);
    expect(sink.take()).toEqual(['stop 1 [0:Vibrate=0]']);
    // The stop is reported once.
    writer.write(s, 2, -1);
    writer.commit();
    reader.drain(sink);
    expect(sink.take()).toEqual(['out 1 0:Vibrate=2']);
  });

  it('groups a device’s stops into one call, before any value, and keeps slot order for values', () => {
    const { writer, reader, sink } = setup();
    const a0 = writer.allocate(1, 0, 'Vibrate');
    const b0 = writer.allocate(2, 0, 'Vibrate');
    const a1 = writer.allocate(1, 1, 'Vibrate');
    const a2 = writer.allocate(1, 2, 'Rotate');
    writer.write(a2, 3, -1);
    writer.write(b0, 8, -1);
    writer.stop(a0);
    writer.stop(a1);
    writer.commit();
    reader.drain(sink);
    expect(sink.take()).toEqual([
      'stop 1 [0:Vibrate=0 1:Vibrate=0]',
      'out 2 0:Vibrate=8',
      'out 1 2:Rotate=3',
    ]);
  });

  it('carries each slot’s identity: device, feature, output type, and a duration only when given', () => {
    const { writer, reader, sink } = setup();
    const a = writer.allocate(123456, 1023, 'HwPositionWithDuration');
    const b = writer.allocate(0, 0, 'Rotate');
    writer.write(a, 50, 400);
    writer.write(b, -20, -1);
    writer.commit();
    reader.drain(sink);
    expect(sink.take()).toEqual(['out 123456 1023:HwPositionWithDuration=50/400', 'out 0 0:Rotate=-20']);
  });
});

describe('output table: commits', () => {
  it('shows nothing before commit() and everything of the commit after it', () => {
    const { writer, reader, sink } = setup();
    const a = writer.allocate(1, 0, 'Vibrate');
    const b = writer.allocate(1, 1, 'Vibrate');
    writer.write(a, 1, -1);
    writer.write(b, 2, -1);
    expect(writer.pending).toBe(true);
    expect(reader.drain(sink)).toBe(0);
    expect(sink.take()).toEqual([]);
    writer.commit();
    expect(writer.pending).toBe(false);
    expect(reader.drain(sink)).toBe(2);
    expect(sink.take()).toEqual(['out 1 0:Vibrate=1', 'out 1 1:Vibrate=2']);
  });

  it('never shows a staged write, even in a slot that is dirty from an earlier commit', () => {
    const { writer, reader, sink } = setup();
    const a = writer.allocate(1, 0, 'Vibrate');
    const b = writer.allocate(1, 1, 'Vibrate');
    writer.write(a, 1, -1);
    writer.commit();
    // Staged, not committed: slot a is still dirty from the first commit.
    writer.write(a, 10, -1);
    writer.write(b, 20, -1);
    reader.drain(sink);
    expect(sink.take()).toEqual(['out 1 0:Vibrate=1']);
    writer.commit();
    reader.drain(sink);
    expect(sink.take()).toEqual(['out 1 0:Vibrate=10', 'out 1 1:Vibrate=20']);
  });

  it('leaves a commit made while a drain delivers to the next drain', () => {
    const { writer, reader } = setup();
    const a = writer.allocate(1, 0, 'Vibrate');
    const b = writer.allocate(1, 1, 'Vibrate');
    const seen: string[] = [];
    const sink: OutputSink = {
      stop() {},
      output(_device, c) {
        seen.push(`${c.feature}=${c.value}`);
        if (c.value === 1) {
          writer.write(b, 2, -1);
          writer.write(a, 3, -1);
          expect(writer.commit()).toBe(true);
        }
      },
    };
    writer.write(a, 1, -1);
    writer.commit();
    expect(reader.drain(sink)).toBe(1);
    expect(seen).toEqual(['0=1']);
    expect(reader.drain(sink)).toBe(2);
    expect(seen).toEqual(['0=1', '0=3', '1=2']);
  });

  it('neither side waits for the other: a busy table defers the drain or the commit, and nothing is lost', () => {
    const { sab, writer, reader, sink } = setup();
    // Word 0 is the table's LOCK (see the layout in output-table.ts): hold it as the other side would.
    const lock = new Int32Array(sab);
    const a = writer.allocate(1, 0, 'Vibrate');
    writer.write(a, 1, -1);
    Atomics.store(lock, 0, 2); // the reader's mark
    expect(writer.commit()).toBe(false);
    expect(writer.pending).toBe(true);
    Atomics.store(lock, 0, 0);
    writer.write(a, 2, -1);
    expect(writer.commit()).toBe(true);
    Atomics.store(lock, 0, 1); // the writer's mark
    expect(reader.drain(sink)).toBe(DRAIN_DEFERRED);
    expect(sink.take()).toEqual([]);
    Atomics.store(lock, 0, 0);
    expect(reader.drain(sink)).toBe(1);
    expect(sink.take()).toEqual(['out 1 0:Vibrate=2']);
  });

  it('signals a waiting reader on commit, and cuts its hold short only for a stop', async () => {
    const { writer, reader, sink } = setup();
    const a = writer.allocate(1, 0, 'Vibrate');
    expect(reader.whenCommitted()).not.toBeNull();
    writer.write(a, 1, -1);
    writer.commit();
    expect(reader.whenCommitted()).toBeNull(); // already signalled
    reader.drain(sink);
    const waiting = reader.whenCommitted();
    expect(waiting).not.toBeNull();
    writer.write(a, 2, -1);
    writer.commit();
    await expect(waiting).resolves.toBe('ok');
    reader.drain(sink);
    // A value does not end a hold…
    writer.write(a, 3, -1);
    writer.commit();
    const t0 = performance.now();
    await expect(reader.hold(30)).resolves.toBe('timed-out');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    reader.drain(sink);
    // …a stop does, whether it comes during the hold or before it.
    const holding = reader.hold(10_000);
    writer.stop(a);
    writer.commit();
    await expect(holding).resolves.toBe('ok');
    expect(reader.hold(10_000)).toBeNull();
    reader.drain(sink);
    expect(reader.hold(1)).not.toBeNull();
    expect(sink.take()).toEqual([
      'out 1 0:Vibrate=1',
      'out 1 0:Vibrate=2',
      'out 1 0:Vibrate=3',
      'stop 1 [0:Vibrate=0]',
    ]);
  });

  it('an expedited commit cuts the hold short as a stop does; the commit after it does not', async () => {
    const { writer, reader, sink } = setup();
    const a = writer.allocate(1, 0, 'Vibrate');
    const holding = reader.hold(10_000);
    writer.write(a, 5, -1);
    writer.expedite();
    writer.commit();
    await expect(holding).resolves.toBe('ok');
    reader.drain(sink);
    writer.write(a, 6, -1);
    writer.commit();
    await expect(reader.hold(30)).resolves.toBe('timed-out');
    reader.drain(sink);
    expect(sink.take()).toEqual(['out 1 0:Vibrate=5', 'out 1 0:Vibrate=6']);
  });

  it('the urgent-only wait ignores plain commits, ends at a stop, and can be ended by the reader itself', async () => {
    const { writer, reader, sink } = setup();
    const a = writer.allocate(1, 0, 'Vibrate');
    let ended = false;
    const urgent = reader.whenUrgent()!;
    void urgent.then(() => (ended = true));
    writer.write(a, 1, -1);
    writer.commit();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended).toBe(false); // a value is no reason to wake (a gap end will fetch it)
    writer.stop(a);
    writer.commit();
    await expect(urgent).resolves.toBe('ok');
    reader.drain(sink);
    // The bus worker ends its own wait when the last device's gap closes.
    const waiting = reader.whenUrgent()!;
    reader.interruptWait();
    await expect(waiting).resolves.toBe('ok');
    expect(sink.take()).toEqual(['stop 1 [0:Vibrate=0]']);
  });
});

describe('output table: capacity', () => {
  it('allocates up to its capacity, then answers −1; a released slot is reused', () => {
    const { writer } = setup(4);
    expect(writer.capacity).toBe(4);
    const slots = [0, 1, 2, 3].map((f) => writer.allocate(1, f, 'Vibrate'));
    expect(new Set(slots).size).toBe(4);
    expect(slots.every((s) => s >= 0 && s < 4)).toBe(true);
    expect(writer.used).toBe(4);
    expect(writer.allocate(2, 0, 'Vibrate')).toBe(-1);
    writer.release(slots[2]!);
    expect(writer.allocate(2, 0, 'Vibrate')).toBe(slots[2]);
    expect(writer.allocate(2, 1, 'Vibrate')).toBe(-1);
  });

  it('does not hand a removed device’s undrained stop to the slot’s next occupant', () => {
    const { writer, reader, sink } = setup(1);
    const s = writer.allocate(1, 0, 'Vibrate');
    writer.stop(s);
    writer.commit();
    writer.release(s); // device 1 removed before the worker drained its stop
    expect(writer.allocate(2, 0, 'Vibrate')).toBe(s);
    writer.write(s, 5, -1);
    writer.commit();
    reader.drain(sink);
    expect(sink.take()).toEqual(['out 2 0:Vibrate=5']);
    writer.stop(s);
    writer.commit();
    reader.drain(sink);
    expect(sink.take()).toEqual(['stop 2 [0:Vibrate=0]']);
  });

  it('names outputs by number, and refuses what it cannot name', () => {
    expect(outputSlotKey(5, 1, 'Vibrate')).not.toBe(outputSlotKey(5, 1, 'Rotate'));
    expect(outputSlotKey(5, 1, 'Vibrate')).not.toBe(outputSlotKey(5, 2, 'Vibrate'));
    expect(outputSlotKey(5, 1, 'Vibrate')).not.toBe(outputSlotKey(6, 1, 'Vibrate'));
    expect(outputSlotKey(5, 1024, 'Vibrate')).toBe(-1);
    expect(outputSlotKey(5, 0, 'Nope' as 'Vibrate')).toBe(-1);
  });
});
