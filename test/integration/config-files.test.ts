// Config files end to end: the upstream device config replacing the built-in definitions, and a
// user device config's display name, reserved index and deny list, seen by clients and peripherals.

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw-client.js';
import { hasReference, REFERENCE_SKIP_REASON, referencePath, scratchCopy } from '../helpers/reference.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

function lovense(simPort: number, letter: string, address: string): Promise<SimPeripheral> {
  return SimPeripheral.lovense(simPort, { letter, address });
}

describe.skipIf(!hasReference)(
  `--device-config-file (${hasReference ? 'upstream v4 config' : REFERENCE_SKIP_REASON})`,
  () => {
    let server: ServerProcess;
    beforeAll(async () => {
      server = await startServer(['--device-config-file', referencePath('buttplug-device-config-v4.json')]);
    });
    afterAll(async () => {
      await server.stop();
    });

    it('loads the whole upstream database and still drives a Lovense', async () => {
      const p = await lovense(server.simPort, 'Z', 'cfg-hush');
      const ready = await p.next('ready');
      expect(ready.name).toBe('Lovense Hush');
      const c = await RawClient.handshake(server.url, 3);
      await c.request('VibrateCmd', { DeviceIndex: ready.deviceIndex, Speeds: [{ Index: 0, Speed: 1 }] });
      await p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'Vibrate:20;');
      await c.close();
      p.ws.close();
    });

    it('rejects a peripheral no protocol matches, naming it', async () => {
      const p = await SimPeripheral.connect(`ws://127.0.0.1:${server.simPort}`);
      p.send({ hello: { version: 1, transport: 'btle', name: 'Definitely Not A Toy', address: 'cfg-none' } });
      expect(String((await p.next('rejected')).reason)).toContain('Definitely Not A Toy');
      await p.closed;
    });
  },
);

describe('--user-device-config-file', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'thrum-user-config-'));
    const file = path.join(dir, 'user.json');
    // A deny entry (upstream format). Its base_id names no configuration, so only allow/deny is
    // kept (the server warns), which is exactly what a deny must survive.
    writeFileSync(
      file,
      JSON.stringify({
        version: { major: 4, minor: 0 },
        user_configs: {
          devices: [
            {
              identifier: { address: 'user-denied', protocol: 'lovense' },
              config: {
                id: '6f1d1a57-3f3e-4f53-9d39-0b8b4f5e0001',
                base_id: '6f1d1a57-3f3e-4f53-9d39-0b8b4f5e0002',
                features: [],
                user_config: { allow: false, deny: true, index: 5 },
              },
            },
          ],
        },
      }),
    );
    const args = ['--user-device-config-file', file];
    server = await startServer(args);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('a denied address is rejected and never listed', async () => {
    const c = await RawClient.handshake(server.url, 4);
    const p = await lovense(server.simPort, 'Z', 'user-denied');
    const rejected = await p.next('rejected');
    expect(String(rejected.reason)).toMatch(/den/i);
    const list = (await c.request('RequestDeviceList')).DeviceList as { Devices: object };
    expect(Object.keys(list.Devices)).toEqual([]);
    await c.close();
  });
});

describe.skipIf(!hasReference)(
  `user config display name and reserved index (${hasReference ? 'upstream case config' : REFERENCE_SKIP_REASON})`,
  () => {
    let server: ServerProcess;
    beforeAll(async () => {
      server = await startServer([
        '--user-device-config-file',
        scratchCopy(referencePath('device-tests/config/lovense_ridge_user_config.json')),
      ]);
    });
    afterAll(async () => {
      await server.stop();
    });

    it('lists the device under its display name at its reserved index', async () => {
      const c = await RawClient.handshake(server.url, 3);
      const added = c.nextOfType('DeviceAdded');
      const p = await lovense(server.simPort, 'F', 'UserConfigTest');
      const ready = await p.next('ready');
      // The user entry's own name replaces the database name, as upstream's case expects.
      expect(ready).toEqual({ deviceIndex: 0, name: 'Lovense Sex Machine' });
      expect((await added).DeviceAdded).toMatchObject({
        DeviceIndex: 0,
        DeviceName: 'Lovense Sex Machine',
        DeviceDisplayName: 'Lovense Name Test',
      });
      await c.close();
      p.ws.close();
    });
  },
);
