// Access control over real sockets to the compiled server (access.md): tokens presented three
// ways and refused before any Buttplug message, per-role device views, caps that hold through
// every spec version's command forms (exact device bytes), rate limits, scan/sensor/stop rules,
// and reloads that revoke a token and stop only that client's outputs.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as bp3 from 'buttplug-v3';
import * as bp5 from 'buttplug';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tokenHash } from '../../src/access/tokens.js';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import { runCli, startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

const TOKENS = {
  stage: 'stage-token-8f2b1c',
  overlay: 'overlay-token-77aa01',
  expired: 'expired-token-3c3c3c',
  single: 'single-token-5d5d5d',
  stroker: 'stroker-token-9e9e9e',
  limited: 'limited-token-1a1a1a',
  leaving: 'leaving-token-2b2b2b',
};

function accessFile(extra: { omit?: readonly string[] } = {}): string {
  const entry = (name: keyof typeof TOKENS, role: string, more: object = {}) => ({
    name,
    sha256: tokenHash(TOKENS[name]),
    role,
    ...more,
  });
  const tokens = [
    entry('stage', 'performer'),
    entry('overlay', 'audience', { maxConnections: 100 }),
    entry('expired', 'audience', { expires: '2020-01-01T00:00:00Z' }),
    entry('single', 'audience', { maxConnections: 1 }),
    entry('stroker', 'stroker'),
    entry('limited', 'limited'),
    entry('leaving', 'performer'),
  ].filter((t) => !(extra.omit ?? []).includes(t.name));
  return JSON.stringify(
    {
      admission: { loopback: 'token', remote: 'token' },
      roles: {
        performer: { devices: ['*'] },
        audience: {
          devices: ['Lovense Hush'],
          outputs: { Vibrate: { cap: 0.4 } },
          scan: false,
          sensors: false,
          deviceStops: 'own',
        },
        stroker: {
          devices: ['*'],
          outputs: { HwPositionWithDuration: { cap: 0.5 }, Position: { cap: 0.5 }, Rotate: { cap: 0.5 } },
        },
        limited: { devices: ['*'], ratePerSecond: 5 },
      },
      tokens,
    },
    null,
    2,
  );
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'thrum-access-'));
const file = path.join(dir, 'access.json');

let server: ServerProcess;
let hush: SimPeripheral;
let nora: SimPeripheral;
let launch: SimPeripheral;
const index = { hush: -1, nora: -1, launch: -1 };

async function ready(p: SimPeripheral): Promise<number> {
  await p.next('accepted');
  return (await p.next('ready')).deviceIndex as number;
}

/** A client connected with `?token=` at `version`. */
function client(token: string, version: number, name = 'access test'): Promise<RawClient> {
  return RawClient.handshake(`${server.url}/?token=${encodeURIComponent(token)}`, version, name);
}

/** How a bare WebSocket upgrade ends: opened (with the selected subprotocol) or an HTTP status. */
function upgrade(
  url: string,
  protocols: string[] = [],
  headers: Record<string, string> = {},
): Promise<{ status: number; protocol: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('open', () => {
      resolve({ status: 101, protocol: ws.protocol });
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, protocol: '' });
      ws.terminate();
    });
    ws.once('error', (e) => reject(e));
  });
}

/** The Hush's next output write (battery and type queries are answered by the peripheral). */
async function nextHush(): Promise<string> {
  const w = await hush.next(
    'write',
    (b) => !['Battery;', 'DeviceType;'].includes(Buffer.from(b.data as number[]).toString()),
  );
  return Buffer.from(w.data as number[]).toString();
}

async function nextNora(): Promise<string> {
  const w = await nora.next(
    'write',
    (b) => !['Battery;', 'DeviceType;'].includes(Buffer.from(b.data as number[]).toString()),
  );
  return Buffer.from(w.data as number[]).toString();
}

function devicesIn(list: Msg, version: number): number[] {
  const body = list.DeviceList!;
  if (version >= 4)
    return Object.keys(body.Devices as object)
      .map(Number)
      .sort();
  return (body.Devices as Array<{ DeviceIndex: number }>).map((d) => d.DeviceIndex).sort();
}

beforeAll(async () => {
  writeFileSync(file, accessFile());
  server = await startServer(['--access-config-file', file]);
  const url = `ws://127.0.0.1:${server.simPort}`;
  hush = await SimPeripheral.lovense(server.simPort, { letter: 'Z', address: 'access-hush' });
  nora = await SimPeripheral.lovense(server.simPort, { letter: 'A', address: 'access-nora' });
  launch = await SimPeripheral.hello(url, { name: 'Launch', address: 'access-launch' });
  [index.hush, index.nora, index.launch] = await Promise.all([ready(hush), ready(nora), ready(launch)]);
  await launch.next('write'); // the Launch's init (command mode)
});

