// Upstream's device test cases (../shared/reference/device-tests/*.yaml), each at every spec
// version upstream runs it at (v2, v3, v4; see upstream-runs.ts), end to end through a real thrum
// process: simulated peripheral ↔ simulated device bus ↔ protocol ↔ hub ↔ session ↔ raw client.
// The folder is globbed at test time; a case is skipped only with a reason in its title (its
// protocol is not built yet, or upstream does not run it). One server serves every case without
// a config file; a case with a device/user config file gets its own server with those flags.

import { afterAll, describe, it } from 'vitest';
import { hasReference, REFERENCE_SKIP_REASON } from '../helpers/reference.js';
import { runCase } from './case-runner.js';
import { caseAddresses, caseFiles, CaseServers, loadCase, whyNotRunnable } from './case-suite.js';
import { upstreamVersions } from './upstream-runs.js';

const tally = { passed: 0, failed: 0, skipped: 0, skippedNames: new Set<string>() };

function skip(title: string, name: string): void {
  tally.skipped++;
  tally.skippedNames.add(name);
  it.skip(title, () => {});
}

describe.skipIf(!hasReference)(
  hasReference
    ? 'upstream device cases through a real server'
    : `upstream device cases — skipped: ${REFERENCE_SKIP_REASON}`,
  () => {
    const servers = new CaseServers();

    afterAll(async () => {
      await servers.stopAll();
      const names = [...tally.skippedNames].sort().join(', ');
      const ran = tally.passed + tally.failed;
      console.log(`conformance: ${tally.passed}/${ran} passed (${tally.skipped} skipped: ${names})`);
    });

    for (const file of caseFiles()) {
      const loaded = loadCase(file);
      if (loaded.kind === 'unreadable') {
        it(`${file} — cannot be read`, () => {
          throw loaded.error;
        });
        continue;
      }
      const { case: c, protocol } = loaded;
      const protocolName = protocol.kind === 'unmatched' ? file : protocol.protocol;
      const why = whyNotRunnable(loaded);
      const versions = upstreamVersions(file);
      if (why !== undefined) {
        // A case upstream does not run is named once; one thrum cannot run, once per version.
        for (const title of versions.length === 0 ? [file] : versions.map((v) => `${file} @v${v}`))
          skip(`${title} — skipped: ${why}`, protocolName);
        continue;
      }
      for (const version of versions) {
        it(`${file} @v${version}`, { timeout: 20_000 }, async () => {
          try {
            await runCase(c, version, await servers.serverFor(c), { addresses: caseAddresses(c, version) });
            tally.passed++;
          } catch (e) {
            tally.failed++;
            throw e;
          }
        });
      }
    }
  },
);
