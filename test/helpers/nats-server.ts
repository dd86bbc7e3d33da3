// A real nats-server (Debian package, installed by .ci/run) on a free loopback port, for the
// cluster tests: started, waited for (its port accepts connections), and killed afterwards.

import { spawn, type ChildProcess } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';
import { freePort } from './server-process.js';

export const NATS_SERVER_BINARY = process.env.NATS_SERVER ?? 'nats-server';

export interface NatsServer {
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  log(): string;
  /** Kill it (SIGKILL: a crash, not a goodbye) and wait for the exit. */
  kill(): Promise<void>;
  /** Start it again on the same port (after kill). */
  restart(): Promise<NatsServer>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** `args`: more nats-server flags (e.g. `--auth TOKEN`). */
export async function startNatsServer(port?: number, args: readonly string[] = []): Promise<NatsServer> {
  const p = port ?? (await freePort());
  const child = spawn(NATS_SERVER_BINARY, ['-p', String(p), '-a', '127.0.0.1', '-m', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(p))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nats-server did not start on port ${p}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const server: NatsServer = {
    port: p,
    url: `nats://127.0.0.1:${p}`,
    child,
    log: () => log,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    restart: () => startNatsServer(p, args),
  };
  return server;
}
