// HardwareOps over one simulated peripheral's WebSocket (simulated-devices.md §2–§3): every
// operation becomes one frame, in the order the protocol issues them; notifications count only
// while their endpoint is subscribed; reads wait for a readResult with the same id.

import type { BusHardware, HardwareListener } from '../bus.js';
import { HardwareGoneError, HardwareTimeoutError } from '../bus.js';
import { NotificationWaiters } from '../pending-ops.js';

/** The connection as the hardware sees it: send one frame object, or close. */
export interface SimLink {
  /** Returns false when the socket is already closed. */
  send(frame: object): boolean;
  close(): void;
  log(level: 'warn' | 'debug', msg: string): void;
}

interface Pending {
  readonly resolve: (data: Uint8Array) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class SimulatedHardware implements BusHardware {
  readonly name: string;
  readonly address: string;
  #endpoints: ReadonlySet<string> = new Set();
  #rssi: number | undefined;
  readonly #link: SimLink;
  readonly #readTimeoutMs: number;
  #listener: HardwareListener | null = null;
  readonly #subscribed = new Set<string>();
  readonly #reads = new Map<number, Pending>();
  readonly #notifications = new NotificationWaiters();
  #nextReadId = 1;
  #disconnected = false;

  constructor(name: string, address: string, link: SimLink, readTimeoutMs: number) {
    this.name = name;
    this.address = address;
    this.#link = link;
    this.#readTimeoutMs = readTimeoutMs;
  }

  get endpoints(): ReadonlySet<string> {
    return this.#endpoints;
  }

  get rssi(): number | undefined {
    return this.#rssi;
  }

  /** Set once the protocol is known (the hello's endpoints, or the protocol's). */
  bindEndpoints(names: readonly string[]): void {
    this.#endpoints = new Set(names);
  }

  setListener(listener: HardwareListener): void {
    this.#listener = listener;
    if (this.#disconnected) listener.onDisconnect();
  }

  disconnect(): void {
    this.#link.close();
    this.socketClosed(); // idempotent; the socket's close event may come later or not at all
  }

  // ------------------------------------------------------------ HardwareOps

  async write(endpoint: string, data: Uint8Array, withResponse = false): Promise<void> {
    this.#check('write', endpoint);
    this.#send({ write: { endpoint, data: Array.from(data), withResponse } }, 'write');
  }

  read(endpoint: string, length: number, timeoutMs?: number): Promise<Uint8Array> {
    this.#check('read', endpoint);
    const id = this.#nextReadId++;
    const ms = timeoutMs ?? this.#readTimeoutMs;
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(simReadTimedOut, ms, this, id, ms);
      this.#reads.set(id, { resolve, reject, timer });
      this.#send({ read: { id, endpoint, length } }, 'read');
    });
  }

  async subscribe(endpoint: string): Promise<void> {
    this.#check('subscribe', endpoint);
    this.#subscribed.add(endpoint);
    this.#send({ subscribe: { endpoint } }, 'subscribe');
  }

  async unsubscribe(endpoint: string): Promise<void> {
    this.#check('unsubscribe', endpoint);
    this.#subscribed.delete(endpoint);
    this.#send({ unsubscribe: { endpoint } }, 'unsubscribe');
  }

  nextNotification(endpoint: string, timeoutMs: number): Promise<Uint8Array> {
    this.#check('nextNotification', endpoint);
    return this.#notifications.wait(endpoint, timeoutMs);
  }

  #check(op: string, endpoint: string): void {
    if (this.#disconnected) throw new HardwareGoneError(op);
    if (!this.#endpoints.has(endpoint)) throw new Error(`${op}: device has no endpoint '${endpoint}'`);
  }

  #send(frame: object, op: string): void {
    if (!this.#link.send(frame)) throw new HardwareGoneError(op);
  }

  // ------------------------------------------------------------ frames from the peripheral

  notified(endpoint: string, data: Uint8Array): void {
    if (!this.#subscribed.has(endpoint)) {
      this.#link.log('debug', `notify on '${endpoint}' ignored: not subscribed`);
      return;
    }
    this.#notifications.deliver(endpoint, data);
    this.#listener?.onNotification(endpoint, data);
  }

  readAnswered(id: number, data: Uint8Array): void {
    const p = this.#reads.get(id);
    if (p === undefined) {
      this.#link.log('debug', `readResult ${id} ignored: no such read in flight`);
      return;
    }
    this.#reads.delete(id);
    clearTimeout(p.timer);
    p.resolve(data);
  }

  rssiReported(value: number): void {
    this.#rssi = value;
    this.#listener?.onRssi(value);
  }

  /** The socket closed (either side). Fails everything in flight, then tells the listener. */
  socketClosed(): void {
    if (this.#disconnected) return;
    this.#disconnected = true;
    for (const [id, p] of this.#reads) {
      clearTimeout(p.timer);
      p.reject(new HardwareGoneError(`read ${id}`));
    }
    this.#reads.clear();
    this.#notifications.failAll();
    this.#listener?.onDisconnect();
  }

  /** @internal timer callback */
  readTimedOut(id: number, ms: number): void {
    const p = this.#reads.get(id);
    if (p === undefined) return;
    this.#reads.delete(id);
    p.reject(new HardwareTimeoutError(`read ${id}`, ms));
  }
}

function simReadTimedOut(hw: SimulatedHardware, id: number, ms: number): void {
  hw.readTimedOut(id, ms);
}
