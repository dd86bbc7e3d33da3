// Micro-benchmarks (tinybench). Each group races a candidate against its alternative in one
// Bench, inputs built outside the measured functions:
//   1. decode + validate + convert up, per spec version, JSON text vs msgpack binary frames
//      (the codec's public API: parseJsonFrame / parseMsgpackFrame, decodeMessage, convertUp),
//      one message per frame and a 32-message frame;
//   2. a burst of commands into the Coalescer vs encoding and writing every command;
//   3. the Lovense encoder (via PROTOCOLS) for the Hush and for a 3-motor Mply toy vs the bare
//      text encoding of the same packet (TextEncoder, as the encoder does, and Buffer.from);
//   4. the per-frame connection limits and the /metrics message count beside a whole Session.onFrame;
//   5. the policy step (view, cap, rate limit) per command, with and without a role;
//   6. a command frame through Session.onFrame (real hub) beside the end-to-end floor's handler.
//
//   node --import tsx bench/micro.ts

import { pack, Packr, Unpackr } from 'msgpackr';
import { Bench } from 'tinybench';
import { pathToFileURL } from 'node:url';
import {
  convertUp,
  decodeMessage,
  parseJsonFrame,
  parseMsgpackFrame,
  type ClientRequest,
  type DecodeError,
  type PositionMemory,
  type SpecVersion,
} from '../src/codec/index.js';
import type {
  BusName,
  DeviceDescriptor,
  FeatureDef,
  OutputCommand,
  ProtocolHandler,
} from '../src/core/index.js';
import { outputKey } from '../src/core/index.js';
import { PROTOCOLS } from '../src/protocols/index.js';
import { decodeFrame, messagesOverLimit, type DecodedFrame } from '../src/codec/frame.js';
import { currentTurn, watchTurn } from '../src/main/fair-turns.js';
import { countMessage, observeAcks, setFrameStamp } from '../src/main/counters.js';
import { NO_STAMP, clockStamp } from '../src/core/shared-clock.js';
import { DeviceHub, type BusPort } from '../src/main/device-hub.js';
import { Session } from '../src/main/session.js';
import { setLogLevel } from '../src/main/log.js';
import { parseAccessConfig } from '../src/access/access-config.js';
import { RolePolicy } from '../src/access/policy.js';
import { Coalescer } from '../src/workers/coalescer.js';
import { QUICK } from './lib.js';
import type { MicroGroup, MicroRow } from './results.js';

const HUSH: DeviceDescriptor = {
  name: 'Lovense Hush',
  messageTimingGap: 75,
  features: [
    { index: 0, description: '', output: { Vibrate: { value: [0, 20] } } },
    { index: 1, description: 'battery', input: { Battery: { value: [[0, 100]], command: ['Read'] } } },
  ],
};

/** Session settings for the groups that run frames through a Session. */
const SESSION_SETTINGS = {
  serverName: 'bench',
  maxPingTime: 0,
  maxFrameBytes: 1 << 20,
  maxMessagesPerFrame: 1024,
  maxBacklogBytes: 4 << 20,
};

function bench(): Bench {
  return QUICK ? new Bench({ time: 100, warmupTime: 20 }) : new Bench({ time: 400, warmupTime: 100 });
}

/**
 * Per-operation figures. Each measured function runs `perCall` operations (a loop over prebuilt
 * inputs), so one sample spans many microseconds and the timer's resolution does not dominate.
 */
function rows(b: Bench, perCall: number): MicroRow[] {
  return b.tasks.map((t) => {
    const r = t.result;
    if (!r || r.error) throw new Error(`micro task ${t.name} failed: ${r?.error?.message ?? 'no result'}`);
    const ns = (r.latency.mean * 1e6) / perCall;
    return { task: t.name, opsPerSec: 1e9 / ns, meanNs: ns, rme: r.latency.rme };
  });
}

// ------------------------------------------------------------------ 1. codec

