// The operator API over real sockets against the compiled server: every route's token and Origin
// rules, the state it shows, kick, device stop, live caps (exact device bytes), scanning, the
// latched emergency stop as clients see it, /metrics, the event stream, the audit log, and that
// the generated token is printed once and never logged anywhere.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OperatorEvents,
  operatorOf,
  operatorRequest,
  type OperatorRequest,
} from '../helpers/operator-client.js';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

let server: ServerProcess;
let port: number;
let token: string;
let dir: string;
let auditFile: string;
let seq = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'thrum-operator-'));
  auditFile = path.join(dir, 'audit.jsonl');
  server = await startServer(['--operator-port', '0', '--audit-log', auditFile]);
  const address = await operatorOf(server);
  port = address.port;
  token = address.token!;
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const api = (method: string, route: string, opts: OperatorRequest = {}) =>
  operatorRequest(port, method, route, { token, ...opts });

/** A Lovense Hush on the simulated bus, ready (its DeviceType; handshake done). */
async function hush(): Promise<{ p: SimPeripheral; index: number }> {
  const hush = await SimPeripheral.readyLovense(server.simPort, { address: `op-hush-${++seq}` });
  await hush.p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'DeviceType;');
  return hush;
}

/** The first write the peripheral got after it had `mark` writes. */
async function writeAfter(p: SimPeripheral, mark: number, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (p.writes().length <= mark) {
    if (Date.now() > deadline)
      throw new Error(`no write after #${mark}; writes: ${JSON.stringify(p.writes())}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return p.writes()[mark]!;
}

/** Past the Hush's 75 ms gap, so the next command is written at once and alone. */
const pastGap = () => new Promise((r) => setTimeout(r, 120));

const vibrate = (c: RawClient, index: number, scalar: number) =>
  c.request('ScalarCmd', {
    DeviceIndex: index,
    Scalars: [{ Index: 0, Scalar: scalar, ActuatorType: 'Vibrate' }],
  });

const ok = (m: Msg) => expect(m).toHaveProperty('Ok');

/** Every route of the API, with a method it takes. */
const ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['GET', '/'],
  ['GET', '/api/state'],
  ['GET', '/metrics'],
  ['POST', '/api/estop'],
  ['POST', '/api/release'],
  ['POST', '/api/clients/1/admit'],
  ['POST', '/api/clients/1/deny'],
  ['POST', '/api/clients/1/kick'],
  ['POST', '/api/devices/0/stop'],
  ['POST', '/api/devices/0/cap'],
  ['DELETE', '/api/devices/0/cap'],
  ['POST', '/api/scanning/start'],
  ['POST', '/api/scanning/stop'],
];

describe('who may use the operator API', () => {
  it('prints one generated token in the ready line', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.stdout()).toContain(`operator console on http://127.0.0.1:${port}/?token=${token}\n`);
  });

  it.each(ROUTES)(
    '%s %s: 401 without a token or with a wrong one; 403 for a foreign Origin, token or not',
    async (method, route) => {
      for (const t of [null, 'wrong-token', `${token}x`]) {
        const r = await operatorRequest(port, method, route, { token: t });
        expect(r.status, `token ${t}`).toBe(401);
        expect(r.json).toEqual({ error: expect.stringMatching(/operator token is required/) });
        expect(r.headers['www-authenticate']).toMatch(/^Bearer/);
      }
      for (const t of [token, null]) {
        for (const origin of [
          'http://evil.example',
          `http://127.0.0.1:${port + 1}`,
          'null',
          `https://localhost:${port}`,
        ]) {
          const r = await operatorRequest(port, method, route, { token: t, origin });
          expect(r.status, `${origin} with token ${t}`).toBe(403);
        }
      }
      // Nothing the refused requests asked for happened.
      expect((await api('GET', '/api/state')).json.estop).toBe(false);
    },
  );

  it('the event stream refuses a missing or wrong token (401) and a foreign Origin (403)', async () => {
    await expect(OperatorEvents.connect(port)).rejects.toThrow('upgrade refused: 401');
    await expect(OperatorEvents.connect(port, { query: '?token=nope' })).rejects.toThrow(
      'upgrade refused: 401',
    );
    await expect(OperatorEvents.connect(port, { protocols: ['thrum-token.nope'] })).rejects.toThrow(
      'upgrade refused: 401',
    );
    await expect(
      OperatorEvents.connect(port, {
        headers: { authorization: `Bearer ${token}`, origin: 'http://evil.example' },
      }),
    ).rejects.toThrow('upgrade refused: 403');
  });

  it("takes the listener's own origins, and the console cookie set by the page", async () => {
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]) {
      expect((await api('GET', '/api/state', { origin })).status).toBe(200);
    }
    // The page moves the token from the address bar into the cookie and sends the browser to /.
    const page = await operatorRequest(port, 'GET', `/?token=${token}`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/');
    const cookie = (page.headers['set-cookie'] as string[])[0]!;
    expect(cookie).toMatch(/^thrum-operator=[^;]+; HttpOnly; SameSite=Strict; Path=\//);
    const withCookie = await operatorRequest(port, 'GET', '/api/state', {
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(withCookie.status).toBe(200);
    const console = await operatorRequest(port, 'GET', '/', {
      headers: { cookie: cookie.split(';')[0]!, accept: 'text/html' },
    });
    expect(console.status).toBe(200);
    expect(console.headers['content-type']).toMatch(/^text\/html/);
    expect(console.text).toContain('<script type="module" src="/console.js"></script>');
  });

  it('gives a browser without a token only the login prompt, and its script and style nothing', async () => {
    for (const path of ['/', `/?token=${token}x`]) {
      const r = await operatorRequest(port, 'GET', path, {
        headers: { accept: 'text/html,application/xhtml+xml' },
      });
      expect(r.status).toBe(401);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.headers['set-cookie']).toBeUndefined();
      expect(r.text).toContain('<input name="token"');
      expect(r.text).not.toContain('console.js');
    }
    for (const path of ['/console.js', '/console.css'])
      expect((await operatorRequest(port, 'GET', path, { headers: { accept: 'text/html' } })).status).toBe(
        401,
      );
  });

  it('answers an unknown route 404, a wrong method 405 with Allow, and a bad body 400, all in JSON', async () => {
    const missing = await api('GET', '/api/nothing');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'no route GET /api/nothing' });
    const wrong = await api('GET', '/api/estop');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(wrong.json).toEqual({ error: '/api/estop takes POST' });
    const put = await api('PUT', '/api/state');
    expect(put.status).toBe(405);
    for (const [body, error] of [
      ['{"cap": 2}', 'cap must be a number from 0 to 1'],
      ['{"cap": 0.5, "output": "Buzz"}', expect.stringMatching(/^output must be one of Vibrate/)],
      ['not json', expect.stringMatching(/^the body is not valid JSON/)],
      ['', 'the body must be a JSON object with cap'],
      ['{"cap": 0.5, "power": 1}', 'unknown field "power" (this route takes cap, output, feature)'],
    ] as const) {
      const r = await api('POST', '/api/devices/0/cap', { body });
      expect(r.status, body).toBe(400);
      expect(r.json).toEqual({ error });
    }
    const estopBody = await api('POST', '/api/estop', { body: '{"everything": true}' });
    expect(estopBody.status).toBe(400);
  });
});