beforeEach(() => {
  // Each test reads only the writes its own commands cause.
  for (const p of [hush, nora, launch]) p.skipReceived();
});

afterAll(async () => {
  for (const p of [hush, nora, launch]) p?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('presenting a token', () => {
  it('is accepted as ?token=, as Authorization: Bearer, and as a thrum-token. subprotocol (which is then selected)', async () => {
    expect((await upgrade(`${server.url}/?token=${TOKENS.stage}`)).status).toBe(101);
    expect((await upgrade(server.url, [], { Authorization: `Bearer ${TOKENS.stage}` })).status).toBe(101);
    expect(await upgrade(server.url, ['buttplug', `thrum-token.${TOKENS.stage}`])).toEqual({
      status: 101,
      protocol: `thrum-token.${TOKENS.stage}`,
    });
  });

  it('a missing, unknown, expired or over-limit token is refused with 401 before any Buttplug message', async () => {
    expect((await upgrade(server.url)).status).toBe(401);
    expect((await upgrade(`${server.url}/?token=nope`)).status).toBe(401);
    expect((await upgrade(server.url, [], { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await upgrade(`${server.url}/?token=${TOKENS.expired}`)).status).toBe(401);
    const first = await client(TOKENS.single, 3);
    expect((await upgrade(`${server.url}/?token=${TOKENS.single}`)).status).toBe(401);
    await first.close();
    // The slot is free again once the first connection has gone.
    await expect.poll(async () => (await upgrade(`${server.url}/?token=${TOKENS.single}`)).status).toBe(101);
    expect(server.stderr()).toMatch(/refused: token "expired" has expired/);
    expect(server.stderr()).toMatch(/refused: token "single" already has 1 connection/);
  });

  it('never writes a token to the log', () => {
    for (const t of Object.values(TOKENS)) expect(server.stderr()).not.toContain(t);
  });
});

describe('an audience role (Hush only, Vibrate capped at 40 %, no scan, no sensors, own stops)', () => {
  it.each([0, 1, 2, 3, 4])(
    'sees only its device at spec v%i; another index is ERROR_DEVICE',
    async (version) => {
      const c = await client(TOKENS.overlay, version);
      const list = await c.request('RequestDeviceList');
      expect(devicesIn(list, version)).toEqual([index.hush]);
      const cmd =
        version === 0
          ? 'SingleMotorVibrateCmd'
          : version <= 2
            ? 'VibrateCmd'
            : version === 3
              ? 'ScalarCmd'
              : 'OutputCmd';
      const body =
        version === 0
          ? { DeviceIndex: index.nora, Speed: 1 }
          : version <= 2
            ? { DeviceIndex: index.nora, Speeds: [{ Index: 0, Speed: 1 }] }
            : version === 3
              ? { DeviceIndex: index.nora, Scalars: [{ Index: 0, Scalar: 1, ActuatorType: 'Vibrate' }] }
              : { DeviceIndex: index.nora, FeatureIndex: 0, Command: { Vibrate: { Value: 20 } } };
      expect((await c.request(cmd, body)).Error).toMatchObject({
        ErrorCode: 4,
        ErrorMessage: `No device with index ${index.nora}`,
      });
      await c.close();
    },
  );

  it('every spec version and command form drives the Hush to at most its cap: full power is Vibrate:8; of 20', async () => {
    const forms: Array<[number, string, Record<string, unknown>]> = [
      [0, 'SingleMotorVibrateCmd', { DeviceIndex: index.hush, Speed: 1 }],
      [1, 'VibrateCmd', { DeviceIndex: index.hush, Speeds: [{ Index: 0, Speed: 1 }] }],
      [2, 'VibrateCmd', { DeviceIndex: index.hush, Speeds: [{ Index: 0, Speed: 1 }] }],
      [
        3,
        'ScalarCmd',
        { DeviceIndex: index.hush, Scalars: [{ Index: 0, Scalar: 1, ActuatorType: 'Vibrate' }] },
      ],
      [3, 'VibrateCmd', { DeviceIndex: index.hush, Speeds: [{ Index: 0, Speed: 1 }] }],
      [4, 'OutputCmd', { DeviceIndex: index.hush, FeatureIndex: 0, Command: { Vibrate: { Value: 20 } } }],
    ];
    for (const [version, name, body] of forms) {
      const c = await client(TOKENS.overlay, version);
      expect(await c.request(name, body), `${name} at v${version}`).toHaveProperty('Ok');
      expect(await nextHush(), `${name} at v${version}`).toBe('Vibrate:8;');
      await (version >= 4
        ? c.request('StopCmd', { Inputs: true, Outputs: true })
        : c.request('StopAllDevices'));
      expect(await nextHush()).toBe('Vibrate:0;');
      await c.close();
    }
    // Half of the client's range is 40 % of half: 4 of 20.
    const c = await client(TOKENS.overlay, 3);
    await c.request('ScalarCmd', {
      DeviceIndex: index.hush,
      Scalars: [{ Index: 0, Scalar: 0.5, ActuatorType: 'Vibrate' }],
    });
    expect(await nextHush()).toBe('Vibrate:4;');
    await c.request('StopAllDevices');
    expect(await nextHush()).toBe('Vibrate:0;');
    await c.close();
  });

  it('buttplug@3.2.2 and buttplug@5.0.2 apps at full power get 40 %', async () => {
    const v3 = new bp3.ButtplugClient('capped v3');
    await v3.connect(new bp3.ButtplugNodeWebsocketClientConnector(`${server.url}/?token=${TOKENS.overlay}`));
    const d3 = v3.devices.find((d) => d.index === index.hush)!;
    expect(v3.devices.map((d) => d.index)).toEqual([index.hush]);
    await d3.vibrate(1);
    expect(await nextHush()).toBe('Vibrate:8;');
    await v3.disconnect(); // sends StopAllDevices: its own outputs stop
    expect(await nextHush()).toBe('Vibrate:0;');

    const v5 = new bp5.ButtplugClient('capped v5');
    await v5.connect(new bp5.ButtplugNodeWebsocketClientConnector(`${server.url}/?token=${TOKENS.overlay}`));
    const d5 = [...v5.devices.values()].find((d) => d.index === index.hush)!;
    expect([...v5.devices.values()].map((d) => d.index)).toEqual([index.hush]);
    await d5.runOutput(bp5.DeviceOutput.Vibrate.percent(1));
    expect(await nextHush()).toBe('Vibrate:8;');
    await v5.disconnect();
    expect(await nextHush()).toBe('Vibrate:0;');
  });

  it('may not scan or read sensors; its device stops stop only what it set', async () => {
    const c = await client(TOKENS.overlay, 3);
    expect((await c.request('StartScanning')).Error).toMatchObject({
      ErrorCode: 3,
      ErrorMessage: "This client's role may not scan for devices",
    });
    expect(
      (await c.request('SensorReadCmd', { DeviceIndex: index.hush, SensorIndex: 0, SensorType: 'Battery' }))
        .Error,
    ).toMatchObject({ ErrorCode: 4 });
    const list = await c.request('RequestDeviceList');
    expect(JSON.stringify(list)).not.toMatch(/Battery/);

    const stage = await client(TOKENS.stage, 3, 'performer');
    await stage.request('ScalarCmd', {
      DeviceIndex: index.hush,
      Scalars: [{ Index: 0, Scalar: 1, ActuatorType: 'Vibrate' }],
    });
    expect(await nextHush()).toBe('Vibrate:20;');
    // The audience's device stop touches nothing it did not set: the next write is its own command.
    expect(await c.request('StopDeviceCmd', { DeviceIndex: index.hush })).toHaveProperty('Ok');
    await c.request('ScalarCmd', {
      DeviceIndex: index.hush,
      Scalars: [{ Index: 0, Scalar: 0.25, ActuatorType: 'Vibrate' }],
    });
    expect(await nextHush()).toBe('Vibrate:2;');
    await stage.request('StopDeviceCmd', { DeviceIndex: index.hush });
    expect(await nextHush()).toBe('Vibrate:0;');
    await Promise.all([c.close(), stage.close()]);
  });
});

describe('caps on position and rotation (a stroker role at 50 %)', () => {
  it('LinearCmd, FleshlightLaunchFW12Cmd and KiirooCmd move the Launch at most half way; VorzeA10CycloneCmd turns the Nora at half speed', async () => {
    const nextMove = async () => (await launch.next('write')).data as number[];
    const v3 = await client(TOKENS.stroker, 3);
    expect(
      await v3.request('LinearCmd', {
        DeviceIndex: index.launch,
        Vectors: [{ Index: 0, Duration: 500, Position: 1 }],
      }),
    ).toHaveProperty('Ok');
    expect((await nextMove())[0]).toBe(49);
    await v3.request('LinearCmd', {
      DeviceIndex: index.launch,
      Vectors: [{ Index: 0, Duration: 500, Position: 0 }],
    });
    expect((await nextMove())[0]).toBe(0);
    await v3.close();
    const v0 = await client(TOKENS.stroker, 0);
    expect(
      await v0.request('FleshlightLaunchFW12Cmd', { DeviceIndex: index.launch, Position: 99, Speed: 50 }),
    ).toHaveProperty('Ok');
    expect((await nextMove())[0]).toBe(49);
    await v0.request('FleshlightLaunchFW12Cmd', { DeviceIndex: index.launch, Position: 0, Speed: 50 });
    expect((await nextMove())[0]).toBe(0);
    // Kiiroo position 0 is the top of the stroke (Buttplug position 99).
    expect(await v0.request('KiirooCmd', { DeviceIndex: index.launch, Command: '0' })).toHaveProperty('Ok');
    expect((await nextMove())[0]).toBe(49);
    expect(
      await v0.request('VorzeA10CycloneCmd', { DeviceIndex: index.nora, Speed: 99, Clockwise: true }),
    ).toHaveProperty('Ok');
    expect(await nextNora()).toBe('Rotate:10;');
    await v0.request('StopAllDevices');
    expect(await nextNora()).toBe('Rotate:0;');
    await v0.close();
  });
});

describe('rate limit', () => {
  it('5 commands per second: a burst of 10 gets 5 Ok and 5 ERROR_MSG; stops are never limited', async () => {
    const c = await client(TOKENS.limited, 3);
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        c.request('ScalarCmd', {
          DeviceIndex: index.nora,
          Scalars: [{ Index: 0, Scalar: (i + 1) / 20, ActuatorType: 'Vibrate' }],
        }),
      ),
    );
    expect(replies.filter((r) => 'Ok' in r)).toHaveLength(5);
    const errors = replies.filter((r) => 'Error' in r).map((r) => r.Error);
    expect(errors).toHaveLength(5);
    for (const e of errors)
      expect(e).toMatchObject({
        ErrorCode: 3,
        ErrorMessage: 'Rate limit: at most 5 device commands per second for this client; command dropped',
      });
    for (let i = 0; i < 5; i++)
      expect(await c.request('StopDeviceCmd', { DeviceIndex: index.nora })).toHaveProperty('Ok');
    expect(await c.request('StopAllDevices')).toHaveProperty('Ok');
    await c.close();
  });
});

describe('reloading the access file', () => {
  it('a revoked token (SIGHUP) disconnects its client and stops only its outputs; a broken edit keeps the old rules', async () => {
    const leaving = await client(TOKENS.leaving, 3, 'leaving');
    const staying = await client(TOKENS.stage, 3, 'staying');
    await staying.request('ScalarCmd', {
      DeviceIndex: index.nora,
      Scalars: [{ Index: 0, Scalar: 0.5, ActuatorType: 'Vibrate' }],
    });
    expect(await nextNora()).toBe('Vibrate:10;');
    await leaving.request('ScalarCmd', {
      DeviceIndex: index.hush,
      Scalars: [{ Index: 0, Scalar: 0.5, ActuatorType: 'Vibrate' }],
    });
    expect(await nextHush()).toBe('Vibrate:10;');

    writeFileSync(file, '{ "roles": ');
    process.kill(server.child.pid!, 'SIGHUP');
    await expect.poll(() => server.stderr()).toMatch(/keeping the rules loaded before/);
    expect(await leaving.request('Ping')).toHaveProperty('Ok');

    writeFileSync(file, accessFile({ omit: ['leaving'] }));
    process.kill(server.child.pid!, 'SIGHUP');
    const { code, reason } = await leaving.closed;
    expect(code).toBe(1008);
    expect(reason).toBe('token revoked');
    expect(await nextHush()).toBe('Vibrate:0;');
    // The other client and what it drives are untouched.
    expect(await staying.request('Ping')).toHaveProperty('Ok');
    expect(nora.writes().at(-1)).toBe('Vibrate:10;');
    expect((await upgrade(`${server.url}/?token=${TOKENS.leaving}`)).status).toBe(401);
    await staying.request('StopDeviceCmd', { DeviceIndex: index.nora });
    expect(await nextNora()).toBe('Vibrate:0;');
    await staying.close();
  });

  it('an edited file is picked up without a signal', async () => {
    writeFileSync(file, accessFile());
    await expect
      .poll(async () => (await upgrade(`${server.url}/?token=${TOKENS.leaving}`)).status, { timeout: 5000 })
      .toBe(101);
    expect(JSON.parse(readFileSync(file, 'utf8')).tokens.length).toBe(7);
  });
});

describe('a broken access file at start', () => {
  it('is one line naming the file and the field, exit 1', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ roles: { audience: { outputs: { Vibrate: { cap: 1.5 } } } } }));
    const r = await runCli(['--websocket-port', '0', '--access-config-file', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `thrum: access file ${bad}: roles.audience.outputs.Vibrate.cap: must be a number from 0 to 1`,
    );
    const missing = await runCli([
      '--websocket-port',
      '0',
      '--access-config-file',
      path.join(dir, 'none.json'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^thrum: access file .*none\.json: cannot read it \(ENOENT\)$/);
  });
});
