// The bus-independent part of a bus worker: turns found peripherals into devices (match →
// connect → identify → resolve → user config → initialise → handler → deviceAdded), routes the
// main thread's commands to them, and stops them all on shutdown.

import { LatencyHistogram } from '../core/latency-histogram.js';
import { NO_STAMP, clockStamp, stampAgeSeconds } from '../core/shared-clock.js';
import type { DeviceIdentity, FromBus, LogLevel } from '../core/channel.js';
import type { InputCommand, OutputCommand } from '../core/commands.js';
import { DEFAULT_MESSAGE_GAP_MS } from '../core/database.js';
import { failure } from '../core/errors.js';
import type { DeviceDescriptor } from '../core/features.js';
import { handlerContext, type ResolvedDevice } from '../core/protocol.js';
import type { BusHardware, Peripheral } from './bus.js';
import type { DeviceCatalog } from './catalog.js';
import type { GapClock } from './coalescer.js';
import { BusDevice, type DeviceHost } from './device.js';

export interface RuntimeOptions {
  readonly catalog: DeviceCatalog;
  /** Given to every device's coalescer (coalescer.ts); absent when outputs arrive only as messages. */
  readonly gapClock?: GapClock;
  post(msg: FromBus): void;
  log(level: LogLevel, msg: string): void;
}

/** Thrown inside the attach flow to reject a peripheral with a reason meant for it. */
class Rejection extends Error {}

export class DeviceRuntime implements DeviceHost {
  readonly #catalog: DeviceCatalog;
  readonly #post: (msg: FromBus) => void;
  readonly #log: (level: LogLevel, msg: string) => void;
  readonly #devices = new Map<number, BusDevice>();
  /** Hardware connected but not yet a device (identifying, initialising). */
  readonly #attaching = new Set<BusHardware>();
  #nextId = 1;
  #closing = false;
  /** Hardware writes since the worker last took the count (takeWrites). */
  #writes = 0;
  /** Pending values replaced before their write, since the worker last took the count. */
  #coalesced = 0;
  /** Command-to-write latencies since the worker last reported them (it clears this). */
  readonly writeLatency = new LatencyHistogram();
  readonly gapClock: GapClock | null;

  constructor(opts: RuntimeOptions) {
    this.#catalog = opts.catalog;
    this.#post = opts.post;
    this.#log = opts.log;
    this.gapClock = opts.gapClock ?? null;
  }

  get size(): number {
    return this.#devices.size;
  }

  post(msg: FromBus): void {
    this.#post(msg);
  }

  wrote(): void {
    this.#writes++;
  }

  coalesced(): void {
    this.#coalesced++;
  }

  /** Commands whose first write is being issued now; each stamped at its frame's arrival on main. */
  commandsWritten(arrivals: readonly number[]): void {
    const now = clockStamp();
    for (const stamp of arrivals)
      if (stamp !== NO_STAMP) this.writeLatency.observe(stampAgeSeconds(stamp, now));
  }

  /** Coalesced values since the last call; reported with the writes. */
  takeCoalesced(): number {
    const n = this.#coalesced;
    this.#coalesced = 0;
    return n;
  }

  /** Writes since the last call; the worker reports them to main in batches. */
  takeWrites(): number {
    const n = this.#writes;
    this.#writes = 0;
    return n;
  }

  log(level: LogLevel, msg: string): void {
    this.#log(level, msg);
  }

