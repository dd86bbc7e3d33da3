// Compact table rows for the long device tables (joyhub 137 configurations, galaku 107, satisfyer
// 84, …): one short row per configuration and per feature, expanded into the database shapes with
// the define.ts builders, so a table reads like the upstream facts it records.

import type { DeviceConfig } from '../../core/database.js';
import type { FeatureDef, OutputType } from '../../core/features.js';
import { battery, device, output } from '../define.js';

/** Output codes of the feature rows: a letter, then the range maximum (minimum 0, or −max for "R-"). */
const OUTPUT_CODES: Readonly<Record<string, OutputType>> = {
  V: 'Vibrate',
  R: 'Rotate',
  O: 'Oscillate',
  C: 'Constrict',
  S: 'Spray',
  T: 'Temperature',
  L: 'Led',
};

/**
 * One feature: [index, code, upstream feature uuid, description?]. Codes: "V255" = Vibrate 0–255,
 * "R-100" = Rotate −100–100 (signed), "O", "C", "S" (Spray), "T" (Temperature), "L" (Led) likewise;
 * "B" = the battery input (read); "" = a feature without outputs (upstream keeps such
 * placeholders so the indexes after them stay the device's own slot numbers).
 */
export type FeatureRow = readonly [index: number, code: string, id: string, description?: string];

export function featureFromRow([index, code, id, description]: FeatureRow): FeatureDef {
  if (code === 'B') return battery(index, id, description ?? 'Battery Level');
  if (code === '') return { index, id, description: description ?? '' };
  const type = OUTPUT_CODES[code[0] ?? ''];
  const max = Number(code.slice(1).replace('-', ''));
  if (type === undefined || !Number.isInteger(max)) throw new Error(`bad feature code '${code}'`);
  const min = code[1] === '-' ? -max : 0;
  return output(index, id, type, max, { min, ...(description !== undefined && { description }) });
}

export function featuresFromRows(rows: readonly FeatureRow[]): FeatureDef[] {
  return rows.map(featureFromRow);
}

/**
 * One configuration: [identifier(s), name, upstream configuration uuid, features?]. Features
 * absent = the protocol defaults' features.
 */
export type ConfigRow = readonly [
  identifiers: string | readonly string[],
  name: string,
  id: string,
  features?: readonly FeatureRow[],
];

export function configFromRow([identifiers, name, id, features]: ConfigRow): DeviceConfig {
  return device(
    name,
    id,
    typeof identifiers === 'string' ? [identifiers] : identifiers,
    features && featuresFromRows(features),
  );
}

export function configsFromRows(rows: readonly ConfigRow[]): DeviceConfig[] {
  return rows.map(configFromRow);
}

/** The defaults entry: [name, uuid, features]. */
export function defaultsFromRow(name: string, id: string, features: readonly FeatureRow[]): DeviceConfig {
  return device(name, id, undefined, featuresFromRows(features));
}
