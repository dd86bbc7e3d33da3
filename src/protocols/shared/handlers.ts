// The handler shapes most protocols are built from, and the module builders around them. Two
// shapes, because devices differ in how upstream sends their commands:
// - PerCommandHandler: each changed output is encoded on its own, in the coalescer's (feature)
//   order, as upstream hands each command to the protocol separately. A flush changing two motors
//   makes two writes, the first built before the second motor changed. Optionally a group of
//   outputs shares one packet, written once per flush at its first changed member.
// - PacketHandler: every motor in one packet, rebuilt from the current-value table whenever any of
//   them changes (a stop included), once per flush (upstream's batching keeps one).
// Both refuse, when the handler is created, a device with an output they cannot encode (e.g. one a
// user config adds), so a command never meets a missing encoder (style §3).

import type { OutputCommand } from '../../core/commands.js';
import type { ProtocolDefinition } from '../../core/database.js';
import type { OutputType } from '../../core/features.js';
import type {
  HandlerContext,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../../core/protocol.js';
import type { InputReader } from './exchanges.js';
import { slotValues, type Slot } from './outputs.js';

/** Throws when a feature of `device` has an output type outside `supported`. */
export function requireOutputs(
  device: ResolvedDevice,
  supported: readonly OutputType[] | ReadonlySet<OutputType>,
  protocol: string,
): void {
  const known: ReadonlySet<OutputType> = supported instanceof Set ? supported : new Set(supported);
  for (const f of device.features) {
    for (const type of Object.keys(f.output ?? {}) as OutputType[]) {
      if (!known.has(type))
        throw new Error(`${protocol} has no ${type} encoder (feature ${f.index} of ${device.config.name})`);
    }
  }
}

// ------------------------------------------------------------------ one command at a time

/** Encodes one command into its write(s); may update the device's state (counters, motor speeds). */
export type CommandEncoder = (command: OutputCommand) => HwWrite | readonly HwWrite[];

/** Output type → encoder. A missing type is unsupported. */
export type CommandEncoders = Readonly<Partial<Record<OutputType, CommandEncoder>>>;

/** Outputs a device takes together in one packet (or a fixed group of packets). */
export interface GroupedPacket {
  /** Whether this (feature, output type) is one of the packet's members. */
  includes(feature: number, type: OutputType): boolean;
  /** The packet(s) for the current values of every member. */
  encode(current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[];
}

export interface PerCommandSpec {
  /** By output type, or one encoder for every output type the device has. */
  readonly encoders?: CommandEncoders | CommandEncoder;
  /** Outputs written together: their packet once per flush, at the place of the first changed member. */
  readonly packet?: GroupedPacket;
  /** Resend the last writes after this many idle ms (upstream RepeatLastPacketStrategyWithTiming). */
  readonly keepaliveMs?: number;
  readonly readInput?: InputReader;
}

export class PerCommandHandler implements ProtocolHandler {
  readonly keepaliveMs?: number;
  readonly readInput?: InputReader;

  constructor(private readonly spec: PerCommandSpec) {
    if (spec.keepaliveMs !== undefined) this.keepaliveMs = spec.keepaliveMs;
    if (spec.readInput !== undefined) this.readInput = spec.readInput;
  }

  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[] {
    const { encoders, packet } = this.spec;
    const writes: HwWrite[] = [];
    let packetDone = false;
    for (const c of changed) {
      if (packet !== undefined && packet.includes(c.feature, c.type)) {
        if (!packetDone) writes.push(...packet.encode(current));
        packetDone = true;
        continue;
      }
      const encode = typeof encoders === 'function' ? encoders : encoders?.[c.type];
      if (encode === undefined) continue;
      const out = encode(c);
      if (isWriteList(out)) writes.push(...out);
      else writes.push(out);
    }
    return writes;
  }

  /** The output types a table of encoders supports. */
  static supported(encoders: CommandEncoders): OutputType[] {
    return Object.keys(encoders) as OutputType[];
  }

  /**
   * A createHandler for a family whose encoders keep no per-device state: one handler serves
   * every device, after the output check.
   */
  static factory(
    protocol: string,
    spec: PerCommandSpec & { readonly encoders: CommandEncoders },
  ): (device: ResolvedDevice) => ProtocolHandler {
    const supported = PerCommandHandler.supported(spec.encoders);
    const shared = new PerCommandHandler(spec);
    return (device) => {
      requireOutputs(device, supported, protocol);
      return shared;
    };
  }
}

function isWriteList(out: HwWrite | readonly HwWrite[]): out is readonly HwWrite[] {
  return Array.isArray(out);
}

/**
 * An encoder for a device that takes every motor's speed in each packet while upstream still
 * encodes one command at a time: it remembers the last speed of each motor (0 until set) and
 * writes them all on every command, so a flush changing two motors makes two packets (unlike
 * PacketHandler's one). Create one per device: the speeds are that device's.
 */
export function rememberingSpeeds(
  motors: number,
  packet: (speeds: readonly number[]) => HwWrite | readonly HwWrite[],
): CommandEncoder {
  const speeds = new Array<number>(motors).fill(0);
  return (c) => {
    speeds[c.feature] = c.value;
    return packet(speeds);
  };
}

/**
 * A per-command handler for `device`, refusing any output neither an encoder (by type) nor the
 * grouped packet covers.
 */
export function perCommandHandler(
  protocol: string,
  device: ResolvedDevice,
  spec: PerCommandSpec & { readonly encoders?: CommandEncoders },
): ProtocolHandler {
  for (const f of device.features) {
    for (const type of Object.keys(f.output ?? {}) as OutputType[]) {
      if (spec.packet?.includes(f.index, type) || spec.encoders?.[type] !== undefined) continue;
      throw new Error(`${protocol} has no ${type} encoder (feature ${f.index} of ${device.config.name})`);
    }
  }
  return new PerCommandHandler(spec);
}

// ------------------------------------------------------------------ the whole device in one packet

/** Builds the one packet that carries every motor of a device from the current values. */
export type PacketBuilder = (current: ReadonlyMap<string, OutputCommand>) => HwWrite;

export interface PacketOptions {
  /** Resend the last packet after this many idle ms (upstream RepeatLastPacketStrategyWithTiming). */
  readonly keepaliveMs?: number;
  readonly readInput?: InputReader;
}

export class PacketHandler implements ProtocolHandler {
  readonly keepaliveMs?: number;
  readonly readInput?: InputReader;

  constructor(
    private readonly build: PacketBuilder,
    options: PacketOptions = {},
  ) {
    if (options.keepaliveMs !== undefined) this.keepaliveMs = options.keepaliveMs;
    if (options.readInput !== undefined) this.readInput = options.readInput;
  }

  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[] {
    return changed.length > 0 ? [this.build(current)] : [];
  }

  static factory(
    protocol: string,
    supported: readonly OutputType[],
    build: PacketBuilder,
  ): (device: ResolvedDevice) => ProtocolHandler {
    const shared = new PacketHandler(build);
    return (device) => {
      requireOutputs(device, supported, protocol);
      return shared;
    };
  }
}

/**
 * A packet builder from the steps of motors 0..size-1 (upstream's fixed speed array), for a packet
 * written as `packet(speeds)`.
 */
export function speedsPacket(
  slots: readonly Slot[],
  size: number,
  packet: (speeds: readonly number[]) => HwWrite,
): PacketBuilder {
  return (current) => packet(slotValues(current, slots, size));
}

// ------------------------------------------------------------------ module builders

type ModuleSteps = Pick<ProtocolModule, 'identify' | 'initialise'>;

/** A per-command module: its definition, encoders, and optional identification/initialisation. */
export type PerCommandFacts = ModuleSteps & {
  readonly definition: ProtocolDefinition;
  readonly keepaliveMs?: number;
  readonly readInput?: InputReader;
} & (
    | {
        /** Stateless encoders, shared by every device; their keys are the supported output types. */
        readonly encoders: CommandEncoders;
      }
    | {
        readonly supported: readonly OutputType[];
        /**
         * Called once per device, so state the encoders close over (a packet counter, remembered
         * speeds) belongs to that device alone.
         */
        encodersFor(device: ResolvedDevice, context?: HandlerContext): CommandEncoders;
      }
  );

export function perCommandModule(facts: PerCommandFacts): ProtocolModule {
  const { definition, identify, initialise, keepaliveMs, readInput } = facts;
  const supported = 'encoders' in facts ? PerCommandHandler.supported(facts.encoders) : facts.supported;
  return {
    definition,
    ...(identify && { identify }),
    ...(initialise && { initialise }),
    createHandler(device, context) {
      requireOutputs(device, supported, definition.id);
      const encoders = 'encoders' in facts ? facts.encoders : facts.encodersFor(device, context);
      return new PerCommandHandler({
        encoders,
        ...(keepaliveMs !== undefined && { keepaliveMs }),
        ...(readInput && { readInput }),
      });
    },
  };
}

/**
 * A database entry upstream keeps without a protocol implementation (its protocol map has no
 * handler for it): listed so configs round-trip and devices are named, never driven. Creating a
 * handler fails, so a matching device is turned away after connection with this reason.
 */
export function undrivenModule(definition: ProtocolDefinition, reason: string): ProtocolModule {
  return {
    definition,
    createHandler() {
      throw new Error(`${definition.id} is not driven: ${reason}`);
    },
  };
}
