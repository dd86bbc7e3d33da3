// Collects FromBus messages (from a runtime's post() or a worker's 'message' events) and lets a
// test wait for the next one of a kind instead of sleeping.

import type { FromBus } from '../../src/core/channel.js';

type Of<T extends FromBus['t']> = Extract<FromBus, { t: T }>;

export class Mailbox {
  readonly all: FromBus[] = [];
  #consumed = new Set<FromBus>();
  #waiters: { pred: (m: FromBus) => boolean; resolve: (m: FromBus) => void }[] = [];

  readonly post = (m: FromBus): void => {
    this.all.push(m);
    this.#waiters = this.#waiters.filter((w) => {
      if (this.#consumed.has(m) || !w.pred(m)) return true;
      this.#consumed.add(m);
      w.resolve(m);
      return false;
    });
  };

  /** Messages of kind `t` so far (consumed or not). */
  of<T extends FromBus['t']>(t: T): Of<T>[] {
    return this.all.filter((m): m is Of<T> => m.t === t);
  }

  next<T extends FromBus['t']>(
    t: T,
    pred: (m: Of<T>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Of<T>> {
    const match = (m: FromBus): boolean => m.t === t && pred(m as Of<T>);
    const have = this.all.find((m) => !this.#consumed.has(m) && match(m));
    if (have) {
      this.#consumed.add(have);
      return Promise.resolve(have as Of<T>);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        const seen = this.all.filter((m) => m.t !== 'log').map((m) => JSON.stringify(m));
        reject(new Error(`no '${t}' within ${timeoutMs} ms; got ${seen.join(' ')}`));
      }, timeoutMs);
      const waiter = {
        pred: match,
        resolve: (m: FromBus) => {
          clearTimeout(timer);
          resolve(m as Of<T>);
        },
      };
      this.#waiters.push(waiter);
    });
  }
}
