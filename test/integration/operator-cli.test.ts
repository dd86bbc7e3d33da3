// The operator flags as a newcomer meets them: off by default, in --help, and every start-up
// problem (an audit log or pid file that cannot be written, a taken operator port) one line, exit 1.

import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServer } from '../helpers/server-process.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'thrum-operator-cli-'));
const nowhere = path.join(dir, 'no-such-dir', 'file');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('operator flags', () => {
  it('are listed in --help', async () => {
    const r = await runCli(['--help']);
    for (const flag of [
      '--operator-port N',
      '--operator-use-all-interfaces',
      '--audit-log F',
      '--pid-file F',
    ])
      expect(r.stdout).toContain(flag);
  });

  it('leave the operator listener off unless asked for', async () => {
    const server = await startServer([], { simulated: false });
    try {
      expect(server.stdout()).toBe(`thrum listening on ws://127.0.0.1:${server.port}\n`);
    } finally {
      await server.stop();
    }
  });

  it('an audit log that cannot be opened is one line, exit 1', async () => {
    const r = await runCli(['--websocket-port', '0', '--audit-log', nowhere]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`thrum: --audit-log ${nowhere}: cannot open for appending: ENOENT\n`);
  });

  it('a pid file that cannot be written is one line, exit 1', async () => {
    const r = await runCli(['--websocket-port', '0', '--pid-file', nowhere]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`thrum: --pid-file ${nowhere}: cannot write: ENOENT\n`);
  });

  it('a taken operator port is one line naming it, exit 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await runCli(['--websocket-port', '0', '--operator-port', String(port)]);
      expect(r.code).toBe(1);
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('thrum: ')),
      ).toEqual([`thrum: operator listener: cannot listen on 127.0.0.1:${port} (port in use?)`]);
    } finally {
      blocker.close();
    }
  });

  it('a bad operator port names the flag, exit 2', async () => {
    const r = await runCli(['--operator-port', 'twelve']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('thrum: --operator-port takes a port number 0-65535, got "twelve"\n');
  });
});
