// A scripted Bluetooth LE stack at the BleAdapter seam (src/workers/btle/ble-adapter.ts): toys
// that advertise, have a GATT table, take writes, answer on notifications, fail to connect a
// set number of times, and drop their link on cue. Tests wait on writes instead of sleeping.

import type {
  BleAdapter,
  BleCharacteristic,
  BleCharacteristicProperties,
  BleConnection,
  BleConnectionListener,
  BleDiscovery,
  BleManufacturerData,
  BlePowerState,
  BleService,
} from '../../src/workers/btle/ble-adapter.js';
import { serveAdapter } from '../../src/workers/btle/adapter-server.js';
import type { FromHost, HostChannel, ToHost } from '../../src/workers/btle/noble-host-messages.js';
import { RemoteBleAdapter } from '../../src/workers/btle/remote-adapter.js';

export interface FakeWrite {
  /** Characteristic uuid as the toy's GATT table spells it. */
  readonly char: string;
  readonly text: string;
  readonly data: number[];
  readonly withResponse: boolean;
}

export interface FakeToySpec {
  readonly address: string;
  readonly name: string;
  /** Defaults to the address. */
  readonly id?: string;
  readonly services?: readonly string[];
  readonly manufacturerData?: readonly BleManufacturerData[];
  readonly rssi?: number;
  /** service uuid → characteristic uuid → properties. */
  readonly gatt: Readonly<Record<string, Readonly<Record<string, Partial<BleCharacteristicProperties>>>>>;
}

/** What the next connect attempts do, in order; once used up, connects succeed. */
export type ConnectScript = Array<'fail' | 'hang'>;

export class FakeToy {
  readonly writes: FakeWrite[] = [];
  /** Reply to a write whose bytes decode to this text with a notification on `char` (when subscribed). */
  readonly answers = new Map<string, { char: string; text: string }>();
  /** Values `read` returns per characteristic; a missing one never answers. */
  readonly values = new Map<string, Uint8Array>();
  connectScript: ConnectScript = [];
  /** Every connect attempt fails. */
  alwaysFail = false;
  connectAttempts = 0;
  /** Connect attempts that were aborted (timed out or the bus closed). */
  aborted = 0;
  connection: FakeBleConnection | null = null;
  rssi: number;
  #waiters: Array<(w: FakeWrite) => void> = [];
  #unread = 0;

  constructor(readonly spec: FakeToySpec) {
    this.rssi = spec.rssi ?? -60;
  }

  get id(): string {
    return this.spec.id ?? this.spec.address;
  }

  discovery(): BleDiscovery {
    return {
      id: this.id,
      address: this.spec.address,
      localName: this.spec.name,
      serviceUuids: this.spec.services ?? [],
      manufacturerData: this.spec.manufacturerData ?? [],
      rssi: this.rssi,
    };
  }

  /** Texts written so far. */
  texts(): string[] {
    return this.writes.map((w) => w.text);
  }

  /** The next write not yet returned by nextWrite (in order). */
  nextWrite(timeoutMs = 3000): Promise<FakeWrite> {
    if (this.#unread < this.writes.length) return Promise.resolve(this.writes[this.#unread++]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no write within ${timeoutMs} ms; writes so far: ${JSON.stringify(this.texts())}`),
          ),
        timeoutMs,
      );
      this.#waiters.push((w) => {
        clearTimeout(timer);
        resolve(w);
      });
    });
  }

  /** Push a value on a characteristic, as the device would (only delivered while subscribed). */
  notify(char: string, text: string): void {
    this.connection?.pushNotification(char, new TextEncoder().encode(text));
  }

  /** The link drops from the device's side (out of range, switched off). */
  dropLink(): void {
    this.connection?.linkLost('connection timeout');
  }

  /** @internal */
  recordWrite(w: FakeWrite): void {
    this.writes.push(w);
    const waiter = this.#waiters.shift();
    if (waiter) {
      this.#unread++;
      waiter(w);
    }
    const answer = this.answers.get(w.text);
    if (answer) setImmediate(() => this.notify(answer.char, answer.text));
  }
}

class FakeCharacteristic implements BleCharacteristic {
  constructor(
    readonly uuid: string,
    readonly properties: BleCharacteristicProperties,
  ) {}
}

