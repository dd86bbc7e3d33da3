// --user-device-config-file: the upstream example files, broken files, and what an entry does to
// a device (allow/deny, display name, reserved index, feature limits).

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { UserDeviceConfig, UserDeviceEntry } from '../../src/core/channel.js';
import {
  addressRefusal,
  buildDatabase,
  describeDevice,
  loadDeviceConfigFile,
  loadUserConfigFile,
  matchBtle,
  parseUserConfig,
  resolveDevice,
  toDeviceCommand,
  userSettings,
} from '../../src/config/index.js';
import { hasReference, referencePath, REFERENCE_SKIP_REASON } from '../helpers/reference.js';
import { upstreamSchemaAccepts } from './schema.js';

const configFile = (name: string): string => referencePath('device-tests', 'config', name);

function load(name: string): UserDeviceConfig {
  const r = loadUserConfigFile(configFile(name));
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.value;
}

const SUITE = 'upstream user config files';

describe.skipIf(!hasReference)(hasReference ? SUITE : `${SUITE}: ${REFERENCE_SKIP_REASON}`, () => {
  test('each file is accepted exactly when the upstream schema accepts it', () => {
    const names = readdirSync(referencePath('device-tests', 'config')).filter((f) => f.endsWith('.json'));
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const name of names)
      expect(loadUserConfigFile(configFile(name)).ok, name).toBe(upstreamSchemaAccepts(configFile(name)));
  });

  test('lovense_ridge_user_config.json: display name, index, oscillate limit on the Sex Machine', () => {
    const user = load('lovense_ridge_user_config.json');
    expect(user.devices).toEqual([
      {
        address: 'UserConfigTest',
        protocol: 'lovense',
        identifier: 'F',
        allow: false,
        deny: false,
        index: 0,
        displayName: 'Lovense Name Test',
        baseId: '8667f7b6-7baa-4e46-9d76-947fb707f0f3',
        features: [
          { baseId: 'f9506652-c4ac-43b1-b184-cd8016b64623', output: { Oscillate: { value: [0, 20] } } },
          { baseId: '7c382c60-0ee2-4315-b8cf-cfd3ab4c9ccd' },
        ],
      },
    ]);
    const { db, warnings } = buildDatabase({ userConfig: user });
    expect(warnings).toEqual([]);
    expect(addressRefusal(db, 'UserConfigTest')).toBeNull();
    const device = resolveDevice(db, 'lovense', 'F', 'LVS-DoesntMatter', 'UserConfigTest');
    expect(device?.config.name).toBe('Lovense Sex Machine');
    const settings = userSettings(db, 'UserConfigTest', 'lovense', 'F', 'LVS-DoesntMatter');
    expect(settings).toMatchObject({ displayName: 'Lovense Name Test', reservedIndex: 0 });
    expect(describeDevice(device!, settings, 75)).toEqual({
      name: 'Lovense Sex Machine',
      displayName: 'Lovense Name Test',
      messageTimingGap: 75,
      features: [
        {
          index: 0,
          description: 'Fucking Machine Oscillation Speed',
          output: { Oscillate: { value: [0, 20] } },
        },
        {
          index: 1,
          description: 'battery Level',
          input: { Battery: { value: [[0, 100]], command: ['Read'] } },
        },
      ],
    });
    // [0, 20] is the whole range: steps go through unchanged (test_lovense_ridge_user_config.yaml).
    expect(toDeviceCommand(settings.limits, { feature: 0, type: 'Oscillate', value: 10 }).value).toBe(10);
    // Another address, or the same address identified as something else: no settings.
    expect(userSettings(db, 'elsewhere', 'lovense', 'F', 'LVS-DoesntMatter')).toEqual({ limits: [] });
    expect(userSettings(db, 'UserConfigTest', 'lovense', 'Z', 'LVS-DoesntMatter')).toEqual({ limits: [] });
  });

  test('lovense_ridge_user_config_invalid_range.json is refused, as upstream (its schema forbids "input" in a user feature)', () => {
    const file = configFile('lovense_ridge_user_config_invalid_range.json');
    expect(loadUserConfigFile(file)).toEqual({
      ok: false,
      errors: [`${file}: user_configs.devices[0].config.features[1].input: unknown property`],
      warnings: [
        `${file}: user_configs.devices[0].config.features[0].output.oscillate.step_limit: unknown property, ignored`,
      ],
    });
  });

  test('its range alone is not a file error: upstream drops the entry, and only allow/deny apply', () => {
    const json = JSON.parse(readFileSync(configFile('lovense_ridge_user_config_invalid_range.json'), 'utf8'));
    delete json.user_configs.devices[0].config.features[1].input;
    const parsed = parseUserConfig(JSON.stringify(json), 'range.json');
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    // Its base_id matches nothing upstream either; point it at the Sex Machine to reach the range.
    const entry = {
      ...parsed.value.devices[0],
      baseId: '8667f7b6-7baa-4e46-9d76-947fb707f0f3',
    } as UserDeviceEntry;
    const unknownBase = buildDatabase({ userConfig: parsed.value, userConfigSource: 'range.json' });
    expect(unknownBase.warnings).toEqual([
      'range.json: user_configs.devices[0].config.base_id: no configuration with id c8633234-07a4-4ad9-961d-a4d777b32be7 in the device database; only its allow/deny flags apply',
    ]);
    const { db, warnings } = buildDatabase({
      userConfig: { devices: [entry] },
      userConfigSource: 'range.json',
    });
    expect(warnings).toEqual([
      'range.json: user_configs.devices[0].config.features[0].base_id: no feature with id 56d94863-b321-428b-8b68-bac0197556e1 in the base configuration; only its allow/deny flags apply',
    ]);
    const fixed = {
      ...entry,
      features: [
        {
          baseId: 'f9506652-c4ac-43b1-b184-cd8016b64623',
          output: { Oscillate: { value: [0, 30] as const } },
        },
        { baseId: '7c382c60-0ee2-4315-b8cf-cfd3ab4c9ccd' },
      ],
    };
    const again = buildDatabase({ userConfig: { devices: [fixed] }, userConfigSource: 'range.json' });
    expect(again.warnings).toEqual([
      'range.json: user_configs.devices[0].config.features[0].output.oscillate.value: [0, 30] is outside the base range [0, 20]; only its allow/deny flags apply',
    ]);
    expect(userSettings(again.db, 'UserConfigTest', 'lovense', 'F', 'x')).toEqual({ limits: [] });
    expect(addressRefusal(db, 'UserConfigTest')).toBeNull();
  });

  test('tcode_linear_and_vibrate_user_config.json: a user-defined configuration found by name', () => {
    const user = load('tcode_linear_and_vibrate_user_config.json');
    expect(user.protocols?.[0]).toMatchObject({
      id: 'tcode-v03',
      communication: [{ btle: { names: ['tcode-v03-linear-vibrate'] } }],
      configurations: [
        { name: 'TCode v0.3 (Single Linear Axis + Single Vibe)', identifiers: ['tcode-v03-linear-vibrate'] },
      ],
    });
    const { db, warnings } = buildDatabase({ userConfig: user });
    expect(warnings).toEqual([]);
    expect(db.noEncoder).toEqual([]);
    expect(matchBtle(db, { name: 'tcode-v03-linear-vibrate' })).toEqual([
      {
        protocol: 'tcode-v03',
        specifier: expect.objectContaining({ names: ['tcode-v03-linear-vibrate'] }),
        drivable: true,
      },
    ]);
    const device = resolveDevice(db, 'tcode-v03', undefined, 'tcode-v03-linear-vibrate', 'COM7');
    expect(device?.features.map((f) => Object.keys(f.output ?? {}))).toEqual([
      ['HwPositionWithDuration'],
      ['Vibrate'],
    ]);
    expect(userSettings(db, 'COM7', 'tcode-v03', undefined, 'tcode-v03-linear-vibrate').reservedIndex).toBe(
      0,
    );
  });

  test('tcode_disabled_hw_position_user_config.json: a disabled output is hidden from clients only', () => {
    const user = load('tcode_disabled_hw_position_user_config.json');
    const dev = loadDeviceConfigFile(referencePath('buttplug-device-config-v4.json'));
    if (!dev.ok) throw new Error(dev.errors.join('\n'));
    const { db, warnings } = buildDatabase({ overrides: dev.value, userConfig: user });
    expect(warnings).toEqual([]);
    const name = 'tcode-v03-disabled-test';
    const device = resolveDevice(db, 'tcode-v03', undefined, name, 'tcode-disabled-test-addr');
    expect(Object.keys(device?.features[0]?.output ?? {})).toEqual(['Position', 'HwPositionWithDuration']);
    const settings = userSettings(db, 'tcode-disabled-test-addr', 'tcode-v03', undefined, name);
    expect(settings.features).toEqual([
      { index: 0, description: '', output: { Position: { value: [0, 1000] } } },
    ]);
    // The built-in serial specifier is still there, after the user's Bluetooth one.
    expect(db.protocols.get('tcode-v03')?.definition.communication.map((c) => Object.keys(c)[0])).toEqual([
      'btle',
      'serial',
    ]);
  });
});