/** One device command per spec version, Id and value varying across the prebuilt inputs. */
function commandFor(version: SpecVersion, id: number, step: number): object {
  const speed = step / 20;
  switch (version) {
    case 0:
      return { SingleMotorVibrateCmd: { Id: id, DeviceIndex: 0, Speed: speed } };
    case 1:
    case 2:
      return { VibrateCmd: { Id: id, DeviceIndex: 0, Speeds: [{ Index: 0, Speed: speed }] } };
    case 3:
      return {
        ScalarCmd: {
          Id: id,
          DeviceIndex: 0,
          Scalars: [{ Index: 0, Scalar: speed, ActuatorType: 'Vibrate' }],
        },
      };
    case 4:
      return {
        OutputCmd: { Id: id, DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: { Value: step } } },
      };
  }
}

/** Prebuilt frames per case, Ids and values varying. */
const VARIANTS = 64;

/** The device's position memory (the hub keeps one per device; vibration never touches it). */
const HUSH_POSITIONS: PositionMemory = new Map();

/** Full path of one frame: parse, then per message decode + validate + convert up. */
function handleFrame(parsed: unknown[] | { kind: 'Error' }, version: SpecVersion): number {
  if (!Array.isArray(parsed)) throw new Error('frame rejected');
  let n = 0;
  for (const raw of parsed) {
    const req = decodeMessage(raw, version);
    if (req.kind !== 'DeviceCommand') throw new Error(`decoded to ${req.kind}: ${JSON.stringify(req)}`);
    const c = convertUp(req.command, HUSH, 0, HUSH_POSITIONS);
    if (c.kind !== 'outputs') throw new Error(`converted to ${c.kind}: ${JSON.stringify(c)}`);
    n += c.commands.length;
  }
  return n;
}

/** The same through decodeFrame, as a session decodes (the fast path where it applies). */
function handleDecoded(frame: DecodedFrame): number {
  if (!Array.isArray(frame)) throw new Error('frame rejected');
  let n = 0;
  for (const req of frame as ReadonlyArray<ClientRequest | DecodeError>) {
    if (req.kind !== 'DeviceCommand') throw new Error(`decoded to ${req.kind}: ${JSON.stringify(req)}`);
    const c = convertUp(req.command, HUSH, 0, HUSH_POSITIONS);
    if (c.kind !== 'outputs') throw new Error(`converted to ${c.kind}: ${JSON.stringify(c)}`);
    n += c.commands.length;
  }
  return n;
}

async function codecGroup(version: SpecVersion, perFrame: number): Promise<MicroGroup> {
  const texts: string[] = [];
  const binaries: Uint8Array[] = [];
  for (let i = 0; i < VARIANTS; i++) {
    const msgs = Array.from({ length: perFrame }, (_, k) =>
      commandFor(version, i * perFrame + k + 1, ((i + k) % 20) + 1),
    );
    texts.push(JSON.stringify(msgs));
    binaries.push(pack(msgs));
  }
  // Both encodings must decode to accepted commands before they are timed.
  for (let i = 0; i < VARIANTS; i++) {
    handleFrame(parseJsonFrame(texts[i]!), version);
    handleFrame(parseMsgpackFrame(binaries[i]!), version);
  }
  const label = `v${version} ${Object.keys(commandFor(version, 1, 1))[0]} ×${perFrame}`;
  const b = bench();
  let sink = 0;
  // One call = every prebuilt frame once; figures are per frame.
  b.add(`${label} JSON`, () => {
    for (const t of texts) sink += handleFrame(parseJsonFrame(t), version);
  });
  b.add(`${label} msgpack`, () => {
    for (const bin of binaries) sink += handleFrame(parseMsgpackFrame(bin), version);
  });
  // As a session decodes them: decodeFrame reads streamed commands on its fast path (fast-decode.ts).
  const utf8 = texts.map((t) => new TextEncoder().encode(t));
  b.add(`${label} JSON, decodeFrame`, () => {
    for (const bytes of utf8) sink += handleDecoded(decodeFrame(bytes, false, version));
  });
  b.add(`${label} msgpack, decodeFrame`, () => {
    for (const bin of binaries) sink += handleDecoded(decodeFrame(bin, true, version));
  });
  await b.run();
  if (sink === 0) throw new Error('nothing decoded');
  return {
    name: `decode+validate+convert per frame, ${label}`,
    baseline: `${label} JSON`,
    rows: rows(b, VARIANTS),
  };
}

