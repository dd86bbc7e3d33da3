// An edge's side of the cluster link. To the edge's device hub it is the bus port (where a stand-
// alone server has bus workers): the stage's devices arrive as deviceAdded under the stage's
// indexes, outputs leave as intents. Outputs are aggregated per output over INTENT_WINDOW_MS —
// the newest value per output, sent at most once per window, the first after a quiet window at
// once — so a crowd of clients costs the stage a message per window, not one per command.

import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  failure,
  OUTPUT_TYPES,
  type BusName,
  type FromBus,
  type OutputCommand,
  type OutputType,
  type ToBus,
} from '../core/index.js';
import { EdgeMix, outputSlot, type MixRule } from './crowd-mix.js';
import { NatsCounters } from './nats-counters.js';
import {
  CHECK_MS,
  CONTROL_ESTOP,
  CONTROL_RELEASE,
  CONTROL_SCAN,
  EDGE_GOODBYE,
  EDGE_HEARTBEAT,
  HEARTBEAT_MS,
  INPUT_TIMEOUT_MS,
  LOSS_MS,
  OP_SET,
  STALL_MS,
  OP_STOP_DEVICE,
  OP_STOP_EDGE,
  OP_STOP_OWN,
  pack,
  STAGE_DEVICES,
  STAGE_HEARTBEAT,
  unpack,
  type ControlMessage,
  type EdgeMessage,
  type InputReply,
  type Intent,
  type Reading,
  type StageMessage,
  type Subjects,
  type WireDevice,
} from './wire.js';

/** Outputs leave an edge at most once per window (the first after a quiet window at once). */
export const INTENT_WINDOW_MS = 4;

/** What the link needs from the edge's hub. */
export interface EdgeHubSide {
  onBusMessage(bus: BusName, msg: FromBus): void;
  /** The room's emergency stop, as the stage reports it. */
  roomLatched(engaged: boolean): void;
}

export interface EdgeLinkOptions {
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  readonly node: string;
  readonly name: string;
  readonly log: (level: 'info' | 'warn' | 'debug', message: string) => void;
  /** Handshaken clients now (sent with each heartbeat, for the stage's operator). */
  readonly clients: () => number;
}

const TYPE_INDEX = new Map<string, number>(OUTPUT_TYPES.map((t, i) => [t, i]));

/** An output's newest value not yet sent. */
class PendingSet {
  value = 0;
  duration: number | undefined = undefined;
  pending = false;
  constructor(
    readonly device: number,
    readonly feature: number,
    readonly type: OutputType,
  ) {}
}

interface RemoteDevice {
  readonly bus: BusName;
}

export class EdgeLink {
  private hub: EdgeHubSide | null = null;
  private readonly nc: NatsConnection;
  private readonly subj: Subjects;
  private readonly node: string;
  private readonly devices = new Map<number, RemoteDevice>();
  /** The intents not yet sent, in order. */
  /** Stops and crowd shares not yet sent, in order, after the pending sets that came before them. */
  private items: Intent[] = [];
  /**
   * The newest value per output since the last send: one record per output for the life of the
   * link, overwritten in place, so a command costs no allocation (the intent arrays are built once
   * per send).
   */
  private readonly sets = new Map<number, PendingSet>();
  /** The records of `sets` holding a value to send, in first-set order. */
  private readonly pendingSets: PendingSet[] = [];
  private urgent = false;
  private commitQueued = false;
  /** Crowd voices changed since the last send. */
  private mixPending = false;
  private lastSent = -Infinity;
  private flushTimer: NodeJS.Timeout | null = null;
  /** While > 0, stops the hub posts stay local (the override sent a wider intent itself). */
  private muted = 0;
  private readonly mix = new EdgeMix();
  private stageId = '';
  private listVersion = -1;
  private lastStageAt = -Infinity;
  private stageUp = false;
  private lastCheck = performance.now();
  private syncing = false;
  private latched = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly subs: Subscription[] = [];
  readonly counters: NatsCounters;
  /** This edge's name in the stage's operator view. */
  name: string;
  /** Output commands the hub handed over, and intents published (the aggregation ratio). */
  commandsIn = 0;
  intentsOut = 0;

