// The worker side of the noble host link: a BleAdapter whose stack runs in another process
// (noble-host.ts, served by adapter-server.ts). If that process dies, every call in flight fails
// and every link reports a disconnect, so the runtime removes the devices as on any link loss.

import type { LogLevel } from '../../core/channel.js';
import type {
  BleAdapter,
  BleCharacteristic,
  BleCharacteristicProperties,
  BleConnection,
  BleConnectionListener,
  BleDiscovery,
  BlePowerState,
  BleService,
} from './ble-adapter.js';
import type { FromHost, HostChannel, ToHost, WireService } from './noble-host-messages.js';

type Log = (level: LogLevel, msg: string) => void;

type Answer = Extract<FromHost, { t: 'result' | 'connected' }>;

// Requests as sent, before the link numbers them.
type Request = ToHost extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;

interface Call {
  readonly resolve: (answer: Answer) => void;
  readonly reject: (err: Error) => void;
}

export class RemoteBleAdapter implements BleAdapter {
  readonly #channel: HostChannel<ToHost, FromHost>;
  readonly #log: Log;
  readonly #calls = new Map<number, Call>();
  readonly #links = new Map<number, RemoteConnection>();
  #nextId = 1;
  #discover: ((d: BleDiscovery) => void) | null = null;
  /** Why the host is gone; null while it serves. */
  #gone: string | null = null;

