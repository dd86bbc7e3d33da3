// Validates server messages against the upstream JSON schema for a spec version
// (../shared/reference/buttplug-schema.json, read at test time).

import { readFileSync } from 'node:fs';
import AjvModule, { type ValidateFunction } from 'ajv';
import { hasReference, referencePath } from './reference.js';

let validators: Map<number, ValidateFunction> | null = null;

function load(): Map<number, ValidateFunction> {
  if (validators) return validators;
  const schema = JSON.parse(readFileSync(referencePath('buttplug-schema.json'), 'utf8')) as Record<string, unknown>;
  const ajv = new AjvModule.default({ strict: false, allErrors: true });
  ajv.addSchema(schema, 'buttplug');
  validators = new Map();
  for (let v = 0; v <= 4; v++) validators.set(v, ajv.getSchema(`buttplug#/specs/MessageSpecV${v}`)!);
  return validators;
}

/**
 * Problems with `messages` (server → client) under spec `version`; [] when all validate. Messages
 * the reference server also sends outside the version's list (ScanningFinished to v0/v1) are
 * checked against the whole schema instead, as upstream checks its own output.
 */
export function schemaProblems(version: number, messages: readonly object[]): string[] {
  if (!hasReference) return [];
  const v = load().get(version)!;
  const problems: string[] = [];
  for (const m of messages) {
    if (v([m])) continue;
    if ('ScanningFinished' in m && version <= 1) continue;
    problems.push(`${JSON.stringify(m)}: ${JSON.stringify(v.errors?.slice(0, 3))}`);
  }
  return problems;
}