// ------------------------------------------------------------------ 2. coalescer

function lovenseHandler(identifier: string): ProtocolHandler {
  const lovense = PROTOCOLS.find((m) => m.definition.id === 'lovense');
  if (!lovense) throw new Error('no lovense protocol');
  const config = lovense.definition.configurations.find((c) => c.identifiers?.includes(identifier));
  if (!config) throw new Error(`no lovense configuration ${identifier}`);
  const features: readonly FeatureDef[] = config.features ?? lovense.definition.defaults?.features ?? [];
  return lovense.createHandler({ protocol: 'lovense', identifier, config, features });
}

const BURST = 100;

async function coalescerGroup(): Promise<MicroGroup> {
  const handler = lovenseHandler('Z');
  const burst: OutputCommand[] = Array.from({ length: BURST }, (_, k) => ({
    feature: 0,
    type: 'Vibrate',
    value: (k % 20) + 1,
  }));
  let written = 0;
  const write = (): Promise<void> => {
    written++;
    return Promise.resolve();
  };
  const coalescer = new Coalescer({
    gapMs: 75,
    encode: (changed, current) => handler.encode(changed, current),
    write,
    log: () => {},
  });
  const current = new Map<string, OutputCommand>();
  const b = bench();
  b.add(`Coalescer.push ×${BURST} (gap 75 ms)`, () => {
    for (const c of burst) coalescer.push(c);
  });
  b.add(`encode + write every command ×${BURST}`, () => {
    for (const c of burst) {
      current.set(outputKey(c.feature, c.type), c);
      for (const w of handler.encode([c], current)) if (w.data.length > 0) void write();
    }
  });
  await b.run();
  await coalescer.close();
  if (written === 0) throw new Error('nothing written');
  return {
    name: `a burst of ${BURST} commands to one device, per command`,
    baseline: `encode + write every command ×${BURST}`,
    rows: rows(b, BURST),
  };
}

// ------------------------------------------------------------------ 3. Lovense encoder

async function lovenseGroup(): Promise<MicroGroup> {
  const hush = lovenseHandler('Z');
  const lapis = lovenseHandler('U');
  const ascii = new TextEncoder();
  const single: OutputCommand[][] = Array.from({ length: 20 }, (_, k) => [
    { feature: 0, type: 'Vibrate', value: k + 1 },
  ]);
  const triple: OutputCommand[][] = Array.from({ length: 20 }, (_, k) =>
    [0, 1, 2].map((f) => ({ feature: f, type: 'Vibrate' as const, value: ((k + f) % 20) + 1 })),
  );
  const current = new Map<string, OutputCommand>();
  const currentTriple = new Map<string, OutputCommand>(
    triple[0]!.map((c) => [outputKey(c.feature, c.type), c]),
  );
  const b = bench();
  let bytes = 0;
  // One call = 20 flushes (every prebuilt input once); figures are per flush.
  b.add('Hush "Vibrate:v;" via handler.encode', () => {
    for (const changed of single) for (const w of hush.encode(changed, current)) bytes += w.data.length;
  });
  b.add('Lapis "Mply:a:b:c;" via handler.encode', () => {
    for (const changed of triple)
      for (const w of lapis.encode(changed, currentTriple)) bytes += w.data.length;
  });
  b.add('bare TextEncoder "Vibrate:v;"', () => {
    for (let v = 1; v <= 20; v++) bytes += ascii.encode(`Vibrate:${v};`).length;
  });
  b.add('bare Buffer.from(latin1) "Vibrate:v;"', () => {
    for (let v = 1; v <= 20; v++) bytes += Buffer.from(`Vibrate:${v};`, 'latin1').length;
  });
  await b.run();
  if (bytes === 0) throw new Error('nothing encoded');
  return { name: 'Lovense encoder, per flush', baseline: 'bare TextEncoder "Vibrate:v;"', rows: rows(b, 20) };
}

// ------------------------------------------------------------------ 4. per-frame connection limits

