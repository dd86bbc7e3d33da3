// Reading a device's outputs: which features carry them, and the step each is set to now. The
// coalescer records a flush's changes in the current-value table before encoding, so a packet
// carrying several motors is rebuilt from it (upstream keeps the last speed per motor instead).

import type { OutputCommand } from '../../core/commands.js';
import type { FeatureDef, OutputType } from '../../core/features.js';
import { outputKey } from '../../core/protocol.js';

/** The step last set for (feature, type); 0 before any command (upstream's initial speeds). */
export function currentValue(
  current: ReadonlyMap<string, OutputCommand>,
  feature: number,
  type: OutputType,
): number {
  return current.get(outputKey(feature, type))?.value ?? 0;
}

/** The step of a feature whatever its output type (for features carrying one output). */
export function currentOf(
  current: ReadonlyMap<string, OutputCommand>,
  feature: number,
  types: readonly OutputType[],
): number {
  for (const t of types) {
    const c = current.get(outputKey(feature, t));
    if (c !== undefined) return c.value;
  }
  return 0;
}

/** Feature indexes of the device's outputs, in feature order. */
export function outputIndexes(features: readonly FeatureDef[]): number[] {
  return features
    .filter((f) => f.output !== undefined && Object.keys(f.output).length > 0)
    .map((f) => f.index);
}

/** Number of features with a Vibrate output (several upstream initialisers count these). */
export function vibratorCount(features: readonly FeatureDef[]): number {
  let n = 0;
  for (const f of features) if (f.output?.Vibrate !== undefined) n++;
  return n;
}

/** An output feature and the output type that fills its place in a packet. */
export interface Slot {
  readonly feature: number;
  readonly type: OutputType;
}

/** Every feature with an output, with its first output type, in feature order. */
export function outputSlots(features: readonly FeatureDef[]): Slot[] {
  const slots: Slot[] = [];
  for (const f of features) {
    const type = f.output === undefined ? undefined : (Object.keys(f.output)[0] as OutputType | undefined);
    if (type !== undefined) slots.push({ feature: f.index, type });
  }
  return slots;
}

/**
 * The current step of each feature 0..size-1, by feature index (0 for a feature never set or
 * without output), as upstream's per-motor speed arrays hold them.
 */
export function slotValues(
  current: ReadonlyMap<string, OutputCommand>,
  slots: readonly Slot[],
  size: number,
): number[] {
  const values = new Array<number>(size).fill(0);
  for (const s of slots) {
    if (s.feature < size) values[s.feature] = current.get(outputKey(s.feature, s.type))?.value ?? 0;
  }
  return values;
}
