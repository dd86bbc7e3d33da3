// BleAdapter over @abandonware/noble: a thin translation, no policy (timeouts, retries and
// dedup live in the comm manager and the hardware class). Loaded lazily, and only inside the
// noble host process (noble-host.ts), never in a worker thread: noble's Linux binding
// (@abandonware/bluetooth-hci-socket) registers its HCI socket with libuv's *default* loop,
// which is the main thread's, so in a worker its events would be polled, and its callbacks run,
// on the wrong thread. Loading noble already opens that socket: on a machine without an
// adapter, without Bluetooth in the kernel or without the capabilities, loading throws, and
// that becomes the bus's one `unavailable` reason.

import type { LogLevel } from '../../core/channel.js';
import type {
  BleAdapter,
  BleCharacteristic,
  BleConnection,
  BleConnectionListener,
  BleDiscovery,
  BleManufacturerData,
  BlePowerState,
  BleService,
} from './ble-adapter.js';

// ------------------------------------------------------------------ the slice of noble we use
// Declared here rather than taken from noble's index.d.ts, which lags its JavaScript.

type Callback<T = void> = (error: unknown, value: T) => void;

interface NobleCharacteristic {
  readonly uuid: string;
  readonly properties: readonly string[];
  write(data: Buffer, withoutResponse: boolean, callback: (error: unknown) => void): void;
  read(callback: Callback<Buffer>): void;
  subscribe(callback: (error: unknown) => void): void;
  unsubscribe(callback: (error: unknown) => void): void;
  on(event: 'data', listener: (data: Buffer, isNotification: boolean) => void): void;
  removeListener(event: 'data', listener: (data: Buffer, isNotification: boolean) => void): void;
}

interface NobleService {
  readonly uuid: string;
  readonly characteristics: readonly NobleCharacteristic[] | null;
}

interface NoblePeripheral {
  readonly id: string;
  readonly address: string;
  readonly rssi: number;
  readonly state: string;
  readonly advertisement: {
    readonly localName?: string;
    readonly serviceUuids?: readonly string[];
    readonly manufacturerData?: Buffer;
  };
  connect(callback: (error: unknown) => void): void;
  cancelConnect(): void;
  disconnect(callback?: () => void): void;
  updateRssi(callback?: Callback<number>): void;
  discoverAllServicesAndCharacteristics(callback: (error: unknown, services: NobleService[]) => void): void;
  on(event: 'disconnect', listener: (reason: unknown) => void): void;
  on(event: 'rssiUpdate', listener: (rssi: number) => void): void;
  removeListener(event: string, listener: (...args: never[]) => void): void;
}

interface Noble {
  readonly state: string;
  on(event: 'stateChange', listener: (state: string) => void): void;
  on(event: 'discover', listener: (peripheral: NoblePeripheral) => void): void;
  on(event: 'warning', listener: (message: string) => void): void;
  removeListener(event: 'stateChange', listener: (state: string) => void): void;
  startScanning(
    serviceUuids: readonly string[],
    allowDuplicates: boolean,
    callback: (error: unknown) => void,
  ): void;
  stopScanning(callback: () => void): void;
}

type Log = (level: LogLevel, msg: string) => void;

/** Load noble, or say in one line why this machine cannot do Bluetooth LE. */
export async function loadNobleAdapter(log: Log): Promise<BleAdapter | { readonly unavailable: string }> {
  let noble: Noble;
  try {
    const mod = (await import('@abandonware/noble')) as unknown as { default?: Noble };
    noble = mod.default ?? (mod as unknown as Noble);
  } catch (err) {
    return { unavailable: nobleFailure(err) };
  }
  return new NobleAdapter(noble, log);
}

/** The reason, in one line, for an error thrown while loading or starting noble. */
export function nobleFailure(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const message = firstLine(err instanceof Error ? err.message : String(err));
  const text = `${code} ${message}`;
  if (/EAFNOSUPPORT|Address family not supported/.test(text)) {
    return 'this system has no Bluetooth support (the kernel refused a Bluetooth HCI socket: EAFNOSUPPORT)';
  }
  if (/EPERM|EACCES|Operation not permitted|Permission denied/.test(text)) {
    return 'not permitted to open the Bluetooth adapter (run as root, or give node the cap_net_raw and cap_net_admin capabilities)';
  }
  if (/ENODEV|No such device/.test(text)) return 'no Bluetooth adapter found (ENODEV)';
  if (/EBUSY|Device or resource busy/.test(text))
    return 'the Bluetooth adapter is busy (held by another program)';
  if (
    /ERR_MODULE_NOT_FOUND|Cannot find (module|package)|Could not locate|ERR_DLOPEN_FAILED|self-register|NODE_MODULE_VERSION|ELF/.test(
      text,
    )
  ) {
    return `cannot load the Bluetooth library @abandonware/noble: ${message}`;
  }
  return `the Bluetooth LE stack failed to start: ${message}`;
}

