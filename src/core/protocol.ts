// The shape of a protocol module and the narrow hardware interface it talks through. A protocol
// never sees a bus library (noble, serialport, a websocket): the simulated bus, the real buses
// and test fakes all implement HardwareOps, so every protocol is testable without hardware.

import type { OutputCommand } from './commands.js';
import type { DeviceConfig, ProtocolDefinition } from './database.js';
import type { FeatureDef, InputType } from './features.js';

/** One write an encoder asks for. Encoders return these as plain data and never do I/O. */
export interface HwWrite {
  readonly endpoint: string;
  readonly data: Uint8Array;
  readonly withResponse: boolean;
}

/** What a protocol may do with a connected device during identification, init and reads. */
export interface HardwareOps {
  readonly name: string;
  readonly address: string;
  /** Endpoint names this device has (tx, rx, command, …). */
  readonly endpoints: ReadonlySet<string>;
  write(endpoint: string, data: Uint8Array, withResponse?: boolean): Promise<void>;
  read(endpoint: string, length: number, timeoutMs?: number): Promise<Uint8Array>;
  subscribe(endpoint: string): Promise<void>;
  unsubscribe(endpoint: string): Promise<void>;
  /**
   * Resolves with the next notification on `endpoint` after this call, or rejects after
   * `timeoutMs`. Used by request/response exchanges (Lovense "DeviceType;", "Battery;").
   */
  nextNotification(endpoint: string, timeoutMs: number): Promise<Uint8Array>;
}

/** The device a protocol drives after identification: its database entry, resolved. */
export interface ResolvedDevice {
  readonly protocol: string;
  /** The identifier that selected the configuration, if the protocol identifies. */
  readonly identifier?: string;
  readonly config: DeviceConfig;
  readonly features: readonly FeatureDef[];
}

/** Manufacturer-specific data of a Bluetooth LE advertisement: the company id and its bytes. */
export interface ManufacturerData {
  readonly company: number;
  readonly data: readonly number[];
}

/**
 * What the peripheral advertised before the connection. A few protocols key on it (upstream hands
 * identifiers the advertisement's specifier): Satisfyer's model number, Fluffer's authentication.
 */
export interface Advertised {
  readonly manufacturerData: readonly ManufacturerData[];
}

/** A reading for a subscribed input, decoded from a notification. */
export interface NotificationReading {
  readonly feature: number;
  readonly type: InputType;
  readonly values: readonly number[];
}

/**
 * Per-device protocol state after initialisation. `encode` receives the outputs that changed in
 * one flush of the coalescer (deduplicated, at most one per feature and output type, in feature
 * order) together with the full table of current values, and returns the writes to make.
 */
export interface ProtocolHandler {
  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[];
  /** Read an input (battery, …). Absent: the protocol has no readable inputs beyond RSSI. */
  readInput?(hw: HardwareOps, feature: number, type: InputType): Promise<readonly number[]>;
  subscribeInput?(hw: HardwareOps, feature: number, type: InputType): Promise<void>;
  unsubscribeInput?(hw: HardwareOps, feature: number, type: InputType): Promise<void>;
  /**
   * Turn a notification into readings for subscribed inputs (one notification may carry several),
   * or [] when it holds none (e.g. the answer to a read, which `nextNotification` already delivered).
   */
  decodeNotification?(endpoint: string, data: Uint8Array): readonly NotificationReading[];
  /** Resend the last writes every `keepaliveMs` while idle (devices that stop on silence). */
  readonly keepaliveMs?: number;
  /**
   * Motion the protocol must spread over time itself (Lovense Solace Pro: a position move with a
   * duration becomes one position write per 100 ms). When present, the worker calls `tick()`
   * every `tickMs` while the device is connected and writes what it returns, after any writes
   * already queued; [] means nothing to do. Both absent for most protocols.
   */
  readonly tickMs?: number;
  tick?(): readonly HwWrite[];
}

/**
 * "This device is really one of `protocol`'s": some families share advertised names and only an
 * identification exchange tells them apart (upstream hands newer Hismith models, by their model
 * number, to hismith-mini). The runtime continues with that protocol's configuration, initialiser
 * and encoders, over the same connection.
 */
export interface Handover {
  readonly protocol: string;
  readonly identifier?: string;
}

/**
 * What a handler may know about the connected device beyond its configuration: what the
 * protocol's own initialiser learned (a session key, which packet generation it speaks), and the
 * hardware's advertised name, address and endpoints. The runtime builds it with handlerContext();
 * tests that build a handler without connecting may leave it out, and a protocol then falls back
 * to what the configuration alone says.
 */
export interface HandlerContext<Learned = unknown> {
  /** What `initialise` resolved with; undefined for protocols without one. */
  readonly learned: Learned | undefined;
  readonly name: string;
  readonly address: string;
  readonly endpoints: ReadonlySet<string>;
}

/** The context for a handler on `hw`, after `initialise` resolved with `learned`. */
export function handlerContext<Learned>(
  hw: HardwareOps,
  learned: Learned | undefined,
): HandlerContext<Learned> {
  return { learned, name: hw.name, address: hw.address, endpoints: hw.endpoints };
}

/**
 * `Learned` is what the module's initialiser finds out for its handler (most modules learn
 * nothing and leave it unknown). Methods, not function properties, so a module that learns a
 * specific type still fits a list of `ProtocolModule`.
 */
export interface ProtocolModule<Learned = unknown> {
  readonly definition: ProtocolDefinition;
  /**
   * Talk to the device to learn which configuration it is (e.g. Lovense's DeviceType exchange).
   * Returns the identifier, or undefined to use the configuration matched by name/defaults, or a
   * Handover when the answer shows the device speaks another protocol of the database.
   * `advertised` is absent only when a test identifies without an advertisement.
   */
  identify?(hw: HardwareOps, advertised?: Advertised): Promise<string | Handover | undefined>;
  /**
   * Handshake writes/reads after identification. Resolves with what the handler needs to know
   * from the exchange (see HandlerContext.learned), or with nothing.
   */
  initialise?(hw: HardwareOps, device: ResolvedDevice, advertised?: Advertised): Promise<Learned>;
  /** The encoder state for one device; `context` is absent only when a test builds it offline. */
  createHandler(device: ResolvedDevice, context?: HandlerContext<Learned>): ProtocolHandler;
}

/** Key of the current-value table: one entry per (feature, output type). */
export function outputKey(feature: number, type: string): string {
  return `${feature}:${type}`;
}
