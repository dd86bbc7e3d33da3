// A tiny levelled logger writing single lines to stderr (stdout carries the ready line only).
// Sinks (sessions that sent RequestLog) get lines at their own level, whatever stderr's is.
// The last RECENT_LINES lines written to stderr are also kept in a ring for the operator console
// (GET /api/log and its live log panel); one listener hears each as it is kept.

import { LOG_RANK, type LogLevel } from '../core/index.js';

export interface LogSink {
  /** Most verbose level this sink wants. */
  readonly level: LogLevel;
  write(level: LogLevel, msg: string): void;
}

/** One line as stderr got it. */
export interface LogLine {
  /** Date.now() when it was logged. */
  readonly at: number;
  readonly level: LogLevel;
  readonly msg: string;
}

/** Lines kept for the console: enough to see what led up to a problem, a few hundred KiB at most. */
export const RECENT_LINES = 500;

let threshold = LOG_RANK.info;
const recent: Array<LogLine | undefined> = new Array<LogLine | undefined>(RECENT_LINES);
/** Lines kept since start; the ring slot of the next is `kept % RECENT_LINES`. */
let kept = 0;
let lineListener: ((line: LogLine) => void) | null = null;
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

/** The kept lines, oldest first, at `level` or more severe; at most `limit` (the newest). */
export function recentLog(level: LogLevel = 'trace', limit = RECENT_LINES): LogLine[] {
  const out: LogLine[] = [];
  const rank = LOG_RANK[level];
  for (let i = Math.max(0, kept - RECENT_LINES); i < kept; i++) {
    const line = recent[i % RECENT_LINES]!;
    if (LOG_RANK[line.level] <= rank) out.push(line);
  }
  return limit < out.length ? out.slice(out.length - limit) : out;
}

/** Hear every line kept from now on (one listener: the operator control); null stops it. */
export function onLogLine(listener: ((line: LogLine) => void) | null): void {
  lineListener = listener;
}

export function log(level: LogLevel, msg: string): void {
  const rank = LOG_RANK[level];
  if (rank <= threshold) {
    const line: LogLine = { at: Date.now(), level, msg };
    process.stderr.write(`${new Date(line.at).toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}\n`);
    recent[kept++ % RECENT_LINES] = line;
    lineListener?.(line);
  }
  // A sink that logs while writing (a session over its send limit) must not recurse.
  if (rank > sinkThreshold || inSink) return;
  inSink = true;
  try {
    for (const s of sinks) if (rank <= LOG_RANK[s.level]) s.write(level, msg);
  } finally {
    inSink = false;
  }
}
