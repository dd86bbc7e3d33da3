// Process-wide counters behind GET /metrics. They are bumped on the per-message path, so a bump is
// one Map lookup on an already-interned string (message names come from the codec's tables) and
// one increment in a Float64Array: no allocation, no string building. A message name seen for the
// first time gets the next slot (a handful of names exist; the array grows at most a few times).

import { ErrorCode } from '../core/index.js';
import { LatencyHistogram } from '../core/latency-histogram.js';
import { NO_STAMP } from '../core/shared-clock.js';

const messageSlots = new Map<string, number>();
const messageNames: string[] = [];
let messageCounts = new Float64Array(64);

/** Per wire error code 0..4 (ErrorCode). */
const errorCounts = new Float64Array(5);

/** One client message handled, by its wire name (DeviceCommand: "ScalarCmd", "OutputCmd", …). */
export function countMessage(type: string): void {
  let slot = messageSlots.get(type);
  if (slot === undefined) slot = addMessageType(type);
  messageCounts[slot]!++;
}

function addMessageType(type: string): number {
  const slot = messageNames.length;
  if (slot === messageCounts.length) {
    const grown = new Float64Array(slot * 2);
    grown.set(messageCounts);
    messageCounts = grown;
  }
  messageNames.push(type);
  messageSlots.set(type, slot);
  return slot;
}

/** One Error message sent to a client. */
export function countError(code: ErrorCode): void {
  errorCounts[code]!++;
}

/** Device commands from their frame's arrival to their Ok being queued for the client. */
export const ackLatency = new LatencyHistogram();

/** `n` commands of one frame acknowledged `seconds` after the frame arrived: one observation each. */
export function observeAcks(seconds: number, n: number): void {
  ackLatency.observe(seconds, n);
}

/** Output commands from their frame's arrival on this thread to their first write by a bus worker. */
export const writeLatency = new LatencyHistogram();

/**
 * The shared-clock stamp (core/shared-clock) of the client frame being handled, or NO_STAMP
 * outside one: the bus supervisor stores it with each output it hands to a worker.
 */
let frameStamp = NO_STAMP;

export function setFrameStamp(stamp: number): void {
  frameStamp = stamp;
}

export function currentFrameStamp(): number {
  return frameStamp;
}

/** Admission outcomes; the index is the position in ADMISSION_DECISIONS. */
export const ADMITTED = 0;
export const DENIED = 1;
export const REFUSED = 2;
export const TIMED_OUT = 3;
export const ADMISSION_DECISIONS: readonly string[] = ['admitted', 'denied', 'refused', 'timed_out'];
const admissionCounts = new Float64Array(ADMISSION_DECISIONS.length);

/** admitted: let in (at the upgrade or by the operator); denied: by the operator (or a remembered
 *  decision); refused: 401 at the upgrade; timed_out: the operator did not decide in time. */
export function countAdmission(decision: number): void {
  admissionCounts[decision]!++;
}

export function admissionSnapshot(): Array<[string, number]> {
  return ADMISSION_DECISIONS.map((name, i) => [name, admissionCounts[i]!]);
}

/** Counts so far: messages by type (only types seen), errors by wire code name (all five). */
export function counterSnapshot(): { messages: Array<[string, number]>; errors: Array<[string, number]> } {
  return {
    messages: messageNames.map((name, i) => [name, messageCounts[i]!]),
    errors: ERROR_CODE_NAMES.map((name, code) => [name, errorCounts[code]!]),
  };
}

/** The wire names of ErrorCode 0..4, as the spec spells them. */
const ERROR_CODE_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  names[ErrorCode.UNKNOWN] = 'ERROR_UNKNOWN';
  names[ErrorCode.INIT] = 'ERROR_INIT';
  names[ErrorCode.PING] = 'ERROR_PING';
  names[ErrorCode.MSG] = 'ERROR_MSG';
  names[ErrorCode.DEVICE] = 'ERROR_DEVICE';
  return names;
})();
