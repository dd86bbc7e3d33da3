// Coalescing benchmark: one client streams 1,000 OutputCmd/s for 5 s at a simulated Lovense Hush
// whose DeviceMessageTimingGap is 50 ms, and the peripheral timestamps every write it receives.
// Sender and peripheral share this process's clock, so latencies need no clock sync. Then stops
// sent mid-stream, and a second, idle Hush on the same bus getting two commands 1 ms apart while
// the first streams: its first command must go out at once, not wait for the other's batching.
// Last, an idle two-motor Satisfyer Double Desire on the same bus, while the Hush streams, gets
// both motors set as two OutputCmd frames sent back to back (as buttplug@5's runOutput sends
// them): they must reach it as one packet carrying both values, about as soon.
//
// The device config is built at run time from the upstream reference file (never committed): the
// lovense protocol only, with `message_gap_ms: 50` on the Hush and, for the benchmark only, the
// Hush's vibrator range widened from 0–20 to 0–10000 steps so that each of the 5,000 commands
// carries its own value and every write can be traced to the command it came from. The coalescer
// and the encoder do not look at the range; the validator accepts the wider one.
//
//   node --import tsx bench/coalescing.ts     (after `npm run build`)

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { freePort, QUICK, ROOT, sleep, startThrum, tmpDir, type ServerProcess } from './lib.js';
import { SimDoubleDesire, SimHush, type DeviceWrite } from './sim-devices.js';
import type { BurstTrial, CoalescingResults, IdleTrial, StopTrial, StreamRun } from './results.js';

export const GAP_MS = 50;
export const RATE = 1000;
export const STREAM_MS = 5000;
const RANGE_TOP = 10_000;
const STREAMS = QUICK ? 1 : 3;
const STOP_TRIALS = QUICK ? 3 : 5;
const IDLE_TRIALS = QUICK ? 10 : 30;
const BURST_TRIALS = QUICK ? 10 : 30;
/** The Double Desire's DeviceMessageTimingGap: the Bluetooth LE default, thrum lists it. */
const DUAL_GAP_MS = 75;

interface Lovense {
  defaults: { features: { output?: { vibrate?: { value: number[] } } }[] };
  configurations: { identifier?: string[]; message_gap_ms?: number; features?: unknown }[];
}

/** The lovense protocol of the upstream reference config, Hush gap 50 ms, written to a temp file. */
function writeDeviceConfig(): string {
  const refPath = path.resolve(ROOT, '..', 'shared', 'reference', 'buttplug-device-config-v4.json');
  const ref = JSON.parse(readFileSync(refPath, 'utf8')) as {
    version: unknown;
    protocols: Record<string, Lovense>;
  };
  const lovense = structuredClone(ref.protocols.lovense);
  if (!lovense) throw new Error(`${refPath} has no lovense protocol`);
  const hush = lovense.configurations.find((c) => c.identifier?.includes('Z'));
  if (!hush) throw new Error('reference lovense protocol has no Hush (identifier Z)');
  hush.message_gap_ms = GAP_MS;
  const features = structuredClone(lovense.defaults.features);
  for (const f of features) if (f.output?.vibrate) f.output.vibrate.value = [0, RANGE_TOP];
  hush.features = features;
  const file = path.join(tmpDir(), 'device-config-hush-gap50.json');
  writeFileSync(file, JSON.stringify({ version: ref.version, protocols: { lovense } }));
  return file;
}

