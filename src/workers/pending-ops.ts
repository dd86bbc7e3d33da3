// Hardware operations that wait for the device, shared by every bus's hardware: waiters for the
// next notification on an endpoint, and reads answered in call order by whatever arrives next.
// Each is bounded by its own timeout (HardwareTimeoutError), and all of them fail at once with
// HardwareGoneError when the device goes away, so the device runtime can answer its clients.
//
// Identification and reads only, never per output command: a promise per operation is fine.

import { HardwareGoneError, HardwareTimeoutError } from './bus.js';

/** An operation waiting for bytes from the device, until its timer fires. */
interface Pending {
  readonly resolve: (data: Uint8Array) => void;
  readonly reject: (err: Error) => void;
  timer?: NodeJS.Timeout;
}

interface Waiter extends Pending {
  readonly endpoint: string;
}

/** nextNotification waiters per endpoint; a notification resolves every waiter on its endpoint. */
export class NotificationWaiters {
  /** Never holds an empty set, so a present endpoint means someone is waiting. */
  readonly #byEndpoint = new Map<string, Set<Waiter>>();

  wait(endpoint: string, timeoutMs: number): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      const waiter: Waiter = { endpoint, resolve, reject };
      waiter.timer = setTimeout(waiterTimedOut, timeoutMs, this, waiter, timeoutMs);
      let waiters = this.#byEndpoint.get(endpoint);
      if (waiters === undefined) this.#byEndpoint.set(endpoint, (waiters = new Set()));
      waiters.add(waiter);
    });
  }

  /** Resolves every waiter on `endpoint` with `data`; false when nobody was waiting. */
  deliver(endpoint: string, data: Uint8Array): boolean {
    const waiters = this.#byEndpoint.get(endpoint);
    if (waiters === undefined) return false;
    this.#byEndpoint.delete(endpoint);
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.resolve(data);
    }
    return true;
  }

  /** The device went away: every waiter fails with HardwareGoneError. */
  failAll(): void {
    for (const waiters of this.#byEndpoint.values()) {
      for (const w of waiters) {
        clearTimeout(w.timer);
        w.reject(new HardwareGoneError('nextNotification'));
      }
    }
    this.#byEndpoint.clear();
  }

  /** @internal timer callback */
  timedOut(waiter: Waiter, ms: number): void {
    const waiters = this.#byEndpoint.get(waiter.endpoint);
    if (waiters === undefined || !waiters.delete(waiter)) return; // already delivered or failed
    if (waiters.size === 0) this.#byEndpoint.delete(waiter.endpoint);
    waiter.reject(new HardwareTimeoutError(`notification on '${waiter.endpoint}'`, ms));
  }
}

function waiterTimedOut(owner: NotificationWaiters, waiter: Waiter, ms: number): void {
  owner.timedOut(waiter, ms);
}

interface Read extends Pending {
  /** Bytes asked for; 0 or less means "whatever arrives". */
  readonly length: number;
}

/**
 * Reads on one endpoint, in call order, for buses whose wire has no read request (serial,
 * websocket): the bytes that arrive next answer the oldest read.
 */
export class ReadQueue {
  readonly #endpoint: string;
  readonly #reads: Read[] = [];

  constructor(endpoint: string) {
    this.#endpoint = endpoint;
  }

  /** How many reads are waiting. */
  get size(): number {
    return this.#reads.length;
  }

  wait(length: number, timeoutMs: number): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      const read: Read = { length, resolve, reject };
      read.timer = setTimeout(readTimedOut, timeoutMs, this, read, timeoutMs);
      this.#reads.push(read);
    });
  }

  /** Resolves the oldest read with `answer(its length)`; false when no read is waiting. */
  answerOldest(answer: (length: number) => Uint8Array): boolean {
    const read = this.#reads.shift();
    if (read === undefined) return false;
    clearTimeout(read.timer);
    read.resolve(answer(read.length));
    return true;
  }

  /** The device went away: every read fails with HardwareGoneError. */
  failAll(): void {
    for (const r of this.#reads.splice(0)) {
      clearTimeout(r.timer);
      r.reject(new HardwareGoneError('read'));
    }
  }

  /** @internal timer callback */
  timedOut(read: Read, ms: number): void {
    const i = this.#reads.indexOf(read);
    if (i < 0) return; // already answered or failed
    this.#reads.splice(i, 1);
    read.reject(new HardwareTimeoutError(`read on '${this.#endpoint}'`, ms));
  }
}

function readTimedOut(owner: ReadQueue, read: Read, ms: number): void {
  owner.timedOut(read, ms);
}
