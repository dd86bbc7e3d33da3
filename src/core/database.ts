// The device database as data: how a protocol family's devices are found on each bus
// (identification facts) and what each device can do. Built-in protocol modules declare these;
// the upstream-format loader (src/config) produces the same shapes from a JSON file.

import type { FeatureDef } from './features.js';

export interface ManufacturerDataFilter {
  readonly company: number;
  /** Leading bytes the advertisement's data must start with; absent = any data. */
  readonly data?: readonly number[];
}

export interface BtleSpecifier {
  /** Advertised names; a trailing `*` is a prefix wildcard ("LVS-*"). */
  readonly names: readonly string[];
  readonly advertisedServices?: readonly string[];
  readonly manufacturerData?: readonly ManufacturerDataFilter[];
  /** GATT service uuid → endpoint name (tx, rx, …) → characteristic uuid. */
  readonly services: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface SerialSpecifier {
  readonly port: string;
  readonly baudRate: number;
  readonly dataBits: number;
  readonly parity: 'N' | 'E' | 'O';
  readonly stopBits: number;
}

export interface WebsocketSpecifier {
  /** Identifier names a websocket device may announce in its handshake. */
  readonly names: readonly string[];
}

/**
 * One way a protocol's devices can be reached. Buses this build does not drive yet (hid, usb,
 * xinput, lovense_connect_service) are kept as opaque data so a config round-trips.
 */
export type CommunicationSpecifier =
  | { readonly btle: BtleSpecifier }
  | { readonly serial: SerialSpecifier }
  | { readonly websocket: WebsocketSpecifier }
  | { readonly other: { readonly bus: string; readonly data: unknown } };

export interface DeviceConfig {
  readonly name: string;
  /** Upstream configuration uuid; user device configs name their base configuration by it (`base_id`). */
  readonly id?: string;
  /**
   * Protocol-specific identifiers that select this configuration after identification (e.g.
   * the Lovense DeviceType letter "Z"). Absent on a protocol's defaults.
   */
  readonly identifiers?: readonly string[];
  /** Absent means: inherit the protocol defaults' features. */
  readonly features?: readonly FeatureDef[];
  /** Milliseconds; absent means the bus default (75 ms for Bluetooth LE). */
  readonly messageGapMs?: number;
  /** Upstream `protocol_variant`: a configuration that needs a differently-behaving encoder. */
  readonly variant?: string;
}

export interface ProtocolDefinition {
  /** Upstream protocol key, e.g. "lovense". */
  readonly id: string;
  readonly communication: readonly CommunicationSpecifier[];
  readonly defaults?: DeviceConfig;
  readonly configurations: readonly DeviceConfig[];
}

/** Bus defaults for DeviceMessageTimingGap when a configuration names none. */
export const DEFAULT_MESSAGE_GAP_MS = {
  btle: 75,
  serial: 0,
  websocket: 0,
  // Upstream gives Lovense Connect, HID and USB hardware no gap of its own either. A Lovense
  // Connect write is an HTTP request; the coalescer chains one toy's writes, so the phone sees
  // one request at a time per toy.
  'lovense-connect': 0,
  hid: 0,
  usb: 0,
} as const;
