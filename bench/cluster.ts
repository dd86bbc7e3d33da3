// Cluster benchmark (docs/cluster.md): one stage holding two simulated Lovense Hushes, 1, 2 and 4
// edge processes on this machine, a real nats-server between them, the load generator's clients
// spread evenly over the edges streaming OutputCmd at the first Hush. Measured per configuration:
//   - client send → device write latency: a probe client on the first edge sets the second, idle
//     Hush to a new value every PROBE_MS (longer than its gap, so each is a first-after-idle write
//     that coalescing does not hold); the probe and the peripheral share this process's clock;
//   - commands per second per edge core: commands acknowledged by the edges ÷ the edges' CPU time;
//   - the stage's NATS intake (messages/s in, intents/s) against the commands the edges accepted:
//     the aggregation ratio;
//   - memory per client at an edge: its VmRSS growth while the clients connected ÷ its clients.
//
//   node --import tsx bench/cluster.ts     (after `npm run build`; or BENCH_STAGE=cluster npm run bench)

import { spawn, type ChildProcess } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';
import path from 'node:path';
import { request } from 'node:http';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import {
  cpuSeconds,
  fmt,
  freePort,
  mdTable,
  percentile,
  QUICK,
  rssBytes,
  sleep,
  startServer,
  stopChild,
  track,
  withFdLimit,
  ROOT,
  type ServerProcess,
} from './lib.js';
import { LoadPool } from './load-pool.js';
import { SimHush } from './sim-devices.js';

export const EDGE_COUNTS = [1, 2, 4] as const;
export const CLIENTS = QUICK ? 500 : 5000;
/** Commands per second per client. */
export const RATE = 1;
export const WARMUP_MS = QUICK ? 1000 : 2000;
export const WINDOW_MS = QUICK ? 3000 : 6000;
/** Probe period: longer than the Hush's gap, so each probe value is written at once. */
const PROBE_MS = 120;
const FDS = CLIENTS + 1024;

export interface ClusterRun {
  readonly edges: number;
  readonly clients: number;
  /** Commands the edges acknowledged per second, and the load's ack RTT p99 (ms). */
  readonly acceptedPerSec: number;
  readonly ackP99Ms: number;
  readonly errors: number;
  /** Probe: client send → device write, ms. */
  readonly probes: number;
  readonly probeP50Ms: number;
  readonly probeP99Ms: number;
  /** Commands acknowledged per CPU-second of the edges (all their threads). */
  readonly commandsPerEdgeCoreSec: number;
  /** NATS messages the stage received per second, and intents in them. */
  readonly stageNatsInPerSec: number;
  readonly stageIntentsPerSec: number;
  /** VmRSS growth per client at an edge, bytes (mean over the edges). */
  readonly edgeBytesPerClient: number;
  /** The Hush's gap as thrum lists it, ms. */
  readonly gapMs: number;
}

/** nats-server on `port`, once it accepts connections (killed with every child on exit, lib.ts). */
function natsServer(port: number): Promise<ChildProcess> {
  const cp = track(
    spawn(process.env.NATS_SERVER ?? 'nats-server', ['-p', String(port), '-a', '127.0.0.1'], {
      stdio: 'ignore',
    }),
  );
  const deadline = Date.now() + 10_000;
  return new Promise((resolve, reject) => {
    cp.once('error', reject);
    const attempt = (): void => {
      const sock = tcpConnect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve(cp);
      });
      sock.once('error', () =>
        Date.now() > deadline ? reject(new Error('nats-server did not start')) : setTimeout(attempt, 50),
      );
    };
    attempt();
  });
}

function thrum(name: string, args: readonly string[]): Promise<ServerProcess> {
  const argv = withFdLimit(
    [
      process.execPath,
      path.join(ROOT, 'dist/main/index.js'),
      '--websocket-port',
      '0',
      '--log',
      'warn',
      ...args,
    ],
    FDS,
  );
  return startServer(name, argv);
}

/** The operator port and generated token from a node's ready lines. */
function operatorOf(p: ServerProcess): { port: number; token: string } {
  for (const line of p.stdout) {
    const m = /operator console on http:\/\/[^:]+:(\d+)\/\?token=(\S+)/.exec(line);
    if (m) return { port: Number(m[1]), token: decodeURIComponent(m[2]!) };
  }
  throw new Error(`${p.name}: no operator ready line`);
}

function metric(op: { port: number; token: string }, name: string, labels = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: op.port,
        path: '/metrics',
        headers: { authorization: `Bearer ${op.token}` },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
          resolve(line ? Number(line.split(' ')[1]) : NaN);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A v4 JSON client that sets the probe Hush to a new value every PROBE_MS and records when. */
async function probe(
  url: string,
  device: number,
  until: number,
): Promise<Array<{ value: number; at: number }>> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(
    JSON.stringify([
      { RequestServerInfo: { Id: 1, ClientName: 'probe', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 } },
    ]),
  );
  await new Promise((r) => ws.once('message', r));
  const sent: Array<{ value: number; at: number }> = [];
  let id = 2;
  let value = 1;
  while (performance.now() < until) {
    value = value >= 20 ? 1 : value + 1;
    sent.push({ value, at: performance.now() });
    ws.send(
      JSON.stringify([
        {
          OutputCmd: {
            Id: id++,
            DeviceIndex: device,
            FeatureIndex: 0,
            Command: { Vibrate: { Value: value } },
          },
        },
      ]),
    );
    await sleep(PROBE_MS);
  }
  ws.close();
  return sent;
}

