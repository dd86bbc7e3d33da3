// The burst gate on its own, with fake timers: which bursts are complete, what is held and for how
// long, and that the settle decision is taken after the poll phase that follows the settle timer.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeatureDef, OutputCommand } from '../../src/core/index.js';
import {
  BURST_SETTLE_MS,
  BurstGate,
  burstComplete,
  sharedOutputFeatures,
  type BurstOutlet,
} from '../../src/main/burst-gate.js';

const vib = (feature: number, value: number): OutputCommand => ({ feature, type: 'Vibrate', value });
const rot = (feature: number, value: number): OutputCommand => ({ feature, type: 'Rotate', value });

/** Two vibrators and one rotator (a We-Vibe-like dual plus a spinning head). */
const FEATURES: FeatureDef[] = [
  { index: 0, description: 'inner', output: { Vibrate: { value: [0, 20] } } },
  { index: 1, description: 'outer', output: { Vibrate: { value: [0, 20] } } },
  { index: 2, description: 'head', output: { Rotate: { value: [-20, 20] } } },
  { index: 3, description: 'battery', input: { Battery: { value: [[0, 100]], command: ['Read'] } } },
];
const SHARED = sharedOutputFeatures(FEATURES);

class RecordingOutlet implements BurstOutlet<string> {
  readonly released: { device: string; commands: OutputCommand[]; expedite: boolean }[] = [];
  commits = 0;
  release(device: string, commands: readonly OutputCommand[], expedite: boolean): void {
    this.released.push({ device, commands: [...commands], expedite });
  }
  commit(): void {
    this.commits++;
  }
}

/** Let the settle window end, then run the decision it schedules (the only timer left then). */
function endSettleWindow(): void {
  vi.advanceTimersByTime(BURST_SETTLE_MS);
  vi.runOnlyPendingTimers();
}

function setup() {
  const outlet = new RecordingOutlet();
  return { outlet, gate: new BurstGate<string>(outlet) };
}

describe('sharedOutputFeatures and burstComplete', () => {
  it('lists only the output types two or more features share', () => {
    expect([...SHARED]).toEqual([['Vibrate', [0, 1]]]);
    expect(sharedOutputFeatures([FEATURES[0]!, FEATURES[2]!, FEATURES[3]!]).size).toBe(0);
  });

  it('a burst is complete when it sets every feature of each shared type it sets', () => {
    expect(burstComplete([vib(0, 1), vib(1, 2)], SHARED)).toBe(true);
    expect(burstComplete([vib(1, 2), vib(0, 1), rot(2, 5)], SHARED)).toBe(true);
    expect(burstComplete([rot(2, 5)], SHARED)).toBe(true); // Rotate is on one feature only
    expect(burstComplete([vib(0, 1)], SHARED)).toBe(false);
    expect(burstComplete([vib(1, 1), rot(2, 5)], SHARED)).toBe(false);
    expect(burstComplete([], SHARED)).toBe(true);
  });
});

describe('BurstGate', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes a complete burst on at once, with no timer', () => {
    const { gate, outlet } = setup();
    gate.offer('a', SHARED, [vib(0, 5), vib(1, 6)], true);
    expect(outlet.released).toEqual([{ device: 'a', commands: [vib(0, 5), vib(1, 6)], expedite: true }]);
    expect(vi.getTimerCount()).toBe(0);
    expect(gate.held).toBe(0);
  });

  it('holds the first frame of a split burst and passes the whole burst on with the frame that completes it', () => {
    const { gate, outlet } = setup();
    gate.offer('a', SHARED, [vib(0, 5)], true);
    expect(outlet.released).toEqual([]);
    gate.offer('a', SHARED, [vib(1, 6)], false);
    // One release, both motors, flagged as starting after the idle gap (the first frame was).
    expect(outlet.released).toEqual([{ device: 'a', commands: [vib(0, 5), vib(1, 6)], expedite: true }]);
    expect(outlet.commits).toBe(0); // inside a client frame: the hub's frameDone commits
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps the newest value per output while a burst is held', () => {
    const { gate, outlet } = setup();
    gate.offer('a', SHARED, [vib(0, 5)], true);
    gate.offer('a', SHARED, [vib(0, 7), rot(2, -3)], false);
    gate.offer('a', SHARED, [vib(1, 1)], false);
    expect(outlet.released).toEqual([
      { device: 'a', commands: [vib(0, 7), rot(2, -3), vib(1, 1)], expedite: true },
    ]);
  });

  it('passes an incomplete burst on, as it is, when the settle window ends, and commits it', () => {
    const { gate, outlet } = setup();
    gate.offer('a', SHARED, [vib(0, 5)], false);
    vi.advanceTimersByTime(BURST_SETTLE_MS - 1);
    expect(outlet.released).toEqual([]);
    vi.advanceTimersByTime(1); // the settle timeout runs: the decision waits for the check phase
    expect(outlet.released).toEqual([]);
    vi.runOnlyPendingTimers();
    expect(outlet.released).toEqual([{ device: 'a', commands: [vib(0, 5)], expedite: false }]);
    expect(outlet.commits).toBe(1); // outside any client frame: the gate publishes it itself
    expect(vi.getTimerCount()).toBe(0);
    expect(gate.held).toBe(0);
  });

  it('decides after the timer has run, in a later phase: a frame read in between still joins the burst', () => {
    const { gate, outlet } = setup();
    gate.offer('a', SHARED, [vib(0, 5)], true);
    vi.advanceTimersToNextTimer(); // the settle timeout runs and schedules the decision (setImmediate)
    expect(outlet.released).toEqual([]);
    gate.offer('a', SHARED, [vib(1, 6)], false); // the poll phase between them reads the late frame
    expect(outlet.released).toEqual([{ device: 'a', commands: [vib(0, 5), vib(1, 6)], expedite: true }]);
    vi.runOnlyPendingTimers();
    expect(outlet.released).toHaveLength(1);
    expect(outlet.commits).toBe(0);
  });

  it('a frame after the burst was passed on starts a new burst', () => {
    const { gate, outlet } = setup();
    gate.offer('a', SHARED, [vib(0, 5)], true);
    endSettleWindow();
    gate.offer('a', SHARED, [vib(1, 6)], false);
    expect(outlet.released).toHaveLength(1);
    endSettleWindow();
    expect(outlet.released).toEqual([
      { device: 'a', commands: [vib(0, 5)], expedite: true },
      { device: 'a', commands: [vib(1, 6)], expedite: false },
    ]);
  });

  it('holds each device on its own', () => {
    const { gate, outlet } = setup();
    gate.offer('a', SHARED, [vib(0, 1)], true);
    gate.offer('b', SHARED, [vib(1, 2)], true);
    gate.offer('a', SHARED, [vib(1, 3)], false);
    expect(outlet.released).toEqual([{ device: 'a', commands: [vib(0, 1), vib(1, 3)], expedite: true }]);
    expect(gate.held).toBe(1);
  });

  it('flush passes a held burst on now (a stop or a read follows); drop forgets it', () => {
    const { gate, outlet } = setup();
    gate.offer('a', SHARED, [vib(0, 1)], true);
    gate.offer('b', SHARED, [vib(0, 2)], true);
    gate.flush('a');
    gate.flush('c'); // nothing held: nothing happens
    expect(outlet.released).toEqual([{ device: 'a', commands: [vib(0, 1)], expedite: true }]);
    gate.drop('b');
    endSettleWindow();
    expect(outlet.released).toHaveLength(1);
    expect(outlet.commits).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
