// The simulated device bus: a uWebSockets.js server inside the bus worker that accepts simulated
// peripherals, one per WebSocket connection (docs: simulated-devices.md, a fixed contract). It is
// this bus's "finds devices" half; simulated-hardware.ts is the "talks to a device" half.
//
// Settings (BusWorkerData.settings), defaults in SIMULATED_DEFAULTS:
//   host            interface to listen on (127.0.0.1; main passes 0.0.0.0 for all interfaces)
//   port            TCP port (54818); 0 picks a free one (the bound port is logged)
//   helloTimeoutMs  close connections that send no hello in time (10 000; tests shorten it)
//   readTimeoutMs   fail a read that gets no readResult in time (2 000)

import type { ProtocolDefinition } from '../../core/database.js';
import type { Bus, BusContext, BusHardware, Peripheral, StartBus, Advertisement } from '../bus.js';
import { btleEndpointNames } from '../bus.js';
import { tryLoadNativeUws, type Uws } from '../../platform/uws-native.js';
import {
  listenerOptions,
  WsPeripheralServer,
  type ListenerOptions,
  type PeripheralConnection,
  type PeripheralSocket,
} from '../ws-peripheral-server.js';
import { parseHello, parsePeripheralFrame, type Hello } from './simulated-frames.js';
import { SimulatedHardware, type SimLink } from './simulated-hardware.js';

export const SIMULATED_DEFAULTS = {
  host: '127.0.0.1',
  port: 54818,
  helloTimeoutMs: 10_000,
  readTimeoutMs: 2_000,
} as const;

type SimulatedOptions = ListenerOptions<typeof SIMULATED_DEFAULTS>;

export const startSimulatedBus: StartBus = async (ctx) => {
  const opts = listenerOptions(SIMULATED_DEFAULTS, ctx.settings, 'simulated bus');
  if (typeof opts === 'string') return { unavailable: opts };
  const loaded = tryLoadNativeUws();
  if ('error' in loaded) return { unavailable: `simulated device bus: ${loaded.error}` };
  return new SimulatedCommManager(loaded.uws, ctx, opts).listen();
};

class SimulatedCommManager implements Bus {
  readonly ctx: BusContext;
  readonly opts: SimulatedOptions;
  readonly #server: WsPeripheralServer<SimConnection>;
  listening: string | undefined;

  constructor(uws: Uws, ctx: BusContext, opts: SimulatedOptions) {
    this.ctx = ctx;
    this.opts = opts;
    this.#server = new WsPeripheralServer<SimConnection>(uws, {
      host: opts.host,
      port: opts.port,
      idleTimeout: 120,
      maxPayloadLength: 64 * 1024,
      maxBackpressure: 1024 * 1024,
      upgradeRequiredBody: 'simulated device bus: connect with a WebSocket\n',
      accept: (ws) => new SimConnection(ws, this),
    });
  }

  async listen(): Promise<Bus | { unavailable: string }> {
    const { host, port } = this.opts;
    if (!(await this.#server.listen())) {
      return {
        unavailable: `simulated device bus cannot listen on ${host}:${port} (port in use or address not available)`,
      };
    }
    this.listening = `ws://${host}:${this.#server.port}`;
    this.ctx.log('debug', `simulated devices: listening on ${this.listening}`);
    return this;
  }

  startScanning(): void {
    // Always accepting: a peripheral that connects is a peripheral found.
  }

  async stopScanning(): Promise<void> {}

  close(): Promise<void> {
    return this.#server.close();
  }

  abort(): void {
    this.#server.abort();
  }
}

const AWAITING_HELLO = 0;
const ATTACHED = 1;
const CLOSED = 2;

/** One peripheral connection; also the Peripheral the device runtime attaches. */
class SimConnection implements Peripheral, SimLink, PeripheralConnection {
  readonly #ws: PeripheralSocket<SimConnection>;
  readonly #manager: SimulatedCommManager;
  #state = AWAITING_HELLO;
  #helloTimer: NodeJS.Timeout | null;
  #hello: Hello | null = null;
  #hardware: SimulatedHardware | null = null;
  #advert: Advertisement | null = null;

  constructor(ws: PeripheralSocket<SimConnection>, manager: SimulatedCommManager) {
    this.#ws = ws;
    this.#manager = manager;
    this.#helloTimer = setTimeout(simHelloTimedOut, manager.opts.helloTimeoutMs, this);
  }

