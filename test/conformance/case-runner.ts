// Runs one upstream device case at one spec version through a real thrum server: a simulated
// peripheral per device goes through the initialisation the case lists, a raw client at the spec
// version sends the case's client commands, and every hardware operation the case expects must
// reach the peripheral in order with the exact endpoint, bytes and write-with-response flag.
// Semantics follow upstream's runner (util/device_test/client/client_v*/mod.rs): operations are
// compared one by one as they arrive, events are injected where the case lists them, and a
// !Battery with run_async is answered later (its reading is checked at the end of the case).

import { expect } from 'vitest';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import { CasePeripheral, withTimeout } from './case-peripheral.js';
import { deviceEntries, toWire, type Body, type DeviceEntry, type WireMessage } from './client-messages.js';
import { stepsAt, type ClientCommand, type DeviceCase, type HwOp, type Step } from './device-case.js';

/** How long one expected operation may take to arrive (coalescing gaps are well below this). */
const OP_TIMEOUT_MS = 1000;
const FRAME_TIMEOUT_MS = 2000;
const REPLY_TIMEOUT_MS = 3000;

export interface CaseServer {
  readonly url: string;
  readonly simPort: number;
}

export interface RunOptions {
  /** Peripheral addresses, one per device of the case. */
  readonly addresses: readonly string[];
  /**
   * How the several wire messages of one case message (the per-feature OutputCmds at v4) are
   * sent. 'one' (default): one frame holding them all. 'each': one frame per message, all sent
   * back to back in one turn without waiting for replies, as buttplug@5's runOutput does.
   */
  readonly frames?: 'one' | 'each';
}

function describeOp(op: HwOp): string {
  if (op.kind !== 'write') return `${op.kind} ${op.endpoint}`;
  const text = Buffer.from(op.data).toString('latin1');
  const printable = /^[\x20-\x7e\r\n]*$/.test(text) ? ` ${JSON.stringify(text)}` : '';
  return `write ${op.endpoint} [${op.data.join(', ')}]${printable} withResponse=${op.withResponse}`;
}

/** The last operation each peripheral received, to recognise keepalive repeats of it. */
const lastOp = new WeakMap<CasePeripheral, string>();

async function expectOps(p: CasePeripheral, expected: readonly HwOp[], where: string): Promise<void> {
  for (const [i, want] of expected.entries()) {
    let got: HwOp;
    try {
      // Protocols with a keepalive (Mizz Zee v3: every 200 ms) resend their last packet while
      // idle; on a slow machine a resend can fall between two steps of a case. A resend is an
      // exact repeat of the previous operation: skip those unless the case expects one.
      for (;;) {
        got = await p.nextOp(OP_TIMEOUT_MS);
        const seen = describeOp(got);
        const isRepeat = seen === lastOp.get(p) && seen !== describeOp(want);
        lastOp.set(p, seen);
        if (!isRepeat) break;
      }
    } catch (e) {
      const problems = p.problems.length > 0 ? `; peripheral problems: ${p.problems.join('; ')}` : '';
      throw new Error(
        `${where}: expected operation ${i + 1}/${expected.length} ${describeOp(want)}, but ${(e as Error).message}${problems}`,
      );
    }
    expect(describeOp(got), `${where}: operation ${i + 1}/${expected.length}`).toBe(describeOp(want));
    expect(got, `${where}: operation ${i + 1}/${expected.length}`).toEqual(want);
  }
}

function replyBody(m: Msg): [string, Body] {
  return Object.entries(m)[0] as [string, Body];
}

/** Ids for batched messages, far above the ones RawClient.request counts up from 1. */
let batchId = 1_000_000;

function checkReply(msg: WireMessage, reply: Msg, where: string): Body {
  const [type, body] = replyBody(reply);
  if (type !== msg.reply) {
    throw new Error(
      `${where}: ${msg.type} ${JSON.stringify(msg.body)} was answered with ${JSON.stringify(reply)}, expected ${msg.reply}`,
    );
  }
  return body;
}

