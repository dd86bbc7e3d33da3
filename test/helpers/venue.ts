// A server as a venue runs it, for tests: an access file (in a fresh temporary folder) with `ask`
// admission on loopback, one operator token, a `performer` role and one performer token, and the
// operator listener on a free port. Tests that need other rules write their own access file.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tokenHash } from '../../src/access/tokens.js';
import { operatorOf, type OperatorAddress } from './operator-client.js';
import { startServer, type ServerProcess } from './server-process.js';

export interface VenueOptions {
  /** The operator token (its SHA-256 goes into the file as "front-desk"). */
  readonly operatorToken: string;
  /** A performer token (its SHA-256 goes into the file as `performerTokenName`). */
  readonly performerToken: string;
  readonly performerTokenName?: string;
  /** How long an ask client waits for the operator. */
  readonly waitSeconds: number;
  /** More server flags (the folder's path is given to `args` so files can live in it). */
  readonly args?: (dir: string) => readonly string[];
  readonly simulated?: boolean;
}

export interface Venue {
  readonly server: ServerProcess;
  readonly op: OperatorAddress;
  /** The temporary folder holding the access file (and anything `args` put there). */
  readonly dir: string;
  /** Stop the server and remove the folder. */
  stop(): Promise<void>;
}

export async function startVenue(o: VenueOptions): Promise<Venue> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'thrum-venue-'));
  const accessFile = path.join(dir, 'access.json');
  writeFileSync(
    accessFile,
    JSON.stringify({
      admission: { loopback: 'ask', waitSeconds: o.waitSeconds },
      operatorTokens: [{ name: 'front-desk', sha256: tokenHash(o.operatorToken) }],
      roles: { performer: { devices: ['*'] } },
      tokens: [
        {
          name: o.performerTokenName ?? 'performer-app',
          sha256: tokenHash(o.performerToken),
          role: 'performer',
        },
      ],
    }),
  );
  const server = await startServer(
    ['--access-config-file', accessFile, '--operator-port', '0', ...(o.args?.(dir) ?? [])],
    {
      simulated: o.simulated ?? true,
    },
  );
  const op = await operatorOf(server);
  return {
    server,
    op,
    dir,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
