// The Bluetooth LE stack as the btle bus needs it: a narrow interface of our own, so the comm
// manager and the hardware class never see noble's types or quirks, and tests drive them with a
// scripted fake (test/workers/fake-ble-adapter.ts). noble-adapter.ts implements it over
// @abandonware/noble.

/** The radio's state, in the vocabulary most BLE stacks share (noble, CoreBluetooth). */
export type BlePowerState =
  'unknown' | 'resetting' | 'unsupported' | 'unauthorized' | 'poweredOff' | 'poweredOn';

export interface BleManufacturerData {
  /** Company identifier: the first two bytes of the advertised data, little-endian. */
  readonly company: number;
  /** The bytes after the company identifier. */
  readonly data: readonly number[];
}

/** One advertisement (or scan response) heard while scanning. */
export interface BleDiscovery {
  /** The stack's handle for `connect`. */
  readonly id: string;
  /** The peripheral's Bluetooth address; the stack's id where it hides addresses (macOS). */
  readonly address: string;
  /** Advertised local name; '' when none was heard yet. */
  readonly localName: string;
  /** Advertised service uuids, in whatever form the stack reports them (16-bit, undashed, …). */
  readonly serviceUuids: readonly string[];
  readonly manufacturerData: readonly BleManufacturerData[];
  readonly rssi: number | undefined;
}

export interface BleCharacteristicProperties {
  readonly write: boolean;
  readonly writeWithoutResponse: boolean;
  readonly read: boolean;
  /** Notify or indicate: the characteristic can push values once subscribed. */
  readonly notify: boolean;
}

/** A characteristic found by GATT discovery; an opaque handle for the connection's operations. */
export interface BleCharacteristic {
  readonly uuid: string;
  readonly properties: BleCharacteristicProperties;
}

export interface BleService {
  readonly uuid: string;
  readonly characteristics: readonly BleCharacteristic[];
}

export interface BleConnectionListener {
  /** A subscribed characteristic pushed a value. */
  onNotification(characteristic: BleCharacteristic, data: Uint8Array): void;
  onRssi(value: number): void;
  /** The link dropped (either side). Called once; nothing follows it. */
  onDisconnect(reason: string): void;
}

/** One connected peripheral, GATT already discovered. */
export interface BleConnection {
  readonly services: readonly BleService[];
  /**
   * One listener per connection. A disconnect that happened before this call is reported to the
   * listener at once, so no caller can miss it.
   */
  setListener(listener: BleConnectionListener): void;
  write(characteristic: BleCharacteristic, data: Uint8Array, withResponse: boolean): Promise<void>;
  read(characteristic: BleCharacteristic): Promise<Uint8Array>;
  subscribe(characteristic: BleCharacteristic): Promise<void>;
  unsubscribe(characteristic: BleCharacteristic): Promise<void>;
  /** Ask for a fresh signal strength; the answer arrives as `onRssi`. */
  requestRssi(): void;
  /** Drop the link; `onDisconnect` follows unless the link is already gone. */
  disconnect(): Promise<void>;
}

export interface BleAdapter {
  /**
   * Resolves with the state once it is 'poweredOn', or with the state it settled in when it
   * cannot become so (unsupported, unauthorized, poweredOff), or with the current state after
   * `timeoutMs`. Rejects when the stack cannot start at all; the error says why.
   */
  waitPoweredOn(timeoutMs: number): Promise<BlePowerState>;
  /** One listener: the comm manager. */
  onDiscover(listener: (discovery: BleDiscovery) => void): void;
  /** Repeated advertisements of a peripheral are reported, not filtered: the caller dedups. */
  startScan(): Promise<void>;
  stopScan(): Promise<void>;
  /**
   * Connect and discover every service and characteristic. Aborting `signal` gives up: the stack
   * cancels the attempt, and a connection that completes anyway is dropped.
   */
  connect(id: string, signal: AbortSignal): Promise<BleConnection>;
  /** Best effort, synchronous: stop scanning and drop every link (shutdown, fatal exit). */
  close(): void;
}
