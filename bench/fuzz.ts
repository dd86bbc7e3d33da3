// The fuzz stage: the same properties as test/fuzz/fuzz.test.ts (test/fuzz/properties.ts), with
// many more runs. Codec properties run in this process; the live session runs against thrum from
// dist/ with two simulated Lovense toys, once per decode path, and reports the server's RSS
// before, after and at peak.
//
//   node --import tsx bench/fuzz.ts       (after `npm run build`; BENCH_QUICK=1 for a short run)
//   FUZZ_SEED, FUZZ_RUNS (runs of each codec property), FUZZ_LIVE_RUNS (connections) override.

import { pathToFileURL } from 'node:url';
import { startFuzzServer } from '../test/fuzz/live-session.js';
import {
  checkProperty,
  CODEC_PROPERTIES,
  fuzzSettings,
  LIVE_VARIANTS,
  liveSessionCampaign,
  type LiveOutcome,
  type PropertyOutcome,
} from '../test/fuzz/properties.js';
import { QUICK, track } from './lib.js';
import type { FuzzResults } from './results.js';

/** Runs of the stage: the suite's are 300 per codec property and 150 connections per server. */
const BENCH_RUNS = QUICK ? { codecRuns: 1_000, liveRuns: 500 } : { codecRuns: 10_000, liveRuns: 5_000 };

export async function runFuzz(say: (line: string) => void = () => {}): Promise<FuzzResults> {
  const settings = fuzzSettings(BENCH_RUNS);
  const done = (p: PropertyOutcome, failed: boolean): void =>
    say(`  ${failed ? 'FAILED' : 'ok'} ${p.name} (${p.runs} runs, ${(p.ms / 1000).toFixed(1)} s)`);
  const codec: PropertyOutcome[] = [];
  for (const p of CODEC_PROPERTIES) {
    const outcome = await checkProperty(p.name, p.property(), settings.seed, settings.codecRuns);
    done(outcome, outcome.failed);
    codec.push(outcome);
  }
  const live: LiveOutcome[] = [];
  for (const variant of LIVE_VARIANTS) {
    const fuzz = await startFuzzServer(variant.args);
    track(fuzz.server.child);
    try {
      const outcome = await liveSessionCampaign(fuzz, settings.seed, settings.liveRuns, variant.name);
      done(outcome, liveFailed(outcome));
      live.push(outcome);
    } finally {
      await fuzz.stop();
    }
  }
  return {
    settings,
    codec,
    live,
    failed: codec.filter((p) => p.failed).length + live.filter(liveFailed).length,
  };
}

function liveFailed(outcome: LiveOutcome): boolean {
  return outcome.failed || outcome.afterProblems.length > 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { fuzzSection } = await import('./report.js');
  const results = await runFuzz((line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`\n${fuzzSection(results)}\n`);
  process.exit(results.failed > 0 ? 1 : 0);
}