/**
 * What issue 9's limits add to every client frame on the main thread: the fair-turn budget check
 * and the pre-parse message count (which returns at once for a frame too short to be over the
 * cap), beside a whole Session.onFrame of the same Ping frame (decode, dispatch, serialize, send
 * into a fake transport) and the decode alone. Issue 10's /metrics count of each message by type
 * (one Map lookup and one increment) is its own row; Session.onFrame includes it. Issue 11's
 * latency work (two clock reads, a shared-clock stamp and a histogram bucket search per frame of
 * device commands) is another; this group's Ping frames pay the arrival clock read and the stamp.
 */
async function limitsGroup(): Promise<MicroGroup> {
  const FRAMES = 100;
  const frames = Array.from(
    { length: FRAMES },
    (_, i) => new TextEncoder().encode(`[{"Ping":{"Id":${i + 2}}}]`).buffer,
  );
  let sent = 0;
  const transport = { send: () => (sent++, true), close: () => {} };
  const hub = {
    attach: () => {},
    detach: () => {},
    stopOwnedBy: () => {},
    frameDone: () => {},
  } as unknown as DeviceHub;
  const settings = SESSION_SETTINGS;
  const session = new Session(transport, hub, settings);
  session.onFrame(
    new TextEncoder().encode('[{"RequestServerInfo":{"Id":1,"ClientName":"b","MessageVersion":3}}]').buffer,
    false,
  );
  const views = frames.map((f) => new Uint8Array(f));
  const b = bench();
  let over = 0;
  b.add('limit checks (turn budget + message count)', () => {
    for (const v of views) {
      if (currentTurn() < 0) over++;
      watchTurn();
      over += messagesOverLimit(v, false, 1024);
    }
  });
  // The type names come from the codec's tables, so they are the same interned strings each time.
  const types = views.map((_, i) => (i % 2 === 0 ? 'Ping' : 'ScalarCmd'));
  b.add('metrics count per message (countMessage)', () => {
    for (const t of types) countMessage(t);
  });
  // Issue 11, per device-command frame: the clock read at arrival, the shared-clock stamp its
  // outputs carry to the bus worker (set and cleared), the clock read at the end of the frame and
  // one histogram observation (a bucket search over 14 bounds, three increments).
  b.add('metrics latency per command frame (2 clock reads, stamp, observeAcks)', () => {
    for (let i = 0; i < FRAMES; i++) {
      const arrivedAt = performance.now();
      setFrameStamp(clockStamp(arrivedAt));
      setFrameStamp(NO_STAMP);
      observeAcks((performance.now() - arrivedAt) / 1000, 1);
    }
  });
  b.add('decodeFrame', () => {
    for (const v of views) if (!Array.isArray(decodeFrame(v, false, 3))) over++;
  });
  // tinybench never yields to the event loop, so no turn ever ends here: a fresh turn's budget is
  // given after each 100 frames (resume() is what fair-turns calls on a new turn).
  b.add('Session.onFrame (decode, answer, send)', () => {
    for (const f of frames) session.onFrame(f, false);
    session.resume();
  });
  await b.run();
  if (sent === 0 || !session.ready) throw new Error('the session did not answer every frame');
  return {
    name: "per client frame: the connection limits and the metrics count beside the frame's whole handling",
    baseline: 'Session.onFrame (decode, answer, send)',
    rows: rows(b, FRAMES),
  };
}

// ------------------------------------------------------------------ 5. the policy step

/**
 * Issue 10's budget: the permission and cap checks may add at most 1 µs per command on the main
 * thread. The same v3 ScalarCmd frames through Session.onFrame, to a hub that only records, by a
 * client with full access (no access file) and by one whose role sees the device through a view,
 * caps Vibrate at 40 % and rate-limits (a rate high enough never to refuse).
 */
