// The stage's side of the cluster link. It publishes the room's devices and its emergency-stop
// state, and feeds the stage's hub with the edges' intents as remote clients would: each edge
// drives outputs under an owner id of its own (negative, so never a local client's), so the hub's
// arbitration and scoped stops work across edges unchanged. An edge silent for LOSS_MS, or the
// stage's own NATS link going quiet, stops everything the edges drove.

import type { NatsConnection, Msg, Subscription } from '@nats-io/transport-node';
import {
  failure,
  outputId,
  type DeviceDescriptor,
  type Failure,
  type InputCommand,
  type OutputCommand,
  type OutputType,
} from '../core/index.js';
import type { ReadingReply } from '../codec/index.js';
import { mixKey, RoomMix, type MixRule } from './crowd-mix.js';
import { NatsCounters } from './nats-counters.js';
import {
  CHECK_MS,
  CONTROL_ESTOP,
  CONTROL_RELEASE,
  CONTROL_SCAN,
  EDGE_GOODBYE,
  EDGE_HEARTBEAT,
  HEARTBEAT_MS,
  LOSS_MS,
  OP_MIX,
  OP_SET,
  OP_STOP_DEVICE,
  OP_STOP_EDGE,
  OP_STOP_OWN,
  pack,
  STALL_MS,
  STAGE_DEVICES,
  STAGE_HEARTBEAT,
  unpack,
  type ControlMessage,
  type EdgeMessage,
  type InputReply,
  type InputRequest,
  type IntentBatch,
  type Reading,
  type StageMessage,
  type Subjects,
  type WireDevice,
} from './wire.js';

/** A device of the stage's hub, as far as the link reads it. */
export interface StageDevice {
  readonly index: number;
  readonly bus: string;
  readonly address: string;
  readonly protocol: string;
  readonly descriptor: DeviceDescriptor;
  /** By outputId(feature, type). */
  readonly outputs: ReadonlyMap<number, { readonly owner: number }>;
}

/** What the link is to the stage's hub: a client that hears device changes and readings. */
export interface StageHubClient {
  readonly clientId: number;
  readonly ready: boolean;
  deviceAdded(device: StageDevice): void;
  deviceRemoved(device: StageDevice): void;
  scanningFinished(): void;
  inputReading(msgId: number, reply: ReadingReply, values: readonly number[]): void;
  inputFailed(msgId: number, failure: Failure): void;
  inputAccepted(msgId: number): void;
}

/** The stage hub's public operations the link uses (DeviceHub has them all). */
export interface StageHubSide {
  list(): readonly StageDevice[];
  get(index: number): StageDevice | undefined;
  attach(client: StageHubClient): void;
  applyOutputs(owner: number, device: StageDevice, commands: readonly OutputCommand[]): boolean;
  stopOwnedBy(owner: number, only?: StageDevice, feature?: number): void;
  stopDevice(device: StageDevice, feature?: number): void;
  frameDone(): void;
  startScanning(): void;
  stopScanning(): void;
  input(
    client: StageHubClient,
    msgId: number,
    device: StageDevice,
    command: InputCommand,
    reply: ReadingReply,
  ): void;
  readonly emergencyStopped: boolean;
}

export interface StageLinkOptions {
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  readonly node: string;
  readonly hub: StageHubSide;
  /** The operator's controls, so a stop pressed on an edge is logged and audited like a local one. */
  readonly emergencyStop: (who: string) => void;
  readonly release: (who: string) => boolean;
  readonly log: (level: 'info' | 'warn' | 'debug', message: string) => void;
}

/** An edge as the stage's operator sees it. */
export interface EdgeView {
  readonly id: string;
  readonly name: string;
  readonly clients: number;
  /** "up", or "lost" (silent for LOSS_MS: its outputs were stopped). */
  readonly link: 'up' | 'lost';
  /** Milliseconds since its last heartbeat. */
  readonly silentMs: number;
  /** Intents received from it. */
  readonly intents: number;
}

