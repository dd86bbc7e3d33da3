// Writes to the dongle in order, never two closer together than the gap. The dongle silently drops
// the second of two writes that arrive too close together (the reference keeps 75 ms between
// them), and the gap belongs to the dongle, not to one toy: two toys driven in the same instant
// share it. A write that comes too soon waits for its turn; it is never dropped. The toys'
// coalescers each wait for their previous write, so while a write waits here newer values for the
// same toy merge in its coalescer, and the latest one is what goes out next.

import { HardwareGoneError } from '../bus.js';

/** The reference's gap between two writes to the dongle. */
export const DONGLE_WRITE_GAP_MS = 75;

interface QueuedWrite {
  readonly text: string;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

export type WriteLine = (text: string) => Promise<void>;

export class PacedWriter {
  readonly #gapMs: number;
  readonly #write: WriteLine;
  readonly #queue: QueuedWrite[] = [];
  #lastAt = -Infinity;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(write: WriteLine, gapMs = DONGLE_WRITE_GAP_MS) {
    this.#write = write;
    this.#gapMs = gapMs;
  }

  /** Queue one framed line; resolves once written. */
  send(text: string): Promise<void> {
    if (this.#closed) return Promise.reject(new HardwareGoneError('write'));
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ text, resolve, reject });
      if (this.#timer === null) this.pump();
    });
  }

  /** @internal Write the head of the queue if the gap has passed, else wait for the rest of it. */
  pump(): void {
    this.#timer = null;
    if (this.#closed) return;
    const head = this.#queue[0];
    if (head === undefined) return;
    const wait = this.#lastAt + this.#gapMs - performance.now();
    if (wait > 0) {
      this.#timer = setTimeout(pacedWriterOnTimer, wait, this);
      return;
    }
    this.#queue.shift();
    this.#lastAt = performance.now();
    this.#write(head.text).then(head.resolve, head.reject);
    if (this.#queue.length > 0) this.#timer = setTimeout(pacedWriterOnTimer, this.#gapMs, this);
  }

  /** The dongle is gone: every queued write fails. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    for (const w of this.#queue.splice(0)) w.reject(new HardwareGoneError('write'));
  }
}

function pacedWriterOnTimer(writer: PacedWriter): void {
  writer.pump();
}
