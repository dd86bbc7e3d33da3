// Starts thrum as a real child process (the public CLI), waits for its ready line and tells the
// test the ports. Every test server listens on ports the OS picked, so suites can run in parallel.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { repoRoot } from './reference.js';

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** The simulated device bus port, when started with simulated devices. */
  readonly simPort: number;
  /** `ws`, or `wss` when the server serves TLS (its ready line says which). */
  readonly scheme: 'ws' | 'wss';
  /** The client port on IPv4 loopback, with the scheme the server announced. */
  readonly url: string;
  /** Everything the process wrote to stderr so far (logs). */
  stderr(): string;
  stdout(): string;
  /** The process's resident memory now, in bytes (Linux /proc). */
  rssBytes(): number;
  /** SIGTERM and wait for exit; resolves to the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** Resident memory of a process, in bytes (VmRSS from Linux /proc). */
export function processRssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]) * 1024;
}

/** The compiled entry point (test/global-setup.ts builds it before any test runs). */
export const ENTRY = path.join(repoRoot, 'dist/main/index.js');

/** Run the CLI to completion (for flag errors, --version …). */
export function runCli(
  args: readonly string[],
  timeoutMs = 15_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ENTRY, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface StartOptions {
  /** Start the simulated device bus on a free port (default true). */
  readonly simulated?: boolean;
  /** An executable to run instead of `node dist/main/index.js`, such as an installed `thrum`. */
  readonly command?: string;
  /** Default: the repository. */
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export async function startServer(
  args: readonly string[] = [],
  opts: StartOptions = {},
): Promise<ServerProcess> {
  const simulated = opts.simulated ?? true;
  const simPort = simulated ? await freePort() : 0;
  const fullArgs = ['--websocket-port', '0', '--log', 'debug', ...args];
  if (simulated) fullArgs.push('--use-simulated-devices', '--simulated-devices-port', String(simPort));
  const [file, argv] =
    opts.command === undefined ? [process.execPath, [ENTRY, ...fullArgs]] : [opts.command, fullArgs];
  const child = spawn(file, argv, {
    cwd: opts.cwd ?? repoRoot,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      // A death by signal shows in stderr(), so a failing exit-code assertion can say which.
      if (signal) stderr += `[thrum process killed by ${signal}]\n`;
      resolve(code);
    }),
  );
  const listening = await new Promise<{ scheme: 'ws' | 'wss'; port: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server not ready in 20 s\nstdout:\n${stdout}\nstderr:\n${stderr}`)),
      20_000,
    );
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /listening on (wss?):\/\/[^:\s]+:(\d+)/.exec(stdout);
      if (m && stdout.includes('\n', m.index)) {
        clearTimeout(timer);
        resolve({ scheme: m[1] as 'ws' | 'wss', port: Number(m[2]) });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before ready\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });
  const { scheme, port } = listening;
  return {
    child,
    port,
    simPort,
    scheme,
    url: `${scheme}://127.0.0.1:${port}`,
    stderr: () => stderr,
    stdout: () => stdout,
    rssBytes: () => processRssBytes(child.pid!),
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
