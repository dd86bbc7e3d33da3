// A clock the main thread and the bus workers can compare: performance.now() counts from each
// thread's own start, but performance.timeOrigin + performance.now() is wall-clock-based in every
// thread. Command-to-write latency stamps a command with it on the main thread (at its frame's
// arrival) and reads it again in the worker at the write. A stamp is microseconds modulo 2^30
// (about 17.9 minutes), so it fits one Int32 slot of the output table and stays a small integer
// in V8 (no heap number per stamp); a latency is the difference modulo the same wrap.

const WRAP = 2 ** 30;

/** No stamp: the command did not come from a client frame (an operator stop, a timer). */
export const NO_STAMP = -1;

/** The stamp of `perfNow` (this thread's performance.now()). */
export function clockStamp(perfNow: number = performance.now()): number {
  return Math.floor((performance.timeOrigin + perfNow) * 1000) % WRAP;
}

/** Seconds from `stamp` to `now` (both from clockStamp), assuming under ~17 minutes passed. */
export function stampAgeSeconds(stamp: number, now: number): number {
  return ((now - stamp + WRAP) % WRAP) / 1e6;
}
