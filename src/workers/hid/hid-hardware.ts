// HardwareOps over one open HID device (the "talks to a device" half of the HID bus). As upstream
// gives HID devices, `tx` takes output reports (the protocol's bytes, report id first); the
// reference never reads HID devices for its protocols (Joy-Con, Vorze Cyclone X), so neither does
// this: rx operations are refused. A failed write means the device is gone (unplugged): it is
// closed and the listener told once.

import type { BusHardware, HardwareListener } from '../bus.js';
import { HardwareGoneError } from '../bus.js';
import type { HidConnection } from './hid-adapter.js';

const TX = 'tx';
const ENDPOINTS: ReadonlySet<string> = new Set([TX]);

export class HidHardware implements BusHardware {
  readonly name: string;
  readonly address: string;
  readonly endpoints = ENDPOINTS;
  readonly rssi = undefined;
  readonly #connection: HidConnection;
  readonly #onGone: () => void;
  #listener: HardwareListener | null = null;
  #gone = false;
  #closing: Promise<void> | null = null;

  constructor(name: string, address: string, connection: HidConnection, onGone: () => void) {
    this.name = name;
    this.address = address;
    this.#connection = connection;
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
    void this.close();
    this.goneAway();
  }

  /** Close the device handle (once); resolves when it is released. */
  close(): Promise<void> {
    this.#closing ??= this.#connection.close().catch(() => undefined);
    return this.#closing;
  }

  /** Unplugged or disconnected: tells the comm manager and the listener, once. */
  goneAway(): void {
    if (this.#gone) return;
    this.#gone = true;
    void this.close();
    this.#onGone();
    this.#listener?.onDisconnect();
  }

  async write(endpoint: string, data: Uint8Array, _withResponse = false): Promise<void> {
    this.#check('write', endpoint);
    try {
      await this.#connection.write(data);
    } catch (err) {
      this.goneAway();
      throw new HardwareGoneError(`write (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  async read(endpoint: string): Promise<Uint8Array> {
    this.#check('read', endpoint);
    throw new Error('read: the HID bus does not read input reports');
  }

  async subscribe(endpoint: string): Promise<void> {
    this.#check('subscribe', endpoint);
    throw new Error('subscribe: the HID bus does not read input reports');
  }

  async unsubscribe(endpoint: string): Promise<void> {
    this.#check('unsubscribe', endpoint);
    throw new Error('unsubscribe: the HID bus does not read input reports');
  }

  async nextNotification(endpoint: string): Promise<Uint8Array> {
    this.#check('nextNotification', endpoint);
    throw new Error('nextNotification: the HID bus does not read input reports');
  }

  #check(op: string, endpoint: string): void {
    if (this.#gone) throw new HardwareGoneError(op);
    if (endpoint !== TX && op === 'write') throw new Error(`${op}: a HID device has no endpoint '${endpoint}'`);
  }
}