  constructor(private readonly options: EdgeLinkOptions) {
    this.nc = options.nc;
    this.subj = options.subjects;
    this.node = options.node;
    this.counters = new NatsCounters(options.nc);
    this.name = options.name;
  }

  attach(hub: EdgeHubSide): void {
    this.hub = hub;
  }

  /** Subscribe, say hello to the stage and keep the link's health. */
  start(): void {
    this.subs.push(
      this.nc.subscribe(this.subj.stage, { callback: (err, msg) => void (err ?? this.onStage(msg.data)) }),
    );
    this.subs.push(
      this.nc.subscribe(this.subj.readings, {
        callback: (err, msg) => void (err ?? this.onReading(msg.data)),
      }),
    );
    this.heartbeat();
    this.timers.push(setInterval(edgeHeartbeat, HEARTBEAT_MS, this), setInterval(edgeCheck, CHECK_MS, this));
    for (const t of this.timers) t.unref();
    void this.watchStatus();
    this.sync();
  }

  get stageConnected(): boolean {
    return this.stageUp;
  }

  // ---------------------------------------------------------------- BusPort

  output(_bus: BusName, device: number, command: OutputCommand): void {
    this.commandsIn++;
    this.set(device, command);
    this.commitLater();
  }

  stop(_bus: BusName, device: number, commands: readonly OutputCommand[]): void {
    if (this.muted > 0) return;
    for (const c of commands) this.push([OP_STOP_OWN, device, c.feature, c.type]);
    this.urgent = true;
    this.commitLater();
  }

  post(_bus: BusName, msg: ToBus): void {
    switch (msg.t) {
      case 'output':
        this.output(_bus, msg.device, msg.command);
        break;
      case 'stop':
        this.stop(_bus, msg.device, msg.commands);
        break;
      case 'input':
        void this.input(msg.device, msg.req, msg.command);
        break;
      default:
        break;
    }
  }

  running(): readonly BusName[] {
    return [];
  }

  restarting(): readonly BusName[] {
    return [];
  }

  commit(): void {
    if (this.items.length === 0 && this.pendingSets.length === 0 && !this.mixPending) return;
    if (this.urgent) return this.flush();
    const wait = this.lastSent + INTENT_WINDOW_MS - performance.now();
    if (wait <= 0) return this.flush();
    this.flushTimer ??= setTimeout(edgeFlush, wait, this);
  }

  /** Posts made outside a client frame (a disconnect, a timer) are handed over at the end of the turn, as by the bus supervisor. */
  private commitLater(): void {
    if (this.commitQueued) return;
    this.commitQueued = true;
    setImmediate(edgeCommit, this);
  }

  /** @internal */
  commitQueuedNow(): void {
    this.commitQueued = false;
    this.commit();
  }

  expedite(): void {
    // The window's leading edge already sends the first output after a quiet window at once.
  }

  // ---------------------------------------------------------------- the edge hub's wider intents

  /** Run `fn` with the stops it posts kept local. */
  muting<T>(fn: () => T): T {
    this.muted++;
    try {
      return fn();
    } finally {
      this.muted--;
    }
  }

  deviceStop(device: number, feature: number | undefined): void {
    this.mix.forgetDevice(device, feature);
    this.mixPending = true;
    this.push([OP_STOP_DEVICE, device, feature ?? -1]);
    this.urgent = true;
    this.commitLater();
  }

  /** A crowd voice on an output (an aggregating role). */
  voice(owner: number, device: number, command: OutputCommand, rule: MixRule): void {
    this.commandsIn++;
    this.mixPending = true;
    this.mix.set(
      outputSlot(device, command.feature, TYPE_INDEX.get(command.type) ?? 0),
      owner,
      device,
      command.feature,
      command.type,
      rule,
      command.value,
      performance.now(),
    );
  }

  silence(owner: number, device?: number, feature?: number): void {
    if (this.mix.size === 0) return;
    this.mix.forget(owner, device, feature);
    this.mixPending = true;
    this.commitLater();
  }

  /** Everything this edge drives stops (it shuts down). */
  stopEdge(): void {
    this.push([OP_STOP_EDGE]);
    this.flush();
  }