export class FakeBleConnection implements BleConnection {
  readonly services: readonly BleService[];
  readonly subscribed = new Set<string>();
  #listener: BleConnectionListener | null = null;
  #gone: string | null = null;
  readonly #byUuid = new Map<string, FakeCharacteristic>();

  constructor(readonly toy: FakeToy) {
    this.services = Object.entries(toy.spec.gatt).map(([uuid, chars]) => ({
      uuid,
      characteristics: Object.entries(chars).map(([cu, props]) => {
        const c = new FakeCharacteristic(cu, {
          write: false,
          writeWithoutResponse: false,
          read: false,
          notify: false,
          ...props,
        });
        this.#byUuid.set(cu, c);
        return c;
      }),
    }));
  }

  get open(): boolean {
    return this.#gone === null;
  }

  setListener(listener: BleConnectionListener): void {
    this.#listener = listener;
    if (this.#gone !== null) listener.onDisconnect(this.#gone);
  }

  async write(chr: BleCharacteristic, data: Uint8Array, withResponse: boolean): Promise<void> {
    this.#check();
    this.toy.recordWrite({
      char: chr.uuid,
      text: Buffer.from(data).toString(),
      data: [...data],
      withResponse,
    });
  }

  read(chr: BleCharacteristic): Promise<Uint8Array> {
    this.#check();
    const v = this.toy.values.get(chr.uuid);
    return v === undefined ? new Promise(() => {}) : Promise.resolve(v);
  }

  async subscribe(chr: BleCharacteristic): Promise<void> {
    this.#check();
    this.subscribed.add(chr.uuid);
  }

  async unsubscribe(chr: BleCharacteristic): Promise<void> {
    this.#check();
    this.subscribed.delete(chr.uuid);
  }

  requestRssi(): void {
    const value = this.toy.rssi;
    setImmediate(() => {
      if (this.#gone === null) this.#listener?.onRssi(value);
    });
  }

  async disconnect(): Promise<void> {
    // As a real stack: the disconnect event follows the request.
    setImmediate(() => this.linkLost('local disconnect'));
  }

  pushNotification(char: string, data: Uint8Array): void {
    const c = this.#byUuid.get(char);
    if (c === undefined || this.#gone !== null || !this.subscribed.has(char)) return;
    this.#listener?.onNotification(c, data);
  }

  linkLost(reason: string): void {
    if (this.#gone !== null) return;
    this.#gone = reason;
    if (this.toy.connection === this) this.toy.connection = null;
    this.#listener?.onDisconnect(reason);
  }

  #check(): void {
    if (this.#gone !== null) throw new Error('not connected');
  }
}

export class FakeBleAdapter implements BleAdapter {
  powerState: BlePowerState = 'poweredOn';
  /** waitPoweredOn rejects with this (the stack cannot start). */
  startError: Error | null = null;
  scanning = false;
  readonly scanCalls: Array<'start' | 'stop'> = [];
  closed = false;
  readonly toys = new Map<string, FakeToy>();
  #listener: ((d: BleDiscovery) => void) | null = null;

  toy(spec: FakeToySpec): FakeToy {
    const t = new FakeToy(spec);
    this.toys.set(t.id, t);
    return t;
  }

  /** The toy advertises (`times` reports, as a real radio repeats them). */
  advertise(toy: FakeToy, times = 1): void {
    for (let i = 0; i < times; i++) this.#listener?.(toy.discovery());
  }

  async waitPoweredOn(timeoutMs: number): Promise<BlePowerState> {
    if (this.startError) throw this.startError;
    if (this.powerState === 'unknown') await new Promise((r) => setTimeout(r, timeoutMs));
    return this.powerState;
  }

  onDiscover(listener: (d: BleDiscovery) => void): void {
    this.#listener = listener;
  }

  async startScan(): Promise<void> {
    this.scanCalls.push('start');
    this.scanning = true;
  }

  async stopScan(): Promise<void> {
    this.scanCalls.push('stop');
    this.scanning = false;
  }

  connect(id: string, signal: AbortSignal): Promise<BleConnection> {
    const toy = this.toys.get(id);
    if (toy === undefined) return Promise.reject(new Error(`unknown peripheral ${id}`));
    toy.connectAttempts++;
    const step = toy.alwaysFail ? 'fail' : toy.connectScript.shift();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        toy.aborted++;
        reject(new Error('connection canceled'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (step === 'hang') return;
      setImmediate(() => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) return;
        if (step === 'fail') {
          reject(new Error('Connection Failed to be Established (0x3e)'));
          return;
        }
        const conn = new FakeBleConnection(toy);
        toy.connection = conn;
        resolve(conn);
      });
    });
  }

  close(): void {
    this.closed = true;
    this.scanning = false;
    for (const t of this.toys.values()) t.connection?.linkLost('adapter closed');
  }
}

// ------------------------------------------------------------------ Lovense toys

/** Nordic UART service (Lovense second generation), written undashed and upper-case on purpose. */
export const NORDIC_UART = {
  service: '6E400001B5A3F393E0A9E50E24DCCA9E',
  tx: '6E400002B5A3F393E0A9E50E24DCCA9E',
  rx: '6E400003B5A3F393E0A9E50E24DCCA9E',
};

/** Lovense first generation in 16-bit form. */
export const GEN1 = { service: 'fff0', rx: 'fff1', tx: 'fff2' };

/** A Lovense toy that answers DeviceType; and Battery; on rx, as in the README's Hush. */
export function lovenseToy(
  adapter: FakeBleAdapter,
  opts: {
    address: string;
    name?: string;
    letter?: string;
    battery?: string;
    services?: string[];
    manufacturerData?: BleManufacturerData[];
    gen1?: boolean;
  },
): FakeToy {
  const letter = opts.letter ?? 'Z';
  const g = opts.gen1 ? GEN1 : NORDIC_UART;
  const toy = adapter.toy({
    address: opts.address,
    name: opts.name ?? `LVS-${letter}36`,
    services: opts.services ?? [],
    ...(opts.manufacturerData && { manufacturerData: opts.manufacturerData }),
    gatt: {
      '1800': { '2a00': { read: true } }, // Generic Access: ignored by the mapping
      [g.service]: {
        [g.tx]: opts.gen1 ? { write: true } : { write: true, writeWithoutResponse: true },
        [g.rx]: { notify: true },
      },
    },
  });
  toy.answers.set('DeviceType;', { char: g.rx, text: `${letter}:11:0082059AD3BD;` });
  if (opts.battery !== undefined) toy.answers.set('Battery;', { char: g.rx, text: opts.battery });
  return toy;
}

// ------------------------------------------------------------------ the noble host link, in memory

/** Both ends of an in-memory link; messages are structured-cloned, as over advanced IPC. */
export function linkedChannels<A, B>(): {
  worker: HostChannel<A, B>;
  host: HostChannel<B, A>;
  cut(reason: string): void;
} {
  const toHost: Array<(m: A) => void> = [];
  const toWorker: Array<(m: B) => void> = [];
  const closeWorker: Array<(reason: string) => void> = [];
  const closeHost: Array<(reason: string) => void> = [];
  let open = true;
  const cut = (reason: string): void => {
    if (!open) return;
    open = false;
    for (const l of closeWorker) l(reason);
    for (const l of closeHost) l(reason);
  };
  return {
    worker: {
      send: (m) => {
        const copy = structuredClone(m);
        if (open) setImmediate(() => open && toHost.forEach((l) => l(copy)));
      },
      onMessage: (l) => void toWorker.push(l),
      onClose: (l) => void closeWorker.push(l),
      close: () => cut('closed'),
    },
    host: {
      send: (m) => {
        const copy = structuredClone(m);
        if (open) setImmediate(() => open && toWorker.forEach((l) => l(copy)));
      },
      onMessage: (l) => void toHost.push(l),
      onClose: (l) => void closeHost.push(l),
      close: () => cut('closed'),
    },
    cut,
  };
}

/** The fake stack behind the real host link: what the worker sees when noble runs in its host process. */
export function hostedFake(
  adapter: FakeBleAdapter,
  log: (level: string, msg: string) => void = () => {},
): { remote: RemoteBleAdapter; cut(reason: string): void } {
  const link = linkedChannels<ToHost, FromHost>();
  serveAdapter(adapter, link.host);
  return { remote: new RemoteBleAdapter(link.worker, log), cut: link.cut };
}
