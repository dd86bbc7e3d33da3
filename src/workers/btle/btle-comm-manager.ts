// The Bluetooth LE bus: the "finds devices" half (as buttplug-rs btleplug_comm_manager.rs and
// btleplug_adapter_task.rs); btle-hardware.ts is the "talks to a device" half. It works against
// the narrow BleAdapter (ble-adapter.ts): startBtleBus wires in noble (hosted in a child process,
// noble-host-process.ts), tests a scripted fake.
//
// Settings (BusWorkerData.settings), defaults in BTLE_DEFAULTS:
//   poweredOnTimeoutMs  how long start-up waits for the radio to report powered on
//   connectAttempts     tries per peripheral before it is rejected
//   connectTimeoutMs    bound of one try (connect + GATT discovery)
//   connectBackoffMs    wait after the first failed try; doubles after each further one
//   opTimeoutMs         bound of a write, subscribe or read without its own timeout
//   stopScanTimeoutMs   bound of stopping a scan (the client waits for ScanningFinished)
//   rssiPollMs          how often a connected device is asked for its signal strength (0 = never)

import type { ProtocolDefinition } from '../../core/database.js';
import type { Advertisement, Bus, BusContext, BusHardware, Peripheral, StartBus } from '../bus.js';
import { HardwareTimeoutError } from '../bus.js';
import { normalizeUuid } from '../../config/index.js';
import type { BleAdapter, BleConnection, BleDiscovery, BlePowerState } from './ble-adapter.js';
import { BtleHardware } from './btle-hardware.js';
import { mapEndpoints } from './endpoint-map.js';
import { startNobleHost } from './noble-host-process.js';

export const BTLE_DEFAULTS = {
  poweredOnTimeoutMs: 5_000,
  // Consumer BLE links often fail to establish on the first try (the peripheral's advertising
  // interval, a busy controller); a few spaced retries turn most of those into connections.
  connectAttempts: 3,
  connectTimeoutMs: 10_000,
  connectBackoffMs: 500,
  opTimeoutMs: 2_000,
  stopScanTimeoutMs: 2_000,
  rssiPollMs: 5_000,
} as const;

export type BtleOptions = { -readonly [K in keyof typeof BTLE_DEFAULTS]: number };

/** Minimum accepted per setting (connectAttempts 1, rssiPollMs 0 = off, the rest ≥ 1 ms; backoff may be 0). */
const MINIMUM: Readonly<Record<keyof BtleOptions, number>> = {
  poweredOnTimeoutMs: 1,
  connectAttempts: 1,
  connectTimeoutMs: 1,
  connectBackoffMs: 0,
  opTimeoutMs: 1,
  stopScanTimeoutMs: 1,
  rssiPollMs: 0,
};

function options(settings: BusContext['settings']): BtleOptions | string {
  const o: BtleOptions = { ...BTLE_DEFAULTS };
  for (const key of Object.keys(BTLE_DEFAULTS) as (keyof BtleOptions)[]) {
    const v = settings[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < MINIMUM[key] || v > 2 ** 31 - 1) {
      return `btle bus setting '${key}' must be an integer ${MINIMUM[key]}-${2 ** 31 - 1}`;
    }
    o[key] = v;
  }
  return o;
}

export const startBtleBus: StartBus = async (ctx) => {
  const opts = options(ctx.settings);
  if (typeof opts === 'string') return { unavailable: opts };
  // noble runs in a child process of this worker (noble-adapter.ts says why).
  const adapter = await startNobleHost(ctx.log);
  if ('unavailable' in adapter) return adapter;
  return createBtleBus(adapter, ctx);
};

/** Why a radio that settled in `state` cannot serve. */
function stateReason(state: BlePowerState, waitedMs: number): string {
  switch (state) {
    case 'unsupported':
      return 'the Bluetooth adapter does not support Bluetooth LE';
    case 'unauthorized':
      return 'not permitted to use the Bluetooth adapter (run as root, or give node the cap_net_raw and cap_net_admin capabilities)';
    case 'poweredOff':
      return 'the Bluetooth adapter is powered off';
    default:
      return `the Bluetooth adapter did not power on within ${waitedMs} ms (state '${state}')`;
  }
}

