// The "finds devices" half shared by the buses whose devices are listed by the operating system
// with USB vendor/product ids: HID (hid/) and USB (usb/). Only devices whose id pair a protocol of
// the device database names are handed to the runtime (a keyboard or a disk is never opened).
//   - scanning: one pass at once, then one every SCAN_INTERVAL_MS (the reference's rescan wait
//     for its polled managers) while scanning;
//   - presence: the list is read every WATCH_INTERVAL_MS while devices are attached, and a device
//     that is no longer listed has been unplugged: it is removed. (A failed write also removes it;
//     the list catches devices that are not being written to.)
//   - a device the runtime refused (cannot be opened, initialisation failed) is not tried again
//     until it leaves the list (replugged): otherwise a missing permission would log the same
//     refusal every second while scanning.
// The bus-specific part (how to list, how to open) is a DeviceListSource.

import { workerData } from 'node:worker_threads';
import { buildDatabase, configuredVidPids, type VidPid, type VidPidBus } from '../config/index.js';
import type { BusWorkerData } from '../core/channel.js';
import type { Advertisement, Bus, BusContext, BusHardware, HardwareListener, Peripheral } from './bus.js';
import { HardwareGoneError } from './bus.js';

export const SCAN_INTERVAL_MS = 1_000;
export const WATCH_INTERVAL_MS = 1_000;

/** One device as the system lists it. */
export interface ListedDevice {
  /** What the system knows this plugged-in device by (hidraw path, USB bus and address). */
  readonly key: string;
  /** Stable id for the user device config (a serial number where the device has one). */
  readonly address: string;
  readonly name: string;
  readonly vidPid: VidPid;
}

/** A listed device handed to the runtime. */
export interface ListedPeripheral extends Peripheral {
  /** It was unplugged: fail what is in flight and tell the runtime. */
  gone(): void;
  /** Release its handle (bus closing). */
  close(): Promise<void>;
}

export interface DeviceListSource {
  /** "hid", "usb": the log prefix. */
  readonly label: string;
  list(): Promise<readonly ListedDevice[]>;
  /**
   * `forget` is to be called once the runtime is done with the device: `refused` when it
   * refused it (the bus then leaves it alone until it is replugged).
   */
  peripheral(device: ListedDevice, forget: (refused?: boolean) => void): ListedPeripheral;
}

export interface DeviceListOptions {
  /** Id pairs the device database names for this bus. */
  readonly wanted: readonly VidPid[];
  readonly scanIntervalMs?: number;
  readonly watchIntervalMs?: number;
}

/** How long close() waits for the handles to be released. */
const CLOSE_WAIT_MS = 1_000;

export class DeviceListBus implements Bus {
  readonly #ctx: BusContext;
  readonly #source: DeviceListSource;
  readonly #wanted: ReadonlySet<string>;
  readonly #scanIntervalMs: number;
  readonly #watchIntervalMs: number;
  /** Attached devices by system key. */
  readonly #attached = new Map<string, ListedPeripheral>();
  /** Addresses attached, so a device listed twice (several HID interfaces) is handed over once. */
  readonly #addresses = new Set<string>();
  /** Keys of devices the runtime refused, until they leave the list. */
  readonly #refused = new Set<string>();
  #scanning = false;
  #scanTimer: NodeJS.Timeout | null = null;
  #watchTimer: NodeJS.Timeout | null = null;
  #pass: Promise<void> | null = null;
  #listFailing = false;
  /** Devices in the previous listing; the count is logged when it changes. */
  #lastListed = -1;
  #closed = false;

