// Starts the noble host process for the btle worker and waits for its first word: a BleAdapter
// to use, or the one reason Bluetooth LE cannot work here. Its stdout and stderr (noble prints
// warnings with console.log) go to the bus log at debug level, never to the server's stdout.
//
// Like entry.ts: run from sources (vitest) the entry is TypeScript and needs tsx's loader, which
// works for a child process's entry through --import (unlike a worker thread's).

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LogLevel } from '../../core/channel.js';
import type { BleAdapter } from './ble-adapter.js';
import type { FromHost, HostChannel, ToHost } from './noble-host-messages.js';
import { RemoteBleAdapter } from './remote-adapter.js';

const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** How long the host may take to load noble before the bus reports it unavailable. */
const HOST_START_TIMEOUT_MS = 10_000;

type Log = (level: LogLevel, msg: string) => void;

export function startNobleHost(log: Log): Promise<BleAdapter | { readonly unavailable: string }> {
  const entry = fileURLToPath(new URL(FROM_SOURCES ? './noble-host.ts' : './noble-host.js', import.meta.url));
  let child: ChildProcess;
  try {
    child = fork(entry, [], {
      execArgv: FROM_SOURCES ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
  } catch (err) {
    return Promise.resolve({
      unavailable: `cannot start the Bluetooth host process: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (text: string) => {
      for (const line of text.split('\n'))
        if (line.trim() !== '') log('debug', `noble host: ${line.trimEnd()}`);
    });
  }

  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: BleAdapter | { readonly unavailable: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.removeListener('message', onFirst);
      child.removeListener('exit', onEarlyExit);
      if ('unavailable' in outcome) child.kill();
      resolve(outcome);
    };
    const timer = setTimeout(
      () =>
        settle({
          unavailable: `the Bluetooth host process did not start within ${HOST_START_TIMEOUT_MS} ms`,
        }),
      HOST_START_TIMEOUT_MS,
    );
    const onFirst = (m: FromHost): void => {
      if (m.t === 'log') log(m.level, m.msg);
      else if (m.t === 'unavailable') settle({ unavailable: m.reason });
      else if (m.t === 'loaded') settle(new RemoteBleAdapter(processChannel(child), log));
    };
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      settle({
        unavailable: `the Bluetooth host process exited during start-up (${signal ?? `code ${code}`})`,
      });
    child.on('message', onFirst);
    child.on('exit', onEarlyExit);
    child.on('error', (err) =>
      settle({ unavailable: `cannot start the Bluetooth host process: ${err.message}` }),
    );
  });
}

function processChannel(child: ChildProcess): HostChannel<ToHost, FromHost> {
  return {
    send: (msg) => {
      if (child.connected) child.send(msg);
    },
    onMessage: (listener) => child.on('message', (m) => listener(m as FromHost)),
    onClose: (listener) =>
      child.on('exit', (code, signal) => listener(`exited with ${signal ?? `code ${code}`}`)),
    close: () => {
      if (child.connected) child.disconnect();
      // The host exits on disconnect; a hung one is killed.
      setTimeout(() => child.kill('SIGKILL'), 2_000).unref();
    },
  };
}
