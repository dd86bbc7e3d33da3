// A room of thrum processes on a real nats-server (docs/cluster.md): a stage with the simulated
// device bus and its operator listener, and edges started on demand, each a child process through
// the public CLI.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startNatsServer, type NatsServer } from './nats-server.js';
import { operatorOf, type OperatorAddress } from './operator-client.js';
import { startServer, type ServerProcess } from './server-process.js';

let rooms = 0;

export interface Room {
  readonly name: string;
  nats: NatsServer;
  readonly stage: ServerProcess;
  readonly stageOperator: OperatorAddress;
  readonly dir: string;
  /** Start an edge of this room; `access` becomes its access file. */
  edge(opts?: { access?: unknown; args?: readonly string[] }): Promise<ServerProcess>;
  stop(): Promise<void>;
}

export function clusterArgs(role: 'stage' | 'edge', nats: NatsServer, room: string): string[] {
  return ['--cluster-role', role, '--nats', nats.url, '--room', room];
}

export async function startRoom(stageArgs: readonly string[] = []): Promise<Room> {
  const name = `room${process.pid}x${++rooms}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'thrum-room-'));
  const nats = await startNatsServer();
  const stage = await startServer([
    ...clusterArgs('stage', nats, name),
    '--operator-port',
    '0',
    ...stageArgs,
  ]);
  const stageOperator = await operatorOf(stage);
  const edges: ServerProcess[] = [];
  let edgeFiles = 0;
  const room: Room = {
    name,
    nats,
    stage,
    stageOperator,
    dir,
    async edge(opts = {}) {
      const args = [...clusterArgs('edge', room.nats, name), ...(opts.args ?? [])];
      if (opts.access !== undefined) {
        const file = path.join(dir, `edge-access-${++edgeFiles}.json`);
        writeFileSync(file, JSON.stringify(opts.access));
        args.push('--access-config-file', file, '--operator-port', '0');
      }
      const edge = await startServer(args, { simulated: false });
      edges.push(edge);
      return edge;
    },
    async stop() {
      await Promise.all([...edges, stage].map((p) => p.stop('SIGKILL')));
      await room.nats.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return room;
}
