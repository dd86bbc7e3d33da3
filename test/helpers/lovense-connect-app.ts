// A local HTTP server playing the Lovense Connect phone app (its local service): GET /GetToys
// answers the toy list in the app's shape, every other GET is a command, recorded with its exact
// path and query and answered as the app does. It can also play the Lovense API's discovery
// endpoint (/api/lan/getToys), pointing at itself. stop() is the phone going away: the listener
// and every kept-alive connection close, so the next request fails.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AppToy {
  readonly id: string;
  /** The toy type ("Nora", "Lush", …). */
  readonly name: string;
  /** 1 while connected to the phone (the app sends a number), 0 after. */
  status: 0 | 1;
  battery: number | null;
}

export const DISCOVERY_PATH = '/api/lan/getToys';

export class LovenseConnectApp {
  readonly toys = new Map<string, AppToy>();
  /** Every request's path and query, in order (GetToys polls included). */
  readonly requests: string[] = [];
  /** Drop the connection on every command instead of answering (an app that breaks mid-way). */
  dropCommands = false;
  #server: Server | null = null;
  #port = 0;
  #waiters: Array<() => void> = [];

  /** `port` 0 lets the OS pick; a port of an earlier app is the phone coming back. */
  static async start(port = 0): Promise<LovenseConnectApp> {
    const app = new LovenseConnectApp();
    const server = createServer((req, res) => app.#answer(req, res));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    app.#server = server;
    app.#port = (server.address() as AddressInfo).port;
    return app;
  }

  get port(): number {
    return this.#port;
  }

  /** The app's base URL, as --lovense-connect-address takes it. */
  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** The discovery endpoint's URL (the Lovense API stand-in). */
  get discoveryUrl(): string {
    return `${this.url}${DISCOVERY_PATH}`;
  }

  addToy(id: string, name: string, battery: number | null = 80): AppToy {
    const toy: AppToy = { id, name, status: 1, battery };
    this.toys.set(id, toy);
    return toy;
  }

  /** Commands (every request but the toy list and discovery), in order. */
  commands(): string[] {
    return this.requests.filter((r) => r !== '/GetToys' && r !== DISCOVERY_PATH);
  }

  /** Resolves with the first command at or after position `from` that `pred` accepts. */
  async nextCommand(pred: (path: string) => boolean, from = 0, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.commands().slice(from).find(pred);
      if (hit !== undefined) return hit;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no such command within ${timeoutMs} ms; got ${JSON.stringify(this.commands())}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The phone goes away: nothing answers on its port any more. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (server === null) return;
    this.#server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  #answer(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    this.requests.push(path);
    for (const w of this.#waiters.splice(0)) w();
    res.setHeader('Content-Type', 'application/json');
    if (path === '/GetToys') {
      const data = Object.fromEntries(
        [...this.toys].map(([id, t]) => [
          id,
          { id, name: t.name, nickName: '', status: t.status, version: '3', battery: t.battery },
        ]),
      );
      res.end(JSON.stringify({ type: 'OK', code: 200, data }));
      return;
    }
    if (path === DISCOVERY_PATH) {
      // Keyed by the phone's lovense.club name, the address with dashes; `toys` as the API sends it.
      res.end(
        JSON.stringify({
          '127-0-0-1.lovense.club': {
            deviceId: 'fake',
            domain: '127-0-0-1.lovense.club',
            httpPort: this.#port,
            wsPort: 0,
            httpsPort: 0,
            wssPort: 0,
            toys: {},
          },
        }),
      );
      return;
    }
    if (this.dropCommands) {
      req.socket.destroy();
      return;
    }
    res.end(JSON.stringify({ type: 'OK', code: 200 }));
  }
}