/** The bus over any BleAdapter: waits (bounded) for the radio, then serves or says why not. */
export async function createBtleBus(
  adapter: BleAdapter,
  ctx: BusContext,
): Promise<Bus | { readonly unavailable: string }> {
  const opts = options(ctx.settings);
  if (typeof opts === 'string') return { unavailable: opts };
  let state: BlePowerState;
  try {
    state = await adapter.waitPoweredOn(opts.poweredOnTimeoutMs);
  } catch (err) {
    adapter.close();
    return { unavailable: oneLine(err instanceof Error ? err.message : String(err)) };
  }
  if (state !== 'poweredOn') {
    adapter.close();
    return { unavailable: stateReason(state, opts.poweredOnTimeoutMs) };
  }
  ctx.log('debug', 'Bluetooth adapter powered on');
  return new BtleCommManager(adapter, ctx, opts);
}

// Lifecycle of a peripheral the bus knows about, keyed by address.
/** Handed to the runtime: connecting, identifying, or a device. */
const ACTIVE = 0;
/** The runtime refused it; heard again only with different advertised facts or a new scan. */
const REJECTED = 1;

class BtleCommManager implements Bus {
  readonly #adapter: BleAdapter;
  readonly #ctx: BusContext;
  readonly #opts: BtleOptions;
  readonly #known = new Map<string, BtlePeripheral>();
  /** Connect attempts in flight; aborted on close. */
  readonly #connecting = new Set<AbortController>();
  readonly #links = new Set<BtleHardware>();
  #scanning = false;
  #closing = false;

