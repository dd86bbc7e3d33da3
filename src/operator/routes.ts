// The operator API's routes (access.md, plus thrum's own): method, path pattern, the body fields a
// route takes, and what it does through the backend. Plain functions from a checked request to a
// reply, so the table reads as the API's reference and the HTTP plumbing stays in listener.ts.

import { LOG_RANK, OUTPUT_TYPES, type LogLevel, type OutputType } from '../core/index.js';
import { isRefusal, type CapTarget, type OperatorBackend, type Refusal } from './backend.js';
import { metricsText, METRICS_CONTENT_TYPE } from './metrics-text.js';

export type Method = 'GET' | 'POST' | 'DELETE';

export interface Reply {
  readonly status: number;
  /** Serialised as JSON unless `text` is given. */
  readonly json?: unknown;
  readonly text?: string;
  readonly contentType?: string;
}

export interface RouteRequest {
  /** The operator token's name (the audit log's "who"). */
  readonly who: string;
  /** The pattern's numeric parameters, in order. */
  readonly params: readonly number[];
  /** The JSON body's fields, already checked against the route's `fields`. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly query: URLSearchParams;
}

type FieldCheck = (value: unknown) => string | null;

export interface Route {
  readonly method: Method;
  /** Path segments; ':name' matches a whole number. */
  readonly pattern: readonly string[];
  /** Body fields the route accepts; any other field is a 400. */
  readonly fields: Readonly<Record<string, FieldCheck>>;
  /** Fields that must be present. */
  readonly required?: readonly string[];
  handle(backend: OperatorBackend, r: RouteRequest): Reply;
}

const isBoolean: FieldCheck = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const isFraction: FieldCheck = (v) =>
  typeof v === 'number' && v >= 0 && v <= 1 ? null : 'must be a number from 0 to 1';
const isFeature: FieldCheck = (v) =>
  Number.isInteger(v) && (v as number) >= 0 ? null : 'must be a feature index (a whole number, 0 or more)';
const isOutputType: FieldCheck = (v) =>
  OUTPUT_TYPES.includes(v as OutputType) ? null : `must be one of ${OUTPUT_TYPES.join(', ')}`;

export function ok(json: unknown): Reply {
  return { status: 200, json };
}

export function problem(status: number, message: string): Reply {
  return { status, json: { error: message } };
}

function refused(r: Refusal): Reply {
  return problem(r.status === 'not-found' ? 404 : 400, r.message);
}

function orRefused(r: Refusal | null, json: unknown): Reply {
  return r === null ? ok(json) : refused(r);
}

/** A cap target from a DELETE: body fields, or the same names in the query string. */
function capTarget(r: RouteRequest): CapTarget | string {
  const feature = r.body.feature ?? (r.query.has('feature') ? Number(r.query.get('feature')) : undefined);
  const output = r.body.output ?? r.query.get('output') ?? undefined;
  if (feature !== undefined && isFeature(feature) !== null) return `feature ${isFeature(feature)!}`;
  if (output !== undefined && isOutputType(output) !== null) return `output ${isOutputType(output)!}`;
  return {
    ...(feature !== undefined && { feature: feature as number }),
    ...(output !== undefined && { output: output as OutputType }),
  };
}

/** Lines GET /api/log answers with when no `limit` is given, and at most. */
export const LOG_LIMIT_DEFAULT = 200;
export const LOG_LIMIT_MAX = 500;

/** GET /api/log?level=warn&limit=50: the recent lines at that level or more severe. */
function logReply(b: OperatorBackend, r: RouteRequest): Reply {
  const level = r.query.get('level') ?? 'trace';
  if (!Object.hasOwn(LOG_RANK, level))
    return problem(400, `level must be one of ${Object.keys(LOG_RANK).join(', ')}`);
  const limitText = r.query.get('limit');
  const limit = limitText === null ? LOG_LIMIT_DEFAULT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > LOG_LIMIT_MAX)
    return problem(400, `limit must be a whole number from 1 to ${LOG_LIMIT_MAX}`);
  return ok({ lines: b.recentLog(level as LogLevel, limit) });
}

const CAP_FIELDS = { cap: isFraction, output: isOutputType, feature: isFeature };
const TARGET_FIELDS = { output: isOutputType, feature: isFeature };

