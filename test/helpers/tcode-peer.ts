// A simulated TCode device on the peer side of a PtyPair: it reads what the server writes, split
// into newline-terminated commands, and can send bytes back. It keeps every byte received so
// tests assert exact bytes, and lets them await the next command instead of sleeping.

import { SerialPort } from 'serialport';

interface Waiter {
  readonly resolve: (line: string) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class TCodePeer {
  /** Every byte received, in order. */
  readonly received: number[] = [];
  /** Complete commands received, each with its trailing "\n". */
  readonly lines: string[] = [];
  #partial = '';
  #read = 0;
  readonly #waiters: Waiter[] = [];
  readonly closed: Promise<void>;

  private constructor(private readonly port: SerialPort) {
    port.on('data', (chunk: Buffer) => this.#onData(chunk));
    port.on('error', () => {}); // the far side going away is what some tests do on purpose
    this.closed = new Promise((resolve) => port.once('close', () => resolve()));
  }

  static async open(peerPath: string): Promise<TCodePeer> {
    const port = new SerialPort({ path: peerPath, baudRate: 115_200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    return new TCodePeer(port);
  }

  #onData(chunk: Buffer): void {
    this.received.push(...chunk);
    this.#partial += chunk.toString('latin1');
    let nl: number;
    while ((nl = this.#partial.indexOf('\n')) >= 0) {
      this.lines.push(this.#partial.slice(0, nl + 1));
      this.#partial = this.#partial.slice(nl + 1);
    }
    while (this.#waiters.length > 0 && this.#read < this.lines.length) {
      const w = this.#waiters.shift() as Waiter;
      clearTimeout(w.timer);
      w.resolve(this.lines[this.#read++] as string);
    }
  }

  /** The next command not yet returned by nextLine, waiting for it up to `timeoutMs`. */
  nextLine(timeoutMs = 3_000): Promise<string> {
    if (this.#waiters.length === 0 && this.#read < this.lines.length)
      return Promise.resolve(this.lines[this.#read++] as string);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(
          new Error(
            `no TCode command within ${timeoutMs} ms; received so far: ${JSON.stringify(Buffer.from(this.received).toString('latin1'))}`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = { resolve, reject, timer };
      this.#waiters.push(waiter);
    });
  }

  /** Commands received but not yet returned by nextLine. */
  unread(): string[] {
    return this.lines.slice(this.#read);
  }

  /** Send bytes to the server (what a device reports back). */
  send(data: string | Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.port.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data), (err) =>
        err ? reject(err) : resolve(),
      );
    });
  }

  close(): Promise<void> {
    if (!this.port.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.port.close(() => resolve()));
  }
}
