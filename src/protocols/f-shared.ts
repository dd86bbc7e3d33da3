// Shared pieces of batch F's protocol modules: a byte write, the handler shape most of them use
// (each changed output encoded on its own, in the coalescer's order, by an encoder that may keep
// per-device state such as a packet counter or the last speed of each motor), the standard
// Bluetooth battery read, and a minimal protocol-buffers writer for The Handy's two protocols.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { InputType, OutputType } from '../core/features.js';
import type { HardwareOps, HwWrite, ProtocolHandler, ProtocolModule, ResolvedDevice } from '../core/protocol.js';

export const TX = 'tx';
export const RX = 'rx';
/** The standard Bluetooth battery level characteristic (upstream endpoint RxBLEBattery). */
export const BLE_BATTERY = 'rxblebattery';

/** One write of `bytes` (each taken as upstream's `as u8`: the low 8 bits) to `endpoint`. */
export function bytesWrite(bytes: readonly number[] | Uint8Array, withResponse: boolean, endpoint = TX): HwWrite {
  const data = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) data[i] = (bytes[i] as number) & 0xff;
  return { endpoint, data, withResponse };
}

const ascii = new TextEncoder();

/** One write of `text` (ASCII) to `endpoint`. */
export function textWrite(text: string, withResponse: boolean, endpoint = TX): HwWrite {
  return { endpoint, data: ascii.encode(text), withResponse };
}

/** Encodes one command into its writes; may update the device's state (counters, motor speeds). */
export type CommandEncoder = (command: OutputCommand) => readonly HwWrite[];

export type InputReader = NonNullable<ProtocolHandler['readInput']>;

/** Identification, initialisation and input reads of a per-command module, all optional. */
export interface ModuleExtras extends Pick<ProtocolModule, 'identify' | 'initialise'> {
  readonly readInput?: InputReader;
}

/** Output type → encoder. A missing type is unsupported (refused when the handler is created). */
export type CommandEncoders = Readonly<Partial<Record<OutputType, CommandEncoder>>>;

/**
 * Refuse, at configuration time, a device whose features need an output type the protocol cannot
 * encode, so a command never meets a missing encoder.
 */
export function requireOutputs(device: ResolvedDevice, supported: readonly OutputType[], family: string): void {
  for (const f of device.features) {
    for (const type of Object.keys(f.output ?? {}) as OutputType[]) {
      if (!supported.includes(type)) throw new Error(`${family} has no ${type} encoder (feature ${f.index} of ${device.config.name})`);
    }
  }
}

/**
 * Upstream hands each output command to the protocol on its own and sends every write it returns,
 * so a flush carrying two changed motors makes two writes, the first built before the second motor
 * changed. Encoding the changed commands one by one, in order, keeps those bytes.
 */
export class PerCommandHandler implements ProtocolHandler {
  readonly readInput?: InputReader;

  constructor(
    private readonly encoders: CommandEncoders,
    readInput?: InputReader,
  ) {
    if (readInput !== undefined) this.readInput = readInput;
  }

  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    const writes: HwWrite[] = [];
    for (const c of changed) {
      const encode = this.encoders[c.type];
      if (encode !== undefined) writes.push(...encode(c));
    }
    return writes;
  }
}

/**
 * A module whose handler is a per-command encoder table. `encoders` is called once per device, so
 * state it closes over (a packet counter, remembered speeds) belongs to that device alone.
 */
export function perCommandModule(
  definition: ProtocolDefinition,
  supported: readonly OutputType[],
  encoders: (device: ResolvedDevice) => CommandEncoders,
  extra: ModuleExtras = {},
): ProtocolModule {
  const { readInput, ...steps } = extra;
  return {
    definition,
    ...steps,
    createHandler(device) {
      requireOutputs(device, supported, definition.id);
      return new PerCommandHandler(encoders(device), readInput);
    },
  };
}

/** A one-byte wrapping counter (upstream `AtomicU8::fetch_add`): returns the value, then counts on. */
export class PacketCounter {
  #next: number;
  constructor(start = 0) {
    this.#next = start & 0xff;
  }
  take(): number {
    const id = this.#next;
    this.#next = (id + 1) & 0xff;
    return id;
  }
}

/** Upstream's generic battery read: one byte from the standard battery characteristic. */
export async function readBleBattery(hw: HardwareOps, _feature: number, type: InputType): Promise<readonly number[]> {
  if (type !== 'Battery') throw new Error(`no readable ${type} input`);
  const data = await hw.read(BLE_BATTERY, 1);
  if (data.length < 1) throw new Error('empty battery reading');
  return [data[0] as number];
}

/**
 * A database entry upstream keeps without a protocol implementation (its protocol map has no
 * handler for it): listed so configs round-trip and devices are named, never driven. Creating a
 * handler fails, so a matching device is turned away with this reason.
 */
export function undrivenModule(definition: ProtocolDefinition, reason: string): ProtocolModule {
  return {
    definition,
    createHandler() {
      throw new Error(`${definition.id} is not driven: ${reason}`);
    },
  };
}

/**
 * Start waiting for the next notification on `endpoint` now (before the write that provokes it,
 * so a fast answer is not missed); resolves with the data, or undefined when none came in time.
 */
export function listenOnce(hw: HardwareOps, endpoint: string, timeoutMs: number): Promise<Uint8Array | undefined> {
  return hw.nextNotification(endpoint, timeoutMs).then(
    (data) => data,
    () => undefined,
  );
}

// ------------------------------------------------------------------ protocol buffers (proto3)

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
