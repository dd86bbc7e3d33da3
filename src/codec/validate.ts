// Hand-built field validators. Each message definition composes these once, at module load, into
// one check per message; decoding a message then runs plain type tests with no allocation on the
// success path. A failing check returns an Issue whose path is assembled on the way back up, so
// the cost of naming the field (`VibrateCmd.Speeds[1].Speed`) is paid only when input is bad.
// No JSON-schema engine at run time: ajv is only used by the tests, against the upstream schema.

/**
 * Why a value was refused. A class so that a check's result is told apart from the checked value
 * with one `instanceof`; allocated only when input is bad.
 */
export class Issue {
  constructor(
    readonly reason: string,
    /** Field path from the message body down, innermost last; filled in while unwinding. */
    readonly path: Array<string | number>,
  ) {}
}

/**
 * Returns the value itself, narrowed to T, when it is acceptable, else the Issue. Returning the
 * input (never a copy) keeps the success path free of allocation.
 */
export type Check<T> = (value: unknown) => T | Issue;

/** What a check lets through. */
export type Checked<C> = C extends Check<infer T> ? T : never;

export function issue(reason: string, ...path: Array<string | number>): Issue {
  return new Issue(reason, path);
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
  return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : issue(reason));
}

/** Unsigned 32-bit integer (indexes, durations). */
export const u32 = integer(0, U32_MAX);
/** A client message Id: 0 is reserved for server events. */
export const clientId = integer(1, U32_MAX);

export function number(min: number, max: number): Check<number> {
  const reason = `must be a number in [${min}, ${max}]`;
  return (v) => (typeof v === 'number' && v >= min && v <= max ? v : issue(reason));
}

/** The 0.0–1.0 floats of v0–v3 device commands. */
export const unit = number(0, 1);

export const string: Check<string> = (v) => (typeof v === 'string' ? v : issue('must be a string'));
export const boolean: Check<boolean> = (v) => (typeof v === 'boolean' ? v : issue('must be a boolean'));

/**
 * A string that must be a key of `names` (which may hold aliases mapping to one canonical name).
 * It stays the string the client sent; `names.get` gives the canonical name where it is used.
 */
export function oneOf(names: ReadonlyMap<string, string>, shown: readonly string[]): Check<string> {
  const reason = `must be one of ${shown.join(', ')}`;
  return (v) => (typeof v === 'string' && names.has(v) ? v : issue(reason));
}

export function arrayOf<T>(item: Check<T>, minItems = 0): Check<readonly T[]> {
  const short = minItems > 0 ? `must be an array of at least ${minItems} item${minItems > 1 ? 's' : ''}` : 'must be an array';
  return (v) => {
    if (!Array.isArray(v) || v.length < minItems) return issue(short);
    for (let i = 0; i < v.length; i++) {
      const found = item(v[i]);
      if (found instanceof Issue) {
        found.path.unshift(i);
        return found;
      }
    }
    // Every item passed `item`: the array is a T[] (Array.isArray types it any[], no cast needed).
    return v;
  };
}

type Fields = Readonly<Record<string, Check<unknown>>>;

/** The object `object(required, optional)` lets through. */
export type Shape<R extends Fields, O extends Fields> = { readonly [K in keyof R]: Checked<R[K]> } & { readonly [K in keyof O]?: Checked<O[K]> };

/**
 * An object with exactly these fields: every `required` one, any of `optional`, nothing else
 * (the upstream schema sets additionalProperties: false on every client message).
 */
export function object<R extends Fields, O extends Fields = Record<never, never>>(required: R, optional?: O): Check<Shape<R, O>> {
  const req = Object.entries(required);
  const opt = Object.entries(optional ?? {});
  const known = new Set([...Object.keys(required), ...Object.keys(optional ?? {})]);
  return (v) => {
    if (!isPlainObject(v)) return issue('must be an object');
    let seen = 0;
    for (const [key, check] of req) {
      const field = v[key];
      if (field === undefined) return issue('is required', key);
      const found = check(field);
      if (found instanceof Issue) {
        found.path.unshift(key);
        return found;
      }
      seen++;
    }
    for (const [key, check] of opt) {
      const field = v[key];
      if (field === undefined) continue;
      const found = check(field);
      if (found instanceof Issue) {
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
    // The one cast the checks need, and why it holds: every required field is present and passed
    // its Check, every optional one present passed its Check, and no other field exists, which is
    // exactly Shape<R, O>. TypeScript cannot follow that through the loops over the entries.
    return v as Shape<R, O>;
  };
}

/** A map from canonical names plus their accepted aliases to the canonical name. */
export function nameTable<N extends string>(canonical: readonly N[], aliases: Readonly<Record<string, N>> = {}): ReadonlyMap<string, N> {
  const table = new Map<string, N>();
  for (const name of canonical) table.set(name, name);
  for (const [alias, name] of Object.entries(aliases)) table.set(alias, name);
  return table;
}
