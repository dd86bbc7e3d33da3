// HardwareOps for one Lovense toy behind the dongle. The Lovense protocol (protocols/lovense.ts)
// writes its command strings to `tx` and hears answers on `rx`, as over Bluetooth LE; here a
// write becomes the dongle's "command" frame carrying the string, and the dongle's "toyData"
// reports for this toy become `rx` notifications. The dongle manages the toy's radio link itself,
// so subscribing is accepted and does nothing (as the reference does), and there is nothing to read
// except through notifications.

import type { BusHardware, HardwareListener } from '../bus.js';
import { HardwareGoneError } from '../bus.js';
import { NotificationWaiters } from '../pending-ops.js';
import { encodeToyCommand } from './dongle-messages.js';

const TX = 'tx';
const RX = 'rx';
const ENDPOINTS: ReadonlySet<string> = new Set([TX, RX]);

/** The name the toys get: the Lovense protocol's Bluetooth names (`LVS-*`) take it, as upstream. */
export const DONGLE_TOY_NAME = 'LVS-DongleDevice';

const latin1 = new TextDecoder('latin1');
const ascii = new TextEncoder();

/** What the toy needs from the dongle it sits behind. */
export interface ToyLink {
  /** Queue a framed line to the dongle (paced); resolves once written. */
  send(text: string): Promise<void>;
  /** The runtime dropped this toy (refused it, or disconnected it). */
  forget(id: string): void;
}

export class DongleToyHardware implements BusHardware {
  readonly name = DONGLE_TOY_NAME;
  readonly address: string;
  readonly endpoints = ENDPOINTS;
  readonly rssi = undefined;
  readonly #link: ToyLink;
  readonly #notifications = new NotificationWaiters();
  #listener: HardwareListener | null = null;
  #gone = false;

  /** `id`: the toy's id as the dongle reports it (the device's address). */
  constructor(id: string, link: ToyLink) {
    this.address = id;
    this.#link = link;
  }

  get gone(): boolean {
    return this.#gone;
  }

  setListener(listener: HardwareListener): void {
    this.#listener = listener;
    if (this.#gone) listener.onDisconnect();
  }

  disconnect(): void {
    if (this.#gone) return;
    this.#link.forget(this.address);
    this.goneAway();
  }

  async write(endpoint: string, data: Uint8Array, _withResponse = false): Promise<void> {
    this.#check('write', endpoint, TX);
    return this.#link.send(encodeToyCommand(this.address, latin1.decode(data)));
  }

  async read(endpoint: string): Promise<Uint8Array> {
    this.#check('read', endpoint, RX);
    throw new Error('read: a toy behind the Lovense dongle answers only through notifications');
  }

  async subscribe(endpoint: string): Promise<void> {
    this.#check('subscribe', endpoint, RX);
  }

  async unsubscribe(endpoint: string): Promise<void> {
    this.#check('unsubscribe', endpoint, RX);
  }

  nextNotification(endpoint: string, timeoutMs: number): Promise<Uint8Array> {
    try {
      this.#check('nextNotification', endpoint, RX);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#notifications.wait(RX, timeoutMs);
  }

  /** The dongle relayed an answer from this toy. */
  received(text: string): void {
    if (this.#gone) return;
    const data = ascii.encode(text);
    this.#notifications.deliver(RX, data);
    this.#listener?.onNotification(RX, data);
  }

  /** The toy or its dongle went away: fail what waits and tell the runtime, once. */
  goneAway(): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#notifications.failAll();
    this.#listener?.onDisconnect();
  }

  #check(op: string, endpoint: string, expected: string): void {
    if (this.#gone) throw new HardwareGoneError(op);
    if (endpoint !== expected) {
      throw new Error(
        ENDPOINTS.has(endpoint)
          ? `${op}: not possible on endpoint '${endpoint}'`
          : `${op}: a toy behind the Lovense dongle has no endpoint '${endpoint}'`,
      );
    }
  }
}
