// Which characteristic each endpoint name (tx, rx, …) of a protocol is on one connected device:
// the protocol definition's btle `services` (service uuid → endpoint → characteristic uuid)
// looked up in what GATT discovery found. Pure.
//
// As upstream (btleplug_hardware.rs specialize), a protocol lists every service its device
// generations use and a device has only some of them, so services the device lacks are skipped;
// a characteristic missing from a service the device does have is reported (upstream logs it and
// carries on, and so do we: operations on that endpoint then fail naming it). A device with none
// of the protocol's endpoints cannot be driven at all, and connecting fails.

import { normalizeUuid } from '../../config/index.js';
import type { ProtocolDefinition } from '../../core/database.js';
import type { BleCharacteristic, BleService } from './ble-adapter.js';

export interface EndpointMap {
  readonly endpoints: ReadonlyMap<string, BleCharacteristic>;
  /** Endpoints of a service the device has whose characteristic it lacks: "rx (<uuid>)". */
  readonly missing: readonly string[];
}

/** The protocol's btle services, merged over all its btle specifiers, uuids normalised. */
function protocolServices(def: ProtocolDefinition): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const spec of def.communication) {
    if (!('btle' in spec)) continue;
    for (const [service, chars] of Object.entries(spec.btle.services)) {
      const key = normalizeUuid(service);
      let endpoints = out.get(key);
      if (endpoints === undefined) out.set(key, (endpoints = new Map()));
      for (const [endpoint, chr] of Object.entries(chars)) endpoints.set(endpoint, normalizeUuid(chr));
    }
  }
  return out;
}

/** The endpoint map, or a reason the device cannot be driven by this protocol. */
export function mapEndpoints(def: ProtocolDefinition, found: readonly BleService[]): EndpointMap | string {
  const wanted = protocolServices(def);
  if (wanted.size === 0) return `protocol '${def.id}' defines no Bluetooth LE services`;
  const endpoints = new Map<string, BleCharacteristic>();
  const missing: string[] = [];
  for (const service of found) {
    const want = wanted.get(normalizeUuid(service.uuid));
    if (want === undefined) continue;
    const byUuid = new Map(service.characteristics.map((c) => [normalizeUuid(c.uuid), c]));
    for (const [endpoint, uuid] of want) {
      const chr = byUuid.get(uuid);
      if (chr === undefined) missing.push(`${endpoint} (${uuid})`);
      else if (!endpoints.has(endpoint)) endpoints.set(endpoint, chr);
    }
  }
  if (endpoints.size === 0) {
    const has = found.map((s) => normalizeUuid(s.uuid)).join(', ') || 'none';
    return missing.length > 0
      ? `the device lacks every ${def.id} endpoint: ${missing.join(', ')}`
      : `the device has none of the ${def.id} services (it has: ${has})`;
  }
  return { endpoints, missing };
}
