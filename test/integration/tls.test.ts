// wss:// on the client port (issue 10, part 4): the server serves the certificate it was given,
// raw clients and both real client libraries connect over TLS to a simulated device and drive it,
// a passphrase-protected key works, and every bad TLS configuration is one line at start.
// Certificates are made at test time with openssl (test/helpers/tls-certs.ts).

import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryClientsProcess } from '../helpers/library-clients-process.js';
import { RawClient } from '../helpers/raw-client.js';
import { runCli, startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';
import { derCopy, makeSelfSigned, writeTestFile, type TestCertificate } from '../helpers/tls-certs.js';

const PASSPHRASE = 'correct horse battery staple';

let plain: TestCertificate;
let encrypted: TestCertificate;
let other: TestCertificate;

beforeAll(() => {
  plain = makeSelfSigned();
  encrypted = makeSelfSigned({ passphrase: PASSPHRASE });
  other = makeSelfSigned();
});

const tlsFlags = (c: TestCertificate): string[] => [
  '--websocket-tls-cert',
  c.certFile,
  '--websocket-tls-key',
  c.keyFile,
  ...(c.passphraseFile === null ? [] : ['--websocket-tls-passphrase-file', c.passphraseFile]),
];

/** The text of every Vibrate write the peripheral got, in order. */
const vibrateWrites = (p: SimPeripheral): string[] => p.writes().filter((w) => w.startsWith('Vibrate:'));

/** Wait for the peripheral to receive exactly this write. */
const written = (p: SimPeripheral, text: string) =>
  p.next('write', (w) => Buffer.from(w.data as number[]).toString() === text);

describe('a server with a certificate and key', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer(tlsFlags(plain));
  });
  afterAll(async () => {
    await server.stop();
  });

  it('announces wss:// in its ready line', () => {
    expect(server.scheme).toBe('wss');
    expect(server.stdout()).toMatch(
      new RegExp(`^thrum listening on wss://127\\.0\\.0\\.1:${server.port}\\n`),
    );
  });

  it('serves the certificate it was given, which a client trusting it accepts for 127.0.0.1', async () => {
    const socket = tls.connect({ host: '127.0.0.1', port: server.port, ca: plain.certPem });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
    });
    try {
      expect(socket.authorized).toBe(true);
      expect(socket.getPeerCertificate().fingerprint256).toBe(
        new X509Certificate(plain.certPem).fingerprint256,
      );
    } finally {
      socket.destroy();
    }
  });

  it('a raw client shakes hands over wss:// on IPv4 and IPv6 loopback and drives a device', async () => {
    const hush = await SimPeripheral.lovense(server.simPort, { address: 'tls-raw' });
    const index = (await hush.next('ready')).deviceIndex as number;
    for (const url of [server.url, `wss://[::1]:${server.port}`]) {
      const c = await RawClient.handshake(url, 3, 'raw tls client', false, { ca: plain.certPem });
      expect(await c.request('Ping')).toEqual({ Ok: { Id: expect.any(Number) } });
      await c.close();
    }
    const c = await RawClient.handshake(server.url, 4, 'raw tls client', false, { ca: plain.certPem });
    const reply = await c.request('OutputCmd', {
      DeviceIndex: index,
      FeatureIndex: 0,
      Command: { Vibrate: { Value: 7 } },
    });
    expect(reply).toHaveProperty('Ok');
    await written(hush, 'Vibrate:7;');
    await c.close();
    await written(hush, 'Vibrate:0;');
    expect(vibrateWrites(hush)).toEqual(['Vibrate:7;', 'Vibrate:0;']);
    hush.close();
  });

  it('answers plain HTTP over https with 426 naming wss://', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      https
        .get({ host: '127.0.0.1', port: server.port, path: '/', ca: plain.certPem }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .once('error', reject);
    });
    expect(status).toBe(426);
    expect(body).toContain('(wss://)');
  });

  it('does not speak plain ws:// on the TLS port', async () => {
    await expect(RawClient.connect(`ws://127.0.0.1:${server.port}`)).rejects.toThrow();
    // …and keeps serving TLS clients after that.
    await (
      await RawClient.handshake(server.url, 3, 'after plain probe', false, { ca: plain.certPem })
    ).close();
  });

  it('buttplug@3.2.2 and buttplug@5.0.2 connect over wss:// (trusting the certificate through NODE_EXTRA_CA_CERTS) and drive a device', async () => {
    const hush = await SimPeripheral.lovense(server.simPort, { address: 'tls-libraries', battery: '64;' });
    await hush.next('ready');
    const libs = LibraryClientsProcess.start(server.url, { NODE_EXTRA_CA_CERTS: plain.certFile });
    try {
      expect(await libs.ok('connect v3')).toBe('Lovense Hush');
      expect(await libs.ok('connect v4')).toBe('Lovense Hush');

      await libs.ok('vibrate v3 0.5');
      await written(hush, 'Vibrate:10;');
      expect(await libs.ok('battery v3')).toBeCloseTo(0.64);
      await libs.ok('stop v3');
      await written(hush, 'Vibrate:0;');

      await libs.ok('vibrate v4 0.25');
      await written(hush, 'Vibrate:5;');
      expect(await libs.ok('battery v4')).toBe(64);
      await libs.ok('stop v4');
      await written(hush, 'Vibrate:0;');

      // Disconnecting stops what the client drives.
      await libs.ok('vibrate v4 0.75');
      await written(hush, 'Vibrate:15;');
      await libs.ok('disconnect v4');
      await written(hush, 'Vibrate:0;');
      await libs.ok('disconnect v3');
      expect(vibrateWrites(hush)).toEqual([
        'Vibrate:10;',
        'Vibrate:0;',
        'Vibrate:5;',
        'Vibrate:0;',
        'Vibrate:15;',
        'Vibrate:0;',
      ]);
    } finally {
      await libs.stop();
      hush.close();
    }
  });

  it('the client libraries refuse the server when nothing makes them trust its certificate', async () => {
    const libs = LibraryClientsProcess.start(server.url, { NODE_EXTRA_CA_CERTS: other.certFile });
    try {
      // Either the TLS error itself, or the connector's own word for it when it rejects first.
      for (const lib of ['v3', 'v4']) {
        const r = await libs.step(`connect ${lib}`);
        expect(r).toMatchObject({
          ok: false,
          error: expect.stringMatching(/self-signed certificate|WebSocket connection failed/),
        });
      }
    } finally {
      await libs.stop();
    }
    // The refused handshakes did not upset the server.
    await (await RawClient.handshake(server.url, 3, 'after refused', false, { ca: plain.certPem })).close();
  });
});

