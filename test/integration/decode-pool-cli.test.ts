// The --decode-pool flags: their validation messages are part of the CLI contract (style.md §8),
// and a server running the pool starts its workers, answers, and still exits cleanly on SIGTERM.

import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, parseArgs } from '../../src/main/cli.js';
import { RawClient } from '../helpers/raw-client.js';
import { runCli, startServer } from '../helpers/server-process.js';

describe('--decode-pool flags', () => {
  it('the pool is off by default, one thread when on', () => {
    expect(DEFAULT_OPTIONS).toMatchObject({ decodePool: false, decodePoolThreads: 1 });
    expect(parseArgs(['--decode-pool'])).toMatchObject({
      kind: 'run',
      options: { decodePool: true, decodePoolThreads: 1 },
    });
  });

  it('--decode-pool-threads N sets the thread count, in either flag form', () => {
    expect(parseArgs(['--decode-pool', '--decode-pool-threads', '3'])).toMatchObject({
      options: { decodePool: true, decodePoolThreads: 3 },
    });
    expect(parseArgs(['--decode-pool-threads=2', '--decode-pool'])).toMatchObject({
      options: { decodePoolThreads: 2 },
    });
  });

  it.each(['0', '65', '-1', '1.5', 'two', ''])(
    '--decode-pool-threads %j is refused with the rule',
    (value) => {
      expect(parseArgs(['--decode-pool', '--decode-pool-threads', value])).toEqual({
        kind: 'error',
        message: `--decode-pool-threads takes a thread count 1-64, got ${JSON.stringify(value)}`,
      });
    },
  );

  it('a thread count without --decode-pool names the missing flag', () => {
    expect(parseArgs(['--decode-pool-threads', '2'])).toEqual({
      kind: 'error',
      message: '--decode-pool-threads needs --decode-pool',
    });
  });

  it('--decode-pool takes no value; --decode-pool-threads needs one', () => {
    expect(parseArgs(['--decode-pool=yes'])).toEqual({
      kind: 'error',
      message: '--decode-pool takes no value',
    });
    expect(parseArgs(['--decode-pool', '--decode-pool-threads'])).toEqual({
      kind: 'error',
      message: '--decode-pool-threads takes a value',
    });
  });

  it('the CLI prints the problem and exits 2; --help lists both flags', async () => {
    const r = await runCli(['--decode-pool-threads', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('thrum: --decode-pool-threads needs --decode-pool\n');
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/--decode-pool\s/);
    expect(help.stdout).toMatch(/--decode-pool-threads N\s/);
  });

  it('a server with a 2-thread pool answers, then stops its workers and exits 0 on SIGTERM', async () => {
    const server = await startServer(['--decode-pool', '--decode-pool-threads', '2'], { simulated: false });
    expect(server.stderr()).toContain('decoding client frames on 2 worker threads');
    const c = await RawClient.handshake(server.url, 4);
    expect(await c.request('Ping', {}, 2)).toEqual({ Ok: { Id: 2 } });
    expect(await server.stop(), server.stderr()).toBe(0);
    // The handshake is decoded inline (the version is not known before it), the Ping on the pool.
    expect(server.stderr()).toContain('decode pool: 1 frames in 1 tasks');
  });
});
