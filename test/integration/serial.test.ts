// TCode devices on the serial bus, end to end: the compiled server (--use-serial) opens the
// pseudo-terminal a user device config names, a simulated TCode device reads the other end, and
// raw clients drive it over a real socket. Asserts the exact bytes on the wire.
//
// Two ports: one named only in a serial specifier (the built-in "Single Linear Axis"
// configuration), one also named as the identifier of a user configuration with a vibrator,
// which is how a user describes a device that has more than the defaults.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithSocat, PtyPair } from '../helpers/pty-pair.js';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import { schemaProblems } from '../helpers/schema.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { TCodePeer } from '../helpers/tcode-peer.js';

const LINEAR = 'TCode v0.3 (Single Linear Axis)';
const LINEAR_VIBE = 'TCode v0.3 (Linear Axis + Vibe, user config)';

const body = (m: Msg): Record<string, unknown> => Object.values(m)[0] as Record<string, unknown>;

function serial(port: string): Record<string, unknown> {
  return { serial: { port, baud_rate: 115200, data_bits: 8, parity: 'N', stop_bits: 1 } };
}

/** The user device config a user writes: name the ports; describe the second device fully. */
function userConfig(linearPort: string, vibePort: string): unknown {
  return {
    version: { major: 4, minor: 0 },
    user_configs: {
      protocols: {
        'tcode-v03': {
          communication: [serial(linearPort), serial(vibePort)],
          configurations: [
            {
              // Serial devices are known by their port path, so that is the identifier.
              identifier: [vibePort],
              name: LINEAR_VIBE,
              id: '3d0c8a52-6f4e-4a1b-9d2c-7e5f1a0b4c61',
              features: [
                {
                  index: 0,
                  description: '',
                  id: '9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d',
                  output: { hw_position_with_duration: { value: [0, 1000], duration: [0, 100000] } },
                },
                {
                  index: 1,
                  description: '',
                  id: '1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b',
                  output: { vibrate: { value: [0, 99] } },
                },
              ],
            },
          ],
        },
      },
    },
  };
}

