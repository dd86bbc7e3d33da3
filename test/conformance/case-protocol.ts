// Which protocol a case's peripheral is, and whether thrum has built it. The peripheral is matched
// the way the server matches a Bluetooth LE advertisement (src/config matchBtle), against every
// protocol upstream knows (the reference device config) plus the case's own device/user config
// files, so a case for a protocol thrum has not built yet can still be named in its skip title.
// "Built" means the matched protocol has a module in src/protocols (PROTOCOLS), i.e. an encoder.

import {
  buildDatabase,
  loadDeviceConfigFile,
  loadUserConfigFile,
  matchBtle,
  type DeviceDatabase,
} from '../../src/config/index.js';
import type { ProtocolDefinition } from '../../src/core/database.js';
import { referencePath } from '../helpers/reference.js';
import type { DeviceCase } from './device-case.js';

export type CaseProtocol =
  | { readonly kind: 'built'; readonly protocol: string }
  | { readonly kind: 'not-built'; readonly protocol: string }
  | { readonly kind: 'unmatched'; readonly name: string };

let upstreamDefinitions: readonly ProtocolDefinition[] | undefined;

function upstream(): readonly ProtocolDefinition[] {
  if (upstreamDefinitions === undefined) {
    const r = loadDeviceConfigFile(referencePath('buttplug-device-config-v4.json'));
    if (!r.ok) throw new Error(`reference device config does not load: ${r.errors.join('; ')}`);
    upstreamDefinitions = r.value;
  }
  return upstreamDefinitions;
}

export function caseConfigPath(file: string): string {
  return referencePath('device-tests', 'config', file);
}

function databaseFor(c: DeviceCase): DeviceDatabase {
  const overrides = [...upstream()];
  if (c.deviceConfigFile !== undefined) {
    const r = loadDeviceConfigFile(caseConfigPath(c.deviceConfigFile));
    if (!r.ok) throw new Error(`${c.file}: ${c.deviceConfigFile} does not load: ${r.errors.join('; ')}`);
    overrides.push(...r.value);
  }
  let userConfig = null;
  if (c.userDeviceConfigFile !== undefined) {
    const r = loadUserConfigFile(caseConfigPath(c.userDeviceConfigFile));
    if (!r.ok) throw new Error(`${c.file}: ${c.userDeviceConfigFile} does not load: ${r.errors.join('; ')}`);
    userConfig = r.value;
  }
  return buildDatabase({ overrides, userConfig }).db;
}

/** The protocol of the case's first device that is not drivable, else the first device's. */
export function caseProtocol(c: DeviceCase): CaseProtocol {
  const db = databaseFor(c);
  let first: CaseProtocol | undefined;
  for (const d of c.devices) {
    const [candidate] = matchBtle(db, { name: d.name, ...(d.services && { services: d.services }) });
    const found: CaseProtocol =
      candidate === undefined
        ? { kind: 'unmatched', name: d.name }
        : { kind: candidate.drivable ? 'built' : 'not-built', protocol: candidate.protocol };
    if (found.kind !== 'built') return found;
    first ??= found;
  }
  return first ?? { kind: 'unmatched', name: '(no devices)' };
}
