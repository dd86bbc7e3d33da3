// The connection to NATS, made with the official client (@nats-io/transport-node) from thrum's
// flags: servers, authentication from files (so no secret is on a command line or in a log), TLS.
// Also the version-neutral hello every node answers, through which a mixed-version room is refused.

import { readFileSync } from 'node:fs';
import {
  connect,
  credsAuthenticator,
  type ConnectionOptions,
  type NatsConnection,
} from '@nats-io/transport-node';
import { CLUSTER_PROTOCOL, pack, unpack, type ClusterRole, type Hello, type Subjects } from './wire.js';

export interface NatsSettings {
  /** Comma-separated server URLs, as given. */
  readonly servers: string;
  readonly credsFile: string | null;
  readonly user: string | null;
  readonly passwordFile: string | null;
  readonly tokenFile: string | null;
  readonly tlsCaFile: string | null;
  readonly tlsCertFile: string | null;
  readonly tlsKeyFile: string | null;
}

/** The server list as it may be shown: credentials written into a URL (`nats://u:p@host`) are masked. */
export function shownServers(servers: string): string {
  return servers.replace(/\/\/[^/@\s,]*@/g, '//***@');
}

/** A start-up problem with NATS, as one line. */
export class NatsStartError extends Error {}

/** The first line of a secret file, without its newline. */
function secret(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/, 1)[0] ?? '';
  } catch (err) {
    throw new NatsStartError(
      `${what} ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

export function connectionOptions(s: NatsSettings, name: string): ConnectionOptions {
  const options: ConnectionOptions = {
    servers: s.servers
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u !== ''),
    name,
    // NATS unreachable at start must fail within the contract's 10 s (cluster.md).
    timeout: 4000,
    // Once connected, keep trying for ever: the safety timers stop outputs meanwhile.
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    // A silent server is found by pings too, not only by a closed socket.
    pingInterval: 1000,
    maxPingOut: 2,
  };
  if (s.credsFile !== null) {
    let creds: Uint8Array;
    try {
      creds = readFileSync(s.credsFile);
    } catch (err) {
      throw new NatsStartError(
        `--nats-creds ${s.credsFile} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    options.authenticator = credsAuthenticator(creds);
  }
  if (s.user !== null) {
    options.user = s.user;
    if (s.passwordFile !== null) options.pass = secret(s.passwordFile, '--nats-password-file');
  }
  if (s.tokenFile !== null) options.token = secret(s.tokenFile, '--nats-token-file');
  if (s.tlsCaFile !== null || s.tlsCertFile !== null) {
    options.tls = {
      ...(s.tlsCaFile !== null ? { caFile: s.tlsCaFile } : {}),
      ...(s.tlsCertFile !== null ? { certFile: s.tlsCertFile } : {}),
      ...(s.tlsKeyFile !== null ? { keyFile: s.tlsKeyFile } : {}),
    };
  }
  return options;
}

/** Connect, or throw a NatsStartError naming the URL (never a password or token). */
export async function connectNats(s: NatsSettings, name: string): Promise<NatsConnection> {
  const options = connectionOptions(s, name);
  try {
    return await connect(options);
  } catch (err) {
    throw new NatsStartError(`NATS unreachable at ${shownServers(s.servers)}: ${(err as Error).message}`);
  }
}

/** How long a newcomer listens for other nodes' hellos before it goes on. */
const HELLO_WAIT_MS = 300;

/**
 * Answer every other node's hello with ours, and say hello: a node of another protocol version
 * in the room, or a second stage, is refused (NatsStartError), whichever of the two starts second. `onMismatch` hears
 * a newcomer of another version that this running node refuses to talk to.
 */
export async function greetRoom(
  nc: NatsConnection,
  subj: Subjects,
  room: string,
  role: ClusterRole,
  node: string,
  onMismatch: (message: string) => void,
): Promise<void> {
  const ours: Hello = [CLUSTER_PROTOCOL, role, node];
  const payload = pack(ours);
  nc.subscribe(subj.hello, {
    callback: (err, msg) => {
      if (err) return;
      const theirs = readHello(msg.data);
      if (theirs === null || theirs[2] === node) return;
      if (msg.reply) msg.respond(payload);
      if (theirs[0] !== CLUSTER_PROTOCOL) onMismatch(mismatch(room, theirs));
    },
  });
  const inbox = `_INBOX.thrum.${node}`;
  let refusal: string | null = null;
  const sub = nc.subscribe(inbox, {
    callback: (err, msg) => {
      if (err) return;
      const theirs = readHello(msg.data);
      if (theirs === null) return;
      if (theirs[0] !== CLUSTER_PROTOCOL) refusal ??= mismatch(room, theirs);
      // One stage per room: two would each claim the devices' indexes and the latch.
      else if (role === 'stage' && theirs[1] === 'stage')
        refusal ??= `room ${room} already has a stage (${String(theirs[2])}): one stage per room`;
    },
  });
  nc.publish(subj.hello, payload, { reply: inbox });
  await nc.flush();
  await new Promise((resolve) => setTimeout(resolve, HELLO_WAIT_MS));
  sub.unsubscribe();
  if (refusal !== null) throw new NatsStartError(refusal);
}

function readHello(data: Uint8Array): Hello | null {
  try {
    const h = unpack(data);
    return Array.isArray(h) && typeof h[0] === 'number' ? (h as Hello) : null;
  } catch {
    return null;
  }
}

function mismatch(room: string, theirs: Hello): string {
  return `room ${room} has a ${String(theirs[1])} node (${String(theirs[2])}) speaking cluster protocol v${theirs[0]}; this thrum speaks v${CLUSTER_PROTOCOL}: a mixed-version room is refused (run one version in a room)`;
}
