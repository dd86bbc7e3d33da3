// The websocket device bus (Intiface's "device websocket server"): a uWebSockets.js server inside
// the bus worker that devices connect to, one connection per device. This is the "finds devices"
// half; websocket-hardware.ts talks to one device.
//
// The wire, as upstream (buttplug-rs websocket_server_comm_manager.rs): the device's first frame
// is a JSON text handshake `{"identifier","address","version"}` (websocket-handshake.ts); the
// identifier picks the protocol through the websocket specifiers of the device configuration
// (user_configs.protocols.<id>.communication[].websocket.name). After that, binary frames carry
// the device protocol's bytes both ways. Upstream drops a connection whose first frame is not a
// valid handshake, silently; here it is closed with the reason in the close frame and one log
// line, and so is a device no protocol matches. Upstream waits for the handshake forever (a TODO
// there); here it is bounded.
//
// Settings (BusWorkerData.settings), defaults in WEBSOCKET_DEFAULTS:
//   host                interface to listen on (127.0.0.1; main passes 0.0.0.0 for all interfaces)
//   port                TCP port (54817); 0 picks a free one (shown in `listening`)
//   handshakeTimeoutMs  close connections that send no handshake in time (10 000)
//   readTimeoutMs       fail a read that gets no frame in time (2 000)

import { tryLoadNativeUws, type Uws } from '../../platform/uws-native.js';
import type { Advertisement, Bus, BusContext, BusHardware, Peripheral, StartBus } from '../bus.js';
import { HardwareGoneError } from '../bus.js';
import {
  listenerOptions,
  WsPeripheralServer,
  type ListenerOptions,
  type PeripheralConnection,
  type PeripheralSocket,
} from '../ws-peripheral-server.js';
import { parseHandshake, type DeviceHandshake } from './websocket-handshake.js';
import { WebsocketHardware, type DeviceLink } from './websocket-hardware.js';

export const WEBSOCKET_DEFAULTS = {
  host: '127.0.0.1',
  port: 54817,
  handshakeTimeoutMs: 10_000,
  readTimeoutMs: 2_000,
} as const;

/** Close codes (RFC 6455 §7.4.1); the server itself ends connections on close() with 1001. */
export const CLOSE_NORMAL = 1000;
/** Bad or missing handshake, a device no protocol takes, an address already connected. */
export const CLOSE_POLICY = 1008;

/** A close frame's reason may hold at most 123 bytes (RFC 6455 §5.5: 125 minus the code). */
const MAX_CLOSE_REASON_BYTES = 123;

type WebsocketOptions = ListenerOptions<typeof WEBSOCKET_DEFAULTS>;

export const startWebsocketDeviceBus: StartBus = async (ctx) => {
  const opts = listenerOptions(WEBSOCKET_DEFAULTS, ctx.settings, 'websocket device bus');
  if (typeof opts === 'string') return { unavailable: opts };
  const loaded = tryLoadNativeUws();
  if ('error' in loaded) return { unavailable: `websocket device bus: ${loaded.error}` };
  return new WebsocketCommManager(loaded.uws, ctx, opts).listen();
};

class WebsocketCommManager implements Bus {
  readonly ctx: BusContext;
  readonly opts: WebsocketOptions;
  readonly #server: WsPeripheralServer<DeviceConnection>;
  /** Connections past their handshake, by device address: one device per address at a time. */
  readonly #byAddress = new Map<string, DeviceConnection>();
  listening: string | undefined;

