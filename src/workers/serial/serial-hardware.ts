// HardwareOps over one open serial port (the "talks to a device" half of the serial bus), given
// as a duplex stream (serial-port-stream.ts says why it is not a `serialport` SerialPort). A port
// has two endpoints: `tx` writes to it, `rx` is what it receives. Serial has no subscriptions, so
// every received chunk is delivered as an rx notification, and is also kept in a bounded buffer
// for `read`. The port closing for any reason (unplugged, a failed write, disconnect()) fails
// every operation in flight with HardwareGoneError and tells the listener once.

import type { Duplex } from 'node:stream';
import type { BusHardware, HardwareListener } from '../bus.js';
import { HardwareGoneError } from '../bus.js';
import { NotificationWaiters, ReadQueue } from '../pending-ops.js';

const TX = 'tx';
const RX = 'rx';
const ENDPOINTS: ReadonlySet<string> = new Set([TX, RX]);

/**
 * Received bytes kept for `read`. Protocols that listen to notifications never read, so the
 * buffer must not grow without bound; a read after a long silence gets the newest bytes.
 */
export const RX_BUFFER_LIMIT = 4096;

/** A write the port has not confirmed yet. */
interface PendingWrite {
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

export interface SerialHardwareOptions {
  /** Default timeout of `read` when the protocol gives none. */
  readonly readTimeoutMs: number;
  /** Called once when the port is closed, whatever closed it (the comm manager forgets it). */
  readonly onClosed: () => void;
  readonly log: (level: 'warn' | 'debug', msg: string) => void;
}

export class SerialHardware implements BusHardware {
  readonly name: string;
  readonly address: string;
  readonly endpoints = ENDPOINTS;
  readonly rssi = undefined;
  /** Resolves once the port has closed (either side closed it), i.e. its 'close' event. */
  readonly closed: Promise<void>;
  readonly #port: Duplex;
  readonly #opts: SerialHardwareOptions;
  #listener: HardwareListener | null = null;
  #rx: Buffer = Buffer.alloc(0);
  readonly #reads = new ReadQueue(RX);
  readonly #notifications = new NotificationWaiters();
  readonly #writes = new Set<PendingWrite>();
  #gone = false;
  #markClosed!: () => void;

  /** `port`: the open port as a stream (serial-port-stream.ts); this hardware owns it from now on. */
  constructor(portPath: string, port: Duplex, opts: SerialHardwareOptions) {
    this.name = portPath;
    this.address = portPath;
    this.#port = port;
    this.#opts = opts;
    this.closed = new Promise((resolve) => (this.#markClosed = resolve));
    port.on('data', (chunk: Buffer) => this.#portOnData(chunk));
    port.on('close', () => this.#portOnClose());
    // Without a listener an 'error' event would throw out of the stream and end the worker. An
    // unplugged port fails its pending read with EIO; 'close' follows.
    port.on('error', (err: Error) => this.#portOnError(err));
  }

  setListener(listener: HardwareListener): void {
    this.#listener = listener;
    if (this.#gone) listener.onDisconnect();
  }

  disconnect(): void {
    this.#closePort();
    this.#goneAway();
  }

  // ------------------------------------------------------------ HardwareOps

  async write(endpoint: string, data: Uint8Array, _withResponse = false): Promise<void> {
    this.#check('write', endpoint, TX);
    return new Promise<void>((resolve, reject) => {
      const pending: PendingWrite = { resolve, reject };
      this.#writes.add(pending);
      this.#port.write(Buffer.from(data), (err) => this.#written(pending, err));
    });
  }

  /**
   * Up to `length` buffered bytes (all of them when `length` is 0 or less) as soon as there are
   * any; waits for the next bytes otherwise.
   */
  async read(endpoint: string, length: number, timeoutMs = this.#opts.readTimeoutMs): Promise<Uint8Array> {
    this.#check('read', endpoint, RX);
    if (this.#rx.length > 0 && this.#reads.size === 0) return this.#take(length);
    return this.#reads.wait(length, timeoutMs);
  }

  // A serial port delivers whatever arrives; there is nothing to switch on or off.
  async subscribe(endpoint: string): Promise<void> {
    this.#check('subscribe', endpoint, RX);
  }

  async unsubscribe(endpoint: string): Promise<void> {
    this.#check('unsubscribe', endpoint, RX);
  }

  async nextNotification(endpoint: string, timeoutMs: number): Promise<Uint8Array> {
    this.#check('nextNotification', endpoint, RX);
    return this.#notifications.wait(RX, timeoutMs);
  }

  #check(op: string, endpoint: string, expected: string): void {
    if (this.#gone) throw new HardwareGoneError(op);
    if (endpoint !== expected) {
      throw new Error(
        ENDPOINTS.has(endpoint)
          ? `${op}: not possible on endpoint '${endpoint}'`
          : `${op}: a serial port has no endpoint '${endpoint}'`,
      );
    }
  }

  // ------------------------------------------------------------ port events

  #portOnData(chunk: Buffer): void {
    if (this.#gone) return;
    this.#rx = this.#rx.length === 0 ? chunk : Buffer.concat([this.#rx, chunk]);
    if (this.#rx.length > RX_BUFFER_LIMIT) this.#rx = this.#rx.subarray(this.#rx.length - RX_BUFFER_LIMIT);
    while (this.#rx.length > 0 && this.#reads.answerOldest((length) => this.#take(length))) {
      // Waiting reads, oldest first, each take their share of the buffer while bytes remain.
    }
    const data = new Uint8Array(chunk);
    this.#notifications.deliver(RX, data);
    this.#listener?.onNotification(RX, data);
  }

  #portOnClose(): void {
    this.#markClosed();
    this.#goneAway();
  }

  #portOnError(err: Error): void {
    if (this.#gone) return;
    const unplugged = (err as NodeJS.ErrnoException).code === 'EIO';
    this.#opts.log(unplugged ? 'debug' : 'warn', `${this.address}: ${err.message}; closing the port`);
    this.disconnect();
  }

  #written(pending: PendingWrite, err: Error | null | undefined): void {
    if (!this.#writes.delete(pending)) return; // already failed because the port went away
    if (err === null || err === undefined) {
      pending.resolve();
      return;
    }
    pending.reject(new HardwareGoneError(`write (${err.message})`));
    // A serial write only fails when the device is gone or the port is unusable.
    this.disconnect();
  }

  #take(length: number): Uint8Array {
    const n = length > 0 ? Math.min(length, this.#rx.length) : this.#rx.length;
    const out = new Uint8Array(this.#rx.subarray(0, n));
    this.#rx = this.#rx.subarray(n);
    return out;
  }

  #closePort(): void {
    // destroy() closes the descriptor; 'close' follows once the handle is released.
    if (!this.#port.destroyed) this.#port.destroy();
  }

  /** Fails everything in flight, then tells the comm manager and the listener, once. */
  #goneAway(): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#reads.failAll();
    this.#notifications.failAll();
    for (const w of this.#writes) w.reject(new HardwareGoneError('write'));
    this.#writes.clear();
    this.#rx = Buffer.alloc(0);
    this.#opts.onClosed();
    this.#listener?.onDisconnect();
  }
}
