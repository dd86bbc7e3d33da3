// Reading untrusted JSON into typed values: every check names the file and the JSON path of what
// it rejects ("dev.json: protocols.lovense.communication[0].btle.names: expected array of
// strings"), and collects all problems instead of stopping at the first, so a user fixes a broken
// file in one go. Loaders return a ConfigResult and never throw for bad input.

import { readFileSync } from 'node:fs';
import type { Range } from '../core/features.js';

export type ConfigResult<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly errors: readonly string[]; readonly warnings: readonly string[] };

export type Json = Record<string, unknown>;

/** Collects errors and warnings for one source (a file name, or a label for in-memory text). */
export class Checker {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  constructor(readonly source: string) {}

  error(path: string, message: string): undefined {
    this.errors.push(`${this.source}: ${path}: ${message}`);
    return undefined;
  }

  warn(path: string, message: string): void {
    this.warnings.push(`${this.source}: ${path}: ${message}`);
  }

  result<T>(value: T | undefined): ConfigResult<T> {
    if (this.errors.length > 0 || value === undefined) {
      return {
        ok: false,
        errors: this.errors.length > 0 ? this.errors : [`${this.source}: nothing loaded`],
        warnings: this.warnings,
      };
    }
    return { ok: true, value, warnings: this.warnings };
  }

  // ---------------------------------------------------------------- value checks

  object(v: unknown, path: string): Json | undefined {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Json;
    return this.error(path, `expected object, got ${kind(v)}`);
  }

  array(v: unknown, path: string): unknown[] | undefined {
    return Array.isArray(v) ? v : this.error(path, `expected array, got ${kind(v)}`);
  }

  string(v: unknown, path: string): string | undefined {
    return typeof v === 'string' ? v : this.error(path, `expected string, got ${kind(v)}`);
  }

  boolean(v: unknown, path: string): boolean | undefined {
    return typeof v === 'boolean' ? v : this.error(path, `expected boolean, got ${kind(v)}`);
  }

  integer(
    v: unknown,
    path: string,
    min = Number.MIN_SAFE_INTEGER,
    max = Number.MAX_SAFE_INTEGER,
  ): number | undefined {
    if (typeof v !== 'number' || !Number.isInteger(v))
      return this.error(path, `expected integer, got ${kind(v)}`);
    if (v < min || v > max) return this.error(path, `${v} is outside [${min}, ${max}]`);
    return v;
  }

  strings(v: unknown, path: string, minItems = 0): string[] | undefined {
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
      return this.error(path, 'expected array of strings');
    if (v.length < minItems)
      return this.error(path, `expected at least ${minItems} string${minItems === 1 ? '' : 's'}`);
    return v as string[];
  }

  /** Upstream ids and GATT uuids: the schema's lowercase 8-4-4-4-12 form. */
  uuid(v: unknown, path: string): string | undefined {
    if (typeof v === 'string' && UUID.test(v)) return v;
    return this.error(
      path,
      `expected lowercase uuid, got ${typeof v === 'string' ? JSON.stringify(v) : kind(v)}`,
    );
  }

  /** `[min, max]` of integers with min ≤ max. */
  range(v: unknown, path: string, min = Number.MIN_SAFE_INTEGER): Range | undefined {
    if (!Array.isArray(v) || v.length !== 2 || !v.every((n) => Number.isInteger(n))) {
      return this.error(path, 'expected [min, max] integers');
    }
    const [lo, hi] = v as [number, number];
    if (lo > hi) return this.error(path, `empty range [${lo}, ${hi}]`);
    if (lo < min) return this.error(path, `range [${lo}, ${hi}] starts below ${min}`);
    return [lo, hi];
  }

  /**
   * Report keys outside `allowed`: an error where the upstream schema closes the object, a warning
   * (ignored) where it leaves it open, as upstream then ignores them too.
   */
  keys(
    o: Json,
    path: string,
    allowed: readonly string[],
    unknown: 'error' | 'warn' = 'error',
    hint?: Readonly<Record<string, string>>,
  ): void {
    for (const k of Object.keys(o)) {
      if (allowed.includes(k)) continue;
      const more = hint?.[k] ? `; did you mean "${hint[k]}"?` : '';
      if (unknown === 'error') this.error(join(path, k), `unknown property${more}`);
      else this.warn(join(path, k), `unknown property, ignored${more}`);
    }
  }

  required(o: Json, path: string, names: readonly string[]): boolean {
    let ok = true;
    for (const n of names) {
      if (!(n in o)) {
        this.error(join(path, n), 'required');
        ok = false;
      }
    }
    return ok;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `a.b` for a key, or just `b` at the root. */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Parse text as JSON, or record why not (the parser's message carries the position). */
export function parseJson(text: string, c: Checker): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    c.errors.push(`${c.source}: not valid JSON: ${(err as Error).message}`);
    return undefined;
  }
}

/** Read a file as UTF-8, or record why it cannot be read. */
export function readText(file: string, c: Checker): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    c.errors.push(`${c.source}: cannot read: ${e.code ?? e.message}`);
    return undefined;
  }
}

/** Config files carry `version: {major, minor}`; only major 4 is this format. */
export function checkVersion(root: Json, c: Checker): void {
  if (!c.required(root, '', ['version'])) return;
  const v = c.object(root['version'], 'version');
  if (!v) return;
  const major = c.integer(v['major'], 'version.major', 1);
  if (v['minor'] !== undefined) c.integer(v['minor'], 'version.minor', 0);
  if (major !== undefined && major !== 4)
    c.error('version.major', `expected 4 (device config format v4), got ${major}`);
}