  control(message: ControlMessage): void {
    this.publish(this.subj.control, pack(message));
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

  estop(who: string): void {
    this.control([CONTROL_ESTOP, `${who} on edge ${this.name}`]);
    // Out now, not at the next flush of the client (a pressed button must not wait).
    void this.nc.flush().catch(() => undefined);
  }

  release(who: string): void {
    this.control([CONTROL_RELEASE, `${who} on edge ${this.name}`]);
  }

  scan(start: boolean): void {
    this.control([CONTROL_SCAN, start ? 1 : 0]);
  }

  // ---------------------------------------------------------------- sending

  private set(device: number, command: OutputCommand): void {
    const slot = outputSlot(device, command.feature, TYPE_INDEX.get(command.type) ?? 0);
    let rec = this.sets.get(slot);
    if (rec === undefined) this.sets.set(slot, (rec = new PendingSet(device, command.feature, command.type)));
    rec.value = command.value;
    rec.duration = command.duration;
    if (!rec.pending) {
      rec.pending = true;
      this.pendingSets.push(rec);
    }
  }

  /** The pending sets, as intents, before whatever comes next. */
  private takeSets(into: Intent[]): void {
    const pending = this.pendingSets;
    for (let i = 0; i < pending.length; i++) {
      const r = pending[i]!;
      r.pending = false;
      into.push(
        r.duration === undefined
          ? [OP_SET, r.device, r.feature, r.type, r.value]
          : [OP_SET, r.device, r.feature, r.type, r.value, r.duration],
      );
    }
    pending.length = 0;
  }

  private push(item: Intent): void {
    // A stop goes after the values set before it, and a value set after it goes after it.
    this.takeSets(this.items);
    this.items.push(item);
  }

  /** @internal (timer) */
  flush(): void {
    if (this.flushTimer !== null) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    this.takeSets(this.items);
    if (this.mixPending) this.mix.collect(this.items);
    this.mixPending = false;
    this.urgent = false;
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.lastSent = performance.now();
    this.intentsOut += items.length;
    this.publish(this.subj.intents, pack([this.node, items]));
  }

  /** @internal (timer) */
  heartbeat(): void {
    const hb: EdgeMessage = [EDGE_HEARTBEAT, this.node, this.name, this.options.clients()];
    this.publish(this.subj.edge, pack(hb));
    // Crowd voices fall silent with time, not only with commands.
    if (this.mix.size > 0 && this.mix.expire(performance.now())) {
      this.mixPending = true;
      this.commit();
    }
  }

  /** @internal (timer): the stage has been silent too long: its devices are gone for our clients. */
  check(): void {
    const now = performance.now();
    // After a stall of this process, heartbeats may be waiting unread: read them before judging.
    const stalled = now - this.lastCheck > STALL_MS;
    this.lastCheck = now;
    if (stalled) return;
    if (this.stageUp && now - this.lastStageAt > LOSS_MS) this.stageLost('the stage is silent');
  }

  private stageLost(why: string): void {
    if (!this.stageUp) return;
    this.stageUp = false;
    this.options.log(
      'warn',
      `lost the stage (${why}): its devices are removed for this edge's clients until it is back`,
    );
    this.dropDevices();
    this.listVersion = -1;
  }

  private dropDevices(): void {
    const hub = this.hub;
    for (const [index, d] of this.devices) {
      this.devices.delete(index);
      hub?.onBusMessage(d.bus, { t: 'deviceRemoved', device: index });
    }
  }

  // ---------------------------------------------------------------- receiving

  private onStage(data: Uint8Array): void {
    let msg: StageMessage;
    try {
      msg = unpack(data) as StageMessage;
    } catch {
      return;
    }
    this.lastStageAt = performance.now();
    if (msg[0] === STAGE_HEARTBEAT) {
      const [, stage, estop, version] = msg;
      if (!this.stageUp) {
        this.stageUp = true;
        this.options.log('info', `stage ${stage} is up`);
        this.mix.resend();
        this.mixPending = this.mix.size > 0;
      }
      if (Boolean(estop) !== this.latched) {
        this.latched = Boolean(estop);
        this.hub?.roomLatched(this.latched);
      }
      if (stage !== this.stageId || version !== this.listVersion) this.sync();
    } else if (msg[0] === STAGE_DEVICES) {
      this.applyDevices(msg[1], msg[2], msg[3]);
    }
  }

  /** Ask the stage for its device list (at start, after a reconnect, after a missed change). */
  private sync(): void {
    if (this.syncing || this.nc.isClosed()) return;
    this.syncing = true;
    this.nc
      .request(this.subj.sync, pack(this.node), { timeout: 2000 })
      .then((reply) => {
        const msg = unpack(reply.data) as StageMessage;
        if (msg[0] === STAGE_DEVICES) this.applyDevices(msg[1], msg[2], msg[3]);
      })
      .catch(() => {
        // No stage yet (or it is restarting): its next heartbeat brings us back here.
      })
      .finally(() => {
        this.syncing = false;
      });
  }

  private applyDevices(stage: string, version: number, list: WireDevice[]): void {
    if (stage === this.stageId && version <= this.listVersion) return;
    const hub = this.hub;
    if (stage !== this.stageId) {
      // Another stage (restarted): nothing of the old one's list holds.
      this.dropDevices();
      this.stageId = stage;
    }
    this.listVersion = version;
    this.stageUp = true;
    this.lastStageAt = performance.now();
    const now = new Set(list.map((d) => d[0]));
    for (const [index, d] of this.devices) {
      if (now.has(index)) continue;
      this.devices.delete(index);
      hub?.onBusMessage(d.bus, { t: 'deviceRemoved', device: index });
    }
    for (const [index, bus, address, protocol, descriptor] of list) {
      if (this.devices.has(index)) continue;
      const b = bus as BusName;
      this.devices.set(index, { bus: b });
      // The stage's index is reserved for it here: the edge's clients see the stage's indexes.
      hub?.onBusMessage(b, {
        t: 'deviceAdded',
        device: index,
        address,
        protocol,
        descriptor,
        reservedIndex: index,
      });
    }
  }

  private onReading(data: Uint8Array): void {
    let r: Reading;
    try {
      r = unpack(data) as Reading;
    } catch {
      return;
    }
    const d = this.devices.get(r[0]);
    if (d)
      this.hub?.onBusMessage(d.bus, {
        t: 'inputReading',
        device: r[0],
        feature: r[1],
        type: r[2],
        values: r[3],
      });
  }

  private async input(
    device: number,
    req: number,
    command: Extract<ToBus, { t: 'input' }>['command'],
  ): Promise<void> {
    const bus = this.devices.get(device)?.bus;
    let result: FromBus;
    try {
      const reply = await this.nc.request(this.subj.input, pack([this.node, device, command]), {
        timeout: INPUT_TIMEOUT_MS,
      });
      const r = unpack(reply.data) as InputReply;
      result =
        r[0] === null ? { t: 'inputResult', req, error: r[1] } : { t: 'inputResult', req, values: r[0] };
    } catch {
      result = {
        t: 'inputResult',
        req,
        error: failure('THRUM_ERR_DEVICE_TIMEOUT', device, INPUT_TIMEOUT_MS),
      };
    }
    if (bus !== undefined) this.hub?.onBusMessage(bus, result);
  }

  private async watchStatus(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === 'disconnect') this.stageLost('NATS connection lost');
      else if (s.type === 'reconnect') {
        this.options.log('info', 'NATS connection back: resynchronising the device list');
        this.sync();
      }
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.nc.isClosed() || this.nc.isDraining()) return;
    this.flush();
    this.publish(this.subj.edge, pack([EDGE_GOODBYE, this.node] satisfies EdgeMessage));
    for (const s of this.subs) s.unsubscribe();
    await this.nc.drain().catch(() => undefined);
  }
}

function edgeHeartbeat(link: EdgeLink): void {
  link.heartbeat();
}

function edgeCheck(link: EdgeLink): void {
  link.check();
}

function edgeCommit(link: EdgeLink): void {
  link.commitQueuedNow();
}

function edgeFlush(link: EdgeLink): void {
  link.flush();
}
