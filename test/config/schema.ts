// The upstream device config schema (read from the reference folder at test time), compiled with
// ajv, to check that our loaders accept and refuse the same files upstream's validator does.

import { readFileSync } from 'node:fs';
import ajvModule from 'ajv';
import { referencePath } from '../helpers/reference.js';

let validate: ((data: unknown) => boolean) | undefined;

export function upstreamSchemaAccepts(file: string): boolean {
  if (validate === undefined) {
    const ajv = new ajvModule.default({ allErrors: true, strict: false });
    validate = ajv.compile(
      JSON.parse(readFileSync(referencePath('buttplug-device-config-schema-v4.json'), 'utf8')) as object,
    );
  }
  return validate(JSON.parse(readFileSync(file, 'utf8')) as unknown) === true;
}
