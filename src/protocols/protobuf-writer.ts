// A minimal protocol-buffers (proto3) writer, for The Handy's two protocols: hand-written because
// they need four field kinds and a dependency would be larger than this file.

/**
 * Just enough of the protocol-buffers wire format for The Handy's requests, encoded as prost
 * does: proto3 scalars equal to their default (0, 0.0, false) are left out, message fields (and
 * oneof members, even empty ones) are always written. https://protobuf.dev/programming-guides/encoding/
 */
export class ProtoWriter {
  readonly #bytes: number[] = [];

  #varint(value: number): void {
    let v = value;
    while (v > 0x7f) {
      this.#bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.#bytes.push(v);
  }

  #tag(field: number, wireType: number): void {
    this.#varint(field * 8 + wireType);
  }

  /** uint32 / enum / bool field (wire type 0); skipped when 0. */
  uint(field: number, value: number | boolean): this {
    const v = typeof value === 'boolean' ? Number(value) : value;
    if (v !== 0) {
      this.#tag(field, 0);
      this.#varint(v);
    }
    return this;
  }

  /** double field (wire type 1, little-endian); skipped when 0. */
  double(field: number, value: number): this {
    if (value !== 0) {
      this.#tag(field, 1);
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, value, true);
      this.#bytes.push(...b);
    }
    return this;
  }

  /** float field (wire type 5, little-endian single precision); skipped when 0. */
  float(field: number, value: number): this {
    if (value !== 0) {
      this.#tag(field, 5);
      const b = new Uint8Array(4);
      new DataView(b.buffer).setFloat32(0, value, true);
      this.#bytes.push(...b);
    }
    return this;
  }

  /** Embedded message field (wire type 2), written even when empty. */
  message(field: number, body: ProtoWriter): this {
    const inner = body.bytes();
    this.#tag(field, 2);
    this.#varint(inner.length);
    this.#bytes.push(...inner);
    return this;
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }
}

export function proto(): ProtoWriter {
  return new ProtoWriter();
}
