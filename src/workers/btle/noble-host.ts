// Entry of the noble host process, forked by the btle worker (noble-host-process.ts). noble runs
// here, on a process's main thread, where its HCI binding's use of libuv's default loop is
// correct (see noble-adapter.ts). First message: `loaded` or `unavailable`; then it serves the
// BleAdapter (adapter-server.ts) until the worker closes the channel, and exits with it.

import type { LogLevel } from '../../core/channel.js';
import { serveAdapter } from './adapter-server.js';
import type { FromHost, HostChannel, ToHost } from './noble-host-messages.js';
import { loadNobleAdapter } from './noble-adapter.js';

if (process.send === undefined)
  throw new Error('noble-host must be started with an IPC channel (see noble-host-process.ts)');

function send(msg: FromHost): void {
  if (process.connected) process.send?.(msg);
}

const log = (level: LogLevel, msg: string): void => send({ t: 'log', level, msg });

// noble's own late surprises (a throw from a socket callback) are reported, not fatal: the
// worker sees failed operations and dropped links, and other devices may still work.
process.on('uncaughtException', (err) => log('error', `noble host: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (reason) =>
  log('error', `noble host: unhandled rejection: ${String(reason)}`),
);
// The worker (or the whole server) went away: nothing left to serve.
process.on('disconnect', () => process.exit(0));

const loaded = await loadNobleAdapter(log);
if ('unavailable' in loaded) {
  send({ t: 'unavailable', reason: loaded.unavailable });
  process.disconnect();
} else {
  const channel: HostChannel<FromHost, ToHost> = {
    send,
    onMessage: (listener) => process.on('message', (m) => listener(m as ToHost)),
    onClose: (listener) => process.on('disconnect', () => listener('disconnected')),
    close: () => process.disconnect(),
  };
  serveAdapter(loaded, channel);
  send({ t: 'loaded' });
}
