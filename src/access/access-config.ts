// The access file (access.md, docs/access-file.schema.json): who may connect (admission per
// address class, tokens), what each role may drive and how hard, and the operator tokens. Parsed
// once per load into frozen values; every problem is one line naming the JSON path of the field.

import { OUTPUT_TYPES, type OutputType } from '../core/index.js';
import { isTokenHash } from './tokens.js';

export const ADMISSION_MODES = ['open', 'token', 'ask'] as const;
export type AdmissionMode = (typeof ADMISSION_MODES)[number];

/** Who a device-aimed stop (StopDeviceCmd, StopCmd with an index) stops for. */
export type DeviceStops = 'everyone' | 'own';

/**
 * How a role's clients share an output: `latest` (whoever sent last wins, the default), or as one
 * crowd — the mean or the max of the values of the clients active on it (docs/cluster.md).
 */
export const AGGREGATE_RULES = ['latest', 'mean', 'max'] as const;
export type Aggregate = (typeof AGGREGATE_RULES)[number];

export interface OutputRule {
  /** Fraction of the device's range this role's full range maps onto, 0–1. */
  readonly cap: number;
}

export interface Role {
  readonly name: string;
  /** Display names, database names, `protocol:address`, or `*`. */
  readonly devices: readonly string[];
  /** Output types allowed, with their caps; null = every type at full range. */
  readonly outputs: ReadonlyMap<OutputType, OutputRule> | null;
  /** Device output commands per second per connection; null = no limit. */
  readonly ratePerSecond: number | null;
  readonly scan: boolean;
  readonly sensors: boolean;
  readonly deviceStops: DeviceStops;
  readonly aggregate: Aggregate;
}

export interface TokenEntry {
  readonly name: string;
  readonly sha256: string;
  readonly role: string;
  /** Epoch ms after which the token is refused; null = never. */
  readonly expires: number | null;
  /** Connections at once; null = no limit. */
  readonly maxConnections: number | null;
}

export interface OperatorTokenEntry {
  readonly name: string;
  readonly sha256: string;
}

export interface AccessConfig {
  /** `waitMs`: how long an `ask` client may wait for the operator before it is refused. */
  readonly admission: {
    readonly loopback: AdmissionMode;
    readonly remote: AdmissionMode;
    readonly waitMs: number;
  };
  readonly operatorTokens: readonly OperatorTokenEntry[];
  readonly roles: ReadonlyMap<string, Role>;
  readonly tokens: readonly TokenEntry[];
}

/** How long an `ask` client waits for the operator by default. */
export const ADMISSION_WAIT_MS = 60_000;

/** The role an open client without a token gets, when the file defines it. */
export const DEFAULT_ROLE = 'default';

class ConfigError extends Error {}

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function fail(path: string, problem: string): never {
  throw new ConfigError(`${path}: ${problem}`);
}

function object(x: unknown, path: string): Json {
  if (!isObject(x)) fail(path, 'must be an object');
  return x;
}

function onlyKeys(o: Json, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(o))
    if (!allowed.includes(key))
      fail(`${path}.${key}`, `unknown field (expected one of ${allowed.join(', ')})`);
}

function text(x: unknown, path: string): string {
  if (typeof x !== 'string' || x === '') fail(path, 'must be a non-empty string');
  return x;
}

function bool(x: unknown, path: string, fallback: boolean): boolean {
  if (x === undefined) return fallback;
  if (typeof x !== 'boolean') fail(path, 'must be true or false');
  return x;
}

function hash(x: unknown, path: string): string {
  if (typeof x !== 'string' || !isTokenHash(x))
    fail(path, 'must be the lowercase hex SHA-256 of the token (64 characters 0-9a-f)');
  return x;
}

function admissionMode(x: unknown, path: string, fallback: AdmissionMode): AdmissionMode {
  if (x === undefined) return fallback;
  if (!ADMISSION_MODES.includes(x as AdmissionMode))
    fail(path, `must be one of ${ADMISSION_MODES.map((m) => `"${m}"`).join(', ')}`);
  return x as AdmissionMode;
}

function positiveNumber(x: unknown, path: string): number | null {
  if (x === undefined || x === null) return null;
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) fail(path, 'must be a number above 0');
  return x;
}

function positiveInteger(x: unknown, path: string): number | null {
  if (x === undefined || x === null) return null;
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 1)
    fail(path, 'must be a whole number of at least 1');
  return x;
}

