// Wire error codes (spec: status.md, Error) and thrum's own reason codes. Every expected failure
// is a value carrying one reason code; the session turns it into an Error message in one place.

export const ErrorCode = {
  UNKNOWN: 0,
  INIT: 1,
  PING: 2,
  MSG: 3,
  DEVICE: 4,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * One row per reason: the wire code it is reported with and a message template (`{0}`, `{1}` …
 * are filled from the arguments). Tests check that every code used in src/ is listed here.
 */
export const REASONS = {
  THRUM_ERR_BAD_JSON: [ErrorCode.MSG, 'Frame is not valid JSON: {0}'],
  THRUM_ERR_BAD_FRAME: [ErrorCode.MSG, 'Frame must be a non-empty array of messages'],
  THRUM_ERR_BAD_MSGPACK: [ErrorCode.MSG, 'Binary frame is not valid msgpack: {0}'],
  THRUM_ERR_FRAME_TOO_LARGE: [ErrorCode.MSG, 'Frame of {0} bytes exceeds the limit of {1} bytes'],
  THRUM_ERR_TOO_MANY_MESSAGES: [
    ErrorCode.MSG,
    'Frame holds {0} messages; at most {1} are accepted in one frame; connection closed',
  ],
  THRUM_ERR_MORE_ERRORS: [
    ErrorCode.MSG,
    '{0} more messages in this frame were unreadable (not answered one by one)',
  ],
  THRUM_ERR_INPUT_BACKLOG: [
    ErrorCode.MSG,
    'Client sends faster than the server answers: over {0} frames or {1} bytes waiting; connection closed',
  ],
  THRUM_ERR_WRONG_ENCODING: [ErrorCode.MSG, 'This connection speaks {0}; a {1} frame was received'],
  THRUM_ERR_BAD_MESSAGE: [ErrorCode.MSG, 'Message must be an object with exactly one message type key'],
  THRUM_ERR_UNKNOWN_MESSAGE: [ErrorCode.MSG, 'Unknown message type {0} for spec version {1}'],
  THRUM_ERR_INVALID_FIELD: [ErrorCode.MSG, '{0}: {1}'],
  THRUM_ERR_NOT_CLIENT_MESSAGE: [ErrorCode.MSG, '{0} is sent by servers, not clients'],
  THRUM_ERR_RAW_UNSUPPORTED: [ErrorCode.MSG, '{0} is not supported: thrum does not allow raw device access'],
  THRUM_ERR_MESSAGE_RETIRED: [
    ErrorCode.MSG,
    '{0} is no longer supported (as in the reference server); use {1}',
  ],
  THRUM_ERR_HANDSHAKE_REQUIRED: [ErrorCode.INIT, 'RequestServerInfo must be the first message; got {0}'],
  THRUM_ERR_HANDSHAKE_FRAME: [
    ErrorCode.INIT,
    'Before the handshake only a small RequestServerInfo frame is accepted (at most {0} bytes and {1} messages); connection closed',
  ],
  THRUM_ERR_HANDSHAKE_TIMEOUT: [ErrorCode.INIT, 'No RequestServerInfo within {0} ms; connection closed'],
  THRUM_ERR_ALREADY_CONNECTED: [ErrorCode.INIT, 'RequestServerInfo was already received on this connection'],
  THRUM_ERR_CLIENT_TOO_NEW: [ErrorCode.INIT, 'Client spec version {0} is newer than this server (max {1})'],
  THRUM_ERR_ADMISSION_PENDING: [ErrorCode.INIT, 'Waiting for the operator to admit this client'],
  THRUM_ERR_NOT_ADMITTED: [ErrorCode.INIT, 'Not admitted: {0}'],
  THRUM_ERR_PING_TIMEOUT: [ErrorCode.PING, 'No Ping within {0} ms; devices stopped and connection closed'],
  THRUM_ERR_DEVICE_UNKNOWN: [ErrorCode.DEVICE, 'No device with index {0}'],
  THRUM_ERR_DEVICE_GONE: [ErrorCode.DEVICE, 'Device {0} disconnected'],
  THRUM_ERR_FEATURE_UNKNOWN: [ErrorCode.DEVICE, 'Device {0} has no feature {1}'],
  THRUM_ERR_FEATURE_UNSUPPORTED: [ErrorCode.DEVICE, 'Device {0} feature {1} does not support {2}'],
  THRUM_ERR_MESSAGE_UNSUPPORTED: [ErrorCode.DEVICE, 'Device {0} does not support {1}'],
  THRUM_ERR_VALUE_OUT_OF_RANGE: [ErrorCode.DEVICE, '{0} value {1} is outside {2}'],
  THRUM_ERR_DEVICE_IO: [ErrorCode.DEVICE, 'Device {0}: {1}'],
  THRUM_ERR_DEVICE_TIMEOUT: [ErrorCode.DEVICE, 'Device {0} did not answer within {1} ms'],
  THRUM_ERR_NOT_PERMITTED: [ErrorCode.MSG, "This client's role may not {0}"],
  THRUM_ERR_RATE_LIMITED: [
    ErrorCode.MSG,
    'Rate limit: at most {0} device commands per second for this client; command dropped',
  ],
  // Exact wording is part of the operator contract (access.md): clients and scripts match on it.
  THRUM_ERR_EMERGENCY_STOP: [ErrorCode.DEVICE, 'emergency stop engaged'],
  THRUM_ERR_BACKPRESSURE: [ErrorCode.MSG, 'Client is not reading its messages; send buffer limit reached'],
  THRUM_ERR_INTERNAL: [ErrorCode.UNKNOWN, 'Internal error: {0}'],
} as const satisfies Record<string, readonly [ErrorCode, string]>;

export type ReasonCode = keyof typeof REASONS;

/** An expected failure, as a plain value (safe to post across threads). */
export interface Failure {
  readonly reason: ReasonCode;
  readonly code: ErrorCode;
  readonly message: string;
}

export function failure(reason: ReasonCode, ...args: ReadonlyArray<string | number>): Failure {
  const [code, template] = REASONS[reason];
  const message = template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
  return { reason, code, message };
}

export function isFailure(x: unknown): x is Failure {
  return typeof x === 'object' && x !== null && 'reason' in x && 'code' in x && 'message' in x;
}
