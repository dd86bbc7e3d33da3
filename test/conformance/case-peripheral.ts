// The simulated peripheral of one device of a case (docs/simulated-devices.md), on top of the
// shared SimPeripheral helper. It keeps the hardware operations the server asks for (write,
// subscribe, unsubscribe) as one ordered stream, since a case asserts them in order across kinds,
// and answers `read` frames from the case's !Reads in FIFO order, as upstream's test device does
// (reads are answered, not asserted: upstream's device never reports them as commands).

import { SimPeripheral, type HelloBody } from '../helpers/sim-peripheral.js';
import type { EndpointData, HwOp } from './device-case.js';

type Body = Record<string, unknown>;

export class CasePeripheral {
  readonly problems: string[] = [];
  #ops: HwOp[] = [];
  #opWaiter: ((op: HwOp) => void) | undefined;
  #reads: EndpointData[] = [];
  #pendingReads: { id: unknown; endpoint: string }[] = [];
  #accepted: Promise<Body>;
  #ready: Promise<Body>;

  private constructor(readonly sim: SimPeripheral) {
    let onAccepted!: (b: Body) => void;
    let onReady!: (b: Body) => void;
    let onRejected!: (e: Error) => void;
    const rejected = new Promise<never>((_, reject) => (onRejected = reject));
    rejected.catch(() => {});
    this.#accepted = Promise.race([new Promise<Body>((r) => (onAccepted = r)), rejected]);
    this.#ready = Promise.race([new Promise<Body>((r) => (onReady = r)), rejected]);
    this.#accepted.catch(() => {});
    this.#ready.catch(() => {});
    sim.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Record<string, Body>;
      const [kind, body] = Object.entries(frame)[0] as [string, Body];
      switch (kind) {
        case 'accepted':
          return onAccepted(body);
        case 'ready':
          return onReady(body);
        case 'rejected':
          return onRejected(new Error(`peripheral rejected: ${JSON.stringify(body)}`));
        case 'write':
          return this.#pushOp({
            kind: 'write',
            endpoint: body.endpoint as string,
            data: body.data as number[],
            withResponse: body.withResponse as boolean,
          });
        case 'subscribe':
          return this.#pushOp({ kind: 'subscribe', endpoint: body.endpoint as string });
        case 'unsubscribe':
          return this.#pushOp({ kind: 'unsubscribe', endpoint: body.endpoint as string });
        case 'read':
          this.#pendingReads.push({ id: body.id, endpoint: body.endpoint as string });
          return this.#answerReads();
        default:
          this.problems.push(`unexpected frame ${data.toString()}`);
      }
    });
    void sim.closed.then(() => onRejected(new Error('the server closed the peripheral socket')));
  }

  static async open(url: string, hello: HelloBody): Promise<CasePeripheral> {
    const sim = await SimPeripheral.connect(url);
    const p = new CasePeripheral(sim);
    sim.send({ hello: { version: 1, transport: 'btle', ...hello } });
    return p;
  }

  accepted(timeoutMs: number): Promise<Body> {
    return withTimeout(this.#accepted, timeoutMs, 'no "accepted" frame after the hello');
  }

  ready(timeoutMs: number): Promise<Body> {
    return withTimeout(
      this.#ready,
      timeoutMs,
      () => `no "ready" frame; operations not yet asserted: ${JSON.stringify(this.#ops)}`,
    );
  }

  /** The next hardware operation, in the order the server sent them. */
  nextOp(timeoutMs: number): Promise<HwOp> {
    const op = this.#ops.shift();
    if (op) return Promise.resolve(op);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#opWaiter = undefined;
        reject(new Error(`no hardware operation within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#opWaiter = (o) => {
        clearTimeout(timer);
        resolve(o);
      };
    });
  }

  /** Operations that arrived and were not asserted. */
  unconsumedOps(): readonly HwOp[] {
    return this.#ops;
  }

  notify(item: EndpointData): void {
    this.sim.send({ notify: { endpoint: item.endpoint, data: [...item.data] } });
  }

  queueReads(items: readonly EndpointData[]): void {
    this.#reads.push(...items);
    this.#answerReads();
  }

  close(): Promise<unknown> {
    this.sim.close();
    return this.sim.closed;
  }

  terminate(): void {
    this.sim.terminate();
  }

  #pushOp(op: HwOp): void {
    const waiter = this.#opWaiter;
    if (waiter) {
      this.#opWaiter = undefined;
      waiter(op);
    } else {
      this.#ops.push(op);
    }
  }

  #answerReads(): void {
    while (this.#pendingReads.length > 0 && this.#reads.length > 0) {
      const req = this.#pendingReads.shift()!;
      const answer = this.#reads.shift()!;
      if (answer.endpoint !== req.endpoint) {
        // Upstream's test device fails such a read; leaving it unanswered fails it here too.
        this.problems.push(
          `read on endpoint ${req.endpoint}, but the case's next !Reads answer is for ${answer.endpoint}`,
        );
        continue;
      }
      this.sim.send({ readResult: { id: req.id, data: [...answer.data] } });
    }
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string | (() => string)): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${typeof what === 'string' ? what : what()} (within ${ms} ms)`)),
      ms,
    );
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