  constructor(ctx: BusContext, source: DeviceListSource, opts: DeviceListOptions) {
    this.#ctx = ctx;
    this.#source = source;
    this.#wanted = new Set(opts.wanted.map(idKey));
    this.#scanIntervalMs = opts.scanIntervalMs ?? SCAN_INTERVAL_MS;
    this.#watchIntervalMs = opts.watchIntervalMs ?? WATCH_INTERVAL_MS;
    if (this.#wanted.size === 0)
      ctx.log('info', `${source.label}: no protocol names a ${source.label} device, so none will be opened`);
  }

  startScanning(): void {
    if (this.#closed || this.#scanning) return;
    this.#scanning = true;
    this.#runPass();
  }

  async stopScanning(): Promise<void> {
    this.#scanning = false;
    if (this.#scanTimer !== null) clearTimeout(this.#scanTimer);
    this.#scanTimer = null;
    await this.#pass;
    // Attached devices are still watched for unplugging.
    this.#armTimers();
  }

  /** One pass serves both scanning and presence; a pass in flight covers any other request. */
  #runPass(): void {
    if (this.#pass !== null || this.#closed) return;
    this.#pass = this.#passOnce()
      .catch((err: unknown) =>
        this.#ctx.log('warn', `${this.#source.label}: listing devices failed: ${errorText(err)}`),
      )
      .finally(() => {
        this.#pass = null;
        this.#armTimers();
      });
  }

  #armTimers(): void {
    if (this.#closed) return;
    if (this.#scanning && this.#scanTimer === null) {
      this.#scanTimer = setTimeout(() => {
        this.#scanTimer = null;
        this.#runPass();
      }, this.#scanIntervalMs);
    } else if (!this.#scanning && this.#attached.size > 0 && this.#watchTimer === null) {
      this.#watchTimer = setTimeout(() => {
        this.#watchTimer = null;
        this.#runPass();
      }, this.#watchIntervalMs);
    }
  }

  async #passOnce(): Promise<void> {
    let listed: readonly ListedDevice[];
    try {
      listed = await this.#source.list();
      this.#listFailing = false;
    } catch (err) {
      // Logged once per run of failures; devices stay until a listing says they are gone.
      this.#ctx.log(
        this.#listFailing ? 'debug' : 'warn',
        `${this.#source.label}: cannot list devices (${errorText(err)})`,
      );
      this.#listFailing = true;
      return;
    }
    if (this.#closed) return;
    if (listed.length !== this.#lastListed) {
      const wanted = listed.filter((d) => this.#wanted.has(idKey(d.vidPid))).length;
      this.#ctx.log(
        'debug',
        `${this.#source.label}: the system lists ${listed.length} devices, ${wanted} of them known to the device database`,
      );
      this.#lastListed = listed.length;
    }
    const present = new Set(listed.map((d) => d.key));
    for (const key of this.#refused) if (!present.has(key)) this.#refused.delete(key);
    for (const [key, p] of [...this.#attached]) {
      if (present.has(key)) continue;
      this.#ctx.log('info', `${this.#source.label}: ${p.advert.name} (${p.advert.address}) was unplugged`);
      p.gone();
    }
    if (!this.#scanning) return;
    for (const d of listed) {
      if (
        !this.#wanted.has(idKey(d.vidPid)) ||
        this.#attached.has(d.key) ||
        this.#addresses.has(d.address) ||
        this.#refused.has(d.key)
      )
        continue;
      const peripheral = this.#source.peripheral(d, (refused = false) =>
        this.#forget(d, peripheral, refused),
      );
      this.#attached.set(d.key, peripheral);
      this.#addresses.add(d.address);
      this.#ctx.attach(peripheral);
    }
  }

  #forget(d: ListedDevice, p: ListedPeripheral, refused: boolean): void {
    // The runtime may disconnect the hardware (forget) before or after refusing (forget refused).
    if (refused) this.#refused.add(d.key);
    if (this.#attached.get(d.key) !== p) return;
    this.#attached.delete(d.key);
    this.#addresses.delete(d.address);
  }

  async close(): Promise<void> {
    const waits = this.#shut();
    await Promise.race([
      Promise.all(waits),
      new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref()),
    ]);
  }

  abort(): void {
    void this.#shut();
  }

  #shut(): Promise<void>[] {
    this.#closed = true;
    this.#scanning = false;
    if (this.#scanTimer !== null) clearTimeout(this.#scanTimer);
    if (this.#watchTimer !== null) clearTimeout(this.#watchTimer);
    this.#scanTimer = this.#watchTimer = null;
    return [...this.#attached.values()].map((p) => p.close().catch(() => undefined));
  }
}

/**
 * The hardware of a listed device: the lifecycle HID and USB devices share (one handle, closed
 * once; gone once, telling the bus and the listener). Each bus adds how it writes and reads.
 */
export abstract class ListedHardware implements BusHardware {
  readonly rssi = undefined;
  readonly #closeHandle: () => Promise<void>;
  readonly #onGone: () => void;
  #listener: HardwareListener | null = null;
  #gone = false;
  #closing: Promise<void> | null = null;

  constructor(
    readonly name: string,
    readonly address: string,
    readonly endpoints: ReadonlySet<string>,
    closeHandle: () => Promise<void>,
    onGone: () => void,
  ) {
    this.#closeHandle = closeHandle;
    this.#onGone = onGone;
  }

  get gone(): boolean {
    return this.#gone;
  }

  setListener(listener: HardwareListener): void {
    this.#listener = listener;
    if (this.#gone) listener.onDisconnect();
  }

  disconnect(): void {
    this.goneAway();
  }

  /** Release the handle (once); resolves once released. */
  close(): Promise<void> {
    this.#closing ??= this.#closeHandle().catch(() => undefined);
    return this.#closing;
  }

  /** Unplugged or disconnected: closes the handle, tells the bus (`onGone`) and the listener, once. */
  goneAway(): void {
    if (this.#gone) return;
    this.#gone = true;
    void this.close();
    this.#onGone();
    this.#listener?.onDisconnect();
  }

  abstract write(endpoint: string, data: Uint8Array, withResponse?: boolean): Promise<void>;
  abstract read(endpoint: string, length: number, timeoutMs?: number): Promise<Uint8Array>;
  abstract subscribe(endpoint: string): Promise<void>;
  abstract unsubscribe(endpoint: string): Promise<void>;
  abstract nextNotification(endpoint: string, timeoutMs: number): Promise<Uint8Array>;
}

/**
 * A listed device handed to the runtime: connect() opens it through `open`, which builds the
 * bus's hardware (calling `forget` once it is gone) or throws why it cannot.
 */
export class ListedDevicePeripheral implements ListedPeripheral {
  readonly advert: Advertisement;
  readonly #open: (forget: () => void) => Promise<ListedHardware>;
  readonly #forget: (refused?: boolean) => void;
  #hardware: ListedHardware | null = null;
  #gone = false;

  constructor(
    transport: 'hid' | 'usb',
    device: ListedDevice,
    forget: (refused?: boolean) => void,
    open: (forget: () => void) => Promise<ListedHardware>,
  ) {
    this.advert = {
      transport,
      name: device.name,
      address: device.address,
      services: [],
      manufacturerData: [],
      vidPid: device.vidPid,
    };
    this.#forget = forget;
    this.#open = open;
  }

  async connect(): Promise<BusHardware> {
    const hw = await this.#open(() => this.#forget());
    this.#hardware = hw;
    if (this.#gone) {
      hw.goneAway();
      throw new HardwareGoneError('connect');
    }
    return hw;
  }

  onRejected(): void {
    // The runtime logged why (and disconnects hardware it had connected).
    this.#forget(true);
  }

  gone(): void {
    this.#gone = true;
    if (this.#hardware === null) this.#forget();
    else this.#hardware.goneAway();
  }

  close(): Promise<void> {
    return this.#hardware?.close() ?? Promise.resolve();
  }
}

/**
 * The id pairs this worker's device database names for `bus`. The bus context carries no
 * database, so the bus reads the same BusWorkerData the worker's catalog is built from (an empty
 * list outside a worker thread).
 */
export function vidPidsNamedByWorkerConfig(bus: VidPidBus): VidPid[] {
  const data = workerData as BusWorkerData | null | undefined;
  if (data === null || data === undefined || typeof data !== 'object') return [];
  const { db } = buildDatabase({
    overrides: data.configOverrides ?? [],
    userConfig: data.userConfig ?? null,
  });
  return configuredVidPids(db, bus);
}

function idKey(ids: VidPid): string {
  return `${ids.vendorId}:${ids.productId}`;
}

/** "0x057e:0x2006" for logs and names. */
export function vidPidText(ids: VidPid): string {
  const hex = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;
  return `${hex(ids.vendorId)}:${hex(ids.productId)}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