interface Edge {
  readonly id: string;
  /** The owner id its outputs carry in the hub. */
  readonly owner: number;
  name: string;
  clients: number;
  lastSeen: number;
  lost: boolean;
  intents: number;
}

/** The owner id of combined crowd levels (one voice for every aggregating role). */
export const CROWD_OWNER = -1;

export class StageLink implements StageHubClient {
  /** A hub client id no session ever has. */
  readonly clientId = -2;
  readonly ready = true;
  private readonly nc: NatsConnection;
  private readonly subj: Subjects;
  private readonly hub: StageHubSide;
  private readonly edges = new Map<string, Edge>();
  private nextOwner = -3;
  private listVersion = 0;
  private publishQueued = false;
  private latched: boolean;
  /** performance.now() of the last own heartbeat that came back through NATS. */
  private lastEcho = performance.now();
  private natsUp = true;
  private lastCheck = performance.now();
  private readonly mix = new RoomMix();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly subs: Subscription[] = [];
  /** Reads waiting for the hub, by the msgId the link gave them. */
  private readonly reads = new Map<number, Msg>();
  /** Subscribed inputs: mixKey → the edges that want its readings. */
  private readonly subscribers = new Map<string, Set<string>>();
  private nextMsgId = 1;
  readonly counters: NatsCounters;
  intentsIn = 0;

  constructor(private readonly options: StageLinkOptions) {
    this.nc = options.nc;
    this.subj = options.subjects;
    this.hub = options.hub;
    this.latched = options.hub.emergencyStopped;
    this.counters = new NatsCounters(options.nc);
  }

  start(): void {
    this.hub.attach(this);
    const on = (subject: string, fn: (msg: Msg) => void): void => {
      this.subs.push(this.nc.subscribe(subject, { callback: (err, msg) => void (err ?? fn(msg)) }));
    };
    on(this.subj.intents, (m) => this.onIntents(m.data));
    on(this.subj.edge, (m) => this.onEdge(m.data));
    on(this.subj.control, (m) => this.onControl(m.data));
    on(this.subj.sync, (m) => m.respond(this.devicesMessage()));
    on(this.subj.input, (m) => this.onInput(m));
    // Our own heartbeat coming back is the proof that the link to NATS carries messages.
    on(this.subj.stage, (m) => {
      const msg = readMessage<StageMessage>(m.data);
      if (msg !== null && msg[0] === STAGE_HEARTBEAT && msg[1] === this.options.node) this.echoed();
    });
    this.heartbeat();
    this.publishDevices();
    this.timers.push(
      setInterval(stageHeartbeat, HEARTBEAT_MS, this),
      setInterval(stageCheck, CHECK_MS, this),
    );
    for (const t of this.timers) t.unref();
    void this.watchStatus();
  }

  edgeViews(): EdgeView[] {
    const now = performance.now();
    return [...this.edges.values()].map((e) => ({
      id: e.id,
      name: e.name,
      clients: e.clients,
      link: e.lost ? 'lost' : 'up',
      silentMs: Math.round(now - e.lastSeen),
      intents: e.intents,
    }));
  }

  get natsConnected(): boolean {
    return this.natsUp;
  }

  // ---------------------------------------------------------------- publishing

  /** @internal (timer) */
  heartbeat(): void {
    this.latched = this.hub.emergencyStopped;
    const hb: StageMessage = [STAGE_HEARTBEAT, this.options.node, this.latched ? 1 : 0, this.listVersion];
    this.publish(this.subj.stage, pack(hb));
  }

  /** Publish unless the connection is closing: a send during shutdown is dropped, never thrown. */
  private publish(subject: string, data: Uint8Array): void {
    if (this.nc.isClosed() || this.nc.isDraining()) return;
    try {
      this.nc.publish(subject, data);
    } catch (err) {
      this.options.log('debug', `publish to ${subject} failed: ${(err as Error).message}`);
    }
  }

