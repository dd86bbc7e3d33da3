// --use-bluetooth-le on a machine without a usable Bluetooth adapter (every test machine): the
// compiled server starts, says once why the Bluetooth bus is unavailable, and every other bus
// keeps serving — here a simulated Lovense Hush, driven by a client, with scanning working.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

let server: ServerProcess;

beforeAll(async () => {
  server = await startServer(['--use-bluetooth-le'], { simulated: true });
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

const body = (m: Msg) => Object.values(m)[0] as Record<string, unknown>;

describe('--use-bluetooth-le without an adapter', () => {
  it('logs the unavailable Bluetooth bus exactly once, on stderr only', () => {
    const lines = server
      .stderr()
      .split('\n')
      .filter((l) => l.includes('bus btle unavailable'));
    expect(lines).toHaveLength(1);
    // One clear reason on the same line, not a stack trace.
    expect(lines[0]).toMatch(/WARN  bus btle unavailable: \S.*Bluetooth/);
    expect(server.stderr()).not.toMatch(/\n\s+at /);
    expect(server.stdout()).not.toMatch(/noble|bluetooth/i);
  });

  it('still scans and drives a simulated Lovense toy', async () => {
    const c = await RawClient.handshake(server.url, 3);
    try {
      expect(await c.request('StartScanning')).toHaveProperty('Ok');
      const added = c.nextOfType('DeviceAdded');
      const p = await SimPeripheral.lovense(server.simPort, { address: 'sim-btle-off-1' });
      try {
        expect(await p.next('accepted')).toEqual({ protocol: 'lovense' });
        expect((await p.nextWrite()).text).toBe('DeviceType;');
        const info = body(await added);
        expect(info).toMatchObject({ DeviceName: 'Lovense Hush' });
        const index = info.DeviceIndex as number;

        expect(
          await c.request('ScalarCmd', {
            DeviceIndex: index,
            Scalars: [{ Index: 0, Scalar: 0.5, ActuatorType: 'Vibrate' }],
          }),
        ).toHaveProperty('Ok');
        expect((await p.nextWrite()).text).toBe('Vibrate:10;');
        const battery = await c.request('SensorReadCmd', {
          DeviceIndex: index,
          SensorIndex: 0,
          SensorType: 'Battery',
        });
        expect(body(battery)).toMatchObject({ DeviceIndex: index, SensorType: 'Battery', Data: [85] });

        const finished = c.nextOfType('ScanningFinished');
        expect(await c.request('StopScanning')).toHaveProperty('Ok');
        await finished;
      } finally {
        p.close();
        await p.closed;
      }
    } finally {
      await c.close();
    }
    // Still exactly one line about the Bluetooth bus after scanning started and stopped.
    expect(
      server
        .stderr()
        .split('\n')
        .filter((l) => /\[btle\]|bus btle|Bluetooth|noble/.test(l)),
    ).toHaveLength(1);
  });

  it('answers StartScanning and StopScanning when the Bluetooth bus is the only one, and unavailable', async () => {
    const alone = await startServer(['--use-bluetooth-le'], { simulated: false });
    try {
      const c = await RawClient.handshake(alone.url, 3);
      expect(await c.request('StartScanning')).toHaveProperty('Ok');
      const finished = c.nextOfType('ScanningFinished');
      expect(await c.request('StopScanning')).toHaveProperty('Ok');
      await finished;
      await c.close();
      expect(
        alone
          .stderr()
          .split('\n')
          .filter((l) => l.includes('bus btle unavailable')),
      ).toHaveLength(1);
    } finally {
      expect(await alone.stop()).toBe(0);
    }
  });
});
