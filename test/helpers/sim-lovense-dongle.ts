// A simulated Lovense USB dongle: the dongle's line protocol (src/workers/lovense-dongle/
// dongle-messages.ts) with toys behind it, independent of how it is plugged in. SerialDonglePeer
// below puts it on the peer side of a PtyPair; the HID tests put it behind a fake node-hid.
//
// It behaves as the reference describes the dongle: "statuss" is answered with a status 202 for
// each toy already connected; "search" is answered 205 and then reports one toy in range as
// "toyData"; "stopSearch" is answered 200, then the search's 206, and the toy it reported is
// connected; a "command" for a connected toy is answered with the toy's reply as "toyData". Like
// the real dongle it drops a line that arrives within `dropWithinMs` of the previous one (the
// quirk the bus paces its writes for), and records it as dropped so tests can say so. Arrival is
// stamped on this process's event loop, so a busy test process can bunch lines up: the window is
// well under the bus's 75 ms gap, and tests look for drops only where they drive the dongle.

import { SerialPort } from 'serialport';

export interface SimToy {
  readonly id: string;
  /** The answer to "DeviceType;", e.g. "Z:11:0082059AD3BD;" (a Hush). */
  readonly deviceType: string;
  readonly battery?: number;
}

export interface ReceivedFrame {
  /** performance.now() when the line was complete. */
  readonly at: number;
  readonly text: string;
  readonly dropped: boolean;
}

interface Waiter {
  readonly pred: (f: ReceivedFrame) => boolean;
  readonly resolve: (f: ReceivedFrame) => void;
  readonly timer: NodeJS.Timeout;
}

/** Within this many ms of the previous line, the simulated dongle drops a line. */
export const SIM_DROP_WITHIN_MS = 40;
/** How long after "search" the simulated dongle reports a toy in range. */
const FIND_DELAY_MS = 20;

export class DongleSim {
  readonly frames: ReceivedFrame[] = [];
  readonly #inRange = new Map<string, SimToy>();
  readonly #connected = new Map<string, SimToy>();
  #offered: string | null = null;
  #partial = '';
  #lastAt = -Infinity;
  #waiters: Waiter[] = [];

  constructor(
    private readonly send: (line: string) => void,
    private readonly dropWithinMs = SIM_DROP_WITHIN_MS,
  ) {}

  /** A toy switched on near the dongle; `connected`: the dongle already holds it. */
  addToy(toy: SimToy, connected = false): void {
    if (connected) this.#connected.set(toy.id, toy);
    else this.#inRange.set(toy.id, toy);
  }

  /** The toy was switched off: the dongle reports status 403 for it. */
  removeToy(id: string): void {
    this.#inRange.delete(id);
    if (this.#connected.delete(id)) this.#reply({ type: 'toy', func: 'status', data: { id, status: 403 } });
  }

  get connectedIds(): string[] {
    return [...this.#connected.keys()];
  }

  /** Lines dropped from frame number `from` on (frames.length before the test drove the dongle). */
  droppedSince(from: number): ReceivedFrame[] {
    return this.frames.slice(from).filter((f) => f.dropped);
  }

  /** The Lovense command strings a toy has received, in order. */
  commands(id: string): string[] {
    return this.frames
      .filter((f) => !f.dropped)
      .flatMap((f) => {
        const m = JSON.parse(f.text) as { func?: string; id?: string; cmd?: string };
        return m.func === 'command' && m.id === id && typeof m.cmd === 'string' ? [m.cmd] : [];
      });
  }

  /** The next line received (dropped or not) that matches, waiting up to `timeoutMs`. */
  nextFrame(pred: (f: ReceivedFrame) => boolean, timeoutMs = 5_000, after = 0): Promise<ReceivedFrame> {
    const have = this.frames.slice(after).find(pred);
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `no matching dongle line within ${timeoutMs} ms; got ${this.frames.map((f) => f.text.trim()).join(' | ')}`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = { pred, resolve, timer };
      this.#waiters.push(waiter);
    });
  }

