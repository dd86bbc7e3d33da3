// The live-session property: the compiled server with two simulated Lovense toys, and raw
// WebSocket clients that each send a generated sequence of frames (handshakes at random versions,
// valid and near-valid messages, garbage text and binary, the wrong encoding after the first
// frame, oversized frames), then a sentinel. Every frame the server sends back must be a
// well-formed array of messages for the session's version, or the connection must close with a
// code and a reason. After the run the server must still serve a fresh client, its stderr must
// show no uncaught exception, and its memory must stay bounded.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import WebSocket from 'ws';
import { U32_MAX } from '../../src/codec/validate.js';
import { RawClient } from '../helpers/raw-client.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';
import { serverFrameProblems, show, type ReceiveState } from './checks.js';
import {
  frameValue,
  handshake,
  text,
  validMessage,
  VERSIONS,
  type MessageOptions,
  type Version,
} from './messages.js';
import { encodeFrame, frame, type ClientFrame } from './wire.js';

/** The server's --max-frame-bytes here: small, so oversized frames are cheap to send. */
export const LIVE_MAX_FRAME_BYTES = 4096;
/** uWS drops a connection outright (no close frame) above this (client-endpoint.ts). */
const HARD_FRAME_LIMIT = 4 * LIVE_MAX_FRAME_BYTES;
/** A sentinel's Ids: above anything the generators use but U32_MAX. */
const SENTINEL_IDS = [U32_MAX - 2, U32_MAX - 1] as const;
/** How long a connection may take to answer its sentinel or close (a shared 2-core machine). */
const SENTINEL_TIMEOUT_MS = 10_000;
/** Generous: the server's RSS may grow by this much over a whole run. */
export const RSS_GROWTH_LIMIT_KB = 150 * 1024;

export interface FuzzServer {
  readonly server: ServerProcess;
  readonly deviceIndexes: readonly number[];
  stop(): Promise<void>;
}

async function attach(
  simPort: number,
  letter: string,
  address: string,
): Promise<{ peripheral: SimPeripheral; index: number }> {
  const peripheral = await SimPeripheral.lovense(simPort, { letter, address });
  await peripheral.next('accepted');
  const ready = await peripheral.next('ready');
  return { peripheral, index: ready.deviceIndex as number };
}

/**
 * thrum from dist/ with a Lovense Hush (LVS-Z36) and a Nora (LVS-A36) on the simulated bus;
 * `args` adds flags (e.g. --decode-pool).
 */
export async function startFuzzServer(args: readonly string[] = []): Promise<FuzzServer> {
  const server = await startServer([
    '--log',
    'info',
    '--max-frame-bytes',
    String(LIVE_MAX_FRAME_BYTES),
    ...args,
  ]);
  // One after the other, so the devices get the same indexes on every run (reproducible seeds).
  const hush = await attach(server.simPort, 'Z', 'fuzz-hush');
  const nora = await attach(server.simPort, 'A', 'fuzz-nora');
  return {
    server,
    deviceIndexes: [hush.index, nora.index],
    async stop() {
      for (const p of [hush.peripheral, nora.peripheral]) p.close();
      await server.stop();
    },
  };
}

// ------------------------------------------------------------------ scripts

/** One connection's frames. The first frame's kind fixes the connection's encoding. */
export interface Script {
  readonly frames: readonly ClientFrame[];
}

function liveOptions(deviceIndexes: readonly number[]): MessageOptions {
  return {
    deviceIndex: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...deviceIndexes) },
      fc.nat(4),
      fc.integer({ min: 0, max: U32_MAX }),
    ),
    maxString: 3000,
    maxDepth: 400,
  };
}

/** Bytes with a flipped, dropped or inserted byte or a truncation: a damaged valid frame. */
function damaged(bytes: Buffer, at: number, kind: number, byte: number): Buffer {
  if (bytes.length === 0) return Buffer.from([byte]);
  const i = at % bytes.length;
  switch (kind % 4) {
    case 0: {
      const b = Buffer.from(bytes);
      b[i] = b[i]! ^ (byte || 1);
      return b;
    }
    case 1:
      return Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
    case 2:
      return Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
    default:
      return bytes.subarray(0, i);
  }
}