/** A v4 JSON client that counts errors and can wait for one reply. */
class Client {
  errors = 0;
  firstError = '';
  #nextId = 1;
  #waiting = new Map<number, (m: Record<string, Record<string, unknown>>) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      for (const m of JSON.parse(raw.toString()) as Record<string, Record<string, unknown>>[]) {
        const [name, body] = Object.entries(m)[0] ?? ['', {}];
        if (name === 'Error') {
          this.errors++;
          this.firstError ||= JSON.stringify(body);
        }
        const w = this.#waiting.get(body.Id as number);
        if (w) {
          this.#waiting.delete(body.Id as number);
          w(m);
        }
      }
    });
  }

  static async connect(url: string): Promise<Client> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const c = new Client(ws);
    await c.request({
      RequestServerInfo: {
        ClientName: 'thrum-bench-coalescing',
        ProtocolVersionMajor: 4,
        ProtocolVersionMinor: 0,
      },
    });
    return c;
  }

  /** Send without waiting; returns the Id used. */
  send(name: string, body: Record<string, unknown>): number {
    const id = this.#nextId++;
    this.ws.send(JSON.stringify([{ [name]: { Id: id, ...body } }]));
    return id;
  }

  request(
    msg: Record<string, Record<string, unknown>>,
    timeoutMs = 5000,
  ): Promise<Record<string, Record<string, unknown>>> {
    const [name, body] = Object.entries(msg)[0] ?? ['', {}];
    const id = this.send(name, body);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no answer to ${name} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#waiting.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  }

  close(): void {
    this.ws.terminate();
  }
}

function output(client: Client, device: number, value: number, feature = 0): void {
  client.send('OutputCmd', {
    DeviceIndex: device,
    FeatureIndex: feature,
    Command: { Vibrate: { Value: value } },
  });
}

/**
 * Send values first..first+count-1 at RATE/s, one frame each; resolves with the send times
 * (index = value − first). A 1 ms interval sends whatever is due, so the average rate holds.
 */
function stream(client: Client, device: number, first: number, count: number): Promise<number[]> {
  const sentAt: number[] = [];
  const t0 = performance.now();
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(count, Math.floor(((performance.now() - t0) * RATE) / 1000) + 1);
      while (sentAt.length < due) {
        sentAt.push(performance.now());
        output(client, device, first + sentAt.length - 1);
      }
      if (sentAt.length >= count) {
        clearInterval(timer);
        resolve(sentAt);
      }
    }, 1);
  });
}

function durationMsOf(sentAt: readonly number[]): number {
  return (sentAt[sentAt.length - 1] ?? 0) - (sentAt[0] ?? 0);
}

function vibrateValue(w: DeviceWrite): number | undefined {
  const m = /^Vibrate:(\d+);$/.exec(w.text);
  return m ? Number(m[1]) : undefined;
}

function analyse(sentAt: readonly number[], writes: readonly DeviceWrite[]): StreamRun {
  const start = sentAt[0] ?? 0;
  const end = sentAt[sentAt.length - 1] ?? 0;
  const seen = writes
    .filter((w) => w.at >= start)
    .map((w) => ({ at: w.at, value: vibrateValue(w) }))
    .filter(
      (w): w is { at: number; value: number } =>
        w.value !== undefined && w.value >= 1 && w.value <= sentAt.length,
    );
  let monotonic = true;
  let stale = 0;
  const ages: number[] = [];
  let j = -1; // index of the newest command sent at least one gap before the current write
  seen.forEach((w, i) => {
    if (i > 0 && w.value <= (seen[i - 1]?.value ?? 0)) monotonic = false;
    while (j + 1 < sentAt.length && (sentAt[j + 1] ?? Infinity) <= w.at - GAP_MS) j++;
    if (j >= 0 && w.value < j + 1) stale++;
    ages.push(w.at - (sentAt[w.value - 1] ?? w.at));
  });
  let maxInSecond = 0;
  for (let a = 0, b = 0; b < seen.length; b++) {
    while ((seen[b]?.at ?? 0) - (seen[a]?.at ?? 0) >= 1000) a++;
    maxInSecond = Math.max(maxInSecond, b - a + 1);
  }
  const bins = new Array<number>(Math.ceil((durationMsOf(sentAt) + GAP_MS) / 1000)).fill(0);
  for (const w of seen) {
    const b = Math.floor((w.at - start) / 1000);
    if (b < bins.length) bins[b] = (bins[b] ?? 0) + 1;
  }
  const intervals = seen
    .slice(1)
    .map((w, i) => w.at - (seen[i]?.at ?? w.at))
    .sort((a, b) => a - b);
  const last = seen.find((w) => w.value === sentAt.length);
  ages.sort((a, b) => a - b);
  const durationMs = end - start;
  return {
    commands: sentAt.length,
    durationMs,
    writes: seen.length,
    // The stream's writes over the stream's length plus the gap in which its last value flushes.
    writesPerSec: (seen.length / (durationMs + GAP_MS)) * 1000,
    maxWritesPerSecond: Math.max(...bins),
    maxWritesInOneSecond: maxInSecond,
    minIntervalMs: intervals[0] ?? Number.NaN,
    medianIntervalMs: intervals[intervals.length >> 1] ?? Number.NaN,
    monotonic,
    staleWrites: stale,
    ageP50Ms: ages[Math.floor(ages.length / 2)] ?? Number.NaN,
    ageMaxMs: ages[ages.length - 1] ?? Number.NaN,
    lastValueLatencyMs: last ? last.at - end : Number.POSITIVE_INFINITY,
  };
}

