// Output changes for the event stream, at most one event per output per interval (20 a second by
// default): a client streaming at device rate, or a crowd of them, cannot flood the operator. The
// first change after a quiet interval goes out at once; changes inside the interval are merged and
// the newest goes out when it ends, so the operator always ends up seeing the current value.
//
// One record per output, keyed by a number and updated in place: a change costs a Map lookup and a
// few stores, no allocation. One timer per output with a merged change waiting.

import { OUTPUT_TYPES, type OutputType } from '../core/index.js';

/** Events per second per output, at most. */
export const OUTPUT_EVENTS_PER_SECOND = 20;

const TYPE_INDEX: ReadonlyMap<OutputType, number> = new Map(OUTPUT_TYPES.map((t, i) => [t, i]));

class OutputRecord {
  value = 0;
  requested = 0;
  setBy: number | null = null;
  /** performance.now() of the last event sent; −Infinity before the first. */
  lastSentAt = Number.NEGATIVE_INFINITY;
  timer: NodeJS.Timeout | null = null;
  constructor(
    readonly throttle: OutputThrottle,
    readonly device: number,
    readonly feature: number,
    readonly output: OutputType,
  ) {}
}

/** The JSON text of one outputChanged event. */
export function outputEventText(
  device: number,
  feature: number,
  output: OutputType,
  value: number,
  requested: number,
  setBy: number | null,
): string {
  return JSON.stringify({
    event: 'outputChanged',
    time: new Date().toISOString(),
    device,
    feature,
    output,
    value,
    requested,
    setBy,
  });
}

export class OutputThrottle {
  private readonly records = new Map<number, OutputRecord>();
  private readonly intervalMs: number;

  constructor(
    private readonly emit: (text: string) => void,
    eventsPerSecond = OUTPUT_EVENTS_PER_SECOND,
  ) {
    this.intervalMs = 1000 / eventsPerSecond;
  }

  changed(
    device: number,
    feature: number,
    output: OutputType,
    value: number,
    requested: number,
    setBy: number | null,
  ): void {
    const key = (device * 1024 + feature) * 16 + (TYPE_INDEX.get(output) ?? 15);
    let r = this.records.get(key);
    if (r === undefined) this.records.set(key, (r = new OutputRecord(this, device, feature, output)));
    r.value = value;
    r.requested = requested;
    r.setBy = setBy;
    if (r.timer !== null) return; // merged into the event due at the end of the interval
    const wait = r.lastSentAt + this.intervalMs - performance.now();
    if (wait <= 0) this.send(r);
    else r.timer = setTimeout(throttleOnTimer, wait, r);
  }

  /** A device is gone: its pending events are dropped. */
  forgetDevice(device: number): void {
    for (const [key, r] of this.records) {
      if (r.device !== device) continue;
      if (r.timer !== null) clearTimeout(r.timer);
      this.records.delete(key);
    }
  }

  /** Drop everything pending (the last subscriber left, or the listener closes). */
  clear(): void {
    for (const r of this.records.values()) if (r.timer !== null) clearTimeout(r.timer);
    this.records.clear();
  }

  /** @internal */
  send(r: OutputRecord): void {
    r.timer = null;
    r.lastSentAt = performance.now();
    this.emit(outputEventText(r.device, r.feature, r.output, r.value, r.requested, r.setBy));
  }
}

function throttleOnTimer(r: OutputRecord): void {
  r.throttle.send(r);
}
