// A token bucket per connection: `rate` commands per second on average, bursts of up to `rate`.
// Refilled lazily from the clock on each take, so an idle connection costs nothing.

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    now: number,
  ) {
    this.tokens = rate;
    this.last = now;
  }

  /** Take one token at time `now` (ms); false when the bucket is empty. */
  take(now: number): boolean {
    const refill = ((now - this.last) * this.rate) / 1000;
    this.last = now;
    this.tokens = Math.min(this.rate, this.tokens + refill);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
