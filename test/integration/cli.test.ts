// The fixed CLI contract (architecture.md "Fixed contracts"): flags, the ready line, exit codes,
// signals; and the client port's behaviour towards things that are not Buttplug clients.

import { writeFileSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw-client.js';
import { runCli, startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

describe('command line', () => {
  it('--version prints the package version and exits 0', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^thrum \d+\.\d+\.\d+\n$/);
  });

  it('an unknown flag is one line naming it, exit 2', async () => {
    const r = await runCli(['--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('thrum: unknown flag --no-such-flag (see --help)\n');
  });

  it('--lovense-dongle-port alone is an error naming the flag it needs, exit 2', async () => {
    const r = await runCli(['--lovense-dongle-port', '/dev/ttyUSB0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('thrum: --lovense-dongle-port needs --use-lovense-dongle-serial\n');
  });

  it('a bad flag value names the flag', async () => {
    const r = await runCli(['--websocket-port', 'eleven']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--websocket-port takes a port number');
  });

  it('an unreadable or invalid config file is one line naming the file, exit 1', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'thrum-cli-'));
    const missing = path.join(dir, 'missing.json');
    let r = await runCli(['--device-config-file', missing, '--websocket-port', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^thrum: .*${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const broken = path.join(dir, 'broken.json');
    writeFileSync(
      broken,
      '{"version": {"major": 4, "minor": 0}, "user_configs": {"devices": [ {"identifier": 3} ]}}',
    );
    r = await runCli(['--user-device-config-file', broken, '--websocket-port', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toContain(broken);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a port in use is one line naming the port, exit 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await runCli(['--websocket-port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`127.0.0.1:${port}`);
    } finally {
      blocker.close();
    }
  });
});

describe('a running server', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer([], { simulated: false });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('prints the ready line with the bound port', () => {
    expect(server.stdout()).toMatch(new RegExp(`listening on ws://127\\.0\\.0\\.1:${server.port}\\n`));
  });

  it('answers plain HTTP with a short status, and keeps serving', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(res.status).toBe(426);
    expect(await res.text()).toContain('WebSocket');
    const c = await RawClient.handshake(server.url, 3);
    await c.close();
  });

  it('listens on IPv6 loopback too', async () => {
    const c = await RawClient.handshake(`ws://[::1]:${server.port}`, 4);
    await c.close();
  });

  it('survives port probes and half-open connections without disturbing a client', async () => {
    const c = await RawClient.handshake(server.url, 3);
    // A bare TCP probe that closes at once, one that sends garbage, and one that sends half an
    // HTTP upgrade and then goes silent.
    const probes = await Promise.all(
      ['', 'GARBAGE\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n'].map(
        (payload) =>
          new Promise<net.Socket>((resolve) => {
            const s = net.connect(server.port, '127.0.0.1', () => {
              if (payload) s.write(payload);
              resolve(s);
            });
            s.on('error', () => {});
          }),
      ),
    );
    probes[0]!.destroy();
    const reply = await c.request('Ping');
    expect(reply).toEqual({ Ok: { Id: expect.any(Number) } });
    for (const p of probes) p.destroy();
    const again = await c.request('RequestDeviceList');
    expect(again).toHaveProperty('DeviceList');
    await c.close();
  });
});

describe("Intiface Engine's other flags", () => {
  it('an engine launch line with buses and features thrum lacks: one warning each, and it serves', async () => {
    const lacking = ['--use-xinput', '--allow-raw', '--crash-reporting', '--broadcast-server-mdns'];
    const server = await startServer(
      [
        ...lacking,
        '--frontend-websocket-port',
        '12346',
        '--mdns-suffix',
        'den',
        '--server-name',
        'Intiface Server',
      ],
      { simulated: true },
    );
    try {
      const c = await RawClient.handshake(server.url, 3);
      expect(c.received[0]?.ServerInfo?.ServerName).toBe('Intiface Server');
      await c.close();
      const warnings = server
        .stderr()
        .split('\n')
        .filter((l) => / WARN /.test(l));
      for (const flag of [...lacking, '--frontend-websocket-port', '--mdns-suffix']) {
        expect(warnings.filter((l) => l.includes(`(${flag}`))).toHaveLength(1);
      }
      expect(warnings.find((l) => l.includes('--use-xinput'))).toMatch(
        /bus xinput unavailable: thrum does not drive XInput gamepads yet/,
      );
    } finally {
      await server.stop();
    }
  });

  it('--server-version prints the bare version', async () => {
    const r = await runCli(['--server-version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each([
    [['--repeater'], '--repeater: thrum has no repeater mode'],
    [['--repeater-port', '1234'], '--repeater-port: thrum has no repeater mode'],
    [
      ['--websocket-client-address', 'ws://10.0.0.2:12345'],
      '--websocket-client-address: thrum only listens for clients; it does not connect out to one',
    ],
  ])('%j: a mode thrum does not have is one line, exit 2', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`thrum: ${message}\n`);
  });
});

describe('--log and --websocket-use-all-interfaces', () => {
  it('--log warn keeps info lines out of stderr; debug shows them', async () => {
    const quiet = await startServer(['--log', 'warn'], { simulated: false });
    const loud = await startServer(['--log', 'debug'], { simulated: false });
    for (const s of [quiet, loud]) await (await RawClient.handshake(s.url, 3, 'log level probe')).close();
    await Promise.all([quiet.stop(), loud.stop()]);
    expect(loud.stderr()).toMatch(/INFO .*"log level probe" connected/);
    expect(quiet.stderr()).not.toMatch(/INFO|DEBUG/);
  });

  // A non-loopback address of this machine, if it has one (CI machines do).
  const outside = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a !== undefined && !a.internal && a.family === 'IPv4')?.address;

  it.skipIf(outside === undefined)(
    `is loopback-only by default, reachable on ${outside ?? 'other addresses'} with --websocket-use-all-interfaces`,
    async () => {
      const local = await startServer([], { simulated: false });
      const all = await startServer(['--websocket-use-all-interfaces'], { simulated: false });
      try {
        await expect(RawClient.connect(`ws://${outside}:${local.port}`)).rejects.toThrow(/ECONNREFUSED/);
        const c = await RawClient.handshake(`ws://${outside}:${all.port}`, 3);
        await c.close();
      } finally {
        await Promise.all([local.stop(), all.stop()]);
      }
    },
  );
});

describe('signals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s stops every device, closes every connection, exits 0',
    async (signal) => {
      const server = await startServer([], { simulated: true });
      const hush = await SimPeripheral.lovense(server.simPort, { address: `signal-${signal}` });
      const index = (await hush.next('ready')).deviceIndex as number;
      const c = await RawClient.handshake(server.url, 3);
      expect(
        await c.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.5 }] }),
      ).toHaveProperty('Ok');
      await hush.next('write', (w) => Buffer.from(w.data as number[]).toString() === 'Vibrate:10;');

      expect(await server.stop(signal)).toBe(0);
      // The stop is the device's last frame before the server closed it.
      expect((await hush.closed).code).toBeGreaterThanOrEqual(1000);
      expect(hush.writes().at(-1)).toBe('Vibrate:0;');
      expect((await c.closed).code).toBeGreaterThanOrEqual(1000);
    },
  );
});
