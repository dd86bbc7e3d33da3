// The device database as the worker runtime needs it: a narrow port, so the runtime is testable
// with a fake and independent of how src/config assembles the database. catalog-config.ts wires
// the real src/config + src/protocols behind it.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { FeatureDef } from '../core/features.js';
import type { ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import type { Advertisement } from './bus.js';

/** What the user device config says about one identified device. */
export interface UserSettings {
  readonly displayName?: string;
  /** The index the hub should give the device if it is free. */
  readonly reservedIndex?: number;
  /** Replaces the configuration's DeviceMessageTimingGap. */
  readonly messageGapMs?: number;
  /** The features as clients see them, when the user narrowed, reversed or hid outputs. */
  readonly features?: readonly FeatureDef[];
  /** Client step → device step, applied before coalescing; absent when nothing is mapped. */
  readonly toDevice?: (command: OutputCommand) => OutputCommand;
}

export interface DeviceCatalog {
  /** Ids of the protocols whose identification facts match, drivable first; empty when none. */
  match(advert: Advertisement): readonly string[];
  /** The effective definition (built-in, replaced by --device-config-file, extended by the user). */
  definition(protocolId: string): ProtocolDefinition | undefined;
  /** The protocol module (identify / initialise / encoders); undefined: no built-in encoder. */
  module(protocolId: string): ProtocolModule | undefined;
  /** The configuration for an identified device; undefined when the database has none. */
  resolve(
    protocolId: string,
    identifier: string | undefined,
    name: string,
    address: string,
  ): ResolvedDevice | undefined;
  /** Why the user config refuses this address (deny, or not on a non-empty allow list); null = allowed. */
  refusal(address: string): string | null;
  userSettings(
    address: string,
    protocolId: string,
    identifier: string | undefined,
    name: string,
  ): UserSettings;
  /** The `identifier.identifier` a user entry for this device would carry; undefined: none. */
  userEntryIdentifier(protocolId: string, identifier: string | undefined, name: string): string | undefined;
}