describeWithSocat('TCode over the serial bus, through the compiled server', () => {
  let linearPair: PtyPair;
  let vibePair: PtyPair;
  let linearDevice: TCodePeer;
  let vibeDevice: TCodePeer;
  let dir: string;
  let server: ServerProcess;
  const clients: Array<{ c: RawClient; v: number }> = [];
  /** Device indexes by configuration name, from the scan in beforeAll. */
  const index = new Map<string, number>();
  /** Connected throughout: it scanned, and it sees every event. */
  let observer: RawClient;

  beforeAll(async () => {
    [linearPair, vibePair] = await Promise.all([PtyPair.open(), PtyPair.open()]);
    [linearDevice, vibeDevice] = await Promise.all([
      TCodePeer.open(linearPair.peerPath),
      TCodePeer.open(vibePair.peerPath),
    ]);
    dir = mkdtempSync(path.join(tmpdir(), 'thrum-serial-'));
    const file = path.join(dir, 'user-device-config.json');
    writeFileSync(file, JSON.stringify(userConfig(linearPair.devPath, vibePair.devPath), null, 2));
    server = await startServer(['--use-serial', '--user-device-config-file', file], { simulated: false });

    // v3: scanning finds both ports as TCode devices, each with its configuration.
    observer = await client(3);
    const bothAdded = observer.waitFor(
      () => observer.received.filter((m) => 'DeviceAdded' in m).length >= 2,
      10_000,
    );
    expect(await observer.request('StartScanning')).toHaveProperty('Ok');
    await bothAdded;
    for (const m of observer.received.filter((x) => 'DeviceAdded' in x)) {
      const info = body(m);
      index.set(info.DeviceName as string, info.DeviceIndex as number);
      expect(info.DeviceMessages).toHaveProperty('LinearCmd');
    }
    expect([...index.keys()].sort()).toEqual([LINEAR, LINEAR_VIBE].sort());
    expect(
      body(observer.received.find((m) => 'DeviceAdded' in m && body(m).DeviceName === LINEAR_VIBE)!)
        .DeviceMessages,
    ).toHaveProperty('ScalarCmd');
    const finished = observer.nextOfType('ScanningFinished');
    expect(await observer.request('StopScanning')).toHaveProperty('Ok');
    await finished;
  });

  afterAll(async () => {
    for (const { c, v } of clients) {
      expect(schemaProblems(v, c.received)).toEqual([]);
      if (c.ws.readyState === c.ws.OPEN) await c.close();
    }
    const code = await server?.stop();
    await Promise.all([linearDevice?.close(), vibeDevice?.close()]);
    await Promise.all([linearPair?.close(), vibePair?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(server.stderr()).not.toMatch(/fatal|unhandled/i);
  });

  async function client(version: number): Promise<RawClient> {
    const c = await RawClient.handshake(server.url, version);
    clients.push({ c, v: version });
    return c;
  }

  it('v3: LinearCmd reaches the device as exact bytes', async () => {
    const c = await client(3);
    const linear = index.get(LINEAR);
    expect(
      await c.request('LinearCmd', {
        DeviceIndex: linear,
        Vectors: [{ Index: 0, Duration: 500, Position: 0.25 }],
      }),
    ).toHaveProperty('Ok');
    expect(await linearDevice.nextLine()).toBe('L0250I500\n');
    expect(
      await c.request('LinearCmd', {
        DeviceIndex: linear,
        Vectors: [{ Index: 0, Duration: 1200, Position: 1 }],
      }),
    ).toHaveProperty('Ok');
    expect(await linearDevice.nextLine()).toBe('L01000I1200\n');
    // Nothing went to the other port.
    expect(vibeDevice.unread()).toEqual([]);
  });

  it('v4: the device list shows the 20 ms gap; OutputCmd HwPositionWithDuration and Position reach the device as exact bytes', async () => {
    const c = await client(4);
    const list = body(await c.request('RequestDeviceList')).Devices as Record<
      string,
      Record<string, unknown>
    >;
    const linear = index.get(LINEAR) as number;
    expect(list[String(linear)]).toMatchObject({ DeviceName: LINEAR, DeviceMessageTimingGap: 20 });

    const move = {
      DeviceIndex: linear,
      FeatureIndex: 0,
      Command: { HwPositionWithDuration: { Value: 800, Duration: 250 } },
    };
    expect(await c.request('OutputCmd', move)).toHaveProperty('Ok');
    expect(await linearDevice.nextLine()).toBe('L0800I250\n');
    expect(
      await c.request('OutputCmd', {
        DeviceIndex: linear,
        FeatureIndex: 0,
        Command: { Position: { Value: 42 } },
      }),
    ).toHaveProperty('Ok');
    expect([await linearDevice.nextLine(), await linearDevice.nextLine()]).toEqual(['L0042\n', 'R0042\n']);
    // Out of the feature's range: refused, and nothing is written.
    const bad = await c.request('OutputCmd', {
      DeviceIndex: linear,
      FeatureIndex: 0,
      Command: { Position: { Value: 1001 } },
    });
    expect(body(bad)).toMatchObject({ ErrorCode: 4 });
    const vibe = index.get(LINEAR_VIBE) as number;
    expect(
      await c.request('OutputCmd', {
        DeviceIndex: vibe,
        FeatureIndex: 1,
        Command: { Vibrate: { Value: 7 } },
      }),
    ).toHaveProperty('Ok');
    expect(await vibeDevice.nextLine()).toBe('V107\n');
    expect(linearDevice.unread()).toEqual([]);
    expect(await c.request('StopCmd', { DeviceIndex: vibe })).toHaveProperty('Ok');
    expect(await vibeDevice.nextLine()).toBe('V100\n');
  });

  it('a client that disconnects stops what it was driving', async () => {
    const c = await RawClient.handshake(server.url, 3);
    const vibe = index.get(LINEAR_VIBE);
    expect(
      await c.request('VibrateCmd', { DeviceIndex: vibe, Speeds: [{ Index: 0, Speed: 1 }] }),
    ).toHaveProperty('Ok');
    expect(await vibeDevice.nextLine()).toBe('V199\n');
    await c.close();
    expect(await vibeDevice.nextLine()).toBe('V100\n');
    expect(vibeDevice.unread()).toEqual([]);
  });

  it('unplugging (socat killed) removes the device from every client; commands to it then fail', async () => {
    const c = await client(3);
    const linear = index.get(LINEAR);
    const removed = [c.nextOfType('DeviceRemoved', 10_000), observer.nextOfType('DeviceRemoved', 10_000)];
    await linearPair.kill();
    for (const m of await Promise.all(removed)) expect(body(m)).toEqual({ Id: 0, DeviceIndex: linear });
    const late = await c.request('LinearCmd', {
      DeviceIndex: linear,
      Vectors: [{ Index: 0, Duration: 100, Position: 0.5 }],
    });
    expect(body(late)).toMatchObject({ ErrorCode: 4 });
    // The other device is unaffected.
    expect(
      await c.request('VibrateCmd', {
        DeviceIndex: index.get(LINEAR_VIBE),
        Speeds: [{ Index: 0, Speed: 1 }],
      }),
    ).toHaveProperty('Ok');
    expect(await vibeDevice.nextLine()).toBe('V199\n');
  });
});