/** A frame of about `size` bytes: one long Test message, or many Pings. */
function oversized(size: number, pings: boolean, binary: boolean): ClientFrame {
  const value = pings
    ? Array.from({ length: Math.ceil(size / 18) }, (_, i) => ({ Ping: { Id: i + 1 } }))
    : [{ Test: { Id: 1, TestString: 'x'.repeat(size) } }];
  return encodeFrame(value, binary, `oversized ~${size} B`);
}

/**
 * One frame of a connection that speaks `binary` (msgpack) or text at spec `version`. Frames the
 * WebSocket layer drops the connection for (invalid UTF-8 text, over the hard size limit) are
 * rare, so most connections live to the end of their script.
 */
function scriptFrame(binary: boolean, version: Version, o: MessageOptions): fc.Arbitrary<ClientFrame> {
  const valid = fc.array(validMessage(version, o), { minLength: 1, maxLength: 5 });
  return fc.oneof(
    { weight: 18, arbitrary: valid.map((v) => encodeFrame(v, binary, `valid v${version}`)) },
    {
      weight: 18,
      arbitrary: frameValue(version, o, 5).map((v) => encodeFrame(v, binary, `mixed v${version}`)),
    },
    {
      weight: 6,
      arbitrary: fc
        .constantFrom(...VERSIONS, 5, 9)
        .chain((v) => handshake(v))
        .map((h) => encodeFrame([h], binary, 'handshake')),
    },
    {
      weight: 6,
      arbitrary: fc
        .oneof(text(200), fc.json())
        .map((t) => frame(false, Buffer.from(t, 'utf8'), 'garbage text')),
    },
    {
      weight: 6,
      arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => frame(true, Buffer.from(b), 'garbage binary')),
    },
    // Not UTF-8 in a text frame: the WebSocket layer must refuse it.
    fc
      .uint8Array({ minLength: 1, maxLength: 40 })
      .map((b) => frame(false, Buffer.concat([Buffer.from([0xff]), b]), 'invalid UTF-8 text')),
    { weight: 6, arbitrary: valid.map((v) => encodeFrame(v, !binary, `other encoding v${version}`)) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.integer({ min: LIVE_MAX_FRAME_BYTES + 1, max: HARD_FRAME_LIMIT }), fc.boolean())
        .map(([size, pings]) => oversized(size, pings, binary)),
    },
    fc
      .integer({ min: HARD_FRAME_LIMIT + 1, max: HARD_FRAME_LIMIT + 8192 })
      .map((size) => oversized(size, false, binary)),
    {
      weight: 3,
      arbitrary: fc.tuple(valid, fc.nat(), fc.nat(), fc.nat(255)).map(([v, at, kind, byte]) => {
        const f = encodeFrame(v, binary, '');
        return frame(binary, damaged(f.bytes, at, kind, byte), `damaged v${version}`);
      }),
    },
  );
}

/** A connection's script: usually a handshake first, then up to seven more frames. */
export function scriptArb(deviceIndexes: readonly number[]): fc.Arbitrary<Script> {
  const o = liveOptions(deviceIndexes);
  return fc.tuple(fc.boolean(), fc.constantFrom(...VERSIONS)).chain(([binary, version]) =>
    fc
      .tuple(
        fc.oneof(
          {
            weight: 3,
            arbitrary: handshake(version).map((h) => [encodeFrame([h], binary, `handshake v${version}`)]),
          },
          fc.constant([]),
        ),
        fc.array(scriptFrame(binary, version, o), { minLength: 1, maxLength: 7 }),
      )
      .map(([first, rest]) => ({ frames: [...first, ...rest] })),
  );
}

// ------------------------------------------------------------------ one run

/** Frames the WebSocket layer fails fast on, closing without a close frame (seen as 1006). */
function dropsConnection(f: ClientFrame): boolean {
  if (f.bytes.length > HARD_FRAME_LIMIT) return true;
  if (f.binary) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(f.bytes);
    return false;
  } catch {
    return true;
  }
}

