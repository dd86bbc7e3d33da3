// The seam between the bus-independent device runtime and one bus (simulated, btle, serial,
// websocket, lovense-connect, hid, usb). As in buttplug-rs (hardware/communication.rs and its hwmgr crates), a bus is two
// files: a comm manager that finds peripherals and hands them to the runtime, and a hardware
// class that implements HardwareOps over one peripheral's connection.

import type { LogLevel } from '../core/channel.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, ManufacturerData } from '../core/protocol.js';

export type Transport = 'btle' | 'serial' | 'websocket' | 'lovense-connect' | 'hid' | 'usb';

/** What a peripheral tells about itself before any connection: the identification facts. */
export interface Advertisement {
  readonly transport: Transport;
  readonly name: string;
  /** Stable id; user device config entries match on it. */
  readonly address: string;
  readonly services: readonly string[];
  readonly manufacturerData: readonly ManufacturerData[];
  /** HID and USB devices: the vendor and product ids the database matches on. */
  readonly vidPid?: { readonly vendorId: number; readonly productId: number };
}

/** Hardware events (buttplug-rs HardwareEvent: notification, disconnected). */
export interface HardwareListener {
  onNotification(endpoint: string, data: Uint8Array): void;
  onRssi(value: number): void;
  onDisconnect(): void;
}

/** HardwareOps plus what the runtime itself needs from a connected peripheral. */
export interface BusHardware extends HardwareOps {
  /** Last signal strength the peripheral reported, if any. */
  readonly rssi: number | undefined;
  /** One listener per hardware: the device runtime. */
  setListener(listener: HardwareListener): void;
  /** Drop the connection; `onDisconnect` follows (once), unless already disconnected. */
  disconnect(): void;
}

/**
 * A found peripheral, handed by a comm manager to the runtime. The lifecycle hooks let a bus tell
 * the peripheral what happened (the simulated bus turns them into frames); real radios ignore them.
 */
export interface Peripheral {
  readonly advert: Advertisement;
  /**
   * Connect for the matched protocol and return the hardware the protocol will drive. The bus
   * maps the protocol's endpoints (tx, rx, …) onto what the peripheral has.
   */
  connect(protocol: ProtocolDefinition): Promise<BusHardware>;
  onMatched?(protocol: string): void;
  /** Identification, configuration or initialisation failed; the runtime disconnects afterwards. */
  onRejected?(reason: string): void;
  /** The hub gave the device an index (after `deviceAdded`). */
  onIndexed?(index: number, name: string): void;
}

/** What the worker gives a bus at start. */
export interface BusContext {
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  log(level: LogLevel, msg: string): void;
  /** A peripheral was found: identify, configure, initialise and announce it. */
  attach(peripheral: Peripheral): void;
}

/** A running bus. */
export interface Bus {
  /** URL the bus listens on, for buses that accept connections (shown in the ready lines). */
  readonly listening?: string;
  startScanning(): void;
  /** Resolves when scanning has stopped; the worker then posts `scanningFinished`. */
  stopScanning(): Promise<void>;
  /** Stop listening and drop every connection. Devices are stopped by the runtime before this. */
  close(): Promise<void>;
  /**
   * Synchronously release every native handle (listen sockets, connections) before a fatal exit.
   * A worker thread that ends with a uWS socket still open aborts the whole process (Node 20:
   * "uv_loop_close() while having open handles"), so this must leave nothing open.
   */
  abort(): void;
}

/** A bus module's one export: start, or say why this bus cannot run here. */
export type StartBus = (ctx: BusContext) => Promise<Bus | { readonly unavailable: string }>;

/** A hardware operation that did not complete in time (maps to THRUM_ERR_DEVICE_TIMEOUT). */
export class HardwareTimeoutError extends Error {
  override readonly name = 'HardwareTimeoutError';
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`${operation} timed out after ${timeoutMs} ms`);
  }
}

/** The peripheral went away while an operation was in flight (maps to THRUM_ERR_DEVICE_GONE). */
export class HardwareGoneError extends Error {
  override readonly name = 'HardwareGoneError';
  constructor(operation: string) {
    super(`${operation}: peripheral disconnected`);
  }
}

/** Endpoint names a protocol definition maps for Bluetooth LE (tx, rx, …), in first-seen order. */
export function btleEndpointNames(def: ProtocolDefinition): string[] {
  const names = new Set<string>();
  for (const spec of def.communication) {
    if (!('btle' in spec)) continue;
    for (const chars of Object.values(spec.btle.services)) for (const ep of Object.keys(chars)) names.add(ep);
  }
  return [...names];
}