export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: ['api', 'state'],
    fields: {},
    handle: (b) => ok(b.state()),
  },
  {
    method: 'GET',
    pattern: ['api', 'log'],
    fields: {},
    handle: logReply,
  },
  {
    method: 'GET',
    pattern: ['metrics'],
    fields: {},
    handle: (b) => ({ status: 200, text: metricsText(b.metrics()), contentType: METRICS_CONTENT_TYPE }),
  },
  {
    method: 'POST',
    pattern: ['api', 'estop'],
    fields: {},
    handle: (b, r) => {
      b.emergencyStop(r.who);
      return ok({ estop: true });
    },
  },
  {
    method: 'POST',
    pattern: ['api', 'release'],
    fields: {},
    handle: (b, r) => ok({ estop: false, released: b.release(r.who) }),
  },
  {
    method: 'POST',
    pattern: ['api', 'clients', ':id', 'admit'],
    fields: { remember: isBoolean },
    handle: (b, r) =>
      orRefused(b.admit(r.params[0]!, r.body.remember === true, r.who), { admitted: r.params[0] }),
  },
  {
    method: 'POST',
    pattern: ['api', 'clients', ':id', 'deny'],
    fields: { remember: isBoolean },
    handle: (b, r) =>
      orRefused(b.deny(r.params[0]!, r.body.remember === true, r.who), { denied: r.params[0] }),
  },
  {
    method: 'POST',
    pattern: ['api', 'clients', ':id', 'kick'],
    fields: {},
    handle: (b, r) => orRefused(b.kick(r.params[0]!, r.who), { kicked: r.params[0] }),
  },
  {
    method: 'POST',
    pattern: ['api', 'devices', ':index', 'stop'],
    fields: {},
    handle: (b, r) => orRefused(b.stopDevice(r.params[0]!, r.who), { stopped: r.params[0] }),
  },
  {
    method: 'POST',
    pattern: ['api', 'devices', ':index', 'cap'],
    fields: CAP_FIELDS,
    required: ['cap'],
    handle: (b, r) => {
      const { cap, output, feature } = r.body as { cap: number; output?: OutputType; feature?: number };
      const caps = b.setCap(
        r.params[0]!,
        { cap, ...(feature !== undefined && { feature }), ...(output !== undefined && { output }) },
        r.who,
      );
      return isRefusal(caps) ? refused(caps) : ok({ device: r.params[0], caps });
    },
  },
  {
    method: 'DELETE',
    pattern: ['api', 'devices', ':index', 'cap'],
    fields: TARGET_FIELDS,
    handle: (b, r) => {
      const target = capTarget(r);
      if (typeof target === 'string') return problem(400, target);
      const caps = b.clearCap(r.params[0]!, target, r.who);
      return isRefusal(caps) ? refused(caps) : ok({ device: r.params[0], caps });
    },
  },
  {
    method: 'POST',
    pattern: ['api', 'scanning', 'start'],
    fields: {},
    handle: (b, r) => {
      b.scanning(true, r.who);
      return ok({ scanning: true });
    },
  },
  {
    method: 'POST',
    pattern: ['api', 'scanning', 'stop'],
    fields: {},
    handle: (b, r) => {
      b.scanning(false, r.who);
      return ok({ scanning: false });
    },
  },
];

export type Match =
  { readonly route: Route; readonly params: number[] } | { readonly allowed: readonly Method[] } | null;

function matchPattern(pattern: readonly string[], segments: readonly string[]): number[] | null {
  if (pattern.length !== segments.length) return null;
  const params: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const s = segments[i]!;
    if (p.startsWith(':')) {
      if (!/^\d{1,9}$/.test(s)) return null;
      params.push(Number(s));
    } else if (p !== s) return null;
  }
  return params;
}

/**
 * The route for a method and path; or the methods the path does take (a 405); or null (a 404).
 * `extra` lists paths served outside this table (the page, the event stream) with their method.
 */
export function matchRoute(
  method: string,
  path: string,
  extra: ReadonlyArray<readonly [Method, string]> = [],
): Match {
  const segments = path.split('/').slice(1);
  const allowed: Method[] = [];
  for (const route of ROUTES) {
    const params = matchPattern(route.pattern, segments);
    if (params === null) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  for (const [m, p] of extra) if (p === path) allowed.push(m);
  return allowed.length > 0 ? { allowed } : null;
}

/** The body's fields, checked: an object with only the route's fields, each valid; else why not. */
export function checkBody(route: Route, text: string): Readonly<Record<string, unknown>> | string {
  if (text.trim() === '')
    return route.required?.length ? `the body must be a JSON object with ${route.required.join(', ')}` : {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return `the body is not valid JSON: ${(err as Error).message}`;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'the body must be a JSON object';
  const fields = body as Record<string, unknown>;
  for (const [name, value] of Object.entries(fields)) {
    const check = route.fields[name];
    if (!check) {
      const known = Object.keys(route.fields);
      return `unknown field ${JSON.stringify(name)}${known.length > 0 ? ` (this route takes ${known.join(', ')})` : ' (this route takes no body)'}`;
    }
    const why = check(value);
    if (why !== null) return `${name} ${why}`;
  }
  for (const name of route.required ?? []) if (!(name in fields)) return `${name} is required`;
  return fields;
}
