// The cluster's flags (docs/cluster.md): the contract's three go together, an edge runs no bus,
// and the NATS auth/TLS flags pair up; NATS credentials become the official client's options
// from files, never from the command line.

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/main/cli.js';
import { connectionOptions, NatsStartError, shownServers } from '../../src/cluster/nats-link.js';

const edge = ['--cluster-role', 'edge', '--nats', 'nats://127.0.0.1:4222', '--room', 'show1'];

describe('cluster flags', () => {
  it('a stage and an edge parse', () => {
    expect(
      parseArgs([
        '--cluster-role',
        'stage',
        '--nats',
        'nats://a:1,nats://b:2',
        '--room',
        'r',
        '--use-serial',
      ]),
    ).toMatchObject({
      kind: 'run',
      options: { clusterRole: 'stage', nats: 'nats://a:1,nats://b:2', room: 'r', useSerial: true },
    });
    expect(parseArgs(edge)).toMatchObject({ kind: 'run', options: { clusterRole: 'edge', room: 'show1' } });
  });

  it.each([
    [['--cluster-role', 'stage'], '--cluster-role stage needs --nats URL and --room NAME'],
    [['--nats', 'nats://x:1'], '--nats needs --cluster-role stage or edge'],
    [['--cluster-role', 'hub'], '--cluster-role takes stage or edge, got "hub"'],
    [
      [...edge.slice(0, 4), '--room', 'a.b'],
      '--room takes a name of letters, digits, - and _ (at most 64), got "a.b"',
    ],
    [
      [...edge, '--use-simulated-devices'],
      "--use-simulated-devices: an edge runs no bus of its own (it drives the stage's devices through NATS); give bus flags to the stage",
    ],
    [[...edge, '--nats-password-file', 'p'], '--nats-password-file needs --nats-user'],
    [
      [...edge, '--nats-tls-cert', 'c'],
      '--nats-tls-cert and --nats-tls-key go together: give both or neither',
    ],
  ])('%j is refused: %s', (argv, message) => {
    expect(parseArgs(argv)).toEqual({ kind: 'error', message });
  });
});

describe('NATS connection options', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'thrum-nats-'));
  const settings = {
    servers: 'nats://a:1, nats://b:2',
    credsFile: null,
    user: null,
    passwordFile: null,
    tokenFile: null,
    tlsCaFile: null,
    tlsCertFile: null,
    tlsKeyFile: null,
  };

  it('servers are split; a password and a token come from the first line of their files', () => {
    writeFileSync(path.join(dir, 'pass'), 's3cret\nignored\n');
    writeFileSync(path.join(dir, 'token'), 'tok\n');
    const o = connectionOptions(
      {
        ...settings,
        user: 'u',
        passwordFile: path.join(dir, 'pass'),
        tokenFile: path.join(dir, 'token'),
        tlsCaFile: '/ca.pem',
      },
      'n',
    );
    expect(o).toMatchObject({
      servers: ['nats://a:1', 'nats://b:2'],
      user: 'u',
      pass: 's3cret',
      token: 'tok',
      tls: { caFile: '/ca.pem' },
    });
  });

  it('credentials written into a server URL are masked wherever the URL is shown', () => {
    expect(shownServers('nats://u:pw@a:1,nats://tok@b:2,nats://c:3')).toBe(
      'nats://***@a:1,nats://***@b:2,nats://c:3',
    );
  });

  it('an unreadable secret file is a start-up error naming the flag and the file', () => {
    expect(() => connectionOptions({ ...settings, tokenFile: path.join(dir, 'missing') }, 'n')).toThrow(
      NatsStartError,
    );
    expect(() => connectionOptions({ ...settings, tokenFile: path.join(dir, 'missing') }, 'n')).toThrow(
      /--nats-token-file .*missing cannot be read/,
    );
  });
});
