// The Lovense dongle bus, whichever way the dongle is plugged in: looks for the dongle (a
// DongleFinder: serial-dongle.ts or hid-dongle.ts) until one is there, runs a DongleSession over
// it, and when it is unplugged (its toys are removed) looks for it again, so replugging it works
// without a restart. Scanning requests made while no dongle is there are kept and applied when
// one is found.

import type { Bus, BusContext } from '../bus.js';
import { DongleSession } from './dongle-session.js';
import type { DongleFinder } from './dongle-transport.js';

/** How often to look for an absent dongle. */
export const DONGLE_LOOK_INTERVAL_MS = 1_000;

export interface DongleBusOptions {
  readonly finder: DongleFinder;
  readonly lookIntervalMs?: number;
  readonly gapMs?: number;
  readonly settleMs?: number;
}

export function startDongleBusWith(ctx: BusContext, opts: DongleBusOptions): Bus {
  return new DongleCommManager(ctx, opts);
}

class DongleCommManager implements Bus {
  readonly #ctx: BusContext;
  readonly #opts: DongleBusOptions;
  #session: DongleSession | null = null;
  #timer: NodeJS.Timeout | null = null;
  #looking: Promise<void> | null = null;
  #scanWanted = false;
  #closed = false;
  /** Said once per absence, so a missing dongle is one line, not one a second. */
  #absentLogged = false;

  constructor(ctx: BusContext, opts: DongleBusOptions) {
    this.#ctx = ctx;
    this.#opts = opts;
    this.#look();
  }

  startScanning(): void {
    this.#scanWanted = true;
    this.#session?.startScanning();
  }

  async stopScanning(): Promise<void> {
    this.#scanWanted = false;
    this.#session?.stopScanning();
  }

  async close(): Promise<void> {
    this.#stopLooking();
    await this.#session?.close();
    await this.#looking;
  }

  abort(): void {
    this.#stopLooking();
    this.#session?.abort();
  }

  #stopLooking(): void {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #look(): void {
    this.#timer = null;
    if (this.#closed || this.#session !== null) return;
    this.#looking = this.#findOnce()
      .catch((err: unknown) =>
        this.#ctx.log(
          'warn',
          `looking for the dongle failed: ${err instanceof Error ? err.message : String(err)}`,
        ),
      )
      .finally(() => {
        this.#looking = null;
        if (!this.#closed && this.#session === null)
          this.#timer = setTimeout(() => this.#look(), this.#opts.lookIntervalMs ?? DONGLE_LOOK_INTERVAL_MS);
      });
  }

  async #findOnce(): Promise<void> {
    const transport = await this.#opts.finder.find();
    if (transport === null) {
      if (!this.#absentLogged)
        this.#ctx.log(
          'info',
          `no Lovense dongle found (${this.#opts.finder.describe}); looking again every ${(this.#opts.lookIntervalMs ?? DONGLE_LOOK_INTERVAL_MS) / 1000} s`,
        );
      this.#absentLogged = true;
      return;
    }
    if (this.#closed) {
      transport.close();
      return;
    }
    this.#absentLogged = false;
    this.#ctx.log('info', `Lovense dongle found at ${transport.name}`);
    const session = new DongleSession(transport, {
      log: (level, msg) => this.#ctx.log(level, msg),
      attach: (p) => this.#ctx.attach(p),
      onGone: (reason) => this.#onGone(session, reason),
      ...(this.#opts.gapMs !== undefined && { gapMs: this.#opts.gapMs }),
      ...(this.#opts.settleMs !== undefined && { settleMs: this.#opts.settleMs }),
    });
    this.#session = session;
    if (this.#scanWanted) session.startScanning();
  }

  #onGone(session: DongleSession, reason: string): void {
    if (this.#session !== session) return;
    this.#session = null;
    if (this.#closed) return;
    this.#ctx.log(
      'info',
      `the Lovense dongle at ${session.name} went away (${reason}); looking for it again`,
    );
    this.#look();
  }
}
