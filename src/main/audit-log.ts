// The audit log (--audit-log F): one JSON object per line, appended, each made durable with fsync
// before the next is written. Who connected (with the name of the token they presented, never the
// token), and every operator action with who did it. Entries are written in order by one chain of
// asynchronous writes: entries that arrive while a write and its fsync are under way go out
// together in the next one (group commit), so a crowd connecting at once never blocks the event
// loop on the disk.

import { closeSync, fsync, fsyncSync, openSync, write, writeSync } from 'node:fs';
import { log } from './log.js';

export interface AuditEntry {
  readonly time: string;
  /** connect, disconnect, admit, deny, kick, cap-set, cap-cleared, estop, release, scan, device-stop */
  readonly event: string;
  /** An operator token's name, "signal", or "client N". */
  readonly who: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export class AuditLog {
  private fd: number;
  private queue: string[] = [];
  private busy = false;
  private failed = false;
  private idle: Array<() => void> = [];

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Open (creating) the file for appending; throws an Error saying why it cannot be. */
  static open(path: string): AuditLog {
    try {
      return new AuditLog(path, openSync(path, 'a', 0o600));
    } catch (err) {
      throw new Error(
        `--audit-log ${path}: cannot open for appending: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  }

  record(event: string, who: string, details: Readonly<Record<string, unknown>> = {}): void {
    if (this.fd < 0) return;
    const entry: AuditEntry = { time: new Date().toISOString(), event, who, details };
    this.queue.push(`${JSON.stringify(entry)}\n`);
    if (!this.busy) this.writeQueued();
  }

  private writeQueued(): void {
    const data = Buffer.from(this.queue.join(''));
    this.queue = [];
    this.busy = true;
    writeFully(this.fd, data, 0, (err) => {
      if (err) this.failedOnce(err);
      fsync(this.fd, (syncErr) => {
        if (syncErr) this.failedOnce(syncErr);
        this.busy = false;
        if (this.queue.length > 0 && this.fd >= 0) this.writeQueued();
        else for (const resolve of this.idle.splice(0)) resolve();
      });
    });
  }

  private failedOnce(err: Error): void {
    if (this.failed) return;
    this.failed = true;
    log('error', `audit log ${this.path}: ${err.message}`);
  }

  /** Everything recorded is on disk; then the file is closed. */
  async close(): Promise<void> {
    if (this.fd < 0) return;
    if (this.busy) await new Promise<void>((resolve) => this.idle.push(resolve));
    this.flushSync();
    closeSync(this.fd);
    this.fd = -1;
  }

  /** At process exit, with no time for the asynchronous chain: write what is queued, now. */
  flushSync(): void {
    if (this.fd < 0 || this.queue.length === 0) return;
    const data = this.queue.join('');
    this.queue = [];
    try {
      writeSync(this.fd, data);
      fsyncSync(this.fd);
    } catch (err) {
      this.failedOnce(err as Error);
    }
  }
}

function writeFully(fd: number, data: Buffer, offset: number, done: (err: Error | null) => void): void {
  write(fd, data, offset, data.length - offset, null, (err, written) => {
    if (err) return done(err);
    if (offset + written < data.length) return writeFully(fd, data, offset + written, done);
    done(null);
  });
}
