// A simulated Lovense Hush on thrum's simulated device bus (docs/simulated-devices.md): answers
// "DeviceType;" as a Hush (Z) does and "Battery;" with 85, and timestamps every write it receives
// so the benchmarks can count writes per second and see which value each carried.

import WebSocket from 'ws';

export interface DeviceWrite {
  /** performance.now() on arrival. */
  readonly at: number;
  readonly text: string;
}

export class SimHush {
  readonly writes: DeviceWrite[] = [];
  deviceIndex = -1;
  /** Called on every write after it is recorded (the coalescing benchmark reacts to writes). */
  onWrite: ((w: DeviceWrite) => void) | null = null;

  private constructor(private readonly ws: WebSocket) {}

  /** Connect, say hello, and resolve once the server reports the device ready. */
  static attach(simPort: number, address = 'bench-1', timeoutMs = 10_000): Promise<SimHush> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${simPort}`, { perMessageDeflate: false });
      const hush = new SimHush(ws);
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`simulated Hush not ready within ${timeoutMs} ms`));
      }, timeoutMs);
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.on('open', () => send(ws, { hello: { version: 1, transport: 'btle', name: 'LVS-Z36', address } }));
      ws.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as Record<string, Record<string, unknown>>;
        const [kind, body] = Object.entries(frame)[0] ?? ['', {}];
        if (kind === 'write') {
          const text = Buffer.from(body.data as number[]).toString();
          const w: DeviceWrite = { at: performance.now(), text };
          hush.writes.push(w);
          if (text === 'DeviceType;') notify(ws, 'Z:11:0082059AD3BD;');
          else if (text === 'Battery;') notify(ws, '85;');
          hush.onWrite?.(w);
        } else if (kind === 'ready') {
          clearTimeout(timer);
          hush.deviceIndex = body.deviceIndex as number;
          resolve(hush);
        } else if (kind === 'rejected') {
          clearTimeout(timer);
          reject(new Error(`simulated Hush rejected: ${JSON.stringify(body)}`));
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

function notify(ws: WebSocket, text: string): void {
  send(ws, { notify: { endpoint: 'rx', data: [...Buffer.from(text)] } });
}
