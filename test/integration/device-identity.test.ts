// Stable device identity end to end (issue 10, part 5): with --user-device-config-file, a device
// seen for the first time is written into the file, so after a restart it comes back under the
// same index even when another device connects first; the user's own entries and the file's
// layout survive the rewrite; a file that cannot be written is one warning, and thrum serves on.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadUserConfigFile } from '../../src/config/index.js';
import { RawClient } from '../helpers/raw-client.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

const HUSH = '37642e1c-a416-44d3-bada-76b6d9e245c9';
const HUSH_FEATURES = ['3f7a25a5-df21-42ca-bf9f-d1c52df1f37e', '14bd7637-13ed-49ba-9eb9-9c8ba9abec20'];

/** The user's own file: keys in their own order, a deny entry, a named and limited Hush, a websocket device name. */
const USER = {
  user_configs: {
    devices: [
      {
        identifier: { protocol: 'lovense', address: 'id-denied' },
        config: {
          user_config: { deny: true, allow: false, index: 5 },
          features: [],
          base_id: '6f1d1a57-3f3e-4f53-9d39-0b8b4f5e0002',
          id: '6f1d1a57-3f3e-4f53-9d39-0b8b4f5e0001',
        },
      },
      {
        identifier: { address: 'id-desk', protocol: 'lovense', identifier: 'Z' },
        config: {
          name: 'Lovense Hush',
          id: '6f1d1a57-3f3e-4f53-9d39-0b8b4f5e0003',
          base_id: HUSH,
          features: [
            {
              id: '6f1d1a57-3f3e-4f53-9d39-0b8b4f5e0004',
              base_id: HUSH_FEATURES[0],
              output: { vibrate: { value: [0, 10] } },
            },
            { id: '6f1d1a57-3f3e-4f53-9d39-0b8b4f5e0005', base_id: HUSH_FEATURES[1] },
          ],
          user_config: { allow: false, deny: false, index: 7, display_name: 'Desk toy é' },
        },
      },
    ],
    protocols: { lovense: { communication: [{ websocket: { name: 'id-ws-toy' } }] } },
  },
  version: { major: 4, minor: 0 },
};

/** Tabs, CRLF line ends, and an escaped é: formatting JSON.stringify would not choose. */
const USER_TEXT = JSON.stringify(USER, null, '\t').replace(/\n/g, '\r\n').replace('é', '\\u00e9');

type UserFile = typeof USER;

let dir: string;
let file: string;
const servers: ServerProcess[] = [];
const peripherals: SimPeripheral[] = [];

async function serve(): Promise<ServerProcess> {
  const s = await startServer(['--user-device-config-file', file]);
  servers.push(s);
  return s;
}

/** A Lovense toy connects; resolves to the index the server gave it. */
async function connect(server: ServerProcess, address: string, letter = 'Z'): Promise<number> {
  const p = await SimPeripheral.lovense(server.simPort, { letter, address });
  peripherals.push(p);
  return (await p.next('ready')).deviceIndex as number;
}

async function stop(server: ServerProcess): Promise<void> {
  for (const p of peripherals.splice(0)) p.ws.close();
  expect(await server.stop()).toBe(0);
}

const devicesOf = (f: UserFile): unknown[] => f.user_configs.devices;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'thrum-identity-'));
  file = path.join(dir, 'user.json');
});
afterEach(async () => {
  for (const p of peripherals.splice(0)) p.ws.close();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

describe('a device seen once keeps its index', () => {
  it('across a restart, even when another device connects first; the user entries and layout are unchanged', async () => {
    writeFileSync(file, USER_TEXT);
    const first = await serve();
    expect(await connect(first, 'id-hush')).toBe(0);
    await stop(first);
    expect(first.stderr()).toContain(`recorded 1 new device in ${file}`);

    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('{\r\n\t"user_configs": {\r\n\t\t"devices": [')).toBe(true);
    expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
    const written = JSON.parse(text) as UserFile;
    // Everything that was there reads back the same; the one new entry is the only difference.
    expect(devicesOf(written).slice(0, 2)).toEqual(devicesOf(USER));
    expect({ ...written, user_configs: { ...written.user_configs, devices: [] } }).toEqual({
      ...USER,
      user_configs: { ...USER.user_configs, devices: [] },
    });
    expect(devicesOf(written)[2]).toEqual({
      identifier: { address: 'id-hush', protocol: 'lovense', identifier: 'Z' },
      config: {
        name: 'Lovense Hush',
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        base_id: HUSH,
        features: HUSH_FEATURES.map((base) => ({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          base_id: base,
        })),
        user_config: { allow: false, deny: false, index: 0 },
      },
    });

    // Second run: an Edge arrives first and must not take the Hush's index.
    const second = await serve();
    const edge = await connect(second, 'id-edge', 'P');
    expect(edge).not.toBe(0);
    expect([5, 7]).not.toContain(edge);
    expect(await connect(second, 'id-hush')).toBe(0);
    expect(await connect(second, 'id-desk')).toBe(7);
    const c = await RawClient.handshake(second.url, 3);
    const list = (await c.request('RequestDeviceList')).DeviceList as {
      Devices: Array<{ DeviceIndex: number; DeviceName: string; DeviceDisplayName?: string }>;
    };
    expect(list.Devices.map((d) => [d.DeviceIndex, d.DeviceName, d.DeviceDisplayName])).toEqual([
      [0, 'Lovense Hush', undefined],
      [edge, 'Lovense Edge', undefined],
      [7, 'Lovense Hush', 'Desk toy é'],
    ]);
    await c.close();
    await stop(second);
    const again = JSON.parse(readFileSync(file, 'utf8')) as UserFile;
    expect(devicesOf(again).slice(0, 3)).toEqual(devicesOf(written));
    expect(
      devicesOf(again).map((d) => (d as { identifier: { address: string } }).identifier.address),
    ).toEqual(['id-denied', 'id-desk', 'id-hush', 'id-edge']);
  });

  it('a file that does not exist yet is created with the device, and loads', async () => {
    const server = await serve();
    expect(await connect(server, 'id-hush')).toBe(0);
    await stop(server);
    const loaded = loadUserConfigFile(file);
    expect(loaded.ok && loaded.value.devices.map((d) => [d.address, d.identifier, d.index])).toEqual([
      ['id-hush', 'Z', 0],
    ]);
  });
});

describe('a user device config that cannot be written', () => {
  it('is one warning however many devices come, and thrum serves on', async () => {
    writeFileSync(file, USER_TEXT);
    const server = await serve();
    // Root writes through any permission, so the file is replaced by a directory.
    rmSync(file);
    mkdirSync(file);
    const warning = `cannot record new devices in ${file}: it is a directory (EISDIR)`;
    expect(await connect(server, 'id-one')).toBe(0);
    await expect.poll(() => server.stderr().includes(warning), { timeout: 10_000 }).toBe(true);
    expect(await connect(server, 'id-two')).toBe(1);
    const c = await RawClient.handshake(server.url, 3);
    const list = (await c.request('RequestDeviceList')).DeviceList as {
      Devices: Array<{ DeviceIndex: number }>;
    };
    expect(list.Devices.map((d) => d.DeviceIndex)).toEqual([0, 1]);
    await c.close();
    // Shutdown tries both devices again.
    await stop(server);
    expect(server.stderr().split(warning).length - 1).toBe(1);
    expect(readdirSync(dir)).toEqual(['user.json']);
  });
});
