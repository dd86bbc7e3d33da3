// Channel A of bench/channel.ts: postMessage batches, the way src/main/bus-supervisor.ts sends
// them today (post() and flushOutbox() there, copied for one worker): the newest value per
// (device, feature, type) replaces a queued one; outputs go at most once per OUTPUT_BATCH_MS while
// a stream lasts, at setImmediate after a quiet spell; a stop is ordered behind the outputs
// before it and goes at the end of the turn. Copied rather than imported so the race measures
// the same thing even while src/ changes; keep the two in step.

import type { Worker } from 'node:worker_threads';
import type { OutputCommand, ToBus } from '../src/core/index.js';
import { OUTPUT_BATCH_MS, type ChannelSender } from './channel-protocol.js';

export class PostMessageOutbox implements ChannelSender {
  readonly #worker: Worker;
  #outbox: ToBus[] = [];
  /** Position in the outbox of the queued output per device:feature:type. */
  readonly #outboxOutputs = new Map<string, number>();
  #flushTimer: NodeJS.Timeout | null = null;
  #immediate: NodeJS.Immediate | null = null;
  #lastFlushAt = 0;

  constructor(worker: Worker) {
    this.#worker = worker;
  }

  output(device: number, command: OutputCommand): void {
    if (this.#outbox.length === 0 && !this.#flushTimer && !this.#immediate) {
      const wait = this.#lastFlushAt + OUTPUT_BATCH_MS - performance.now();
      if (wait <= 0) this.#immediate = setImmediate(outboxOnFlush, this);
      else this.#flushTimer = setTimeout(outboxOnFlush, wait, this);
    }
    const key = `${device}:${command.feature}:${command.type}`;
    const at = this.#outboxOutputs.get(key);
    const msg: ToBus = { t: 'output', device, command };
    if (at !== undefined) {
      this.#outbox[at] = msg;
      return;
    }
    this.#outboxOutputs.set(key, this.#outbox.length);
    this.#outbox.push(msg);
  }

  stop(device: number, commands: readonly OutputCommand[]): void {
    this.#outboxOutputs.clear();
    if (!this.#immediate) this.#immediate = setImmediate(outboxOnFlush, this);
    this.#outbox.push({ t: 'stop', device, commands });
  }

  flush(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#flushTimer = null;
    this.#immediate = null;
    const messages = this.#outbox;
    if (messages.length === 0) return;
    this.#outbox = [];
    this.#outboxOutputs.clear();
    this.#lastFlushAt = performance.now();
    this.#worker.postMessage(messages.length === 1 ? messages[0] : ({ t: 'batch', messages } satisfies ToBus));
  }
}

function outboxOnFlush(outbox: PostMessageOutbox): void {
  outbox.flush();
}
