// Device capabilities in spec v4 terms. Every layer describes devices with these types: the
// protocol modules declare them, the codec converts them down to older spec versions, the hub
// validates commands against them. Names follow the v4 wire names exactly (upstream
// `OutputType`/`InputType`), so no mapping is needed at the v4 boundary.

export const OUTPUT_TYPES = [
  'Vibrate',
  'Rotate', // signed: the sign is the direction where the range is [-n, n]
  'Oscillate',
  'Constrict',
  'Spray',
  'Temperature',
  'Led',
  'Position',
  'HwPositionWithDuration',
] as const;
export type OutputType = (typeof OUTPUT_TYPES)[number];

const OUTPUT_TYPE_NUMBER: ReadonlyMap<string, number> = new Map(OUTPUT_TYPES.map((t, i) => [t, i]));

/**
 * A number naming one output of a device, unique per (feature, output type): the key of per-output
 * state on the command path, where building a string key per command would cost an allocation.
 */
export function outputId(feature: number, type: OutputType): number {
  return feature * OUTPUT_TYPES.length + OUTPUT_TYPE_NUMBER.get(type)!;
}

export const INPUT_TYPES = ['Battery', 'Rssi', 'Button', 'Pressure', 'Depth', 'Position'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

export const INPUT_COMMANDS = ['Read', 'Subscribe', 'Unsubscribe'] as const;
export type InputCommandType = (typeof INPUT_COMMANDS)[number];

/** Inclusive integer range [min, max]. */
export type Range = readonly [number, number];

export interface OutputSpec {
  /** Steps the client may send, inclusive. */
  readonly value: Range;
  /** Milliseconds, only for HwPositionWithDuration. */
  readonly duration?: Range;
}

export interface InputSpec {
  /** One range per value a reading carries (a battery reading has one). */
  readonly value: readonly Range[];
  readonly command: readonly InputCommandType[];
}

export interface FeatureDef {
  /** Position in the device's feature list; what clients call FeatureIndex. */
  readonly index: number;
  /** Upstream feature uuid; user device configs name the feature they override by it (`base_id`). */
  readonly id?: string;
  readonly description: string;
  readonly output?: Readonly<Partial<Record<OutputType, OutputSpec>>>;
  readonly input?: Readonly<Partial<Record<InputType, InputSpec>>>;
}

/** A device as the hub and the codec see it once a bus has identified and initialised it. */
export interface DeviceDescriptor {
  /** Database name, e.g. "Lovense Hush". */
  readonly name: string;
  /** User-configured display name, if any. */
  readonly displayName?: string;
  /** Minimum milliseconds between writes to the device (DeviceMessageTimingGap). */
  readonly messageTimingGap: number;
  readonly features: readonly FeatureDef[];
}

/** Output types that a stop sets to zero. Position-like outputs hold where they are. */
export const STOPPABLE_OUTPUTS: ReadonlySet<OutputType> = new Set<OutputType>([
  'Vibrate',
  'Rotate',
  'Oscillate',
  'Constrict',
  'Spray',
  'Temperature',
  'Led',
]);
