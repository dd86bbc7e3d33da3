// The lovense-connect bus: toys reached through the Lovense Connect phone app's local HTTP service
// (connect-api.ts has the wire facts; connect-hardware.ts drives one toy). The "finds devices"
// half:
//   - which app: the configured address (settings.address, from --lovense-connect-address), or
//     else the phones the Lovense API reports (discovery), asked again while none is known;
//   - scanning: one pass at once, then one every SCAN_INTERVAL_MS (upstream's rescan wait) while
//     scanning: every connected toy of every known app not yet handed over is handed to the
//     runtime, which identifies it by its type and announces it;
//   - presence: every WATCH_INTERVAL_MS (upstream's per-toy check) while toys are attached, each
//     app's toy list is fetched again; a toy that is no longer listed as connected, or every toy
//     of an app that does not answer (the phone went away), is removed. A discovered app that
//     stops answering is forgotten (discovery finds it again); a configured one is kept;
//   - a toy the runtime refused (a type the database does not know) is not handed over again
//     until the app stops listing it as connected, so a pass every 10 s does not repeat the refusal.
//
// Settings (BusWorkerData.settings):
//   address  the app's base URL, http://host:port (optional; otherwise discovery)

import type { Bus, BusContext, BusHardware, Peripheral, Advertisement, StartBus } from '../bus.js';
import {
  httpGetText,
  LOVENSE_DISCOVERY_URL,
  parseDiscovery,
  parseToyList,
  type ConnectToyInfo,
} from './connect-api.js';
import { ConnectToyHardware } from './connect-hardware.js';

/** Upstream's Lovense Connect rescan wait. */
export const SCAN_INTERVAL_MS = 10_000;
/** Upstream checks each toy's presence once a second (slower because the app's server falls over). */
export const WATCH_INTERVAL_MS = 1_000;
/** An HTTP request the app (or the API) has not answered in this long has failed. */
const REQUEST_TIMEOUT_MS = 3_000;

export interface ConnectBusOptions {
  /** The app's base URL; null: find apps through `discoveryUrl`. */
  readonly address: string | null;
  readonly discoveryUrl?: string;
  readonly scanIntervalMs?: number;
  readonly watchIntervalMs?: number;
  readonly requestTimeoutMs?: number;
}

export const startLovenseConnectBus: StartBus = async (ctx) => {
  const address = ctx.settings['address'];
  if (address !== undefined && typeof address !== 'string')
    return { unavailable: `lovense-connect bus setting 'address' must be a URL` };
  return startLovenseConnectBusWith(ctx, { address: address ?? null });
};

export function startLovenseConnectBusWith(ctx: BusContext, opts: ConnectBusOptions): Bus {
  return new ConnectCommManager(ctx, opts);
}

/** One app (phone) the bus knows. */
interface AppHost {
  readonly url: string;
  /** Given by the user: kept when it stops answering. */
  readonly configured: boolean;
  /** Its toys handed to the runtime, by toy id. */
  readonly toys: Map<string, ConnectToyPeripheral>;
  /** Ids of its toys the runtime refused, while the app lists them as connected. */
  readonly refused: Set<string>;
  /** Whether the last request to it failed, so a run of failures is logged once. */
  failing: boolean;
}

class ConnectCommManager implements Bus {
  readonly ctx: BusContext;
  readonly #discoveryUrl: string;
  readonly #scanIntervalMs: number;
  readonly #watchIntervalMs: number;
  readonly requestTimeoutMs: number;
  readonly #hosts = new Map<string, AppHost>();
  #scanning = false;
  #scanTimer: NodeJS.Timeout | null = null;
  #pass: Promise<void> | null = null;
  #watchTimer: NodeJS.Timeout | null = null;
  #watching: Promise<void> | null = null;
  #discoveryFailing = false;
  #closed = false;

