// A user's per-feature overrides (upstream user config `features[].output`) turned into what the
// server needs: the features as clients see them, and the limits that map a client's step back
// to the device's step. Semantics from upstream server_device_feature.rs (RangeWithLimit):
//
// - A user range [lo, hi] must lie inside [0, max] of the base range. Clients then get hi − lo
//   steps: [0, hi−lo], or [−(hi−lo), hi−lo] when the base is signed (rotation direction).
// - A client step s ≠ 0 is sent as sign(s)·(lo + |s|); 0 stays 0, so a stop is still a stop.
// - Position outputs map s to lo + s, or hi − s when reversed (0 included: it is a place, not a
//   stop; upstream passes 0 through unmapped for HwPositionWithDuration, which breaks reverse).
// - A disabled output is hidden from clients; the protocol still has it (a Lovense Mply packet
//   keeps its slot).
// - Duration ranges are milliseconds, not steps: a user duration range is shown as given.

import type { UserFeatureOverride } from '../core/channel.js';
import type { OutputCommand } from '../core/commands.js';
import type { FeatureDef, OutputSpec, OutputType, Range } from '../core/features.js';
import { upstreamOutputName } from './upstream-loader.js';

export interface OutputLimit {
  readonly feature: number;
  readonly type: OutputType;
  readonly lo: number;
  readonly hi: number;
  readonly reverse: boolean;
}

export interface UserView {
  /** Features as clients see them (no upstream ids). */
  readonly features: readonly FeatureDef[];
  /** Empty when no output is narrowed or reversed. */
  readonly limits: readonly OutputLimit[];
  /** Whether any output override exists; if not, clients see the configuration as it is. */
  readonly customised: boolean;
}

const POSITIONAL: ReadonlySet<OutputType> = new Set<OutputType>(['Position', 'HwPositionWithDuration']);

function inside(r: Range, max: number): boolean {
  return r[0] >= 0 && r[1] <= max && r[0] <= r[1];
}

/**
 * Check `overrides` against the base configuration's `base` features (with ids) and build the
 * client view. Upstream rejects the whole entry when the feature lists differ or a range does
 * not fit; so do we: `warn` is told why (path relative to the entry's `config.features`,
 * `dropsEntry` true) and the result is undefined. Lesser problems are warned with false.
 */
export function compileUserView(
  base: readonly FeatureDef[],
  overrides: readonly UserFeatureOverride[],
  warn: (path: string, message: string, dropsEntry: boolean) => void,
): UserView | undefined {
  if (overrides.length !== base.length) {
    warn('', `has ${overrides.length} features, its base configuration ${base.length}`, true);
    return undefined;
  }
  const limits: OutputLimit[] = [];
  const features: FeatureDef[] = [];
  for (const [i, o] of overrides.entries()) {
    const f = base.find((b) => b.id === o.baseId);
    if (f === undefined) {
      warn(`[${i}].base_id`, `no feature with id ${o.baseId} in the base configuration`, true);
      return undefined;
    }
    const { id: _id, ...client } = f;
    if (o.output === undefined || f.output === undefined) {
      features.push(client);
      continue;
    }
    const output: Partial<Record<OutputType, OutputSpec>> = {};
    for (const [type, spec] of Object.entries(f.output) as [OutputType, OutputSpec][]) {
      const u = o.output[type];
      const path = `[${i}].output.${upstreamOutputName(type)}`;
      const max = spec.value[1];
      if (u?.value && !inside(u.value, max)) {
        warn(`${path}.value`, `[${u.value.join(', ')}] is outside the base range [0, ${max}]`, true);
        return undefined;
      }
      const baseDuration = spec.duration;
      if (u?.duration && baseDuration && !inside(u.duration, baseDuration[1])) {
        warn(
          `${path}.duration`,
          `[${u.duration.join(', ')}] is outside the base range [0, ${baseDuration[1]}]`,
          true,
        );
        return undefined;
      }
      if (u?.disabled) continue;
      const [lo, hi] = u?.value ?? [0, max];
      const reverse = POSITIONAL.has(type) && u?.reverse === true;
      if (u?.value || reverse) limits.push({ feature: f.index, type, lo, hi, reverse });
      const steps = hi - lo;
      const value: Range = u?.value ? (spec.value[0] < 0 ? [-steps, steps] : [0, steps]) : spec.value;
      const duration = u?.duration ?? baseDuration;
      output[type] = duration ? { value, duration } : { value };
    }
    for (const type of Object.keys(o.output) as OutputType[]) {
      if (f.output[type] === undefined)
        warn(
          `[${i}].output.${upstreamOutputName(type)}`,
          'the base feature has no such output; ignored',
          false,
        );
    }
    const { output: _out, ...rest } = client;
    features.push(Object.keys(output).length > 0 ? { ...rest, output } : rest);
  }
  return {
    features,
    limits,
    customised: overrides.some((o) => o.output !== undefined && Object.keys(o.output).length > 0),
  };
}

/** A client's command in device steps, per the user's limits (unchanged when none apply). */
export function toDeviceCommand(limits: readonly OutputLimit[], cmd: OutputCommand): OutputCommand {
  if (limits.length === 0) return cmd;
  const l = limits.find((x) => x.feature === cmd.feature && x.type === cmd.type);
  if (l === undefined) return cmd;
  let value: number;
  if (POSITIONAL.has(cmd.type)) value = l.reverse ? l.hi - cmd.value : l.lo + cmd.value;
  else value = cmd.value === 0 ? 0 : Math.sign(cmd.value) * (l.lo + Math.abs(cmd.value));
  return { ...cmd, value };
}
