// A Lovense Hush connected over the device websocket server, end to end: the compiled server with
// --use-device-websocket-server and a user device config that gives protocol lovense the
// websocket identifier "my-lovense-ws"; a device (ws) that shakes hands upstream's way and answers
// Lovense's text commands in binary frames; raw clients asserting the exact bytes it receives.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import { freePort, startServer, type ServerProcess } from '../helpers/server-process.js';

const IDENTIFIER = 'my-lovense-ws';

/** A websocket Lovense toy: answers "DeviceType;" and "Battery;" like the real thing. */
class WsLovense {
  /** Binary frames from the server, as text. */
  readonly received: string[] = [];
  readonly textFrames: string[] = [];
  readonly answers = new Map<string, string>([
    ['DeviceType;', 'Z:11:0082059AD3BD;'],
    ['Battery;', '85;'],
  ]);
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: (() => void)[] = [];
  #taken = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) {
        this.textFrames.push(data.toString());
        return;
      }
      const text = data.toString();
      this.received.push(text);
      const answer = this.answers.get(text);
      if (answer !== undefined) ws.send(Buffer.from(answer), { binary: true });
      for (const w of this.#waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static connect(port: number): Promise<WsLovense> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`);
      const d = new WsLovense(ws);
      ws.once('open', () => resolve(d));
      ws.once('error', reject);
    });
  }

  handshake(address: string, identifier = IDENTIFIER): void {
    this.ws.send(JSON.stringify({ identifier, address, version: 1 }));
  }

  /** The next output command (Lovense queries are answered, not returned). */
  async nextOutput(timeoutMs = 3000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.#taken < this.received.length) {
        const w = this.received[this.#taken++] as string;
        if (w !== 'DeviceType;' && w !== 'Battery;') return w;
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no output within ${timeoutMs} ms; got ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

let server: ServerProcess;
let devicePort: number;
let dir: string;
let watcher: RawClient;
let seq = 0;
const cleanup: Array<() => Promise<unknown>> = [];
const clients: RawClient[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'thrum-wsdev-'));
  const userConfig = path.join(dir, 'user-device-config.json');
  writeFileSync(
    userConfig,
    JSON.stringify({
      version: { major: 4, minor: 0 },
      user_configs: { protocols: { lovense: { communication: [{ websocket: { name: IDENTIFIER } }] } } },
    }),
  );
  devicePort = await freePort();
  server = await startServer(
    [
      '--use-device-websocket-server',
      '--device-websocket-server-port',
      String(devicePort),
      '--user-device-config-file',
      userConfig,
    ],
    { simulated: false },
  );
  watcher = await RawClient.handshake(server.url, 3, 'watcher');
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const f of cleanup.splice(0)) await f();
});
afterAll(async () => {
  await watcher?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function client(version: number): Promise<RawClient> {
  const c = await RawClient.handshake(server.url, version);
  clients.push(c);
  return c;
}

const body = (m: Msg) => Object.values(m)[0] as Record<string, unknown>;

/** A toy connected, identified and announced; its device index. */
async function lovense(): Promise<{ d: WsLovense; index: number }> {
  const added = watcher.nextOfType('DeviceAdded');
  const d = await WsLovense.connect(devicePort);
  d.handshake(`ws-dev-${++seq}`);
  const info = body(await added);
  expect(info.DeviceName).toBe('Lovense Hush');
  expect(d.received[0]).toBe('DeviceType;');
  cleanup.push(async () => {
    d.ws.close();
    await d.closed;
  });
  return { d, index: info.DeviceIndex as number };
}

describe('the device websocket server', () => {
  it('prints its ready line', async () => {
    const line = `device websocket server on ws://127.0.0.1:${devicePort}`;
    const deadline = Date.now() + 2000;
    while (!server.stdout().includes(line) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(server.stdout()).toContain(line);
  });

  it('v3: a websocket Lovense appears, vibrates with exact bytes, reads battery, stops', async () => {
    const c = await client(3);
    expect(await c.request('StartScanning')).toHaveProperty('Ok');
    const added = c.nextOfType('DeviceAdded');
    const { d, index } = await lovense();
    const info = body(await added);
    expect(info).toMatchObject({ DeviceIndex: index, DeviceName: 'Lovense Hush' });
    expect(info.DeviceMessages).toHaveProperty('ScalarCmd');

    expect(
      await c.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.5 }] }),
    ).toHaveProperty('Ok');
    expect(await d.nextOutput()).toBe('Vibrate:10;');
    expect(
      await c.request('ScalarCmd', {
        DeviceIndex: index,
        Scalars: [{ Index: 0, Scalar: 1, ActuatorType: 'Vibrate' }],
      }),
    ).toHaveProperty('Ok');
    expect(await d.nextOutput()).toBe('Vibrate:20;');

    const battery = await c.request('SensorReadCmd', {
      DeviceIndex: index,
      SensorIndex: 0,
      SensorType: 'Battery',
    });
    expect(body(battery)).toMatchObject({ DeviceIndex: index, SensorType: 'Battery', Data: [85] });
    expect(d.received).toContain('Battery;');

    expect(await c.request('StopDeviceCmd', { DeviceIndex: index })).toHaveProperty('Ok');
    expect(await d.nextOutput()).toBe('Vibrate:0;');
    // the server sends the device binary frames only
    expect(d.textFrames).toEqual([]);
    const finished = c.nextOfType('ScanningFinished');
    expect(await c.request('StopScanning')).toHaveProperty('Ok');
    await finished;
  });

  it('v4: OutputCmd and InputCmd battery read', async () => {
    const { d, index } = await lovense();
    const c = await client(4);
    expect(
      await c.request('OutputCmd', {
        DeviceIndex: index,
        FeatureIndex: 0,
        Command: { Vibrate: { Value: 7 } },
      }),
    ).toHaveProperty('Ok');
    expect(await d.nextOutput()).toBe('Vibrate:7;');
    const reading = await c.request('InputCmd', {
      DeviceIndex: index,
      FeatureIndex: 1,
      Type: 'Battery',
      Command: 'Read',
    });
    expect(body(reading)).toMatchObject({
      DeviceIndex: index,
      FeatureIndex: 1,
      Reading: { Battery: { Value: 85 } },
    });
  });

  it('a device that closes its connection is removed; later commands get ERROR_DEVICE', async () => {
    const { d, index } = await lovense();
    const c = await client(3);
    const removed = c.nextOfType('DeviceRemoved');
    d.ws.close();
    expect(body(await removed)).toEqual({ Id: 0, DeviceIndex: index });
    const late = await c.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.5 }] });
    expect(body(late)).toMatchObject({ ErrorCode: 4 });
  });

  it('the same address can come back after it went away', async () => {
    const first = await lovense();
    const removed = watcher.nextOfType('DeviceRemoved');
    first.d.ws.close();
    await removed;
    const added = watcher.nextOfType('DeviceAdded');
    const again = await WsLovense.connect(devicePort);
    again.handshake(`ws-dev-${seq}`); // the same address as `first`
    expect(body(await added).DeviceName).toBe('Lovense Hush');
    again.ws.close();
    await again.closed;
  });

  it('a client that disconnects stops what it was driving', async () => {
    const { d, index } = await lovense();
    const c = await RawClient.handshake(server.url, 3);
    await c.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.5 }] });
    expect(await d.nextOutput()).toBe('Vibrate:10;');
    await c.close();
    expect(await d.nextOutput()).toBe('Vibrate:0;');
  });

  it('closes a bad handshake and an unknown identifier with a reason; the server carries on', async () => {
    const bad = await WsLovense.connect(devicePort);
    bad.ws.send('hello, I am a toy');
    expect(await bad.closed).toEqual({ code: 1008, reason: 'handshake is not valid JSON' });
    const binary = await WsLovense.connect(devicePort);
    binary.ws.send(Buffer.from(JSON.stringify({ identifier: IDENTIFIER, address: 'b', version: 1 })), {
      binary: true,
    });
    expect((await binary.closed).reason).toContain('binary');
    const unknown = await WsLovense.connect(devicePort);
    unknown.handshake('u-1', 'not-configured');
    expect(await unknown.closed).toEqual({ code: 1008, reason: "no protocol matches name 'not-configured'" });
    expect(server.stderr()).toMatch(/websocket bus: connection from .*: closed: handshake is not valid JSON/);
    // still serving devices
    const { d, index } = await lovense();
    const c = await client(4);
    expect(
      await c.request('OutputCmd', {
        DeviceIndex: index,
        FeatureIndex: 0,
        Command: { Vibrate: { Value: 3 } },
      }),
    ).toHaveProperty('Ok');
    expect(await d.nextOutput()).toBe('Vibrate:3;');
  });

  it('on SIGTERM the device is stopped, then disconnected', async () => {
    const { d, index } = await lovense();
    cleanup.length = 0; // the server closes it
    const c = await RawClient.handshake(server.url, 3);
    await c.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.25 }] });
    expect(await d.nextOutput()).toBe('Vibrate:5;');
    expect(await server.stop()).toBe(0);
    expect(await d.nextOutput()).toBe('Vibrate:0;');
    expect((await d.closed).code).toBeGreaterThanOrEqual(1000);
  });
});
