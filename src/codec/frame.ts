// One whole client frame, bytes to checked requests. The session's inline path and the decode
// pool's workers both call decodeFrame, so the two paths cannot drift apart. Pure: no session
// state, nothing kept from `bytes` (callers pass views of memory that is reused or transferred).

import { decodeHandshake, decodeMessage, parseJsonFrame } from './decode.js';
import { parseMsgpackFrame } from './msgpack.js';
import { MAX_SPEC_VERSION, type ClientRequest, type DecodeError, type SpecVersion } from './types.js';

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
export function handshakeVersion(req: Extract<ClientRequest, { kind: 'RequestServerInfo' }>): SpecVersion | undefined {
  return req.version <= MAX_SPEC_VERSION ? (req.version as SpecVersion) : undefined;
}

/**
 * Decode one frame for a session at `version` (NO_VERSION before the handshake: messages are
 * decoded as handshakes until one would be accepted, and the rest at the version it fixes).
 */
export function decodeFrame(bytes: Uint8Array, binary: boolean, version: SpecVersion | typeof NO_VERSION): DecodedFrame {
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
