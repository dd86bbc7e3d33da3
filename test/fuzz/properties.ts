// The fuzz properties, shared by the test suite (test/fuzz/fuzz.test.ts, few runs) and the bench
// stage (bench/fuzz.ts, many runs). Seeded: a fixed seed by default, FUZZ_SEED to replay or vary
// it; FUZZ_RUNS sets the runs of each codec property, FUZZ_LIVE_RUNS the live session's
// connections. A failure's report starts with the FUZZ_SEED that replays it.

import fc from 'fast-check';
import { pack } from 'msgpackr';
import type { ClientRequest, SpecVersion } from '../../src/codec/index.js';
import { decodeFrame, NO_VERSION } from '../../src/codec/frame.js';
import { ALL_DEVICES } from '../codec/devices.js';
import { convertProblems, decodeProblems, show } from './checks.js';
import {
  RSS_GROWTH_LIMIT_KB,
  crashLines,
  rssKb,
  runScript,
  scriptArb,
  stillServes,
  type FuzzServer,
} from './live-session.js';
import { CODEC_OPTIONS, frameValue, TABLES, validMessage, VERSIONS, type Version } from './messages.js';
import { described, frame, toJsonText, toMsgpack, type ClientFrame } from './wire.js';

// ------------------------------------------------------------------ settings

/** "thrum" in ASCII: the seed every run uses unless FUZZ_SEED says otherwise. */
export const DEFAULT_SEED = 0x7468_7275;

export interface FuzzSettings {
  readonly seed: number;
  /** Runs of each codec property. */
  readonly codecRuns: number;
  /** Connections of the live session property. */
  readonly liveRuns: number;
}

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** The settings, from the environment over `defaults`. */
export function fuzzSettings(defaults: { codecRuns: number; liveRuns: number }): FuzzSettings {
  return {
    seed: envInt('FUZZ_SEED', DEFAULT_SEED) | 0,
    codecRuns: envInt('FUZZ_RUNS', defaults.codecRuns),
    liveRuns: envInt('FUZZ_LIVE_RUNS', defaults.liveRuns),
  };
}

// ------------------------------------------------------------------ running a property

/** A sync or async fast-check property of any arguments. */
export type FuzzProperty = fc.IRawProperty<unknown, boolean>;

export interface PropertyOutcome {
  readonly name: string;
  readonly seed: number;
  /** Runs done (fewer than asked when it failed). */
  readonly runs: number;
  readonly failed: boolean;
  /** fast-check's report (counterexample, shrink path), prefixed with how to replay it. */
  readonly report: string;
  readonly ms: number;
}

/**
 * Run `property` `numRuns` times from `seed`. Without `shrink` the first failing input is
 * reported as found (the live server's state makes shrinking unreliable there).
 */
export async function checkProperty(
  name: string,
  property: FuzzProperty,
  seed: number,
  numRuns: number,
  shrink = true,
): Promise<PropertyOutcome> {
  const started = performance.now();
  const details = await fc.check(property, { seed, numRuns, endOnFailure: !shrink });
  const error =
    details.errorInstance instanceof Error
      ? details.errorInstance.message
      : String(details.errorInstance ?? '');
  const report = details.failed
    ? `${name}: replay with FUZZ_SEED=${seed}\n${clip(fc.defaultReportMessage(details) ?? '')}\nWhat failed:\n${clip(error)}`
    : '';
  return {
    name,
    seed,
    runs: details.numRuns,
    failed: details.failed,
    report,
    ms: performance.now() - started,
  };
}

/** Every line of a report cut to a readable length (a counterexample can be megabytes). */
function clip(report: string): string {
  return report
    .split('\n')
    .map((line) => (line.length > 2000 ? `${line.slice(0, 2000)}…(${line.length} chars)` : line))
    .join('\n');
}

/** A property body that fails with every problem found. */
function holds(problems: readonly string[]): void {
  if (problems.length > 0) throw new Error(problems.slice(0, 20).join('\n'));
}

// ------------------------------------------------------------------ codec properties

const decodeVersion = fc.constantFrom<SpecVersion | typeof NO_VERSION>(NO_VERSION, ...VERSIONS);

// A valid frame decoded after every garbage one: a parser left in a bad state by an exception
// (msgpackr keeps module-level read state) would decode it wrongly.
const CANARY = [
  { Ping: { Id: 7 } },
  { OutputCmd: { Id: 8, DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: { Value: 3 } } } },
];
const CANARY_BYTES = { text: Buffer.from(JSON.stringify(CANARY)), binary: toMsgpack(CANARY) };
const CANARY_DECODED = JSON.stringify(decodeFrame(CANARY_BYTES.text, false, 4));

function canaryProblems(binary: boolean): string[] {
  const got = JSON.stringify(decodeFrame(binary ? CANARY_BYTES.binary : CANARY_BYTES.text, binary, 4));
  return got === CANARY_DECODED
    ? []
    : [`a valid ${binary ? 'msgpack' : 'JSON'} frame decoded afterwards as ${show(got)}`];
}

