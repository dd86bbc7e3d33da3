// The device hub: every device of every bus under one index space, who set which output last
// (arbitration), input subscriptions, and fan-out of device events to every session.
//
// Arbitration (architecture.md, "Many clients"): for each (device, feature, output type) the
// latest command wins, whoever sent it, and the hub remembers who sent it. A client's own stops
// (disconnect, ping-out, Disconnect, StopAllDevices, index-less StopCmd) zero only the outputs
// whose latest value it set; a stop aimed at a device zeroes that device for everyone.

import {
  failure,
  outputKey,
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
import type { ReadingReply } from '../codec/index.js';
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
  post(bus: BusName, msg: ToBus): void;
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
  command: OutputCommand;
  /** clientId of the session whose command this is; 0 = a stop for everyone. */
  owner: number;
}

export interface HubDevice {
  readonly index: number;
  readonly bus: BusName;
  readonly busDevice: number;
  readonly address: string;
  readonly protocol: string;
  readonly descriptor: DeviceDescriptor;
  /** Latest value and its owner per outputKey(feature, type). */
  readonly outputs: Map<string, OutputState>;
  /** Subscribers per inputKey, with how each wants readings phrased. */
  readonly subscriptions: Map<string, Map<HubClient, ReadingReply>>;
  /** performance.now() of the last output command; −Infinity before the first. */
  lastOutputAt: number;
  /** Output types two or more features share, with their features: its bursts pass the BurstGate. */
  readonly sharedOutputs: ReadonlyMap<OutputType, readonly number[]>;
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
   * Record and forward validated output commands. The latest command per output wins. On a device
   * whose features share an output type they are forwarded once the client's burst is whole.
   */
  applyOutputs(owner: number, device: HubDevice, commands: readonly OutputCommand[]): void {
    const now = performance.now();
    const afterIdleGap = now - device.lastOutputAt >= device.descriptor.messageTimingGap;
    device.lastOutputAt = now;
    for (const command of commands) {
      const key = outputKey(command.feature, command.type);
      const state = device.outputs.get(key);
      if (state) {
        state.command = command;
        state.owner = owner;
      } else {
        device.outputs.set(key, { command, owner });
      }
    }
    if (device.sharedOutputs.size > 0) this.bursts.offer(device, device.sharedOutputs, commands, afterIdleGap);
    else this.sendOutputs(device, commands, afterIdleGap);
  }

  private sendOutputs(device: HubDevice, commands: readonly OutputCommand[], afterIdleGap: boolean): void {
    // The first command after the device's idle gap goes out at once (architecture.md
    // "Coalescing"), even while the bus worker holds its table for another device's stream.
    if (afterIdleGap) this.buses.expedite(device.bus);
    for (const command of commands) this.buses.post(device.bus, { t: 'output', device: device.busDevice, command });
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
        (stops ??= []).push(zero);
      }
      if (!stops) continue;
      this.bursts.flush(device); // what the client sent before the stop goes first
      this.buses.post(device.bus, { t: 'stop', device: device.busDevice, commands: stops });
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
        const state = device.outputs.get(outputKey(f.index, type));
        if (!state) continue;
        state.owner = 0;
        if (STOPPABLE_OUTPUTS.has(state.command.type)) state.command = { feature: f.index, type: state.command.type, value: 0 };
      }
    }
    if (stops.length === 0) return;
    this.bursts.flush(device);
    this.buses.post(device.bus, { t: 'stop', device: device.busDevice, commands: stops });
  }

  /** Operator stop and shutdown: every device, for everyone. */
  stopAllDevices(): void {
    for (const device of this.devices.values()) this.stopDevice(device);
  }

  // ------------------------------------------------------------------ inputs

  /** Read, subscribe or unsubscribe. The answer arrives through the client's input* methods. */
  input(client: HubClient, msgId: number, device: HubDevice, command: InputCommand, reply: ReadingReply): void {
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
          if (p.command.command === 'Subscribe') p.device.subscriptions.get(inputKey(p.command.feature, p.command.type))?.delete(p.client);
          p.client.inputFailed(p.msgId, msg.error);
        } else if (p.command.command === 'Read') p.client.inputReading(p.msgId, p.reply, msg.values ?? []);
        else p.client.inputAccepted(p.msgId);
        break;
      }
      case 'inputReading': {
        const device = this.byBus.get(bus)?.get(msg.device);
        const subs = device?.subscriptions.get(inputKey(msg.feature, msg.type));
        if (subs) for (const [client, reply] of subs) client.inputReading(0, reply, msg.values);
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
    };
    this.devices.set(index, device);
    perBus.set(msg.device, device);
    this.buses.post(bus, { t: 'deviceIndexed', device: msg.device, index });
    log('info', `device ${index} added: ${msg.descriptor.name} (${msg.protocol}, ${bus} ${msg.address})`);
    this.memory?.added(device, msg.identity);
    for (const c of this.clients) if (c.ready) c.deviceAdded(device);
  }

  private assignIndex(address: string, reserved: number | undefined): number {
    if (reserved !== undefined && !this.devices.has(reserved)) return reserved;
    const known = this.indexByAddress.get(address);
    if (known !== undefined && !this.devices.has(known)) return known;
    while (this.devices.has(this.nextIndex) || this.rememberedIndexes.has(this.nextIndex) || this.memory?.reserves(this.nextIndex)) this.nextIndex++;
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
  }
}
