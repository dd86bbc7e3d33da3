// Shared pieces of batch E's protocol modules. Most of these families turn one output command
// into one fixed-shape packet, with nothing remembered between commands: such a module is its
// definition plus a table of per-output-type encoders, and `perCommandModule` builds the rest.
// Families that keep state or build one packet from several motors write their own handler and
// use `checkOutputs` to refuse, at configuration time, an output type they cannot encode.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import type { HardwareOps, HwWrite, ProtocolHandler, ProtocolModule, ResolvedDevice } from '../core/protocol.js';

export const TX = 'tx';

/** One write of `bytes` to `endpoint`. */
export function packet(bytes: readonly number[] | Uint8Array, withResponse: boolean, endpoint = TX): HwWrite {
  return { endpoint, data: Uint8Array.from(bytes), withResponse };
}

/** Output type → the writes for one command of that type. */
export type OutputEncoders = Readonly<Partial<Record<OutputType, (c: OutputCommand) => readonly HwWrite[]>>>;

/** Throws when a feature of `device` has an output type outside `supported` (checked once, at creation). */
export function checkOutputs(protocol: string, device: ResolvedDevice, supported: readonly OutputType[]): void {
  for (const f of device.features) {
    for (const type of Object.keys(f.output ?? {}) as OutputType[]) {
      if (!supported.includes(type)) throw new Error(`${protocol} has no ${type} encoder (feature ${f.index} of ${device.config.name})`);
    }
  }
}

/** Stateless: every changed output becomes its own writes, in the order the coalescer gives them. */
class PerCommandHandler implements ProtocolHandler {
  constructor(
    private readonly encoders: OutputEncoders,
    readonly keepaliveMs?: number,
  ) {}

  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    const writes: HwWrite[] = [];
    for (const c of changed) {
      const encode = this.encoders[c.type];
      if (encode !== undefined) writes.push(...encode(c));
    }
    return writes;
  }
}

export interface PerCommandFacts {
  readonly definition: ProtocolDefinition;
  readonly encoders: OutputEncoders;
  readonly identify?: (hw: HardwareOps) => Promise<string | undefined>;
  readonly initialise?: (hw: HardwareOps, device: ResolvedDevice) => Promise<void>;
  /** Repeat the last packet after this many idle ms (upstream RepeatLastPacketStrategyWithTiming). */
  readonly keepaliveMs?: number;
}

/** A protocol module whose encoder is a per-output-type table (see the header). */
export function perCommandModule(facts: PerCommandFacts): ProtocolModule {
  const supported = Object.keys(facts.encoders) as OutputType[];
  return {
    definition: facts.definition,
    ...(facts.identify && { identify: facts.identify }),
    ...(facts.initialise && { initialise: facts.initialise }),
    createHandler(device) {
      checkOutputs(facts.definition.id, device, supported);
      return new PerCommandHandler(facts.encoders, facts.keepaliveMs);
    },
  };
}

/** The current value of an output, 0 when never set. */
export function currentValue(current: ReadonlyMap<string, OutputCommand>, key: string): number {
  return current.get(key)?.value ?? 0;
}

/**
 * A database entry upstream keeps without a protocol implementation (its device config lists the
 * devices, its protocol map has no handler for them): listed so configs round-trip and devices
 * are named, but never driven, as upstream does not drive them. Creating a handler fails, so a
 * matching device is turned away after connection with this reason.
 */
export function undrivenModule(definition: ProtocolDefinition, reason: string): ProtocolModule {
  return {
    definition,
    createHandler() {
      throw new Error(`${definition.id} is not driven: ${reason}`);
    },
  };
}
