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

/** Bytes after the type byte of the msgpack formats of a fixed size, else -1. */
const FIXED_SIZE = new Int8Array(256).fill(-1);
for (const [type, size] of [
  [0xc0, 0],
  [0xc2, 0],
  [0xc3, 0], // nil, false, true
  [0xca, 4],
  [0xcb, 8], // float 32/64
  [0xcc, 1],
  [0xcd, 2],
  [0xce, 4],
  [0xcf, 8], // uint 8–64
  [0xd0, 1],
  [0xd1, 2],
  [0xd2, 4],
  [0xd3, 8], // int 8–64
  [0xd4, 2],
  [0xd5, 3],
  [0xd6, 5],
  [0xd7, 9],
  [0xd8, 17], // fixext 1–16: type byte + data
] as const)
  FIXED_SIZE[type] = size;

/** Width of the length field of the formats that carry one, else 0 (0xc1 is never used). */
const LENGTH_WIDTH = new Uint8Array(256);
for (const [type, width] of [
  [0xc4, 1],
  [0xc5, 2],
  [0xc6, 4], // bin 8–32
  [0xc7, 1],
  [0xc8, 2],
  [0xc9, 4], // ext 8–32
  [0xd9, 1],
  [0xda, 2],
  [0xdb, 4], // str 8–32
  [0xdc, 2],
  [0xdd, 4], // array 16/32
  [0xde, 2],
  [0xdf, 4], // map 16/32
] as const)
  LENGTH_WIDTH[type] = width;

function readLength(b: Uint8Array, at: number, width: number): number {
  if (width === 1) return b[at]!;
  if (width === 2) return (b[at]! << 8) | b[at + 1]!;
  return b[at]! * 0x1000000 + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
}

/**
 * The item count of the first array or map header that claims more items than there are bytes
 * after it (every item takes at least one), or -1 when every header fits. msgpackr allocates an
 * array of the claimed length before reading a single item, so a 5-byte frame claiming 30 million
 * items cost about 250 MB and 200 ms of the main thread before it failed (found by test/fuzz).
 * One pass over the headers without allocation; any other damage is left to msgpackr to report.
 */
export function overclaimedItems(b: Uint8Array): number {
  const end = b.length;
  let pos = 0;
  // Items still to read: the frame's own value, plus what each container header adds.
  let pending = 1;
  while (pending > 0 && pos < end) {
    const type = b[pos++]!;
    pending--;
    let items: number;
    if (type <= 0x7f || type >= 0xe0) continue; // fixint
    if (type <= 0x8f)
      items = 2 * (type & 0x0f); // fixmap
    else if (type <= 0x9f)
      items = type & 0x0f; // fixarray
    else if (type <= 0xbf) {
      pos += type & 0x1f; // fixstr
      continue;
    } else if (FIXED_SIZE[type]! >= 0) {
      pos += FIXED_SIZE[type]!;
      continue;
    } else {
      const width = LENGTH_WIDTH[type]!;
      if (width === 0 || pos + width > end) return -1;
      const n = readLength(b, pos, width);
      pos += width;
      if (type === 0xdc || type === 0xdd) items = n;
      else if (type === 0xde || type === 0xdf) items = 2 * n;
      else {
        pos += type >= 0xc7 && type <= 0xc9 ? n + 1 : n; // ext: type byte + data; bin, str: data
        continue;
      }
    }
    pending += items;
    if (pending > end - pos) return items;
  }
  return -1;
}

/** One binary frame: the array of messages, or an Error with Id 0. */
export function parseMsgpackFrame(bytes: Uint8Array): unknown[] | DecodeError {
  const overclaimed = overclaimedItems(bytes);
  if (overclaimed >= 0) {
    return {
      kind: 'Error',
      id: 0,
      failure: failure(
        'THRUM_ERR_BAD_MSGPACK',
        `an array or map header claims ${overclaimed} items, more than the frame's remaining bytes`,
      ),
    };
  }
  let parsed: unknown;
  try {
    parsed = unpackr.unpack(bytes);
  } catch (err) {
    return {
      kind: 'Error',
      id: 0,
      failure: failure('THRUM_ERR_BAD_MSGPACK', err instanceof Error ? err.message : String(err)),
    };
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