function sentinel(binary: boolean): ClientFrame {
  const [a, b] = SENTINEL_IDS;
  const value = [
    {
      RequestServerInfo: {
        Id: a,
        ClientName: 'fuzz sentinel',
        ProtocolVersionMajor: 4,
        ProtocolVersionMinor: 0,
      },
    },
    { Ping: { Id: b } },
  ];
  return encodeFrame(value, binary, 'sentinel');
}

function isSentinelReply(m: Record<string, Record<string, unknown>>): boolean {
  const id = Object.values(m)[0]?.Id;
  return id === SENTINEL_IDS[0] || id === SENTINEL_IDS[1];
}

type Closed = { code: number; reason: string };

/** Send `script` on a fresh connection; the problems with what came back ([] when all held). */
export async function runScript(url: string, script: Script): Promise<string[]> {
  const first = script.frames[0];
  const binary = first?.binary ?? false;
  const client = await RawClient.connect(url, binary, { keepFrames: true });
  let closedByServer: Closed | undefined;
  let closing = false;
  void client.closed.then((c) => {
    if (!closing) closedByServer = c;
  });
  let sent = 0;
  for (const f of [...script.frames, sentinel(binary)]) {
    if (client.ws.readyState !== WebSocket.OPEN) break;
    client.ws.send(f.bytes, { binary: f.binary });
    sent++;
  }
  const problems: string[] = [];
  const answered = await Promise.race([
    client.waitFor(isSentinelReply, SENTINEL_TIMEOUT_MS).then(
      () => 'answered',
      () => 'timeout',
    ),
    client.closed.then(() => 'closed'),
  ]);
  if (answered === 'timeout')
    problems.push(`neither answered the sentinel nor closed within ${SENTINEL_TIMEOUT_MS} ms`);
  if (answered !== 'closed') {
    // Ours: whatever arrives until then is still checked; the close is not the server's.
    closing = true;
    client.ws.close(1000, 'fuzz run done');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([client.closed, new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
    client.ws.terminate();
  }
  const state: ReceiveState = { version: undefined };
  client.frames.forEach((f, i) => {
    for (const p of serverFrameProblems(f.data, f.binary, binary, state))
      problems.push(`reply frame ${i}: ${p}`);
  });
  if (closedByServer !== undefined) {
    const { code, reason } = closedByServer;
    const dropped = script.frames.slice(0, sent).some(dropsConnection);
    if (code === 1006 && !dropped) problems.push('connection dropped without a close frame (1006)');
    else if (
      code !== 1006 &&
      !((code >= 1000 && code <= 1015 && code !== 1005) || (code >= 3000 && code <= 4999))
    )
      problems.push(`close code ${code}`);
    else if (code !== 1006 && reason === '') problems.push(`close ${code} without a reason`);
  }
  if (problems.length > 0)
    problems.push(`(${client.frames.length} reply frames; close ${show(closedByServer ?? 'by the client')})`);
  return problems;
}

// ------------------------------------------------------------------ after a run

/** VmRSS of a process in kB, from /proc/<pid>/status. */
export function rssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}

/** Lines of the server's stderr that show an uncaught exception or unhandled rejection. */
export function crashLines(stderr: string): string[] {
  const lines = stderr.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (
      /uncaught|unhandled/i.test(line) ||
      (/^\s+at \S.*:\d+:\d+\)?$/.test(line) && !/^\s+at /.test(lines[i - 1] ?? ''))
    ) {
      out.push(lines.slice(Math.max(0, i - 1), i + 3).join('\n'));
    }
  });
  return out;
}

/** A fresh client still gets a ServerInfo and an Ok to its Ping; the problems otherwise. */
export async function stillServes(server: ServerProcess): Promise<string[]> {
  if (server.child.exitCode !== null || server.child.signalCode !== null)
    return [`server exited (${server.child.exitCode ?? server.child.signalCode})`];
  try {
    const client = await RawClient.handshake(server.url, 4, 'fuzz health check');
    const reply = await client.request('Ping');
    await client.close();
    return 'Ok' in reply ? [] : [`Ping answered with ${show(reply)}`];
  } catch (err) {
    return [`a fresh client was not served: ${(err as Error).message}`];
  }
}
