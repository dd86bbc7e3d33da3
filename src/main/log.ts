// A tiny levelled logger writing single lines to stderr (stdout carries the ready line only).
// Sinks (sessions that sent RequestLog) get lines at their own level, whatever stderr's is.

import { LOG_RANK, type LogLevel } from '../core/index.js';


export interface LogSink {
  /** Most verbose level this sink wants. */
  readonly level: LogLevel;
  write(level: LogLevel, msg: string): void;
}

let threshold = LOG_RANK.info;
const sinks = new Set<LogSink>();
/** Most verbose level any sink wants (-1 = no sinks): keeps the no-sink path one comparison. */
let sinkThreshold = -1;
let inSink = false;

export function setLogLevel(level: LogLevel): void {
  threshold = LOG_RANK[level];
}

export function addLogSink(sink: LogSink): void {
  sinks.add(sink);
  sinkThreshold = Math.max(sinkThreshold, LOG_RANK[sink.level]);
}

export function removeLogSink(sink: LogSink): void {
  if (!sinks.delete(sink)) return;
  sinkThreshold = -1;
  for (const s of sinks) sinkThreshold = Math.max(sinkThreshold, LOG_RANK[s.level]);
}

export function log(level: LogLevel, msg: string): void {
  const rank = LOG_RANK[level];
  if (rank <= threshold) process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}\n`);
  // A sink that logs while writing (a session over its send limit) must not recurse.
  if (rank > sinkThreshold || inSink) return;
  inSink = true;
  try {
    for (const s of sinks) if (rank <= LOG_RANK[s.level]) s.write(level, msg);
  } finally {
    inSink = false;
  }
}
