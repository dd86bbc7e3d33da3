// The upstream cases that drive several features in one step, at spec v4, sent the way the real
// v4 client sends them: buttplug@5's runOutput sends one OutputCmd frame per feature, back to back
// in one turn, and each frame is answered on its own. Each frame is a separate commit to the bus
// worker, so unless the device's coalescer waits for the rest of the burst, a multi-motor device
// gets a packet with motor 1 only and the others a gap later, and the case's expected bytes do
// not match. Run 20 times in a row per case, because a race lost now and then is the failure this
// guards against. (device-cases.test.ts runs the same cases with all OutputCmds in one frame.)

import { afterAll, describe, expect, it } from 'vitest';
import { hasReference, REFERENCE_SKIP_REASON } from '../helpers/reference.js';
import { runCase } from './case-runner.js';
import {
  caseAddresses,
  caseFiles,
  CaseServers,
  loadCase,
  whyNotRunnable,
  type LoadedCase,
} from './case-suite.js';
import { drivesSeveralOutputsAtOnce } from './device-case.js';
import { upstreamVersions } from './upstream-runs.js';

const VERSION = 4;
const REPETITIONS = 20;

const selected = caseFiles()
  .map(loadCase)
  .filter((l): l is Extract<LoadedCase, { kind: 'loaded' }> => l.kind === 'loaded')
  .filter(
    (l) =>
      whyNotRunnable(l) === undefined &&
      upstreamVersions(l.file).includes(VERSION) &&
      drivesSeveralOutputsAtOnce(l.case, VERSION),
  );

describe.skipIf(!hasReference)(
  hasReference
    ? `multi-feature cases at v${VERSION}, one frame per OutputCmd`
    : `multi-feature frames — skipped: ${REFERENCE_SKIP_REASON}`,
  () => {
    const servers = new CaseServers();

    afterAll(async () => {
      await servers.stopAll();
    });

    it('finds the cases that drive several features in one step (the selection is not empty)', () => {
      // The ones named in issue 9; the rest are found by reading the cases.
      const files = selected.map((l) => l.file);
      for (const f of [
        'test_satisfyer_dual_vibrator.yaml',
        'test_satisfyer_triple_vibrator.yaml',
        'test_wevibe_4plus.yaml',
        'test_magic_motion_4_bobi.yaml',
      ]) {
        expect(files).toContain(f);
      }
    });

    // Concurrent (vitest's maxConcurrency, 5 by default): each case keeps its own 20 runs in a row,
    // and several devices sharing the bus worker at once is the server's normal life.
    describe.concurrent('one frame per OutputCmd', () => {
      for (const { file, case: c } of selected) {
        it(`${file} @v${VERSION}, ${REPETITIONS} times in a row`, { timeout: 90_000 }, async () => {
          const server = await servers.serverFor(c);
          const addresses = caseAddresses(c, VERSION, 'frames');
          for (let run = 1; run <= REPETITIONS; run++) {
            try {
              await runCase(c, VERSION, server, { addresses, frames: 'each' });
            } catch (e) {
              throw new Error(`run ${run} of ${REPETITIONS}: ${(e as Error).message}`, { cause: e });
            }
          }
        });
      }
    });
  },
);
