// The device hub: every device of every bus under one index space, who set which output last
// (arbitration), input subscriptions, and fan-out of device events to every session.
//
// Arbitration (architecture.md, "Many clients"): for each (device, feature, output type) the
// latest command wins, whoever sent it, and the hub remembers who sent it. A client's own stops
// (disconnect, ping-out, Disconnect, StopAllDevices, index-less StopCmd) zero only the outputs
// whose latest value it set; a stop aimed at a device zeroes that device for everyone.
//
// The operator's controls live here too, so every client and every spec version is covered by
// the same code path: the latched emergency stop (every output zeroed at once; until released,
// output commands are refused and nothing but stops reaches a device) and live caps (a device's or
// output's values scaled onto 0..cap on their way to the bus).

import {
  failure,
  outputId,
  STOPPABLE_OUTPUTS,
  type BusName,
  type DeviceDescriptor,
  type DeviceIdentity,
  type Failure,
  type FromBus,
  type InputCommand,
  type OutputCommand,
  type OutputType,
  type ToBus,
} from '../core/index.js';
import type { Checked, PositionMemory, ReadingReply } from '../codec/index.js';
import { BurstGate, sharedOutputFeatures } from './burst-gate.js';
import { log } from './log.js';

/** What the hub needs from a session. */
export interface HubClient {
  readonly clientId: number;
  /** Whether the client has finished its handshake and should get device events. */
  readonly ready: boolean;
  deviceAdded(device: HubDevice): void;
  deviceRemoved(device: HubDevice): void;
  scanningFinished(): void;
  /** A reading for a subscription, or the answer to a read (msgId > 0). */
  inputReading(msgId: number, reply: ReadingReply, values: readonly number[]): void;
  inputFailed(msgId: number, failure: Failure): void;
  /** Answer to a subscribe/unsubscribe that went through. */
  inputAccepted(msgId: number): void;
}

/** Where the hub sends bus commands (the bus supervisor). */
export interface BusPort {
  /** Anything but outputs and stops (reads, scanning, indexes). */
  post(bus: BusName, msg: ToBus): void;
  /**
   * The newest value of one output of a bus device. Arguments, not a message object: this runs
   * per command, and on its common path nothing is allocated (output-channel.ts).
   */
  output(bus: BusName, busDevice: number, command: OutputCommand): void;
  /** Stop these outputs of a bus device; stops bypass coalescing. */
  stop(bus: BusName, busDevice: number, commands: readonly OutputCommand[]): void;
  /** Buses currently running. */
  running(): readonly BusName[];
  /** Buses down for now that will be started again (a crashed worker awaiting its restart). */
  restarting(): readonly BusName[];
  /**
   * Hand over, at once, every output and stop posted since the last commit: what one client frame
   * set reaches each device in one piece (one packet for a multi-motor device).
   */
  commit(): void;
  /** The next commit to `bus` carries a device's first output after an idle gap: deliver it without delay. */
  expedite(bus: BusName): void;
}

/**
 * Indexes that outlive a run (the user device config): which ones are promised to devices, and
 * where a device that got its index is reported so it can be remembered.
 */
export interface DeviceMemory {
  /** Whether this index belongs to a remembered device: a newcomer never gets it. */
  reserves(index: number): boolean;
  /** A device was added under `device.index`. */
  added(device: HubDevice, identity: DeviceIdentity | undefined): void;
}

interface OutputState {
  /** The latest command, as its sender gave it (before any cap). */
  command: OutputCommand;
  /** clientId of the session whose command this is; 0 = a stop for everyone. */
  owner: number;
  /** The value the device was given: `command.value` scaled by the output's cap, if any. */
  sent: number;
}

/**
 * A live cap set by the operator: on one output type of one feature, on every output of a feature
 * (`output` absent), on one output type everywhere on the device (`feature` absent), or on the
 * whole device (both absent). Where several apply, the lowest wins.
 */
export interface CapRule {
  readonly feature?: number;
  readonly output?: OutputType;
  /** 0..1: the sender's full range maps onto 0..cap of the device's. */
  readonly cap: number;
}

