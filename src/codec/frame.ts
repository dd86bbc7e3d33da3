// One whole client frame, bytes to checked requests. The session's inline path and the decode
// pool's workers both call decodeFrame, so the two paths cannot drift apart. Pure: no session
// state, nothing kept from `bytes` (callers pass views of memory that is reused or transferred).

import { decodeHandshake, decodeMessage, parseJsonFrame } from './decode.js';
import { decodeFrameFast } from './fast-decode.js';
import { parseMsgpackFrame } from './msgpack.js';
import { isSpecVersion, type ClientRequest, type DecodeError, type SpecVersion } from './types.js';

/**
 * A decoded frame: one entry per message, in frame order, or one frame-level DecodeError (bad
 * JSON/msgpack, not a non-empty array). Plain data only, so it crosses threads by structured clone.
 */
export type DecodedFrame = ReadonlyArray<ClientRequest | DecodeError> | DecodeError;

/** Spec version before the handshake. */
export const NO_VERSION = -1;

// Non-fatal: a frame with invalid UTF-8 still gets a JSON error (with the replacement character)
// rather than a thrown TypeError. One decoder per thread.
const textDecoder = new TextDecoder('utf-8', { fatal: false });

/**
 * The spec version a handshake request fixes for the connection, or undefined when the session
 * refuses it (client newer than us). The session's handshake and decodeFrame both ask this, so a
 * frame that carries the handshake and more messages decodes the rest as the session will run.
 */
export function handshakeVersion(
  req: Extract<ClientRequest, { kind: 'RequestServerInfo' }>,
): SpecVersion | undefined {
  // The check lets only a u32 through, so this is the old `version <= MAX_SPEC_VERSION` test.
  return isSpecVersion(req.version) ? req.version : undefined;
}

/**
 * Decode one frame for a session at `version` (NO_VERSION before the handshake: messages are
 * decoded as handshakes until one would be accepted, and the rest at the version it fixes).
 */
export function decodeFrame(
  bytes: Uint8Array,
  binary: boolean,
  version: SpecVersion | typeof NO_VERSION,
): DecodedFrame {
  if (version !== NO_VERSION) {
    // The commands clients stream, read straight from the bytes (fast-decode.ts); anything else
    // (null) takes the general path below, which answers every frame.
    const fast = decodeFrameFast(bytes, binary, version);
    if (fast !== null) return fast;
  }
  const parsed = binary ? parseMsgpackFrame(bytes) : parseJsonFrame(textDecoder.decode(bytes));
  if (!Array.isArray(parsed)) return parsed;
  const out = new Array<ClientRequest | DecodeError>(parsed.length);
  let v = version;
  for (let i = 0; i < parsed.length; i++) {
    if (v !== NO_VERSION) {
      out[i] = decodeMessage(parsed[i], v);
      continue;
    }
    const req = decodeHandshake(parsed[i]);
    out[i] = req;
    if (req.kind === 'RequestServerInfo') v = handshakeVersion(req) ?? NO_VERSION;
  }
  return out;
}

// Bytes a JSON frame needs per message at the least (`1,`): frames shorter than this many bytes
// per allowed message cannot be over the limit, and are not scanned.
const MIN_JSON_MESSAGE_BYTES = 2;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * How many messages a frame holds when that is more than `max`, else −1, without parsing it: a
 * frame of a million tiny messages would otherwise cost its whole parse (and the memory of a
 * million objects) before anything could refuse it. msgpack states the count in the array header;
 * JSON is scanned for top-level commas (strings skipped), stopping as soon as the count passes
 * `max`, and only when the frame is long enough to hold that many. A frame that is not an array
 * (or not valid at all) answers −1 here and is refused by the decoder as usual.
 */
export function messagesOverLimit(bytes: Uint8Array, binary: boolean, max: number): number {
  if (binary) {
    const n = msgpackArrayLength(bytes);
    return n > max ? n : -1;
  }
  if (bytes.length < max * MIN_JSON_MESSAGE_BYTES) return -1;
  let depth = 0;
  let inString = false;
  let count = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACKET || b === OPEN_BRACE) {
      depth++;
    } else if (b === CLOSE_BRACKET || b === CLOSE_BRACE) {
      depth--;
      if (depth <= 0) break;
    } else if (b === COMMA && depth === 1 && ++count >= max) {
      // `count` commas separate count + 1 messages.
      return count + 1;
    }
  }
  return -1;
}

/** The element count of a msgpack array header at the start of `bytes`, else −1. */
function msgpackArrayLength(bytes: Uint8Array): number {
  const first = bytes[0];
  if (first === undefined) return -1;
  if (first >= 0x90 && first <= 0x9f) return first & 0x0f;
  if (first === 0xdc && bytes.length >= 3) return (bytes[1]! << 8) | bytes[2]!;
  if (first === 0xdd && bytes.length >= 5)
    return ((bytes[1]! << 24) | (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]!) >>> 0;
  return -1;
}
