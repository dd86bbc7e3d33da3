// The policy step (architecture.md "Rooms of clients"): after a client's command is converted up
// and before the hub sees it. A role decides which devices a client sees, which of their outputs
// and inputs, and how far each output may go. Views are computed once per role and device (not
// per message) and handed to the codec as the device's description, so a feature or output the
// client may not use does not exist for it: conversion refuses it exactly as it refuses a feature
// the device lacks. Caps scale values after conversion, so every spec version's commands (legacy
// ones included) pass through the same arithmetic.

import type { DeviceDescriptor, FeatureDef, OutputCommand, OutputSpec, Range } from '../core/index.js';
import type { Aggregate, DeviceStops, Role } from './access-config.js';

/** What the policy needs to know about a device. */
export interface PolicyDevice {
  readonly index: number;
  readonly protocol: string;
  readonly address: string;
  readonly descriptor: DeviceDescriptor;
}

/** A device as one role sees it: its own index, a description with only what the role allows. */
export interface DeviceView {
  readonly index: number;
  readonly descriptor: DeviceDescriptor;
  /** Per feature index, per output type, the cap to apply (absent = 1). Null when nothing is capped. */
  readonly caps: ReadonlyArray<Readonly<Partial<Record<string, number>>> | undefined> | null;
}

/**
 * A value the client sent, in [min, max] of the device's range, mapped so that the client's full
 * range covers only `cap` of it. Signed ranges ([-n, n]: direction by sign) scale the magnitude.
 * Never above cap × range, whatever the rounding.
 */
export function capValue(value: number, range: Range, cap: number): number {
  if (cap >= 1) return value;
  const [min, max] = range;
  if (min < 0 && max > 0) {
    const magnitude = Math.abs(value);
    const top = Math.floor(Math.max(-min, max) * cap + 1e-9);
    const scaled = Math.min(Math.round(magnitude * cap), top);
    return value < 0 ? -scaled : scaled;
  }
  const span = max - min;
  const top = Math.floor(span * cap + 1e-9);
  return min + Math.min(Math.round((value - min) * cap), top);
}

export class RolePolicy {
  readonly name: string;
  readonly ratePerSecond: number | null;
  readonly scan: boolean;
  readonly sensors: boolean;
  readonly deviceStops: DeviceStops;
  /** How this role's clients share an output (applied on cluster edges). */
  readonly aggregate: Aggregate;
  private readonly everyDevice: boolean;
  private readonly deviceNames: ReadonlySet<string>;
  /** Views per device object: devices are new objects when they (re)appear, so entries die with them. */
  private readonly views = new WeakMap<PolicyDevice, DeviceView | null>();

  constructor(readonly role: Role) {
    this.name = role.name;
    this.ratePerSecond = role.ratePerSecond;
    this.scan = role.scan;
    this.sensors = role.sensors;
    this.deviceStops = role.deviceStops;
    this.aggregate = role.aggregate;
    this.everyDevice = role.devices.includes('*');
    this.deviceNames = new Set(role.devices);
  }

  /** The device as this role sees it, or null when the role may not see it at all. */
  view(device: PolicyDevice): DeviceView | null {
    let v = this.views.get(device);
    if (v === undefined) {
      v = this.makeView(device);
      this.views.set(device, v);
    }
    return v;
  }

  private matches(device: PolicyDevice): boolean {
    if (this.everyDevice) return true;
    const d = device.descriptor;
    return (
      this.deviceNames.has(d.name) ||
      (d.displayName !== undefined && this.deviceNames.has(d.displayName)) ||
      this.deviceNames.has(`${device.protocol}:${device.address}`)
    );
  }

  private makeView(device: PolicyDevice): DeviceView | null {
    if (!this.matches(device)) return null;
    const allowed = this.role.outputs;
    if (allowed === null && this.sensors)
      return { index: device.index, descriptor: device.descriptor, caps: null };
    const features: FeatureDef[] = [];
    const caps: Array<Partial<Record<string, number>> | undefined> = [];
    let anyCap = false;
    for (const f of device.descriptor.features) {
      let output: Partial<Record<string, OutputSpec>> | undefined;
      if (f.output) {
        for (const [type, spec] of Object.entries(f.output)) {
          const rule = allowed === null ? undefined : allowed.get(type as never);
          if (allowed !== null && rule === undefined) continue;
          (output ??= {})[type] = spec;
          if (rule !== undefined && rule.cap < 1) {
            (caps[f.index] ??= {})[type] = rule.cap;
            anyCap = true;
          }
        }
      }
      const input = this.sensors ? f.input : undefined;
      if (output === undefined && input === undefined) continue;
      features.push({ ...f, output, input });
    }
    // A device with nothing this role may use is not shown at all.
    if (features.length === 0) return null;
    const descriptor: DeviceDescriptor = { ...device.descriptor, features };
    return { index: device.index, descriptor, caps: anyCap ? caps : null };
  }

  /**
   * The commands with this role's caps applied (the same array when nothing is capped). Values
   * are scaled in the device's own range, from the view's description. Generic so that a command
   * keeps its type (the codec's Checked brand): a capped value moves toward zero inside the same
   * range, so what was checked against the device stays true.
   */
  capped<C extends OutputCommand>(view: DeviceView, commands: readonly C[]): readonly C[] {
    const caps = view.caps;
    if (caps === null) return commands;
    let out: C[] | null = null;
    for (let i = 0; i < commands.length; i++) {
      const c = commands[i]!;
      const cap = caps[c.feature]?.[c.type];
      if (cap === undefined) continue;
      const spec = featureOutput(view.descriptor, c.feature, c.type);
      if (spec === undefined) continue;
      out ??= commands.slice();
      out[i] = { ...c, value: capValue(c.value, spec.value, cap) };
    }
    return out ?? commands;
  }
}

function featureOutput(d: DeviceDescriptor, feature: number, type: string): OutputSpec | undefined {
  for (const f of d.features) if (f.index === feature) return f.output?.[type as never];
  return undefined;
}
