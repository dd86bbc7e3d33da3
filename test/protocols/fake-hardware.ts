// A scripted peripheral implementing HardwareOps for protocol tests: it records every operation
// and answers writes from a script. An unanswered wait fails at once as a timeout would, so tests
// of retry paths take no real time; the timeout each wait asked for is recorded instead.

import type { HardwareOps } from '../../src/core/protocol.js';

export type Op =
  | {
      readonly op: 'write';
      readonly endpoint: string;
      readonly text: string;
      readonly data: number[];
      readonly withResponse: boolean;
    }
  | { readonly op: 'subscribe' | 'unsubscribe'; readonly endpoint: string };

/** Given a write, the notifications (rx) the peripheral sends back, in order; [] = silence. */
export type Responder = (endpoint: string, text: string) => readonly (string | Uint8Array)[];

export class FakeHardware implements HardwareOps {
  readonly ops: Op[] = [];
  /** Timeout of every nextNotification call, in call order. */
  readonly waits: number[] = [];
  readonly endpoints = new Set(['tx', 'rx']);
  #waiters: { endpoint: string; resolve: (d: Uint8Array) => void; reject: (e: Error) => void }[] = [];

  constructor(
    readonly name: string,
    private readonly respond: Responder = () => [],
    readonly address = 'fake-address',
  ) {}

  get writes(): string[] {
    return this.ops.flatMap((o) => (o.op === 'write' ? [o.text] : []));
  }

  async write(endpoint: string, data: Uint8Array, withResponse = false): Promise<void> {
    const text = Buffer.from(data).toString('latin1');
    this.ops.push({ op: 'write', endpoint, text, data: [...data], withResponse });
    const answers = this.respond(endpoint, text);
    if (answers.length === 0) {
      // Nothing will come: pending waits time out (instantly, see the header).
      const waiting = this.#waiters;
      this.#waiters = [];
      queueMicrotask(() => waiting.forEach((w) => w.reject(new Error('timed out'))));
      return;
    }
    // One notification per macrotask, so a protocol waiting for the next one is listening again.
    let delay = 0;
    for (const a of answers) {
      const bytes = typeof a === 'string' ? Buffer.from(a, 'latin1') : a;
      setTimeout(() => this.notify('rx', bytes), delay++);
    }
  }

  async read(): Promise<Uint8Array> {
    throw new Error('not scripted');
  }

  async subscribe(endpoint: string): Promise<void> {
    this.ops.push({ op: 'subscribe', endpoint });
  }

  async unsubscribe(endpoint: string): Promise<void> {
    this.ops.push({ op: 'unsubscribe', endpoint });
  }

  nextNotification(endpoint: string, timeoutMs: number): Promise<Uint8Array> {
    this.waits.push(timeoutMs);
    return new Promise((resolve, reject) => this.#waiters.push({ endpoint, resolve, reject }));
  }

  /** Deliver a notification to whoever waits on `endpoint` (dropped when nobody does). */
  notify(endpoint: string, data: Uint8Array): void {
    const i = this.#waiters.findIndex((w) => w.endpoint === endpoint);
    if (i < 0) return;
    const [w] = this.#waiters.splice(i, 1);
    w?.resolve(data);
  }
}
