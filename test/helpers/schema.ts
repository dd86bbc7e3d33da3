// The upstream message schema (../shared/reference/buttplug-schema.json, read at test time):
// validators per spec version, and the message names each version defines.

import { readFileSync } from 'node:fs';
import AjvModule, { type ValidateFunction } from 'ajv';
import { hasReference, referencePath } from './reference.js';

interface Schema {
  readonly specs: Record<string, { readonly items: { readonly properties: Record<string, unknown> } }>;
}

let schema: Schema | undefined;
let ajv: InstanceType<typeof AjvModule.default> | undefined;
const validators = new Map<string, ValidateFunction>();

function loadSchema(): Schema {
  return (schema ??= JSON.parse(readFileSync(referencePath('buttplug-schema.json'), 'utf8')) as Schema);
}

function compile(ref: string): ValidateFunction {
  let v = validators.get(ref);
  if (v === undefined) {
    if (ajv === undefined) {
      // ajv is CommonJS: under NodeNext its class is the default export's `default`.
      ajv = new AjvModule.default({ strict: false, allErrors: true });
      ajv.addSchema(loadSchema(), 'buttplug');
    }
    v = ajv.compile({ $ref: ref });
    validators.set(ref, v);
  }
  return v;
}

/** Validator of the upstream `MessageSpecVn`: a whole frame (an array of messages). */
export function specValidator(version: number): ValidateFunction {
  return compile(`buttplug#/specs/MessageSpecV${version}`);
}

/** The whole schema (any version's frame): what the reference server checks its output against. */
export function anyVersionValidator(): ValidateFunction {
  return compile('buttplug#');
}

/** Every message name (client's and server's) the schema lists for spec `version`. */
export function specMessageNames(version: number): string[] {
  return Object.keys(loadSchema().specs[`MessageSpecV${version}`]!.items.properties);
}

/**
 * Problems with `messages` (server → client) under spec `version`; [] when all validate. Messages
 * the reference server also sends outside the version's list (ScanningFinished to v0/v1) are
 * checked against the whole schema instead, as upstream checks its own output.
 */
export function schemaProblems(version: number, messages: readonly object[]): string[] {
  if (!hasReference) return [];
  const v = specValidator(version);
  const problems: string[] = [];
  for (const m of messages) {
    if (v([m])) continue;
    if ('ScanningFinished' in m && version <= 1) continue;
    problems.push(`${JSON.stringify(m)}: ${JSON.stringify(v.errors?.slice(0, 3))}`);
  }
  return problems;
}
