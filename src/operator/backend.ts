// What the operator listener needs from the server, as an interface main implements (over the
// device hub, the client endpoint's sessions and the bus supervisor), so this folder never imports
// main. Reads are snapshots in the JSON shape the API answers with; writes are the hub's own
// operations (stop, cap, latch) and admission's, each told who asked (for the audit log).

import type { LogLevel, OutputType } from '../core/index.js';
import type { HistogramSnapshot } from '../core/latency-histogram.js';

/** One output a client drives: the latest value of it is this client's. */
export interface DrivenOutput {
  readonly device: number;
  readonly feature: number;
  readonly output: OutputType;
  /** What the device was given (after any cap). */
  readonly value: number;
}

export interface ClientState {
  readonly id: number;
  /** ClientName from its handshake. */
  readonly name: string;
  readonly specVersion: number;
  /** Its access role; null without one (full access). */
  readonly role: string | null;
  /** The name of the token it presented; null without one. Never the token. */
  readonly token: string | null;
  readonly address: string | null;
  /** The Origin header of its upgrade; null when it sent none (not a browser). */
  readonly origin: string | null;
  /** ISO time of its connection. */
  readonly connectedSince: string;
  /** Messages per second, over the last whole second. */
  readonly messageRate: number;
  readonly drives: readonly DrivenOutput[];
}

export interface OutputView {
  readonly feature: number;
  readonly output: OutputType;
  /** The range of steps clients send. */
  readonly range: readonly [number, number];
  /** The device's current level (after any cap); 0 for an output nobody has set. */
  readonly value: number;
  /** What its sender asked for (before any cap). */
  readonly requested: number;
  /** Client id of who set it; null: nobody, or a stop for everyone (operator, device stop). */
  readonly setBy: number | null;
  /** The effective live cap on it, if below 1. */
  readonly cap: number | null;
}

export interface CapTarget {
  /** One feature; absent = every feature. */
  readonly feature?: number;
  /** One output type; absent = every type. */
  readonly output?: OutputType;
}

export interface CapSetting extends CapTarget {
  readonly cap: number;
}

export interface DeviceState {
  readonly index: number;
  /** Display name if set, else the database name (access.md). */
  readonly name: string;
  readonly databaseName: string;
  readonly identity: { readonly protocol: string; readonly address: string };
  readonly bus: string;
  readonly outputs: readonly OutputView[];
  /** Last battery reading seen (0..1) and when; null when none was read yet. */
  readonly battery: { readonly level: number; readonly at: string } | null;
  /** Last signal strength its bus reported (dBm) and when; null for buses that report none. */
  readonly rssi: { readonly value: number; readonly at: string } | null;
  readonly caps: readonly CapSetting[];
}

export interface BusState {
  readonly name: string;
  readonly state: string;
  /** Worker exits since start. */
  readonly crashes: number;
  readonly listening: string | null;
  readonly writes: number;
}

/** A client held by `ask` admission until the operator decides. */
export interface HeldClient {
  readonly id: number;
  readonly name: string;
  readonly address: string;
  readonly origin: string | null;
  /** ISO time it started waiting. */
  readonly since: string;
}

/** An edge as the stage sees it (docs/cluster.md). */
export interface EdgeState {
  readonly id: string;
  readonly name: string;
  readonly clients: number;
  /** "up", or "lost": silent too long, its outputs were stopped. */
  readonly link: 'up' | 'lost';
  /** Milliseconds since its last heartbeat. */
  readonly silentMs: number;
  /** Output intents received from it. */
  readonly intents: number;
}

/** This node's place in a cluster. */
export interface ClusterState {
  readonly role: 'stage' | 'edge';
  readonly room: string;
  readonly node: string;
  /** Whether messages pass through NATS now. */
  readonly nats: 'connected' | 'lost';
  /** Edge only: whether the stage is heard. */
  readonly stage?: 'up' | 'lost';
  /** Stage only: every edge heard since start. */
  readonly edges?: readonly EdgeState[];
}

export interface OperatorState {
  readonly clients: readonly ClientState[];
  readonly devices: readonly DeviceState[];
  readonly buses: readonly BusState[];
  readonly held: readonly HeldClient[];
  readonly estop: boolean;
  /** Present on a stage or an edge. */
  readonly cluster?: ClusterState;
}

/** A cluster node's NATS traffic, for /metrics. */
export interface ClusterMetrics {
  readonly inMsgs: number;
  readonly outMsgs: number;
  readonly inBytes: number;
  readonly outBytes: number;
  /** Edge: output commands handed to the link; stage: absent. */
  readonly commands?: number;
  /** Intents sent (edge) or received (stage). */
  readonly intents: number;
  /** Stage: edges heard and not lost. */
  readonly edgesUp?: number;
}

