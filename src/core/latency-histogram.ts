// A fixed-bucket latency histogram kept in typed arrays, for /metrics. Observing is a short loop
// over at most 14 bucket bounds and three increments: no allocation, so it can sit on the
// per-command path. The Prometheus text (cumulative buckets, +Inf, _sum, _count) is built only
// when /metrics is scraped. It lives in core because both the main thread and the bus workers
// keep one (the workers send theirs to main in their periodic write report).

/**
 * Upper bounds in seconds. Haptics care from a tenth of a millisecond (one event-loop turn) to a
 * few seconds (a stalled bus); a device's own message gap is typically 10–100 ms.
 */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

export class LatencyHistogram {
  /** Non-cumulative counts per bucket; the last slot is everything above the largest bound. */
  readonly counts = new Float64Array(LATENCY_BUCKETS_SECONDS.length + 1);
  sum = 0;
  count = 0;

  /** `n` observations of `seconds` each (several commands acknowledged by one frame's reply). */
  observe(seconds: number, n = 1): void {
    const bounds = LATENCY_BUCKETS_SECONDS;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]!) i++;
    this.counts[i]! += n;
    this.sum += seconds * n;
    this.count += n;
  }

  /** Add another histogram's counts (a worker's report) and clear nothing. */
  add(counts: ArrayLike<number>, sum: number, count: number): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += counts[i] ?? 0;
    this.sum += sum;
    this.count += count;
  }

  clear(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }

  /** Cumulative counts per bound, then +Inf (equal to count), as Prometheus wants them. */
  snapshot(): HistogramSnapshot {
    const cumulative: number[] = [];
    let running = 0;
    for (let i = 0; i < this.counts.length; i++) {
      running += this.counts[i]!;
      cumulative.push(running);
    }
    return { bounds: LATENCY_BUCKETS_SECONDS, cumulative, sum: this.sum, count: this.count };
  }
}

export interface HistogramSnapshot {
  readonly bounds: readonly number[];
  /** One per bound, then the +Inf bucket. */
  readonly cumulative: readonly number[];
  readonly sum: number;
  readonly count: number;
}
