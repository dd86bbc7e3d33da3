// The latched emergency stop under load, against the compiled server: 200 raw clients stream
// commands to 3 simulated Lovense Hush toys; the operator engages the latch by the API, and later
// a script does with `kill -USR2 $(cat pid-file)`. Each time, every device's next writes end in its
// stop, no more than the one flush a gap may already have had under way comes between the latch
// and the stop, and nothing but stops follows until the latch is released.

import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorOf, operatorRequest } from '../helpers/operator-client.js';
import { RawClient } from '../helpers/raw-client.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

const CLIENTS = 200;
const DEVICES = 3;
/** Each client sends one command per this many ms (200 clients: 5,000 commands a second). */
const SEND_EVERY_MS = 40;
const STOP = 'Vibrate:0;';
/** The Hush's DeviceMessageTimingGap: the stop may not wait for one (measured: a few ms). */
const GAP_MS = 75;

interface Write {
  readonly at: number;
  readonly text: string;
}

let server: ServerProcess;
let dir: string;
let pidFile: string;
let operator: { port: number; token: string };
const devices: Array<{ p: SimPeripheral; index: number; writes: Write[] }> = [];
const clients: RawClient[] = [];
const timers: NodeJS.Timeout[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'thrum-estop-'));
  pidFile = path.join(dir, 'thrum.pid');
  server = await startServer(['--operator-port', '0', '--pid-file', pidFile, '--log', 'warn']);
  const address = await operatorOf(server);
  operator = { port: address.port, token: address.token! };
  for (let i = 0; i < DEVICES; i++) {
    const p = await SimPeripheral.lovense(server.simPort, { address: `estop-hush-${i}` });
    const writes: Write[] = [];
    p.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { write?: { data: number[] } };
      if (frame.write) writes.push({ at: performance.now(), text: Buffer.from(frame.write.data).toString() });
    });
    const ready = await p.next('ready');
    devices.push({ p, index: ready.deviceIndex as number, writes });
  }
  for (let batch = 0; batch < CLIENTS; batch += 25) {
    const made = await Promise.all(
      Array.from({ length: 25 }, (_, k) => RawClient.handshake(server.url, 3, `crowd ${batch + k}`)),
    );
    clients.push(...made);
  }
  // Each client streams to one device, never a zero: any "Vibrate:0;" a device gets is a stop.
  clients.forEach((c, i) => {
    const device = devices[i % DEVICES]!.index;
    let n = i;
    const send = (): void => {
      n++;
      const scalar = ((n % 19) + 1) / 20;
      c.sendRaw(
        JSON.stringify([
          {
            ScalarCmd: {
              Id: n,
              DeviceIndex: device,
              Scalars: [{ Index: 0, Scalar: scalar, ActuatorType: 'Vibrate' }],
            },
          },
        ]),
      );
    };
    // Spread the clients' sends over the interval.
    timers.push(
      setTimeout(() => timers.push(setInterval(send, SEND_EVERY_MS)), (i * SEND_EVERY_MS) / CLIENTS),
    );
  });
}, 60_000);

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const c of clients) c.ws.terminate();
  for (const d of devices) d.p.ws.terminate();
  await server?.stop();
  // The pid file goes with the process.
  expect(existsSync(pidFile)).toBe(false);
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const api = (method: string, route: string) =>
  operatorRequest(operator.port, method, route, { token: operator.token });

/** Every device is being driven: a non-stop write reached each within the last 500 ms. */
async function allDriven(): Promise<void> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const now = performance.now();
    if (devices.every((d) => d.writes.some((w) => w.text !== STOP && now - w.at < 500))) return;
    if (now > deadline)
      throw new Error(
        `not every device is driven: ${JSON.stringify(devices.map((d) => d.writes.slice(-3)))}`,
      );
    await sleep(20);
  }
}

/**
 * After the latch was acknowledged at `ackAt`: each device got its stop within one coalescing gap,
 * at most one non-stop
 * write (a gap's flush already under way) arrived between the acknowledgement and the stop, and
 * every write after the stop is a stop.
 */
function expectLatched(sinceAt: number, ackAt: number): void {
  for (const d of devices) {
    const after = d.writes.filter((w) => w.at >= sinceAt);
    const stopAt = after.findIndex((w) => w.text === STOP);
    expect(stopAt, `device ${d.index} got no stop; writes: ${JSON.stringify(after)}`).toBeGreaterThanOrEqual(
      0,
    );
    const stop = after[stopAt]!;
    expect(stop.at - ackAt, `device ${d.index}'s stop came later than one gap after the latch`).toBeLessThan(
      GAP_MS,
    );
    const lateValues = after.slice(0, stopAt).filter((w) => w.at > ackAt);
    expect(
      lateValues.length,
      `device ${d.index}: values after the latch was acknowledged: ${JSON.stringify(lateValues)}`,
    ).toBeLessThanOrEqual(1);
    expect(
      after
        .slice(stopAt)
        .map((w) => w.text)
        .filter((t) => t !== STOP),
    ).toEqual([]);
  }
}

it('writes the pid file with the server process id', () => {
  expect(readFileSync(pidFile, 'utf8')).toBe(`${server.child.pid}\n`);
});

it('POST /api/estop under 200 streaming clients: every device stops and stays stopped until release', async () => {
  await allDriven();
  const sentAt = performance.now();
  const r = await api('POST', '/api/estop');
  const ackAt = performance.now();
  expect(r.json).toEqual({ estop: true });
  // The clients keep streaming into the latch for a while.
  await sleep(800);
  expectLatched(sentAt, ackAt);
  const refused = clients[0]!.received.filter(
    (m) => (m.Error as { ErrorMessage?: string } | undefined)?.ErrorMessage === 'emergency stop engaged',
  );
  expect(refused.length).toBeGreaterThan(0);

  expect((await api('POST', '/api/release')).json).toEqual({ estop: false, released: true });
  await allDriven();
});

it('kill -USR2 <pid from the pid file> engages the same latch, without a token', async () => {
  await allDriven();
  const sentAt = performance.now();
  process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGUSR2');
  let ackAt = 0;
  for (let i = 0; i < 100 && ackAt === 0; i++) {
    if ((await api('GET', '/api/state')).json.estop === true) ackAt = performance.now();
    else await sleep(10);
  }
  expect(ackAt).toBeGreaterThan(0);
  await sleep(800);
  expectLatched(sentAt, ackAt);
  expect(server.stderr()).toMatch(/emergency stop engaged by signal/);
  expect((await api('POST', '/api/release')).json.released).toBe(true);
  await allDriven();
});
