// HardwareOps over one Bluetooth LE connection (the "talks to a device" half of the btle bus, as
// buttplug-rs btleplug_hardware.rs): endpoint names resolved to characteristics once at connect,
// every operation bounded by a timeout, and a dropped link failing everything in flight so the
// device runtime can answer its clients and report the device removed.

import type { BusHardware, HardwareListener } from '../bus.js';
import { HardwareGoneError, HardwareTimeoutError } from '../bus.js';
import { NotificationWaiters } from '../pending-ops.js';
import type { BleCharacteristic, BleConnection, BleConnectionListener } from './ble-adapter.js';

export interface BtleHardwareOptions {
  /** Bound for writes, subscribes and reads without their own timeout. */
  readonly opTimeoutMs: number;
  /** How often to ask a connected peripheral for its signal strength; 0 = never. */
  readonly rssiPollMs: number;
}

/** A promise of an operation in flight, failed at once when the link drops. */
interface Pending {
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class BtleHardware implements BusHardware, BleConnectionListener {
  readonly name: string;
  readonly address: string;
  readonly endpoints: ReadonlySet<string>;
  readonly #connection: BleConnection;
  readonly #characteristics: ReadonlyMap<string, BleCharacteristic>;
  /** A characteristic may stand for several endpoints (some devices use one for tx and rx). */
  readonly #endpointsOf = new Map<BleCharacteristic, string[]>();
  readonly #opts: BtleHardwareOptions;
  readonly #onGone: () => void;
  #listener: HardwareListener | null = null;
  #rssi: number | undefined;
  readonly #subscribed = new Set<string>();
  readonly #pending = new Set<Pending>();
  readonly #notifications = new NotificationWaiters();
  #rssiTimer: NodeJS.Timeout | null = null;
  #gone = false;

  constructor(
    name: string,
    address: string,
    connection: BleConnection,
    characteristics: ReadonlyMap<string, BleCharacteristic>,
    opts: BtleHardwareOptions,
    advertisedRssi: number | undefined,
    /** Told once, after the listener, when the link is gone. */
    onGone: () => void,
  ) {
    this.name = name;
    this.address = address;
    this.#connection = connection;
    this.#characteristics = characteristics;
    this.endpoints = new Set(characteristics.keys());
    for (const [endpoint, chr] of characteristics) {
      const list = this.#endpointsOf.get(chr);
      if (list) list.push(endpoint);
      else this.#endpointsOf.set(chr, [endpoint]);
    }
    this.#opts = opts;
    this.#rssi = advertisedRssi;
    this.#onGone = onGone;
    connection.setListener(this);
    if (!this.#gone && opts.rssiPollMs > 0) {
      this.#rssiTimer = setInterval(btleRssiPoll, opts.rssiPollMs, this);
      this.#rssiTimer.unref();
    }
  }

  get rssi(): number | undefined {
    return this.#rssi;
  }

  setListener(listener: HardwareListener): void {
    this.#listener = listener;
    if (this.#gone) listener.onDisconnect();
  }

  disconnect(): void {
    if (this.#gone) return;
    this.#connection.disconnect().catch(ignore);
    // The stack's disconnect event may come later, or never for a link that is already dead.
    this.onDisconnect('disconnected by the server');
  }

  // ------------------------------------------------------------ HardwareOps

  write(endpoint: string, data: Uint8Array, withResponse = false): Promise<void> {
    const chr = this.#characteristic('write', endpoint);
    return this.#bounded(`write to '${endpoint}'`, this.#opts.opTimeoutMs, () =>
      this.#connection.write(chr, data, writeWithResponse(chr, withResponse)),
    );
  }

  read(endpoint: string, _length: number, timeoutMs?: number): Promise<Uint8Array> {
    // BLE reads return the characteristic's whole value; the length is for buses that stream.
    const chr = this.#characteristic('read', endpoint);
    return this.#bounded(`read of '${endpoint}'`, timeoutMs ?? this.#opts.opTimeoutMs, () =>
      this.#connection.read(chr),
    );
  }

  async subscribe(endpoint: string): Promise<void> {
    const chr = this.#characteristic('subscribe', endpoint);
    // Idempotent, as upstream: a second subscribe is not a second CCCD write.
    if (this.#subscribed.has(endpoint)) return;
    await this.#bounded(`subscribe to '${endpoint}'`, this.#opts.opTimeoutMs, () =>
      this.#connection.subscribe(chr),
    );
    this.#subscribed.add(endpoint);
  }

  async unsubscribe(endpoint: string): Promise<void> {
    const chr = this.#characteristic('unsubscribe', endpoint);
    if (!this.#subscribed.has(endpoint)) return;
    await this.#bounded(`unsubscribe from '${endpoint}'`, this.#opts.opTimeoutMs, () =>
      this.#connection.unsubscribe(chr),
    );
    this.#subscribed.delete(endpoint);
  }

  nextNotification(endpoint: string, timeoutMs: number): Promise<Uint8Array> {
    this.#characteristic('nextNotification', endpoint);
    return this.#notifications.wait(endpoint, timeoutMs);
  }

  #characteristic(op: string, endpoint: string): BleCharacteristic {
    if (this.#gone) throw new HardwareGoneError(op);
    const chr = this.#characteristics.get(endpoint);
    if (chr === undefined)
      throw new Error(
        `${op}: device has no endpoint '${endpoint}' (it has: ${[...this.endpoints].join(', ') || 'none'})`,
      );
    return chr;
  }

  /** Run `start` with a deadline; a dropped link rejects it at once with HardwareGoneError. */
  #bounded<T>(op: string, timeoutMs: number, start: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = {
        reject,
        timer: setTimeout(() => {
          this.#pending.delete(pending);
          reject(new HardwareTimeoutError(op, timeoutMs));
        }, timeoutMs),
      };
      this.#pending.add(pending);
      const settle = (): boolean => {
        clearTimeout(pending.timer);
        return this.#pending.delete(pending);
      };
      let running: Promise<T>;
      try {
        running = start();
      } catch (err) {
        running = Promise.reject(err);
      }
      running.then(
        (value) => {
          if (settle()) resolve(value);
        },
        (err: unknown) => {
          if (settle()) reject(this.#gone ? new HardwareGoneError(op) : asError(err, op));
        },
      );
    });
  }

  // ------------------------------------------------------------ BleConnectionListener

  onNotification(characteristic: BleCharacteristic, data: Uint8Array): void {
    if (this.#gone) return;
    for (const endpoint of this.#endpointsOf.get(characteristic) ?? []) {
      this.#notifications.deliver(endpoint, data);
      this.#listener?.onNotification(endpoint, data);
    }
  }

  onRssi(value: number): void {
    if (this.#gone) return;
    this.#rssi = value;
    this.#listener?.onRssi(value);
  }

  onDisconnect(_reason: string): void {
    if (this.#gone) return;
    this.#gone = true;
    if (this.#rssiTimer !== null) clearInterval(this.#rssiTimer);
    this.#rssiTimer = null;
    for (const p of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new HardwareGoneError('operation in flight'));
    }
    this.#pending.clear();
    this.#notifications.failAll();
    this.#listener?.onDisconnect();
    this.#onGone();
  }

  /** @internal rssi poll timer */
  pollRssi(): void {
    if (this.#gone) return;
    try {
      this.#connection.requestRssi();
    } catch {
      // A stack that cannot read RSSI now keeps the last value; the next poll tries again.
    }
  }
}

/**
 * Upstream falls back to the other write type when the characteristic lacks the one asked for
 * (btleplug_hardware.rs write_value): a device that only takes writes with response still works.
 */
function writeWithResponse(chr: BleCharacteristic, wanted: boolean): boolean {
  const { write, writeWithoutResponse } = chr.properties;
  if (wanted && !write && writeWithoutResponse) return false;
  if (!wanted && !writeWithoutResponse && write) return true;
  return wanted;
}

function btleRssiPoll(hw: BtleHardware): void {
  hw.pollRssi();
}

function asError(err: unknown, op: string): Error {
  return err instanceof Error ? err : new Error(`${op} failed: ${String(err)}`);
}

function ignore(): void {}