async function send(client: RawClient, msg: WireMessage, where: string): Promise<Body> {
  const reply = await withTimeout(
    client.request(msg.type, msg.body),
    REPLY_TIMEOUT_MS,
    `${where}: no reply to ${msg.type}`,
  );
  return checkReply(msg, reply, where);
}

/**
 * Several messages at once, each answered by Id: in one frame (a Buttplug frame is an array of
 * messages), or one frame each, sent back to back without waiting for replies. Used for the
 * per-feature OutputCmds of one case message at v4: upstream's client sends them at the same
 * moment and its server merges them into one flush, so they must reach the server together for
 * the case's expected bytes to be comparable.
 */
async function sendTogether(
  client: RawClient,
  msgs: readonly WireMessage[],
  frames: 'one' | 'each',
  where: string,
): Promise<void> {
  if (msgs.length <= 1) {
    for (const m of msgs) await send(client, m, where);
    return;
  }
  const ids = msgs.map(() => batchId++);
  const replies = ids.map((id) => client.waitFor((m) => replyBody(m)[1]?.Id === id, REPLY_TIMEOUT_MS));
  const wire = msgs.map((m, i) => ({ [m.type]: { Id: ids[i], ...m.body } }));
  if (frames === 'one') client.sendRaw(JSON.stringify(wire));
  else for (const m of wire) client.sendRaw(JSON.stringify([m]));
  const got = await Promise.all(replies);
  got.forEach((reply, i) => checkReply(msgs[i]!, reply, where));
}

function checkReading(msg: WireMessage, body: Body, expected: number, where: string): void {
  expect(msg.reading!(body), `${where}: reading from ${JSON.stringify(body)}`).toBe(expected);
}