/** A peripheral's signal strength as its bus last reported it. */
export interface SignalLevel {
  /** dBm. */
  readonly value: number;
  /** Date.now() of the report. */
  readonly at: number;
}

/** The last battery reading that passed through the hub, as a fraction of its range. */
export interface BatteryLevel {
  readonly level: number;
  /** Date.now() of the reading. */
  readonly at: number;
}

/**
 * Who watches the hub's state change (the operator listener, through main's adapter). Called
 * synchronously with plain arguments, so watching costs no allocation per command.
 */
export interface HubObserver {
  /** `value` is what the device was given, `requested` what the sender asked for; `owner` 0 = a stop. */
  outputChanged(
    device: HubDevice,
    feature: number,
    type: OutputType,
    value: number,
    requested: number,
    owner: number,
  ): void;
  deviceAdded(device: HubDevice): void;
  deviceRemoved(device: HubDevice): void;
  capsChanged(device: HubDevice): void;
}

export interface HubDevice {
  readonly index: number;
  readonly bus: BusName;
  readonly busDevice: number;
  readonly address: string;
  readonly protocol: string;
  readonly descriptor: DeviceDescriptor;
  /** Latest value and its owner per outputId(feature, type). */
  readonly outputs: Map<number, OutputState>;
  /** Subscribers per inputKey, with how each wants readings phrased. */
  readonly subscriptions: Map<string, Map<HubClient, ReadingReply>>;
  /** performance.now() of the last output command; −Infinity before the first. */
  lastOutputAt: number;
  /** Output types two or more features share, with their features: its bursts pass the BurstGate. */
  readonly sharedOutputs: ReadonlyMap<OutputType, readonly number[]>;
  /** The operator's caps on this device, as set. */
  capRules: readonly CapRule[];
  /** Effective cap per outputId, for outputs with a cap below 1; null = nothing capped. */
  capBy: ReadonlyMap<number, number> | null;
  battery: BatteryLevel | null;
  /** The signal strength the bus last reported, for the operator; null before any. */
  rssi: SignalLevel | null;
  /**
   * Where the v0–v3 position commands last sent each feature: convertUp reads it to time a
   * FleshlightLaunchFW12Cmd or KiirooCmd move and writes every target. One per device, shared by
   * every session (and every role's view), since the device has one position.
   */
  readonly positions: PositionMemory;
}

interface PendingInput {
  readonly client: HubClient;
  readonly msgId: number;
  readonly device: HubDevice;
  readonly command: InputCommand;
  readonly reply: ReadingReply;
}

function inputKey(feature: number, type: string): string {
  return `${feature}:${type}`;
}

/**
 * A step scaled onto 0..cap of its range, toward zero, so the device never gets more than the cap
 * (rounding to nearest could exceed it by half a step). The epsilon absorbs float error in products
 * that are whole numbers (0.29 × 100).
 */
export function scaleToCap(value: number, cap: number): number {
  const x = value * cap;
  return x >= 0 ? Math.floor(x + 1e-9) : Math.ceil(x - 1e-9);
}

function capped(command: OutputCommand, cap: number): OutputCommand {
  const value = scaleToCap(command.value, cap);
  return command.duration === undefined
    ? { feature: command.feature, type: command.type, value }
    : { feature: command.feature, type: command.type, value, duration: command.duration };
}

function sameRule(a: CapRule, feature: number | undefined, output: OutputType | undefined): boolean {
  return a.feature === feature && a.output === output;
}

/** The lowest applicable cap per output of the device, for the outputs that have one below 1. */
function effectiveCaps(descriptor: DeviceDescriptor, rules: readonly CapRule[]): Map<number, number> | null {
  if (rules.length === 0) return null;
  let caps: Map<number, number> | null = null;
  for (const f of descriptor.features) {
    if (!f.output) continue;
    for (const type of Object.keys(f.output) as OutputType[]) {
      let cap = 1;
      for (const r of rules) {
        if (
          (r.feature === undefined || r.feature === f.index) &&
          (r.output === undefined || r.output === type)
        )
          cap = Math.min(cap, r.cap);
      }
      if (cap < 1) (caps ??= new Map()).set(outputId(f.index, type), cap);
    }
  }
  return caps;
}

