// A uWebSockets.js server inside a bus worker that peripherals connect to, one per WebSocket
// connection (the simulated bus and the websocket device bus). It owns the sockets: it makes one
// connection object per socket through the bus's `accept`, routes frames and the close event to
// it, and shuts every connection down on close() or abort(). What a connection says and when it
// closes (handshakes, close codes, timeouts) is the bus's business, not this module's.

import type { WebSocket, WebSocketBehavior, us_listen_socket } from 'uWebSockets.js';
import { boundPort, listenExclusive, type Uws } from '../platform/uws-native.js';
import type { BusContext } from './bus.js';

/** A listening bus's options, widened from its `as const` defaults. */
export type ListenerOptions<D> = { -readonly [K in keyof D]: D[K] extends string ? string : number };

/**
 * A listening bus's settings over its defaults: `host` a non-empty string, `port` 0–65535, every
 * other key a positive integer (milliseconds). Returns the problem, naming `bus`, if one is bad.
 */
export function listenerOptions<
  D extends Readonly<Record<string, string | number>> & { readonly host: string; readonly port: number },
>(defaults: D, settings: BusContext['settings'], bus: string): ListenerOptions<D> | string {
  const o: Record<string, string | number> = { ...defaults };
  for (const key of Object.keys(defaults)) {
    const v = settings[key];
    if (v === undefined) continue;
    if (key === 'host') {
      if (typeof v !== 'string' || v === '') return `${bus} setting 'host' must be a non-empty string`;
      o[key] = v;
    } else {
      const max = key === 'port' ? 65535 : 2 ** 31 - 1;
      const min = key === 'port' ? 0 : 1;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
        return `${bus} setting '${key}' must be an integer ${min}-${max}`;
      o[key] = v;
    }
  }
  return o as ListenerOptions<D>;
}

/** What the server needs of the bus's per-socket object. */
export interface PeripheralConnection {
  /** A frame arrived. `message` is valid only during this call: decode or copy it now. */
  message(message: ArrayBuffer, isBinary: boolean): void;
  /** uWS close event: the peer disconnected, or we closed the socket. */
  socketClosed(): void;
  /** Close with a close frame. */
  end(code: number, reason: string): void;
  /** Close at once, without a close frame (fatal exit). */
  kill(): void;
}

/** Per-socket user data: the connection, set as soon as the socket opens. */
interface SocketData<C> {
  conn: C | null;
}

export type PeripheralSocket<C> = WebSocket<SocketData<C>>;

export interface PeripheralServerOptions<C extends PeripheralConnection> {
  readonly host: string;
  /** 0 picks a free port (see `port` after listen()). */
  readonly port: number;
  /** Seconds of silence before uWS pings the peer; it drops a peer that does not pong. */
  readonly idleTimeout: number;
  readonly maxPayloadLength: number;
  /** Bytes buffered for a peer that is not reading before uWS drops what we send it. */
  readonly maxBackpressure: number;
  /** Body of the 426 answer to a plain HTTP request. */
  readonly upgradeRequiredBody: string;
  /** Makes the connection object for a socket that just opened. */
  readonly accept: (ws: PeripheralSocket<C>) => C;
}

/** Close code for connections ended by close() (RFC 6455 §7.4.1, going away). */
const CLOSE_GOING_AWAY = 1001;
/** How long close() waits after ending every connection before the thread may end. */
const CLOSE_SETTLE_MS = 50;

export class WsPeripheralServer<C extends PeripheralConnection> {
  readonly #uws: Uws;
  readonly #opts: PeripheralServerOptions<C>;
  readonly #connections = new Set<C>();
  #listenSocket: us_listen_socket | null = null;
  #port = 0;

  constructor(uws: Uws, opts: PeripheralServerOptions<C>) {
    this.#uws = uws;
    this.#opts = opts;
  }

  /** The bound port, once listen() succeeded. */
  get port(): number {
    return this.#port;
  }

  /** False when the port is taken or the address is not available. */
  async listen(): Promise<boolean> {
    // One behaviour object for every socket; per-socket state lives in the user data.
    const behavior: WebSocketBehavior<SocketData<C>> = {
      maxPayloadLength: this.#opts.maxPayloadLength,
      maxBackpressure: this.#opts.maxBackpressure,
      idleTimeout: this.#opts.idleTimeout,
      sendPingsAutomatically: true,
      upgrade: (res, req, context) => {
        res.upgrade<SocketData<C>>(
          { conn: null },
          req.getHeader('sec-websocket-key'),
          req.getHeader('sec-websocket-protocol'),
          req.getHeader('sec-websocket-extensions'),
          context,
        );
      },
      open: (ws) => {
        const conn = this.#opts.accept(ws);
        ws.getUserData().conn = conn;
        this.#connections.add(conn);
      },
      message: socketOnMessage,
      close: (ws) => {
        const conn = ws.getUserData().conn;
        if (conn === null) return;
        this.#connections.delete(conn);
        conn.socketClosed();
      },
    };
    const body = this.#opts.upgradeRequiredBody;
    const app = this.#uws
      .App()
      .ws<SocketData<C>>('/*', behavior)
      .any('/*', (res) => {
        res.writeStatus('426 Upgrade Required').end(body);
      });
    const token = await listenExclusive(this.#uws, app, this.#opts.host, this.#opts.port);
    if (token === false) return false;
    this.#listenSocket = token;
    this.#port = boundPort(this.#uws, token);
    return true;
  }

  /** Stop listening and end every connection with a close frame. */
  async close(): Promise<void> {
    this.#closeListener();
    for (const conn of [...this.#connections]) conn.end(CLOSE_GOING_AWAY, 'server shutting down');
    // uWS calls the close handler inside end(), but finishes closing the socket over the next
    // loop iterations; a thread that ends before that crashes the process (measured on Node 20:
    // exit or terminate right after end() segfaults; 5 ms later it does not, even when the peer
    // never answers the close frame). Give it a margin.
    await new Promise((resolve) => setTimeout(resolve, CLOSE_SETTLE_MS));
  }

  /**
   * Release every native handle synchronously, before a fatal exit: a worker thread that ends
   * with a uWS socket open aborts the whole process (Bus.abort in bus.ts). No close handshake.
   */
  abort(): void {
    this.#closeListener();
    for (const conn of [...this.#connections]) conn.kill();
  }

  #closeListener(): void {
    if (this.#listenSocket !== null) {
      this.#uws.us_listen_socket_close(this.#listenSocket);
      this.#listenSocket = null;
    }
  }
}

function socketOnMessage<C extends PeripheralConnection>(
  ws: PeripheralSocket<C>,
  message: ArrayBuffer,
  isBinary: boolean,
): void {
  ws.getUserData().conn?.message(message, isBinary);
}
