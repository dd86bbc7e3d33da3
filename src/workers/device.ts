// One connected, initialised device inside a bus worker: its protocol handler, its coalescer,
// its inputs in flight and subscriptions. Bus-independent: it talks to BusHardware only.

import { RSSI_REPORT_MS, type FromBus, type LogLevel } from '../core/channel.js';
import type { InputCommand, OutputCommand } from '../core/commands.js';
import { failure, type Failure } from '../core/errors.js';
import {
  STOPPABLE_OUTPUTS,
  type DeviceDescriptor,
  type FeatureDef,
  type OutputType,
} from '../core/features.js';
import type { NotificationReading, ProtocolHandler, ResolvedDevice } from '../core/protocol.js';
import {
  HardwareGoneError,
  HardwareTimeoutError,
  type BusHardware,
  type HardwareListener,
  type Peripheral,
} from './bus.js';
import { Coalescer, type GapClock } from './coalescer.js';

/** How long shutdown waits for a device's stop writes before giving up on it. */
const STOP_DRAIN_MS = 2_000;

export interface DeviceHost {
  post(msg: FromBus): void;
  log(level: LogLevel, msg: string): void;
  /** The hardware disconnected; the host forgets the device and posts deviceRemoved. */
  removed(device: BusDevice): void;
  /** A hardware write is being issued (counted for /metrics). */
  wrote(): void;
  /** A pending output value was replaced before it was written (counted for /metrics). */
  coalesced(): void;
  /** The first write carrying these commands is being issued; their shared-clock arrival stamps. */
  commandsWritten(arrivals: readonly number[]): void;
  /** The worker's gap clock (coalescer.ts), when outputs arrive through the output table; else null. */
  readonly gapClock: GapClock | null;
}

/**
 * One zero per feature, for the feature's first stoppable output type (buttplug-rs
 * device_handle.rs builds its stop commands the same way). Position-like outputs are left alone.
 */
export function stopCommandsFor(features: readonly FeatureDef[]): OutputCommand[] {
  const out: OutputCommand[] = [];
  for (const f of features) {
    if (f.output === undefined) continue;
    for (const type of Object.keys(f.output) as OutputType[]) {
      if (STOPPABLE_OUTPUTS.has(type)) {
        out.push({ feature: f.index, type, value: 0 });
        break;
      }
    }
  }
  return out;
}

export class BusDevice implements HardwareListener {
  readonly #host: DeviceHost;
  readonly #coalescer: Coalescer;
  readonly #stopCommands: readonly OutputCommand[];
  /** Input requests in flight: answered once, by the hardware or by a disconnect. */
  readonly #inFlight = new Set<number>();
  /** Features with a subscribed Rssi input: fed from the peripheral's rssi reports. */
  readonly #rssiSubscribers = new Set<number>();
  readonly #toDevice: ((command: OutputCommand) => OutputCommand) | undefined;
  #gone = false;
  /** performance.now() of the last `rssi` report to the main thread. */
  #rssiReportedAt = Number.NEGATIVE_INFINITY;
  #ticker: NodeJS.Timeout | null = null;