/** A stop is refused nothing; every other output command gets this while the latch holds. */
export const EMERGENCY_STOP_FAILURE: Failure = failure('THRUM_ERR_EMERGENCY_STOP');

export class DeviceHub {
  private readonly devices = new Map<number, HubDevice>();
  private readonly byBus = new Map<BusName, Map<number, HubDevice>>();
  private readonly clients = new Set<HubClient>();
  private readonly pending = new Map<number, PendingInput>();
  /** Addresses seen this run keep their index across reconnects, as upstream does. */
  private readonly indexByAddress = new Map<string, number>();
  /** The values of indexByAddress: indexes promised to an address, not handed to newcomers. */
  private readonly rememberedIndexes = new Set<number>();
  private nextIndex = 0;
  private nextReq = 1;
  /** Buses that have not yet reported ScanningFinished since the last StartScanning. */
  private readonly scanning = new Set<BusName>();
  /**
   * Buses that were restarting when a client asked to scan: they scan as soon as they are up, so
   * a scan right after a bus crash still finds that bus's devices again.
   */
  private readonly scanWhenUp = new Set<BusName>();
  /** Holds an incomplete client burst until its other frames arrive (burst-gate.ts). */
  private readonly bursts: BurstGate<HubDevice>;
  /** The latched emergency stop. Survives bus restarts: it is the hub's, not a worker's. */
  private latched = false;
  /**
   * Caps by device address: a device that disconnects and comes back (or whose bus restarts) is
   * capped again, as its index is kept.
   */
  private readonly capsByAddress = new Map<string, readonly CapRule[]>();
  /** The operator listener's view of changes; null when nobody watches. */
  observer: HubObserver | null = null;

  constructor(
    private readonly buses: BusPort,
    private readonly memory?: DeviceMemory,
  ) {
    this.bursts = new BurstGate<HubDevice>({
      release: (device, commands, expedite) => this.sendOutputs(device, commands, expedite),
      commit: () => buses.commit(),
    });
  }

  // ------------------------------------------------------------------ clients

  attach(client: HubClient): void {
    this.clients.add(client);
  }

  /** Forget a client: its subscriptions end and its pending answers are dropped. */
  detach(client: HubClient): void {
    this.clients.delete(client);
    for (const device of this.devices.values()) {
      for (const [key, subs] of device.subscriptions) {
        if (subs.delete(client) && subs.size === 0) this.endSubscription(device, key);
      }
    }
    for (const [req, p] of this.pending) if (p.client === client) this.pending.delete(req);
  }

  /** Devices in index order. */
  list(): HubDevice[] {
    return [...this.devices.values()].sort((a, b) => a.index - b.index);
  }

  get(index: number): HubDevice | undefined {
    return this.devices.get(index);
  }

  get size(): number {
    return this.devices.size;
  }

  // ------------------------------------------------------------------ outputs

  /**
   * A client frame has been handled: its outputs and stops go to the buses now, together. (Posts
   * made outside a frame are handed over at the end of the turn.)
   */
  frameDone(): void {
    this.buses.commit();
  }

  /**
   * Record and forward validated output commands, under the operator's live caps. The latest
   * command per output wins. On a device whose features share an output type they are forwarded
   * once the client's burst is whole. Returns false, and records and sends nothing, while the
   * emergency stop is latched. `now` is when they were received (a session passes its frame's
   * arrival, read once per frame already, rather than read the clock again per command).
   */
  applyOutputs(
    owner: number,
    device: HubDevice,
    commands: ReadonlyArray<Checked<OutputCommand>>,
    now: number = performance.now(),
  ): boolean {
    if (this.latched) return false;
    const afterIdleGap = now - device.lastOutputAt >= device.descriptor.messageTimingGap;
    device.lastOutputAt = now;
    const caps = device.capBy;
    const observer = this.observer;
    /** The commands as sent, when a cap changed one of them (else `commands` itself). */
    let sending: OutputCommand[] | null = null;
    for (let i = 0; i < commands.length; i++) {
      const command = commands[i]!;
      const key = outputId(command.feature, command.type);
      let sent: OutputCommand = command;
      if (caps !== null) {
        const cap = caps.get(key);
        if (cap !== undefined) {
          sent = capped(command, cap);
          (sending ??= commands.slice())[i] = sent;
        }
      }
      const state = device.outputs.get(key);
      if (state) {
        state.command = command;
        state.owner = owner;
        state.sent = sent.value;
      } else {
        device.outputs.set(key, { command, owner, sent: sent.value });
      }
      if (observer !== null)
        observer.outputChanged(device, command.feature, command.type, sent.value, command.value, owner);
    }
    const out = sending ?? commands;
    if (device.sharedOutputs.size > 0) this.bursts.offer(device, device.sharedOutputs, out, afterIdleGap);
    else this.sendOutputs(device, out, afterIdleGap);
    return true;
  }

