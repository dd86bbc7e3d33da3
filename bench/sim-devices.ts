// Simulated peripherals on thrum's simulated device bus (docs/simulated-devices.md) for the
// benchmarks. Each timestamps every write it receives, so a benchmark can count writes per second
// and see which values each carried.
//   SimHush          a Lovense Hush: answers "DeviceType;" as a Hush (Z) does and "Battery;" with 85.
//   SimDoubleDesire  a Satisfyer Double Desire: two vibrators whose speeds go in one tx packet
//                    (each four times); answers the model read (10160) the protocol identifies it by.

import WebSocket from 'ws';

export interface DeviceWrite {
  /** performance.now() on arrival. */
  readonly at: number;
  readonly endpoint: string;
  readonly data: readonly number[];
  readonly text: string;
}

interface Behaviour {
  readonly hello: Record<string, unknown>;
  /** Answer to a read of an endpoint. */
  readonly reads?: Readonly<Record<string, readonly number[]>>;
  /** Notify on rx with the value when a write's text is the key. */
  readonly answers?: Readonly<Record<string, string>>;
}

export class SimDevice {
  readonly writes: DeviceWrite[] = [];
  deviceIndex = -1;
  /** Called on every write after it is recorded (the coalescing benchmark reacts to writes). */
  onWrite: ((w: DeviceWrite) => void) | null = null;

  protected constructor(private readonly ws: WebSocket) {}

  /** Connect, say hello, and resolve once the server reports the device ready. */
  protected static connect<T extends SimDevice>(
    make: (ws: WebSocket) => T,
    simPort: number,
    behaviour: Behaviour,
    timeoutMs: number,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${simPort}`, { perMessageDeflate: false });
      const device = make(ws);
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`simulated ${String(behaviour.hello.name)} not ready within ${timeoutMs} ms`));
      }, timeoutMs);
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.on('open', () => send(ws, { hello: { version: 1, transport: 'btle', ...behaviour.hello } }));
      ws.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as Record<string, Record<string, unknown>>;
        const [kind, body] = Object.entries(frame)[0] ?? ['', {}];
        if (kind === 'write') {
          const data = body.data as number[];
          const w: DeviceWrite = {
            at: performance.now(),
            endpoint: body.endpoint as string,
            data,
            text: Buffer.from(data).toString(),
          };
          device.writes.push(w);
          const answer = behaviour.answers?.[w.text];
          if (answer !== undefined) send(ws, { notify: { endpoint: 'rx', data: [...Buffer.from(answer)] } });
          device.onWrite?.(w);
        } else if (kind === 'read') {
          send(ws, { readResult: { id: body.id, data: behaviour.reads?.[body.endpoint as string] ?? [] } });
        } else if (kind === 'ready') {
          clearTimeout(timer);
          device.deviceIndex = body.deviceIndex as number;
          resolve(device);
        } else if (kind === 'rejected') {
          clearTimeout(timer);
          reject(new Error(`simulated ${String(behaviour.hello.name)} rejected: ${JSON.stringify(body)}`));
        }
      });
    });
  }

  /** Writes received in [from, to). */
  countWrites(from: number, to: number): number {
    let n = 0;
    for (const w of this.writes) if (w.at >= from && w.at < to) n++;
    return n;
  }

  close(): void {
    this.ws.terminate();
  }
}

function send(ws: WebSocket, frame: object): void {
  ws.send(JSON.stringify(frame));
}

export class SimHush extends SimDevice {
  static attach(simPort: number, address = 'bench-1', timeoutMs = 10_000): Promise<SimHush> {
    return SimDevice.connect(
      (ws) => new SimHush(ws),
      simPort,
      {
        hello: { name: 'LVS-Z36', address },
        answers: { 'DeviceType;': 'Z:11:0082059AD3BD;', 'Battery;': '85;' },
      },
      timeoutMs,
    );
  }
}

export class SimDoubleDesire extends SimDevice {
  static attach(simPort: number, address: string, timeoutMs = 10_000): Promise<SimDoubleDesire> {
    return SimDevice.connect(
      (ws) => new SimDoubleDesire(ws),
      simPort,
      { hello: { name: 'SF Double', address }, reads: { rxblemodel: [0x00, 0x00, 0x27, 0xb0] } },
      timeoutMs,
    );
  }
}
