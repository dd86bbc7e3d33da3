// Upstream's device test cases (../shared/reference/device-tests/*.yaml), each at every spec
// version upstream runs it at (v2, v3, v4; see upstream-runs.ts), end to end through a real thrum
// process: simulated peripheral ↔ simulated device bus ↔ protocol ↔ hub ↔ session ↔ raw client.
// The folder is globbed at test time; a case is skipped only with a reason in its title (its
// protocol is not built yet, or upstream does not run it). One server serves every case without
// a config file; a case with a device/user config file gets its own server with those flags.

import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { hasReference, referencePath, REFERENCE_SKIP_REASON, scratchCopy } from '../helpers/reference.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { caseConfigPath, caseProtocol, type CaseProtocol } from './case-protocol.js';
import { runCase } from './case-runner.js';
import { readDeviceCase, type DeviceCase } from './device-case.js';
import { NOT_RUN_UPSTREAM, upstreamVersions } from './upstream-runs.js';

const files = hasReference
  ? readdirSync(referencePath('device-tests'))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
  : [];

const tally = { passed: 0, failed: 0, skipped: 0, skippedNames: new Set<string>() };

function skip(title: string, name: string): void {
  tally.skipped++;
  tally.skippedNames.add(name);
  it.skip(title, () => {});
}

function configArgs(c: DeviceCase): string[] {
  return [
    ...(c.deviceConfigFile !== undefined ? ['--device-config-file', caseConfigPath(c.deviceConfigFile)] : []),
    // thrum records new devices in this file: it gets a copy, never the reference itself.
    ...(c.userDeviceConfigFile !== undefined ? ['--user-device-config-file', scratchCopy(caseConfigPath(c.userDeviceConfigFile))] : []),
  ];
}

/** Peripheral addresses: unique per case and version, or the case's own where a user config matches on it. */
function addresses(c: DeviceCase, version: number): string[] {
  const stem = c.file.replace(/\.yaml$/, '');
  return c.devices.map((d, i) => (c.userDeviceConfigFile !== undefined && d.address !== undefined ? d.address : `conformance-${stem}-v${version}-${i}`));
}

describe.skipIf(!hasReference)(hasReference ? 'upstream device cases through a real server' : `upstream device cases — skipped: ${REFERENCE_SKIP_REASON}`, () => {
  let shared: ServerProcess | undefined;
  const dedicated = new Map<string, Promise<ServerProcess>>();

  beforeAll(async () => {
    shared = await startServer();
  });

  afterAll(async () => {
    await Promise.all([shared?.stop(), ...[...dedicated.values()].map(async (s) => (await s).stop())]);
    const names = [...tally.skippedNames].sort().join(', ');
    const ran = tally.passed + tally.failed;
    console.log(`conformance: ${tally.passed}/${ran} passed (${tally.skipped} skipped: ${names})`);
  });

  function serverFor(c: DeviceCase): Promise<ServerProcess> {
    const args = configArgs(c);
    if (args.length === 0) return Promise.resolve(shared!);
    const key = args.join(' ');
    let s = dedicated.get(key);
    if (!s) {
      s = startServer(args);
      dedicated.set(key, s);
    }
    return s;
  }

  for (const file of files) {
    let c: DeviceCase;
    let protocol: CaseProtocol;
    try {
      c = readDeviceCase(referencePath('device-tests', file));
      protocol = caseProtocol(c);
    } catch (e) {
      it(`${file} — cannot be read`, () => {
        throw e;
      });
      continue;
    }
    const protocolName = protocol.kind === 'unmatched' ? file : protocol.protocol;

    const notRun = NOT_RUN_UPSTREAM.get(file);
    if (notRun !== undefined) {
      skip(`${file} — skipped: upstream does not run this case (${notRun})`, protocolName);
      continue;
    }
    for (const version of upstreamVersions(file)) {
      const title = `${file} @v${version}`;
      if (protocol.kind === 'not-built') {
        skip(`${title} — skipped: protocol "${protocol.protocol}" not built yet`, protocolName);
      } else if (protocol.kind === 'unmatched') {
        skip(`${title} — skipped: no protocol in the device database matches name "${protocol.name}"`, protocolName);
      } else {
        it(title, { timeout: 20_000 }, async () => {
          try {
            const server = await serverFor(c);
            await runCase(c, version, server, { addresses: addresses(c, version) });
            tally.passed++;
          } catch (e) {
            tally.failed++;
            throw e;
          }
        });
      }
    }
  }
});