export interface MetricsSnapshot {
  readonly clients: number;
  readonly devices: number;
  readonly messages: ReadonlyArray<readonly [string, number]>;
  readonly errors: ReadonlyArray<readonly [string, number]>;
  readonly deviceWrites: ReadonlyArray<readonly [string, number]>;
  readonly emergencyStop: boolean;
  /** Handshaken clients per (spec version, role name or "none"); only pairs with clients. */
  readonly clientsByVersionRole?: ReadonlyArray<readonly [version: number, role: string, clients: number]>;
  /** Pending output values replaced before they were written, by bus. */
  readonly coalesced?: ReadonlyArray<readonly [string, number]>;
  /** Bus worker restarts, by bus. */
  readonly busRestarts?: ReadonlyArray<readonly [string, number]>;
  /** Admission outcomes: admitted, denied, refused, timed_out. */
  readonly admissions?: ReadonlyArray<readonly [string, number]>;
  /** Seconds from a device-command frame's arrival to its Ok being queued. */
  readonly ackLatency?: HistogramSnapshot;
  /** Seconds from an output command's frame arriving to the bus worker's first write carrying it. */
  readonly writeLatency?: HistogramSnapshot;
  /** Present on a cluster node. */
  readonly cluster?: ClusterMetrics;
}

/** One line of the server's log, as stderr got it. */
export interface LogEntry {
  /** ISO time it was logged. */
  readonly time: string;
  readonly level: LogLevel;
  readonly message: string;
}

/**
 * What changes all the time but matters only at a glance, sent once a second while someone
 * watches: each client's message rate, the buses, each device's battery and signal.
 */
export interface StatsEvent {
  readonly event: 'stats';
  /** [client id, messages per second] for every client. */
  readonly rates: ReadonlyArray<readonly [number, number]>;
  readonly buses: readonly BusState[];
  readonly devices: ReadonlyArray<Pick<DeviceState, 'index' | 'battery' | 'rssi'>>;
  /** A cluster node's link and, on a stage, its edges. */
  readonly cluster?: ClusterState;
}

/** Rare events, sent to event subscribers as they happen. */
export type OperatorEvent =
  | { readonly event: 'clientConnected'; readonly client: ClientState }
  | { readonly event: 'clientDisconnected'; readonly client: { readonly id: number; readonly name: string } }
  | { readonly event: 'deviceAdded'; readonly device: DeviceState }
  | { readonly event: 'deviceRemoved'; readonly device: { readonly index: number; readonly name: string } }
  | { readonly event: 'estopEngaged'; readonly by: string }
  | { readonly event: 'estopReleased'; readonly by: string }
  | { readonly event: 'capsChanged'; readonly device: number; readonly caps: readonly CapSetting[] }
  /** The clients waiting for admission, whenever one starts or stops waiting. */
  | { readonly event: 'heldChanged'; readonly held: readonly HeldClient[] }
  /** A log line (at most LOG_EVENTS_PER_SECOND; a `log` line says how many were left out). */
  | ({ readonly event: 'log' } & LogEntry)
  | StatsEvent;

/** Where the backend reports changes while the listener has event subscribers. */
export interface OperatorEventSink {
  event(e: OperatorEvent): void;
  /**
   * An output's value changed. Plain arguments: this can come once per client command, and the
   * listener throttles it per output.
   */
  outputChanged(
    device: number,
    feature: number,
    output: OutputType,
    value: number,
    requested: number,
    setBy: number | null,
  ): void;
}

/**
 * Clients held by `ask` admission (access.md). `remember`: apply the decision to later
 * connections with the same client name and origin.
 */
export interface AdmissionQueue {
  held(): readonly HeldClient[];
  /** Be told whenever the held list changes (one listener; null stops it). */
  watch?(listener: (() => void) | null): void;
  /** False when no client with that id waits. */
  admit(id: number, remember: boolean): boolean;
  deny(id: number, remember: boolean): boolean;
}

/** Why an operation could not be done, phrased for the operator. */
export type Refusal = { readonly status: 'not-found' | 'invalid'; readonly message: string };

export interface OperatorBackend {
  state(): OperatorState;
  metrics(): MetricsSnapshot;
  /** The server's recent log lines, oldest first, at `level` or more severe, at most `limit`. */
  recentLog(level: LogLevel, limit: number): readonly LogEntry[];
  /** Start reporting changes to `sink`; the returned function stops it. */
  subscribe(sink: OperatorEventSink): () => void;
  /** `who`: the operator token's name, or "signal". */
  emergencyStop(who: string): void;
  /** False when the latch was not engaged. */
  release(who: string): boolean;
  kick(clientId: number, who: string): Refusal | null;
  stopDevice(index: number, who: string): Refusal | null;
  setCap(index: number, setting: CapSetting, who: string): readonly CapSetting[] | Refusal;
  clearCap(index: number, target: CapTarget, who: string): readonly CapSetting[] | Refusal;
  scanning(start: boolean, who: string): void;
  admit(clientId: number, remember: boolean, who: string): Refusal | null;
  deny(clientId: number, remember: boolean, who: string): Refusal | null;
}

export function isRefusal(x: unknown): x is Refusal {
  return typeof x === 'object' && x !== null && 'status' in x && 'message' in x;
}
