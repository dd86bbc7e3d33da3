// Compact table rows shared by batch C's device tables (joyhub 137 configurations, galaku 107,
// satisfyer 84, …): one short row per configuration and per feature, expanded into the database
// shapes with the define.ts builders. Also the few helpers these families' handlers share.

import type { OutputCommand } from '../core/commands.js';
import type { DeviceConfig } from '../core/database.js';
import type { FeatureDef, OutputType } from '../core/features.js';
import type { HwWrite, ResolvedDevice } from '../core/protocol.js';
import { battery, device, output } from './define.js';

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
export type ConfigRow = readonly [identifiers: string | readonly string[], name: string, id: string, features?: readonly FeatureRow[]];

export function configFromRow([identifiers, name, id, features]: ConfigRow): DeviceConfig {
  return device(name, id, typeof identifiers === 'string' ? [identifiers] : identifiers, features && featuresFromRows(features));
}

export function configsFromRows(rows: readonly ConfigRow[]): DeviceConfig[] {
  return rows.map(configFromRow);
}

/** The defaults entry: [name, uuid, features]. */
export function defaultsFromRow(name: string, id: string, features: readonly FeatureRow[]): DeviceConfig {
  return device(name, id, undefined, featuresFromRows(features));
}

// ------------------------------------------------------------------ handler helpers

export function write(endpoint: string, data: readonly number[] | Uint8Array, withResponse = false): HwWrite {
  return { endpoint, data: data instanceof Uint8Array ? data : Uint8Array.from(data), withResponse };
}

/** Feature indexes of the device's outputs, in feature order. */
export function outputIndexes(features: readonly FeatureDef[]): number[] {
  return features.filter((f) => f.output !== undefined && Object.keys(f.output).length > 0).map((f) => f.index);
}

/** The current value of (feature, type), 0 when never set. */
export function currentValue(current: ReadonlyMap<string, OutputCommand>, feature: number, type: string): number {
  return current.get(`${feature}:${type}`)?.value ?? 0;
}

/** The current value of a feature whatever its output type (features here carry one output). */
export function currentOf(current: ReadonlyMap<string, OutputCommand>, feature: number, types: readonly OutputType[]): number {
  for (const t of types) {
    const c = current.get(`${feature}:${t}`);
    if (c !== undefined) return c.value;
  }
  return 0;
}

/**
 * Facts a handler needs that only the connected hardware knows (its advertised name, which
 * endpoints it has), noted by initialise() for the createHandler() call on the same device: the
 * runtime hands both the same ResolvedDevice.
 */
export class HardwareFacts<T> {
  readonly #byDevice = new WeakMap<ResolvedDevice, T>();
  constructor(private readonly fallback: T) {}
  note(device: ResolvedDevice, facts: T): void {
    this.#byDevice.set(device, facts);
  }
  of(device: ResolvedDevice): T {
    return this.#byDevice.get(device) ?? this.fallback;
  }
}

/** Refuse, at configuration time, a device needing an output type the protocol cannot encode. */
export function checkOutputs(protocol: string, device: ResolvedDevice, supported: ReadonlySet<OutputType>): void {
  for (const f of device.features) {
    for (const type of Object.keys(f.output ?? {}) as OutputType[]) {
      if (!supported.has(type)) throw new Error(`${protocol} has no ${type} encoder (feature ${f.index} of ${device.config.name})`);
    }
  }
}
