// What the test files that run upstream device cases share: the case files, which of them can run
// at a version (and why not), the peripheral addresses of a run, and the servers the cases run on
// (one shared server without config files; one per distinct set of config files).

import { readdirSync } from 'node:fs';
import { hasReference, referencePath, scratchCopy } from '../helpers/reference.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { caseConfigPath, caseProtocol, type CaseProtocol } from './case-protocol.js';
import { readDeviceCase, type DeviceCase } from './device-case.js';
import { NOT_RUN_UPSTREAM } from './upstream-runs.js';

/** The upstream case files, sorted; none without the reference folder. */
export function caseFiles(): string[] {
  return hasReference
    ? readdirSync(referencePath('device-tests'))
        .filter((f) => f.endsWith('.yaml'))
        .sort()
    : [];
}

export type LoadedCase =
  | { readonly kind: 'unreadable'; readonly file: string; readonly error: unknown }
  | {
      readonly kind: 'loaded';
      readonly file: string;
      readonly case: DeviceCase;
      readonly protocol: CaseProtocol;
    };

export function loadCase(file: string): LoadedCase {
  try {
    const c = readDeviceCase(referencePath('device-tests', file));
    return { kind: 'loaded', file, case: c, protocol: caseProtocol(c) };
  } catch (error) {
    return { kind: 'unreadable', file, error };
  }
}

/** Why a readable case cannot run here (at any version), or undefined when it can. */
export function whyNotRunnable(loaded: Extract<LoadedCase, { kind: 'loaded' }>): string | undefined {
  const notRun = NOT_RUN_UPSTREAM.get(loaded.file);
  if (notRun !== undefined) return `upstream does not run this case (${notRun})`;
  const p = loaded.protocol;
  if (p.kind === 'not-built') return `protocol "${p.protocol}" not built yet`;
  if (p.kind === 'unmatched') return `no protocol in the device database matches name "${p.name}"`;
  return undefined;
}

function configArgs(c: DeviceCase): string[] {
  return [
    ...(c.deviceConfigFile !== undefined ? ['--device-config-file', caseConfigPath(c.deviceConfigFile)] : []),
    // thrum records new devices in this file: it gets a copy, never the reference itself.
    ...(c.userDeviceConfigFile !== undefined
      ? ['--user-device-config-file', scratchCopy(caseConfigPath(c.userDeviceConfigFile))]
      : []),
  ];
}

/**
 * Peripheral addresses: unique per case, version and `run` (a name for the kind of run), or the
 * case's own where a user config matches on it.
 */
export function caseAddresses(c: DeviceCase, version: number, run = ''): string[] {
  const stem = c.file.replace(/\.yaml$/, '');
  const tag = run === '' ? '' : `-${run}`;
  return c.devices.map((d, i) =>
    c.userDeviceConfigFile !== undefined && d.address !== undefined
      ? d.address
      : `conformance-${stem}-v${version}${tag}-${i}`,
  );
}

/** The servers one test file's cases run on, started on first use. */
export class CaseServers {
  readonly #byArgs = new Map<string, Promise<ServerProcess>>();

  serverFor(c: DeviceCase): Promise<ServerProcess> {
    const args = configArgs(c);
    const key = args.join(' ');
    let s = this.#byArgs.get(key);
    if (!s) {
      s = startServer(args);
      this.#byArgs.set(key, s);
    }
    return s;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#byArgs.values()].map(async (s) => (await s).stop()));
  }
}
