// Recording newly seen devices in a user device config file, as Intiface Engine does, so each
// keeps its index across restarts. Pure: text in, text out; user-config-writer.ts does the I/O.
//
// The file is the user's: it is parsed, the new entries are appended to `user_configs.devices`,
// and it is serialised again with the indentation, line endings, final newline and byte order
// mark it had. Everything that was there stays, unknown fields included; what JSON cannot carry
// through a parse (number spellings such as 4.0, escapes, duplicate keys, spacing inside a line)
// comes out in JSON.stringify's form.
//
// An entry written for a new device has the shape upstream gives one (device_config_manager.rs
// creates it when a device is first seen): the device's identifier, a fresh config id, the base
// configuration's id, one feature per base feature with a fresh id and the base feature's id,
// and user_config {allow: false, deny: false, index}.

import type { UserDeviceConfig } from '../core/channel.js';
import type { Json } from './json-check.js';
import { parseUserConfig } from './user-config.js';

/** A device to record, with the index the server gave it. */
export interface NewDeviceEntry {
  readonly address: string;
  readonly protocol: string;
  /** `identifier.identifier`; absent when the protocol's entries carry none. */
  readonly identifier?: string;
  /** The configuration's name, written as `config.name` so a person can tell entries apart. */
  readonly name: string;
  /** `config.base_id`: the configuration the device got. */
  readonly baseId: string;
  /** `base_id` of each feature, in order. */
  readonly featureIds: readonly string[];
  readonly index: number;
}

/** One key per (address, protocol, identifier): how entries are told apart, here and upstream. */
export function userEntryKey(
  address: string,
  protocol: string | undefined,
  identifier: string | undefined,
): string {
  return JSON.stringify([address, protocol ?? null, identifier ?? null]);
}

/** The keys of the entries a parsed user config already has. */
export function userEntryKeys(config: UserDeviceConfig): Set<string> {
  return new Set(config.devices.map((d) => userEntryKey(d.address, d.protocol, d.identifier)));
}

/** What a new file holds before any device is recorded. */
export const EMPTY_USER_CONFIG_TEXT = `${JSON.stringify({ version: { major: 4, minor: 0 }, user_configs: { devices: [] } }, null, 2)}\n`;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function entryJson(e: NewDeviceEntry, newId: () => string): Json {
  return {
    identifier: {
      address: e.address,
      protocol: e.protocol,
      ...(e.identifier !== undefined && { identifier: e.identifier }),
    },
    config: {
      name: e.name,
      id: newId(),
      base_id: e.baseId,
      features: e.featureIds.map((baseId) => ({ id: newId(), base_id: baseId })),
      user_config: { allow: false, deny: false, index: e.index },
    },
  };
}

function keyOfJson(d: unknown): string | undefined {
  const ident = isObject(d) ? d['identifier'] : undefined;
  if (!isObject(ident) || typeof ident['address'] !== 'string') return undefined;
  const protocol = typeof ident['protocol'] === 'string' ? ident['protocol'] : undefined;
  const identifier = typeof ident['identifier'] === 'string' ? ident['identifier'] : undefined;
  return userEntryKey(ident['address'], protocol, identifier);
}

/**
 * `root` (a parsed user config) with an entry for each device it has no entry for yet, and how
 * many were added. `root` itself is not changed; objects off the path to the devices array are
 * shared. `newId` makes the fresh config and feature ids (random v4 uuids in the server).
 */
export function addDeviceEntries(
  root: Json,
  entries: readonly NewDeviceEntry[],
  newId: () => string,
): { root: Json; added: number } {
  const userConfigs = isObject(root['user_configs']) ? root['user_configs'] : {};
  const devices = Array.isArray(userConfigs['devices']) ? (userConfigs['devices'] as unknown[]) : [];
  const present = new Set(devices.map(keyOfJson));
  const added: Json[] = [];
  for (const e of entries) {
    const key = userEntryKey(e.address, e.protocol, e.identifier);
    if (present.has(key)) continue;
    present.add(key);
    added.push(entryJson(e, newId));
  }
  if (added.length === 0) return { root, added: 0 };
  return {
    root: { ...root, user_configs: { ...userConfigs, devices: [...devices, ...added] } },
    added: added.length,
  };
}

/** How a JSON text is laid out, as far as JSON.stringify can reproduce it. */
export interface JsonLayout {
  /** One level of indentation ('' for a file on one line). */
  readonly indent: string;
  readonly eol: '\n' | '\r\n';
  readonly finalNewline: boolean;
  readonly bom: boolean;
}

export function jsonLayout(text: string): JsonLayout {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const m = /\n([ \t]+)["{[\]}\w-]/.exec(body);
  return {
    indent: m?.[1] ?? '',
    eol: body.includes('\r\n') ? '\r\n' : '\n',
    finalNewline: /\n\s*$/.test(body),
    bom: body.length !== text.length,
  };
}

export function formatJson(value: unknown, layout: JsonLayout): string {
  let out = JSON.stringify(value, null, layout.indent);
  if (layout.eol === '\r\n') out = out.replace(/\n/g, '\r\n');
  if (layout.finalNewline) out += layout.eol;
  return layout.bom ? `\uFEFF${out}` : out;
}

export type EditResult =
  /** `text` null: every device already has an entry, leave the file alone. */
  | { readonly ok: true; readonly text: string | null; readonly added: number }
  | { readonly ok: false; readonly error: string };

/**
 * The file's new text with entries for `entries` that it lacks. `text` undefined: the file does
 * not exist yet, and a minimal one is made. A file that no longer loads as a user config (edited
 * since start) is left alone: error is the first problem, naming `source`.
 */
export function withDeviceEntries(
  text: string | undefined,
  entries: readonly NewDeviceEntry[],
  newId: () => string,
  source: string,
): EditResult {
  const current = text ?? EMPTY_USER_CONFIG_TEXT;
  const body = current.startsWith('\uFEFF') ? current.slice(1) : current;
  const parsed = parseUserConfig(body, source);
  if (!parsed.ok) return { ok: false, error: parsed.errors[0] ?? `${source}: not a user device config` };
  const { root, added } = addDeviceEntries(JSON.parse(body) as Json, entries, newId);
  if (added === 0 && text !== undefined) return { ok: true, text: null, added: 0 };
  return { ok: true, text: formatJson(root, jsonLayout(current)), added };
}