describe('broken user config files', () => {
  const errorsOf = (json: unknown): readonly string[] => {
    const r = parseUserConfig(typeof json === 'string' ? json : JSON.stringify(json), 'user.json');
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.errors;
  };
  const device = (over: Record<string, unknown> = {}, user: Record<string, unknown> = {}): unknown => ({
    version: { major: 4, minor: 0 },
    user_configs: {
      devices: [
        {
          identifier: { address: 'a1', protocol: 'lovense', identifier: 'Z' },
          config: {
            id: '00000000-0000-0000-0000-000000000001',
            base_id: '37642e1c-a416-44d3-bada-76b6d9e245c9',
            features: [],
            user_config: { allow: false, deny: false, index: 3, ...user },
            ...over,
          },
        },
      ],
    },
  });

  test('not JSON, wrong version', () => {
    expect(errorsOf('nope')[0]).toMatch(/^user\.json: not valid JSON: /);
    expect(errorsOf({ version: { major: 2, minor: 0 } })).toEqual([
      'user.json: version.major: expected 4 (device config format v4), got 2',
    ]);
  });

  test('wrong types, missing fields, unknown keys: all reported, nothing loaded', () => {
    expect(errorsOf(device({}, { allow: 'yes', index: -1, display_name: 7 }))).toEqual([
      'user.json: user_configs.devices[0].config.user_config.allow: expected boolean, got string',
      'user.json: user_configs.devices[0].config.user_config.index: -1 is outside [0, 4294967295]',
      'user.json: user_configs.devices[0].config.user_config.display_name: expected string, got number',
    ]);
    expect(errorsOf(device({ base_id: 'B', user_config: undefined, colour: 1 }))).toEqual([
      'user.json: user_configs.devices[0].config.user_config: required',
    ]);
    expect(
      errorsOf(
        device({
          colour: 1,
          features: [
            {
              id: '00000000-0000-0000-0000-000000000002',
              base_id: '3f7a25a5-df21-42ca-bf9f-d1c52df1f37e',
              output: { vibrate: { value: [5] } },
            },
          ],
        }),
      ),
    ).toEqual([
      'user.json: user_configs.devices[0].config.colour: unknown property',
      'user.json: user_configs.devices[0].config.features[0].output.vibrate.value: expected [min, max] integers',
    ]);
    expect(errorsOf({ version: { major: 4, minor: 0 }, user_configs: { devices: {} } })).toEqual([
      'user.json: user_configs.devices: expected array, got object',
    ]);
  });

  test('a valid in-memory file', () => {
    const r = parseUserConfig(
      JSON.stringify(device({}, { display_name: 'Mine', message_gap_ms: 120 })),
      'user.json',
    );
    expect(r).toEqual({
      ok: true,
      warnings: [],
      value: {
        devices: [
          {
            address: 'a1',
            protocol: 'lovense',
            identifier: 'Z',
            allow: false,
            deny: false,
            index: 3,
            displayName: 'Mine',
            baseId: '37642e1c-a416-44d3-bada-76b6d9e245c9',
            messageGapMs: 120,
            features: [],
          },
        ],
      },
    });
  });
});

