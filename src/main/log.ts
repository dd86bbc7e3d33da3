// A tiny levelled logger writing single lines to stderr (stdout carries the ready line only).

import type { LogLevel } from '../core/index.js';

const RANK: Readonly<Record<LogLevel, number>> = { error: 0, warn: 1, info: 2, debug: 3, trace: 4 };

let threshold = RANK.info;

export function setLogLevel(level: LogLevel): void {
  threshold = RANK[level];
}

export function enabled(level: LogLevel): boolean {
  return RANK[level] <= threshold;
}

export function log(level: LogLevel, msg: string): void {
  if (RANK[level] > threshold) return;
  process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}\n`);
}
