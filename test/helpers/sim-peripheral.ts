// A simulated peripheral for tests (docs/simulated-devices.md): one WebSocket to the simulated
// device bus, every server frame kept in order, waits on frames instead of sleeps, and optional
// auto-answers to writes (a Lovense toy answers "DeviceType;" with a notify on rx) and reads.

import WebSocket from 'ws';

export interface Frame {
  readonly kind: string;
  readonly body: Record<string, unknown>;
}

export interface HelloBody {
  version?: unknown;
  transport?: unknown;
  name?: unknown;
  address?: unknown;
  services?: unknown;
  manufacturerData?: unknown;
  endpoints?: unknown;
  [extra: string]: unknown;
}

type Waiter = { pred: (f: Frame) => boolean; resolve: (f: Frame) => void };

export class SimPeripheral {
  /** Every frame the server sent, in order. */
  readonly frames: Frame[] = [];
  /** Reply to a write whose bytes decode to this text with a notify of the value on `endpoint`. */
  readonly answers = new Map<string, { endpoint: string; text: string }>();
  /** Answer a read of this endpoint with these bytes. */
  readonly reads = new Map<string, number[]>();
  readonly closed: Promise<{ code: number; reason: string }>;
  #consumed = new Set<Frame>();
  #waiters: Waiter[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) throw new Error('the simulated bus sent a binary frame');
      const obj = JSON.parse(data.toString()) as Record<string, Record<string, unknown>>;
      const keys = Object.keys(obj);
      if (keys.length !== 1) throw new Error(`frame with ${keys.length} keys: ${data.toString()}`);
      const kind = keys[0] as string;
      const frame: Frame = { kind, body: obj[kind] as Record<string, unknown> };
      this.frames.push(frame);
      this.#autoAnswer(frame);
      this.#waiters = this.#waiters.filter((w) => {
        if (this.#consumed.has(frame) || !w.pred(frame)) return true;
        this.#consumed.add(frame);
        w.resolve(frame);
        return false;
      });
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static connect(url: string): Promise<SimPeripheral> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const p = new SimPeripheral(ws);
      ws.once('open', () => resolve(p));
      ws.once('error', reject);
    });
  }

  /** Connect and send a hello: version 1, btle, plus `hello`'s fields. */
  static async hello(url: string, hello: HelloBody): Promise<SimPeripheral> {
    const p = await SimPeripheral.connect(url);
    p.send({ hello: { version: 1, transport: 'btle', ...hello } });
    return p;
  }

  /**
   * A Lovense toy on the simulated bus that answers like the real thing: "DeviceType;" with
   * `<letter>:11:0082059AD3BD;` (Z = Hush, P = Edge, F = Ridge …) and "Battery;" with `battery`.
   */
  static lovense(
    simPort: number,
    opts: { address: string; letter?: string; battery?: string },
  ): Promise<SimPeripheral> {
    const letter = opts.letter ?? 'Z';
    return SimPeripheral.connect(`ws://127.0.0.1:${simPort}`).then((p) => {
      p.answers.set('DeviceType;', { endpoint: 'rx', text: `${letter}:11:0082059AD3BD;` });
      p.answers.set('Battery;', { endpoint: 'rx', text: opts.battery ?? '85;' });
      p.send({ hello: { version: 1, transport: 'btle', name: `LVS-${letter}36`, address: opts.address } });
      return p;
    });
  }

  /**
   * A Lovense toy (as lovense()) once the server has it ready, with its device index. While the
   * simulated bus is not listening (its worker is restarting), connecting is retried for up to
   * `retryMs`.
   */
  static async readyLovense(
    simPort: number,
    opts: { address: string; letter?: string; battery?: string },
    retryMs = 0,
  ): Promise<{ p: SimPeripheral; index: number }> {
    const deadline = Date.now() + retryMs;
    for (;;) {
      let p: SimPeripheral;
      try {
        p = await SimPeripheral.lovense(simPort, opts);
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const ready = await p.next('ready');
      return { p, index: ready.deviceIndex as number };
    }
  }

  send(frame: object): void {
    this.ws.send(JSON.stringify(frame));
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  notify(endpoint: string, data: number[] | string): void {
    const bytes = typeof data === 'string' ? [...Buffer.from(data)] : data;
    this.send({ notify: { endpoint, data: bytes } });
  }

  /**
   * The next frame of `kind` (matching `pred`) not returned before, already received or yet to
   * come. Rejects after `timeoutMs`, naming what did arrive.
   */
  next(
    kind: string,
    pred: (body: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Record<string, unknown>> {
    const match = (f: Frame) => f.kind === kind && pred(f.body);
    const have = this.frames.find((f) => !this.#consumed.has(f) && match(f));
    if (have) {
      this.#consumed.add(have);
      return Promise.resolve(have.body);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`no '${kind}' frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      const waiter: Waiter = {
        pred: match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f.body);
        },
      };
      this.#waiters.push(waiter);
    });
  }

  /** Forget every frame received so far: next() only returns frames that come after this call. */
  skipReceived(): void {
    for (const f of this.frames) this.#consumed.add(f);
  }

  /** The next write frame, with its bytes decoded as text. */
  async nextWrite(
    timeoutMs?: number,
  ): Promise<{ endpoint: string; text: string; data: number[]; withResponse: boolean }> {
    const b = await this.next('write', undefined, timeoutMs);
    const data = b.data as number[];
    return {
      endpoint: b.endpoint as string,
      text: Buffer.from(data).toString(),
      data,
      withResponse: b.withResponse as boolean,
    };
  }

  /** The next write that is not a query the peripheral answers (Lovense "Battery;", "DeviceType;"), as text. */
  async nextOutput(timeoutMs?: number): Promise<string> {
    const b = await this.next(
      'write',
      (w) => !this.answers.has(Buffer.from(w.data as number[]).toString()),
      timeoutMs,
    );
    return Buffer.from(b.data as number[]).toString();
  }

  /** Every write frame so far, as text. */
  writes(): string[] {
    return this.frames
      .filter((f) => f.kind === 'write')
      .map((f) => Buffer.from(f.body.data as number[]).toString());
  }

  close(): void {
    this.ws.close();
  }

  /** Drop the TCP connection without a close handshake. */
  terminate(): void {
    this.ws.terminate();
  }

  #autoAnswer(frame: Frame): void {
    if (frame.kind === 'read') {
      const data = this.reads.get(frame.body.endpoint as string);
      if (data) this.send({ readResult: { id: frame.body.id, data } });
      return;
    }
    if (frame.kind !== 'write') return;
    const answer = this.answers.get(Buffer.from(frame.body.data as number[]).toString());
    if (answer) this.notify(answer.endpoint, answer.text);
  }
}

export { freePort } from './server-process.js';
