// Hand-built field validators. Each message definition composes these once, at module load, into
// one check per message; decoding a message then runs plain type tests with no allocation on the
// success path. A failing check returns an Issue whose path is assembled on the way back up, so
// the cost of naming the field (`VibrateCmd.Speeds[1].Speed`) is paid only when input is bad.
// No JSON-schema engine at run time: ajv is only used by the tests, against the upstream schema.

export interface Issue {
  /** Field path from the message body down, innermost last; filled in while unwinding. */
  readonly path: Array<string | number>;
  readonly reason: string;
}

/**
 * Returns undefined when the value is acceptable as a T, else the Issue. T is carried by the type
 * only (`accepts` is never set), so a value that passed can be handed on as a T (definition.ts
 * `message`) while the run-time check stays a plain test against undefined: measured, returning
 * the value and telling an Issue apart with `instanceof` doubled the cost of decoding a message.
 */
export interface Check<T> {
  (value: unknown): Issue | undefined;
  /** Never set: what a value that passes is, for the types. */
  readonly accepts?: T;
}

/** What a check lets through. */
export type Checked<C> = C extends Check<infer T> ? T : never;

export function issue(reason: string, ...path: Array<string | number>): Issue {
  return { path, reason };
}

/** `Name.Field[2].Sub` */
export function issuePath(messageName: string, found: Issue): string {
  let text = messageName;
  for (const p of found.path) text += typeof p === 'number' ? `[${p}]` : `.${p}`;
  return text;
}

export const U32_MAX = 0xffff_ffff;
export const I32_MIN = -0x8000_0000;
export const I32_MAX = 0x7fff_ffff;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function integer(min: number, max: number): Check<number> {
  const reason = `must be an integer in [${min}, ${max}]`;
  return (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? undefined : issue(reason);
}

/** Unsigned 32-bit integer (indexes, durations). */
export const u32 = integer(0, U32_MAX);
/** A client message Id: 0 is reserved for server events. */
export const clientId = integer(1, U32_MAX);

export function number(min: number, max: number): Check<number> {
  const reason = `must be a number in [${min}, ${max}]`;
  return (v) => (typeof v === 'number' && v >= min && v <= max ? undefined : issue(reason));
}

/** The 0.0–1.0 floats of v0–v3 device commands. */
export const unit = number(0, 1);

export const string: Check<string> = (v) => (typeof v === 'string' ? undefined : issue('must be a string'));
export const boolean: Check<boolean> = (v) =>
  typeof v === 'boolean' ? undefined : issue('must be a boolean');

/**
 * A string that must be a key of `names` (which may hold aliases mapping to one canonical name).
 * It stays the string the client sent; `names.get` gives the canonical name where it is used.
 */
export function oneOf(names: ReadonlyMap<string, string>, shown: readonly string[]): Check<string> {
  const reason = `must be one of ${shown.join(', ')}`;
  return (v) => (typeof v === 'string' && names.has(v) ? undefined : issue(reason));
}

export function arrayOf<T>(item: Check<T>, minItems = 0): Check<readonly T[]> {
  const short =
    minItems > 0
      ? `must be an array of at least ${minItems} item${minItems > 1 ? 's' : ''}`
      : 'must be an array';
  return (v) => {
    if (!Array.isArray(v) || v.length < minItems) return issue(short);
    for (let i = 0; i < v.length; i++) {
      const found = item(v[i]);
      if (found !== undefined) {
        found.path.unshift(i);
        return found;
      }
    }
    return undefined;
  };
}

type Fields = Readonly<Record<string, Check<unknown>>>;

/** The object `object(required, optional)` lets through. */
export type Shape<R extends Fields, O extends Fields> = { readonly [K in keyof R]: Checked<R[K]> } & {
  readonly [K in keyof O]?: Checked<O[K]>;
};

/**
 * An object with exactly these fields: every `required` one, any of `optional`, nothing else
 * (the upstream schema sets additionalProperties: false on every client message).
 */
export function object<R extends Fields>(required: R): Check<Shape<R, Record<never, never>>>;
export function object<R extends Fields, O extends Fields>(required: R, optional: O): Check<Shape<R, O>>;
export function object(required: Fields, optional: Fields = {}): Check<unknown> {
  const req = Object.entries(required);
  const opt = Object.entries(optional);
  const known = new Set([...Object.keys(required), ...Object.keys(optional)]);
  return (v) => {
    if (!isPlainObject(v)) return issue('must be an object');
    let seen = 0;
    for (const [key, check] of req) {
      const field = v[key];
      if (field === undefined) return issue('is required', key);
      const found = check(field);
      if (found !== undefined) {
        found.path.unshift(key);
        return found;
      }
      seen++;
    }
    for (const [key, check] of opt) {
      const field = v[key];
      if (field === undefined) continue;
      const found = check(field);
      if (found !== undefined) {
        found.path.unshift(key);
        return found;
      }
      seen++;
    }
    // Only walk the keys again when there are more than we matched.
    let count = 0;
    for (const key in v) if (Object.prototype.hasOwnProperty.call(v, key)) count++;
    if (count !== seen) {
      for (const key in v) if (!known.has(key)) return issue('is not an allowed field', key);
    }
    // Every required field is present and passed its Check, every optional one present passed its
    // Check, and no other field exists: the value is exactly a Shape<R, O>.
    return undefined;
  };
}

/** A map from canonical names plus their accepted aliases to the canonical name. */
export function nameTable<N extends string>(
  canonical: readonly N[],
  aliases: Readonly<Record<string, N>> = {},
): ReadonlyMap<string, N> {
  const table = new Map<string, N>();
  for (const name of canonical) table.set(name, name);
  for (const [alias, name] of Object.entries(aliases)) table.set(alias, name);
  return table;
}