describe('state and control', () => {
  it('shows clients (address, origin, rate, what they drive) and devices (identity, bus, levels and who set them, battery)', async () => {
    const { p, index } = await hush();
    const c3 = await RawClient.handshake(server.url, 3, 'state v3');
    const c4 = await RawClient.handshake(server.url, 4, 'state v4', false, {
      headers: { origin: 'https://stream.example' },
    });
    const battery = await c3.request('SensorReadCmd', {
      DeviceIndex: index,
      SensorIndex: 0,
      SensorType: 'Battery',
    });
    expect(battery.SensorReading).toMatchObject({ Data: [85] });
    await pastGap();
    const mark = p.writes().length;
    ok(await vibrate(c3, index, 0.5));
    expect(await writeAfter(p, mark)).toBe('Vibrate:10;');

    const state = (await api('GET', '/api/state')).json;
    expect(state.estop).toBe(false);
    expect(state.held).toEqual([]);
    expect(state.buses).toEqual([
      {
        name: 'simulated',
        state: 'running',
        crashes: 0,
        listening: `ws://127.0.0.1:${server.simPort}`,
        writes: expect.any(Number),
      },
    ]);
    const mine = state.clients.filter((c: { name: string }) => c.name.startsWith('state v'));
    expect(mine).toEqual([
      {
        id: expect.any(Number),
        name: 'state v3',
        specVersion: 3,
        role: null,
        token: null,
        address: '127.0.0.1',
        origin: null,
        connectedSince: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        messageRate: expect.any(Number),
        drives: [{ device: index, feature: 0, output: 'Vibrate', value: 10 }],
      },
      expect.objectContaining({
        name: 'state v4',
        specVersion: 4,
        origin: 'https://stream.example',
        drives: [],
      }),
    ]);
    expect(Date.now() - Date.parse(mine[0].connectedSince)).toBeLessThan(60_000);
    const device = state.devices.find((d: { index: number }) => d.index === index);
    expect(device).toEqual({
      index,
      name: 'Lovense Hush',
      databaseName: 'Lovense Hush',
      identity: { protocol: 'lovense', address: `op-hush-${seq}` },
      bus: 'simulated',
      outputs: [
        {
          feature: 0,
          output: 'Vibrate',
          range: [0, 20],
          value: 10,
          requested: 10,
          setBy: mine[0].id,
          cap: null,
        },
      ],
      battery: { level: 0.85, at: expect.any(String) },
      // The simulated peripheral reported no signal strength.
      rssi: null,
      caps: [],
    });
    await c3.close();
    await c4.close();
    p.close();
  });

  it('kick closes the client (1008, "removed by the operator") and stops what it drove; an unknown id is 404', async () => {
    const { p, index } = await hush();
    const c = await RawClient.handshake(server.url, 3, 'to be kicked');
    const id = (await api('GET', '/api/state')).json.clients.find(
      (x: { name: string }) => x.name === 'to be kicked',
    ).id as number;
    const mark = p.writes().length;
    ok(await vibrate(c, index, 1));
    expect(await writeAfter(p, mark)).toBe('Vibrate:20;');
    const r = await api('POST', `/api/clients/${id}/kick`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ kicked: id });
    expect(await c.closed).toEqual({ code: 1008, reason: 'removed by the operator' });
    expect(await writeAfter(p, mark + 1)).toBe('Vibrate:0;');
    const again = await api('POST', `/api/clients/${id}/kick`);
    expect(again.status).toBe(404);
    expect(again.json).toEqual({ error: `no client with id ${id}` });
    p.close();
  });

  it('admit and deny answer 404 while nobody waits for admission', async () => {
    for (const action of ['admit', 'deny']) {
      const r = await api('POST', `/api/clients/1/${action}`, { body: { remember: true } });
      expect(r.status).toBe(404);
      expect(r.json).toEqual({ error: 'no client with that id waits for admission' });
    }
  });

  it('stops one device for everyone; an unknown device is 404', async () => {
    const { p, index } = await hush();
    const c = await RawClient.handshake(server.url, 4, 'stopped');
    const mark = p.writes().length;
    ok(
      await c.request('OutputCmd', {
        DeviceIndex: index,
        FeatureIndex: 0,
        Command: { Vibrate: { Value: 15 } },
      }),
    );
    expect(await writeAfter(p, mark)).toBe('Vibrate:15;');
    expect((await api('POST', `/api/devices/${index}/stop`)).json).toEqual({ stopped: index });
    expect(await writeAfter(p, mark + 1)).toBe('Vibrate:0;');
    expect((await api('POST', '/api/devices/999/stop')).status).toBe(404);
    await c.close();
    p.close();
  });

  it('live cap: full power from any spec version reaches the device as the cap; a lowered cap re-sends; cleared, full power again', async () => {
    const { p, index } = await hush();
    const v3 = await RawClient.handshake(server.url, 3, 'capped v3');
    const v0 = await RawClient.handshake(server.url, 0, 'capped v0');
    const v4 = await RawClient.handshake(server.url, 4, 'capped v4');
    const set = await api('POST', `/api/devices/${index}/cap`, { body: { cap: 0.5, output: 'Vibrate' } });
    expect(set.status).toBe(200);
    expect(set.json).toEqual({ device: index, caps: [{ output: 'Vibrate', cap: 0.5 }] });

    let mark = p.writes().length;
    ok(await vibrate(v3, index, 1));
    expect(await writeAfter(p, mark++)).toBe('Vibrate:10;');
    await pastGap();
    ok(
      await v4.request('OutputCmd', {
        DeviceIndex: index,
        FeatureIndex: 0,
        Command: { Vibrate: { Value: 18 } },
      }),
    );
    expect(await writeAfter(p, mark++)).toBe('Vibrate:9;');
    await pastGap();
    ok(await v0.request('SingleMotorVibrateCmd', { DeviceIndex: index, Speed: 1 }));
    expect(await writeAfter(p, mark++)).toBe('Vibrate:10;');

    // Lowered below the current level: the device gets the new level now.
    await pastGap();
    const lower = await api('POST', `/api/devices/${index}/cap`, {
      body: { cap: 0.25, output: 'Vibrate', feature: 0 },
    });
    expect(lower.json.caps).toEqual([
      { output: 'Vibrate', cap: 0.5 },
      { feature: 0, output: 'Vibrate', cap: 0.25 },
    ]);
    expect(await writeAfter(p, mark++)).toBe('Vibrate:5;');
    const state = (await api('GET', '/api/state')).json.devices.find(
      (d: { index: number }) => d.index === index,
    );
    expect(state.outputs[0]).toMatchObject({ value: 5, requested: 20, cap: 0.25 });

    expect(
      (await api('POST', `/api/devices/${index}/cap`, { body: { cap: 0.5, output: 'Rotate' } })).json,
    ).toEqual({
      error: `device ${index} has no Rotate output`,
    });
    expect((await api('POST', '/api/devices/999/cap', { body: { cap: 0.5 } })).status).toBe(404);

    const cleared = await api('DELETE', `/api/devices/${index}/cap`);
    expect(cleared.json).toEqual({ device: index, caps: [] });
    await pastGap();
    ok(await vibrate(v3, index, 1));
    expect(await writeAfter(p, mark++)).toBe('Vibrate:20;');
    for (const c of [v0, v3, v4]) await c.close();
    p.close();
  });

  it('starts and stops scanning for every client', async () => {
    const c = await RawClient.handshake(server.url, 3, 'scanner');
    expect((await api('POST', '/api/scanning/start')).json).toEqual({ scanning: true });
    const finished = c.nextOfType('ScanningFinished');
    expect((await api('POST', '/api/scanning/stop')).json).toEqual({ scanning: false });
    await finished;
    await c.close();
  });

  it('latched emergency stop: device commands are refused with ERROR_DEVICE, stops still Ok, until release', async () => {
    const { p, index } = await hush();
    const c = await RawClient.handshake(server.url, 3, 'latched');
    const mark = p.writes().length;
    ok(await vibrate(c, index, 0.75));
    expect(await writeAfter(p, mark)).toBe('Vibrate:15;');
    expect((await api('POST', '/api/estop')).json).toEqual({ estop: true });
    expect(await writeAfter(p, mark + 1)).toBe('Vibrate:0;');
    expect((await api('GET', '/api/state')).json.estop).toBe(true);

    const refused = await vibrate(c, index, 1);
    expect(refused).toEqual({
      Error: { Id: expect.any(Number), ErrorCode: 4, ErrorMessage: 'emergency stop engaged' },
    });
    const legacy = await c.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 1 }] });
    expect(legacy.Error).toMatchObject({ ErrorCode: 4, ErrorMessage: 'emergency stop engaged' });
    ok(await c.request('StopDeviceCmd', { DeviceIndex: index }));
    ok(await c.request('StopAllDevices'));
    await new Promise((r) => setTimeout(r, 200));
    expect(
      p
        .writes()
        .slice(mark + 2)
        .every((w) => w === 'Vibrate:0;'),
    ).toBe(true);

    expect((await api('POST', '/api/release')).json).toEqual({ estop: false, released: true });
    expect((await api('POST', '/api/release')).json).toEqual({ estop: false, released: false });
    const before = p.writes().length;
    ok(await vibrate(c, index, 0.5));
    expect(await writeAfter(p, before)).toBe('Vibrate:10;');
    await c.close();
    p.close();
  });
});

