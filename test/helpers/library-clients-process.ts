// The real client libraries in a child Node process (library-clients-child.mjs), for tests that
// need a process environment of their own: NODE_EXTRA_CA_CERTS to trust a test certificate, since
// the libraries' connectors take only a URL.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './reference.js';

const CHILD = path.join(repoRoot, 'test/helpers/library-clients-child.mjs');

export type StepResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

type Answer = StepResult & { readonly step: string };

export class LibraryClientsProcess {
  private waiting: { readonly step: string; readonly resolve: (r: StepResult) => void } | null = null;
  private stderr = '';

  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const answer = JSON.parse(line) as Answer;
      // A late answer to a step that timed out is not the current step's.
      if (this.waiting?.step !== answer.step) return;
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve(answer);
    });
    child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
  }

  /** Start the child for the server at `url`; `env` is added to this process's environment. */
  static start(url: string, env: NodeJS.ProcessEnv = {}): LibraryClientsProcess {
    // cwd is the repository, so the child's `import 'buttplug'` resolves to the pinned versions.
    const child = spawn(process.execPath, [CHILD, url], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new LibraryClientsProcess(child);
  }

  /** Run one step (`connect v3`, `vibrate v4 0.5`, …) and wait for its outcome. */
  step(line: string, timeoutMs = 10_000): Promise<StepResult> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(new Error(`step "${line}" gave no answer in ${timeoutMs} ms; child stderr:\n${this.stderr}`));
      }, timeoutMs);
      this.waiting = {
        step: line,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      this.child.stdin!.write(`${line}\n`);
    });
  }

  /** Run a step that must succeed; its value. */
  async ok(line: string): Promise<unknown> {
    const r = await this.step(line);
    if (!r.ok) throw new Error(`step "${line}" failed: ${r.error}\nchild stderr:\n${this.stderr}`);
    return r.value;
  }

  /** Kill the child and wait for it to exit. */
  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGKILL');
    });
  }
}
