// Writes newly seen devices into the --user-device-config-file (user-config-edit.ts says what is
// written). Devices found together (a scan finds several within moments) go out in one write.
// Each write reads the file again, so the user's edits since start are kept, and replaces it
// atomically: a temporary file in the same directory, flushed to disk, renamed over the old one.
//
// A failed write never stops the server: the devices keep their indexes for this run, and the
// failure is warned once per distinct reason (not once per device), since a read-only file stays
// read-only for every device that follows. The entries stay pending and go out with the next
// device's write, so fixing the file while thrum runs loses nothing.

import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { withDeviceEntries, type NewDeviceEntry } from './user-config-edit.js';

/** The file operations the writer needs; tests replace them to fail in ways root cannot. */
export interface UserConfigFs {
  /** The file's text; undefined when it does not exist. */
  read(file: string): Promise<string | undefined>;
  /** Replace the file's content with `text` so a reader sees the old or the new, never a part. */
  replace(file: string, text: string): Promise<void>;
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** The common reasons a write fails, said in words; the code stays for searching. */
const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'not writable',
  EPERM: 'not writable',
  EROFS: 'on a read-only file system',
  EISDIR: 'it is a directory',
  ENOTDIR: 'part of its path is not a directory',
  ENOENT: 'its directory does not exist',
  ENOSPC: 'the disk is full',
};

function reasonOf(err: unknown): string {
  const code = errnoCode(err);
  if (code === undefined) return err instanceof Error ? err.message : String(err);
  return REASONS[code] ? `${REASONS[code]} (${code})` : code;
}

let tempCounter = 0;

export const nodeUserConfigFs: UserConfigFs = {
  async read(file) {
    try {
      return await readFile(file, 'utf8');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw err;
    }
  },

  async replace(file, text) {
    // Through a symlink to the real file, so the link itself stays the user's.
    const target = await realpath(file).catch(() => file);
    let mode: number | undefined;
    try {
      mode = (await stat(target)).mode & 0o7777;
      // rename() would replace a file its owner made read-only: honour the permission instead.
      await access(target, constants.W_OK);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
    const dir = path.dirname(target);
    const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${++tempCounter}.tmp`);
    const handle = await open(temp, 'wx', mode ?? 0o644);
    try {
      try {
        await handle.writeFile(text, 'utf8');
        if (mode !== undefined) await handle.chmod(mode);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (err) {
      await unlink(temp).catch(() => {});
      throw err;
    }
    // The rename is durable once the directory is; some file systems cannot sync a directory.
    const d = await open(dir, 'r').catch(() => undefined);
    await d?.sync().catch(() => {});
    await d?.close();
  },
};

export interface UserConfigWriterOptions {
  readonly file: string;
  /** Told why a write failed; called once per distinct reason. */
  readonly warn: (message: string) => void;
  /** Told how many devices each write recorded. */
  readonly recorded?: (count: number) => void;
  /** How long the first new device waits for others before the write (ms). */
  readonly batchMs?: number;
  readonly fs?: UserConfigFs;
  readonly newId?: () => string;
}

export class UserConfigWriter {
  readonly #file: string;
  readonly #warn: (message: string) => void;
  readonly #recorded: (count: number) => void;
  readonly #batchMs: number;
  readonly #fs: UserConfigFs;
  readonly #newId: () => string;
  #pending: NewDeviceEntry[] = [];
  #timer: NodeJS.Timeout | undefined;
  /** The write under way; the next one starts after it. */
  #writing: Promise<void> = Promise.resolve();
  #lastWarning: string | undefined;

  constructor(opts: UserConfigWriterOptions) {
    this.#file = opts.file;
    this.#warn = opts.warn;
    this.#recorded = opts.recorded ?? (() => {});
    this.#batchMs = opts.batchMs ?? 200;
    this.#fs = opts.fs ?? nodeUserConfigFs;
    this.#newId = opts.newId ?? randomUUID;
  }

  /** Record a device; it is written with the others that arrive within the batch time. */
  add(entry: NewDeviceEntry): void {
    this.#pending.push(entry);
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => void this.flush(), this.#batchMs);
    // A pending write alone does not keep the process alive; stop() flushes it.
    this.#timer.unref();
  }

  /** Write what is pending now; resolves when it (and any write before it) is done. Never rejects. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#writing = this.#writing.then(() => this.#write());
    return this.#writing;
  }

  async #write(): Promise<void> {
    const entries = this.#pending;
    if (entries.length === 0) return;
    this.#pending = [];
    let problem: string;
    try {
      const edit = withDeviceEntries(await this.#fs.read(this.#file), entries, this.#newId, this.#file);
      if (edit.ok) {
        if (edit.text !== null) await this.#fs.replace(this.#file, edit.text);
        this.#lastWarning = undefined;
        if (edit.added > 0) this.#recorded(edit.added);
        return;
      }
      problem = `it no longer loads (${edit.error})`;
    } catch (err) {
      problem = reasonOf(err);
    }
    // Kept for the next write: the file may be fixed by then.
    this.#pending = [...entries, ...this.#pending];
    const message = `cannot record new devices in ${this.#file}: ${problem}; their indexes hold for this run only`;
    if (message === this.#lastWarning) return;
    this.#lastWarning = message;
    this.#warn(message);
  }
}
