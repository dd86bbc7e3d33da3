// Logging from a bus worker: lines go to the main thread as `log` messages (main owns stderr),
// filtered here so that disabled levels cost no postMessage.

import { LOG_RANK, type FromBus, type LogLevel } from '../core/channel.js';

export type Log = (level: LogLevel, msg: string) => void;

export function workerLogger(threshold: LogLevel, post: (msg: FromBus) => void, prefix: string): Log {
  const max = LOG_RANK[threshold];
  return (level, msg) => {
    if (LOG_RANK[level] <= max) post({ t: 'log', level, msg: `${prefix}${msg}` });
  };
}
