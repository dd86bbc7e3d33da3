// Exactness of one channel run in bench/channel.ts, from what was sent and what the worker applied.
// Command n carries value n, so values rise per slot in send order and a stop is placed among the
// values by its own command number. Coalescing may drop values, never reorder them, never drop a
// stop: between the last value applied before it and the first applied after it, the worker must
// have applied a stop (several stops with no applied value between them may merge into one).

import { STOP_MARK } from './channel-protocol.js';

export interface SentCommands {
  /** slot[n - 1] = slot of command n. */
  readonly slot: Int32Array;
  /** stop[n - 1] = 1 when command n is a stop. */
  readonly stop: Uint8Array;
  readonly slots: number;
}

export interface Exactness {
  /** Every applied value was sent to that slot, and values rise per slot. */
  readonly ordered: boolean;
  /** Every stop sent was applied in its place; no stop was applied that was not sent. */
  readonly stopsExact: boolean;
  /** The last command sent to every slot is the one in the worker's map at the end. */
  readonly finalsExact: boolean;
  /** The first violation found, for the report; '' when exact. */
  readonly problem: string;
}

/** Applied values of one slot with whether a stop was applied just before each (and at the end). */
interface SlotTrace {
  readonly values: number[];
  /** stopBefore[i]: a stop was applied after values[i - 1] and before values[i]; index values.length = after the last. */
  readonly stopBefore: boolean[];
}

export function checkExactness(sent: SentCommands, applied: Int32Array, finals: Int32Array): Exactness {
  let problem = '';
  const note = (p: string): void => {
    problem ||= p;
  };
  const traces: SlotTrace[] = Array.from({ length: sent.slots }, () => ({ values: [], stopBefore: [false] }));
  let ordered = true;
  for (let i = 0; i < applied.length; i += 2) {
    const slot = applied[i]!;
    const value = applied[i + 1]!;
    const trace = traces[slot];
    if (!trace) {
      ordered = false;
      note(`applied to unknown slot ${slot}`);
      continue;
    }
    if (value === STOP_MARK) {
      trace.stopBefore[trace.values.length] = true;
      continue;
    }
    if (sent.slot[value - 1] !== slot || sent.stop[value - 1] === 1) {
      ordered = false;
      note(`value ${value} applied to slot ${slot}, but it was not sent there`);
    }
    const prev = trace.values[trace.values.length - 1] ?? 0;
    if (value <= prev) {
      ordered = false;
      note(`slot ${slot}: value ${value} applied after ${prev}`);
    }
    trace.values.push(value);
    trace.stopBefore.push(false);
  }

  // Sent stops and last command per slot, in send order.
  const sentStops: number[][] = Array.from({ length: sent.slots }, () => []);
  const lastSent = new Int32Array(sent.slots).fill(-1);
  for (let n = 1; n <= sent.slot.length; n++) {
    const slot = sent.slot[n - 1]!;
    if (sent.stop[n - 1] === 1) {
      sentStops[slot]!.push(n);
      lastSent[slot] = 0;
    } else {
      lastSent[slot] = n;
    }
  }

  let stopsExact = true;
  for (let slot = 0; slot < sent.slots; slot++) {
    const { values, stopBefore } = traces[slot]!;
    const stops = sentStops[slot]!;
    // Gap g lies between values[g - 1] (or nothing) and values[g] (or nothing): walk stops and gaps together.
    let g = 0;
    const stopsInGap = new Array<number>(values.length + 1).fill(0);
    for (const n of stops) {
      while (g < values.length && values[g]! < n) g++;
      stopsInGap[g]!++;
    }
    for (let gap = 0; gap <= values.length; gap++) {
      const wasSent = stopsInGap[gap]! > 0;
      const wasApplied = stopBefore[gap] === true;
      if (wasSent !== wasApplied) {
        stopsExact = false;
        const around = `between values ${values[gap - 1] ?? 'start'} and ${values[gap] ?? 'end'}`;
        note(
          `slot ${slot}: ${wasSent ? 'a stop was sent but not applied' : 'a stop was applied but not sent'} ${around}`,
        );
      }
    }
  }

  let finalsExact = true;
  for (let slot = 0; slot < sent.slots; slot++) {
    if (finals[slot] !== lastSent[slot]) {
      finalsExact = false;
      note(
        `slot ${slot}: ends at ${finals[slot]}, last sent ${lastSent[slot] === 0 ? 'a stop' : lastSent[slot]}`,
      );
    }
  }
  return { ordered, stopsExact, finalsExact, problem };
}
