// Both Lovense dongle flags on a machine with no dongle (this one): the compiled server says so in
// one line per variant, keeps looking without saying it again, and serves simulated devices.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw-client.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

let server: ServerProcess;

beforeAll(async () => {
  server = await startServer(['--use-lovense-dongle-hid', '--use-lovense-dongle-serial']);
});

afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

const linesAbout = (bus: string): string[] =>
  server
    .stderr()
    .split('\n')
    .filter((l) => l.includes(`${bus} bus: no Lovense dongle found`) || l.includes(`bus ${bus} unavailable`));

it('one line per dongle variant, and simulated devices are served meanwhile', async () => {
  const c = await RawClient.handshake(server.url, 3);
  const { p, index } = await SimPeripheral.readyLovense(server.simPort, { address: 'sim-absent-dongle' });
  expect(
    await c.request('ScalarCmd', {
      DeviceIndex: index,
      Scalars: [{ Index: 0, Scalar: 0.5, ActuatorType: 'Vibrate' }],
    }),
  ).toHaveProperty('Ok');
  expect(
    Buffer.from(
      (
        await p.next('write', (w) =>
          Buffer.from(w.data as number[])
            .toString()
            .startsWith('Vibrate'),
        )
      ).data as number[],
    ).toString(),
  ).toBe('Vibrate:10;');
  // Each bus looks again every second; after a few looks there is still one line each.
  await new Promise((r) => setTimeout(r, 2_500));
  const hid = linesAbout('lovense-dongle-hid');
  const serial = linesAbout('lovense-dongle-serial');
  expect(hid).toHaveLength(1);
  expect(serial).toHaveLength(1);
  expect(hid[0]).toContain('no Lovense dongle found (HID 1915:520a)');
  expect(serial[0]).toContain('no Lovense dongle found (USB serial 1a86:7523)');
  p.close();
  await c.close();
});