  constructor(
    readonly id: number,
    readonly peripheral: Peripheral,
    readonly hw: BusHardware,
    readonly resolved: ResolvedDevice,
    readonly handler: ProtocolHandler,
    readonly descriptor: DeviceDescriptor,
    /** The user's output limits: client step → device step. Absent: steps pass unchanged. */
    toDevice: ((command: OutputCommand) => OutputCommand) | undefined,
    host: DeviceHost,
  ) {
    this.#host = host;
    this.#toDevice = toDevice;
    // From the device's own features, not the client view: a hidden output is still stopped.
    this.#stopCommands = stopCommandsFor(resolved.features);
    this.#coalescer = new Coalescer({
      gapMs: descriptor.messageTimingGap,
      keepaliveMs: handler.keepaliveMs,
      encode: (changed, current) => handler.encode(changed, current),
      write: (endpoint, data, withResponse) => {
        host.wrote();
        return hw.write(endpoint, data, withResponse);
      },
      log: (level, msg) => this.log(level, msg),
      superseded: () => host.coalesced(),
      commandsWritten: (arrivals) => host.commandsWritten(arrivals),
      ...(host.gapClock !== null && { gapClock: host.gapClock }),
    });
    hw.setListener(this);
    if (handler.tick && handler.tickMs !== undefined && handler.tickMs > 0) {
      this.#ticker = setInterval(deviceOnTick, handler.tickMs, this);
    }
  }

  /** @internal ProtocolHandler.tick, every tickMs while connected. */
  tick(): void {
    if (this.#gone || !this.handler.tick) return;
    try {
      this.#coalescer.writeRaw(this.handler.tick());
    } catch (err) {
      this.log('error', `tick failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  get gone(): boolean {
    return this.#gone;
  }

  log(level: LogLevel, msg: string): void {
    this.#host.log(level, `device ${this.id} (${this.descriptor.name}, ${this.hw.address}): ${msg}`);
  }

  /** `arrived`: the command's shared-clock stamp (core/shared-clock), or −1. */
  output(command: OutputCommand, arrived = -1): void {
    if (this.#gone) return;
    this.#coalescer.push(this.#toDevice ? this.#toDevice(command) : command, arrived);
  }

  stop(commands: readonly OutputCommand[]): void {
    if (this.#gone) return;
    const toDevice = this.#toDevice;
    this.#coalescer.stop(toDevice ? commands.map((c) => toDevice(c)) : commands);
  }

  /** Zero every stoppable output now, skipping dedup; resolves when written (or after a bound). */
  async stopAll(): Promise<void> {
    if (this.#gone) return;
    if (this.#ticker !== null) clearInterval(this.#ticker); // no motion after the final stop
    this.#ticker = null;
    this.#coalescer.stop(this.#stopCommands, true);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_DRAIN_MS)));
    await Promise.race([this.#coalescer.drained(), bound]);
    clearTimeout(timer);
  }

  indexed(index: number): void {
    if (!this.#gone) this.peripheral.onIndexed?.(index, this.descriptor.name);
  }

  input(req: number, command: InputCommand): void {
    if (this.#gone) {
      this.#answer(req, undefined, this.#goneFailure());
      return;
    }
    this.#inFlight.add(req);
    // A command accepted before this input reaches the device before it (the client saw its Ok):
    // release the end-of-turn flush now; #runInput then waits for the queued writes.
    this.#coalescer.flushScheduled();
    this.#runInput(command).then(
      (values) => this.#settle(req, values, undefined),
      (err: unknown) => this.#settle(req, undefined, this.#failureOf(err)),
    );
  }

  async #runInput(c: InputCommand): Promise<readonly number[] | undefined> {
    const { handler, hw } = this;
    if (c.type === 'Rssi') return this.#rssiInput(c);
    // Writes already queued (including what flushScheduled just released) go out first.
    await this.#coalescer.drained();
    switch (c.command) {
      case 'Read':
        if (!handler.readInput) throw unsupported(c);
        return handler.readInput(hw, c.feature, c.type);
      case 'Subscribe':
        if (!handler.subscribeInput) throw unsupported(c);
        await handler.subscribeInput(hw, c.feature, c.type);
        return undefined;
      case 'Unsubscribe':
        if (!handler.unsubscribeInput) throw unsupported(c);
        await handler.unsubscribeInput(hw, c.feature, c.type);
        return undefined;
    }
  }

  /** RSSI needs no protocol: the bus reports it (the simulated peripheral's `rssi` frame). */
  #rssiInput(c: InputCommand): readonly number[] | undefined {
    if (c.command === 'Subscribe') this.#rssiSubscribers.add(c.feature);
    else if (c.command === 'Unsubscribe') this.#rssiSubscribers.delete(c.feature);
    else {
      const rssi = this.hw.rssi;
      if (rssi === undefined) throw new Error('no signal strength reported yet');
      return [rssi];
    }
    return undefined;
  }

  #settle(req: number, values: readonly number[] | undefined, error: Failure | undefined): void {
    if (!this.#inFlight.delete(req)) return; // already failed by a disconnect
    this.#answer(req, values, error);
  }

  #answer(req: number, values: readonly number[] | undefined, error: Failure | undefined): void {
    if (error) this.#host.post({ t: 'inputResult', req, error });
    else if (values) this.#host.post({ t: 'inputResult', req, values });
    else this.#host.post({ t: 'inputResult', req });
  }

  #failureOf(err: unknown): Failure {
    if (this.#gone || err instanceof HardwareGoneError) return this.#goneFailure();
    if (err instanceof UnsupportedInput)
      return failure('THRUM_ERR_MESSAGE_UNSUPPORTED', this.descriptor.name, err.message);
    if (err instanceof HardwareTimeoutError)
      return failure('THRUM_ERR_DEVICE_TIMEOUT', this.descriptor.name, err.timeoutMs);
    this.log('debug', `input failed: ${err instanceof Error ? err.message : String(err)}`);
    return failure(
      'THRUM_ERR_DEVICE_IO',
      this.descriptor.name,
      err instanceof Error ? err.message : String(err),
    );
  }

  #goneFailure(): Failure {
    return failure('THRUM_ERR_DEVICE_GONE', this.descriptor.name);
  }

  // ------------------------------------------------------------ HardwareListener

  onNotification(endpoint: string, data: Uint8Array): void {
    const decode = this.handler.decodeNotification;
    if (!decode || this.#gone) return;
    let readings: readonly NotificationReading[];
    try {
      readings = decode.call(this.handler, endpoint, data);
    } catch (err) {
      this.log(
        'warn',
        `cannot decode notification on ${endpoint}: ${err instanceof Error ? err.message : String(err)}`,
      );
      return;
    }
    for (const r of readings)
      this.#host.post({
        t: 'inputReading',
        device: this.id,
        feature: r.feature,
        type: r.type,
        values: r.values,
      });
  }

  onRssi(value: number): void {
    if (this.#gone) return;
    // Radios report several times a second; the operator needs the level, not every report.
    const now = performance.now();
    if (now - this.#rssiReportedAt >= RSSI_REPORT_MS) {
      this.#rssiReportedAt = now;
      this.#host.post({ t: 'rssi', device: this.id, value });
    }
    for (const feature of this.#rssiSubscribers)
      this.#host.post({ t: 'inputReading', device: this.id, feature, type: 'Rssi', values: [value] });
  }

  onDisconnect(): void {
    if (this.#gone) return;
    this.#gone = true;
    if (this.#ticker !== null) clearInterval(this.#ticker);
    this.#ticker = null;
    void this.#coalescer.close();
    const gone = this.#goneFailure();
    for (const req of this.#inFlight) this.#answer(req, undefined, gone);
    this.#inFlight.clear();
    this.#host.removed(this);
  }
}

function deviceOnTick(d: BusDevice): void {
  d.tick();
}

class UnsupportedInput extends Error {}

function unsupported(c: InputCommand): UnsupportedInput {
  return new UnsupportedInput(`${c.command} ${c.type} on feature ${c.feature}`);
}
