// The cluster's wire: subject names and message shapes between a stage and its edges (docs/cluster.md).
// Every message is msgpack (plain arrays and maps, no extensions), and every subject but the
// version-neutral hello carries the protocol version, so a node of another version never reads
// these messages at all: it meets the newcomer on the hello subject and one of them refuses.

import { Packr, Unpackr } from 'msgpackr';
import type { DeviceDescriptor, Failure, InputCommand, OutputType } from '../core/index.js';

/** Bump on any change to a subject or a message shape below. */
export const CLUSTER_PROTOCOL = 1;

/** A room name is one NATS subject token. */
export const ROOM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export interface Subjects {
  /** Version-neutral: every node answers a hello with its own (protocol version, role). */
  readonly hello: string;
  /** Stage → everyone: heartbeat, device list, emergency-stop state. */
  readonly stage: string;
  /** Edge → stage: heartbeat and goodbye. */
  readonly edge: string;
  /** Edge → stage: batches of output intents. */
  readonly intents: string;
  /** Anyone → stage: emergency stop, release, scan. */
  readonly control: string;
  /** Edge → stage, request/reply: the device list now. */
  readonly sync: string;
  /** Edge → stage, request/reply: read, subscribe, unsubscribe. */
  readonly input: string;
  /** Stage → edges: readings of subscribed inputs. */
  readonly readings: string;
}

export function subjects(room: string): Subjects {
  const p = `thrum.v${CLUSTER_PROTOCOL}.${room}`;
  return {
    hello: `thrum.hello.${room}`,
    stage: `${p}.stage`,
    edge: `${p}.edge`,
    intents: `${p}.intents`,
    control: `${p}.control`,
    sync: `${p}.sync`,
    input: `${p}.input`,
    readings: `${p}.readings`,
  };
}

// Plain maps and arrays, as for clients: any msgpack library can read a captured message.
const packr = new Packr({ useRecords: false, variableMapSize: true });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });

export function pack(value: unknown): Uint8Array {
  return packr.pack(value);
}

export function unpack(bytes: Uint8Array): unknown {
  return unpackr.unpack(bytes);
}

export type ClusterRole = 'stage' | 'edge';

/** thrum.hello.<room>: [protocol, role, nodeId]. */
export type Hello = [protocol: number, role: ClusterRole, node: string];

/** One device of the room as the stage publishes it. */
export type WireDevice = [
  index: number,
  bus: string,
  address: string,
  protocol: string,
  descriptor: DeviceDescriptor,
];

/** Stage subject messages. */
export const STAGE_HEARTBEAT = 0;
export const STAGE_DEVICES = 1;
export type StageMessage =
  /** Every HEARTBEAT_MS, and at once when the latch changes. */
  | [kind: typeof STAGE_HEARTBEAT, stage: string, estop: 0 | 1, listVersion: number]
  | [kind: typeof STAGE_DEVICES, stage: string, listVersion: number, devices: WireDevice[]];

/** Edge subject messages. */
export const EDGE_HEARTBEAT = 0;
export const EDGE_GOODBYE = 1;
export type EdgeMessage =
  | [kind: typeof EDGE_HEARTBEAT, edge: string, name: string, clients: number]
  | [kind: typeof EDGE_GOODBYE, edge: string];

/**
 * Intent operations. An intents message is [edge, items]; each item starts with its op. Items of
 * one message apply in order.
 */
export const OP_SET = 0;
/** Stop what this edge drives on this output (its last client on it stopped or left). */
export const OP_STOP_OWN = 1;
/** A device (feature = -1) or feature stop for everyone. */
export const OP_STOP_DEVICE = 2;
/** This edge's share of a combined output: the sum (mean) or max of its active clients' values, and their count. */
export const OP_MIX = 3;
/** Stop everything this edge drives (the edge shuts down). */
export const OP_STOP_EDGE = 4;

export const MIX_MEAN = 0;
export const MIX_MAX = 1;

export type Intent =
  | [op: typeof OP_SET, device: number, feature: number, type: OutputType, value: number, duration?: number]
  | [op: typeof OP_STOP_OWN, device: number, feature: number, type: OutputType]
  | [op: typeof OP_STOP_DEVICE, device: number, feature: number]
  | [
      op: typeof OP_MIX,
      device: number,
      feature: number,
      type: OutputType,
      rule: number,
      level: number,
      count: number,
    ]
  | [op: typeof OP_STOP_EDGE];

export type IntentBatch = [edge: string, items: Intent[]];

export const CONTROL_ESTOP = 0;
export const CONTROL_RELEASE = 1;
export const CONTROL_SCAN = 2;
export type ControlMessage =
  | [kind: typeof CONTROL_ESTOP, who: string]
  | [kind: typeof CONTROL_RELEASE, who: string]
  | [kind: typeof CONTROL_SCAN, start: 0 | 1];

/** input request: [edge, device, command]; reply: [values] or [null, failure]. */
export type InputRequest = [edge: string, device: number, command: InputCommand];
export type InputReply = [values: number[]] | [values: null, failure: Failure];

/** readings: [device, feature, type, values]. */
export type Reading = [device: number, feature: number, type: InputCommand['type'], values: number[]];

// Link health (docs/cluster.md, "Failure bounds"): heartbeats both ways every HEARTBEAT_MS; a
// peer silent for LOSS_MS is gone. A death is seen within LOSS_MS + CHECK_MS, which with the stop
// itself leaves room under the contract's 2 s on a loaded machine.
export const HEARTBEAT_MS = 200;
export const LOSS_MS = 1200;
export const CHECK_MS = 100;
/**
 * A check this late means the process itself stalled (a long GC, an overloaded core): the peer's
 * heartbeats may be waiting unread, so that round judges nobody.
 */
export const STALL_MS = 400;

/** How long an input request waits for the stage (the device's own timeouts are shorter). */
export const INPUT_TIMEOUT_MS = 10_000;
