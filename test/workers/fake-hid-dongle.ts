// A scripted node-hid behind the HidApi adapter (src/workers/lovense-dongle/hid-dongle.ts) with a
// simulated Lovense dongle (test/helpers/sim-lovense-dongle.ts) plugged in or not. It checks the
// report framing the way the HID dongle would see it: every report written is 65 bytes, starting
// with the zero report id and ending with a zero byte; the dongle's answers go back as 64-byte
// reports with the text up to a zero byte.

import { EventEmitter } from 'node:events';
import {
  HID_DONGLE_PRODUCT,
  HID_DONGLE_VENDOR,
  HID_REPORT_BYTES,
  type HidApi,
  type HidHandle,
} from '../../src/workers/lovense-dongle/hid-dongle.js';
import { DongleSim } from '../helpers/sim-lovense-dongle.js';

const DONGLE_PATH = '/dev/hidraw-fake0';
const REPORT_IN_BYTES = 64;

export class FakeHidDongle implements HidApi {
  /** Reports written that were not framed as the dongle expects. */
  readonly badReports: Buffer[] = [];
  readonly written: Buffer[] = [];
  /** The dongle plugged in now, if any. */
  #sim: DongleSim | null = null;
  #handle: FakeHandle | null = null;
  lists = 0;

  get sim(): DongleSim {
    if (this.#sim === null) throw new Error('no dongle plugged in');
    return this.#sim;
  }

  /** Plug a dongle in (a fresh one each time, as a real replug resets it). */
  plug(): DongleSim {
    this.#sim = new DongleSim((line) => this.#answer(line));
    return this.#sim;
  }

  /** Pull it out: an open handle fails its read, as node-hid reports an unplugged device. */
  unplug(): void {
    this.#sim = null;
    const h = this.#handle;
    this.#handle = null;
    h?.emit('error', new Error('could not read from HID device'));
  }

  async devicesAsync(vendorId: number, productId: number): Promise<readonly { readonly path?: string }[]> {
    this.lists++;
    return this.#sim !== null && vendorId === HID_DONGLE_VENDOR && productId === HID_DONGLE_PRODUCT
      ? [{ path: DONGLE_PATH }]
      : [];
  }

  async open(path: string): Promise<HidHandle> {
    if (path !== DONGLE_PATH || this.#sim === null) throw new Error(`cannot open ${path}`);
    this.#handle = new FakeHandle(this, this.#sim);
    return this.#handle;
  }

  /** @internal a report the host wrote */
  wrote(sim: DongleSim, report: Buffer): void {
    this.written.push(report);
    if (report.length !== HID_REPORT_BYTES || report[0] !== 0 || report[HID_REPORT_BYTES - 1] !== 0) {
      this.badReports.push(report);
      return;
    }
    const end = report.indexOf(0, 1);
    sim.receive(report.toString('latin1', 1, end < 0 ? HID_REPORT_BYTES : end));
  }

  #answer(line: string): void {
    const h = this.#handle;
    if (h === null) return;
    const bytes = Buffer.from(line, 'latin1');
    // Answers come back asynchronously, chunked into reports and zero-padded.
    for (let at = 0; at < bytes.length; at += REPORT_IN_BYTES - 1) {
      const report = Buffer.alloc(REPORT_IN_BYTES);
      bytes.copy(report, 0, at, Math.min(at + REPORT_IN_BYTES - 1, bytes.length));
      setImmediate(() => h.emit('data', report));
    }
  }
}

class FakeHandle extends EventEmitter implements HidHandle {
  closed = false;

  constructor(
    private readonly api: FakeHidDongle,
    private readonly sim: DongleSim,
  ) {
    super();
  }

  async write(values: Buffer): Promise<number> {
    if (this.closed) throw new Error('device closed');
    this.api.wrote(this.sim, Buffer.from(values));
    return values.length;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