  private sendOutputs(device: HubDevice, commands: readonly OutputCommand[], afterIdleGap: boolean): void {
    // The first command after the device's idle gap goes out at once (architecture.md
    // "Coalescing"), even while the bus worker holds its table for another device's stream.
    if (afterIdleGap) this.buses.expedite(device.bus);
    for (let i = 0; i < commands.length; i++) this.buses.output(device.bus, device.busDevice, commands[i]!);
  }

  /**
   * Zero the outputs whose latest value `owner` set, on every device (or on `only`, and there on
   * one feature); others are left alone.
   */
  stopOwnedBy(owner: number, only?: HubDevice, feature?: number): void {
    for (const device of only ? [only] : this.devices.values()) {
      let stops: OutputCommand[] | undefined;
      for (const state of device.outputs.values()) {
        if (state.owner !== owner) continue;
        const c = state.command;
        if (feature !== undefined && c.feature !== feature) continue;
        state.owner = 0;
        if (!STOPPABLE_OUTPUTS.has(c.type) || c.value === 0) continue;
        const zero: OutputCommand = { feature: c.feature, type: c.type, value: 0 };
        state.command = zero;
        state.sent = 0;
        (stops ??= []).push(zero);
        this.observer?.outputChanged(device, c.feature, c.type, 0, 0, 0);
      }
      if (!stops) continue;
      this.bursts.flush(device); // what the client sent before the stop goes first
      this.buses.stop(device.bus, device.busDevice, stops);
    }
  }

  /**
   * Stop a device (or one feature of it) for everyone: a zero for each feature's first stoppable
   * output type, as the reference server does, whether or not anyone set it.
   */
  stopDevice(device: HubDevice, feature?: number): void {
    const stops: OutputCommand[] = [];
    for (const f of device.descriptor.features) {
      if (feature !== undefined && f.index !== feature) continue;
      if (!f.output) continue;
      for (const type of Object.keys(f.output) as OutputCommand['type'][]) {
        if (!STOPPABLE_OUTPUTS.has(type)) continue;
        stops.push({ feature: f.index, type, value: 0 });
        break;
      }
      // Every output of the feature is now stopped or holds still: nobody owns it any more.
      for (const type of Object.keys(f.output)) {
        const state = device.outputs.get(outputId(f.index, type as OutputType));
        if (!state) continue;
        state.owner = 0;
        if (STOPPABLE_OUTPUTS.has(state.command.type)) {
          state.command = { feature: f.index, type: state.command.type, value: 0 };
          state.sent = 0;
        }
        this.observer?.outputChanged(device, f.index, state.command.type, state.sent, state.command.value, 0);
      }
    }
    if (stops.length === 0) return;
    this.bursts.flush(device);
    this.buses.stop(device.bus, device.busDevice, stops);
  }

  /** Shutdown: every device, for everyone. */
  stopAllDevices(): void {
    for (const device of this.devices.values()) this.stopDevice(device);
  }

  // ------------------------------------------------------------------ emergency stop

  get emergencyStopped(): boolean {
    return this.latched;
  }

  /**
   * The latched emergency stop: every stoppable output of every device to zero now (stops bypass
   * coalescing and are handed to the buses at once), and until release every output command is
   * refused (applyOutputs returns false). Engaging it again stops everything again. Returns whether
   * the latch was newly engaged.
   */
  engageEmergencyStop(): boolean {
    const was = this.latched;
    this.latched = true;
    for (const device of this.devices.values()) {
      // A burst still waiting for its other frames never reaches the device.
      this.bursts.drop(device);
      this.zeroEverything(device);
    }
    this.buses.commit();
    return !was;
  }

