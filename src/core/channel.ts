// Every message that crosses between the main thread and a bus worker. Plain data only
// (structured clone does the copy; never JSON-encode here). Each has a discriminant `t`.

import type { OutputCommand, InputCommand } from './commands.js';
import type { ProtocolDefinition } from './database.js';
import type { ErrorCode, ReasonCode } from './errors.js';
import type { DeviceDescriptor, InputType, OutputType, Range } from './features.js';

export type BusName =
  | 'simulated'
  | 'btle'
  | 'serial'
  | 'websocket'
  | 'lovense-dongle-serial'
  | 'lovense-dongle-hid'
  | 'lovense-connect'
  | 'hid'
  | 'usb';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Verbosity order: a line at level L passes a threshold T when LOG_RANK[L] <= LOG_RANK[T]. */
export const LOG_RANK: Readonly<Record<LogLevel, number>> = {
  error: 0,
  warn: 1,
  info: 2,
  debug: 3,
  trace: 4,
};

/** Given to a bus worker at start (workerData). */
export interface BusWorkerData {
  readonly bus: BusName;
  readonly logLevel: LogLevel;
  /** Bus-specific settings (ports, interfaces). */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  /**
   * Protocol definitions loaded from --device-config-file, replacing the built-in definitions of
   * the same protocol id. Empty when no file was given.
   */
  readonly configOverrides: readonly ProtocolDefinition[];
  /** The parsed --user-device-config-file, already validated by the main thread; or null. */
  readonly userConfig: UserDeviceConfig | null;
  /**
   * The latest-value table (output-table.ts) through which the main thread hands this worker its
   * device outputs and stops, created by the supervisor for this worker alone (a restarted worker
   * gets a new one). Outputs that found no slot, and every other message, still come as ToBus
   * messages. Absent: every output comes as a message.
   */
  readonly outputTable?: SharedArrayBuffer;
}

/** A user device config entry, keyed by address (and protocol). Upstream format, normalised. */
export interface UserDeviceEntry {
  readonly address: string;
  readonly protocol?: string;
  readonly identifier?: string;
  readonly displayName?: string;
  readonly allow?: boolean;
  readonly deny?: boolean;
  readonly index?: number;
  /** Upstream `config.base_id`: the id of the DeviceConfig this entry customises. */
  readonly baseId?: string;
  /** Upstream `user_config.message_gap_ms`: replaces the configuration's timing gap. */
  readonly messageGapMs?: number;
  /** Upstream `config.features`: one per feature of the base configuration, matched by `baseId`. */
  readonly features?: readonly UserFeatureOverride[];
}

/** A user's change to one output of a feature (upstream user config feature `output.<type>`). */
export interface UserOutputOverride {
  /** Device steps [lo, hi] inside the base range; clients then see hi − lo steps. */
  readonly value?: Range;
  /** HwPositionWithDuration only: the duration range, the same way. */
  readonly duration?: Range;
  /** Hidden from clients; the protocol still sees it. */
  readonly disabled?: boolean;
  /** Position outputs: step s is sent as hi − s. */
  readonly reverse?: boolean;
}

export interface UserFeatureOverride {
  /** Id of the base feature (FeatureDef.id) this overrides. */
  readonly baseId: string;
  readonly output?: Readonly<Partial<Record<OutputType, UserOutputOverride>>>;
}

export interface UserDeviceConfig {
  readonly devices: readonly UserDeviceEntry[];
  /**
   * Upstream `user_configs.protocols`: extra identification facts (e.g. websocket device names,
   * more Bluetooth names) added to a protocol's own, and extra configurations. Absent = none.
   */
  readonly protocols?: readonly ProtocolDefinition[];
}

/**
 * How a user device config entry names an identified device (upstream `identifier` and the ids
 * its `config` points at): what the main thread needs to record a newly seen device so it keeps
 * its index across restarts.
 */
export interface DeviceIdentity {
  /**
   * Upstream `identifier.identifier`: the identifier the protocol's identify() returned, or the
   * advertised name for protocols that do not identify (the key entries are matched by).
   */
  readonly identifier?: string;
  /** The configuration the device got: its name, and its upstream id (`config.base_id`) if it has one. */
  readonly configName: string;
  readonly configId?: string;
  /** Upstream ids of that configuration's features in order (`features[].base_id`); absent unless every feature has one. */
  readonly featureIds?: readonly string[];
}

