// The Lovense dongle plugged in as a USB HID device (USB 1915:520a; facts from the reference's
// HID dongle manager), through node-hid's async API. The same text lines as the serial dongle,
// cut into HID reports: each report written is 65 bytes, a zero report id, up to 63 bytes of
// text, zero padding (so the last byte is always zero); reports read carry text up to their
// first zero byte.
//
// node-hid is reached through HidApi, a narrow adapter, so the framing and the finder are tested
// against a scripted fake; one test loads the real module in a bus worker.
//
// Settings: lookIntervalMs (number, optional).

import type { LogLevel } from '../../core/channel.js';
import type { StartBus } from '../bus.js';
import { startDongleBusWith } from './dongle-comm-manager.js';
import type { DongleFinder, DongleTransport, DongleTransportListener } from './dongle-transport.js';

export const HID_DONGLE_VENDOR = 0x1915;
export const HID_DONGLE_PRODUCT = 0x520a;

/** Text bytes per report: 65 bytes less the report id and the always-zero last byte. */
export const HID_TEXT_PER_REPORT = 63;
export const HID_REPORT_BYTES = 65;

/** What the bus needs of one open HID device (node-hid's HIDAsync). */
export interface HidHandle {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (err: unknown) => void): unknown;
  write(values: Buffer): Promise<number>;
  close(): Promise<void>;
}

/** What the bus needs of node-hid: list devices by USB ids, open one by its path. */
export interface HidApi {
  devicesAsync(
    vendorId: number,
    productId: number,
  ): Promise<readonly { readonly path?: string | undefined }[]>;
  open(path: string): Promise<HidHandle>;
}

export const startLovenseDongleHidBus: StartBus = async (ctx) => {
  const lookIntervalMs = ctx.settings['lookIntervalMs'];
  if (lookIntervalMs !== undefined && (typeof lookIntervalMs !== 'number' || !(lookIntervalMs > 0))) {
    return { unavailable: `setting 'lookIntervalMs' must be a positive number` };
  }
  let api: HidApi;
  try {
    // Loaded here, not at the top, so a machine where node-hid cannot load only loses this bus.
    const hid = await import('node-hid');
    api = { devicesAsync: (v, p) => hid.devicesAsync(v, p), open: (p) => hid.HIDAsync.open(p) };
    await api.devicesAsync(HID_DONGLE_VENDOR, HID_DONGLE_PRODUCT); // fails here if hidapi cannot enumerate
  } catch (err) {
    return {
      unavailable: `node-hid cannot be used here (${err instanceof Error ? err.message : String(err)}; it needs libudev on Linux)`,
    };
  }
  return startHidDongleBusWith(ctx, api, lookIntervalMs);
};

/** The bus over a given HidApi: what startLovenseDongleHidBus runs, and what tests drive with a fake. */
export function startHidDongleBusWith(
  ctx: Parameters<StartBus>[0],
  api: HidApi,
  lookIntervalMs?: number,
  gapMs?: number,
) {
  const finder = new HidDongleFinder(api, ctx.log);
  return startDongleBusWith(ctx, {
    finder,
    ...(lookIntervalMs !== undefined && { lookIntervalMs }),
    ...(gapMs !== undefined && { gapMs }),
  });
}

export class HidDongleFinder implements DongleFinder {
  readonly describe = `HID ${HID_DONGLE_VENDOR.toString(16)}:${HID_DONGLE_PRODUCT.toString(16)}`;
  #lastProblem = '';

  constructor(
    private readonly api: HidApi,
    private readonly log: (level: LogLevel, msg: string) => void,
  ) {}

  async find(): Promise<DongleTransport | null> {
    const found = await this.api.devicesAsync(HID_DONGLE_VENDOR, HID_DONGLE_PRODUCT);
    const path = found.find((d) => d.path !== undefined && d.path !== '')?.path;
    if (path === undefined) return null;
    try {
      const handle = await this.api.open(path);
      this.#lastProblem = '';
      return new HidDongleTransport(path, handle);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const hint = /permission|access/i.test(message)
        ? ' (on Linux, give your user access to the hidraw device with a udev rule; see README)'
        : '';
      const problem = `cannot open the HID dongle at ${path}: ${message}${hint}`;
      if (problem !== this.#lastProblem) this.log('warn', `${problem}`);
      this.#lastProblem = problem;
      return null;
    }
  }
}

/** One line of text as the reports that carry it. */
export function hidReports(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'latin1');
  const reports: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += HID_TEXT_PER_REPORT) {
    const report = Buffer.alloc(HID_REPORT_BYTES);
    bytes.copy(report, 1, at, Math.min(at + HID_TEXT_PER_REPORT, bytes.length));
    reports.push(report);
  }
  return reports;
}

/** The text a report read from the dongle carries: up to its first zero byte. */
export function hidReportText(report: Buffer): string {
  const end = report.indexOf(0);
  return report.toString('latin1', 0, end < 0 ? report.length : end);
}

class HidDongleTransport implements DongleTransport {
  #listener: DongleTransportListener | null = null;
  #closed = false;

  constructor(
    readonly name: string,
    private readonly handle: HidHandle,
  ) {}

  setListener(listener: DongleTransportListener): void {
    this.#listener = listener;
    this.handle.on('data', (data: Buffer) => {
      if (!this.#closed) listener.onText(hidReportText(data));
    });
    // node-hid reports an unplugged device as a read error.
    this.handle.on('error', (err: unknown) => this.#gone(err instanceof Error ? err.message : String(err)));
  }

  async write(text: string): Promise<void> {
    if (this.#closed) throw new Error(`${this.name} is closed`);
    try {
      for (const report of hidReports(text)) await this.handle.write(report);
    } catch (err) {
      this.#gone(err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  close(): void {
    this.#gone('closed');
  }

  #gone(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.handle.close().catch(() => {}); // already gone is fine
    this.#listener?.onClose(reason);
  }
}