  private devicesMessage(): Uint8Array {
    const list: WireDevice[] = this.hub
      .list()
      .map((d) => [d.index, d.bus, d.address, d.protocol, d.descriptor]);
    const msg: StageMessage = [STAGE_DEVICES, this.options.node, this.listVersion, list];
    return pack(msg);
  }

  private publishDevices(): void {
    this.publishQueued = false;
    this.publish(this.subj.stage, this.devicesMessage());
  }

  private devicesChanged(): void {
    this.listVersion++;
    if (this.publishQueued) return;
    this.publishQueued = true;
    setImmediate(stagePublishDevices, this);
  }

  /** @internal */
  publishDevicesNow(): void {
    this.publishDevices();
  }

  // ---------------------------------------------------------------- health

  /** @internal (timer) */
  check(): void {
    const now = performance.now();
    // After a stall of this process, heartbeats may be waiting unread: read them before judging.
    const stalled = now - this.lastCheck > STALL_MS;
    this.lastCheck = now;
    if (stalled) return;
    // The latch changed (the operator, a signal): the edges hear it now, not at the next beat.
    if (this.hub.emergencyStopped !== this.latched) this.heartbeat();
    if (this.natsUp && now - this.lastEcho > LOSS_MS) this.natsLost('no message came back through NATS');
    for (const edge of this.edges.values()) {
      if (edge.lost || now - edge.lastSeen <= LOSS_MS) continue;
      edge.lost = true;
      this.options.log(
        'warn',
        `edge ${edge.name} (${edge.id}) silent for ${Math.round(now - edge.lastSeen)} ms: stopping what its clients drive`,
      );
      this.dropEdge(edge);
    }
  }

  private echoed(): void {
    this.lastEcho = performance.now();
    if (this.natsUp) return;
    this.natsUp = true;
    this.options.log('info', 'NATS link back: edges may drive the devices again');
  }

  private natsLost(why: string): void {
    if (!this.natsUp) return;
    this.natsUp = false;
    this.options.log('warn', `lost NATS (${why}): stopping every output the edges drive`);
    for (const edge of this.edges.values()) {
      edge.lost = true;
      this.dropEdge(edge);
    }
  }

  private dropEdge(edge: Edge): void {
    this.hub.stopOwnedBy(edge.owner);
    for (const [key, value] of this.mix.dropEdge(edge.id)) this.applyMix(key, value);
    for (const [key, set] of this.subscribers)
      if (set.delete(edge.id) && set.size === 0) this.unsubscribe(key);
    this.hub.frameDone();
  }