  constructor(ctx: BusContext, opts: ConnectBusOptions) {
    this.ctx = ctx;
    this.#discoveryUrl = opts.discoveryUrl ?? LOVENSE_DISCOVERY_URL;
    this.#scanIntervalMs = opts.scanIntervalMs ?? SCAN_INTERVAL_MS;
    this.#watchIntervalMs = opts.watchIntervalMs ?? WATCH_INTERVAL_MS;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    if (opts.address !== null)
      this.#hosts.set(opts.address, {
        url: opts.address,
        configured: true,
        toys: new Map(),
        refused: new Set(),
        failing: false,
      });
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
  }

  #runPass(): void {
    if (this.#pass !== null) return;
    this.#pass = this.#scanOnce()
      .catch((err: unknown) => this.ctx.log('warn', `lovense-connect: scan failed: ${errorText(err)}`))
      .finally(() => {
        this.#pass = null;
        if (this.#scanning && !this.#closed)
          this.#scanTimer = setTimeout(() => this.#runPass(), this.#scanIntervalMs);
      });
  }

  async #scanOnce(): Promise<void> {
    if (this.#hosts.size === 0) await this.#discover();
    for (const host of [...this.#hosts.values()]) {
      const toys = await this.#fetchToys(host);
      if (this.#closed || !this.#scanning) return;
      if (toys === null) continue;
      const connected = new Set(toys.filter((t) => t.connected).map((t) => t.id));
      for (const id of host.refused) if (!connected.has(id)) host.refused.delete(id);
      for (const toy of toys) {
        if (
          !toy.connected ||
          host.toys.has(toy.id) ||
          host.refused.has(toy.id) ||
          this.#attachedAnywhere(toy.id)
        )
          continue;
        const peripheral = new ConnectToyPeripheral(host, toy, this);
        host.toys.set(toy.id, peripheral);
        this.#ensureWatching();
        this.ctx.attach(peripheral);
      }
    }
  }

  /** Ask the Lovense API which phones on this network run the app. */
  async #discover(): Promise<void> {
    let hosts: string[];
    try {
      hosts = parseDiscovery(await httpGetText(this.#discoveryUrl, this.requestTimeoutMs));
    } catch (err) {
      // Logged once per run of failures: without internet this fails on every pass, and the bus
      // carries on (a configured address needs no discovery).
      const level = this.#discoveryFailing ? 'debug' : 'warn';
      this.ctx.log(
        level,
        `lovense-connect: cannot ask ${this.#discoveryUrl} for the app (${errorText(err)}); trying again every ${this.#scanIntervalMs / 1000} s while scanning (or give --lovense-connect-address)`,
      );
      this.#discoveryFailing = true;
      return;
    }
    this.#discoveryFailing = false;
    if (hosts.length === 0)
      this.ctx.log('debug', 'lovense-connect: the Lovense API knows no app on this network');
    for (const url of hosts) {
      if (this.#hosts.has(url)) continue;
      this.ctx.log('info', `lovense-connect: found the app at ${url}`);
      this.#hosts.set(url, { url, configured: false, toys: new Map(), refused: new Set(), failing: false });
    }
  }

  /**
   * The app's toy list, or null when it does not answer: then its toys are removed and a
   * discovered app is forgotten.
   */
  async #fetchToys(host: AppHost): Promise<ConnectToyInfo[] | null> {
    let toys: ConnectToyInfo[];
    try {
      toys = parseToyList(await httpGetText(`${host.url}/GetToys`, this.requestTimeoutMs));
    } catch (err) {
      if (this.#closed) return null;
      this.ctx.log(
        host.failing ? 'debug' : 'info',
        `lovense-connect: the app at ${host.url} does not answer (${errorText(err)})${host.toys.size > 0 ? '; removing its toys' : ''}`,
      );
      host.failing = true;
      for (const p of [...host.toys.values()]) p.gone();
      if (!host.configured) this.#hosts.delete(host.url);
      return null;
    }
    if (host.failing) this.ctx.log('info', `lovense-connect: the app at ${host.url} answers`);
    host.failing = false;
    return toys;
  }

  #attachedAnywhere(toyId: string): boolean {
    for (const h of this.#hosts.values()) if (h.toys.has(toyId)) return true;
    return false;
  }

  // ------------------------------------------------------------ presence

  #ensureWatching(): void {
    if (this.#watchTimer === null && this.#watching === null && !this.#closed) {
      this.#watchTimer = setTimeout(() => this.#watch(), this.#watchIntervalMs);
    }
  }

  #watch(): void {
    this.#watchTimer = null;
    this.#watching = this.#checkPresence()
      .catch((err: unknown) =>
        this.ctx.log('warn', `lovense-connect: presence check failed: ${errorText(err)}`),
      )
      .finally(() => {
        this.#watching = null;
        if ([...this.#hosts.values()].some((h) => h.toys.size > 0)) this.#ensureWatching();
      });
  }

  async #checkPresence(): Promise<void> {
    for (const host of [...this.#hosts.values()]) {
      if (host.toys.size === 0) continue;
      const toys = await this.#fetchToys(host);
      if (toys === null || this.#closed) continue;
      const listed = new Map(toys.map((t) => [t.id, t]));
      for (const [id, peripheral] of [...host.toys]) {
        const toy = listed.get(id);
        if (toy === undefined || !toy.connected) {
          this.ctx.log('info', `lovense-connect: toy ${id} is no longer connected to the app`);
          peripheral.gone();
        } else {
          peripheral.update(toy);
        }
      }
    }
  }

  /** The runtime is done with this toy (removed, refused, gone): a later pass may hand it over again. */
  forget(peripheral: ConnectToyPeripheral): void {
    if (peripheral.host.toys.get(peripheral.advert.address) === peripheral)
      peripheral.host.toys.delete(peripheral.advert.address);
  }

  get closed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    this.abort();
    await Promise.all([this.#pass, this.#watching]);
  }

  abort(): void {
    this.#closed = true;
    this.#scanning = false;
    if (this.#scanTimer !== null) clearTimeout(this.#scanTimer);
    if (this.#watchTimer !== null) clearTimeout(this.#watchTimer);
    this.#scanTimer = this.#watchTimer = null;
    for (const h of this.#hosts.values()) for (const p of [...h.toys.values()]) p.gone();
  }
}

/** One toy of one app, handed to the runtime; connect() gives its hardware. */
class ConnectToyPeripheral implements Peripheral {
  readonly advert: Advertisement;
  readonly host: AppHost;
  readonly #manager: ConnectCommManager;
  readonly #hardware: ConnectToyHardware;

  constructor(host: AppHost, toy: ConnectToyInfo, manager: ConnectCommManager) {
    this.advert = {
      transport: 'lovense-connect',
      name: toy.name,
      address: toy.id,
      services: [],
      manufacturerData: [],
    };
    this.host = host;
    this.#manager = manager;
    this.#hardware = new ConnectToyHardware(host.url, toy, {
      writeTimeoutMs: manager.requestTimeoutMs,
      onGone: () => manager.forget(this),
    });
  }

  async connect(): Promise<BusHardware> {
    if (this.#hardware.gone || this.#manager.closed) throw new Error('the toy left the app');
    this.#manager.ctx.log(
      'debug',
      `lovense-connect: ${this.advert.name} ${this.advert.address} through ${this.host.url}`,
    );
    return this.#hardware;
  }

  onRejected(): void {
    // The runtime logged why; the toy is not handed over again while the app keeps listing it.
    this.host.refused.add(this.advert.address);
    this.#manager.forget(this);
  }

  update(toy: ConnectToyInfo): void {
    this.#hardware.battery = toy.battery;
  }

  gone(): void {
    this.#hardware.goneAway();
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    // fetch reports every network failure as "fetch failed"; the reason is its cause.
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