function parseRole(name: string, raw: unknown, path: string): Role {
  const o = object(raw, path);
  onlyKeys(o, path, ['devices', 'outputs', 'ratePerSecond', 'scan', 'sensors', 'deviceStops', 'aggregate']);
  const devicesRaw = o.devices ?? ['*'];
  if (!Array.isArray(devicesRaw))
    fail(`${path}.devices`, 'must be an array of device names, "protocol:address" or "*"');
  const devices = devicesRaw.map((d, i) => text(d, `${path}.devices[${i}]`));
  let outputs: Map<OutputType, OutputRule> | null = null;
  if (o.outputs !== undefined) {
    const out = object(o.outputs, `${path}.outputs`);
    outputs = new Map();
    for (const [type, ruleRaw] of Object.entries(out)) {
      const at = `${path}.outputs.${type}`;
      if (!(OUTPUT_TYPES as readonly string[]).includes(type))
        fail(at, `unknown output type (one of ${OUTPUT_TYPES.join(', ')})`);
      const rule = ruleRaw === true ? {} : object(ruleRaw, at);
      onlyKeys(rule, at, ['cap']);
      const cap = rule.cap ?? 1;
      if (typeof cap !== 'number' || !Number.isFinite(cap) || cap < 0 || cap > 1)
        fail(`${at}.cap`, 'must be a number from 0 to 1');
      outputs.set(type as OutputType, Object.freeze({ cap }));
    }
  }
  const deviceStops = o.deviceStops ?? 'everyone';
  if (deviceStops !== 'everyone' && deviceStops !== 'own')
    fail(`${path}.deviceStops`, 'must be "everyone" or "own"');
  const aggregate = o.aggregate ?? 'latest';
  if (!(AGGREGATE_RULES as readonly unknown[]).includes(aggregate))
    fail(`${path}.aggregate`, 'must be "latest", "mean" or "max"');
  return Object.freeze({
    name,
    devices: Object.freeze(devices),
    outputs,
    ratePerSecond: positiveNumber(o.ratePerSecond, `${path}.ratePerSecond`),
    scan: bool(o.scan, `${path}.scan`, true),
    sensors: bool(o.sensors, `${path}.sensors`, true),
    deviceStops,
    aggregate: aggregate as Aggregate,
  });
}

function parseExpiry(x: unknown, path: string): number | null {
  if (x === undefined || x === null) return null;
  const ms = typeof x === 'string' ? Date.parse(x) : Number.NaN;
  if (!Number.isFinite(ms)) fail(path, 'must be a date and time, e.g. "2027-01-01T00:00:00Z"');
  return ms;
}

/** Parse and check an access file's text. Throws an Error whose message is one line. */
export function parseAccessConfig(textContent: string): AccessConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(textContent);
  } catch (err) {
    throw new ConfigError(`not valid JSON: ${(err as Error).message}`);
  }
  const root = object(raw, '(top level)');
  onlyKeys(root, '(top level)', ['$schema', 'admission', 'operatorTokens', 'roles', 'tokens']);

  const adm = root.admission === undefined ? {} : object(root.admission, 'admission');
  onlyKeys(adm, 'admission', ['loopback', 'remote', 'waitSeconds']);
  const wait = positiveNumber(adm.waitSeconds, 'admission.waitSeconds');
  const admission = Object.freeze({
    loopback: admissionMode(adm.loopback, 'admission.loopback', 'open'),
    remote: admissionMode(adm.remote, 'admission.remote', 'token'),
    waitMs: wait === null ? ADMISSION_WAIT_MS : Math.round(wait * 1000),
  });

  const roles = new Map<string, Role>();
  const rolesRaw = root.roles === undefined ? {} : object(root.roles, 'roles');
  for (const [name, r] of Object.entries(rolesRaw)) roles.set(name, parseRole(name, r, `roles.${name}`));

  const names = new Set<string>();
  const tokensRaw = root.tokens ?? [];
  if (!Array.isArray(tokensRaw)) fail('tokens', 'must be an array');
  const tokens = tokensRaw.map((t, i): TokenEntry => {
    const at = `tokens[${i}]`;
    const o = object(t, at);
    onlyKeys(o, at, ['name', 'sha256', 'role', 'expires', 'maxConnections']);
    const name = text(o.name, `${at}.name`);
    if (names.has(name)) fail(`${at}.name`, `"${name}" is used by another token`);
    names.add(name);
    const role = text(o.role, `${at}.role`);
    if (!roles.has(role)) fail(`${at}.role`, `no role "${role}" in roles`);
    return Object.freeze({
      name,
      sha256: hash(o.sha256, `${at}.sha256`),
      role,
      expires: parseExpiry(o.expires, `${at}.expires`),
      maxConnections: positiveInteger(o.maxConnections, `${at}.maxConnections`),
    });
  });

  const opRaw = root.operatorTokens ?? [];
  if (!Array.isArray(opRaw)) fail('operatorTokens', 'must be an array');
  const operatorTokens = opRaw.map((t, i): OperatorTokenEntry => {
    const at = `operatorTokens[${i}]`;
    const o = object(t, at);
    onlyKeys(o, at, ['name', 'sha256']);
    return Object.freeze({ name: text(o.name, `${at}.name`), sha256: hash(o.sha256, `${at}.sha256`) });
  });

  return Object.freeze({
    admission,
    operatorTokens: Object.freeze(operatorTokens),
    roles,
    tokens: Object.freeze(tokens),
  });
}