  /** Let output commands through again. Devices stay stopped until commanded. */
  releaseEmergencyStop(): boolean {
    if (!this.latched) return false;
    this.latched = false;
    return true;
  }

  /**
   * A zero for every stoppable output of the device: each feature's first stoppable type (what a
   * device stop sends, whether or not anyone set it) and every other one that holds a value.
   */
  private zeroEverything(device: HubDevice): void {
    const stops: OutputCommand[] = [];
    for (const f of device.descriptor.features) {
      if (!f.output) continue;
      let first = true;
      for (const type of Object.keys(f.output) as OutputType[]) {
        if (!STOPPABLE_OUTPUTS.has(type)) continue;
        const state = device.outputs.get(outputId(f.index, type));
        if (first || (state !== undefined && state.sent !== 0))
          stops.push({ feature: f.index, type, value: 0 });
        first = false;
        if (!state) continue;
        state.owner = 0;
        state.command = { feature: f.index, type, value: 0 };
        state.sent = 0;
        this.observer?.outputChanged(device, f.index, type, 0, 0, 0);
      }
    }
    if (stops.length > 0) this.buses.stop(device.bus, device.busDevice, stops);
  }

  // ------------------------------------------------------------------ live caps

  /**
   * Set (or replace) a cap on a device, a feature, an output type or one output. Values already
   * on the device above the new cap are sent again, scaled; a raised cap applies from each
   * sender's next command (raising a device's level is left to whoever drives it).
   */
  setCap(device: HubDevice, rule: CapRule): void {
    const rules = device.capRules.filter((r) => !sameRule(r, rule.feature, rule.output));
    rules.push(rule);
    this.applyCapRules(device, rules);
    let lowered: OutputCommand[] | undefined;
    for (const [key, state] of device.outputs) {
      const cap = device.capBy?.get(key);
      if (cap === undefined) continue;
      const value = scaleToCap(state.command.value, cap);
      if (Math.abs(value) >= Math.abs(state.sent)) continue;
      state.sent = value;
      (lowered ??= []).push(capped(state.command, cap));
      this.observer?.outputChanged(
        device,
        state.command.feature,
        state.command.type,
        value,
        state.command.value,
        state.owner,
      );
    }
    if (lowered && !this.latched) {
      for (const command of lowered) this.buses.output(device.bus, device.busDevice, command);
      this.buses.commit();
    }
  }

  /**
   * Remove the cap set on exactly this target (both absent: every cap on the device). Returns how
   * many were removed.
   */
  clearCap(device: HubDevice, feature?: number, output?: OutputType): number {
    const all = feature === undefined && output === undefined;
    const rules = all ? [] : device.capRules.filter((r) => !sameRule(r, feature, output));
    const removed = device.capRules.length - rules.length;
    if (removed > 0) this.applyCapRules(device, rules);
    return removed;
  }

  private applyCapRules(device: HubDevice, rules: readonly CapRule[]): void {
    device.capRules = rules;
    device.capBy = effectiveCaps(device.descriptor, rules);
    if (rules.length > 0) this.capsByAddress.set(device.address, rules);
    else this.capsByAddress.delete(device.address);
    log(
      'info',
      `device ${device.index} caps: ${rules.length === 0 ? 'none' : rules.map(describeRule).join(', ')}`,
    );
    this.observer?.capsChanged(device);
  }

  // ------------------------------------------------------------------ inputs