const SETTLED_STATES: ReadonlySet<string> = new Set([
  'poweredOn',
  'poweredOff',
  'unsupported',
  'unauthorized',
]);
const POWER_STATES: ReadonlySet<string> = new Set([...SETTLED_STATES, 'unknown', 'resetting']);

class NobleAdapter implements BleAdapter {
  readonly #noble: Noble;
  readonly #log: Log;
  /** Every peripheral heard, by noble id: `connect` needs noble's object back. */
  readonly #peripherals = new Map<string, NoblePeripheral>();
  readonly #connections = new Set<NobleConnection>();
  #discover: ((d: BleDiscovery) => void) | null = null;
  #closed = false;

  constructor(noble: Noble, log: Log) {
    this.#noble = noble;
    this.#log = log;
    // With a listener of ours, noble no longer prints its warnings to the console itself.
    noble.on('warning', (message) => {
      if (!this.#closed) log('debug', `noble: ${message}`);
    });
    noble.on('discover', (p) => this.#onDiscover(p));
  }

  waitPoweredOn(timeoutMs: number): Promise<BlePowerState> {
    return new Promise<BlePowerState>((resolve, reject) => {
      let state: string;
      try {
        // Reading the state starts noble's HCI socket now, so a failure throws here with its
        // errno instead of arriving later as a vague warning.
        state = this.#noble.state;
      } catch (err) {
        reject(new Error(nobleFailure(err)));
        return;
      }
      if (SETTLED_STATES.has(state)) {
        resolve(powerState(state));
        return;
      }
      const onState = (s: string): void => {
        if (!SETTLED_STATES.has(s)) return;
        clearTimeout(timer);
        this.#noble.removeListener('stateChange', onState);
        resolve(powerState(s));
      };
      const timer = setTimeout(() => {
        this.#noble.removeListener('stateChange', onState);
        resolve(powerState(this.#noble.state));
      }, timeoutMs);
      this.#noble.on('stateChange', onState);
    });
  }

  onDiscover(listener: (discovery: BleDiscovery) => void): void {
    this.#discover = listener;
  }

  startScan(): Promise<void> {
    // Duplicates on: a peripheral that disconnected must be heard again, and a scan response
    // (the name) arrives as a second report. The comm manager dedups.
    return new Promise<void>((resolve, reject) => {
      this.#noble.startScanning([], true, (err) => (err ? reject(asError(err)) : resolve()));
    });
  }

  stopScan(): Promise<void> {
    return new Promise<void>((resolve) => this.#noble.stopScanning(() => resolve()));
  }

  connect(id: string, signal: AbortSignal): Promise<BleConnection> {
    const p = this.#peripherals.get(id);
    if (p === undefined) return Promise.reject(new Error(`peripheral ${id} was never discovered`));
    const onAbort = (): void => {
      try {
        if (p.state === 'connecting') p.cancelConnect();
        else if (p.state === 'connected') p.disconnect();
      } catch {
        // The attempt is abandoned either way.
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    return (async () => {
      try {
        await callback<void>((done) => p.connect((err) => done(err, undefined)));
        const services = await callback<NobleService[]>((done) =>
          p.discoverAllServicesAndCharacteristics(done),
        );
        if (p.state !== 'connected') throw new Error('disconnected during service discovery');
        const conn = new NobleConnection(p, services ?? [], (c) => this.#connections.delete(c));
        this.#connections.add(conn);
        return conn;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    })();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#discover = null;
    try {
      this.#noble.stopScanning(noop);
    } catch {
      // Not scanning, or the stack never started.
    }
    for (const c of [...this.#connections]) void c.disconnect();
  }

  #onDiscover(p: NoblePeripheral): void {
    if (this.#closed) return;
    this.#peripherals.set(p.id, p);
    const adv = p.advertisement ?? {};
    const address = p.address && p.address !== 'unknown' ? p.address : p.id;
    try {
      this.#discover?.({
        id: p.id,
        address,
        localName: adv.localName ?? '',
        serviceUuids: adv.serviceUuids ?? [],
        manufacturerData: manufacturerData(adv.manufacturerData),
        rssi: Number.isFinite(p.rssi) ? p.rssi : undefined,
      });
    } catch (err) {
      this.#log(
        'error',
        `handling a discovery failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
  }
}

class NobleConnection implements BleConnection {
  readonly services: readonly BleService[];
  readonly #peripheral: NoblePeripheral;
  readonly #native = new Map<BleCharacteristic, NobleCharacteristic>();
  readonly #dataListeners: Array<[NobleCharacteristic, (data: Buffer, isNotification: boolean) => void]> = [];
  readonly #onClosed: (c: NobleConnection) => void;
  #listener: BleConnectionListener | null = null;
  #goneReason: string | null = null;
  readonly #peripheralOnDisconnect = (reason: unknown): void => this.#gone(disconnectReason(reason));
  readonly #peripheralOnRssi = (rssi: number): void => {
    if (this.#goneReason === null) this.#listener?.onRssi(rssi);
  };

  constructor(
    peripheral: NoblePeripheral,
    services: readonly NobleService[],
    onClosed: (c: NobleConnection) => void,
  ) {
    this.#peripheral = peripheral;
    this.#onClosed = onClosed;
    this.services = services.map((s) => ({
      uuid: s.uuid,
      characteristics: (s.characteristics ?? []).map((c) => this.#wrap(c)),
    }));
    peripheral.on('disconnect', this.#peripheralOnDisconnect);
    peripheral.on('rssiUpdate', this.#peripheralOnRssi);
  }

  #wrap(c: NobleCharacteristic): BleCharacteristic {
    const props = new Set(c.properties);
    const handle: BleCharacteristic = {
      uuid: c.uuid,
      properties: {
        write: props.has('write'),
        writeWithoutResponse: props.has('writeWithoutResponse'),
        read: props.has('read'),
        notify: props.has('notify') || props.has('indicate'),
      },
    };
    this.#native.set(handle, c);
    if (handle.properties.notify) {
      // noble emits 'data' for read answers too; only notifications are events.
      const onData = (data: Buffer, isNotification: boolean): void => {
        if (isNotification && this.#goneReason === null)
          this.#listener?.onNotification(handle, new Uint8Array(data));
      };
      c.on('data', onData);
      this.#dataListeners.push([c, onData]);
    }
    return handle;
  }

  setListener(listener: BleConnectionListener): void {
    this.#listener = listener;
    if (this.#goneReason !== null) listener.onDisconnect(this.#goneReason);
  }

  write(chr: BleCharacteristic, data: Uint8Array, withResponse: boolean): Promise<void> {
    const c = this.#get(chr);
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return callback<void>((done) => c.write(buf, !withResponse, (err) => done(err, undefined)));
  }

  async read(chr: BleCharacteristic): Promise<Uint8Array> {
    const c = this.#get(chr);
    return new Uint8Array(await callback<Buffer>((done) => c.read(done)));
  }

  subscribe(chr: BleCharacteristic): Promise<void> {
    const c = this.#get(chr);
    return callback<void>((done) => c.subscribe((err) => done(err, undefined)));
  }

  unsubscribe(chr: BleCharacteristic): Promise<void> {
    const c = this.#get(chr);
    return callback<void>((done) => c.unsubscribe((err) => done(err, undefined)));
  }

  requestRssi(): void {
    if (this.#goneReason === null) this.#peripheral.updateRssi();
  }

  disconnect(): Promise<void> {
    if (this.#goneReason !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      try {
        this.#peripheral.disconnect(() => resolve());
      } catch {
        this.#gone('disconnected');
        resolve();
      }
    });
  }

  #get(chr: BleCharacteristic): NobleCharacteristic {
    const c = this.#native.get(chr);
    if (c === undefined) throw new Error(`characteristic ${chr.uuid} is not from this connection`);
    return c;
  }

  #gone(reason: string): void {
    if (this.#goneReason !== null) return;
    this.#goneReason = reason;
    // noble keeps one Peripheral object per device across connections: drop our listeners so a
    // reconnect starts clean.
    this.#peripheral.removeListener('disconnect', this.#peripheralOnDisconnect);
    this.#peripheral.removeListener('rssiUpdate', this.#peripheralOnRssi);
    for (const [c, onData] of this.#dataListeners) c.removeListener('data', onData);
    this.#dataListeners.length = 0;
    this.#onClosed(this);
    this.#listener?.onDisconnect(reason);
  }
}

// ------------------------------------------------------------------ helpers

function powerState(s: string): BlePowerState {
  return POWER_STATES.has(s) ? (s as BlePowerState) : 'unknown';
}

/** Company id from the first two bytes (little-endian, Bluetooth Core Supplement §1.4), then data. */
function manufacturerData(buf: Buffer | undefined): BleManufacturerData[] {
  if (buf === undefined || buf.length < 2) return [];
  return [{ company: buf.readUInt16LE(0), data: [...buf.subarray(2)] }];
}

function callback<T>(start: (done: Callback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((err, value) => (err ? reject(asError(err)) : resolve(value)));
    } catch (err) {
      reject(asError(err));
    }
  });
}

/** noble reports errors as Error objects, strings or HCI status numbers. */
function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function disconnectReason(reason: unknown): string {
  return reason === undefined || reason === null ? 'disconnected' : `disconnected (${String(reason)})`;
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0]?.trim() ?? '';
}

function noop(): void {}
