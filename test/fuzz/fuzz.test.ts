// Property-based fuzzing of the codec (decodeFrame, the Errors it leads to, convertUp) and of a
// live session on the compiled server, with a fixed seed: FUZZ_SEED replays or varies it,
// FUZZ_RUNS / FUZZ_LIVE_RUNS size the runs (npm run bench's fuzz stage runs many more). The
// properties themselves are in properties.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFuzzServer, type FuzzServer } from './live-session.js';
import { namesWithoutGenerator, VERSIONS } from './messages.js';
import {
  checkProperty,
  CODEC_PROPERTIES,
  fuzzSettings,
  LIVE_VARIANTS,
  liveSessionCampaign,
  type PropertyOutcome,
} from './properties.js';

const settings = fuzzSettings({ codecRuns: 300, liveRuns: 150 });

/** No counterexample, and every run asked for was done. */
function passes(outcome: PropertyOutcome, runs: number): void {
  if (outcome.failed) throw new Error(outcome.report);
  expect(outcome.runs).toBe(runs);
}

describe('codec', () => {
  it('has a valid-message generator for every client message of every version', () => {
    for (const v of VERSIONS) expect(namesWithoutGenerator(v), `spec v${v}`).toEqual([]);
  });

  for (const p of CODEC_PROPERTIES) {
    it(
      p.name,
      async () =>
        passes(
          await checkProperty(p.name, p.property(), settings.seed, settings.codecRuns),
          settings.codecRuns,
        ),
      120_000,
    );
  }
});

// Both decode paths: inline (the default) and the decode pool (frames decoded on a worker thread,
// queued per client with the frames answered without decoding).
describe.each(LIVE_VARIANTS.map((v) => [v.name, v.args] as const))('live session, %s', (name, args) => {
  let fuzz: FuzzServer;
  beforeAll(async () => {
    fuzz = await startFuzzServer(args);
  });
  afterAll(async () => {
    await fuzz?.stop();
  });

  it('answers every generated frame sequence with well-formed frames or a clean close, and survives', async () => {
    const outcome = await liveSessionCampaign(fuzz, settings.seed, settings.liveRuns, name);
    // A crash fails a run and the checks after it: report both together.
    const after =
      outcome.afterProblems.length > 0 ? `After the runs:\n${outcome.afterProblems.join('\n')}` : '';
    if (outcome.failed || after !== '') throw new Error([outcome.report, after].filter(Boolean).join('\n\n'));
    expect(outcome.runs).toBe(settings.liveRuns);
  }, 180_000);
});
