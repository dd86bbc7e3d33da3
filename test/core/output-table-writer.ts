// The writer thread of output-table-threads.test.ts: plays the main thread, hammering the table
// with frames of values and stops, each frame one commit, while the test thread drains. It logs
// every write with the number of the commit that published it and posts the log at the end.

import { parentPort, workerData } from 'node:worker_threads';
import { OutputTableWriter } from '../../src/core/index.js';

export interface WriterData {
  readonly table: SharedArrayBuffer;
  readonly devices: number;
  readonly featuresPerDevice: number;
  readonly frames: number;
  readonly seed: number;
  /** Word 0 is set to 1 once the last commit is made. */
  readonly done: SharedArrayBuffer;
}

/** One write: slot, value (−1 for a stop), and the commit (1, 2, …) that published it. */
export interface WriterLog {
  readonly slot: Int32Array;
  readonly value: Int32Array;
  readonly commit: Int32Array;
  readonly failedCommits: number;
}

const data = workerData as WriterData;
const writer = new OutputTableWriter(data.table);
const slots = data.devices * data.featuresPerDevice;
// Slot s is device ⌊s / f⌋, feature s mod f: the reader recovers s from what it is given.
for (let s = 0; s < slots; s++) {
  const got = writer.allocate(Math.floor(s / data.featuresPerDevice), s % data.featuresPerDevice, 'Vibrate');
  if (got !== s) throw new Error(`expected slot ${s}, got ${got}`);
}

let seed = data.seed | 0 || 1;
function random(n: number): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
}

const max = data.frames * 8;
const logSlot = new Int32Array(max);
const logValue = new Int32Array(max);
const logCommit = new Int32Array(max);
let n = 0;
/** Writes staged and not yet published: their commit number is filled in when one succeeds. */
let stagedFrom = 0;
let commits = 0;
let failedCommits = 0;
let value = 0;

function commit(): boolean {
  if (!writer.commit()) {
    failedCommits++;
    return false;
  }
  commits++;
  for (let i = stagedFrom; i < n; i++) logCommit[i] = commits;
  stagedFrom = n;
  return true;
}

for (let frame = 0; frame < data.frames; frame++) {
  // A frame: one device's features (a ScalarCmd), sometimes a stop among them, sometimes a
  // second device too.
  const device = random(data.devices);
  const writes = 1 + random(data.featuresPerDevice + 2);
  for (let w = 0; w < writes; w++) {
    const d = w > data.featuresPerDevice ? random(data.devices) : device;
    const slot = d * data.featuresPerDevice + random(data.featuresPerDevice);
    logSlot[n] = slot;
    if (random(25) === 0) {
      writer.stop(slot);
      logValue[n++] = -1;
    } else {
      writer.write(slot, ++value, -1);
      logValue[n++] = value;
    }
  }
  // A commit that finds the reader inside its drain leaves the writes staged; the next frame's
  // commit publishes both (as the supervisor's retry does).
  commit();
  // Let the reader's thread run now and then without a pause in most frames.
  if (random(64) === 0) for (let spin = random(2000); spin > 0; spin--) Math.sqrt(spin);
}
while (!commit()) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);

Atomics.store(new Int32Array(data.done), 0, 1);
const log: WriterLog = {
  slot: logSlot.slice(0, n),
  value: logValue.slice(0, n),
  commit: logCommit.slice(0, n),
  failedCommits,
};
parentPort!.postMessage(log);