  /** The next command frame carrying `cmd` for toy `id`. */
  nextCommand(id: string, cmd: string, timeoutMs = 5_000, after = 0): Promise<ReceivedFrame> {
    const wanted = JSON.stringify({ type: 'toy', func: 'command', id, cmd }) + '\r\n';
    return this.nextFrame((f) => f.text === wanted, timeoutMs, after);
  }

  /** Bytes from the host (any chunking). */
  receive(chunk: string): void {
    this.#partial += chunk;
    let nl: number;
    while ((nl = this.#partial.indexOf('\n')) >= 0) {
      const text = this.#partial.slice(0, nl + 1);
      this.#partial = this.#partial.slice(nl + 1);
      this.#line(text);
    }
  }

  #line(text: string): void {
    const at = performance.now();
    const dropped = at - this.#lastAt < this.dropWithinMs;
    this.#lastAt = at;
    const frame: ReceivedFrame = { at, text, dropped };
    this.frames.push(frame);
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.pred(frame)) return true;
      clearTimeout(w.timer);
      w.resolve(frame);
      return false;
    });
    if (dropped) return;
    let m: { type?: string; func?: string; id?: string; cmd?: string };
    try {
      m = JSON.parse(text) as typeof m;
    } catch {
      this.#reply({ type: 'usb', func: 'error', result: 400 });
      return;
    }
    switch (m.func) {
      case 'statuss':
        for (const id of this.#connected.keys())
          this.#reply({ type: 'toy', func: 'status', data: { id, status: 202 } });
        return;
      case 'search': {
        this.#reply({ type: 'toy', func: 'search', result: 205 });
        const next = [...this.#inRange.keys()].find((id) => !this.#connected.has(id));
        if (next === undefined) return;
        this.#offered = next;
        setTimeout(() => this.#reply({ type: 'toy', func: 'toyData', data: { id: next } }), FIND_DELAY_MS);
        return;
      }
      case 'stopSearch': {
        this.#reply({ type: 'usb', func: 'stopSearch', result: 200 });
        const offered = this.#offered;
        this.#offered = null;
        const toy = offered === null ? undefined : this.#inRange.get(offered);
        if (toy !== undefined) this.#connected.set(toy.id, toy);
        this.#reply({ type: 'toy', func: 'search', result: 206 });
        return;
      }
      case 'command': {
        const toy = m.id === undefined ? undefined : this.#connected.get(m.id);
        if (toy === undefined) {
          this.#reply({ type: 'toy', func: 'command', result: 404 });
          return;
        }
        const answer =
          m.cmd === 'DeviceType;' ? toy.deviceType : m.cmd === 'Battery;' ? `${toy.battery ?? 100};` : 'OK;';
        this.#reply({ type: 'toy', func: 'toyData', data: { id: toy.id, data: answer } });
        return;
      }
      default:
        this.#reply({ type: 'usb', func: 'error', result: 400 });
    }
  }

  #reply(msg: unknown): void {
    this.send(JSON.stringify(msg) + '\n');
  }
}

/** The simulated dongle on the peer side of a PtyPair (the serial variant). */
export class SerialDonglePeer {
  readonly sim: DongleSim;
  readonly closed: Promise<void>;

  private constructor(private readonly port: SerialPort) {
    this.sim = new DongleSim((line) => {
      if (port.isOpen) port.write(Buffer.from(line, 'latin1'));
    });
    port.on('data', (chunk: Buffer) => this.sim.receive(chunk.toString('latin1')));
    port.on('error', () => {}); // unplugging (killing socat) is what some tests do on purpose
    this.closed = new Promise((resolve) => port.once('close', () => resolve()));
  }

  static async open(peerPath: string): Promise<SerialDonglePeer> {
    const port = new SerialPort({ path: peerPath, baudRate: 115_200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    return new SerialDonglePeer(port);
  }

  close(): Promise<void> {
    if (!this.port.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.port.close(() => resolve()));
  }
}
