// The latched emergency stop outlives a bus worker crash: the device that comes back with the
// restarted worker is not driven, and commands stay refused until the operator releases the latch.
// In-process, so the test can provoke the crash (BusSupervisor.crash, as bus-crash.test.ts does).

import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../src/main/cli.js';
import { startServer, type RunningServer } from '../../src/main/server.js';
import { operatorFromReadyLines, operatorRequest } from '../helpers/operator-client.js';
import { RawClient } from '../helpers/raw-client.js';
import { freePort } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

let server: RunningServer;
let simPort: number;
let operator: { port: number; token: string };

beforeAll(async () => {
  simPort = await freePort();
  server = await startServer({
    ...DEFAULT_OPTIONS,
    websocketPort: 0,
    useSimulatedDevices: true,
    simulatedDevicesPort: simPort,
    operatorPort: 0,
    log: 'error',
  });
  const address = operatorFromReadyLines(`${server.readyLines.join('\n')}\n`);
  operator = { port: address.port, token: address.token! };
});
afterAll(async () => {
  await server.stop();
});

const api = (method: string, route: string) =>
  operatorRequest(operator.port, method, route, { token: operator.token });
const vibrate = (c: RawClient, index: number, speed: number) =>
  c.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: speed }] });

it('a device that returns with its restarted bus worker is not driven while the latch holds', async () => {
  const c = await RawClient.handshake(`ws://127.0.0.1:${server.port}`, 2);
  const { p, index } = await SimPeripheral.readyLovense(simPort, { address: 'estop-restart-1' });
  expect(await vibrate(c, index, 1)).toHaveProperty('Ok');
  await p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'Vibrate:20;');
  await api('POST', '/api/estop');
  await p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'Vibrate:0;');

  const removed = c.nextOfType('DeviceRemoved');
  server.buses.crash('simulated');
  await removed;
  await p.closed;
  const again = await SimPeripheral.readyLovense(simPort, { address: 'estop-restart-1' }, 10_000);
  expect(again.index).toBe(index);

  const state = (await api('GET', '/api/state')).json;
  expect(state.estop).toBe(true);
  expect(state.buses).toEqual([expect.objectContaining({ name: 'simulated', state: 'running', crashes: 1 })]);
  expect((await vibrate(c, index, 1)).Error).toMatchObject({
    ErrorCode: 4,
    ErrorMessage: 'emergency stop engaged',
  });
  await new Promise((r) => setTimeout(r, 300));
  // Only the identification handshake reached the returning device.
  expect(again.p.writes()).toEqual(['DeviceType;']);

  await api('POST', '/api/release');
  expect(await vibrate(c, index, 0.5)).toHaveProperty('Ok');
  await again.p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'Vibrate:10;');
  await c.close();
  again.p.ws.close();
});
