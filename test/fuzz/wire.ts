// Client frames as the fuzzer builds them: plain JSON-like values plus two things JSON.stringify
// and msgpackr cannot write on their own: an object whose keys repeat (DupObject) and a number
// written exactly as given (RawNumber: `1e400`, `-0`, 2^64 as a bigint, NaN in msgpack). Both
// encoders write the same value model, so one generated message can be sent as text and as msgpack.

import fc from 'fast-check';
import { pack } from 'msgpackr';

/** An object written key by key in this order, repeats included (the last one wins on parse). */
export class DupObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, unknown]>) {}
}

/** A number written verbatim in JSON and as `msgpack` in msgpack. */
export class RawNumber {
  constructor(
    readonly json: string,
    readonly msgpack: number | bigint,
  ) {}
}

// ------------------------------------------------------------------ JSON text

/** JSON text of `value`; DupObject keeps its repeated keys, RawNumber its literal. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawNumber) return value.json;
  if (value instanceof DupObject) {
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
  }
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : toJsonText(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value))
      if (v !== undefined) parts.push(`${JSON.stringify(k)}:${toJsonText(v)}`);
    return `{${parts.join(',')}}`;
  }
  if (typeof value === 'bigint') return value.toString();
  // JSON.stringify writes NaN and ±Infinity as null, as a client's JSON library would.
  return JSON.stringify(value) ?? 'null';
}

// ------------------------------------------------------------------ msgpack

function header(small: number, smallMax: number, tag16: number, tag32: number, n: number): Buffer {
  if (n <= smallMax) return Buffer.from([small | n]);
  if (n <= 0xffff) return Buffer.from([tag16, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = tag32;
  b.writeUInt32BE(n, 1);
  return b;
}

function encodeInto(value: unknown, out: Buffer[]): void {
  if (value instanceof RawNumber) {
    out.push(Buffer.from(pack(value.msgpack)));
    return;
  }
  if (value instanceof DupObject) {
    out.push(header(0x80, 15, 0xde, 0xdf, value.entries.length));
    for (const [k, v] of value.entries) {
      out.push(Buffer.from(pack(k)));
      encodeInto(v, out);
    }
    return;
  }
  if (Array.isArray(value)) {
    out.push(header(0x90, 15, 0xdc, 0xdd, value.length));
    for (const v of value) encodeInto(v, out);
    return;
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    const entries = Object.entries(value);
    out.push(header(0x80, 15, 0xde, 0xdf, entries.length));
    for (const [k, v] of entries) {
      out.push(Buffer.from(pack(k)));
      encodeInto(v, out);
    }
    return;
  }
  // Leaves through msgpackr (its output buffer is reused, so copy).
  out.push(Buffer.from(pack(value)));
}

/** msgpack bytes of `value`: plain maps and arrays, as thrum's clients send. */
export function toMsgpack(value: unknown): Buffer {
  const out: Buffer[] = [];
  encodeInto(value, out);
  return Buffer.concat(out);
}

// ------------------------------------------------------------------ frames

/** One WebSocket frame a fuzzed client sends. */
export interface ClientFrame {
  /** Text or binary opcode. */
  readonly binary: boolean;
  readonly bytes: Buffer;
  /** What the generator meant to send (for failure reports). */
  readonly label: string;
}

function preview(bytes: Buffer, binary: boolean): string {
  const shown = binary
    ? bytes.subarray(0, 48).toString('hex')
    : JSON.stringify(bytes.subarray(0, 160).toString('utf8'));
  return `${shown}${bytes.length > (binary ? 48 : 160) ? '…' : ''}`;
}

/** `o`, printed by fast-check as `text()` (a failing run's report stays short and readable). */
export function described<T extends object>(o: T, text: () => string): T {
  Object.defineProperty(o, fc.toStringMethod, { value: text, enumerable: false });
  return o;
}

/** A frame with a short printable form. */
export function frame(binary: boolean, bytes: Buffer, label: string): ClientFrame {
  return described(
    { binary, bytes, label },
    () => `${label} ${binary ? 'binary' : 'text'} ${bytes.length} B ${preview(bytes, binary)}`,
  );
}

/** `value` as a frame in the connection's encoding. */
export function encodeFrame(value: unknown, binary: boolean, label: string): ClientFrame {
  return frame(binary, binary ? toMsgpack(value) : Buffer.from(toJsonText(value), 'utf8'), label);
}
