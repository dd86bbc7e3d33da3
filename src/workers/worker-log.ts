// Logging from a bus worker: lines go to the main thread as `log` messages (main owns stderr),
// filtered here so that disabled levels cost no postMessage.

import type { FromBus, LogLevel } from '../core/channel.js';

const RANK: Readonly<Record<LogLevel, number>> = { error: 0, warn: 1, info: 2, debug: 3, trace: 4 };

export type Log = (level: LogLevel, msg: string) => void;

export function workerLogger(threshold: LogLevel, post: (msg: FromBus) => void, prefix: string): Log {
  const max = RANK[threshold];
  return (level, msg) => {
    if (RANK[level] <= max) post({ t: 'log', level, msg: `${prefix}${msg}` });
  };
}
