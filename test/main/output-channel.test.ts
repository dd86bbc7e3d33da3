// The output channel on its own: a real output table (its reader drains in this thread) and a
// recording message target in place of the worker. Which path each output takes, when it becomes
// visible, the order of stops and messages, and the message-only fallback when the table is full.

import { afterEach, describe, expect, it } from 'vitest';
import {
  createOutputTable,
  OutputTableReader,
  OutputTableWriter,
  type OutputCommand,
  type OutputSink,
  type ToBus,
} from '../../src/core/index.js';
import { setLogLevel } from '../../src/main/log.js';
import { OUTPUT_BATCH_MS, OutputChannel, type MessageTarget } from '../../src/main/output-channel.js';

class RecordingTarget implements MessageTarget {
  readonly posted: ToBus[] = [];
  postMessage(msg: ToBus): void {
    this.posted.push(msg);
  }
  /** Posted messages with batches unpacked, in order. */
  take(): ToBus[] {
    return this.posted.splice(0).flatMap((m) => (m.t === 'batch' ? m.messages : [m]));
  }
}

/** What the worker would get from its table: stops and values, in delivery order. */
class RecordingSink implements OutputSink {
  readonly got: string[] = [];
  stop(device: number, commands: readonly OutputCommand[]): void {
    this.got.push(`stop ${device} ${commands.map((c) => `${c.feature}${c.type}`).join(',')}`);
  }
  output(device: number, command: OutputCommand): void {
    this.got.push(`${device} ${command.feature}${command.type}=${command.value}`);
  }
}

function vib(feature: number, value: number): OutputCommand {
  return { feature, type: 'Vibrate', value };
}

const endOfTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const open: OutputChannel[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

function channel(slots: number | null) {
  const target = new RecordingTarget();
  const sab = slots === null ? null : createOutputTable(slots);
  const ch = new OutputChannel('simulated', target, sab === null ? null : new OutputTableWriter(sab));
  open.push(ch);
  const reader = sab === null ? null : new OutputTableReader(sab);
  const sink = new RecordingSink();
  const drain = (): string[] => {
    reader!.drain(sink);
    return sink.got.splice(0);
  };
  return { ch, target, drain };
}

describe('output channel, table path', () => {
  it('publishes a frame’s outputs at commit, not before, and posts no message for them', () => {
    const { ch, target, drain } = channel(8);
    ch.output(1, vib(0, 5));
    ch.output(1, vib(1, 6));
    expect(drain()).toEqual([]); // staged only
    ch.commit();
    expect(drain()).toEqual(['1 0Vibrate=5', '1 1Vibrate=6']);
    expect(target.posted).toEqual([]);
  });

  it('commits writes made outside a frame at the end of the turn', async () => {
    const { ch, drain } = channel(8);
    ch.output(2, vib(0, 3));
    expect(ch.pending).toBe(true);
    await endOfTurn();
    expect(ch.pending).toBe(false);
    expect(drain()).toEqual(['2 0Vibrate=3']);
  });

  it('keeps only the newest value per output between drains, and reports a stop before the value after it', () => {
    const { ch, drain } = channel(8);
    ch.output(1, vib(0, 5));
    ch.output(1, vib(0, 7));
    ch.commit();
    ch.stop(1, [vib(0, 0)]);
    ch.output(1, vib(0, 9));
    ch.commit();
    expect(drain()).toEqual(['stop 1 0Vibrate', '1 0Vibrate=9']);
  });

  it('commits the table before a message, so the worker (which drains first) sees the outputs sent before it', async () => {
    const { ch, target, drain } = channel(8);
    ch.output(1, vib(0, 4));
    ch.post({ t: 'deviceIndexed', device: 1, index: 0 });
    await endOfTurn();
    expect(target.take()).toEqual([{ t: 'deviceIndexed', device: 1, index: 0 }]);
    expect(drain()).toEqual(['1 0Vibrate=4']);
  });
});

describe('output channel, message-only fallback when the table is full', () => {
  it('sends an output without a slot as a message, and keeps that output on messages for its device’s life', async () => {
    setLogLevel('error'); // the one "table full" warning
    const { ch, target, drain } = channel(1);
    ch.output(1, vib(0, 1)); // takes the only slot
    ch.output(1, vib(1, 2)); // table full: message path
    ch.commit();
    expect(drain()).toEqual(['1 0Vibrate=1']);
    await endOfTurn();
    expect(target.take()).toEqual([{ t: 'output', device: 1, command: vib(1, 2) }]);
    // Still on messages after a wait, never through the table, so it cannot overtake itself.
    await sleep(OUTPUT_BATCH_MS + 1);
    ch.output(1, vib(1, 3));
    ch.output(1, vib(1, 4)); // replaces the queued one in place
    ch.commit();
    expect(drain()).toEqual([]);
    await sleep(OUTPUT_BATCH_MS + 1);
    expect(target.take()).toEqual([{ t: 'output', device: 1, command: vib(1, 4) }]);
  });

  it('splits a stop: table outputs are stopped in the table, the rest by one message after the outputs before it', async () => {
    const { ch, target, drain } = channel(1);
    ch.output(1, vib(0, 1));
    ch.output(1, vib(1, 2));
    ch.stop(1, [vib(0, 0), vib(1, 0)]);
    ch.commit();
    expect(drain()).toEqual(['stop 1 0Vibrate']);
    await endOfTurn();
    expect(target.take()).toEqual([
      { t: 'output', device: 1, command: vib(1, 2) },
      { t: 'stop', device: 1, commands: [vib(1, 0)] },
    ]);
  });

  it('frees a removed device’s slots, so another device’s outputs take the table again', async () => {
    const { ch, target, drain } = channel(1);
    ch.output(1, vib(0, 1));
    ch.deviceRemoved(1);
    ch.output(2, vib(0, 8));
    ch.commit();
    expect(drain()).toEqual(['2 0Vibrate=8']); // the slot passed to device 2
    await endOfTurn();
    expect(target.take()).toEqual([]);
  });

  it('without a table, batches outputs per turn, the newest value per output, and orders a stop behind them', async () => {
    const { ch, target } = channel(null);
    ch.output(1, vib(0, 1));
    ch.output(1, vib(0, 2));
    ch.output(1, vib(1, 3));
    ch.stop(1, [vib(0, 0)]);
    ch.output(1, vib(0, 5)); // after the stop: must not replace the entry in front of it
    await endOfTurn();
    expect(target.posted).toHaveLength(1); // one postMessage for the turn
    expect(target.take()).toEqual([
      { t: 'output', device: 1, command: vib(0, 2) },
      { t: 'output', device: 1, command: vib(1, 3) },
      { t: 'stop', device: 1, commands: [vib(0, 0)] },
      { t: 'output', device: 1, command: vib(0, 5) },
    ]);
  });
});

describe('output channel, worker gone', () => {
  it('flushNow posts at once; after close nothing is sent and nothing is scheduled', async () => {
    const { ch, target } = channel(null);
    ch.post({ t: 'startScanning' });
    ch.flushNow();
    expect(target.take()).toEqual([{ t: 'startScanning' }]);
    ch.output(1, vib(0, 1));
    ch.close();
    ch.output(1, vib(0, 2));
    ch.post({ t: 'stopScanning' });
    await sleep(OUTPUT_BATCH_MS + 1);
    expect(target.posted).toEqual([]);
  });
});
