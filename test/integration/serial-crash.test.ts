// A serial bus worker that dies while a TCode device is connected: clients are told the device is
// gone, the worker restarts, and the device comes back on the next scan under the same index,
// still driven with the exact bytes. In-process (like bus-crash.test.ts) so the test can provoke
// the crash; the port is a real pseudo-terminal with a simulated TCode device on its far end.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../src/main/cli.js';
import { startServer, type RunningServer } from '../../src/main/server.js';
import { describeWithSocat, PtyPair } from '../helpers/pty-pair.js';
import { RawClient } from '../helpers/raw-client.js';
import { TCodePeer } from '../helpers/tcode-peer.js';

describeWithSocat('a crashed serial bus worker', () => {
  let pair: PtyPair;
  let device: TCodePeer;
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    pair = await PtyPair.open();
    device = await TCodePeer.open(pair.peerPath);
    dir = mkdtempSync(path.join(tmpdir(), 'thrum-serial-crash-'));
    const file = path.join(dir, 'user.json');
    const serial = { port: pair.devPath, baud_rate: 115200, data_bits: 8, parity: 'N', stop_bits: 1 };
    writeFileSync(
      file,
      JSON.stringify({
        version: { major: 4, minor: 0 },
        user_configs: { protocols: { 'tcode-v03': { communication: [{ serial }] } } },
      }),
    );
    server = await startServer({
      ...DEFAULT_OPTIONS,
      websocketPort: 0,
      useSerial: true,
      userDeviceConfigFile: file,
      log: 'error',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await device?.close();
    await pair?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function scanForTCode(c: RawClient): Promise<number> {
    const added = c.nextOfType('DeviceAdded', 10_000);
    expect(await c.request('StartScanning', {})).toHaveProperty('Ok');
    const { DeviceAdded } = (await added) as { DeviceAdded: { DeviceIndex: number; DeviceName: string } };
    expect(DeviceAdded.DeviceName).toBe('TCode v0.3 (Single Linear Axis)');
    return DeviceAdded.DeviceIndex;
  }

  it('reports the device removed, restarts, and takes the device again on the next scan', async () => {
    const c = await RawClient.handshake(`ws://127.0.0.1:${server.port}`, 3);
    const index = await scanForTCode(c);
    expect(
      await c.request('LinearCmd', {
        DeviceIndex: index,
        Vectors: [{ Index: 0, Duration: 500, Position: 0.5 }],
      }),
    ).toHaveProperty('Ok');
    expect(await device.nextLine()).toBe('L0500I500\n');

    const removed = c.nextOfType('DeviceRemoved');
    server.buses.crash('serial');
    expect(await removed).toEqual({ DeviceRemoved: { Id: 0, DeviceIndex: index } });
    const late = await c.request('LinearCmd', {
      DeviceIndex: index,
      Vectors: [{ Index: 0, Duration: 100, Position: 1 }],
    });
    expect(late.Error).toMatchObject({ ErrorCode: 4 });

    // Scanning at once, while the worker may still be restarting: the bus scans as soon as it is
    // up again, so one StartScanning is enough.
    const again = await scanForTCode(c);
    expect(again).toBe(index);
    expect(
      await c.request('LinearCmd', {
        DeviceIndex: index,
        Vectors: [{ Index: 0, Duration: 200, Position: 1 }],
      }),
    ).toHaveProperty('Ok');
    expect(await device.nextLine()).toBe('L01000I200\n');
    expect(device.unread()).toEqual([]);
    await c.close();
  });
});
