// The serial bus: the "finds devices" half (serial-hardware.ts talks to one). A serial port says
// nothing about what is plugged into it, so a port is a candidate only when the device
// configuration names its path in a protocol's serial specifier (upstream behaviour; the built-in
// entries name the placeholder "default", users name their port in the user device config). A
// scan is one pass: enumerate, then hand each named port that is present and not already in use
// to the runtime, which matches it, opens it (connect) and initialises the protocol. A port that
// fails to open, is refused, or is unplugged later is forgotten, so the next scan tries it again.
//
// Settings (BusWorkerData.settings), defaults in SERIAL_DEFAULTS:
//   readTimeoutMs  fail a read that gets no bytes in time (2 000)

import { workerData } from 'node:worker_threads';
import { buildDatabase, configuredSerialPorts } from '../../config/index.js';
import type { BusWorkerData } from '../../core/channel.js';
import type { ProtocolDefinition, SerialSpecifier } from '../../core/database.js';
import type { Advertisement, Bus, BusContext, BusHardware, Peripheral, StartBus } from '../bus.js';
import { SerialHardware } from './serial-hardware.js';
import { loadSerialNatives, openSerialStream, type NativeSerialOpen } from './serial-port-stream.js';
import { enumeratePorts, type PortLister } from './serial-ports.js';

export const SERIAL_DEFAULTS = {
  readTimeoutMs: 2_000,
} as const;

/** How long close() waits for the ports to report closed before the thread may end. */
const CLOSE_WAIT_MS = 1_000;

export interface SerialBusOptions {
  /** The system's port listing (`serialport`'s SerialPort.list), or null to read /dev only. */
  readonly lister: PortLister | null;
  /** The native open that sets up a port's line (serial-port-stream.ts). */
  readonly nativeOpen: NativeSerialOpen;
  /** Port paths the device configuration names: the only ports this bus opens. */
  readonly configuredPorts: readonly string[];
  /** Directory read for device nodes when the system listing fails ("/dev"). */
  readonly devDir?: string;
  readonly readTimeoutMs?: number;
}

export const startSerialBus: StartBus = async (ctx) => {
  const readTimeoutMs = ctx.settings['readTimeoutMs'] ?? SERIAL_DEFAULTS.readTimeoutMs;
  if (typeof readTimeoutMs !== 'number' || !Number.isInteger(readTimeoutMs) || readTimeoutMs < 1) {
    return { unavailable: `serial bus setting 'readTimeoutMs' must be a positive integer` };
  }
  const natives = await loadSerialNatives('serial bus: ');
  if ('unavailable' in natives) return natives;
  return startSerialBusWith(ctx, {
    ...natives,
    configuredPorts: portsNamedByWorkerConfig(),
    readTimeoutMs,
  });
};

/** The bus with its dependencies given: what startSerialBus runs, and what tests drive directly. */
export function startSerialBusWith(ctx: BusContext, opts: SerialBusOptions): Bus {
  return new SerialCommManager(ctx, opts);
}

/**
 * The ports this worker's device database names. The bus context carries no database, so the
 * bus reads the same BusWorkerData the worker's catalog is built from (an empty list outside a
 * worker thread).
 */
function portsNamedByWorkerConfig(): string[] {
  const data = workerData as BusWorkerData | null | undefined;
  if (data === null || data === undefined || typeof data !== 'object') return [];
  const { db } = buildDatabase({
    overrides: data.configOverrides ?? [],
    userConfig: data.userConfig ?? null,
  });
  return configuredSerialPorts(db);
}

class SerialCommManager implements Bus {
  readonly ctx: BusContext;
  readonly opts: SerialBusOptions;
  readonly #configured: ReadonlySet<string>;
  /** Ports handed to the runtime and not yet forgotten: never attached twice. */
  readonly #attached = new Map<string, SerialPortPeripheral>();
  #scan: Promise<void> | null = null;
  #fallbackLogged = false;
  #closed = false;

  constructor(ctx: BusContext, opts: SerialBusOptions) {
    this.ctx = ctx;
    this.opts = opts;
    this.#configured = new Set(opts.configuredPorts);
    if (this.#configured.size === 0) {
      ctx.log(
        'info',
        'serial: no port is named in the device configuration, so no port will be opened (name yours in the user device config)',
      );
    }
  }

