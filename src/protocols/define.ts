// Compact builders for protocol definitions. Most families are "these advertised names, these
// characteristics, these devices with a few features": written as tables, a family's database
// entry reads like the facts it records. Used by every protocol module; keeps their shapes alike.

import type {
  BtleSpecifier,
  CommunicationSpecifier,
  DeviceConfig,
  ManufacturerDataFilter,
} from '../core/database.js';
import type { FeatureDef, InputCommandType, InputType, OutputType, Range } from '../core/features.js';

/** The Bluetooth SIG base uuid tail: short uuids "fff0" become "0000fff0" + this. */
export const BT_BASE_TAIL = '-0000-1000-8000-00805f9b34fb';

/** "fff0" → "0000fff0-0000-1000-8000-00805f9b34fb"; full uuids pass through lower-cased. */
export function uuid16(short: string): string {
  return short.length === 4 ? `0000${short.toLowerCase()}${BT_BASE_TAIL}` : short.toLowerCase();
}

export interface BtleFacts {
  readonly names: readonly string[];
  /** service uuid → endpoint name → characteristic uuid (short forms allowed, see uuid16). */
  readonly services: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly advertisedServices?: readonly string[];
  readonly manufacturerData?: readonly ManufacturerDataFilter[];
}

/** A Bluetooth LE communication specifier, with short uuids expanded. */
export function btle(facts: BtleFacts): CommunicationSpecifier {
  const services: Record<string, Record<string, string>> = {};
  for (const [svc, chars] of Object.entries(facts.services)) {
    services[uuid16(svc)] = Object.fromEntries(Object.entries(chars).map(([ep, ch]) => [ep, uuid16(ch)]));
  }
  const spec: BtleSpecifier = {
    names: facts.names,
    services,
    ...(facts.advertisedServices && { advertisedServices: facts.advertisedServices.map(uuid16) }),
    ...(facts.manufacturerData && { manufacturerData: facts.manufacturerData }),
  };
  return { btle: spec };
}

export interface OutputOptions {
  readonly min?: number;
  readonly description?: string;
  /** Milliseconds range, for HwPositionWithDuration. */
  readonly duration?: Range;
}

/** A feature with one output type, steps [min, max]. */
export function output(
  index: number,
  id: string | undefined,
  type: OutputType,
  max: number,
  opts: OutputOptions = {},
): FeatureDef {
  return {
    index,
    ...(id !== undefined && { id }),
    description: opts.description ?? '',
    output: { [type]: { value: [opts.min ?? 0, max], ...(opts.duration && { duration: opts.duration }) } },
  };
}

/** A feature with one input type. */
export function input(
  index: number,
  id: string | undefined,
  type: InputType,
  ranges: readonly Range[],
  commands: readonly InputCommandType[],
  description = '',
): FeatureDef {
  return {
    index,
    ...(id !== undefined && { id }),
    description,
    input: { [type]: { value: ranges, command: commands } },
  };
}

/** The usual battery feature: one reading 0–100, read on request. */
export function battery(index: number, id?: string, description = 'Battery Level'): FeatureDef {
  return input(index, id, 'Battery', [[0, 100]], ['Read'], description);
}

/**
 * A configuration selected by identifiers (for most families: the advertised name). Features
 * absent = the protocol defaults' features.
 */
export function device(
  name: string,
  id: string | undefined,
  identifiers: readonly string[] | undefined,
  features?: readonly FeatureDef[],
  extra: Partial<DeviceConfig> = {},
): DeviceConfig {
  return {
    name,
    ...(id !== undefined && { id }),
    ...(identifiers !== undefined && { identifiers }),
    ...(features !== undefined && { features }),
    ...extra,
  };
}
