// One load-generator process (forked by load-pool.ts; at most two run at once). Holds many `ws`
// client connections, each handshaken at spec v3 or v4, and on request sends device commands at a
// fixed rate per client (open loop: the schedule does not wait for acks) or closed loop (rate 0:
// each client sends its next command as soon as the previous one's Ok arrives), JSON text frames or
// msgpack binary frames holding the same array of messages. Each ack (Ok with the command's Id)
// gives one round trip, send → ack, on this process's clock.

import { pack, unpack } from 'msgpackr';
import WebSocket from 'ws';
import type { CommandKind, Encoding, LoadReply, LoadRequest } from './load-pool.js';

interface Client {
  readonly ws: WebSocket;
  readonly binary: boolean;
  open: boolean;
  nextId: number;
  step: number;
  /** performance.now() when the next command is due. */
  due: number;
  /** Id → send time of commands not yet acked. */
  readonly pending: Map<number, number>;
  /** Set during the handshake: called with null on ServerInfo, or with the Error's text. */
  onHandshake: ((error: string | null) => void) | null;
  pingId: number;
  onPing: ((ok: boolean) => void) | null;
}

const clients: Client[] = [];
let kind: CommandKind = 'OutputCmd';
let device = 0;
let period = 0;
let ticker: NodeJS.Timeout | null = null;
/** Closed loop running: an ack (or error) for a client's command sends its next one. */
let closedLoop = false;

// Window counters (reset by 'mark').
let measuring = false;
let markAt = 0;
let sent = 0;
let acked = 0;
let errors = 0;
let late = 0;
let firstError = '';
let rtts: number[] = [];

const OPEN_CONCURRENCY = 64;
const HANDSHAKE_TIMEOUT_MS = 15_000;
const TICK_MS = 2;
const STEPS = 20;
let openedTotal = 0;

function command(c: Client, id: number): object {
  c.step = (c.step % STEPS) + 1;
  switch (kind) {
    case 'VibrateCmd':
      return { VibrateCmd: { Id: id, DeviceIndex: device, Speeds: [{ Index: 0, Speed: c.step / STEPS }] } };
    case 'ScalarCmd':
      return {
        ScalarCmd: {
          Id: id,
          DeviceIndex: device,
          Scalars: [{ Index: 0, Scalar: c.step / STEPS, ActuatorType: 'Vibrate' }],
        },
      };
    case 'OutputCmd':
      return {
        OutputCmd: { Id: id, DeviceIndex: device, FeatureIndex: 0, Command: { Vibrate: { Value: c.step } } },
      };
  }
}

function sendFrame(c: Client, messages: object[]): void {
  c.ws.send(c.binary ? pack(messages) : JSON.stringify(messages), { binary: c.binary });
}

function clientOnMessage(c: Client, data: WebSocket.RawData, isBinary: boolean): void {
  const now = performance.now();
  let arr: unknown;
  try {
    arr = isBinary ? unpack(data as Buffer) : JSON.parse(data.toString());
  } catch {
    errors++;
    return;
  }
  if (!Array.isArray(arr)) return;
  for (const m of arr as Record<string, { Id?: number; ErrorMessage?: string }>[]) {
    if (m.Ok) {
      const id = m.Ok.Id ?? 0;
      if (id === c.pingId && c.onPing) {
        c.onPing(true);
        continue;
      }
      const t0 = c.pending.get(id);
      if (t0 === undefined) continue;
      c.pending.delete(id);
      if (measuring) {
        acked++;
        rtts.push(Math.round((now - t0) * 1000) / 1000);
      }
      if (closedLoop) sendNext(c, now);
    } else if (m.Error) {
      const id = m.Error.Id ?? 0;
      const wasPending = c.pending.delete(id);
      if (closedLoop && wasPending) sendNext(c, now);
      if (id === c.pingId && c.onPing) c.onPing(false);
      if (c.onHandshake) c.onHandshake(JSON.stringify(m.Error));
      else if (measuring) {
        errors++;
        if (!firstError) firstError = JSON.stringify(m.Error);
      }
    } else if (m.ServerInfo && c.onHandshake) {
      c.onHandshake(null);
    }
  }
}

function openOne(url: string, version: 3 | 4, encoding: Encoding): Promise<Client | string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const c: Client = {
      ws,
      binary: encoding === 'msgpack',
      open: false,
      nextId: 2,
      // Clients start at different steps, so the device sees changing values (not one value that
      // every client repeats, which the coalescer would rightly drop as unchanged).
      step: openedTotal++ % STEPS,
      due: 0,
      pending: new Map(),
      onHandshake: null,
      pingId: -1,
      onPing: null,
    };
    let settled = false;
    const settle = (v: Client | string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      c.onHandshake = null;
      if (typeof v === 'string') ws.terminate();
      resolve(v);
    };
    const timer = setTimeout(() => settle('handshake timeout'), HANDSHAKE_TIMEOUT_MS);
    c.onHandshake = (error) => {
      c.open = error === null;
      settle(error ?? c);
    };
    ws.on('message', (data, isBinary) => clientOnMessage(c, data, isBinary));
    ws.on('error', (err) => settle(err.message));
    ws.on('close', () => {
      c.open = false;
      settle('closed during handshake');
    });
    ws.on('open', () => {
      const hello =
        version === 4
          ? {
              RequestServerInfo: {
                Id: 1,
                ClientName: 'thrum-bench',
                ProtocolVersionMajor: 4,
                ProtocolVersionMinor: 0,
              },
            }
          : { RequestServerInfo: { Id: 1, ClientName: 'thrum-bench', MessageVersion: version } };
      sendFrame(c, [hello]);
    });
  });
}