  startScanning(): void {
    if (this.#closed || this.#scan !== null) return; // a pass in flight covers this request
    this.#scan = this.#scanOnce()
      .catch((err: unknown) =>
        this.ctx.log('warn', `serial: scan failed: ${err instanceof Error ? err.message : String(err)}`),
      )
      .finally(() => (this.#scan = null));
  }

  /** A scan is a single pass; scanning has stopped once it is done. */
  async stopScanning(): Promise<void> {
    await this.#scan;
  }

  async #scanOnce(): Promise<void> {
    const { ports, fallbackReason } = await enumeratePorts({
      lister: this.opts.lister,
      configured: this.opts.configuredPorts,
      ...(this.opts.devDir !== undefined && { devDir: this.opts.devDir }),
    });
    if (fallbackReason !== undefined) {
      this.ctx.log(
        this.#fallbackLogged ? 'debug' : 'info',
        `serial: ${fallbackReason}; listed ${this.opts.devDir ?? '/dev'} instead`,
      );
      this.#fallbackLogged = true;
    }
    this.ctx.log('debug', `serial: ports: ${ports.join(', ') || '(none)'}`);
    for (const port of ports) {
      if (this.#closed) return;
      if (!this.#configured.has(port) || this.#attached.has(port)) continue;
      const peripheral = new SerialPortPeripheral(port, this);
      this.#attached.set(port, peripheral);
      this.ctx.attach(peripheral);
    }
  }

  /** The runtime is done with this port (refused, failed to open, closed): a later scan may retry it. */
  forget(peripheral: SerialPortPeripheral): void {
    if (this.#attached.get(peripheral.advert.address) === peripheral)
      this.#attached.delete(peripheral.advert.address);
  }

  get closed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const waits = [...this.#attached.values()].map((p) => p.close());
    await Promise.race([
      Promise.all(waits),
      new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref()),
    ]);
  }

  abort(): void {
    this.#closed = true;
    for (const p of this.#attached.values()) void p.close();
  }
}

/** One serial port handed to the runtime; connect() opens it for the matched protocol. */
class SerialPortPeripheral implements Peripheral {
  readonly advert: Advertisement;
  readonly #manager: SerialCommManager;
  #hardware: SerialHardware | null = null;

  constructor(portPath: string, manager: SerialCommManager) {
    this.advert = {
      transport: 'serial',
      name: portPath,
      address: portPath,
      services: [],
      manufacturerData: [],
    };
    this.#manager = manager;
  }

  async connect(protocol: ProtocolDefinition): Promise<BusHardware> {
    const path = this.advert.address;
    const spec = serialSpecifierFor(protocol, path);
    if (spec === undefined) throw new Error(`protocol '${protocol.id}' names no serial settings for ${path}`);
    const { ctx, opts } = this.#manager;
    const stream = await openSerialStream(opts.nativeOpen, path, spec);
    const hw = new SerialHardware(path, stream, {
      readTimeoutMs: opts.readTimeoutMs ?? SERIAL_DEFAULTS.readTimeoutMs,
      onClosed: () => this.#manager.forget(this),
      log: (level, msg) => ctx.log(level, `serial ${msg}`),
    });
    this.#hardware = hw;
    if (this.#manager.closed) {
      hw.disconnect();
      throw new Error('the serial bus is closing');
    }
    ctx.log(
      'debug',
      `serial: opened ${path} at ${spec.baudRate} ${spec.dataBits}${spec.parity}${spec.stopBits} for ${protocol.id}`,
    );
    return hw;
  }

  onRejected(): void {
    // The runtime logged why; it also disconnects hardware it had connected.
    this.#manager.forget(this);
  }

  close(): Promise<void> {
    const hw = this.#hardware;
    if (hw === null) return Promise.resolve();
    hw.disconnect();
    return hw.closed;
  }
}

/** The specifier that names this port (the one the catalog matched on). */
function serialSpecifierFor(protocol: ProtocolDefinition, portPath: string): SerialSpecifier | undefined {
  for (const spec of protocol.communication)
    if ('serial' in spec && spec.serial.port === portPath) return spec.serial;
  return undefined;
}
