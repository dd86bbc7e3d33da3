// Robustness benchmark: what hostile clients cost everyone else.
//
// 1. Fair turns: 20 well-behaved v3 clients each Ping every 10 ms; their RTTs are measured for a
//    window without and then with a flooder (bench/flood-client.ts, its own process) that stops
//    reading and sends Ping frames as fast as its socket takes them, reconnecting whenever thrum
//    closes it.
// 2. Amplification: 6 clients that do not read send 1 MiB frames of `{}` (349,524 messages each),
//    half before the handshake and half after it, reconnecting after each close, for a window;
//    thrum's RSS is sampled every 20 ms throughout and once more after a quiet spell.
//
//   node --import tsx bench/robustness.ts     (after `npm run build`)

import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import {
  BENCH_DIR,
  freePort,
  percentile,
  QUICK,
  rssBytes,
  sleep,
  startThrum,
  track,
  type ServerProcess,
} from './lib.js';
import type { RobustnessResults, RttSummary } from './results.js';

const PROBES = 20;
const PROBE_EVERY_MS = 10;
const WINDOW_MS = QUICK ? 2000 : 5000;
const ATTACKERS = 6;
const ATTACK_MS = QUICK ? 2000 : 5000;
const QUIET_MS = QUICK ? 2000 : 5000;

/** One well-behaved client: a Ping every PROBE_EVERY_MS, RTTs recorded while `recording`. */
class Probe {
  readonly rtts: number[] = [];
  recording = false;
  private readonly sentAt = new Map<number, number>();
  private nextId = 1;
  private timer: NodeJS.Timeout | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const now = performance.now();
      for (const m of JSON.parse(data.toString()) as Array<Record<string, { Id: number }>>) {
        const body = m.Ok;
        if (!body) continue;
        const at = this.sentAt.get(body.Id);
        if (at === undefined) continue;
        this.sentAt.delete(body.Id);
        if (this.recording) this.rtts.push(now - at);
      }
    });
  }

  static async connect(url: string, phase: number): Promise<Probe> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.send(
      JSON.stringify([{ RequestServerInfo: { Id: 1_000_000, ClientName: 'probe', MessageVersion: 3 } }]),
    );
    const probe = new Probe(ws);
    await sleep(phase);
    probe.timer = setInterval(() => probe.ping(), PROBE_EVERY_MS);
    return probe;
  }

  private ping(): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const id = this.nextId++;
    this.sentAt.set(id, performance.now());
    this.ws.send(`[{"Ping":{"Id":${id}}}]`);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.ws.terminate();
  }
}

function summarise(rtts: number[]): RttSummary {
  const sorted = [...rtts].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

async function probeWindow(probes: readonly Probe[]): Promise<RttSummary> {
  for (const p of probes) {
    p.rtts.length = 0;
    p.recording = true;
  }
  await sleep(WINDOW_MS);
  for (const p of probes) p.recording = false;
  return summarise(probes.flatMap((p) => p.rtts));
}

function startFlooder(url: string, seconds: number): Promise<RobustnessResults['flooder']> {
  // At the lowest CPU priority: an attacker sends from its own machine, not from one of the two
  // cores this benchmark shares with thrum and the probes, so its own CPU must not count.
  const argv = [
    process.execPath,
    '--import',
    'tsx',
    path.join(BENCH_DIR, 'flood-client.ts'),
    url,
    String(seconds),
  ];
  const child = track(spawn('nice', ['-n', '19', ...argv], { stdio: ['ignore', 'pipe', 'inherit'] }));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve(JSON.parse(line) as RobustnessResults['flooder']),
    );
    child.once('exit', (code) => reject(new Error(`flood client exited ${code} without a report`)));
  });
}

/** One attacker: connect, maybe shake hands, stop reading, send 1 MiB of `{}`, wait for the close. */
async function attackOnce(
  url: string,
  handshake: boolean,
  frame: string,
  closes: Record<string, number>,
): Promise<void> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  if (handshake)
    ws.send(JSON.stringify([{ RequestServerInfo: { Id: 1, ClientName: 'attacker', MessageVersion: 3 } }]));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  // Not reading: only the close frame has to get through, and the socket is resumed for it.
  const socket = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  socket.pause();
  ws.send(frame);
  const timeout = setTimeout(() => ws.terminate(), 5000);
  await sleep(50);
  socket.resume();
  const code = await closed;
  clearTimeout(timeout);
  closes[code] = (closes[code] ?? 0) + 1;
}

async function amplification(server: ServerProcess): Promise<RobustnessResults['attack']> {
  const frame = `[${'{},'.repeat(349_523)}{}]`;
  const closes: Record<string, number> = {};
  const baselineRss = rssBytes(server.pid);
  let peakRss = baselineRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(server.pid))), 20);
  const until = performance.now() + ATTACK_MS;
  let frames = 0;
  try {
    await Promise.all(
      Array.from({ length: ATTACKERS }, async (_, i) => {
        while (performance.now() < until) {
          await attackOnce(server.url, i % 2 === 1, frame, closes);
          frames++;
        }
      }),
    );
  } finally {
    clearInterval(sampler);
  }
  peakRss = Math.max(peakRss, rssBytes(server.pid));
  await sleep(QUIET_MS);
  return {
    attackers: ATTACKERS,
    ms: ATTACK_MS,
    frames,
    closes,
    baselineRss,
    peakRss,
    afterRss: rssBytes(server.pid),
    quietMs: QUIET_MS,
  };
}

export async function runRobustness(): Promise<RobustnessResults> {
  const simPort = await freePort();
  let server: ServerProcess | null = null;
  const probes: Probe[] = [];
  try {
    server = await startThrum(simPort, 1024, ['--log', 'warn']);
    for (let i = 0; i < PROBES; i++) probes.push(await Probe.connect(server.url, PROBE_EVERY_MS / PROBES));
    await sleep(1000);
    const quiet = await probeWindow(probes);
    const flooding = startFlooder(server.url, (WINDOW_MS + 2000) / 1000);
    await sleep(1000);
    const flooded = await probeWindow(probes);
    const flooder = await flooding;
    for (const p of probes) p.close();
    process.stdout.write(
      `robustness: probe RTT quiet p50 ${quiet.p50Ms.toFixed(2)} p99 ${quiet.p99Ms.toFixed(2)} ms; during a flood p50 ${flooded.p50Ms.toFixed(2)} p99 ${flooded.p99Ms.toFixed(2)} max ${flooded.maxMs.toFixed(1)} ms; flooder ${JSON.stringify(flooder)}\n`,
    );
    const attack = await amplification(server);
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
    process.stdout.write(
      `robustness: amplification ${attack.frames} frames of 1 MiB: RSS ${mb(attack.baselineRss)} → peak ${mb(attack.peakRss)} → ${mb(attack.afterRss)} after ${attack.quietMs / 1000} s; closes ${JSON.stringify(attack.closes)}\n`,
    );
    return {
      probes: PROBES,
      probeEveryMs: PROBE_EVERY_MS,
      windowMs: WINDOW_MS,
      quiet,
      flooded,
      flooder,
      attack,
    };
  } finally {
    for (const p of probes) p.close();
    await server?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { robustnessSection } = await import('./report.js');
  const results = await runRobustness();
  process.stdout.write(`\n${robustnessSection(results)}\n`);
  process.exit(0);
}
