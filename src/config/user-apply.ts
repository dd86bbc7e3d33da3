// What the user device config does to a found device: whether it may connect at all (allow/deny,
// upstream device_config_manager.rs `address_allowed`), and once identified its display name,
// reserved index, timing gap and the client view of its features.

import type { DeviceDescriptor, FeatureDef } from '../core/features.js';
import type { ResolvedDevice } from '../core/protocol.js';
import { userDeviceFor, type DeviceDatabase } from './database.js';
import type { OutputLimit } from './user-view.js';

/**
 * Why the user config refuses this address, or null if it may connect. A deny wins; if any entry
 * allows, only allowed addresses connect. Decided on the address alone, before identification.
 */
export function addressRefusal(db: DeviceDatabase, address: string): string | null {
  const mine = db.users.filter((u) => u.entry.address === address);
  if (mine.some((u) => u.entry.deny === true))
    return `address ${address} is denied by the user device config`;
  if (db.hasAllowList && !mine.some((u) => u.entry.allow === true)) {
    return `address ${address} is not on the user device config's allow list`;
  }
  return null;
}

export interface UserSettings {
  readonly displayName?: string;
  /** The index the hub should give the device if it is free. */
  readonly reservedIndex?: number;
  /** Replaces the configuration's DeviceMessageTimingGap. */
  readonly messageGapMs?: number;
  /** Client view of the features when the user narrowed, reversed or hid outputs. */
  readonly features?: readonly FeatureDef[];
  /** Map client steps to device steps with toDeviceCommand() before encoding. Empty: nothing to map. */
  readonly limits: readonly OutputLimit[];
}

/** The user entry's settings for an identified device; `{limits: []}` when none applies. */
export function userSettings(
  db: DeviceDatabase,
  address: string,
  protocolId: string,
  identifier: string | undefined,
  name: string,
): UserSettings {
  const u = userDeviceFor(db, address, protocolId, identifier, name);
  if (u?.base === undefined) return { limits: [] };
  const { entry, base } = u;
  return {
    ...(entry.displayName !== undefined && { displayName: entry.displayName }),
    ...(entry.index !== undefined && { reservedIndex: entry.index }),
    ...(entry.messageGapMs !== undefined && { messageGapMs: entry.messageGapMs }),
    ...(base.view.customised && { features: base.view.features }),
    limits: base.view.limits,
  };
}

/**
 * The device as the hub and clients see it. `busGapMs` is the bus default gap (DEFAULT_MESSAGE_GAP_MS)
 * used when neither the user nor the configuration names one.
 */
export function describeDevice(
  device: ResolvedDevice,
  settings: UserSettings,
  busGapMs: number,
): DeviceDescriptor {
  return {
    name: device.config.name,
    ...(settings.displayName !== undefined && { displayName: settings.displayName }),
    messageTimingGap: settings.messageGapMs ?? device.config.messageGapMs ?? busGapMs,
    features: settings.features ?? device.features,
  };
}