  /** Read, subscribe or unsubscribe. The answer arrives through the client's input* methods. */
  input(
    client: HubClient,
    msgId: number,
    device: HubDevice,
    command: Checked<InputCommand>,
    reply: ReadingReply,
  ): void {
    if (command.command !== 'Read') {
      const key = inputKey(command.feature, command.type);
      let subs = device.subscriptions.get(key);
      if (command.command === 'Subscribe') {
        if (subs?.has(client)) {
          subs.set(client, reply);
          client.inputAccepted(msgId);
          return;
        }
        if (subs && subs.size > 0) {
          // The device already streams this input for someone else.
          subs.set(client, reply);
          client.inputAccepted(msgId);
          return;
        }
      } else {
        if (!subs?.has(client)) {
          client.inputAccepted(msgId);
          return;
        }
        subs.delete(client);
        if (subs.size > 0) {
          client.inputAccepted(msgId);
          return;
        }
      }
      if (command.command === 'Subscribe') {
        if (!subs) device.subscriptions.set(key, (subs = new Map()));
        subs.set(client, reply);
      }
    }
    const req = this.nextReq++;
    this.pending.set(req, { client, msgId, device, command, reply });
    this.bursts.flush(device); // a read follows the outputs sent before it
    this.buses.post(device.bus, { t: 'input', device: device.busDevice, req, command });
  }

  /** Unsubscribe `client` from every input it streams (StopCmd with Inputs). */
  unsubscribeAll(client: HubClient, device?: HubDevice): void {
    for (const d of device ? [device] : this.devices.values()) {
      for (const [key, subs] of d.subscriptions) {
        if (subs.delete(client) && subs.size === 0) this.endSubscription(d, key);
      }
    }
  }

  private endSubscription(device: HubDevice, key: string): void {
    device.subscriptions.delete(key);
    const [feature, type] = key.split(':') as [string, InputCommand['type']];
    const req = this.nextReq++;
    // Nobody waits for this answer: the last subscriber already left.
    this.buses.post(device.bus, {
      t: 'input',
      device: device.busDevice,
      req,
      command: { feature: Number(feature), type, command: 'Unsubscribe' },
    });
  }

  // ------------------------------------------------------------------ scanning

  startScanning(): void {
    for (const bus of this.buses.running()) {
      this.scanning.add(bus);
      this.buses.post(bus, { t: 'startScanning' });
    }
    for (const bus of this.buses.restarting()) this.scanWhenUp.add(bus);
  }

  stopScanning(): void {
    this.scanWhenUp.clear();
    const running = this.buses.running();
    if (running.length === 0) {
      this.broadcastScanningFinished();
      return;
    }
    for (const bus of running) {
      this.scanning.add(bus);
      this.buses.post(bus, { t: 'stopScanning' });
    }
  }

  private busFinishedScanning(bus: BusName): void {
    if (!this.scanning.delete(bus)) return;
    if (this.scanning.size === 0) this.broadcastScanningFinished();
  }

  private broadcastScanningFinished(): void {
    for (const c of this.clients) if (c.ready) c.scanningFinished();
  }

  // ------------------------------------------------------------------ bus events

  onBusMessage(bus: BusName, msg: FromBus): void {
    switch (msg.t) {
      case 'deviceAdded':
        this.addDevice(bus, msg);
        break;
      case 'deviceRemoved': {
        const device = this.byBus.get(bus)?.get(msg.device);
        if (device) this.removeDevice(device);
        break;
      }
      case 'scanningFinished':
        this.busFinishedScanning(bus);
        break;
      case 'inputResult': {
        const p = this.pending.get(msg.req);
        if (!p) break;
        this.pending.delete(msg.req);
        if (msg.error) {
          if (p.command.command === 'Subscribe')
            p.device.subscriptions.get(inputKey(p.command.feature, p.command.type))?.delete(p.client);
          p.client.inputFailed(p.msgId, msg.error);
        } else if (p.command.command === 'Read') {
          if (p.command.type === 'Battery') noteBattery(p.device, p.command.feature, msg.values);
          p.client.inputReading(p.msgId, p.reply, msg.values ?? []);
        } else p.client.inputAccepted(p.msgId);
        break;
      }
      case 'inputReading': {
        const device = this.byBus.get(bus)?.get(msg.device);
        if (device && msg.type === 'Battery') noteBattery(device, msg.feature, msg.values);
        const subs = device?.subscriptions.get(inputKey(msg.feature, msg.type));
        if (subs) for (const [client, reply] of subs) client.inputReading(0, reply, msg.values);
        break;
      }
      case 'rssi': {
        const device = this.byBus.get(bus)?.get(msg.device);
        if (device) device.rssi = { value: msg.value, at: Date.now() };
        break;
      }
      default:
        break;
    }
  }

