// Turning a crowd into one level (docs/cluster.md, "Aggregation"). Clients of a role whose
// `aggregate` is "mean" or "max" do not take turns on an output (latest wins); each is one voice,
// counted while it is active — for ACTIVE_MS after its last command on that output, or until it
// stops or leaves. An edge sums (or takes the max of) its own active voices per output and sends
// that with their count; the stage combines the edges' shares exactly: Σsum / Σcount, or the max.

import type { OutputType } from '../core/index.js';
import { MIX_MAX, type MIX_MEAN, OP_MIX, type Intent } from './wire.js';

/** A voice counts this long after its last command on an output. */
export const ACTIVE_MS = 2000;

export type MixRule = typeof MIX_MEAN | typeof MIX_MAX;

interface Voice {
  value: number;
  at: number;
}

interface EdgeOutput {
  readonly device: number;
  readonly feature: number;
  readonly type: OutputType;
  rule: MixRule;
  readonly voices: Map<number, Voice>;
  /** Changed since the last share was sent. */
  dirty: boolean;
}

/** A number per output, with no string built per command. */
export function outputSlot(device: number, feature: number, typeIndex: number): number {
  return device * 65536 + feature * 64 + typeIndex;
}

/** One edge's voices, per output. */
export class EdgeMix {
  private readonly outputs = new Map<number, EdgeOutput>();

  get size(): number {
    return this.outputs.size;
  }

  set(
    slot: number,
    owner: number,
    device: number,
    feature: number,
    type: OutputType,
    rule: MixRule,
    value: number,
    now: number,
  ): void {
    let out = this.outputs.get(slot);
    if (!out) this.outputs.set(slot, (out = { device, feature, type, rule, voices: new Map(), dirty: true }));
    out.rule = rule;
    const voice = out.voices.get(owner);
    if (voice === undefined) out.voices.set(owner, { value, at: now });
    else {
      if (voice.value === value) {
        voice.at = now;
        return;
      }
      voice.value = value;
      voice.at = now;
    }
    out.dirty = true;
  }

  /** The owner fell silent on these outputs (a stop, a disconnect): its voice no longer counts. */
  forget(owner: number, device?: number, feature?: number): void {
    for (const out of this.outputs.values()) {
      if (device !== undefined && out.device !== device) continue;
      if (feature !== undefined && out.feature !== feature) continue;
      if (out.voices.delete(owner)) out.dirty = true;
    }
  }

  /** Everyone's voices on a device (it was stopped for everyone). */
  forgetDevice(device: number, feature?: number): void {
    for (const out of this.outputs.values()) {
      if (out.device !== device || (feature !== undefined && out.feature !== feature)) continue;
      if (out.voices.size > 0) out.dirty = true;
      out.voices.clear();
    }
  }

  /** Voices silent for ACTIVE_MS leave; returns whether any share changed. */
  expire(now: number): boolean {
    let changed = false;
    for (const out of this.outputs.values()) {
      for (const [owner, v] of out.voices) {
        if (now - v.at < ACTIVE_MS) continue;
        out.voices.delete(owner);
        out.dirty = true;
      }
      changed ||= out.dirty;
    }
    return changed;
  }

  /** Append a share for every changed output; outputs nobody voices are sent once (count 0) and forgotten. */
  collect(items: Intent[]): void {
    for (const [slot, out] of this.outputs) {
      if (!out.dirty) continue;
      out.dirty = false;
      let level = 0;
      for (const v of out.voices.values())
        level = out.rule === MIX_MAX ? Math.max(level, Math.abs(v.value)) : level + v.value;
      items.push([OP_MIX, out.device, out.feature, out.type, out.rule, level, out.voices.size]);
      if (out.voices.size === 0) this.outputs.delete(slot);
    }
  }

  /** Mark every output changed (after a reconnect the stage may have forgotten this edge's shares). */
  resend(): void {
    for (const out of this.outputs.values()) out.dirty = true;
  }
}

interface Share {
  level: number;
  count: number;
}

interface RoomOutput {
  rule: MixRule;
  readonly shares: Map<string, Share>;
}

/** The stage's view: every edge's share per output, combined. */
export class RoomMix {
  private readonly outputs = new Map<string, RoomOutput>();

  /** Record an edge's share; returns the combined value, or null when no voice is left. */
  share(key: string, edge: string, rule: MixRule, level: number, count: number): number | null {
    let out = this.outputs.get(key);
    if (!out) this.outputs.set(key, (out = { rule, shares: new Map() }));
    out.rule = rule;
    if (count > 0) out.shares.set(edge, { level, count });
    else out.shares.delete(edge);
    return this.combined(key, out);
  }

  /** An edge is gone: the outputs whose combined value changed, with that value (null: nobody left). */
  dropEdge(edge: string): Array<[key: string, value: number | null]> {
    const changed: Array<[string, number | null]> = [];
    for (const [key, out] of this.outputs)
      if (out.shares.delete(edge)) changed.push([key, this.combined(key, out)]);
    return changed;
  }

  /** Forget every share on a device (stopped for everyone). */
  dropDevice(prefix: string): void {
    for (const key of [...this.outputs.keys()]) if (key.startsWith(prefix)) this.outputs.delete(key);
  }

  clear(): void {
    this.outputs.clear();
  }

  private combined(key: string, out: RoomOutput): number | null {
    let level = 0;
    let count = 0;
    for (const s of out.shares.values()) {
      count += s.count;
      level = out.rule === MIX_MAX ? Math.max(level, s.level) : level + s.level;
    }
    if (count === 0) {
      this.outputs.delete(key);
      return null;
    }
    // Device steps are whole numbers: the mean is rounded to the nearest step.
    return out.rule === MIX_MAX ? level : Math.round(level / count);
  }
}

/** The stage's key for a combined output: device, feature and type. */
export function mixKey(device: number, feature: number, type: string): string {
  return `${device}:${feature}:${type}`;
}