async function runOne(edgeCount: number): Promise<ClusterRun> {
  const natsPort = await freePort();
  const natsProc = await natsServer(natsPort);
  const nats = `nats://127.0.0.1:${natsPort}`;
  const room = `bench${edgeCount}`;
  const simPort = await freePort();
  const stage = await thrum('stage', [
    '--use-simulated-devices',
    '--simulated-devices-port',
    String(simPort),
    '--cluster-role',
    'stage',
    '--nats',
    nats,
    '--room',
    room,
    '--operator-port',
    '0',
  ]);
  const load = await SimHush.attach(simPort, 'bench-load');
  const probed = await SimHush.attach(simPort, 'bench-probe');
  const edges: ServerProcess[] = [];
  for (let i = 0; i < edgeCount; i++)
    edges.push(
      await thrum(`edge${i}`, [
        '--cluster-role',
        'edge',
        '--nats',
        nats,
        '--room',
        room,
        '--operator-port',
        '0',
      ]),
    );
  await sleep(1000); // the edges fetch the device list
  const pool = await LoadPool.start(2, FDS);
  try {
    const rssBefore = edges.map((e) => rssBytes(e.pid));
    for (const e of edges) {
      const opened = await pool.open(e.url, Math.round(CLIENTS / edgeCount), 4, 'json');
      if (opened.failed > 0)
        throw new Error(`${e.name}: ${opened.failed} clients failed to open: ${opened.firstError}`);
    }
    await sleep(1000);
    const rssAfter = edges.map((e) => rssBytes(e.pid));
    await pool.run(RATE, 'OutputCmd', load.deviceIndex);
    await sleep(WARMUP_MS);

    const stageOp = operatorOf(stage);
    const natsIn0 = await metric(stageOp, 'thrum_nats_messages_total', '{direction="in"}');
    const intents0 = await metric(stageOp, 'thrum_cluster_intents_total');
    const cpu0 = edges.map((e) => cpuSeconds(e.pid));
    const t0 = performance.now();
    await pool.mark();
    const writesFrom = probed.writes.length;
    const sent = await probe(edges[0]!.url, probed.deviceIndex, t0 + WINDOW_MS);
    const result = await pool.report();
    const t1 = performance.now();
    const cpu1 = edges.map((e) => cpuSeconds(e.pid));
    const natsIn1 = await metric(stageOp, 'thrum_nats_messages_total', '{direction="in"}');
    const intents1 = await metric(stageOp, 'thrum_cluster_intents_total');
    await pool.stop();

    // Each probe value's first write after it was sent.
    const writes = probed.writes.slice(writesFrom);
    const latencies: number[] = [];
    for (const s of sent) {
      const w = writes.find((x) => x.at >= s.at && x.text === `Vibrate:${s.value};`);
      if (w) latencies.push(w.at - s.at);
    }
    latencies.sort((a, b) => a - b);
    const seconds = (t1 - t0) / 1000;
    const edgeCpu = cpu1.reduce((s, c, i) => s + c - cpu0[i]!, 0);
    return {
      edges: edgeCount,
      clients: CLIENTS,
      acceptedPerSec: result.msgsPerSec,
      ackP99Ms: result.p99,
      errors: result.errors,
      probes: latencies.length,
      probeP50Ms: percentile(latencies, 50),
      probeP99Ms: percentile(latencies, 99),
      commandsPerEdgeCoreSec: edgeCpu > 0 ? result.acked / edgeCpu : NaN,
      stageNatsInPerSec: (natsIn1 - natsIn0) / seconds,
      stageIntentsPerSec: (intents1 - intents0) / seconds,
      edgeBytesPerClient: rssAfter.reduce((s, r, i) => s + (r - rssBefore[i]!), 0) / CLIENTS,
      gapMs: 75,
    };
  } finally {
    await pool.close().catch(() => undefined);
    await pool.shutdown();
    load.close();
    probed.close();
    await Promise.all([...edges.map((e) => e.stop()), stage.stop()]);
    await stopChild(natsProc, 1000);
  }
}

export async function runCluster(say: (line: string) => void = () => undefined): Promise<ClusterRun[]> {
  const runs: ClusterRun[] = [];
  for (const n of EDGE_COUNTS) {
    say(`cluster: ${n} edge${n === 1 ? '' : 's'}, ${CLIENTS} clients at ${RATE}/s`);
    runs.push(await runOne(n));
  }
  return runs;
}

export function clusterSection(runs: readonly ClusterRun[]): string {
  return mdTable(
    [
      'edges',
      'clients',
      'accepted cmd/s',
      'ack p99 ms',
      'errors',
      'probe send→write p50 / p99 ms (n)',
      'cmd per edge CPU-s',
      'stage NATS msgs in/s',
      'stage intents/s',
      'aggregation (accepted ÷ NATS in)',
      'edge RSS per client',
    ],
    runs.map((r) => [
      String(r.edges),
      String(r.clients),
      fmt(r.acceptedPerSec, 0),
      fmt(r.ackP99Ms, 1),
      String(r.errors),
      `${fmt(r.probeP50Ms, 1)} / ${fmt(r.probeP99Ms, 1)} (${r.probes})`,
      fmt(r.commandsPerEdgeCoreSec, 0),
      fmt(r.stageNatsInPerSec, 0),
      fmt(r.stageIntentsPerSec, 0),
      `${fmt(r.acceptedPerSec / r.stageNatsInPerSec, 1)}×`,
      `${fmt(r.edgeBytesPerClient / 1024, 1)} KiB`,
    ]),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runs = await runCluster((l) => process.stdout.write(`${l}\n`));
  process.stdout.write(`${clusterSection(runs)}\n`);
  process.exit(0);
}
