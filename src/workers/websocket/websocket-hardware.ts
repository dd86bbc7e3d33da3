// HardwareOps over one websocket device connection (the "talks to a device" half of the
// websocket bus). As upstream (buttplug-rs websocket_server_hardware.rs), the device has two
// endpoints whatever its protocol: a write to `tx` is one binary frame to the device, and every
// frame the device sends after its handshake is data arriving on `rx`.
//
// Upstream delivers that data only while rx is subscribed, and refuses reads. Notifications keep
// that rule here (a frame nobody subscribed to is dropped). Reads are served instead of refused:
// the wire has no read request, so `read` resolves with the next frame the device sends, which
// lets a protocol that writes a query and then reads the answer work over websocket too.
//
// The connection closing, for any reason, fails every read and wait in flight with
// HardwareGoneError and tells the listener once; later operations fail the same way.

import type { BusHardware, HardwareListener } from '../bus.js';
import { HardwareGoneError } from '../bus.js';
import { NotificationWaiters, ReadQueue } from '../pending-ops.js';

const TX = 'tx';
const RX = 'rx';
const ENDPOINTS: ReadonlySet<string> = new Set([TX, RX]);

/** The connection as the hardware sees it. */
export interface DeviceLink {
  /** Send one binary frame; false when the connection is already closed. */
  sendBinary(data: Uint8Array): boolean;
  close(): void;
  log(level: 'warn' | 'debug', msg: string): void;
}

export class WebsocketHardware implements BusHardware {
  readonly name: string;
  readonly address: string;
  readonly endpoints = ENDPOINTS;
  readonly rssi = undefined;
  readonly #link: DeviceLink;
  readonly #readTimeoutMs: number;
  #listener: HardwareListener | null = null;
  #subscribed = false;
  /** Each frame from the device answers the oldest read. */
  readonly #reads = new ReadQueue(RX);
  readonly #notifications = new NotificationWaiters();
  #gone = false;

  /** `name`: the handshake identifier; `address`: the handshake address. */
  constructor(name: string, address: string, link: DeviceLink, readTimeoutMs: number) {
    this.name = name;
    this.address = address;
    this.#link = link;
    this.#readTimeoutMs = readTimeoutMs;
  }

  get gone(): boolean {
    return this.#gone;
  }

  setListener(listener: HardwareListener): void {
    this.#listener = listener;
    if (this.#gone) listener.onDisconnect();
  }

  disconnect(): void {
    this.#link.close();
    this.connectionClosed(); // idempotent; the socket's close event follows
  }

  // ------------------------------------------------------------ HardwareOps

  async write(endpoint: string, data: Uint8Array, _withResponse = false): Promise<void> {
    // A websocket frame is delivered or the connection dies: there is no separate response.
    this.#check('write', endpoint, TX);
    if (!this.#link.sendBinary(data)) throw new HardwareGoneError('write');
  }

  /** The next frame the device sends, cut to `length` bytes when `length` > 0. */
  read(endpoint: string, length: number, timeoutMs = this.#readTimeoutMs): Promise<Uint8Array> {
    this.#check('read', endpoint, RX);
    return this.#reads.wait(length, timeoutMs);
  }

  async subscribe(endpoint: string): Promise<void> {
    this.#check('subscribe', endpoint, RX);
    this.#subscribed = true;
  }

  async unsubscribe(endpoint: string): Promise<void> {
    this.#check('unsubscribe', endpoint, RX);
    this.#subscribed = false;
  }

  nextNotification(endpoint: string, timeoutMs: number): Promise<Uint8Array> {
    this.#check('nextNotification', endpoint, RX);
    return this.#notifications.wait(RX, timeoutMs);
  }

  #check(op: string, endpoint: string, expected: string): void {
    if (this.#gone) throw new HardwareGoneError(op);
    if (endpoint !== expected) {
      throw new Error(
        ENDPOINTS.has(endpoint)
          ? `${op}: not possible on endpoint '${endpoint}'`
          : `${op}: a websocket device has no endpoint '${endpoint}'`,
      );
    }
  }

  // ------------------------------------------------------------ from the connection

  /** A frame from the device after its handshake (the comm manager's copy; ours to keep). */
  received(data: Uint8Array): void {
    if (this.#gone) return;
    const readAnswered = this.#reads.answerOldest((length) =>
      length > 0 && length < data.length ? data.subarray(0, length) : data,
    );
    if (!this.#subscribed) {
      if (!readAnswered) this.#link.log('debug', `${data.length} bytes ignored: rx is not subscribed`);
      return;
    }
    this.#notifications.deliver(RX, data);
    this.#listener?.onNotification(RX, data);
  }

  /** The connection closed (either side). Fails everything in flight, then tells the listener, once. */
  connectionClosed(): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#reads.failAll();
    this.#notifications.failAll();
    this.#listener?.onDisconnect();
  }
}
