// HardwareOps over one open HID device (the "talks to a device" half of the HID bus). As upstream
// gives HID devices, `tx` takes output reports (the protocol's bytes, report id first) and `rx`
// gives input reports, one per read. Notifications are refused: none of the HID protocols listens
// (the reference leaves subscribing unimplemented), and reading every report a Joy-Con sends
// (about 60 a second) would cost a wake-up each for nothing. A failed write or read means the
// device is gone (unplugged): it is closed and the listener told once.

import { HardwareGoneError, HardwareTimeoutError } from '../bus.js';
import { ListedHardware } from '../device-list-bus.js';
import type { HidConnection } from './hid-adapter.js';

const TX = 'tx';
const RX = 'rx';
const ENDPOINTS: ReadonlySet<string> = new Set([TX, RX]);

/** A read given no timeout by its protocol. */
const DEFAULT_READ_TIMEOUT_MS = 1_000;

export class HidHardware extends ListedHardware {
  readonly #connection: HidConnection;

  constructor(name: string, address: string, connection: HidConnection, onGone: () => void) {
    super(name, address, ENDPOINTS, () => connection.close(), onGone);
    this.#connection = connection;
  }

  async write(endpoint: string, data: Uint8Array, _withResponse = false): Promise<void> {
    this.#check('write', endpoint, TX);
    try {
      await this.#connection.write(data);
    } catch (err) {
      this.goneAway();
      throw new HardwareGoneError(`write (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  /** The next input report (whole: HID has no partial reports, so `length` is not used). */
  async read(endpoint: string, _length: number, timeoutMs = DEFAULT_READ_TIMEOUT_MS): Promise<Uint8Array> {
    this.#check('read', endpoint, RX);
    let report: Uint8Array | undefined;
    try {
      report = await this.#connection.read(timeoutMs);
    } catch (err) {
      this.goneAway();
      throw new HardwareGoneError(`read (${err instanceof Error ? err.message : String(err)})`);
    }
    if (report === undefined) throw new HardwareTimeoutError('read', timeoutMs);
    return report;
  }

  async subscribe(endpoint: string): Promise<void> {
    this.#check('subscribe', endpoint, RX);
    throw new Error('subscribe: the HID bus reads input reports only when asked (read)');
  }

  async unsubscribe(endpoint: string): Promise<void> {
    this.#check('unsubscribe', endpoint, RX);
    throw new Error('unsubscribe: the HID bus reads input reports only when asked (read)');
  }

  async nextNotification(endpoint: string): Promise<Uint8Array> {
    this.#check('nextNotification', endpoint, RX);
    throw new Error('nextNotification: the HID bus reads input reports only when asked (read)');
  }

  #check(op: string, endpoint: string, expected: string): void {
    if (this.gone) throw new HardwareGoneError(op);
    if (endpoint !== expected) {
      throw new Error(
        ENDPOINTS.has(endpoint)
          ? `${op}: not possible on endpoint '${endpoint}'`
          : `${op}: a HID device has no endpoint '${endpoint}'`,
      );
    }
  }
}