// ---------------------------------------------------------------- main → worker

export type ToBus =
  | { readonly t: 'startScanning' }
  | { readonly t: 'stopScanning' }
  /**
   * Coalesced: the worker keeps the newest value per (feature, type) within the device's gap.
   * With an output table, only outputs the table has no slot for come this way.
   */
  | { readonly t: 'output'; readonly device: number; readonly command: OutputCommand }
  /**
   * Bypasses coalescing: every command goes out at the next write opportunity, before any
   * pending coalesced values for the same outputs (which it replaces).
   */
  | { readonly t: 'stop'; readonly device: number; readonly commands: readonly OutputCommand[] }
  | { readonly t: 'input'; readonly device: number; readonly req: number; readonly command: InputCommand }
  /**
   * Sent by the main thread once it has given a `deviceAdded` device its hub index. Buses that
   * tell the device its index (the simulated bus's `ready` frame) wait for this.
   */
  | { readonly t: 'deviceIndexed'; readonly device: number; readonly index: number }
  /** Stop every device, then answer `shutdownDone`. */
  | { readonly t: 'shutdown' }
  /**
   * Fault injection (tests, operators): the worker fails exactly as on an uncaught exception. The
   * main thread cannot kill a serving worker with terminate() on Node 20 without aborting the
   * process when native sockets are open, so this is how a crash is provoked.
   */
  | { readonly t: 'crash' }
  /**
   * Everything the main thread posted to one bus within one turn, in order. One postMessage per
   * turn instead of one per command; and commands that arrived together (one ScalarCmd, several
   * OutputCmds in one frame) reach the device's coalescer in the same worker turn, so they are
   * encoded together.
   */
  | { readonly t: 'batch'; readonly messages: readonly ToBus[] };

// ---------------------------------------------------------------- worker → main

/** A device's signal strength goes to the main thread at most this often (ms). */
export const RSSI_REPORT_MS = 1000;

export type FromBus =
  /** The bus is serving (its listeners are bound); `listening` is its URL if it listens. */
  | { readonly t: 'ready'; readonly listening?: string }
  /** The bus cannot run here (no adapter, port in use, …); logged once by main. */
  | { readonly t: 'unavailable'; readonly reason: string }
  | {
      readonly t: 'deviceAdded';
      /** Bus-local id, unique for the life of the worker. */
      readonly device: number;
      readonly address: string;
      readonly protocol: string;
      readonly descriptor: DeviceDescriptor;
      /** From the user config; the hub uses it if that index is free. */
      readonly reservedIndex?: number;
      /** Absent when a bus does not say (test doubles): the main thread then records nothing. */
      readonly identity?: DeviceIdentity;
    }
  | { readonly t: 'deviceRemoved'; readonly device: number }
  | { readonly t: 'scanningFinished' }
  | {
      readonly t: 'inputResult';
      readonly req: number;
      readonly values?: readonly number[];
      readonly error?: { readonly reason: ReasonCode; readonly code: ErrorCode; readonly message: string };
    }
  /** A notification from a subscribed input. */
  | {
      readonly t: 'inputReading';
      readonly device: number;
      readonly feature: number;
      readonly type: InputType;
      readonly values: readonly number[];
    }
  | { readonly t: 'log'; readonly level: LogLevel; readonly msg: string }
  /**
   * The peripheral's signal strength in dBm, for the operator console: at most one a
   * RSSI_REPORT_MS per device, whether or not a client subscribed to it.
   */
  | { readonly t: 'rssi'; readonly device: number; readonly value: number }
  /**
   * Hardware writes made since the last report (for /metrics). Batched: at most one a second,
   * and none while the bus writes nothing, so counting costs the worker no message per write.
   */
  | {
      readonly t: 'writes';
      readonly count: number;
      /** Pending values the coalescers replaced before writing them. */
      readonly coalesced: number;
      /** Command-to-write latencies observed since the last report (core/latency-histogram). */
      readonly latency: { readonly counts: readonly number[]; readonly sum: number; readonly count: number };
    }
  | { readonly t: 'shutdownDone' };