async function stopTrial(client: Client, hush: SimHush, device: number, first: number): Promise<StopTrial> {
  // 120 ms of commands: a write has just gone out and a flush is pending when the stop is sent.
  await stream(client, device, first, 120);
  const t = performance.now();
  client.send('StopCmd', { DeviceIndex: device });
  await sleep(4 * GAP_MS);
  const after = hush.writes.filter((w) => w.at >= t);
  const zero = after.findIndex((w) => w.text === 'Vibrate:0;');
  const zeroWrite = after[zero];
  return {
    latencyMs: zeroWrite ? zeroWrite.at - t : Number.POSITIVE_INFINITY,
    overtaken: zero >= 0 && after.slice(zero + 1).some((w) => (vibrateValue(w) ?? 0) > 0),
  };
}

async function idleTrials(client: Client, streaming: number, idle: SimHush): Promise<IdleTrial[]> {
  const trials: IdleTrial[] = [];
  const background = stream(client, streaming, 1, (RATE * IDLE_TRIALS * 4 * GAP_MS) / 1000 + RATE);
  await sleep(200); // the stream is under way: the bus worker is holding its table
  for (let i = 0; i < IDLE_TRIALS; i++) {
    const value = 2 * i + 1;
    const t = performance.now();
    output(client, idle.deviceIndex, value);
    await sleep(1);
    output(client, idle.deviceIndex, value + 1);
    await sleep(3 * GAP_MS); // both written, and the device idle again
    const own = idle.writes.find((w) => w.at >= t && vibrateValue(w) === value);
    trials.push({ latencyMs: own ? own.at - t : Number.POSITIVE_INFINITY, firstWritten: own !== undefined });
  }
  await background;
  return trials;
}

async function burstTrials(client: Client, streaming: number, dual: SimDoubleDesire): Promise<BurstTrial[]> {
  const trials: BurstTrial[] = [];
  const background = stream(client, streaming, 1, (RATE * BURST_TRIALS * 3 * DUAL_GAP_MS) / 1000 + RATE);
  await sleep(200); // the stream is under way: the bus worker is holding its table
  for (let i = 0; i < BURST_TRIALS; i++) {
    // New values each trial (an unchanged value is not written again), inside the 0–100 range.
    const inner = 10 + i;
    const outer = 60 + i;
    const t = performance.now();
    output(client, dual.deviceIndex, inner, 0);
    output(client, dual.deviceIndex, outer, 1);
    await sleep(3 * DUAL_GAP_MS); // a split would show a second packet one gap later
    const packets = dual.writes.filter((w) => w.at >= t && w.endpoint === 'tx');
    const both = packets.find((w) => w.data[0] === inner && w.data[4] === outer);
    trials.push({ latencyMs: both ? both.at - t : Number.POSITIVE_INFINITY, packets: packets.length });
  }
  await background;
  return trials;
}

