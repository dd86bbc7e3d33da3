// One coarse timer for every client's ping deadline (undici's timers.js idea): a session misses
// its ping when more than maxPingTime has passed since its last Ping. Checking every quarter of
// maxPingTime bounds the lateness to 25 % without a timer per client.

import type { Session } from './session.js';

export class PingWatchdog {
  private readonly sessions = new Set<Session>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly maxPingTime: number) {}

  add(session: Session): void {
    if (this.maxPingTime <= 0) return;
    this.sessions.add(session);
    if (!this.timer) {
      this.timer = setInterval(() => this.check(), Math.max(10, Math.floor(this.maxPingTime / 4)));
      this.timer.unref();
    }
  }

  delete(session: Session): void {
    this.sessions.delete(session);
    if (this.sessions.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private check(): void {
    const now = performance.now();
    for (const s of this.sessions) {
      // Before the handshake there is no ping contract yet.
      if (s.version === -1) continue;
      if (now - s.lastPingAt > this.maxPingTime) {
        this.delete(s);
        s.pingTimedOut();
      }
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sessions.clear();
  }
}