  constructor(uws: Uws, ctx: BusContext, opts: WebsocketOptions) {
    this.ctx = ctx;
    this.opts = opts;
    this.#server = new WsPeripheralServer<DeviceConnection>(uws, {
      host: opts.host,
      port: opts.port,
      // uWS pings an idle device and drops it when no pong comes (upstream pings every 10 s).
      idleTimeout: 30,
      maxPayloadLength: 64 * 1024,
      maxBackpressure: 1024 * 1024,
      upgradeRequiredBody: 'websocket device server: connect with a WebSocket\n',
      accept: (ws) => new DeviceConnection(ws, this, Buffer.from(ws.getRemoteAddressAsText()).toString()),
    });
  }

  async listen(): Promise<Bus | { unavailable: string }> {
    const { host, port } = this.opts;
    if (!(await this.#server.listen())) {
      return {
        unavailable: `websocket device bus cannot listen on ${host}:${port} (port in use or address not available)`,
      };
    }
    this.listening = `ws://${host}:${this.#server.port}`;
    this.ctx.log('debug', `websocket devices: listening on ${this.listening}`);
    return this;
  }

  /** Claim `address` for `conn`; false when another connection holds it. */
  claim(address: string, conn: DeviceConnection): boolean {
    const holder = this.#byAddress.get(address);
    if (holder !== undefined && holder !== conn) return false;
    this.#byAddress.set(address, conn);
    return true;
  }

  release(address: string, conn: DeviceConnection): void {
    if (this.#byAddress.get(address) === conn) this.#byAddress.delete(address);
  }

  startScanning(): void {
    // Always accepting: a device that connects and shakes hands is a device found.
  }

  async stopScanning(): Promise<void> {}

  close(): Promise<void> {
    return this.#server.close();
  }

  abort(): void {
    this.#server.abort();
  }
}

const AWAITING_HANDSHAKE = 0;
const ATTACHED = 1;
const CLOSED = 2;

/** One device connection; also the Peripheral the device runtime attaches. */
class DeviceConnection implements Peripheral, DeviceLink, PeripheralConnection {
  readonly #ws: PeripheralSocket<DeviceConnection>;
  readonly #manager: WebsocketCommManager;
  readonly #remote: string;
  #state = AWAITING_HANDSHAKE;
  #handshakeTimer: NodeJS.Timeout | null;
  #handshake: DeviceHandshake | null = null;
  #hardware: WebsocketHardware | null = null;
  #advert: Advertisement | null = null;

  constructor(ws: PeripheralSocket<DeviceConnection>, manager: WebsocketCommManager, remote: string) {
    this.#ws = ws;
    this.#manager = manager;
    this.#remote = remote;
    this.#handshakeTimer = setTimeout(wsHandshakeTimedOut, manager.opts.handshakeTimeoutMs, this);
  }

  get advert(): Advertisement {
    if (this.#advert === null) throw new Error('no handshake yet');
    return this.#advert;
  }

  log(level: 'error' | 'warn' | 'info' | 'debug', msg: string): void {
    const h = this.#handshake;
    // The worker prefixes "websocket bus: ".
    const who = h ? `device ${h.address} (${h.identifier})` : `connection from ${this.#remote}`;
    this.#manager.ctx.log(level, `${who}: ${msg}`);
  }

  /** The ArrayBuffer is only valid during this call: copy what we keep now. */
  message(message: ArrayBuffer, isBinary: boolean): void {
    if (this.#state === AWAITING_HANDSHAKE) {
      if (isBinary) this.#refuse('the first frame must be the JSON text handshake, got a binary frame');
      else this.#onHandshake(Buffer.from(message).toString('utf8'));
      return;
    }
    if (this.#state !== ATTACHED || this.#hardware === null) return;
    // Upstream takes a text frame after the handshake as the bytes of its text; so do we.
    const data = new Uint8Array(message.slice(0));
    try {
      this.#hardware.received(data);
    } catch (err) {
      // A device's own listener failed: log it, keep the bus (and the device) running.
      this.log(
        'error',
        `handling a frame failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
  }

  #onHandshake(text: string): void {
    this.#clearHandshakeTimer();
    const handshake = parseHandshake(text);
    if (typeof handshake === 'string') {
      this.#refuse(handshake);
      return;
    }
    if (!this.#manager.claim(handshake.address, this)) {
      this.#refuse(`address '${handshake.address}' is already connected`);
      return;
    }
    this.#handshake = handshake;
    this.#state = ATTACHED;
    this.#advert = {
      transport: 'websocket',
      name: handshake.identifier,
      address: handshake.address,
      services: [],
      manufacturerData: [],
    };
    this.#hardware = new WebsocketHardware(
      handshake.identifier,
      handshake.address,
      this,
      this.#manager.opts.readTimeoutMs,
    );
    this.log('debug', `handshake version ${handshake.version}`);
    this.#manager.ctx.attach(this);
  }

  /** A bad or missing handshake: one log line, and the reason in the close frame. */
  #refuse(reason: string): void {
    this.log('warn', `closed: ${reason}`);
    this.end(CLOSE_POLICY, reason);
  }

  // ------------------------------------------------------------ Peripheral

  async connect(): Promise<BusHardware> {
    const hw = this.#hardware;
    if (hw === null) throw new Error('no handshake yet');
    if (hw.gone) throw new HardwareGoneError('connect');
    // Every websocket device has tx and rx, whatever its protocol (websocket-hardware.ts).
    return hw;
  }

  onRejected(reason: string): void {
    // The runtime has logged the rejection; the device learns it from the close frame.
    this.end(CLOSE_POLICY, reason);
  }

  // ------------------------------------------------------------ DeviceLink

  sendBinary(data: Uint8Array): boolean {
    if (this.#state === CLOSED) return false;
    // 0 = buffered (backpressure), 1 = sent, 2 = dropped: over maxBackpressure, the device is not reading.
    if (this.#ws.send(data, true) === 2) this.log('warn', 'write dropped: the device is not reading');
    return true;
  }

  close(): void {
    this.end(CLOSE_NORMAL, 'disconnected by server');
  }

  // ------------------------------------------------------------ socket lifecycle

  end(code: number, reason: string): void {
    if (this.#state === CLOSED) return;
    this.#closed();
    this.#ws.end(code, closeReason(reason));
  }

  /** Close at once, without a close frame (fatal exit). */
  kill(): void {
    if (this.#state === CLOSED) return;
    this.#closed();
    this.#ws.close();
  }

  /** uWS close event: the device disconnected (or we closed it). */
  socketClosed(): void {
    this.#closed();
  }

  #closed(): void {
    this.#state = CLOSED;
    this.#clearHandshakeTimer();
    if (this.#handshake !== null) this.#manager.release(this.#handshake.address, this);
    this.#hardware?.connectionClosed();
  }

  handshakeTimedOut(): void {
    this.#handshakeTimer = null;
    if (this.#state !== AWAITING_HANDSHAKE) return;
    this.#refuse(`no handshake within ${this.#manager.opts.handshakeTimeoutMs} ms`);
  }

  #clearHandshakeTimer(): void {
    if (this.#handshakeTimer !== null) clearTimeout(this.#handshakeTimer);
    this.#handshakeTimer = null;
  }
}

function wsHandshakeTimedOut(conn: DeviceConnection): void {
  conn.handshakeTimedOut();
}

/** `reason` cut to what a close frame can carry, on a character boundary. */
function closeReason(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_CLOSE_REASON_BYTES) return reason;
  const chars = [...reason]; // code points, so no surrogate pair is split
  while (Buffer.byteLength(`${chars.join('')}…`) > MAX_CLOSE_REASON_BYTES) chars.pop();
  return `${chars.join('')}…`;
}
