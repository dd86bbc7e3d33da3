// The npm package, made and installed as an app that launches an engine would get it: `npm pack`
// makes a tarball, `npm install -g` of that tarball into an empty prefix puts `thrum` on its bin
// path, and that command serves. The install runs with an empty npm cache and --offline, so it
// passes only if the tarball carries everything it needs (package.json bundles every runtime
// dependency, with its prebuilt native binaries), and with --ignore-scripts, so nothing is
// compiled on the way.
//
// Packing runs the package's prepack script (the tsc build). The global setup has built dist/
// already and tsc is incremental, so that build writes nothing: the servers other test files
// start from dist/ meanwhile never see a half-written file.

import { execFile, type ExecFileOptions } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONSOLE_ASSETS } from '../../src/operator/console-page.js';
import { nativeUwsBinaryName } from '../../src/platform/uws-native.js';
import { operatorOf, operatorRequest } from '../helpers/operator-client.js';
import { RawClient } from '../helpers/raw-client.js';
import { repoRoot } from '../helpers/reference.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';

/** Packing gzips ~140 MB (uWebSockets.js ships a binary per platform); a busy 2-core machine is slow. */
const NPM_TIMEOUT_MS = 240_000;

let tmp: string;
let packed: string[];
let installed: string;
let bin: string;
let server: ServerProcess | undefined;

const project = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};

/** The test's own node first on PATH, so `#!/usr/bin/env node` runs the node under test. */
const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;

/**
 * npm without whatever an enclosing `npm test` put in the environment (npm_config_prefix and
 * the like would redirect the install), and without audit, fund or update checks, which go to
 * the network.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return {
    ...env,
    PATH,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

function run(file: string, args: readonly string[], opts: ExecFileOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { ...opts, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err)
          reject(
            new Error(
              `${file} ${args.join(' ')} failed: ${err.message}\nstdout:\n${stdout}\nstderr:\n${stderr}`,
            ),
          );
        else resolve(stdout);
      },
    );
  });
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'thrum-package-'));
  const prefix = path.join(tmp, 'prefix');
  await run('npm', ['pack', '--json', '--pack-destination', tmp], {
    cwd: repoRoot,
    env: npmEnv(),
    timeout: NPM_TIMEOUT_MS,
  });
  const tarballs = readdirSync(tmp).filter((f) => f.endsWith('.tgz'));
  expect(tarballs).toHaveLength(1);
  const tarball = path.join(tmp, tarballs[0]!);
  packed = await listTarball(tarball);

  await run(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--cache',
      path.join(tmp, 'empty-cache'),
      '--offline',
      '--ignore-scripts',
      tarball,
    ],
    { cwd: tmp, env: npmEnv(), timeout: NPM_TIMEOUT_MS },
  );
  installed = path.join(prefix, 'lib/node_modules/thrum');
  bin = path.join(prefix, 'bin/thrum');
}, 2 * NPM_TIMEOUT_MS);

afterAll(async () => {
  await server?.stop('SIGKILL');
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
});

/** Paths inside the tarball, without its `package/` top folder. */
async function listTarball(tarball: string): Promise<string[]> {
  const out = await run('tar', ['-tzf', tarball], { timeout: NPM_TIMEOUT_MS });
  return out
    .split('\n')
    .filter((line) => line !== '' && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''));
}

/** Every TypeScript source under src/, as the .js path tsc compiles it to. */
function compiledSources(dir = path.join(repoRoot, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return compiledSources(full);
    if (!e.name.endsWith('.ts') || e.name.endsWith('.d.ts')) return [];
    return [
      path
        .relative(repoRoot, full)
        .replace(/^src\//, 'dist/')
        .replace(/\.ts$/, '.js')
        .split(path.sep)
        .join('/'),
    ];
  });
}

describe('npm pack', () => {
  it('holds the compiled server, README and package.json, and no sources, maps, tests or bench', () => {
    const own = packed.filter((p) => !p.startsWith('node_modules/'));
    const consolePage = CONSOLE_ASSETS.map((a) => `dist/operator/console/${a.file}`);
    expect(
      own.filter((p) => !/^(package\.json|README\.md|dist\/.+\.js)$/.test(p) && !consolePage.includes(p)),
    ).toEqual([]);
    expect(own).toEqual(expect.arrayContaining(consolePage));
    // Every module the build makes, and none left in dist/ from a source since removed or renamed
    // (tsc does not delete those; `rm -rf dist` and rebuild if this fails for that reason).
    expect(own.filter((p) => p.startsWith('dist/') && !consolePage.includes(p)).sort()).toEqual(
      compiledSources().sort(),
    );
    expect(own).toContain('dist/workers/bus-worker.js');
    expect(own).toContain('dist/workers/btle/noble-host.js');
    expect(own).toContain('dist/codec/decode-worker.js');
  });

  it('bundles every runtime dependency, uWebSockets.js under its alias name with its native binaries', () => {
    for (const name of Object.keys(project.dependencies))
      expect(packed).toContain(`node_modules/${name}/package.json`);
    const uws = JSON.parse(
      readFileSync(path.join(installed, 'node_modules/uWebSockets.js/package.json'), 'utf8'),
    ) as { name: string };
    expect(uws.name).toBe('@trufflesuite/uws-js-unofficial');
    expect(packed).toContain(`node_modules/uWebSockets.js/binaries/${nativeUwsBinaryName()}`);
  });
});

