// Which protocols a found peripheral may speak, from what it advertises (upstream specifier.rs,
// BluetoothLESpecifier equality): any one of an advertised name (exact, or a trailing-`*` prefix
// wildcard such as "LVS-*"), manufacturer data, or an advertised service is enough.
//
// Manufacturer data: the company must be equal and, when the database gives data bytes, the
// advertised data must start with them (database.ts ManufacturerDataFilter). Upstream looks for
// the shorter of the two anywhere inside the longer, which it notes can match wrongly; a prefix
// covers every filter in its database.

import type {
  BtleSpecifier,
  CommunicationSpecifier,
  SerialSpecifier,
  WebsocketSpecifier,
} from '../core/database.js';
import type { ManufacturerData } from '../core/protocol.js';
import type { DeviceDatabase } from './database.js';

export interface BtleAdvert {
  readonly name: string;
  /** Advertised service uuids, any common form (dashed, bare hex, 16-bit short). */
  readonly services?: readonly string[];
  readonly manufacturerData?: readonly ManufacturerData[];
}

export interface Candidate<S> {
  readonly protocol: string;
  /** The specifier that matched: its services say which endpoints to look for. */
  readonly specifier: S;
  /** False when the protocol has no built-in encoder (listed in db.noEncoder). */
  readonly drivable: boolean;
}

const BT_BASE = '-0000-1000-8000-00805f9b34fb';

/** "FFF0", "0000fff0", "0000fff000001000800000805f9b34fb" → "0000fff0-0000-1000-8000-00805f9b34fb". */
export function normalizeUuid(uuid: string): string {
  const hex = uuid.toLowerCase().replace(/-/g, '');
  if (hex.length === 4) return `0000${hex}${BT_BASE}`;
  if (hex.length === 8) return `${hex}${BT_BASE}`;
  if (hex.length === 32)
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return uuid.toLowerCase();
}

export function nameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

function startsWith(data: readonly number[], prefix: readonly number[]): boolean {
  return prefix.length <= data.length && prefix.every((b, i) => data[i] === b);
}

export function btleMatches(spec: BtleSpecifier, advert: BtleAdvert): boolean {
  if (spec.names.some((n) => nameMatches(n, advert.name))) return true;
  const md = advert.manufacturerData ?? [];
  if (
    spec.manufacturerData?.some((f) =>
      md.some((d) => d.company === f.company && (f.data === undefined || startsWith(d.data, f.data))),
    )
  ) {
    return true;
  }
  if (spec.advertisedServices && advert.services && advert.services.length > 0) {
    const wanted = new Set(spec.advertisedServices.map(normalizeUuid));
    if (advert.services.some((s) => wanted.has(normalizeUuid(s)))) return true;
  }
  return false;
}

/** Drivable protocols first, otherwise in database order (user-added specifiers before built-in). */
function ordered<S>(list: Candidate<S>[]): Candidate<S>[] {
  return [...list.filter((c) => c.drivable), ...list.filter((c) => !c.drivable)];
}

/** Every protocol whose Bluetooth LE facts match the advertisement; empty when none. */
export function matchBtle(db: DeviceDatabase, advert: BtleAdvert): Candidate<BtleSpecifier>[] {
  const out: Candidate<BtleSpecifier>[] = [];
  for (const [protocol, p] of db.protocols) {
    for (const spec of p.definition.communication) {
      if ('btle' in spec && btleMatches(spec.btle, advert)) {
        out.push({ protocol, specifier: spec.btle, drivable: p.module !== undefined });
        break;
      }
    }
  }
  return ordered(out);
}

/** Protocols a websocket device may be, by the identifier it sends in its handshake. */
export function matchWebsocket(db: DeviceDatabase, identifier: string): Candidate<WebsocketSpecifier>[] {
  const out: Candidate<WebsocketSpecifier>[] = [];
  for (const [protocol, p] of db.protocols) {
    for (const spec of p.definition.communication) {
      if ('websocket' in spec && spec.websocket.names.includes(identifier)) {
        out.push({ protocol, specifier: spec.websocket, drivable: p.module !== undefined });
        break;
      }
    }
  }
  return ordered(out);
}

/**
 * The port the upstream database writes in every serial specifier. It stands for "the user names
 * the port" and never names a real one, so it neither matches nor is ever opened.
 */
export const SERIAL_PORT_PLACEHOLDER = 'default';

/**
 * Protocols whose serial specifier names exactly this port path. Ports are not self-describing,
 * so a port is only opened for a protocol the configuration ties to it: the built-in definitions
 * name the placeholder port "default", which matches nothing, and users name their real port in
 * the user device config (upstream SerialSpecifier equality compares the port name alone).
 */