async function policyGroup(): Promise<MicroGroup> {
  const FRAMES = 100;
  const frames = Array.from(
    { length: FRAMES },
    (_, i) =>
      new TextEncoder().encode(
        `[{"ScalarCmd":{"Id":${i + 2},"DeviceIndex":0,"Scalars":[{"Index":0,"Scalar":${(i % 20) / 20},"ActuatorType":"Vibrate"}]}}]`,
      ).buffer,
  );
  const device = {
    index: 0,
    bus: 'simulated',
    busDevice: 1,
    address: 'bench',
    protocol: 'lovense',
    descriptor: HUSH,
    outputs: new Map(),
    subscriptions: new Map(),
    lastOutputAt: 0,
  };
  let applied = 0;
  const hub = {
    attach: () => {},
    detach: () => {},
    stopOwnedBy: () => {},
    frameDone: () => {},
    get: (i: number) => (i === 0 ? device : undefined),
    applyOutputs: (_o: number, _d: unknown, commands: readonly OutputCommand[]) =>
      (applied += commands[0]!.value),
  } as unknown as DeviceHub;
  const settings = SESSION_SETTINGS;
  const transport = { send: () => true, close: () => {} };
  const handshake = new TextEncoder().encode(
    '[{"RequestServerInfo":{"Id":1,"ClientName":"b","MessageVersion":3}}]',
  ).buffer;
  const open = new Session(transport, hub, settings);
  open.onFrame(handshake, false);
  const audience = parseAccessConfig(
    JSON.stringify({
      roles: {
        audience: { devices: ['Lovense Hush'], outputs: { Vibrate: { cap: 0.4 } }, ratePerSecond: 1e9 },
      },
    }),
  ).roles.get('audience')!;
  const identity = {
    tokenName: 'bench',
    policy: new RolePolicy(audience),
    ask: false,
    loopback: true,
    address: '127.0.0.1',
    origin: null,
  };
  const capped = new Session(transport, hub, settings, identity);
  capped.onFrame(handshake, false);
  const b = bench();
  b.add('full access (no access file)', () => {
    for (const f of frames) open.onFrame(f, false);
    open.resume();
  });
  b.add('role: view + 40 % cap + rate limit', () => {
    for (const f of frames) capped.onFrame(f, false);
    capped.resume();
  });
  await b.run();
  if (applied === 0 || !open.ready || !capped.ready) throw new Error('the commands did not reach the hub');
  return {
    name: 'a v3 ScalarCmd frame through Session.onFrame, per command',
    baseline: 'full access (no access file)',
    rows: rows(b, FRAMES),
  };
}

// ------------------------------------------------------------------ 6. a command frame, thrum vs the floor

/**
 * Issue 12's target, in one process: the main thread's JavaScript for one command frame in thrum
 * (Session.onFrame with the real DeviceHub, a bus port that only records) beside the end-to-end
 * floor's message handler (bench/floor-server.ts: parse, an Ok per message, serialize), for each
 * end-to-end scenario's command. Both send into nothing, so what differs is what thrum does above
 * the floor: validation, conversion, arbitration, metrics; the syscalls and uWS are the same for
 * both and are left out. Not a target of its own (the end-to-end CPU ratio is): the share of a
 * command's cost that is thrum's to spend.
 */
