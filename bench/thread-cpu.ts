// CPU time of one thread of this process, from Linux /proc/self/task/<tid>/schedstat (first field:
// nanoseconds on a CPU). Event-loop utilisation is wall time: on a shared, oversubscribed machine
// it also counts the time a busy thread waited to be scheduled; this counts only the time it ran,
// at nanosecond resolution (/proc/<pid>/stat ticks are 10 ms). NaN where /proc has no schedstat.

import { readFileSync, readlinkSync } from 'node:fs';

/** The calling thread's id (the main thread's equals the pid), or NaN. */
export function currentThreadId(): number {
  try {
    // "<pid>/task/<tid>"
    return Number(readlinkSync('/proc/thread-self').split('/')[2]);
  } catch {
    return Number.NaN;
  }
}

/** Nanoseconds thread `tid` of this process has run so far, or NaN. */
export function threadCpuNs(tid: number): number {
  if (!Number.isFinite(tid)) return Number.NaN;
  try {
    return Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return Number.NaN;
  }
}
