// The built-in Lovense table against the upstream device config it was written from: loading
// the upstream file must give exactly our definition (as sets where order carries no meaning).

import { describe, expect, test } from 'vitest';
import type { ProtocolDefinition } from '../../src/core/database.js';
import { loadDeviceConfigFile } from '../../src/config/index.js';
import { LOVENSE_DEFINITION } from '../../src/protocols/lovense-devices.js';
import { hasReference, referencePath, REFERENCE_SKIP_REASON } from '../helpers/reference.js';

function canonical(d: ProtocolDefinition): unknown {
  return {
    ...d,
    communication: d.communication.map((c) =>
      'btle' in c
        ? {
            btle: {
              ...c.btle,
              names: [...c.btle.names].sort(),
              advertisedServices: [...(c.btle.advertisedServices ?? [])].sort(),
            },
          }
        : c,
    ),
  };
}

const SUITE = 'lovense table matches the upstream device config';

describe.skipIf(!hasReference)(hasReference ? SUITE : `${SUITE}: ${REFERENCE_SKIP_REASON}`, () => {
  test('identification facts, defaults and every configuration', () => {
    const loaded = loadDeviceConfigFile(referencePath('buttplug-device-config-v4.json'));
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const upstream = loaded.value.find((p) => p.id === 'lovense');
    expect(upstream).toBeDefined();
    expect(canonical(LOVENSE_DEFINITION)).toEqual(canonical(upstream as ProtocolDefinition));
  });
});

test('every identifier selects exactly one configuration', () => {
  const ids = LOVENSE_DEFINITION.configurations.flatMap((c) => c.identifiers ?? []);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toHaveLength(34);
});
