// One plugged-in Lovense dongle: the conversation with it (dongle-messages.ts) and the toys it
// holds. On start it asks which toy is already connected and then waits a moment before saying
// anything else (the reference found that the dongle locks up otherwise). Scanning is the
// dongle's search: a toy it finds is reported as "toyData"; we stop the search, and once the
// dongle confirms the stop the toy is connected and handed to the runtime as a Lovense device.
// While scanning is still wanted the search then starts again, so several toys can join one
// dongle. A toy's "status 403" removes it; the dongle going away removes all of them.
//
// Every write goes through one PacedWriter: the dongle drops a write that follows another too
// closely, whichever toy (or the search) it is for.

import type { LogLevel } from '../../core/channel.js';
import type { ProtocolDefinition } from '../../core/database.js';
import type { Advertisement, BusHardware, Peripheral } from '../bus.js';
import {
  DONGLE_CODE,
  encodeRequest,
  LineSplitter,
  parseReport,
  SEARCH,
  STATUS_QUERY,
  STOP_SEARCH,
  type DongleReport,
} from './dongle-messages.js';
import { DONGLE_TOY_NAME, DongleToyHardware, type ToyLink } from './dongle-toy-hardware.js';
import type { DongleTransport } from './dongle-transport.js';
import { DONGLE_WRITE_GAP_MS, PacedWriter } from './paced-writer.js';

/** Quiet time after the status query before any other write (reference: 250 ms). */
export const STATUS_SETTLE_MS = 250;
/**
 * A found toy is connected even if the dongle never confirms the stopped search in this time; and
 * a search the dongle has not acknowledged (205) in this time is asked for again, since the
 * dongle may have dropped the request.
 */
export const CONFIRM_MS = 1_000;
/** close() waits at most this long for its stop-search message to go out (it may wait for the gap). */
const CLOSE_WAIT_MS = 250;

export interface DongleSessionOptions {
  log(level: LogLevel, msg: string): void;
  /** A toy is connected to the dongle: identify and announce it. */
  attach(peripheral: Peripheral): void;
  /** The dongle has gone (unplugged, or closed); its toys are already removed. */
  onGone(reason: string): void;
  readonly gapMs?: number;
  readonly settleMs?: number;
}

export class DongleSession implements ToyLink {
  readonly #transport: DongleTransport;
  readonly #opts: DongleSessionOptions;
  readonly #writer: PacedWriter;
  readonly #lines = new LineSplitter();
  /** Toys connected through this dongle, by the dongle's id for them. */
  readonly #toys = new Map<string, DongleToyHardware>();
  #settled = false;
  #settleTimer: NodeJS.Timeout | null = null;
  #scanWanted = false;
  /** A search request is out and not yet reported stopped. */
  #searching = false;
  /** A toy the search found, waiting for the dongle to confirm the stopped search. */
  #connecting: string | null = null;
  #confirmTimer: NodeJS.Timeout | null = null;
  /** Resends an unacknowledged search. */
  #searchTimer: NodeJS.Timeout | null = null;
  #gone = false;

  constructor(transport: DongleTransport, opts: DongleSessionOptions) {
    this.#transport = transport;
    this.#opts = opts;
    this.#writer = new PacedWriter((text) => transport.write(text), opts.gapMs ?? DONGLE_WRITE_GAP_MS);
    transport.setListener({
      onText: (chunk) => this.#onText(chunk),
      onClose: (reason) => this.#onClose(reason),
    });
    this.#control(STATUS_QUERY);
    this.#settleTimer = setTimeout(() => this.#settle(), opts.settleMs ?? STATUS_SETTLE_MS);
  }

  get name(): string {
    return this.#transport.name;
  }

  get toyCount(): number {
    return this.#toys.size;
  }

