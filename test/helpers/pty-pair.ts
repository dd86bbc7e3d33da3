// A pair of connected pseudo-terminals from socat, standing in for a serial cable: the server
// opens `devPath` as its serial port, a simulated device sits on `peerPath`. Killing socat is
// unplugging the cable. socat is an outside tool: tests that need it skip with a reason when it is
// missing, unless THRUM_REQUIRE_SOCAT=1 (CI), where a missing socat is a failure.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';

export const SOCAT_REQUIRED = 'socat is required (apt-get install socat)';

/** How long socat may take to create both terminals. */
const START_TIMEOUT_MS = 5_000;

export const socatInstalled: boolean = (() => {
  const r = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
})();

const socatRequired = process.env['THRUM_REQUIRE_SOCAT'] === '1';

/**
 * `describe` for suites that need socat: runs them when it is installed; otherwise one failing
 * test when THRUM_REQUIRE_SOCAT=1, else a skipped suite whose title says why.
 */
export function describeWithSocat(title: string, body: () => void): void {
  if (socatInstalled) describe(title, body);
  else if (socatRequired) {
    describe(title, () => {
      it('needs socat', () => {
        throw new Error(SOCAT_REQUIRED);
      });
    });
  } else
    describe.skip(
      `${title} — skipped: socat is not installed (apt-get install socat; THRUM_REQUIRE_SOCAT=1 makes this a failure)`,
      body,
    );
}

export class PtyPair {
  /** Set once socat has exited (killed, or it ended because a side closed). */
  readonly exited: Promise<void>;
  #gone = false;

  private constructor(
    readonly dir: string,
    /** The port the code under test opens. */
    readonly devPath: string,
    /** The simulated device's side. */
    readonly peerPath: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    void this.exited.then(() => (this.#gone = true));
  }

  get alive(): boolean {
    return !this.#gone;
  }

  /**
   * `devPath`: where the server's end appears (a symlink socat makes and removes on exit), so a
   * second pair opened at the same path is the same device plugged in again. Default: a fresh path.
   */
  static async open(opts: { readonly devPath?: string } = {}): Promise<PtyPair> {
    const dir = mkdtempSync(path.join(tmpdir(), 'thrum-pty-'));
    const devPath = opts.devPath ?? path.join(dir, 'dev');
    const peerPath = path.join(dir, 'peer');
    const child = spawn(
      'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${devPath}`, `pty,raw,echo=0,link=${peerPath}`],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    // With -d -d socat reports on stderr when both terminals exist and it starts copying.
    await new Promise<void>((resolve, reject) => {
      let stderr = '';
      const timer = setTimeout(
        () => fail(new Error(`socat did not start in ${START_TIMEOUT_MS} ms: ${stderr}`)),
        START_TIMEOUT_MS,
      );
      const onData = (d: Buffer): void => {
        stderr += d.toString();
        if (stderr.includes('starting data transfer loop') && existsSync(devPath) && existsSync(peerPath))
          done();
      };
      const onExit = (code: number | null): void =>
        fail(new Error(`socat exited with ${code} before starting: ${stderr}`));
      const onError = (err: Error): void => fail(err);
      function cleanup(): void {
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        child.off('exit', onExit);
        child.off('error', onError);
      }
      function done(): void {
        cleanup();
        resolve();
      }
      function fail(err: Error): void {
        cleanup();
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        reject(err);
      }
      child.stderr?.on('data', onData);
      child.once('exit', onExit);
      child.once('error', onError);
    });
    child.stderr?.resume(); // keep draining so socat never blocks on a full pipe
    return new PtyPair(dir, devPath, peerPath, child);
  }

  /** Unplug: end socat and wait until it has gone; both terminals close. */
  async kill(): Promise<void> {
    if (this.#gone) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }

  async close(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