  get advert(): Advertisement {
    if (this.#advert === null) throw new Error('no hello yet');
    return this.#advert;
  }

  log(level: 'error' | 'warn' | 'info' | 'debug', msg: string): void {
    const who = this.#hello ? `${this.#hello.address} (${this.#hello.name})` : 'connection before hello';
    this.#manager.ctx.log(level, `simulated ${who}: ${msg}`);
  }

  message(message: ArrayBuffer, isBinary: boolean): void {
    // The ArrayBuffer is only valid during this call: decode it to a string now.
    if (isBinary) this.#badFrame('binary frames are not part of the contract; send JSON text');
    else this.#frame(Buffer.from(message).toString('utf8'));
  }

  #frame(text: string): void {
    if (this.#state === AWAITING_HELLO) {
      this.#onHello(text);
      return;
    }
    if (this.#state !== ATTACHED || this.#hardware === null) return;
    const f = parsePeripheralFrame(text);
    if (typeof f === 'string') {
      this.#badFrame(f);
      return;
    }
    try {
      if (f.k === 'notify') this.#hardware.notified(f.endpoint, f.data);
      else if (f.k === 'readResult') this.#hardware.readAnswered(f.id, f.data);
      else this.#hardware.rssiReported(f.value);
    } catch (err) {
      // A device's own listener failed: log it, keep the bus (and the device) running.
      this.log(
        'error',
        `handling ${f.k} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
  }

  #badFrame(reason: string): void {
    if (this.#state === AWAITING_HELLO) this.onRejected(`malformed hello: ${reason}`);
    else this.log('warn', `frame ignored: ${reason}`);
  }

  #onHello(text: string): void {
    this.#clearHelloTimer();
    const hello = parseHello(text);
    if (typeof hello === 'string') {
      this.onRejected(hello);
      return;
    }
    this.#hello = hello;
    this.#state = ATTACHED;
    this.#advert = {
      transport: 'btle',
      name: hello.name,
      address: hello.address,
      services: hello.services,
      manufacturerData: hello.manufacturerData,
    };
    this.#hardware = new SimulatedHardware(hello.name, hello.address, this, this.#manager.opts.readTimeoutMs);
    this.#manager.ctx.attach(this);
  }

  // ------------------------------------------------------------ Peripheral

  async connect(protocol: ProtocolDefinition): Promise<BusHardware> {
    const hw = this.#hardware;
    if (hw === null) throw new Error('no hello yet');
    hw.bindEndpoints(this.#hello?.endpoints ?? btleEndpointNames(protocol));
    return hw;
  }

  onMatched(protocol: string): void {
    this.send({ accepted: { protocol } });
  }

  onRejected(reason: string): void {
    this.log('info', `rejected: ${reason}`);
    this.send({ rejected: { reason } });
    this.end(1000, 'rejected');
  }

  onIndexed(index: number, name: string): void {
    this.send({ ready: { deviceIndex: index, name } });
  }

  // ------------------------------------------------------------ SimLink

  send(frame: object): boolean {
    if (this.#state === CLOSED) return false;
    // 0 = buffered (backpressure), 1 = sent, 2 = dropped: over maxBackpressure, the peer is not reading.
    if (this.#ws.send(JSON.stringify(frame), false) === 2)
      this.log('warn', 'frame dropped: the peripheral is not reading');
    return true;
  }

  close(): void {
    this.end(1000, 'disconnected by server');
  }

  // ------------------------------------------------------------ socket lifecycle

  end(code: number, reason: string): void {
    if (this.#state === CLOSED) return;
    this.#state = CLOSED;
    this.#clearHelloTimer();
    this.#ws.end(code, reason);
  }

  /** Close at once, without a close frame (fatal exit). */
  kill(): void {
    if (this.#state === CLOSED) return;
    this.#state = CLOSED;
    this.#clearHelloTimer();
    this.#ws.close();
  }

  /** uWS close event: the peripheral disconnected (or we closed it). */
  socketClosed(): void {
    this.#state = CLOSED;
    this.#clearHelloTimer();
    this.#hardware?.socketClosed();
  }

  helloTimedOut(): void {
    this.#helloTimer = null;
    if (this.#state !== AWAITING_HELLO) return;
    this.log('debug', `no hello within ${this.#manager.opts.helloTimeoutMs} ms; closing`);
    this.end(1008, 'no hello');
  }

  #clearHelloTimer(): void {
    if (this.#helloTimer !== null) clearTimeout(this.#helloTimer);
    this.#helloTimer = null;
  }
}

function simHelloTimedOut(conn: SimConnection): void {
  conn.helloTimedOut();
}