  startScanning(): void {
    this.#scanWanted = true;
    if (this.#settled && !this.#searching && this.#connecting === null) this.#search();
  }

  stopScanning(): void {
    this.#scanWanted = false;
    this.#clearSearchTimer();
    if (this.#searching && this.#connecting === null) this.#control(STOP_SEARCH);
    this.#searching = false;
  }

  /**
   * Stop the dongle's search, so it does not go on searching after we leave, then let go of it.
   * The toys were stopped by the runtime before this.
   */
  async close(): Promise<void> {
    if (this.#gone) return;
    if (this.#searching) {
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
      await Promise.race([this.#writer.send(encodeRequest(STOP_SEARCH)).catch(() => {}), bound]);
      clearTimeout(timer);
    }
    this.abort();
  }

  /** Let go of the dongle now. */
  abort(): void {
    if (!this.#gone) this.#transport.close();
  }

  // ------------------------------------------------------------ ToyLink

  send(text: string): Promise<void> {
    return this.#writer.send(text);
  }

  forget(id: string): void {
    this.#toys.delete(id);
  }

  // ------------------------------------------------------------ the dongle's reports

  #onText(chunk: string): void {
    for (const line of this.#lines.push(chunk)) {
      const report = parseReport(line);
      if (report === undefined) {
        if (line.trim() !== '')
          this.#opts.log('debug', `dongle ${this.name}: not a message: ${JSON.stringify(line)}`);
        continue;
      }
      this.#onReport(report);
    }
  }

  #onReport(r: DongleReport): void {
    const id = typeof r.data?.id === 'string' ? r.data.id : undefined;
    switch (r.func) {
      case 'toyData': {
        if (id === undefined) return;
        const toy = this.#toys.get(id);
        if (toy !== undefined) {
          if (typeof r.data?.data === 'string') toy.received(r.data.data);
          return;
        }
        if (this.#searching && this.#connecting === null) this.#found(id);
        return;
      }
      case 'status': {
        const status = r.data?.status;
        if (
          id !== undefined &&
          status === DONGLE_CODE.connectSuccess &&
          !this.#toys.has(id) &&
          this.#connecting !== id
        ) {
          this.#opts.log('info', `dongle ${this.name}: toy ${id} is connected`);
          this.#attachToy(id);
        } else if (id !== undefined && status === DONGLE_CODE.toyDisconnected) {
          const toy = this.#toys.get(id);
          this.#toys.delete(id);
          toy?.goneAway();
        }
        this.#settle();
        return;
      }
      case 'search':
        if (r.result === DONGLE_CODE.searchStarted) this.#clearSearchTimer();
        else if (r.result === DONGLE_CODE.searchStopped) this.#searchStopped();
        return;
      default:
        this.#opts.log('debug', `dongle ${this.name}: ${JSON.stringify(r)}`);
    }
  }

  /** The search found a toy: stop the search; the toy is connected once the dongle confirms. */
  #found(id: string): void {
    this.#connecting = id;
    this.#control(STOP_SEARCH);
    this.#confirmTimer = setTimeout(() => this.#searchStopped(), CONFIRM_MS);
  }

  #searchStopped(): void {
    this.#searching = false;
    this.#clearSearchTimer();
    if (this.#confirmTimer !== null) clearTimeout(this.#confirmTimer);
    this.#confirmTimer = null;
    const id = this.#connecting;
    this.#connecting = null;
    if (id !== null && !this.#gone && !this.#toys.has(id)) this.#attachToy(id);
    // The dongle also ends a search by itself; keep looking while a client wants us to.
    if (this.#scanWanted && !this.#gone) this.#search();
  }

  #attachToy(id: string): void {
    const hw = new DongleToyHardware(id, this);
    this.#toys.set(id, hw);
    this.#opts.attach(new DongleToyPeripheral(hw, this));
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    if (this.#settleTimer !== null) clearTimeout(this.#settleTimer);
    this.#settleTimer = null;
    if (this.#scanWanted && !this.#searching) this.#search();
  }

  #search(): void {
    this.#searching = true;
    this.#control(SEARCH);
    this.#clearSearchTimer();
    this.#searchTimer = setTimeout(() => this.#searchUnacknowledged(), CONFIRM_MS);
  }

  #searchUnacknowledged(): void {
    this.#searchTimer = null;
    if (this.#gone || !this.#scanWanted || !this.#searching || this.#connecting !== null) return;
    this.#opts.log('debug', `dongle ${this.name}: the search was not acknowledged; asking again`);
    this.#search();
  }

  #clearSearchTimer(): void {
    if (this.#searchTimer !== null) clearTimeout(this.#searchTimer);
    this.#searchTimer = null;
  }

  #control(req: Parameters<typeof encodeRequest>[0]): void {
    this.#writer.send(encodeRequest(req)).catch((err: unknown) => {
      if (!this.#gone)
        this.#opts.log(
          'debug',
          `dongle ${this.name}: ${req.func} not sent: ${err instanceof Error ? err.message : String(err)}`,
        );
    });
  }

  #onClose(reason: string): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#writer.close();
    for (const t of [this.#settleTimer, this.#confirmTimer, this.#searchTimer])
      if (t !== null) clearTimeout(t);
    const toys = [...this.#toys.values()];
    this.#toys.clear();
    for (const toy of toys) toy.goneAway();
    this.#opts.onGone(reason);
  }
}

/** A toy the dongle holds, handed to the runtime; it matches the Lovense protocol by its name. */
class DongleToyPeripheral implements Peripheral {
  readonly advert: Advertisement;
  readonly #hw: DongleToyHardware;
  readonly #session: DongleSession;

  constructor(hw: DongleToyHardware, session: DongleSession) {
    this.#hw = hw;
    this.#session = session;
    // The toys are Bluetooth LE toys and the dongle is their radio: matched by the Lovense
    // protocol's Bluetooth names, with the Bluetooth LE default timing gap (75 ms, the dongle's).
    this.advert = {
      transport: 'btle',
      name: DONGLE_TOY_NAME,
      address: hw.address,
      services: [],
      manufacturerData: [],
    };
  }

  async connect(_protocol: ProtocolDefinition): Promise<BusHardware> {
    if (this.#hw.gone) throw new Error(`toy ${this.#hw.address} left the dongle`);
    return this.#hw;
  }

  onRejected(): void {
    this.#session.forget(this.#hw.address);
  }
}