async function commandFrameGroup(): Promise<MicroGroup> {
  const FRAMES = 200;
  let outputs = 0;
  const port: BusPort = {
    post() {},
    output(_b: BusName, _d: number, c: OutputCommand) {
      outputs += c.value;
    },
    stop() {},
    running: () => ['simulated'],
    restarting: () => [],
    commit() {},
    expedite() {},
  };
  const hub = new DeviceHub(port);
  hub.onBusMessage('simulated', {
    t: 'deviceAdded',
    device: 1,
    address: 'bench',
    protocol: 'lovense',
    descriptor: HUSH,
  });
  const v3 = '{"RequestServerInfo":{"Id":1,"ClientName":"b","MessageVersion":3}}';
  const v4 =
    '{"RequestServerInfo":{"Id":1,"ClientName":"b","ProtocolVersionMajor":4,"ProtocolVersionMinor":0}}';
  const output = (i: number): string =>
    `[{"OutputCmd":{"Id":${i + 2},"DeviceIndex":0,"FeatureIndex":0,"Command":{"Vibrate":{"Value":${i % 21}}}}}]`;
  const scenarios: ReadonlyArray<{
    name: string;
    handshake: string;
    frame: (i: number) => string;
    binary: boolean;
  }> = [
    {
      name: 'JSON v3 VibrateCmd',
      handshake: v3,
      frame: (i) =>
        `[{"VibrateCmd":{"Id":${i + 2},"DeviceIndex":0,"Speeds":[{"Index":0,"Speed":${(i % 20) / 20}}]}}]`,
      binary: false,
    },
    {
      name: 'JSON v3 ScalarCmd',
      handshake: v3,
      frame: (i) =>
        `[{"ScalarCmd":{"Id":${i + 2},"DeviceIndex":0,"Scalars":[{"Index":0,"Scalar":${(i % 20) / 20},"ActuatorType":"Vibrate"}]}}]`,
      binary: false,
    },
    { name: 'JSON v4 OutputCmd', handshake: v4, frame: output, binary: false },
    { name: 'msgpack v4 OutputCmd', handshake: v4, frame: output, binary: true },
  ];
  const floorPackr = new Packr({ useRecords: false, moreTypes: false });
  const floorUnpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });
  const floorText = new TextDecoder('utf-8', { fatal: false });
  let floorBytes = 0;
  // bench/floor-server.ts's wsOnMessage, without the socket.
  const floor = (message: ArrayBuffer, binary: boolean): void => {
    const parsed = (
      binary ? floorUnpackr.unpack(new Uint8Array(message)) : JSON.parse(floorText.decode(message))
    ) as Array<Record<string, { Id?: number }>>;
    const out: unknown[] = new Array(parsed.length);
    for (let i = 0; i < parsed.length; i++) {
      const message = parsed[i]!;
      let name = '';
      // The first key, as the floor finds it (no array from Object.keys).
      // eslint-disable-next-line no-unreachable-loop
      for (const key in message) {
        name = key;
        break;
      }
      const body = message[name];
      out[i] = { Ok: { Id: typeof body?.Id === 'number' ? body.Id : 0 } };
    }
    floorBytes += binary ? floorPackr.pack(out).length : JSON.stringify(out).length;
  };
  const settings = SESSION_SETTINGS;
  let sent = 0;
  const transport = { send: (d: string | Uint8Array) => ((sent += d.length), true), close: () => {} };
  const b = bench();
  for (const sc of scenarios) {
    const encode = (text: string): ArrayBuffer =>
      sc.binary
        ? new Uint8Array(floorPackr.pack(JSON.parse(text))).buffer
        : new TextEncoder().encode(text).buffer;
    const frames = Array.from({ length: FRAMES }, (_, i) => encode(sc.frame(i)));
    const session = new Session(transport, hub, settings);
    session.onFrame(encode(`[${sc.handshake}]`), sc.binary);
    b.add(`${sc.name}: floor handler`, () => {
      for (const f of frames) floor(f, sc.binary);
    });
    b.add(`${sc.name}: thrum Session.onFrame`, () => {
      for (const f of frames) session.onFrame(f, sc.binary);
      session.resume();
    });
  }
  await b.run();
  if (outputs === 0 || sent === 0 || floorBytes === 0) throw new Error('the frames were not handled');
  return {
    name: 'a command frame on the main thread, thrum beside the floor handler (JavaScript only), per frame',
    baseline: 'JSON v3 VibrateCmd: floor handler',
    rows: rows(b, FRAMES),
  };
}

export async function runMicro(): Promise<MicroGroup[]> {
  // The session groups connect clients; their info lines would only clutter the output.
  setLogLevel('warn');
  const groups: MicroGroup[] = [];
  for (const v of [0, 1, 2, 3, 4] as const) groups.push(await codecGroup(v, 1));
  groups.push(await codecGroup(4, 32));
  groups.push(await coalescerGroup());
  groups.push(await lovenseGroup());
  groups.push(await limitsGroup());
  groups.push(await policyGroup());
  groups.push(await commandFrameGroup());
  return groups;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { microSection } = await import('./report.js');
  process.stdout.write(`${microSection(await runMicro())}\n`);
  process.exit(0);
}
