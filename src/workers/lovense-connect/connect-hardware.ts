// HardwareOps over one toy reached through the Lovense Connect app (the "talks to a device" half
// of the lovense-connect bus). A write to tx is the protocol's command text sent as one HTTP GET
// to the app; rx reads give the battery level the toy list last reported (the app's API has no
// other input). The app has no connection per toy to close: the toy is gone when the comm
// manager's toy-list poll says so (or the phone stops answering), which it tells through
// goneAway().

import type { BusHardware, HardwareListener } from '../bus.js';
import { HardwareGoneError, HardwareTimeoutError } from '../bus.js';
import { httpGetAnswered } from './connect-api.js';

const TX = 'tx';
const RX = 'rx';
const ENDPOINTS: ReadonlySet<string> = new Set([TX, RX]);

/** Command text is ASCII; one decoder for every write. */
const TEXT = new TextDecoder();

export interface ConnectHardwareOptions {
  /** A command the app has not answered within this is failed (the next poll decides if it is gone). */
  readonly writeTimeoutMs: number;
  /** Called once when the toy is gone, whatever the cause (the comm manager forgets it). */
  readonly onGone: () => void;
}

export class ConnectToyHardware implements BusHardware {
  readonly name: string;
  readonly address: string;
  readonly endpoints = ENDPOINTS;
  readonly rssi = undefined;
  /** The app's base URL, http://address:port. */
  readonly host: string;
  /** 0–100, from the latest toy list. */
  battery: number;
  readonly #opts: ConnectHardwareOptions;
  #listener: HardwareListener | null = null;
  #gone = false;

  constructor(
    host: string,
    toy: { readonly id: string; readonly name: string; readonly battery: number },
    opts: ConnectHardwareOptions,
  ) {
    this.host = host;
    this.name = toy.name;
    this.address = toy.id;
    this.battery = toy.battery;
    this.#opts = opts;
  }

  get gone(): boolean {
    return this.#gone;
  }

  setListener(listener: HardwareListener): void {
    this.#listener = listener;
    if (this.#gone) listener.onDisconnect();
  }

  /** Nothing to close at the app; the toy just stops being driven. */
  disconnect(): void {
    this.goneAway();
  }

  /** The toy left the app's list, or the app stopped answering. Tells the listener once. */
  goneAway(): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#opts.onGone();
    this.#listener?.onDisconnect();
  }

  // ------------------------------------------------------------ HardwareOps

  async write(endpoint: string, data: Uint8Array, _withResponse = false): Promise<void> {
    this.#check('write', endpoint, TX);
    try {
      await httpGetAnswered(`${this.host}/${TEXT.decode(data)}`, this.#opts.writeTimeoutMs);
    } catch (err) {
      if ((err as Error).name === 'TimeoutError')
        throw new HardwareTimeoutError('write', this.#opts.writeTimeoutMs);
      throw new Error(`write: the Lovense Connect app did not answer (${(err as Error).message})`);
    }
    if (this.#gone) throw new HardwareGoneError('write');
  }

  async read(endpoint: string, _length: number, _timeoutMs?: number): Promise<Uint8Array> {
    this.#check('read', endpoint, RX);
    return Uint8Array.of(this.battery);
  }

  async subscribe(endpoint: string): Promise<void> {
    this.#check('subscribe', endpoint, RX);
    throw new Error('subscribe: Lovense Connect toys send no notifications');
  }

  async unsubscribe(endpoint: string): Promise<void> {
    this.#check('unsubscribe', endpoint, RX);
    throw new Error('unsubscribe: Lovense Connect toys send no notifications');
  }

  async nextNotification(endpoint: string, _timeoutMs: number): Promise<Uint8Array> {
    this.#check('nextNotification', endpoint, RX);
    throw new Error('nextNotification: Lovense Connect toys send no notifications');
  }

  #check(op: string, endpoint: string, expected: string): void {
    if (this.#gone) throw new HardwareGoneError(op);
    if (endpoint !== expected) {
      throw new Error(
        ENDPOINTS.has(endpoint)
          ? `${op}: not possible on endpoint '${endpoint}'`
          : `${op}: a Lovense Connect toy has no endpoint '${endpoint}'`,
      );
    }
  }
}