  constructor(adapter: BleAdapter, ctx: BusContext, opts: BtleOptions) {
    this.#adapter = adapter;
    this.#ctx = ctx;
    this.#opts = opts;
    adapter.onDiscover((d) => this.#onDiscover(d));
  }

  // ------------------------------------------------------------ Bus

  startScanning(): void {
    if (this.#closing) return;
    this.#scanning = true;
    // A new scan gives refused peripherals another chance, as upstream clears its tried list.
    for (const [address, p] of this.#known) if (p.state === REJECTED) this.#known.delete(address);
    this.#adapter.startScan().catch((err: unknown) => {
      this.#scanning = false;
      this.#ctx.log('warn', `cannot start scanning: ${errorText(err)}`);
    });
  }

  async stopScanning(): Promise<void> {
    this.#scanning = false;
    await bounded(this.#adapter.stopScan(), this.#opts.stopScanTimeoutMs, 'stopping the scan');
  }

  async close(): Promise<void> {
    this.#scanning = false;
    this.#closing = true;
    this.#abortConnects();
    try {
      await bounded(this.#adapter.stopScan(), this.#opts.stopScanTimeoutMs, 'stopping the scan');
    } catch {
      // Closing anyway.
    }
    for (const hw of [...this.#links]) hw.disconnect();
    this.#adapter.close();
  }

  abort(): void {
    this.#scanning = false;
    this.#closing = true;
    this.#abortConnects();
    for (const hw of [...this.#links]) hw.disconnect();
    this.#adapter.close();
  }

  #abortConnects(): void {
    for (const ac of this.#connecting) ac.abort(new Error('the Bluetooth bus is closing'));
    this.#connecting.clear();
  }

  // ------------------------------------------------------------ discovery

  #onDiscover(d: BleDiscovery): void {
    if (!this.#scanning || this.#closing) return;
    // Nothing to identify it by (upstream skips nameless, serviceless adverts too).
    if (d.localName === '' && d.serviceUuids.length === 0 && d.manufacturerData.length === 0) return;
    const facts = fingerprint(d);
    const known = this.#known.get(d.address);
    // One device per address: adverts repeat many times a second while we attach it or drive it.
    if (known !== undefined && (known.state !== REJECTED || known.facts === facts)) return;
    const p = new BtlePeripheral(this, d, facts);
    this.#known.set(d.address, p);
    this.#ctx.log(
      'debug',
      `found ${describePeripheral(p)}${d.rssi === undefined ? '' : ` at ${d.rssi} dBm`}`,
    );
    this.#ctx.attach(p);
  }

  /** The peripheral's link is gone: it may be found (and attached) again. */
  forget(p: BtlePeripheral, hw: BtleHardware): void {
    this.#links.delete(hw);
    if (p.state !== REJECTED && this.#known.get(p.advert.address) === p) this.#known.delete(p.advert.address);
  }

  // ------------------------------------------------------------ connecting

  async connect(p: BtlePeripheral, protocol: ProtocolDefinition): Promise<BusHardware> {
    const conn = await this.#connectWithRetry(p);
    if (this.#closing) {
      conn.disconnect().catch(ignore);
      throw new Error('the Bluetooth bus is closing');
    }
    const map = mapEndpoints(protocol, conn.services);
    if (typeof map === 'string') {
      conn.disconnect().catch(ignore);
      throw new Error(map);
    }
    if (map.missing.length > 0) {
      this.#ctx.log(
        'warn',
        `${describePeripheral(p)}: ${protocol.id} endpoints missing on the device: ${map.missing.join(', ')}`,
      );
    }
    const { opTimeoutMs, rssiPollMs } = this.#opts;
    const hw: BtleHardware = new BtleHardware(
      p.advert.name,
      p.advert.address,
      conn,
      map.endpoints,
      { opTimeoutMs, rssiPollMs },
      p.rssi,
      () => this.forget(p, hw),
    );
    this.#links.add(hw);
    return hw;
  }

  async #connectWithRetry(p: BtlePeripheral): Promise<BleConnection> {
    const { connectAttempts, connectBackoffMs } = this.#opts;
    for (let attempt = 1; ; attempt++) {
      if (this.#closing) throw new Error('the Bluetooth bus is closing');
      try {
        return await this.#connectOnce(p.id);
      } catch (err) {
        if (attempt >= connectAttempts || this.#closing) {
          throw new Error(
            `${attempt} connect attempt${attempt === 1 ? '' : 's'} failed (last: ${errorText(err)})`,
          );
        }
        const wait = connectBackoffMs * 2 ** (attempt - 1);
        this.#ctx.log(
          'debug',
          `${describePeripheral(p)}: connect attempt ${attempt} of ${connectAttempts} failed (${errorText(err)}); retrying in ${wait} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** One bounded try; a connection that completes after the deadline is dropped. */
  #connectOnce(id: string): Promise<BleConnection> {
    const ms = this.#opts.connectTimeoutMs;
    const ac = new AbortController();
    this.#connecting.add(ac);
    let attempt: Promise<BleConnection>;
    try {
      attempt = this.#adapter.connect(id, ac.signal);
    } catch (err) {
      attempt = Promise.reject(err);
    }
    return new Promise<BleConnection>((resolve, reject) => {
      const timer = setTimeout(() => ac.abort(new HardwareTimeoutError('connect', ms)), ms);
      const done = (): void => {
        clearTimeout(timer);
        this.#connecting.delete(ac);
        ac.signal.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        done();
        reject(ac.signal.reason instanceof Error ? ac.signal.reason : new Error('connect aborted'));
      };
      ac.signal.addEventListener('abort', onAbort, { once: true });
      attempt.then(
        (conn) => {
          if (ac.signal.aborted) {
            conn.disconnect().catch(ignore);
            return;
          }
          done();
          resolve(conn);
        },
        (err: unknown) => {
          if (ac.signal.aborted) return;
          done();
          reject(err);
        },
      );
    });
  }
}

/** A discovered peripheral as the device runtime sees it. */
class BtlePeripheral implements Peripheral {
  readonly advert: Advertisement;
  readonly id: string;
  readonly rssi: number | undefined;
  /** Advertised facts this peripheral was attached with. */
  readonly facts: string;
  state = ACTIVE;
  readonly #manager: BtleCommManager;

  constructor(manager: BtleCommManager, d: BleDiscovery, facts: string) {
    this.#manager = manager;
    this.id = d.id;
    this.rssi = d.rssi;
    this.facts = facts;
    this.advert = {
      transport: 'btle',
      name: d.localName,
      address: d.address,
      services: d.serviceUuids.map(normalizeUuid),
      manufacturerData: d.manufacturerData.map((m) => ({ company: m.company, data: [...m.data] })),
    };
  }

  connect(protocol: ProtocolDefinition): Promise<BusHardware> {
    return this.#manager.connect(this, protocol);
  }

  onRejected(): void {
    // The runtime has logged the reason; remember the refusal so repeated adverts stay quiet.
    this.state = REJECTED;
  }
}

function fingerprint(d: BleDiscovery): string {
  const services = d.serviceUuids.map(normalizeUuid).sort().join(',');
  const md = d.manufacturerData.map((m) => `${m.company}:${m.data.join('.')}`).join(',');
  return `${d.localName}|${services}|${md}`;
}

function describePeripheral(p: BtlePeripheral): string {
  return `${p.advert.address} (${p.advert.name || 'no name'})`;
}

function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

function oneLine(s: string): string {
  return s.split('\n', 1)[0]?.trim() ?? s;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function ignore(): void {}