  /** A bus worker is serving again after a restart. */
  onBusUp(bus: BusName): void {
    if (!this.scanWhenUp.delete(bus)) return;
    this.scanning.add(bus);
    this.buses.post(bus, { t: 'startScanning' });
  }

  /**
   * A bus worker died: all its devices are gone, and every question put to it fails. A scan it
   * was running (or had just been asked for, a request the dying worker never saw) resumes once
   * it is back, so its devices return without the user scanning again.
   */
  onBusDown(bus: BusName): void {
    const devices = this.byBus.get(bus);
    if (devices) for (const device of [...devices.values()]) this.removeDevice(device);
    if (this.scanning.delete(bus)) this.scanWhenUp.add(bus);
  }

  private addDevice(bus: BusName, msg: Extract<FromBus, { t: 'deviceAdded' }>): void {
    let perBus = this.byBus.get(bus);
    if (!perBus) this.byBus.set(bus, (perBus = new Map()));
    if (perBus.has(msg.device)) return;
    const index = this.assignIndex(msg.address, msg.reservedIndex);
    const capRules = this.capsByAddress.get(msg.address) ?? [];
    const device: HubDevice = {
      index,
      bus,
      busDevice: msg.device,
      address: msg.address,
      protocol: msg.protocol,
      descriptor: msg.descriptor,
      outputs: new Map(),
      lastOutputAt: -Infinity,
      sharedOutputs: sharedOutputFeatures(msg.descriptor.features),
      subscriptions: new Map(),
      capRules,
      capBy: effectiveCaps(msg.descriptor, capRules),
      battery: null,
      rssi: null,
      positions: new Map(),
    };
    this.devices.set(index, device);
    perBus.set(msg.device, device);
    this.buses.post(bus, { t: 'deviceIndexed', device: msg.device, index });
    log('info', `device ${index} added: ${msg.descriptor.name} (${msg.protocol}, ${bus} ${msg.address})`);
    this.memory?.added(device, msg.identity);
    for (const c of this.clients) if (c.ready) c.deviceAdded(device);
    this.observer?.deviceAdded(device);
  }

  private assignIndex(address: string, reserved: number | undefined): number {
    if (reserved !== undefined && !this.devices.has(reserved)) return reserved;
    const known = this.indexByAddress.get(address);
    if (known !== undefined && !this.devices.has(known)) return known;
    while (
      this.devices.has(this.nextIndex) ||
      this.rememberedIndexes.has(this.nextIndex) ||
      this.memory?.reserves(this.nextIndex)
    )
      this.nextIndex++;
    const index = this.nextIndex++;
    this.indexByAddress.set(address, index);
    this.rememberedIndexes.add(index);
    return index;
  }

  private removeDevice(device: HubDevice): void {
    this.bursts.drop(device);
    this.devices.delete(device.index);
    this.byBus.get(device.bus)?.delete(device.busDevice);
    for (const [req, p] of this.pending) {
      if (p.device !== device) continue;
      this.pending.delete(req);
      p.client.inputFailed(p.msgId, failure('THRUM_ERR_DEVICE_GONE', device.index));
    }
    log('info', `device ${device.index} removed: ${device.descriptor.name}`);
    for (const c of this.clients) if (c.ready) c.deviceRemoved(device);
    this.observer?.deviceRemoved(device);
  }
}

function describeRule(r: CapRule): string {
  const target =
    r.feature === undefined
      ? (r.output ?? 'every output')
      : `feature ${r.feature}${r.output === undefined ? '' : ` ${r.output}`}`;
  return `${target} ≤ ${r.cap}`;
}

function noteBattery(device: HubDevice, feature: number, values: readonly number[] | undefined): void {
  const v = values?.[0];
  const range = device.descriptor.features.find((f) => f.index === feature)?.input?.Battery?.value[0];
  if (v === undefined || !range || range[1] <= range[0]) return;
  device.battery = {
    level: Math.min(1, Math.max(0, (v - range[0]) / (range[1] - range[0]))),
    at: Date.now(),
  };
}
