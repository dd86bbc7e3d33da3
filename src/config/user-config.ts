// --user-device-config-file: the upstream user config format (the schema's `user_configs`, as
// Intiface writes it) read into UserDeviceConfig. This checks the file on its own: structure,
// types, closed objects. How an entry relates to the device database (its base configuration,
// its features, whether a limit fits the base range) is checked when the database is built
// (database.ts), since the database depends on --device-config-file too.
//
// A file with any error is rejected whole: a half-applied deny list is worse than none.

import type {
  UserDeviceConfig,
  UserDeviceEntry,
  UserFeatureOverride,
  UserOutputOverride,
} from '../core/channel.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import {
  Checker,
  checkVersion,
  join,
  parseJson,
  readText,
  type ConfigResult,
  type Json,
} from './json-check.js';
import { OUTPUT_NAMES, readCommunication, readConfig } from './upstream-loader.js';

function readOutputOverride(
  c: Checker,
  type: OutputType,
  v: unknown,
  path: string,
): UserOutputOverride | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  const positional = type === 'Position' || type === 'HwPositionWithDuration';
  const allowed = [
    'value',
    'disabled',
    ...(positional ? ['reverse'] : []),
    ...(type === 'HwPositionWithDuration' ? ['duration'] : []),
  ];
  // The schema leaves these objects open and upstream ignores extra keys (e.g. "step_limit").
  c.keys(o, path, allowed, 'warn');
  // User limits are device steps inside [0, max] of the base range (upstream RangeWithLimit).
  const value = o['value'] === undefined ? undefined : c.range(o['value'], join(path, 'value'), 0);
  const duration =
    o['duration'] === undefined ? undefined : c.range(o['duration'], join(path, 'duration'), 0);
  const disabled = o['disabled'] === undefined ? undefined : c.boolean(o['disabled'], join(path, 'disabled'));
  const reverse =
    positional && o['reverse'] !== undefined ? c.boolean(o['reverse'], join(path, 'reverse')) : undefined;
  return {
    ...(value && { value }),
    ...(duration && { duration }),
    ...(disabled && { disabled }),
    ...(reverse && { reverse }),
  };
}

function readFeatureOverride(c: Checker, v: unknown, path: string): UserFeatureOverride | undefined {
  const f = c.object(v, path);
  if (!f || !c.required(f, path, ['id', 'base_id'])) return undefined;
  c.keys(f, path, ['description', 'id', 'base_id', 'output']);
  c.uuid(f['id'], join(path, 'id'));
  const baseId = c.uuid(f['base_id'], join(path, 'base_id'));
  if (f['description'] !== undefined) c.string(f['description'], join(path, 'description'));
  let output: Partial<Record<OutputType, UserOutputOverride>> | undefined;
  if (f['output'] !== undefined) {
    const o = c.object(f['output'], join(path, 'output'));
    output = {};
    for (const [key, spec] of Object.entries(o ?? {})) {
      const type = OUTPUT_NAMES[key];
      if (type === undefined) {
        c.error(
          join(join(path, 'output'), key),
          `unknown output type; expected one of ${Object.keys(OUTPUT_NAMES).join(', ')}`,
        );
        continue;
      }
      const override = readOutputOverride(c, type, spec, join(join(path, 'output'), key));
      if (override) output[type] = override;
    }
  }
  return baseId === undefined ? undefined : { baseId, ...(output && { output }) };
}