export async function runCase(
  c: DeviceCase,
  version: number,
  server: CaseServer,
  opts: RunOptions,
): Promise<void> {
  const simUrl = `ws://127.0.0.1:${server.simPort}`;
  const peripherals: CasePeripheral[] = [];
  let client: RawClient | undefined;
  const asyncChecks: Promise<void>[] = [];
  try {
    for (const [i, d] of c.devices.entries()) {
      const p = await CasePeripheral.open(simUrl, {
        name: d.name,
        address: opts.addresses[i],
        ...(d.services && { services: d.services }),
      });
      peripherals.push(p);
      await p.accepted(FRAME_TIMEOUT_MS);
    }
    const peripheral = (device: number, where: string) => {
      const p = peripherals[device];
      if (!p) throw new Error(`${where}: the case has no device ${device}`);
      return p;
    };

    // Initialisation: only hardware operations and device events.
    for (const [n, s] of stepsAt(c.init, version).entries()) {
      const where = `device_init step ${n + 1} (${s.kind})`;
      if (s.kind === 'messages') throw new Error(`${where}: client messages during initialisation`);
      if (s.kind === 'commands') await expectOps(peripheral(s.device, where), s.ops, where);
      else injectEvents(peripheral(s.device, where), s.events);
    }

    const indexes: number[] = [];
    for (const [i, p] of peripherals.entries()) {
      const ready = await p.ready(FRAME_TIMEOUT_MS);
      indexes.push(ready.deviceIndex as number);
      const expectedName = c.devices[i]!.expectedName;
      if (expectedName !== undefined)
        expect(ready.name, `device ${i}: name in the "ready" frame`).toBe(expectedName);
    }

    client = await RawClient.handshake(server.url, version, `conformance ${c.file} v${version}`);
    const list = await send(
      client,
      { type: 'RequestDeviceList', body: {}, reply: 'DeviceList' },
      'RequestDeviceList',
    );
    const entries = deviceEntries(list);
    const devices: DeviceEntry[] = indexes.map((index, i) => {
      const entry = entries.find((e) => e.DeviceIndex === index);
      if (!entry)
        throw new Error(`device ${i} (index ${index}) is not in the DeviceList: ${JSON.stringify(list)}`);
      const { expectedName, expectedDisplayName } = c.devices[i]!;
      if (expectedName !== undefined)
        expect(entry.DeviceName, `device ${i}: DeviceName in the DeviceList`).toBe(expectedName);
      // Spec v2 has no display name on the wire; v3 and v4 carry DeviceDisplayName.
      if (expectedDisplayName !== undefined && version >= 3) {
        expect(entry.DeviceDisplayName, `device ${i}: DeviceDisplayName in the DeviceList`).toBe(
          expectedDisplayName,
        );
      }
      return entry;
    });

    for (const [n, s] of stepsAt(c.commands, version).entries()) {
      const where = `device_commands step ${n + 1} (${s.kind})`;
      await runStep(s, where);
    }
    await withTimeout(Promise.all(asyncChecks), REPLY_TIMEOUT_MS, 'a run_async reading never arrived');

    const leftover = peripherals.flatMap((p) => p.problems);
    expect(leftover, 'peripheral problems').toEqual([]);

    // Teardown that waits for events rather than time: remove the devices, see the client told,
    // then leave. The client leaves last so its scoped stop has nothing left to write to.
    for (const [i, p] of peripherals.entries()) {
      await p.close();
      await client
        .waitFor((m) => removed(m, version, indexes[i]!), FRAME_TIMEOUT_MS)
        .catch(() => {
          throw new Error(
            `device ${i} (index ${indexes[i]}) closed, but the client was not told it was removed`,
          );
        });
    }

    async function runStep(s: Exclude<Step, { kind: 'gated' }>, where: string): Promise<void> {
      if (s.kind === 'commands') return expectOps(peripheral(s.device, where), s.ops, where);
      if (s.kind === 'events') return injectEvents(peripheral(s.device, where), s.events);
      const device = devices[s.device];
      if (!device) throw new Error(`${where}: the case has no device ${s.device}`);
      for (const cmd of s.messages) await runClientCommand(device, cmd, `${where} !${cmd.kind}`);
    }

    async function runClientCommand(device: DeviceEntry, cmd: ClientCommand, where: string): Promise<void> {
      const wire = toWire(version, device, cmd);
      const c2 = client!;
      if (cmd.kind === 'Battery') {
        const [msg] = wire as [WireMessage];
        const check = send(c2, msg, where).then((body) => checkReading(msg, body, cmd.expectedPower, where));
        // run_async: the reading only comes after later steps (Lovense answers on its
        // notification endpoint); check it at the end of the case, as upstream's spawned task does.
        if (cmd.runAsync) {
          check.catch(() => {}); // reported by the Promise.all at the end, not as unhandled
          asyncChecks.push(check);
        } else await check;
        return;
      }
      if (cmd.kind === 'RSSI') {
        const [msg] = wire as [WireMessage];
        const body = await send(c2, msg, where);
        expect(Number.isFinite(msg.reading!(body)), `${where}: RSSI reading ${JSON.stringify(body)}`).toBe(
          true,
        );
        return;
      }
      await sendTogether(c2, wire, opts.frames ?? 'one', where);
    }
  } finally {
    for (const p of peripherals) p.terminate();
    await client?.close();
  }
}

function injectEvents(
  p: CasePeripheral,
  events: readonly { kind: string; items?: readonly { endpoint: string; data: readonly number[] }[] }[],
): void {
  for (const e of events) {
    if (e.kind === 'notifications') for (const item of e.items!) p.notify(item);
    else if (e.kind === 'reads') p.queueReads(e.items!);
    else if (e.kind === 'disconnect') p.terminate();
  }
}

function removed(m: Msg, version: number, index: number): boolean {
  if (version >= 4) {
    const list = m.DeviceList;
    if (list === undefined || list.Id !== 0) return false;
    const devices = list.Devices;
    return !(typeof devices === 'object' && devices !== null && String(index) in devices);
  }
  return m.DeviceRemoved !== undefined && m.DeviceRemoved.DeviceIndex === index;
}
