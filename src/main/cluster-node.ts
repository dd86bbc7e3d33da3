// Starting this process as a stage or an edge of a room (docs/cluster.md): the NATS connection,
// the mixed-version check, and the link that sits beside (stage) or under (edge) the device hub.
// Everything about the wire lives in src/cluster; this file only joins it to the server.

import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats, greetRoom, NatsStartError } from '../cluster/nats-link.js';
import { EdgeLink } from '../cluster/edge-link.js';
import { StageLink } from '../cluster/stage-link.js';
import { subjects, type Subjects } from '../cluster/wire.js';
import type { ClusterMetrics, ClusterState } from '../operator/backend.js';
import type { ServerOptions } from './cli.js';
import type { DeviceHub } from './device-hub.js';
import { log } from './log.js';

/** What the operator side reads of a cluster node. */
export interface ClusterInfo {
  state(): ClusterState;
  metrics(): ClusterMetrics;
}

export interface ClusterConnection {
  readonly nc: NatsConnection;
  readonly node: string;
  readonly subjects: Subjects;
  readonly room: string;
  readonly role: 'stage' | 'edge';
}

/** Connect to NATS and make sure no node of another protocol version is in the room. */
export async function joinRoom(
  options: ServerOptions,
  fail: (message: string) => Error,
): Promise<ClusterConnection> {
  const role = options.clusterRole!;
  const room = options.room!;
  const node = randomUUID().slice(0, 8);
  const settings = {
    servers: options.nats!,
    credsFile: options.natsCredsFile,
    user: options.natsUser,
    passwordFile: options.natsPasswordFile,
    tokenFile: options.natsTokenFile,
    tlsCaFile: options.natsTlsCaFile,
    tlsCertFile: options.natsTlsCertFile,
    tlsKeyFile: options.natsTlsKeyFile,
  };
  let nc: NatsConnection;
  try {
    nc = await connectNats(settings, `thrum ${role} ${room} ${node}`);
  } catch (err) {
    throw fail((err as Error).message);
  }
  const subj = subjects(room);
  try {
    await greetRoom(nc, subj, room, role, node, (message) => log('error', message));
  } catch (err) {
    await nc.close();
    throw fail(err instanceof NatsStartError ? err.message : `NATS: ${(err as Error).message}`);
  }
  return { nc, node, subjects: subj, room, role };
}

/** This node's name for the operator: the flag's, else host name and client port. */
export function nodeName(options: ServerOptions, port: number): string {
  return options.clusterNodeName ?? `${hostname()}:${port}`;
}

export function edgeLink(conn: ClusterConnection, name: string, clients: () => number): EdgeLink {
  return new EdgeLink({
    nc: conn.nc,
    subjects: conn.subjects,
    node: conn.node,
    name,
    clients,
    log: (level, message) => log(level, `cluster: ${message}`),
  });
}

export function edgeInfo(conn: ClusterConnection, link: EdgeLink): ClusterInfo {
  return {
    state: () => ({
      role: 'edge',
      room: conn.room,
      node: conn.node,
      nats: conn.nc.isClosed() ? 'lost' : 'connected',
      stage: link.stageConnected ? 'up' : 'lost',
    }),
    metrics: () => ({ ...link.counters.traffic(), commands: link.commandsIn, intents: link.intentsOut }),
  };
}

export function stageLink(
  conn: ClusterConnection,
  hub: DeviceHub,
  control: { emergencyStop(who: string): void; release(who: string): boolean },
): StageLink {
  return new StageLink({
    nc: conn.nc,
    subjects: conn.subjects,
    node: conn.node,
    hub,
    emergencyStop: (who) => control.emergencyStop(who),
    release: (who) => control.release(who),
    log: (level, message) => log(level, `cluster: ${message}`),
  });
}

export function stageInfo(conn: ClusterConnection, link: StageLink): ClusterInfo {
  return {
    state: () => ({
      role: 'stage',
      room: conn.room,
      node: conn.node,
      nats: link.natsConnected ? 'connected' : 'lost',
      edges: link.edgeViews(),
    }),
    metrics: () => ({
      ...link.counters.traffic(),
      intents: link.intentsIn,
      edgesUp: link.edgeViews().filter((e) => e.link === 'up').length,
    }),
  };
}