describe('what entries do', () => {
  const HUSH = '37642e1c-a416-44d3-bada-76b6d9e245c9';
  const entry = (address: string, over: Partial<UserDeviceEntry> = {}): UserDeviceEntry => ({
    address,
    protocol: 'lovense',
    identifier: 'Z',
    allow: false,
    deny: false,
    index: 0,
    baseId: HUSH,
    features: [
      { baseId: '3f7a25a5-df21-42ca-bf9f-d1c52df1f37e' },
      { baseId: '14bd7637-13ed-49ba-9eb9-9c8ba9abec20' },
    ],
    ...over,
  });
  const db = (...devices: UserDeviceEntry[]) => buildDatabase({ userConfig: { devices } }).db;

  test('no entries: everyone connects', () => {
    expect(addressRefusal(db(), 'x')).toBeNull();
  });

  test('deny refuses that address only', () => {
    const d = db(entry('bad', { deny: true }));
    expect(addressRefusal(d, 'bad')).toBe('address bad is denied by the user device config');
    expect(addressRefusal(d, 'other')).toBeNull();
  });

  test('once anything is allowed, only allowed addresses connect; deny wins over allow', () => {
    const d = db(entry('good', { allow: true }), entry('both', { allow: true, deny: true }), entry('plain'));
    expect(addressRefusal(d, 'good')).toBeNull();
    expect(addressRefusal(d, 'both')).toBe('address both is denied by the user device config');
    expect(addressRefusal(d, 'plain')).toBe("address plain is not on the user device config's allow list");
    expect(addressRefusal(d, 'stranger')).toBe(
      "address stranger is not on the user device config's allow list",
    );
  });

  test('a deny applies even when the entry does not fit the database', () => {
    const d = db(entry('bad', { deny: true, baseId: '00000000-0000-0000-0000-000000000000' }));
    expect(addressRefusal(d, 'bad')).not.toBeNull();
    expect(userSettings(d, 'bad', 'lovense', 'Z', 'LVS-Z36')).toEqual({ limits: [] });
  });

  test('display name, reserved index and gap for the matching (address, protocol, identifier)', () => {
    const d = db(entry('a', { displayName: 'Desk', index: 7, messageGapMs: 200 }));
    const s = userSettings(d, 'a', 'lovense', 'Z', 'LVS-Z36');
    expect(s).toEqual({ displayName: 'Desk', reservedIndex: 7, messageGapMs: 200, limits: [] });
    const device = resolveDevice(d, 'lovense', 'Z', 'LVS-Z36', 'a');
    expect(describeDevice(device!, s, 75)).toMatchObject({
      name: 'Lovense Hush',
      displayName: 'Desk',
      messageTimingGap: 200,
    });
  });

  test('an entry can give a device another base configuration', () => {
    const d = db(entry('a', { baseId: '99024e29-c0ed-4c26-aede-e0db0679eae5', features: [] }));
    expect(
      buildDatabase({
        userConfig: {
          devices: [entry('a', { baseId: '99024e29-c0ed-4c26-aede-e0db0679eae5', features: [] })],
        },
      }).warnings,
    ).toEqual([
      'user device config: user_configs.devices[0].config.features: has 0 features, its base configuration 3; only its allow/deny flags apply',
    ]);
    expect(resolveDevice(d, 'lovense', 'Z', 'LVS-Z36', 'a')?.config.name).toBe('Lovense Hush');
    const max = db(
      entry('a', {
        baseId: '99024e29-c0ed-4c26-aede-e0db0679eae5',
        features: [
          'd9c9b4a7-008e-4182-b28c-0984af970c32',
          'fed393a9-3ac6-4924-859d-5cb4ae059cea',
          'b4be6835-5b91-4540-bc7b-0c3d8dcb89fd',
        ].map((baseId) => ({ baseId })),
      }),
    );
    expect(resolveDevice(max, 'lovense', 'Z', 'LVS-Z36', 'a')?.config.name).toBe('Lovense Max');
    expect(resolveDevice(max, 'lovense', 'Z', 'LVS-Z36')?.config.name).toBe('Lovense Hush');
  });

  test('limits: clients see hi − lo steps; non-zero steps are offset by lo; disabled outputs are hidden', () => {
    const nora = db({
      address: 'n',
      protocol: 'lovense',
      identifier: 'A',
      index: 1,
      baseId: '463a18b9-42a5-4f7b-8156-0e61346fdb8a',
      features: [
        { baseId: '2c5da93b-36a0-4209-ac8c-cead63b838c6', output: { Vibrate: { value: [5, 15] } } },
        { baseId: '515e07e2-a6e6-4ac0-a4b0-512504311260', output: { Rotate: { value: [10, 20] } } },
        { baseId: '820d8fb1-c6ec-434d-b7c4-835bdf36552a' },
      ],
    });
    const s = userSettings(nora, 'n', 'lovense', 'A', 'LVS-A11');
    expect(s.features?.map((f) => f.output)).toEqual([
      { Vibrate: { value: [0, 10] } },
      { Rotate: { value: [-10, 10] } },
      undefined,
    ]);
    const map = (feature: number, type: 'Vibrate' | 'Rotate', value: number): number =>
      toDeviceCommand(s.limits, { feature, type, value }).value;
    expect([map(0, 'Vibrate', 0), map(0, 'Vibrate', 1), map(0, 'Vibrate', 10)]).toEqual([0, 6, 15]);
    expect([map(1, 'Rotate', -10), map(1, 'Rotate', 0), map(1, 'Rotate', 3)]).toEqual([-20, 0, 13]);

    const hidden = db(
      entry('h', {
        features: [
          { baseId: '3f7a25a5-df21-42ca-bf9f-d1c52df1f37e', output: { Vibrate: { disabled: true } } },
          { baseId: '14bd7637-13ed-49ba-9eb9-9c8ba9abec20' },
        ],
      }),
    );
    const hs = userSettings(hidden, 'h', 'lovense', 'Z', 'LVS-Z36');
    expect(hs.features?.[0]).toEqual({ index: 0, description: '' });
    // The protocol still sees the vibrator.
    expect(resolveDevice(hidden, 'lovense', 'Z', 'LVS-Z36', 'h')?.features[0]?.output).toEqual({
      Vibrate: { value: [0, 20] },
    });
  });

  test('positions: offset, or reversed from the top', () => {
    const limits = [
      { feature: 0, type: 'Position' as const, lo: 10, hi: 90, reverse: false },
      { feature: 1, type: 'HwPositionWithDuration' as const, lo: 0, hi: 100, reverse: true },
    ];
    expect(toDeviceCommand(limits, { feature: 0, type: 'Position', value: 0 }).value).toBe(10);
    expect(
      toDeviceCommand(limits, { feature: 1, type: 'HwPositionWithDuration', value: 30, duration: 500 }),
    ).toEqual({
      feature: 1,
      type: 'HwPositionWithDuration',
      value: 70,
      duration: 500,
    });
  });
});
