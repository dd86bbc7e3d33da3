// Assembling the database (built-in modules, file overrides) and resolving identified devices.

import { describe, expect, test } from 'vitest';
import type { ProtocolDefinition } from '../../src/core/database.js';
import {
  buildDatabase,
  inheritDefaults,
  loadDeviceConfigFile,
  protocolDefinition,
  protocolModule,
  resolveDevice,
} from '../../src/config/index.js';
import { PROTOCOLS, protocolById } from '../../src/protocols/index.js';
import { lovense } from '../../src/protocols/lovense.js';
import { hasReference, referencePath, REFERENCE_SKIP_REASON } from '../helpers/reference.js';

test('the registry: one module per protocol id, found by id', () => {
  const ids = PROTOCOLS.map((m) => m.definition.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(protocolById('lovense')).toBe(lovense);
  expect(protocolById('nope')).toBeUndefined();
});

describe('built-in database', () => {
  const { db, warnings } = buildDatabase();

  test('every registered module, all drivable', () => {
    expect(warnings).toEqual([]);
    expect([...db.protocols.keys()]).toEqual(PROTOCOLS.map((m) => m.definition.id));
    expect(db.noEncoder).toEqual([]);
    expect(protocolModule(db, 'lovense')).toBe(lovense);
    expect(protocolDefinition(db, 'lovense')).toBe(lovense.definition);
  });

  test('identifier picks the configuration; features come from the defaults when it has none', () => {
    const hush = resolveDevice(db, 'lovense', 'Z', 'LVS-Z36');
    expect(hush).toEqual({
      protocol: 'lovense',
      identifier: 'Z',
      config: expect.objectContaining({ name: 'Lovense Hush', identifiers: ['Z'] }),
      features: [
        { index: 0, description: '', output: { Vibrate: { value: [0, 20] } } },
        {
          index: 1,
          description: 'battery Level',
          input: { Battery: { value: [[0, 100]], command: ['Read'] } },
        },
      ],
    });
    expect(resolveDevice(db, 'lovense', 'C', 'x')?.config.name).toBe('Lovense Nora'); // second identifier of a row
    expect(resolveDevice(db, 'lovense', 'EI-FW3', 'x')?.features).toHaveLength(4);
  });

  test('unknown identifier: the defaults; unknown protocol: nothing', () => {
    expect(resolveDevice(db, 'lovense', 'QQ', 'LVS-QQ1')?.config.name).toBe('Lovense Device');
    expect(resolveDevice(db, 'lovense', undefined, 'LVS-x')?.identifier).toBeUndefined();
    expect(resolveDevice(db, 'nope', 'Z', 'x')).toBeUndefined();
  });

  test('features given to protocols and clients carry no upstream ids', () => {
    expect(resolveDevice(db, 'lovense', 'B', 'x')?.features.some((f) => 'id' in f)).toBe(false);
  });
});

describe('inheritance', () => {
  const defaults = {
    name: 'D',
    id: 'd',
    messageGapMs: 20,
    variant: 'v1',
    features: [{ index: 0, description: 'd' }],
  };

  test('a configuration takes what it lacks from the defaults, keeps what it has', () => {
    expect(inheritDefaults(defaults, { name: 'C', identifiers: ['c'] })).toEqual({
      name: 'C',
      identifiers: ['c'],
      messageGapMs: 20,
      variant: 'v1',
      features: [{ index: 0, description: 'd' }],
    });
    expect(
      inheritDefaults(defaults, { name: 'C', messageGapMs: 5, variant: 'v2', features: [] }),
    ).toMatchObject({ messageGapMs: 5, variant: 'v2', features: [] });
    expect(inheritDefaults(undefined, { name: 'C' })).toEqual({ name: 'C' });
  });

  test('resolution by advertised name for protocols that do not identify', () => {
    const def: ProtocolDefinition = {
      id: 'plain',
      communication: [],
      defaults,
      configurations: [{ name: 'Named', identifiers: ['Widget 3'] }],
    };
    const { db } = buildDatabase({ overrides: [def] });
    expect(db.noEncoder).toEqual(['plain']);
    expect(resolveDevice(db, 'plain', undefined, 'Widget 3')?.config).toMatchObject({
      name: 'Named',
      messageGapMs: 20,
      variant: 'v1',
    });
    expect(resolveDevice(db, 'plain', undefined, 'Widget 4')?.config.name).toBe('D');
    const bare: ProtocolDefinition = { id: 'bare', communication: [], configurations: [] };
    expect(resolveDevice(buildDatabase({ overrides: [bare] }).db, 'bare', undefined, 'x')).toBeUndefined();
  });
});

describe('device config file overrides', () => {
  test('a file definition replaces the built-in one of the same id; the module stays', () => {
    const mine: ProtocolDefinition = {
      id: 'lovense',
      communication: [{ btle: { names: ['MY-*'], services: {} } }],
      defaults: { name: 'My Lovense', features: [] },
      configurations: [],
    };
    const { db } = buildDatabase({ overrides: [mine] });
    expect(protocolDefinition(db, 'lovense')).toBe(mine);
    expect(protocolModule(db, 'lovense')).toBe(lovense);
    expect(resolveDevice(db, 'lovense', 'Z', 'x')?.config.name).toBe('My Lovense');
  });

  const SUITE = 'the upstream database as --device-config-file';
  describe.skipIf(!hasReference)(hasReference ? SUITE : `${SUITE}: ${REFERENCE_SKIP_REASON}`, () => {
    test('139 definitions; exactly the protocols without a built-in module lack an encoder', () => {
      const file = loadDeviceConfigFile(referencePath('buttplug-device-config-v4.json'));
      if (!file.ok) throw new Error(file.errors.join('\n'));
      const { db } = buildDatabase({ overrides: file.value });
      expect(db.protocols.size).toBe(139);
      const builtIn = new Set(PROTOCOLS.map((m) => m.definition.id));
      expect([...db.noEncoder].sort()).toEqual(
        file.value
          .map((p) => p.id)
          .filter((id) => !builtIn.has(id))
          .sort(),
      );
      expect(db.noEncoder).not.toContain('lovense');
      expect(resolveDevice(db, 'lovense', 'BA', 'x')?.config.name).toBe('Lovense Solace Pro');
      // A protocol with defaults only: every device gets them, gap included.
      expect(resolveDevice(db, 'thehandy', undefined, 'The Handy')?.config).toMatchObject({
        messageGapMs: 50,
      });
    });
  });
});