  /** A bus found a peripheral. Never throws; failures reject the peripheral and are logged. */
  attach(peripheral: Peripheral): void {
    if (this.#closing) {
      peripheral.onRejected?.('the server is shutting down');
      return;
    }
    this.#attach(peripheral).catch((err: unknown) => {
      this.#log('error', `attaching ${peripheral.advert.address} failed unexpectedly: ${errorText(err)}`);
    });
  }

  async #attach(peripheral: Peripheral): Promise<void> {
    const { advert } = peripheral;
    const catalog = this.#catalog;
    const refusal = catalog.refusal(advert.address);
    if (refusal !== null) {
      this.#reject(peripheral, refusal);
      return;
    }
    let protocolId = catalog.match(advert)[0];
    if (protocolId === undefined) {
      this.#reject(peripheral, `no protocol matches name '${advert.name}'`);
      return;
    }
    const definition = catalog.definition(protocolId);
    let module = catalog.module(protocolId);
    if (definition === undefined || module === undefined) {
      this.#reject(peripheral, `protocol '${protocolId}' is not implemented`);
      return;
    }
    peripheral.onMatched?.(protocolId);

    let hw: BusHardware;
    try {
      hw = await peripheral.connect(definition);
    } catch (err) {
      this.#reject(peripheral, `cannot connect: ${errorText(err)}`);
      return;
    }
    let gone = false;
    hw.setListener({ onNotification() {}, onRssi() {}, onDisconnect: () => (gone = true) });
    this.#attaching.add(hw);

    let device: BusDevice;
    try {
      const identified = module.identify ? await module.identify(hw, advert) : undefined;
      let identifier: string | undefined;
      if (typeof identified === 'object') {
        const next = catalog.module(identified.protocol);
        if (next === undefined)
          throw new Rejection(
            `${protocolId} hands the device to '${identified.protocol}', which is not implemented`,
          );
        protocolId = identified.protocol;
        module = next;
        identifier = identified.identifier;
      } else {
        identifier = identified;
      }
      const resolved = catalog.resolve(protocolId, identifier, advert.name, advert.address);
      if (resolved === undefined) {
        const id = identifier === undefined ? '' : ` (identifier '${identifier}')`;
        throw new Rejection(`no ${protocolId} configuration for '${advert.name}'${id}`);
      }
      const user = catalog.userSettings(advert.address, protocolId, identifier, advert.name);
      const learned = module.initialise ? await module.initialise(hw, resolved, advert) : undefined;
      const handler = module.createHandler(resolved, handlerContext(hw, learned));
      // Clients see the user's view of the features; the protocol keeps the device's own.
      const descriptor: DeviceDescriptor = {
        name: resolved.config.name,
        ...(user.displayName !== undefined && { displayName: user.displayName }),
        messageTimingGap:
          user.messageGapMs ?? resolved.config.messageGapMs ?? DEFAULT_MESSAGE_GAP_MS[advert.transport],
        features: user.features ?? resolved.features,
      };
      if (gone) throw new Rejection('disconnected during initialisation');
      if (this.#closing) throw new Rejection('the server is shutting down');
      device = new BusDevice(
        this.#nextId++,
        peripheral,
        hw,
        resolved,
        handler,
        descriptor,
        user.toDevice,
        this,
      );
      this.#devices.set(device.id, device);
      this.#post({
        t: 'deviceAdded',
        device: device.id,
        address: advert.address,
        protocol: protocolId,
        descriptor,
        ...(user.reservedIndex !== undefined && { reservedIndex: user.reservedIndex }),
        identity: identityOf(resolved, catalog.userEntryIdentifier(protocolId, identifier, advert.name)),
      });
    } catch (err) {
      const reason = err instanceof Rejection ? err.message : `initialisation failed: ${errorText(err)}`;
      if (!gone) this.#reject(peripheral, reason);
      else this.#log('info', `${advert.address} (${advert.name}) went away during initialisation`);
      hw.disconnect();
      return;
    } finally {
      this.#attaching.delete(hw);
    }
    device.log('info', `added (${protocolId})`);
  }

  #reject(peripheral: Peripheral, reason: string): void {
    this.#log('info', `${peripheral.advert.address} (${peripheral.advert.name}) rejected: ${reason}`);
    peripheral.onRejected?.(reason);
  }

  removed(device: BusDevice): void {
    if (!this.#devices.delete(device.id)) return;
    device.log('info', 'removed');
    this.#post({ t: 'deviceRemoved', device: device.id });
  }

  // Once shutdown has begun nothing may follow the final zeroes.
  output(device: number, command: OutputCommand, arrived = NO_STAMP): void {
    if (!this.#closing) this.#devices.get(device)?.output(command, arrived);
  }

  stop(device: number, commands: readonly OutputCommand[]): void {
    if (!this.#closing) this.#devices.get(device)?.stop(commands);
  }

  input(device: number, req: number, command: InputCommand): void {
    const d = this.#devices.get(device);
    if (d) d.input(req, command);
    else this.#post({ t: 'inputResult', req, error: failure('THRUM_ERR_DEVICE_GONE', device) });
  }

  indexed(device: number, index: number): void {
    this.#devices.get(device)?.indexed(index);
  }

  /** Zero every stoppable output of every device (bypassing gaps), then disconnect everything. */
  async shutdown(): Promise<void> {
    this.#closing = true;
    for (const hw of this.#attaching) hw.disconnect();
    const devices = [...this.#devices.values()];
    await Promise.all(devices.map((d) => d.stopAll()));
    for (const d of devices) d.hw.disconnect();
  }
}

/** What a user device config entry for this device would name (see DeviceIdentity). */
function identityOf(resolved: ResolvedDevice, entryIdentifier: string | undefined): DeviceIdentity {
  const { config } = resolved;
  const featureIds = (config.features ?? []).map((f) => f.id);
  return {
    ...(entryIdentifier !== undefined && { identifier: entryIdentifier }),
    configName: config.name,
    ...(config.id !== undefined && { configId: config.id }),
    ...(featureIds.every((id) => id !== undefined) && { featureIds }),
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