// Loads each native module the way the server does, from one package root; prints a map of
// module → "ok" or the error's code (codes, not messages: messages hold paths that differ).
const NATIVE_PROBE = `
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const root = process.argv[1];
const req = createRequire(path.join(root, 'package.json'));
const from = (pkg) => createRequire(req.resolve(pkg));
const failure = (err) => 'failed: ' + (err?.code ?? err?.name ?? String(err));
const probes = {
  'uWebSockets.js': async () => {
    const r = (await import(pathToFileURL(path.join(root, 'dist/platform/uws-native.js')).href)).tryLoadNativeUws();
    if ('error' in r) throw Object.assign(new Error(r.error), { code: 'NO_NATIVE_UWS' });
  },
  '@serialport/bindings-cpp': () => req('@serialport/bindings-cpp/dist/load-bindings.js'),
  '@abandonware/bluetooth-hci-socket': () => from('@abandonware/noble')('@abandonware/bluetooth-hci-socket'),
  '@abandonware/noble': () => req.resolve('@abandonware/noble'),
  'msgpackr-extract': () => from('msgpackr')('msgpackr-extract'),
  'node-hid': () => req('node-hid'),
};
const result = {};
for (const [name, probe] of Object.entries(probes)) {
  try { await probe(); result[name] = 'ok'; } catch (err) { result[name] = failure(err); }
}
process.stdout.write(JSON.stringify(result));
process.exit(0);
`;

async function loadNatives(root: string): Promise<Record<string, string>> {
  const out = await run(process.execPath, ['--input-type=module', '-e', NATIVE_PROBE, root], {
    cwd: os.tmpdir(),
    timeout: 30_000,
  });
  return JSON.parse(out) as Record<string, string>;
}

describe('npm install -g of the tarball (offline, empty cache, no install scripts)', () => {
  it('links `thrum` on the prefix bin path to the compiled entry', () => {
    expect(lstatSync(bin).isSymbolicLink()).toBe(true);
    expect(path.resolve(path.dirname(bin), readlinkSync(bin))).toBe(
      path.join(installed, 'dist/main/index.js'),
    );
    // tsc keeps the source's first line; without it the link would not run.
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('`thrum --version` reads the installed package.json; `thrum --help` names the command', async () => {
    const opts = { cwd: tmp, env: { ...process.env, PATH }, timeout: 15_000 };
    expect(await run(bin, ['--version'], opts)).toBe(`thrum ${project.version}\n`);
    expect(await run(bin, ['--help'], opts)).toMatch(/^Usage: thrum \[flags\]/m);
  });

  it('loads every native module the checkout loads (uWebSockets.js at least)', async () => {
    const [checkout, fromPackage] = await Promise.all([loadNatives(repoRoot), loadNatives(installed)]);
    expect(checkout['uWebSockets.js']).toBe('ok');
    expect(fromPackage).toEqual(checkout);
  });

  it('`thrum` serves from outside the checkout: workers start from the package, a handshake is answered, SIGTERM exits 0', async () => {
    server = await startServer(['--use-bluetooth-le', '--use-serial', '--decode-pool'], {
      command: bin,
      cwd: tmp,
      env: { ...process.env, PATH },
    });
    // The simulated bus runs in a worker started from the package's dist/; its ready line comes
    // only once that worker listens (a line after the one startServer waits for).
    await vi.waitFor(
      () =>
        expect(server!.stdout()).toMatch(
          /^thrum listening on ws:\/\/127\.0\.0\.1:\d+\nsimulated devices on ws:\/\/127\.0\.0\.1:\d+\n$/,
        ),
      { timeout: 5000 },
    );
    const c = await RawClient.connect(server.url);
    try {
      const reply = await c.request('RequestServerInfo', {
        ClientName: 'package test',
        ProtocolVersionMajor: 4,
        ProtocolVersionMinor: 0,
      });
      expect(reply).toHaveProperty('ServerInfo');
      expect(reply.ServerInfo).toMatchObject({ ServerName: 'thrum', ProtocolVersionMajor: 4 });
      expect(await c.request('RequestDeviceList')).toHaveProperty('DeviceList');
    } finally {
      await c.close();
    }
    // A module missing from the package would show here (the btle and serial buses load theirs
    // only when enabled, and report a failure rather than stop the server).
    expect(server.stderr()).not.toMatch(
      /Cannot find (module|package)|ERR_MODULE_NOT_FOUND|serialport package cannot be loaded/,
    );
    expect(server.stderr()).toMatch(/decoding client frames on 1 worker thread/);
    expect(await server.stop()).toBe(0);
  });

  it('`thrum --operator-port` serves the console page from the package', async () => {
    server = await startServer(['--operator-port', '0'], {
      command: bin,
      cwd: tmp,
      env: { ...process.env, PATH },
    });
    const op = await operatorOf(server);
    const login = await operatorRequest(op.port, 'GET', `/?token=${op.token}`);
    expect(login.status).toBe(303);
    const cookie = (login.headers['set-cookie'] as string[])[0]!.split(';')[0]!;
    for (const a of CONSOLE_ASSETS) {
      const r = await operatorRequest(op.port, 'GET', a.path, { headers: { cookie, accept: 'text/html' } });
      expect(r.status, a.path).toBe(200);
      expect(r.text).toBe(readFileSync(path.join(repoRoot, 'src/operator/console', a.file), 'utf8'));
    }
    expect(await server.stop()).toBe(0);
  });
});