describe('a passphrase-protected key', () => {
  it('serves wss:// with the passphrase from --websocket-tls-passphrase-file', async () => {
    const server = await startServer(tlsFlags(encrypted), { simulated: false });
    try {
      expect(server.url).toMatch(/^wss:\/\//);
      const c = await RawClient.handshake(server.url, 2, 'encrypted key client', false, {
        ca: encrypted.certPem,
      });
      expect(await c.request('Ping')).toHaveProperty('Ok');
      await c.close();
      expect(server.stderr()).not.toContain(PASSPHRASE);
    } finally {
      await server.stop();
    }
  });
});

describe('a bad TLS configuration is one line at start', () => {
  /** Run the CLI, which must fail with exactly `line` (after "thrum: ") and `code`. */
  async function refused(args: readonly string[], code: number, line: string): Promise<void> {
    const r = await runCli(['--websocket-port', '0', ...args]);
    expect(r.stderr).toBe(`thrum: ${line}\n`);
    expect(r.code).toBe(code);
    expect(r.stdout).not.toContain('listening');
    expect(r.stderr).not.toContain(PASSPHRASE);
  }

  it('a certificate without a key, a key without a certificate, a passphrase alone: exit 2', async () => {
    const pairing = '--websocket-tls-cert and --websocket-tls-key go together: give both or neither';
    await refused(['--websocket-tls-cert', plain.certFile], 2, pairing);
    await refused(['--websocket-tls-key', plain.keyFile], 2, pairing);
    await refused(
      ['--websocket-tls-passphrase-file', encrypted.passphraseFile!],
      2,
      '--websocket-tls-passphrase-file needs --websocket-tls-cert and --websocket-tls-key',
    );
  });

  it('a missing certificate file, exit 1', async () => {
    const missing = path.join(path.dirname(plain.certFile), 'no-such-cert.pem');
    await refused(
      ['--websocket-tls-cert', missing, '--websocket-tls-key', plain.keyFile],
      1,
      `--websocket-tls-cert ${missing}: cannot read it (no such file)`,
    );
  });

  it('an unreadable key file, exit 1', async () => {
    const folder = path.join(path.dirname(plain.keyFile), 'a-folder.pem');
    mkdirSync(folder, { recursive: true });
    await refused(
      ['--websocket-tls-cert', plain.certFile, '--websocket-tls-key', folder],
      1,
      `--websocket-tls-key ${folder}: cannot read it (it is a directory)`,
    );
  });

  // Root reads a file whatever its mode, so this case needs an ordinary user.
  it.skipIf(process.getuid?.() === 0)('a key file without read permission, exit 1', async () => {
    const locked = writeTestFile('locked-key.pem', '');
    chmodSync(locked, 0);
    await refused(
      ['--websocket-tls-cert', plain.certFile, '--websocket-tls-key', locked],
      1,
      `--websocket-tls-key ${locked}: cannot read it (permission denied)`,
    );
  });

  it('a certificate that is not PEM (DER), and a key file holding a certificate, exit 1', async () => {
    const der = derCopy(plain);
    await refused(
      ['--websocket-tls-cert', der, '--websocket-tls-key', plain.keyFile],
      1,
      `--websocket-tls-cert ${der}: not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line)`,
    );
    await refused(
      ['--websocket-tls-cert', plain.certFile, '--websocket-tls-key', plain.certFile],
      1,
      `--websocket-tls-key ${plain.certFile}: not a PEM private key (no "-----BEGIN … PRIVATE KEY-----" line)`,
    );
  });

  it('a PEM block that does not parse, exit 1', async () => {
    const garbled = writeTestFile(
      'garbled-cert.pem',
      '-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n',
    );
    const r = await runCli([
      '--websocket-port',
      '0',
      '--websocket-tls-cert',
      garbled,
      '--websocket-tls-key',
      plain.keyFile,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^thrum: --websocket-tls-cert ${garbled.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the certificate cannot be parsed \\(.+\\)\\n$`,
      ),
    );
  });

  it('a key that does not match the certificate, exit 1', async () => {
    await refused(
      ['--websocket-tls-cert', plain.certFile, '--websocket-tls-key', other.keyFile],
      1,
      `--websocket-tls-key ${other.keyFile}: not the key of the certificate in ${plain.certFile}`,
    );
  });

  it('an encrypted key without its passphrase, or with a wrong one, exit 1', async () => {
    const cert = ['--websocket-tls-cert', encrypted.certFile, '--websocket-tls-key', encrypted.keyFile];
    await refused(
      cert,
      1,
      `--websocket-tls-key ${encrypted.keyFile}: the key is encrypted; give its passphrase with --websocket-tls-passphrase-file`,
    );
    const wrong = writeTestFile('wrong-passphrase.txt', 'incorrect horse\n');
    await refused(
      [...cert, '--websocket-tls-passphrase-file', wrong],
      1,
      `--websocket-tls-key ${encrypted.keyFile}: the passphrase in ${wrong} does not decrypt it`,
    );
    const empty = writeTestFile('empty-passphrase.txt', '\n');
    await refused(
      [...cert, '--websocket-tls-passphrase-file', empty],
      1,
      `--websocket-tls-passphrase-file ${empty}: its first line is empty`,
    );
  });

  it('--help lists the TLS flags', async () => {
    const help = (await runCli(['--help'])).stdout;
    for (const flag of [
      '--websocket-tls-cert F',
      '--websocket-tls-key F',
      '--websocket-tls-passphrase-file F',
    ])
      expect(help).toContain(flag);
  });
});

describe('the operator API under TLS', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer([...tlsFlags(plain), '--operator-port', '0'], { simulated: false });
  });
  afterAll(async () => {
    await server.stop();
  });

  /** An https request to the operator port, trusting the test certificate. */
  function get(
    port: number,
    route: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        { host: '127.0.0.1', port, path: route, method: 'GET', headers, ca: plain.certPem },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.once('error', reject);
      req.end();
    });
  }

  it('is served over https with the same certificate, and still needs its token', async () => {
    await expect
      .poll(() => server.stdout())
      .toMatch(/operator console on https:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const m = /operator console on https:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)\n/.exec(server.stdout())!;
    const [port, token] = [Number(m[1]), decodeURIComponent(m[2]!)];
    const state = await get(port, '/api/state', { authorization: `Bearer ${token}` });
    expect(state.status).toBe(200);
    expect(JSON.parse(state.body)).toMatchObject({ clients: [], devices: [], estop: false });
    expect((await get(port, '/api/state', {})).status).toBe(401);
    expect(
      (await get(port, '/api/state', { authorization: `Bearer ${token}`, origin: 'https://evil.example' }))
        .status,
    ).toBe(403);
  });
});