  constructor(channel: HostChannel<ToHost, FromHost>, log: Log) {
    this.#channel = channel;
    this.#log = log;
    channel.onMessage((m) => this.#onMessage(m));
    channel.onClose((reason) => this.#hostGone(reason));
  }

  async waitPoweredOn(timeoutMs: number): Promise<BlePowerState> {
    const answer = await this.call({ op: 'waitPoweredOn', timeoutMs });
    return answer.t === 'result' && answer.state !== undefined ? answer.state : 'unknown';
  }

  onDiscover(listener: (discovery: BleDiscovery) => void): void {
    this.#discover = listener;
  }

  async startScan(): Promise<void> {
    await this.call({ op: 'startScan' });
  }

  async stopScan(): Promise<void> {
    await this.call({ op: 'stopScan' });
  }

  async connect(id: string, signal: AbortSignal): Promise<BleConnection> {
    const requestId = this.#nextId++;
    const onAbort = (): void => this.#send({ op: 'abortConnect', id: requestId });
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const answer = await this.call({ op: 'connect', peripheral: id }, requestId);
      if (answer.t !== 'connected')
        throw new Error('the Bluetooth host answered connect without a connection');
      const link = new RemoteConnection(this, answer.conn, answer.services);
      this.#links.set(answer.conn, link);
      return link;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  close(): void {
    if (this.#gone === null) this.#send({ op: 'close' });
    this.#channel.close();
    this.#hostGone('closed');
  }

  /** @internal one request, one answer. */
  call(request: Request, id = this.#nextId++): Promise<Answer> {
    if (this.#gone !== null)
      return Promise.reject(new Error(`the Bluetooth host process is gone (${this.#gone})`));
    return new Promise<Answer>((resolve, reject) => {
      this.#calls.set(id, { resolve, reject });
      this.#send({ ...request, id });
    });
  }

  /** @internal a message that expects no answer. */
  send(msg: Extract<ToHost, { op: 'requestRssi' }>): void {
    this.#send(msg);
  }

  /** @internal */
  forget(conn: number): void {
    this.#links.delete(conn);
  }

  #send(msg: ToHost): void {
    if (this.#gone !== null) return;
    try {
      this.#channel.send(msg);
    } catch (err) {
      this.#hostGone(`cannot reach it: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  #onMessage(m: FromHost): void {
    switch (m.t) {
      case 'result':
      case 'connected': {
        const call = this.#calls.get(m.id);
        this.#calls.delete(m.id);
        call?.resolve(m);
        return;
      }
      case 'error': {
        const call = this.#calls.get(m.id);
        this.#calls.delete(m.id);
        call?.reject(new Error(m.message));
        return;
      }
      case 'discover':
        this.#discover?.(m.discovery);
        return;
      case 'notification':
        this.#links.get(m.conn)?.notified(m.char, m.data);
        return;
      case 'rssi':
        this.#links.get(m.conn)?.rssi(m.value);
        return;
      case 'disconnected':
        this.#links.get(m.conn)?.lost(m.reason);
        return;
      case 'log':
        this.#log(m.level, m.msg);
        return;
      case 'loaded':
      case 'unavailable':
        return; // start-up only (noble-host-process.ts)
    }
  }

  #hostGone(reason: string): void {
    if (this.#gone !== null) return;
    this.#gone = reason;
    if (reason !== 'closed')
      this.#log('error', `the Bluetooth host process is gone (${reason}); its devices are disconnected`);
    const err = new Error(`the Bluetooth host process is gone (${reason})`);
    for (const call of this.#calls.values()) call.reject(err);
    this.#calls.clear();
    for (const link of [...this.#links.values()]) link.lost('the Bluetooth host process is gone');
    this.#links.clear();
  }
}

class RemoteCharacteristic implements BleCharacteristic {
  constructor(
    readonly uuid: string,
    readonly properties: BleCharacteristicProperties,
    readonly index: number,
  ) {}
}

class RemoteConnection implements BleConnection {
  readonly services: readonly BleService[];
  readonly #chars: RemoteCharacteristic[] = [];
  readonly #adapter: RemoteBleAdapter;
  readonly #conn: number;
  #listener: BleConnectionListener | null = null;
  #gone: string | null = null;

  constructor(adapter: RemoteBleAdapter, conn: number, services: readonly WireService[]) {
    this.#adapter = adapter;
    this.#conn = conn;
    this.services = services.map((s) => ({
      uuid: s.uuid,
      characteristics: s.characteristics.map((c) => {
        const chr = new RemoteCharacteristic(c.uuid, c.properties, this.#chars.length);
        this.#chars.push(chr);
        return chr;
      }),
    }));
  }

  setListener(listener: BleConnectionListener): void {
    this.#listener = listener;
    if (this.#gone !== null) listener.onDisconnect(this.#gone);
  }

  async write(chr: BleCharacteristic, data: Uint8Array, withResponse: boolean): Promise<void> {
    await this.#adapter.call({ op: 'write', conn: this.#conn, char: this.#index(chr), data, withResponse });
  }

  async read(chr: BleCharacteristic): Promise<Uint8Array> {
    const answer = await this.#adapter.call({ op: 'read', conn: this.#conn, char: this.#index(chr) });
    return answer.t === 'result' && answer.data !== undefined ? answer.data : new Uint8Array(0);
  }

  async subscribe(chr: BleCharacteristic): Promise<void> {
    await this.#adapter.call({ op: 'subscribe', conn: this.#conn, char: this.#index(chr) });
  }

  async unsubscribe(chr: BleCharacteristic): Promise<void> {
    await this.#adapter.call({ op: 'unsubscribe', conn: this.#conn, char: this.#index(chr) });
  }

  requestRssi(): void {
    if (this.#gone === null) this.#adapter.send({ op: 'requestRssi', conn: this.#conn });
  }

  async disconnect(): Promise<void> {
    if (this.#gone !== null) return;
    await this.#adapter.call({ op: 'disconnect', conn: this.#conn });
  }

  notified(index: number, data: Uint8Array): void {
    const chr = this.#chars[index];
    if (chr !== undefined && this.#gone === null) this.#listener?.onNotification(chr, data);
  }

  rssi(value: number): void {
    if (this.#gone === null) this.#listener?.onRssi(value);
  }

  lost(reason: string): void {
    if (this.#gone !== null) return;
    this.#gone = reason;
    this.#adapter.forget(this.#conn);
    this.#listener?.onDisconnect(reason);
  }

  #index(chr: BleCharacteristic): number {
    if (!(chr instanceof RemoteCharacteristic) || this.#chars[chr.index] !== chr)
      throw new Error(`characteristic ${chr.uuid} is not from this connection`);
    return chr.index;
  }
}
