// Loads uWebSockets.js's native binary directly, or fails with a reason.
//
// The package's own entry (src/uws.js) silently falls back to a slow pure-JS implementation when
// its binary does not load (wrong Node ABI, missing platform). We would rather not serve at all
// than serve at a fraction of the speed without noticing, so every thread that needs uWS (the
// main thread's client server, the simulated device bus) loads it through here.
// Node-API addons may be loaded once per thread, so worker threads can use it too.

import { createRequire } from 'node:module';
import type * as UwsTypes from 'uWebSockets.js';

export type Uws = typeof UwsTypes;

const require = createRequire(import.meta.url);

export function nativeUwsBinaryName(): string {
  return `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
}

/** The native uWS module, or `{ error }` saying why it cannot be loaded here. */
export function tryLoadNativeUws(): { uws: Uws } | { error: string } {
  const name = nativeUwsBinaryName();
  try {
    const uws = require(`uWebSockets.js/binaries/${name}`) as Uws;
    if (typeof uws.App !== 'function') return { error: `uWebSockets.js binary ${name} has no App()` };
    return { uws };
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return {
      error: `uWebSockets.js has no native binary for this platform and Node ABI (${name}): ${detail}`,
    };
  }
}

/** The native uWS module; throws an Error with the reason if it cannot be loaded. */
export function loadNativeUws(): Uws {
  const r = tryLoadNativeUws();
  if ('error' in r) throw new Error(r.error);
  return r.uws;
}

/**
 * Listen without SO_REUSEPORT. uWS sets SO_REUSEPORT by default on Linux, so a second server on
 * a taken port (another thrum, a stale test) would bind "successfully" and share the traffic;
 * LIBUS_LISTEN_EXCLUSIVE_PORT makes a taken port fail as it should. (The host+port+options
 * overload exists natively but is missing from the package's typings.) `host` null = all
 * interfaces.
 */
export function listenExclusive(
  uws: Uws,
  app: UwsTypes.TemplatedApp,
  host: string | null,
  port: number,
): Promise<UwsTypes.us_listen_socket | false> {
  // The native module exports the flag as a number; the typings only as an enum member.
  const exclusive = (uws as unknown as { LIBUS_LISTEN_EXCLUSIVE_PORT: number }).LIBUS_LISTEN_EXCLUSIVE_PORT;
  const listener = app as unknown as ListenWithOptions;
  return new Promise((resolve) => {
    const done = (token: UwsTypes.us_listen_socket | false): void => resolve(token);
    if (host === null) listener.listen(port, exclusive, done);
    else listener.listen(host, port, exclusive, done);
  });
}

interface ListenWithOptions {
  listen(port: number, options: number, cb: (token: UwsTypes.us_listen_socket | false) => void): unknown;
  listen(
    host: string,
    port: number,
    options: number,
    cb: (token: UwsTypes.us_listen_socket | false) => void,
  ): unknown;
}

/** The port a listen socket is bound to (useful after listening on port 0). */
export function boundPort(uws: Uws, token: UwsTypes.us_listen_socket): number {
  return uws.us_socket_local_port(token);
}

/** The peer's address, without the IPv4-mapped prefix a dual-stack socket reports. */
export function remoteAddress(res: UwsTypes.HttpResponse): string {
  const text = Buffer.from(res.getRemoteAddressAsText()).toString();
  return text.startsWith('::ffff:') ? text.slice(7) : text;
}

/** Where a set of listen sockets is bound, and how to close them all. */
export interface BoundListeners {
  readonly port: number;
  close(): void;
}

/**
 * Listen on each host in turn on one port (the first host's port when `port` is 0), exclusively.
 * Loopback is two hosts, 127.0.0.1 and ::1 (`localhost` resolves to ::1 on some systems); a
 * machine without IPv6 loopback still serves IPv4, with `onNoIpv6` told. Throws when a host other
 * than ::1 cannot be bound, with every socket already bound closed.
 */
export async function listenOnHosts(
  uws: Uws,
  app: UwsTypes.TemplatedApp,
  hosts: ReadonlyArray<string | null>,
  port: number,
  onNoIpv6: (port: number) => void,
): Promise<BoundListeners> {
  const sockets: UwsTypes.us_listen_socket[] = [];
  let bound = port;
  for (const host of hosts) {
    const socket = await listenExclusive(uws, app, host, bound);
    if (!socket) {
      if (host === '::1') {
        onNoIpv6(bound);
        continue;
      }
      for (const s of sockets) uws.us_listen_socket_close(s);
      const where = host === null ? `port ${bound}` : `${host.includes(':') ? `[${host}]` : host}:${bound}`;
      throw new Error(`cannot listen on ${where} (port in use?)`);
    }
    sockets.push(socket);
    if (bound === 0) bound = boundPort(uws, socket);
  }
  return {
    port: bound,
    close() {
      for (const s of sockets.splice(0)) uws.us_listen_socket_close(s);
    },
  };
}