/** Bytes that are mostly not a frame: random, msgpack-looking, deeply nested, a damaged frame. */
const garbageBytes: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc
    .tuple(
      fc.constantFrom(0x91, 0x92, 0x9f, 0xdc, 0xdd, 0x81, 0xde, 0xdf, 0xc7, 0xd4, 0x5b),
      fc.uint8Array({ maxLength: 200 }),
    )
    .map(([h, rest]) => Buffer.concat([Buffer.from([h]), rest])),
  // Past msgpackr's recursion limit (a few thousand levels) and well past any real frame.
  fc
    .tuple(fc.integer({ min: 1, max: 20_000 }), fc.boolean())
    .map(([n, msgpack]) =>
      msgpack
        ? Buffer.concat([Buffer.alloc(n, 0x91), Buffer.from([0xc0])])
        : Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`),
    ),
  fc
    .tuple(frameValue(4, CODEC_OPTIONS, 4), fc.boolean(), fc.nat(), fc.nat(255))
    .map(([v, binary, at, byte]) => {
      const bytes = binary ? toMsgpack(v) : Buffer.from(toJsonText(v));
      const b = Buffer.from(bytes);
      if (b.length > 0) b[at % b.length] = byte;
      return at % 3 === 0 ? b.subarray(0, at % (b.length + 1)) : b;
    }),
);

/** msgpack of an arbitrary JS value (dates, maps, sets, typed arrays, bigints …) where msgpackr can write it. */
const anyMsgpack: fc.Arbitrary<Buffer> = fc
  .anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withNullPrototype: true,
    maxDepth: 3,
  })
  .map((v) => {
    try {
      return Buffer.from(pack(Array.isArray(v) ? v : [v]));
    } catch {
      return Buffer.from([0xc1]);
    }
  });

export interface CodecProperty {
  readonly name: string;
  readonly property: () => FuzzProperty;
}

/** Device-command names of `version`: every message but the session-level ones. */
const SESSION_LEVEL = new Set([
  'RequestServerInfo',
  'Ping',
  'StartScanning',
  'StopScanning',
  'RequestDeviceList',
  'StopAllDevices',
  'StopDeviceCmd',
  'RequestLog',
  'Test',
  'StopCmd',
  'Disconnect',
]);
const deviceCommandNames = (v: Version): string[] =>
  [...TABLES[v]!.keys()].filter((n) => !SESSION_LEVEL.has(n));
const DESCRIPTORS = Object.values(ALL_DEVICES);

export const CODEC_PROPERTIES: readonly CodecProperty[] = [
  {
    name: 'decodeFrame: random and damaged bytes, as text and as binary, at every version',
    property: () =>
      fc.property(
        decodeVersion,
        fc.tuple(fc.boolean(), garbageBytes).map(([binary, bytes]) => frame(binary, bytes, 'garbage')),
        (version, f) => {
          holds([...decodeProblems(f.bytes, f.binary, version), ...canaryProblems(f.binary)]);
        },
      ),
  },
  {
    name: 'decodeFrame: random JSON texts and values, random msgpack values',
    property: () =>
      fc.property(
        decodeVersion,
        fc.oneof(
          fc.json().map((t) => frame(false, Buffer.from(t), 'JSON text')),
          fc
            .oneof(fc.string(), fc.string({ unit: 'binary' }))
            .map((t) => frame(false, Buffer.from(t), 'string')),
          fc.jsonValue().map((v) => frame(true, toMsgpack(v), 'msgpack JSON value')),
          anyMsgpack.map((bytes) => frame(true, bytes, 'msgpack value')),
        ),
        (version, f: ClientFrame) =>
          holds([...decodeProblems(f.bytes, f.binary, version), ...canaryProblems(f.binary)]),
      ),
  },
  {
    name: 'decodeFrame: frames of valid, near-valid and random messages, as JSON and as msgpack',
    property: () =>
      fc.property(
        decodeVersion.chain((v) =>
          fc.tuple(
            fc.constant(v),
            frameValue(v === NO_VERSION ? -1 : v, CODEC_OPTIONS).map((value) =>
              described({ value }, () => show(value, 600)),
            ),
          ),
        ),
        ([version, { value }]) =>
          holds([
            ...decodeProblems(Buffer.from(toJsonText(value)), false, version),
            ...decodeProblems(toMsgpack(value), true, version),
          ]),
      ),
  },
  {
    name: 'decodeFrame: every valid message of every version decodes to a request (or its documented refusal)',
    property: () =>
      fc.property(
        fc.constantFrom(...VERSIONS).chain((v) => fc.tuple(fc.constant(v), validMessage(v, CODEC_OPTIONS))),
        fc.boolean(),
        ([version, message], binary) => {
          const name = Object.keys(message)[0]!;
          const bytes = binary ? toMsgpack([message]) : Buffer.from(toJsonText([message]));
          // Before the handshake only RequestServerInfo is decoded; as the first message it is valid.
          const at = name === 'RequestServerInfo' ? NO_VERSION : version;
          const entry = (
            decodeFrame(bytes, binary, at) as ReadonlyArray<
              ClientRequest | { kind: 'Error'; failure: { reason: string } }
            >
          )[0];
          const refused = TABLES[version]!.get(name)?.refused;
          const ok =
            entry !== undefined &&
            (entry.kind !== 'Error' || (refused !== undefined && entry.failure.reason === refused.reason));
          holds(
            ok
              ? decodeProblems(bytes, binary, at)
              : [`valid ${name} at v${version} decoded as ${show(entry)}`],
          );
        },
      ),
  },
  {
    name: 'convertUp: valid device commands of every version, on every test device, stay inside its ranges',
    property: () =>
      fc.property(
        fc
          .constantFrom(...VERSIONS)
          .chain((v) =>
            fc.tuple(
              fc.constant(v),
              fc.array(validMessage(v, CODEC_OPTIONS, deviceCommandNames(v)), { minLength: 1, maxLength: 6 }),
            ),
          ),
        fc.constantFrom(...DESCRIPTORS.keys()),
        fc.boolean(),
        ([version, messages], device, binary) => {
          const bytes = binary ? toMsgpack(messages) : Buffer.from(toJsonText(messages));
          const decoded = decodeFrame(bytes, binary, version) as ReadonlyArray<
            ClientRequest | { kind: 'Error' }
          >;
          const problems: string[] = [];
          for (const entry of decoded)
            if (entry.kind === 'DeviceCommand')
              problems.push(...convertProblems(entry, DESCRIPTORS[device]!, version));
          holds(problems);
        },
      ),
  },
];

// ------------------------------------------------------------------ live session

export interface LiveOutcome extends PropertyOutcome {
  readonly rssBeforeKb: number;
  readonly rssAfterKb: number;
  readonly peakRssKb: number;
  /** Problems found after the runs: a crash, no answer to a fresh client, memory, stderr. */
  readonly afterProblems: readonly string[];
}

/** The servers the live property runs against: each decode path. */
export const LIVE_VARIANTS: ReadonlyArray<{ readonly name: string; readonly args: readonly string[] }> = [
  { name: 'decoding inline', args: [] },
  { name: 'decoding in the pool', args: ['--decode-pool'] },
];

/**
 * `liveRuns` connections with generated scripts against `fuzz`, then the after-run checks. The
 * server's RSS is read before the first run, after every run (peak), and after the last; neither
 * the peak nor the last may exceed the first by more than RSS_GROWTH_LIMIT_KB.
 */
export async function liveSessionCampaign(
  fuzz: FuzzServer,
  seed: number,
  liveRuns: number,
  variant: string,
): Promise<LiveOutcome> {
  const { server } = fuzz;
  const pid = server.child.pid!;
  // Warm-up: the first connections load code paths, so memory is measured from here.
  for (let i = 0; i < 3; i++) await stillServes(server);
  const rssBeforeKb = rssKb(pid);
  let peakRssKb = rssBeforeKb;
  const property = fc.asyncProperty(scriptArb(fuzz.deviceIndexes), async (script) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null)
      throw new Error('the server is not running');
    const problems = await runScript(server.url, script);
    peakRssKb = Math.max(peakRssKb, rssKb(pid));
    holds(problems);
  });
  const outcome = await checkProperty(
    `live session, ${variant}: generated frame sequences on raw connections`,
    property,
    seed,
    liveRuns,
    false,
  );
  const afterProblems = await stillServes(server);
  const rssAfterKb = server.child.exitCode === null ? rssKb(pid) : Number.NaN;
  peakRssKb = Math.max(peakRssKb, Number.isNaN(rssAfterKb) ? 0 : rssAfterKb);
  if (!(rssAfterKb - rssBeforeKb <= RSS_GROWTH_LIMIT_KB))
    afterProblems.push(`RSS grew from ${rssBeforeKb} to ${rssAfterKb} kB (limit +${RSS_GROWTH_LIMIT_KB} kB)`);
  // A transient peak counts too: one small frame that makes the server allocate hundreds of MB is
  // a denial of service even if the memory is given back.
  if (!(peakRssKb - rssBeforeKb <= RSS_GROWTH_LIMIT_KB))
    afterProblems.push(
      `RSS peaked at ${peakRssKb} kB from ${rssBeforeKb} kB (limit +${RSS_GROWTH_LIMIT_KB} kB)`,
    );
  for (const lines of crashLines(server.stderr())) afterProblems.push(`server stderr: ${lines}`);
  return { ...outcome, rssBeforeKb, rssAfterKb, peakRssKb, afterProblems };
}