export function matchSerial(db: DeviceDatabase, portPath: string): Candidate<SerialSpecifier>[] {
  const out: Candidate<SerialSpecifier>[] = [];
  if (portPath === SERIAL_PORT_PLACEHOLDER) return out;
  for (const [protocol, p] of db.protocols) {
    for (const spec of p.definition.communication) {
      if ('serial' in spec && spec.serial.port === portPath) {
        out.push({ protocol, specifier: spec.serial, drivable: p.module !== undefined });
        break;
      }
    }
  }
  return ordered(out);
}

/** Every real port path a serial specifier names, in database order: the only ports worth opening. */
export function configuredSerialPorts(db: DeviceDatabase): string[] {
  const ports = new Set<string>();
  for (const p of db.protocols.values()) {
    for (const spec of p.definition.communication) {
      if ('serial' in spec && spec.serial.port !== SERIAL_PORT_PLACEHOLDER) ports.add(spec.serial.port);
    }
  }
  return [...ports];
}

/** A USB vendor and product id pair, as HID and USB specifiers name devices. */
export interface VidPid {
  readonly vendorId: number;
  readonly productId: number;
}

/** The buses whose specifiers name devices by vendor/product id pairs (upstream VIDPIDSpecifier). */
export type VidPidBus = 'hid' | 'usb';

/**
 * The id pairs of one `other` specifier of `bus`. The database keeps these specifiers opaque
 * (upstream-loader.ts OPAQUE_BUSES), so the shape is read here: `{ pairs: [{ vendor_id,
 * product_id }] }`; malformed entries are skipped rather than matched.
 */
function vidPidPairs(spec: CommunicationSpecifier, bus: VidPidBus): VidPid[] {
  if (!('other' in spec) || spec.other.bus !== bus) return [];
  const data = spec.other.data as { pairs?: unknown } | null;
  if (data === null || typeof data !== 'object' || !Array.isArray(data.pairs)) return [];
  const out: VidPid[] = [];
  for (const p of data.pairs as unknown[]) {
    const pair = p as { vendor_id?: unknown; product_id?: unknown } | null;
    if (pair === null || typeof pair !== 'object') continue;
    if (Number.isInteger(pair.vendor_id) && Number.isInteger(pair.product_id))
      out.push({ vendorId: pair.vendor_id as number, productId: pair.product_id as number });
  }
  return out;
}

/** Protocols whose `bus` specifier names this vendor/product id pair. */
export function matchVidPid(db: DeviceDatabase, bus: VidPidBus, ids: VidPid): Candidate<VidPid>[] {
  const out: Candidate<VidPid>[] = [];
  for (const [protocol, p] of db.protocols) {
    const hit = p.definition.communication
      .flatMap((spec) => vidPidPairs(spec, bus))
      .find((x) => x.vendorId === ids.vendorId && x.productId === ids.productId);
    if (hit !== undefined) out.push({ protocol, specifier: hit, drivable: p.module !== undefined });
  }
  return ordered(out);
}

/**
 * Every vendor/product id pair some protocol names for `bus`: a HID or USB bus opens only these
 * devices (a keyboard or a disk is never touched), as the serial bus opens only configured ports.
 */
export function configuredVidPids(db: DeviceDatabase, bus: VidPidBus): VidPid[] {
  const seen = new Map<string, VidPid>();
  for (const p of db.protocols.values()) {
    for (const spec of p.definition.communication)
      for (const ids of vidPidPairs(spec, bus)) seen.set(`${ids.vendorId}:${ids.productId}`, ids);
  }
  return [...seen.values()];
}

/** The bus name Lovense Connect specifiers carry (upstream "lovense_connect_service"). */
export const LOVENSE_CONNECT_BUS = 'lovense_connect_service';

/**
 * Protocols that take toys found through the Lovense Connect app. The app reports no facts a
 * specifier could compare (upstream's specifier is a bare marker), so every such protocol is a
 * candidate and identification happens by the toy's reported type.
 */
export function matchLovenseConnect(db: DeviceDatabase): Candidate<null>[] {
  const out: Candidate<null>[] = [];
  for (const [protocol, p] of db.protocols) {
    if (
      p.definition.communication.some((spec) => 'other' in spec && spec.other.bus === LOVENSE_CONNECT_BUS)
    ) {
      out.push({ protocol, specifier: null, drivable: p.module !== undefined });
    }
  }
  return ordered(out);
}
