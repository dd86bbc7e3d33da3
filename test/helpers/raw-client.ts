// A bare Buttplug JSON client for tests: sends message arrays over a real WebSocket, matches
// replies by Id, and keeps every server message so tests can wait for events.

import { pack, unpack } from 'msgpackr';
import WebSocket from 'ws';

export type Msg = Record<string, Record<string, unknown>>;

export class RawClient {
  readonly received: Msg[] = [];
  private waiters: Array<{ pred: (m: Msg) => boolean; resolve: (m: Msg) => void }> = [];
  private nextId = 1;
  closed: Promise<{ code: number; reason: string }>;

  /** Binary frames received on a JSON connection and text frames on a msgpack one. */
  readonly wrongKindFrames: unknown[] = [];

  /** Every frame as received, parsed or not (only when connected with keepFrames). */
  readonly frames: Array<{ readonly data: Buffer; readonly binary: boolean }> = [];

  /** Socket errors after the connection opened (a reset, a frame ws refuses); close follows. */
  readonly errors: Error[] = [];

  private constructor(
    readonly ws: WebSocket,
    /** Speak msgpack binary frames instead of JSON text frames. */
    readonly msgpack = false,
    keepFrames = false,
  ) {
    ws.on('message', (data, isBinary) => {
      if (keepFrames) this.frames.push({ data: data as Buffer, binary: isBinary });
      if (isBinary !== this.msgpack) {
        this.wrongKindFrames.push(data);
        return;
      }
      let parsed: unknown;
      try {
        parsed = isBinary ? unpack(data as Buffer) : JSON.parse(data.toString());
      } catch {
        return;
      }
      for (const m of parsed as Msg[]) {
        this.received.push(m);
        this.waiters = this.waiters.filter((w) => {
          if (!w.pred(m)) return true;
          w.resolve(m);
          return false;
        });
      }
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  /** `options` go to the ws client (headers, TLS trust, autoPong …); `keepFrames` keeps every frame as received. */
  static connect(
    url: string,
    msgpack = false,
    options?: WebSocket.ClientOptions & { keepFrames?: boolean },
  ): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const { keepFrames, ...wsOptions } = options ?? {};
      const ws = new WebSocket(url, wsOptions);
      const client = new RawClient(ws, msgpack, keepFrames);
      ws.once('open', () => {
        ws.on('error', (err) => client.errors.push(err));
        resolve(client);
      });
      ws.once('error', reject);
    });
  }

  /** Connect and shake hands at `version` (0 sends no version field). */
  static async handshake(
    url: string,
    version: number,
    name = 'test client',
    msgpack = false,
    options?: WebSocket.ClientOptions,
  ): Promise<RawClient> {
    const c = await RawClient.connect(url, msgpack, options);
    const body: Record<string, unknown> = { ClientName: name };
    if (version >= 4) {
      body.ProtocolVersionMajor = version;
      body.ProtocolVersionMinor = 0;
    } else if (version >= 1) body.MessageVersion = version;
    const reply = await c.request('RequestServerInfo', body);
    if (!('ServerInfo' in reply)) throw new Error(`handshake failed: ${JSON.stringify(reply)}`);
    return c;
  }

  sendRaw(text: string | Buffer): void {
    this.ws.send(text);
  }

  /** Send one message and resolve with the reply carrying its Id. */
  request(type: string, body: Record<string, unknown> = {}, id = this.nextId++): Promise<Msg> {
    const wait = this.waitFor((m) => Object.values(m)[0]?.Id === id);
    const frame = [{ [type]: { Id: id, ...body } }];
    this.ws.send(this.msgpack ? pack(frame) : JSON.stringify(frame));
    return wait;
  }

  waitFor(pred: (m: Msg) => boolean, timeoutMs = 5000): Promise<Msg> {
    const found = this.received.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out; received: ${JSON.stringify(this.received).slice(-2000)}`)),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Wait for a message of `type` that arrived after the call. */
  nextOfType(type: string, timeoutMs = 5000): Promise<Msg> {
    const seen = this.received.length;
    return this.waitFor((m) => type in m && this.received.indexOf(m) >= seen, timeoutMs);
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}