  private async watchStatus(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === 'disconnect') this.natsLost('NATS connection lost');
    }
  }

  // ---------------------------------------------------------------- receiving

  private edge(id: string): Edge {
    let edge = this.edges.get(id);
    if (!edge) {
      edge = {
        id,
        owner: this.nextOwner--,
        name: id,
        clients: 0,
        lastSeen: performance.now(),
        lost: false,
        intents: 0,
      };
      this.edges.set(id, edge);
      this.options.log('info', `edge ${id} joined`);
    }
    return edge;
  }

  private onEdge(data: Uint8Array): void {
    const msg = readMessage<EdgeMessage>(data);
    if (msg === null) return;
    if (msg[0] === EDGE_HEARTBEAT) {
      const edge = this.edge(msg[1]);
      edge.name = msg[2];
      edge.clients = msg[3];
      edge.lastSeen = performance.now();
      if (edge.lost && this.natsUp) {
        edge.lost = false;
        this.options.log('info', `edge ${edge.name} (${edge.id}) is back`);
      }
    } else if (msg[0] === EDGE_GOODBYE) {
      const edge = this.edges.get(msg[1]);
      if (!edge) return;
      this.options.log('info', `edge ${edge.name} (${edge.id}) left`);
      this.dropEdge(edge);
      this.edges.delete(edge.id);
    }
  }

  private onIntents(data: Uint8Array): void {
    let batch: IntentBatch;
    try {
      batch = unpack(data) as IntentBatch;
    } catch {
      return;
    }
    const edge = this.edge(batch[0]);
    // Intents of an edge the stage gave up on are not obeyed until it is heard again.
    if (edge.lost || !this.natsUp) return;
    edge.lastSeen = performance.now();
    const items = batch[1];
    edge.intents += items.length;
    this.intentsIn += items.length;
    const hub = this.hub;
    for (const item of items) {
      switch (item[0]) {
        case OP_SET: {
          const device = hub.get(item[1]);
          if (!device || !hasOutput(device, item[2], item[3]) || !inRange(device, item[2], item[3], item[4]))
            break;
          const command: OutputCommand =
            item[5] === undefined
              ? { feature: item[2], type: item[3], value: item[4] }
              : { feature: item[2], type: item[3], value: item[4], duration: item[5] };
          hub.applyOutputs(edge.owner, device, [command]);
          break;
        }
        case OP_STOP_OWN: {
          const device = hub.get(item[1]);
          const state = device?.outputs.get(outputId(item[2], item[3]));
          if (device && state?.owner === edge.owner) hub.stopOwnedBy(edge.owner, device, item[2]);
          break;
        }
        case OP_STOP_DEVICE: {
          const device = hub.get(item[1]);
          if (!device) break;
          hub.stopDevice(device, item[2] < 0 ? undefined : item[2]);
          this.mix.dropDevice(item[2] < 0 ? `${item[1]}:` : `${item[1]}:${item[2]}:`);
          break;
        }
        case OP_MIX: {
          const [, index, feature, type, rule, level, count] = item;
          const device = hub.get(index);
          if (!device || !hasOutput(device, feature, type)) break;
          const key = mixKey(index, feature, type);
          this.applyMix(key, this.mix.share(key, edge.id, rule as MixRule, level, count));
          break;
        }
        case OP_STOP_EDGE:
          hub.stopOwnedBy(edge.owner);
          for (const [key, value] of this.mix.dropEdge(edge.id)) this.applyMix(key, value);
          break;
        default:
          break;
      }
    }
    hub.frameDone();
  }

  /** A combined crowd level reaches the device (null: the crowd fell silent, its level stops). */
  private applyMix(key: string, value: number | null): void {
    const [index, feature, type] = key.split(':') as [string, string, OutputType];
    const device = this.hub.get(Number(index));
    if (!device) return;
    if (value === null) {
      if (device.outputs.get(outputId(Number(feature), type))?.owner === CROWD_OWNER)
        this.hub.stopOwnedBy(CROWD_OWNER, device, Number(feature));
      return;
    }
    this.hub.applyOutputs(CROWD_OWNER, device, [{ feature: Number(feature), type, value }]);
  }

  private onControl(data: Uint8Array): void {
    const msg = readMessage<ControlMessage>(data);
    if (msg === null) return;
    switch (msg[0]) {
      case CONTROL_ESTOP:
        this.options.emergencyStop(`${msg[1]} (through the cluster)`);
        this.heartbeat();
        break;
      case CONTROL_RELEASE:
        this.options.release(`${msg[1]} (through the cluster)`);
        this.heartbeat();
        break;
      case CONTROL_SCAN:
        if (msg[1]) this.hub.startScanning();
        else this.hub.stopScanning();
        break;
    }
  }

  // ---------------------------------------------------------------- inputs

  private onInput(msg: Msg): void {
    let req: InputRequest;
    try {
      req = unpack(msg.data) as InputRequest;
    } catch {
      return;
    }
    const [edgeId, index, command] = req;
    const device = this.hub.get(index);
    if (!device) {
      msg.respond(pack([null, failure('THRUM_ERR_DEVICE_GONE', index)] satisfies InputReply));
      return;
    }
    const reply: ReadingReply = {
      message: 'InputReading',
      deviceIndex: index,
      index: command.feature,
      type: command.type,
      range: [0, 0],
    };
    if (command.command === 'Read') {
      const id = this.nextMsgId++;
      this.reads.set(id, msg);
      this.hub.input(this, id, device, command, reply);
      return;
    }
    const key = mixKey(index, command.feature, command.type);
    let set = this.subscribers.get(key);
    if (command.command === 'Subscribe') {
      if (set && set.size > 0) {
        set.add(edgeId);
        msg.respond(pack([[]] satisfies InputReply));
        return;
      }
      if (!set) this.subscribers.set(key, (set = new Set()));
      set.add(edgeId);
    } else {
      if (!set?.delete(edgeId) || set.size > 0) {
        msg.respond(pack([[]] satisfies InputReply));
        return;
      }
      this.subscribers.delete(key);
    }
    const id = this.nextMsgId++;
    this.reads.set(id, msg);
    this.hub.input(this, id, device, command, reply);
  }

  private unsubscribe(key: string): void {
    this.subscribers.delete(key);
    const [index, feature, type] = key.split(':') as [string, string, InputCommand['type']];
    const device = this.hub.get(Number(index));
    if (!device) return;
    const command: InputCommand = { feature: Number(feature), type, command: 'Unsubscribe' };
    this.hub.input(this, 0, device, command, {
      message: 'InputReading',
      deviceIndex: device.index,
      index: command.feature,
      type,
      range: [0, 0],
    });
  }

  // ---------------------------------------------------------------- StageHubClient

  deviceAdded(): void {
    this.devicesChanged();
  }

  deviceRemoved(device: StageDevice): void {
    for (const key of [...this.subscribers.keys()])
      if (key.startsWith(`${device.index}:`)) this.subscribers.delete(key);
    this.devicesChanged();
  }

  scanningFinished(): void {
    // Edges answer their clients' scans themselves.
  }

  inputReading(msgId: number, reply: ReadingReply, values: readonly number[]): void {
    if (msgId === 0) {
      const reading: Reading = [reply.deviceIndex, reply.index, reply.type, values as number[]];
      this.publish(this.subj.readings, pack(reading));
      return;
    }
    this.answer(msgId, [values as number[]]);
  }

  inputFailed(msgId: number, f: Failure): void {
    this.answer(msgId, [null, f]);
  }

  inputAccepted(msgId: number): void {
    this.answer(msgId, [[]]);
  }

  private answer(msgId: number, reply: InputReply): void {
    const msg = this.reads.get(msgId);
    if (!msg) return;
    this.reads.delete(msgId);
    msg.respond(pack(reply));
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const s of this.subs) s.unsubscribe();
    await this.nc.drain().catch(() => undefined);
  }
}

