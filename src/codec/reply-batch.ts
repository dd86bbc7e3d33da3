// The replies to one client frame, gathered in the connection's encoding as they are produced and
// sent as one frame. JSON replies are appended as text, so an Ok (the answer to almost every
// command) is one short string, not two objects stringified later (measured: JSON.stringify per
// Ok was the largest JavaScript item of a command's reply); msgpack replies stay messages until
// the frame is packed. One batch per connection, reused frame after frame.

import { serializeMsgpack } from './msgpack.js';
import { messageJson, ok, okJson } from './server-messages.js';
import type { ServerMessage } from './types.js';

export class ReplyBatch {
  /** JSON: the messages so far, comma-separated, without the brackets. */
  #json = '';
  /** msgpack: the messages so far, an Ok as its Id. */
  readonly #messages: Array<ServerMessage | number> = [];
  /** msgpack: how many of #messages are not Oks. */
  #others = 0;
  #size = 0;

  /** Binary (msgpack) frames instead of JSON text; fixed by the connection's first frame. */
  binary = false;

  /** Messages waiting. */
  get size(): number {
    return this.#size;
  }

  add(message: ServerMessage): void {
    this.#size++;
    if (this.binary) {
      this.#messages.push(message);
      this.#others++;
    } else this.#json = this.#size === 1 ? messageJson(message) : `${this.#json},${messageJson(message)}`;
  }

  /** The same as add(ok(id)). */
  addOk(id: number): void {
    this.#size++;
    if (this.binary) this.#messages.push(id);
    else this.#json = this.#size === 1 ? okJson(id) : `${this.#json},${okJson(id)}`;
  }

  /** The frame holding every message added since the last take, and an empty batch. */
  take(): string | Uint8Array {
    this.#size = 0;
    if (this.binary) {
      const messages = this.#messages;
      let frame: Uint8Array;
      if (this.#others === 0) frame = packOks(messages as number[]);
      else {
        for (let i = 0; i < messages.length; i++) {
          const m = messages[i]!;
          if (typeof m === 'number') messages[i] = ok(m);
        }
        frame = serializeMsgpack(messages as ServerMessage[]);
      }
      messages.length = 0;
      this.#others = 0;
      return frame;
    }
    const frame = `[${this.#json}]`;
    this.#json = '';
    return frame;
  }

  /** Forget what was added (the connection closed). */
  clear(): void {
    this.#size = 0;
    this.#json = '';
    this.#messages.length = 0;
    this.#others = 0;
  }
}

// `{"Ok":{"Id":` in msgpack: a one-entry map, the string "Ok", a one-entry map, the string "Id".
const OK_PREFIX = [0x81, 0xa2, 0x4f, 0x6b, 0x81, 0xa2, 0x49, 0x64];
/** The longest Ok: its prefix and a uint32 (a marker byte and four bytes). */
const OK_MAX_BYTES = OK_PREFIX.length + 5;
let scratch = new Uint8Array(1024);

/**
 * `[{"Ok":{"Id":id}}, …]` in msgpack, with the smallest header and integer form for each. The bytes share a scratch buffer: send them before the next call (uWS copies on send).
 */
function packOks(ids: readonly number[]): Uint8Array {
  const worst = 5 + ids.length * OK_MAX_BYTES;
  if (worst > scratch.length) scratch = new Uint8Array(worst * 2);
  const out = scratch;
  let at = 0;
  const n = ids.length;
  if (n < 16) out[at++] = 0x90 | n;
  else if (n < 0x10000) {
    out[at++] = 0xdc;
    out[at++] = n >>> 8;
    out[at++] = n & 0xff;
  } else {
    out[at++] = 0xdd;
    out[at++] = n >>> 24;
    out[at++] = (n >>> 16) & 0xff;
    out[at++] = (n >>> 8) & 0xff;
    out[at++] = n & 0xff;
  }
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < OK_PREFIX.length; k++) out[at++] = OK_PREFIX[k]!;
    // Client Ids are u32 (decode checks them); 0 (events) never gets an Ok.
    const id = ids[i]!;
    if (id < 0x80) out[at++] = id;
    else if (id < 0x100) {
      out[at++] = 0xcc;
      out[at++] = id;
    } else if (id < 0x10000) {
      out[at++] = 0xcd;
      out[at++] = id >>> 8;
      out[at++] = id & 0xff;
    } else {
      out[at++] = 0xce;
      out[at++] = id >>> 24;
      out[at++] = (id >>> 16) & 0xff;
      out[at++] = (id >>> 8) & 0xff;
      out[at++] = id & 0xff;
    }
  }
  return out.subarray(0, at);
}
