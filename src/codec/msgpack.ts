// msgpack framing: a binary WebSocket frame carries the same array of messages as a JSON text
// frame, encoded with msgpack. Packer and unpacker are built once per thread (style.md §6).

import { Packr, Unpackr } from 'msgpackr';
import { failure } from '../core/index.js';
import type { DecodeError, ServerMessage } from './types.js';

// Plain maps and arrays only: no msgpackr records or extension types, so any msgpack library on
// the client side can read what we send and send what we read.
const packr = new Packr({ useRecords: false, moreTypes: false });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });

const BAD_FRAME: DecodeError = { kind: 'Error', id: 0, failure: failure('THRUM_ERR_BAD_FRAME') };

/** One binary frame: the array of messages, or an Error with Id 0. */
export function parseMsgpackFrame(bytes: Uint8Array): unknown[] | DecodeError {
  let parsed: unknown;
  try {
    parsed = unpackr.unpack(bytes);
  } catch (err) {
    return { kind: 'Error', id: 0, failure: failure('THRUM_ERR_BAD_MSGPACK', (err as Error).message) };
  }
  return Array.isArray(parsed) && parsed.length > 0 ? parsed : BAD_FRAME;
}

/**
 * One binary frame. The returned bytes may share the packer's buffer: send them before the next
 * call (uWS copies on send).
 */
export function serializeMsgpack(messages: readonly ServerMessage[]): Uint8Array {
  return packr.pack(messages);
}
