// A bus worker that dies: its devices are reported removed to every client, the worker is
// restarted, and devices come back when they reconnect. Runs the server in-process so the test
// can provoke the crash (BusSupervisor.crash: the worker fails as on an uncaught exception).

import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../src/main/cli.js';
import { startServer, type RunningServer } from '../../src/main/server.js';
import { RawClient } from '../helpers/raw-client.js';
import { freePort } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

let server: RunningServer;
let simPort: number;

beforeAll(async () => {
  simPort = await freePort();
  server = await startServer({
    ...DEFAULT_OPTIONS,
    websocketPort: 0,
    useSimulatedDevices: true,
    simulatedDevicesPort: simPort,
    log: 'error',
  });
});
afterAll(async () => {
  await server.stop();
});

it('reports the devices removed, restarts the bus, and takes devices again', async () => {
  const v3 = await RawClient.handshake(`ws://127.0.0.1:${server.port}`, 3);
  const v4 = await RawClient.handshake(`ws://127.0.0.1:${server.port}`, 4);
  const { p, index } = await SimPeripheral.readyLovense(simPort, { address: 'sim-crash-1' });
  await v3.waitFor((m) => 'DeviceAdded' in m);

  const removed = v3.nextOfType('DeviceRemoved');
  const emptied = v4.waitFor(
    (m) => 'DeviceList' in m && Object.keys((m.DeviceList as { Devices: object }).Devices).length === 0,
  );
  server.buses.crash('simulated');
  expect(await removed).toEqual({ DeviceRemoved: { Id: 0, DeviceIndex: index } });
  await emptied;
  // The peripheral's socket died with the worker.
  await p.closed;
  // A command to the vanished device is refused.
  const late = await v3.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.5 }] });
  expect(late.Error).toMatchObject({ ErrorCode: 4 });

  // The restarted bus takes the device again, under the same index (same address).
  const added = v3.nextOfType('DeviceAdded', 10_000);
  const again = await SimPeripheral.readyLovense(simPort, { address: 'sim-crash-1' }, 10_000);
  expect(again.index).toBe(index);
  expect((await added).DeviceAdded).toMatchObject({ DeviceIndex: index, DeviceName: 'Lovense Hush' });
  expect(
    await v3.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 1 }] }),
  ).toHaveProperty('Ok');
  await again.p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'Vibrate:20;');
  await v3.close();
  await v4.close();
  again.p.ws.close();
});
