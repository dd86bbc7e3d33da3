// The runtime device database: the built-in protocol modules (src/protocols), with definitions
// replaced by a --device-config-file where it has the same protocol id, extended by the user
// config's extra specifiers and configurations, plus the user's per-device entries resolved
// against it. Pure: the file loaders (upstream-loader.ts, user-config.ts) do the I/O; the main
// thread builds this once to check the files, and each bus worker builds it again from
// BusWorkerData (configOverrides, userConfig).
//
// How a device is resolved follows upstream (device_config_manager.rs `device_definition`): the
// user entry for (address, protocol, identifier) names its base configuration; else the
// configuration whose identifier matches; else the protocol defaults. A configuration without
// features inherits the defaults' (and their gap and variant), as upstream's config loader does.

import type { UserDeviceConfig, UserDeviceEntry } from '../core/channel.js';
import type { DeviceConfig, ProtocolDefinition } from '../core/database.js';
import type { FeatureDef } from '../core/features.js';
import type { ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { PROTOCOLS } from '../protocols/index.js';
import { compileUserView, type UserView } from './user-view.js';

export interface DatabaseProtocol {
  /**
   * The effective definition: the device config file's if it has this id, else the built-in one;
   * the user config's specifiers come first in `communication` (upstream matches them first) and
   * its configurations last in `configurations` (they win over the same identifier).
   */
  readonly definition: ProtocolDefinition;
  /** Absent: no built-in encoder for this protocol; it is listed but never driven. */
  readonly module?: ProtocolModule;
  readonly byIdentifier: ReadonlyMap<string, DeviceConfig>;
}

export interface UserDevice {
  readonly entry: UserDeviceEntry;
  /** Where the entry sits in the file, for messages: `user_configs.devices[i]`. */
  readonly path: string;
  /**
   * The base configuration (by base_id, defaults inherited) and the client view it gives. Absent
   * when the entry does not fit the database; then only its allow/deny flags apply (upstream drops
   * such entries entirely; keeping a deny is the safer reading).
   */
  readonly base?: { readonly protocol: string; readonly config: DeviceConfig; readonly view: UserView };
}

export interface DeviceDatabase {
  readonly protocols: ReadonlyMap<string, DatabaseProtocol>;
  readonly users: readonly UserDevice[];
  /** Any entry with allow: then only allowed addresses connect. */
  readonly hasAllowList: boolean;
  /** Protocol ids with a definition but no built-in module ("no encoder"). */
  readonly noEncoder: readonly string[];
}

export interface DatabaseInput {
  /** Built-in modules; default: the registry. */
  readonly modules?: readonly ProtocolModule[];
  /** Definitions from --device-config-file. */
  readonly overrides?: readonly ProtocolDefinition[];
  readonly userConfig?: UserDeviceConfig | null;
  /** Names the user config in warnings (its file name). */
  readonly userConfigSource?: string;
}

export interface BuiltDatabase {
  readonly db: DeviceDatabase;
  /** Problems that do not stop the server, each naming the file and path where it has one. */
  readonly warnings: readonly string[];
}

/** A configuration as a device gets it: features, gap and variant inherited from the defaults. */
export function inheritDefaults(defaults: DeviceConfig | undefined, config: DeviceConfig): DeviceConfig {
  if (defaults === undefined || defaults === config) return config;
  const features = config.features ?? defaults.features;
  const messageGapMs = config.messageGapMs ?? defaults.messageGapMs;
  const variant = config.variant ?? defaults.variant;
  return {
    ...config,
    ...(features && { features }),
    ...(messageGapMs !== undefined && { messageGapMs }),
    ...(variant !== undefined && { variant }),
  };
}

export function buildDatabase(input: DatabaseInput = {}): BuiltDatabase {
  const warnings: string[] = [];
  const modules = new Map((input.modules ?? PROTOCOLS).map((m) => [m.definition.id, m]));
  const defs = new Map<string, ProtocolDefinition>();
  for (const m of modules.values()) defs.set(m.definition.id, m.definition);
  for (const d of input.overrides ?? []) defs.set(d.id, d);

  for (const extra of input.userConfig?.protocols ?? []) {
    const d = defs.get(extra.id) ?? { id: extra.id, communication: [], configurations: [] };
    defs.set(extra.id, {
      ...d,
      communication: [...extra.communication, ...d.communication],
      configurations: [...d.configurations, ...extra.configurations],
    });
  }

  const protocols = new Map<string, DatabaseProtocol>();
  const byConfigId = new Map<string, { protocol: string; config: DeviceConfig }>();
  const noEncoder: string[] = [];
  for (const [id, definition] of defs) {
    const byIdentifier = new Map<string, DeviceConfig>();
    for (const config of definition.configurations) {
      const effective = inheritDefaults(definition.defaults, config);
      for (const ident of config.identifiers ?? []) byIdentifier.set(ident, effective);
      if (config.id !== undefined) byConfigId.set(config.id, { protocol: id, config: effective });
    }
    if (definition.defaults?.id !== undefined)
      byConfigId.set(definition.defaults.id, { protocol: id, config: definition.defaults });
    const module = modules.get(id);
    if (module === undefined) noEncoder.push(id);
    protocols.set(id, { definition, byIdentifier, ...(module && { module }) });
  }

  const source = input.userConfigSource ?? 'user device config';
  const users = (input.userConfig?.devices ?? []).map((entry, i): UserDevice => {
    const path = `user_configs.devices[${i}]`;
    const warn = (p: string, msg: string, dropsEntry = true): void => {
      warnings.push(`${source}: ${path}${p}: ${msg}${dropsEntry ? '; only its allow/deny flags apply' : ''}`);
    };
    const found = entry.baseId === undefined ? undefined : byConfigId.get(entry.baseId);
    if (found === undefined) {
      warn('.config.base_id', `no configuration with id ${entry.baseId ?? '(none)'} in the device database`);
      return { entry, path };
    }
    if (entry.protocol !== undefined && entry.protocol !== found.protocol) {
      warn(
        '.config.base_id',
        `configuration ${entry.baseId} belongs to protocol "${found.protocol}", not "${entry.protocol}"`,
      );
      return { entry, path };
    }
    const view = compileUserView(found.config.features ?? [], entry.features ?? [], (p, msg, drops) =>
      warn(`.config.features${p}`, msg, drops),
    );
    return view === undefined ? { entry, path } : { entry, path, base: { ...found, view } };
  });

  return {
    db: { protocols, users, hasAllowList: users.some((u) => u.entry.allow === true), noEncoder },
    warnings,
  };
}

export function protocolDefinition(db: DeviceDatabase, id: string): ProtocolDefinition | undefined {
  return db.protocols.get(id)?.definition;
}

export function protocolModule(db: DeviceDatabase, id: string): ProtocolModule | undefined {
  return db.protocols.get(id)?.module;
}

/**
 * The key a device is known by in configurations and user entries: the identifier its protocol's
 * identify() returned; for protocols that do not identify, the advertised name (upstream's
 * generic identifier is the hardware name).
 */
function deviceKey(p: DatabaseProtocol, identifier: string | undefined, name: string): string | undefined {
  return identifier ?? (p.module?.identify === undefined ? name : undefined);
}

export function findUserDevice(
  db: DeviceDatabase,
  address: string,
  protocolId: string,
  key: string | undefined,
): UserDevice | undefined {
  return db.users.find(
    (u) => u.entry.address === address && u.entry.protocol === protocolId && u.entry.identifier === key,
  );
}

/**
 * The `identifier.identifier` a user entry for this device carries (absent: the entry has none),
 * so an entry written for a newly seen device is found again by findUserDevice.
 */
export function userEntryIdentifier(
  db: DeviceDatabase,
  protocolId: string,
  identifier: string | undefined,
  name: string,
): string | undefined {
  const p = db.protocols.get(protocolId);
  return p && deviceKey(p, identifier, name);
}

/** The user entry that applies to this device, if any (same rule as resolveDevice). */
export function userDeviceFor(
  db: DeviceDatabase,
  address: string,
  protocolId: string,
  identifier: string | undefined,
  name: string,
): UserDevice | undefined {
  const p = db.protocols.get(protocolId);
  return p && findUserDevice(db, address, protocolId, deviceKey(p, identifier, name));
}

function withoutIds(features: readonly FeatureDef[]): FeatureDef[] {
  return features.map(({ id: _id, ...rest }) => rest);
}

/**
 * The configuration a device gets: by its user entry's base (when `address` is given and an
 * entry matches), else by identifier, else by advertised name, else the protocol defaults.
 * Features come without upstream ids (clients never see those). undefined: no such protocol, or
 * it has neither a matching configuration nor defaults.
 */
export function resolveDevice(
  db: DeviceDatabase,
  protocolId: string,
  identifier: string | undefined,
  name: string,
  address?: string,
): ResolvedDevice | undefined {
  const p = db.protocols.get(protocolId);
  if (p === undefined) return undefined;
  const key = deviceKey(p, identifier, name);
  const user = address === undefined ? undefined : findUserDevice(db, address, protocolId, key);
  const config =
    user?.base?.config ??
    (key === undefined ? undefined : p.byIdentifier.get(key)) ??
    p.byIdentifier.get(name) ??
    p.definition.defaults;
  if (config === undefined) return undefined;
  return {
    protocol: protocolId,
    ...(identifier !== undefined && { identifier }),
    config,
    features: withoutIds(config.features ?? []),
  };
}
