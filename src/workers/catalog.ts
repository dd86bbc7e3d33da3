// The device database as the worker runtime needs it: a narrow port, so the runtime is testable
// with a fake and independent of how src/config assembles the database. catalog-config.ts wires
// the real src/config + src/protocols behind it.

import type { ProtocolDefinition } from '../core/database.js';
import type { ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import type { Advertisement } from './bus.js';

/** What the user device config says about one device once it is identified. */
export interface UserSettings {
  readonly displayName?: string;
  readonly reservedIndex?: number;
}

export interface DeviceCatalog {
  /** Ids of the protocols whose identification facts match, best first; empty when none. */
  match(advert: Advertisement): readonly string[];
  /** The effective definition (built-in, or the --device-config-file replacement). */
  definition(protocolId: string): ProtocolDefinition | undefined;
  /** The protocol module (identify / initialise / encoders) for a protocol id. */
  module(protocolId: string): ProtocolModule | undefined;
  /** The configuration for an identified device; undefined when the database has none. */
  resolve(protocolId: string, identifier: string | undefined, name: string): ResolvedDevice | undefined;
  /** Why the user config refuses this address (deny list, or not on a non-empty allow list); null = allowed. */
  refusal(address: string): string | null;
  userSettings(address: string, protocolId: string, identifier: string | undefined): UserSettings;
}