describe('metrics and events', () => {
  it('GET /metrics is Prometheus text with the five series', async () => {
    const { p, index } = await hush();
    const c = await RawClient.handshake(server.url, 3, 'metered');
    ok(await vibrate(c, index, 0.5));
    await c.request('ScalarCmd', {
      DeviceIndex: 999,
      Scalars: [{ Index: 0, Scalar: 1, ActuatorType: 'Vibrate' }],
    });
    // Bus workers report their writes about once a second.
    let text = '';
    for (let i = 0; i < 40 && !/thrum_device_writes_total\{bus="simulated"\} [1-9]/.test(text); i++) {
      await new Promise((r) => setTimeout(r, 100));
      const r = await api('GET', '/metrics');
      expect(r.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      text = r.text;
    }
    expect(text).toMatch(/^# TYPE thrum_clients gauge\nthrum_clients [1-9]\d*$/m);
    expect(text).toMatch(/^thrum_messages_total\{type="ScalarCmd"\} [1-9]\d*$/m);
    expect(text).toMatch(/^thrum_messages_total\{type="RequestServerInfo"\} [1-9]\d*$/m);
    expect(text).toMatch(/^thrum_errors_total\{code="ERROR_DEVICE"\} [1-9]\d*$/m);
    expect(text).toMatch(/^thrum_device_writes_total\{bus="simulated"\} [1-9]\d*$/m);
    expect(text).toMatch(/^# TYPE thrum_emergency_stop gauge\nthrum_emergency_stop 0$/m);
    await c.close();
    p.close();
  });

  it('the event stream (token by header, query or subprotocol) starts with the state, then clients, outputs, caps and the latch', async () => {
    const byHeader = await OperatorEvents.connect(port, { headers: { authorization: `Bearer ${token}` } });
    const byQuery = await OperatorEvents.connect(port, { query: `?token=${token}` });
    const byProtocol = await OperatorEvents.connect(port, {
      protocols: ['something', `thrum-token.${token}`],
    });
    expect(byProtocol.ws.protocol).toBe(`thrum-token.${token}`);
    for (const e of [byHeader, byQuery, byProtocol])
      expect((await e.waitFor(() => true)).event).toBe('state');
    const first = byHeader.events[0]!;
    expect(first.state).toMatchObject({
      estop: false,
      clients: expect.any(Array),
      devices: expect.any(Array),
    });

    const { p, index } = await hush();
    await byHeader.waitFor((e) => e.event === 'deviceAdded' && e.device.index === index);
    const c = await RawClient.handshake(server.url, 3, 'watched');
    const connected = await byHeader.waitFor(
      (e) => e.event === 'clientConnected' && e.client.name === 'watched',
    );
    // A stream of 40 commands in about 200 ms (levels 11-19), then level 10: the operator sees at
    // most 20 a second for this output (one per 50 ms), and the newest value last.
    const sent: Array<Promise<Msg>> = [];
    for (let i = 1; i <= 40; i++) {
      sent.push(vibrate(c, index, (11 + (i % 9)) / 20));
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(sent);
    ok(await vibrate(c, index, 0.5));
    await byHeader.waitFor(
      (e) =>
        e.event === 'outputChanged' &&
        e.device === index &&
        e.value === 10 &&
        e.setBy === connected.client.id,
    );
    const changes = byHeader.events.filter((e) => e.event === 'outputChanged' && e.device === index);
    const span = Date.parse(changes.at(-1)!.time) - Date.parse(changes[0]!.time);
    expect(changes.length).toBeGreaterThan(1);
    expect(changes.length).toBeLessThanOrEqual(Math.floor(span / 50) + 2);
    expect(changes.at(-1)).toMatchObject({ feature: 0, output: 'Vibrate', value: 10, requested: 10 });

    await api('POST', `/api/devices/${index}/cap`, { body: { cap: 0.3 } });
    await byQuery.waitFor((e) => e.event === 'capsChanged' && e.device === index && e.caps[0].cap === 0.3);
    await api('POST', '/api/estop');
    await byProtocol.waitFor((e) => e.event === 'estopEngaged' && e.by === 'console');
    await api('POST', '/api/release');
    await byProtocol.waitFor((e) => e.event === 'estopReleased');
    await c.close();
    await byHeader.waitFor((e) => e.event === 'clientDisconnected' && e.client.id === connected.client.id);
    p.close();
    await byHeader.waitFor((e) => e.event === 'deviceRemoved' && e.device.index === index);
    for (const e of [byHeader, byQuery, byProtocol]) e.close();
  });
});

describe('the log and the once-a-second stats', () => {
  it('GET /api/log gives the recent lines, oldest first, filtered by level and limited; bad parameters are 400', async () => {
    const { p, index } = await hush();
    let lines: Array<{ time: string; level: string; message: string }> = [];
    await expect
      .poll(async () => {
        lines = (await api('GET', '/api/log')).json.lines;
        return lines.some((l) => l.message.startsWith(`device ${index} added: `));
      })
      .toBe(true);
    expect(lines.length).toBeLessThanOrEqual(200);
    expect(lines.find((l) => l.message.startsWith(`device ${index} added`))).toMatchObject({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const times = lines.map((l) => Date.parse(l.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const warnings = (await api('GET', '/api/log?level=warn')).json.lines as Array<{ level: string }>;
    expect(warnings.every((l) => l.level === 'warn' || l.level === 'error')).toBe(true);
    expect(warnings.length).toBeLessThan(lines.length);
    expect((await api('GET', '/api/log?limit=1')).json.lines).toHaveLength(1);
    expect((await api('GET', '/api/log?level=loud')).status).toBe(400);
    expect((await api('GET', '/api/log?level=toString')).status).toBe(400);
    expect((await api('GET', '/api/log?limit=0')).status).toBe(400);
    expect((await api('GET', '/api/log?limit=501')).status).toBe(400);
    expect((await operatorRequest(port, 'GET', '/api/log')).status).toBe(401);
    p.close();
  });

  it('the event stream carries new log lines live, and once a second the rates, buses, battery and signal strength', async () => {
    const events = await OperatorEvents.connect(port, { headers: { authorization: `Bearer ${token}` } });
    const { p, index } = await hush();
    const added = await events.waitFor(
      (e) =>
        e.event === 'log' && typeof e.message === 'string' && e.message.startsWith(`device ${index} added: `),
    );
    expect(added).toMatchObject({ level: 'info', time: expect.any(String) });
    p.send({ rssi: { value: -61 } });
    const c = await RawClient.handshake(server.url, 3, 'counted');
    const connected = await events.waitFor(
      (e) => e.event === 'clientConnected' && e.client.name === 'counted',
    );
    for (let i = 0; i < 10; i++) ok(await c.request('Ping'));
    const stats = await events.waitFor(
      (e) =>
        e.event === 'stats' &&
        e.rates.some(([id, rate]: [number, number]) => id === connected.client.id && rate > 0) &&
        e.devices.some(
          (d: { index: number; rssi: { value: number } | null }) =>
            d.index === index && d.rssi?.value === -61,
        ),
      5000,
    );
    expect(stats.buses).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'simulated', state: 'running' })]),
    );
    // The state shows the same signal strength.
    const device = (await api('GET', '/api/state')).json.devices.find(
      (d: { index: number }) => d.index === index,
    );
    expect(device.rssi).toMatchObject({ value: -61, at: expect.any(String) });
    await c.close();
    p.close();
    events.close();
  });
});

describe('audit log', () => {
  it('has one JSON line per connection and operator action, with who did it; the token is in no log', async () => {
    const { p, index } = await hush();
    const c = await RawClient.handshake(server.url, 2, 'audited');
    await api('POST', '/api/scanning/start');
    await api('POST', '/api/scanning/stop');
    await api('POST', `/api/devices/${index}/cap`, { body: { cap: 0.4 } });
    await api('DELETE', `/api/devices/${index}/cap?output=Vibrate`);
    await api('DELETE', `/api/devices/${index}/cap`);
    await api('POST', '/api/estop');
    await api('POST', '/api/release');
    const id = (await api('GET', '/api/state')).json.clients.find(
      (x: { name: string }) => x.name === 'audited',
    ).id as number;
    await api('POST', `/api/clients/${id}/kick`);
    await c.closed;
    p.close();

    let lines: Array<Record<string, any>> = [];
    for (let i = 0; i < 50; i++) {
      lines = readFileSync(auditFile, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, any>);
      if (lines.some((l) => l.event === 'disconnect' && l.details.client === id)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(['time', 'event', 'who', 'details']);
      expect(Date.parse(l.time)).not.toBeNaN();
    }
    const mine = lines.filter(
      (l) =>
        l.details.client === id ||
        l.details.device === index ||
        ['estop', 'release', 'scan'].includes(l.event),
    );
    const connect = mine.find((l) => l.event === 'connect');
    expect(connect).toMatchObject({
      who: `client ${id}`,
      details: { client: id, name: 'audited', specVersion: 2, address: '127.0.0.1', origin: null },
    });
    expect(connect!.details).not.toHaveProperty('token');
    expect(mine).toContainEqual(
      expect.objectContaining({
        event: 'cap-set',
        who: 'console',
        details: { device: index, name: 'Lovense Hush', cap: 0.4 },
      }),
    );
    // The first DELETE names a target with no cap of its own: nothing removed, nothing recorded.
    expect(mine.filter((l) => l.event === 'cap-cleared')).toEqual([
      expect.objectContaining({ who: 'console', details: { device: index, name: 'Lovense Hush' } }),
    ]);
    expect(mine).toContainEqual(expect.objectContaining({ event: 'estop', who: 'console' }));
    expect(mine).toContainEqual(expect.objectContaining({ event: 'release', who: 'console' }));
    expect(mine).toContainEqual(
      expect.objectContaining({ event: 'kick', who: 'console', details: { client: id, name: 'audited' } }),
    );
    expect(mine).toContainEqual(
      expect.objectContaining({
        event: 'disconnect',
        who: `client ${id}`,
        details: { client: id, name: 'audited' },
      }),
    );
    expect(mine.filter((l) => l.event === 'scan').slice(-2)).toEqual([
      expect.objectContaining({ who: 'console', details: { scanning: true } }),
      expect.objectContaining({ who: 'console', details: { scanning: false } }),
    ]);

    const all = readFileSync(auditFile, 'utf8');
    expect(all).not.toContain(token);
    expect(server.stderr()).not.toContain(token);
    expect(server.stdout().split(token).length - 1).toBe(1);
  });
});