/** A message as an array, or null for bytes that are not one (nothing on the link may crash the stage). */
function readMessage<T>(data: Uint8Array): T | null {
  try {
    const msg = unpack(data);
    return Array.isArray(msg) ? (msg as T) : null;
  } catch {
    return null;
  }
}

function hasOutput(device: StageDevice, feature: number, type: OutputType): boolean {
  const f = device.descriptor.features[feature];
  return f !== undefined && f.index === feature && f.output?.[type] !== undefined;
}

/**
 * An intent's value is a whole step inside the output's range. The edge checked its clients'
 * commands already; the stage checks again, so a faulty or foreign node on the room's subjects can
 * never drive a device past its range (and so past a cap applied inside it).
 */
function inRange(device: StageDevice, feature: number, type: OutputType, value: unknown): value is number {
  const range = device.descriptor.features[feature]?.output?.[type]?.value;
  return (
    range !== undefined &&
    Number.isInteger(value) &&
    (value as number) >= Math.min(range[0], 0) &&
    (value as number) <= range[1]
  );
}

function stageHeartbeat(link: StageLink): void {
  link.heartbeat();
}

function stageCheck(link: StageLink): void {
  link.check();
}

function stagePublishDevices(link: StageLink): void {
  link.publishDevicesNow();
}
