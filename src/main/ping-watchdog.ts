// One coarse timer for every client's deadlines (undici's timers.js idea), without a timer per
// client:
// - the handshake deadline: a connection that has not sent RequestServerInfo within
//   handshakeTimeout of opening is closed (an upgraded socket that never speaks would otherwise
//   hold a descriptor and memory for ever);
// - the ping deadline: a session misses its ping when more than maxPingTime has passed since its
//   last Ping.
// Checking every quarter of the shorter deadline bounds the lateness to 25 %.

import type { Session } from './session.js';

/** Fastest check period, whatever the deadlines. */
const MIN_CHECK_MS = 10;

export class PingWatchdog {
  /** Connections that have not handshaken yet (only while the handshake deadline is on). */
  private readonly awaitingHandshake = new Set<Session>();
  /** Handshaken sessions that must ping (only while the ping deadline is on). */
  private readonly pinging = new Set<Session>();
  private timer: NodeJS.Timeout | null = null;
  private readonly checkEveryMs: number;

  /** Either deadline 0 = off. */
  constructor(
    private readonly maxPingTime: number,
    private readonly handshakeTimeout = 0,
  ) {
    const deadlines = [maxPingTime, handshakeTimeout].filter((d) => d > 0);
    this.checkEveryMs = Math.max(MIN_CHECK_MS, Math.floor(Math.min(...deadlines, Infinity) / 4));
  }

  add(session: Session): void {
    if (this.handshakeTimeout > 0) this.awaitingHandshake.add(session);
    else if (this.maxPingTime > 0) this.pinging.add(session);
    else return;
    if (!this.timer) {
      this.timer = setInterval(watchdogCheck, this.checkEveryMs, this);
      this.timer.unref();
    }
  }

  delete(session: Session): void {
    this.awaitingHandshake.delete(session);
    this.pinging.delete(session);
    if (this.awaitingHandshake.size === 0 && this.pinging.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** @internal the timer's work. */
  check(): void {
    const now = performance.now();
    for (const s of this.awaitingHandshake) {
      if (s.handshakeReceived) {
        this.awaitingHandshake.delete(s);
        if (this.maxPingTime > 0) this.pinging.add(s);
      } else if (now - s.openedAt > this.handshakeTimeout) {
        this.delete(s);
        s.handshakeTimedOut(this.handshakeTimeout);
      }
    }
    for (const s of this.pinging) {
      // Before the handshake there is no ping contract yet.
      if (s.version === -1) continue;
      if (now - s.lastPingAt > this.maxPingTime) {
        this.delete(s);
        s.pingTimedOut();
      }
    }
    if (this.awaitingHandshake.size === 0 && this.pinging.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.awaitingHandshake.clear();
    this.pinging.clear();
  }
}

function watchdogCheck(w: PingWatchdog): void {
  w.check();
}