function readDevice(c: Checker, v: unknown, path: string): UserDeviceEntry | undefined {
  const d = c.object(v, path);
  if (!d || !c.required(d, path, ['identifier', 'config'])) return undefined;
  c.keys(d, path, ['identifier', 'config']);

  const ip = join(path, 'identifier');
  const ident = c.object(d['identifier'], ip);
  if (ident && c.required(ident, ip, ['address', 'protocol']))
    c.keys(ident, ip, ['address', 'protocol', 'identifier']);
  const address = ident && c.string(ident['address'], join(ip, 'address'));
  const protocol = ident && c.string(ident['protocol'], join(ip, 'protocol'));
  const identifier =
    ident?.['identifier'] === undefined ? undefined : c.string(ident['identifier'], join(ip, 'identifier'));

  const cp = join(path, 'config');
  const config = c.object(d['config'], cp);
  if (!config || !c.required(config, cp, ['id', 'base_id', 'features', 'user_config'])) return undefined;
  c.keys(config, cp, ['name', 'id', 'base_id', 'features', 'user_config']);
  if (config['name'] !== undefined) c.string(config['name'], join(cp, 'name'));
  c.uuid(config['id'], join(cp, 'id'));
  const baseId = c.uuid(config['base_id'], join(cp, 'base_id'));
  const features = (c.array(config['features'], join(cp, 'features')) ?? []).map((f, i) =>
    readFeatureOverride(c, f, join(join(cp, 'features'), i)),
  );

  const up = join(cp, 'user_config');
  const user = c.object(config['user_config'], up);
  if (!user || !c.required(user, up, ['allow', 'deny', 'index'])) return undefined;
  c.keys(user, up, ['allow', 'deny', 'index', 'display_name', 'message_gap_ms']);
  const allow = c.boolean(user['allow'], join(up, 'allow'));
  const deny = c.boolean(user['deny'], join(up, 'deny'));
  const index = c.integer(user['index'], join(up, 'index'), 0, 0xffff_ffff);
  const displayName =
    user['display_name'] === undefined ? undefined : c.string(user['display_name'], join(up, 'display_name'));
  const gap =
    user['message_gap_ms'] === undefined
      ? undefined
      : c.integer(user['message_gap_ms'], join(up, 'message_gap_ms'), 0);

  if (
    address === undefined ||
    protocol === undefined ||
    baseId === undefined ||
    allow === undefined ||
    deny === undefined ||
    index === undefined
  ) {
    return undefined;
  }
  if (features.some((f) => f === undefined)) return undefined;
  return {
    address,
    protocol,
    ...(identifier !== undefined && { identifier }),
    allow,
    deny,
    index,
    ...(displayName !== undefined && { displayName }),
    baseId,
    ...(gap !== undefined && { messageGapMs: gap }),
    features: features as UserFeatureOverride[],
  };
}

/** `user_configs.protocols`: extra specifiers and configurations; defaults are not valid here. */
function readUserProtocols(c: Checker, v: unknown, path: string): ProtocolDefinition[] {
  const o = c.object(v, path);
  const out: ProtocolDefinition[] = [];
  for (const [id, def] of Object.entries(o ?? {})) {
    const p = join(path, id);
    const d = c.object(def, p);
    if (!d) continue;
    c.keys(d, p, ['communication', 'configurations'], 'warn');
    const communication =
      d['communication'] === undefined
        ? []
        : readCommunication(c, d['communication'], join(p, 'communication'));
    const configurations = (
      d['configurations'] === undefined ? [] : (c.array(d['configurations'], join(p, 'configurations')) ?? [])
    )
      .map((item, i) => readConfig(c, item, join(join(p, 'configurations'), i), false))
      .filter((x) => x !== undefined);
    out.push({ id, communication, configurations });
  }
  return out;
}

/** Parse the text of a user device config file. `source` names it in every message. */
export function parseUserConfig(text: string, source: string): ConfigResult<UserDeviceConfig> {
  const c = new Checker(source);
  const root = parseJson(text, c);
  if (root === undefined) return c.result<UserDeviceConfig>(undefined);
  const o: Json | undefined = c.object(root, '(root)');
  if (!o) return c.result<UserDeviceConfig>(undefined);
  c.keys(o, '', ['version', 'user_configs']);
  checkVersion(o, c);
  const uc = o['user_configs'] === undefined ? {} : c.object(o['user_configs'], 'user_configs');
  if (!uc) return c.result<UserDeviceConfig>(undefined);
  c.keys(uc, 'user_configs', ['protocols', 'devices']);
  const protocols =
    uc['protocols'] === undefined ? [] : readUserProtocols(c, uc['protocols'], 'user_configs.protocols');
  const devices: UserDeviceEntry[] = [];
  (uc['devices'] === undefined ? [] : (c.array(uc['devices'], 'user_configs.devices') ?? [])).forEach(
    (d, i) => {
      const entry = readDevice(c, d, `user_configs.devices[${i}]`);
      if (entry) devices.push(entry);
    },
  );
  return c.result<UserDeviceConfig>({ devices, ...(protocols.length > 0 && { protocols }) });
}

export function loadUserConfigFile(file: string): ConfigResult<UserDeviceConfig> {
  const c = new Checker(file);
  const text = readText(file, c);
  return text === undefined ? c.result<UserDeviceConfig>(undefined) : parseUserConfig(text, file);
}