async function open(
  url: string,
  count: number,
  version: 3 | 4,
  encoding: Encoding,
): Promise<Omit<Extract<LoadReply, { t: 'opened' }>, 'seq' | 't'>> {
  const t0 = performance.now();
  let opened = 0;
  let failed = 0;
  let error = '';
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      const r = await openOne(url, version, encoding);
      if (typeof r === 'string') {
        failed++;
        error ||= r;
      } else {
        clients.push(r);
        opened++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(OPEN_CONCURRENCY, count) }, worker));
  return { opened, failed, firstError: error, ms: performance.now() - t0 };
}

function sendNext(c: Client, now: number): void {
  if (!c.open) return;
  const id = c.nextId++;
  c.pending.set(id, now);
  sendFrame(c, [command(c, id)]);
  if (measuring) sent++;
}

function tick(): void {
  const now = performance.now();
  for (const c of clients) {
    if (!c.open || now < c.due) continue;
    const id = c.nextId++;
    c.pending.set(id, now);
    sendFrame(c, [command(c, id)]);
    if (measuring) sent++;
    c.due += period;
    // Fell behind by a whole period (a stalled loop): skip rather than burst.
    if (c.due < now) {
      c.due = now + period;
      if (measuring) late++;
    }
  }
}

function run(rate: number, k: CommandKind, dev: number, phase: number, phases: number): void {
  kind = k;
  device = dev;
  if (ticker) clearInterval(ticker);
  ticker = null;
  if (rate === 0) {
    closedLoop = true;
    const now = performance.now();
    for (const c of clients) sendNext(c, now);
    return;
  }
  period = 1000 / rate;
  const now = performance.now();
  // Spread every client of both processes evenly over one period.
  const n = clients.length;
  clients.forEach((c, i) => {
    c.due = now + ((i * phases + phase) / (n * phases)) * period;
  });
  ticker = setInterval(tick, TICK_MS);
}

async function stop(): Promise<number> {
  closedLoop = false;
  if (ticker) clearInterval(ticker);
  ticker = null;
  measuring = false;
  const outstanding = (): number => clients.reduce((s, c) => s + (c.open ? c.pending.size : 0), 0);
  const deadline = performance.now() + 2000;
  while (outstanding() > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const left = outstanding();
  for (const c of clients) c.pending.clear();
  return left;
}

async function ping(): Promise<{ ok: number; failed: number; open: number }> {
  let ok = 0;
  let failed = 0;
  const open = clients.filter((c) => c.open);
  const one = (c: Client): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => done(false), 10_000);
      const done = (good: boolean): void => {
        clearTimeout(timer);
        c.onPing = null;
        if (good) ok++;
        else failed++;
        resolve();
      };
      c.onPing = done;
      c.pingId = c.nextId++;
      sendFrame(c, [{ Ping: { Id: c.pingId } }]);
    });
  // In slices, so 5,000 pings do not all sit in one socket write burst.
  for (let i = 0; i < open.length; i += 500) await Promise.all(open.slice(i, i + 500).map(one));
  return { ok, failed, open: clients.filter((c) => c.open).length };
}

async function closeAll(): Promise<void> {
  closedLoop = false;
  if (ticker) clearInterval(ticker);
  ticker = null;
  const all = clients.splice(0);
  await Promise.all(
    all.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.ws.readyState === WebSocket.CLOSED) return resolve();
          const timer = setTimeout(() => {
            c.ws.terminate();
            resolve();
          }, 3000);
          c.ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          c.ws.close(1000);
        }),
    ),
  );
}

async function handle(req: LoadRequest): Promise<LoadReply> {
  switch (req.t) {
    case 'open':
      return { seq: req.seq, t: 'opened', ...(await open(req.url, req.count, req.version, req.encoding)) };
    case 'run':
      run(req.rate, req.kind, req.device, req.phase, req.phases);
      return { seq: req.seq, t: 'done' };
    case 'mark':
      sent = acked = errors = late = 0;
      firstError = '';
      rtts = [];
      markAt = performance.now();
      measuring = true;
      return { seq: req.seq, t: 'done' };
    case 'report': {
      const windowMs = performance.now() - markAt;
      measuring = false;
      const r = rtts;
      rtts = [];
      return { seq: req.seq, t: 'report', sent, acked, errors, firstError, windowMs, rtts: r, late };
    }
    case 'stop':
      return { seq: req.seq, t: 'done', outstanding: await stop() };
    case 'ping':
      return { seq: req.seq, t: 'pinged', ...(await ping()) };
    case 'close':
      await closeAll();
      return { seq: req.seq, t: 'done' };
  }
}

process.on('message', (req: LoadRequest) => {
  handle(req).then(
    (reply) => process.send!(reply),
    (err: unknown) =>
      process.send!({ seq: req.seq, t: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
});
// The parent is gone: nothing left to measure for.
process.on('disconnect', () => process.exit(0));