export async function runCoalescing(): Promise<CoalescingResults> {
  const configFile = writeDeviceConfig();
  const simPort = await freePort();
  let server: ServerProcess | null = null;
  let hush: SimHush | null = null;
  let second: SimHush | null = null;
  let dual: SimDoubleDesire | null = null;
  let client: Client | null = null;
  try {
    server = await startThrum(simPort, 1024, ['--device-config-file', configFile]);
    hush = await SimHush.attach(simPort, 'bench-coalescing');
    client = await Client.connect(server.url);
    const list = await client.request({ RequestDeviceList: {} });
    const listed = /"DeviceMessageTimingGap":(\d+)/.exec(JSON.stringify(list));
    const device = hush.deviceIndex;
    const runs: StreamRun[] = [];
    for (let s = 0; s < STREAMS; s++) {
      const from = hush.writes.length;
      const sentAt = await stream(client, device, 1, (RATE * STREAM_MS) / 1000);
      await sleep(4 * GAP_MS);
      const run = analyse(sentAt, hush.writes.slice(from));
      runs.push(run);
      process.stdout.write(
        `coalescing stream #${s + 1}: ${run.writes} writes for ${run.commands} commands ` +
          `(${run.writesPerSec.toFixed(1)}/s, max ${run.maxWritesPerSecond} in a second, ${run.maxWritesInOneSecond} in a sliding 1 s, ` +
          `interval min ${run.minIntervalMs.toFixed(1)} median ${run.medianIntervalMs.toFixed(1)} ms), monotonic ${run.monotonic}, ` +
          `${run.staleWrites} stale, value age p50 ${run.ageP50Ms.toFixed(1)} max ${run.ageMaxMs.toFixed(1)} ms, ` +
          `last value after ${run.lastValueLatencyMs.toFixed(1)} ms\n`,
      );
      // Stop, so the next stream's first value (1) is a change.
      client.send('StopCmd', { DeviceIndex: device });
      await sleep(4 * GAP_MS);
    }
    const stops: StopTrial[] = [];
    for (let i = 0; i < STOP_TRIALS; i++) {
      stops.push(await stopTrial(client, hush, device, 5001 + i * 200));
      await sleep(2 * GAP_MS);
    }
    process.stdout.write(
      `coalescing stops: ${stops.map((s) => `${s.latencyMs.toFixed(1)} ms${s.overtaken ? ' (overtaken!)' : ''}`).join(', ')}\n`,
    );
    second = await SimHush.attach(simPort, 'bench-coalescing-idle');
    const idle = await idleTrials(client, device, second);
    const written = idle.filter((t) => t.firstWritten);
    process.stdout.write(
      `coalescing idle device beside a stream: first value written on its own ${written.length}/${idle.length}, ` +
        `after ${written.map((t) => t.latencyMs.toFixed(1)).join(', ')} ms\n`,
    );
    dual = await SimDoubleDesire.attach(simPort, 'bench-coalescing-dual');
    const bursts = await burstTrials(client, device, dual);
    process.stdout.write(
      `coalescing two motors as two frames to an idle Double Desire beside a stream: one packet ${bursts.filter((b) => b.packets === 1).length}/${bursts.length}, ` +
        `both values after ${bursts.map((b) => b.latencyMs.toFixed(1)).join(', ')} ms\n`,
    );
    return {
      gapMs: GAP_MS,
      listedGapMs: listed ? Number(listed[1]) : Number.NaN,
      runs,
      stops,
      idle,
      bursts,
      errors: client.errors,
      firstError: client.firstError,
    };
  } finally {
    client?.close();
    hush?.close();
    second?.close();
    dual?.close();
    await server?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { coalescingSection } = await import('./report.js');
  const results = await runCoalescing();
  process.stdout.write(`\n${coalescingSection(results)}\n`);
  process.exit(0);
}
