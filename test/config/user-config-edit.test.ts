// Recording a newly seen device in a user device config: the entry upstream would write, loaded
// back to the same configuration and index; everything the user wrote kept; the file's layout
// kept; a file that no longer loads left alone.

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  addDeviceEntries,
  buildDatabase,
  EMPTY_USER_CONFIG_TEXT,
  parseUserConfig,
  resolveDevice,
  userSettings,
  withDeviceEntries,
  type NewDeviceEntry,
} from '../../src/config/index.js';
import { hasReference } from '../helpers/reference.js';
import { upstreamSchemaAccepts } from './schema.js';

const HUSH = '37642e1c-a416-44d3-bada-76b6d9e245c9';
const HUSH_FEATURES = ['3f7a25a5-df21-42ca-bf9f-d1c52df1f37e', '14bd7637-13ed-49ba-9eb9-9c8ba9abec20'];
const hush = (address: string, index: number): NewDeviceEntry => ({
  address,
  protocol: 'lovense',
  identifier: 'Z',
  name: 'Lovense Hush',
  baseId: HUSH,
  featureIds: HUSH_FEATURES,
  index,
});

/** Distinct, valid v4 uuids in a predictable order. */
function ids(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

/** A user's file: a deny entry, a display name with its own limit, a websocket device name. */
const USER_FILE = {
  user_configs: {
    protocols: { lovense: { communication: [{ websocket: { name: 'my-ws-toy' } }] } },
    devices: [
      {
        config: {
          user_config: { index: 4, deny: true, allow: false },
          features: [],
          base_id: '6f1d1a57-3f3e-4f53-9d39-0b8b4f5e0002',
          id: '6f1d1a57-3f3e-4f53-9d39-0b8b4f5e0001',
        },
        identifier: { protocol: 'lovense', address: 'denied' },
      },
      {
        identifier: { address: 'desk', protocol: 'lovense', identifier: 'Z' },
        config: {
          id: '6f1d1a57-3f3e-4f53-9d39-0b8b4f5e0003',
          base_id: HUSH,
          features: [
            {
              id: '6f1d1a57-3f3e-4f53-9d39-0b8b4f5e0004',
              base_id: HUSH_FEATURES[0],
              output: { vibrate: { value: [0, 10], step_limit: 3 } },
            },
            { id: '6f1d1a57-3f3e-4f53-9d39-0b8b4f5e0005', base_id: HUSH_FEATURES[1] },
          ],
          user_config: {
            allow: false,
            deny: false,
            index: 7,
            display_name: 'Desk \u00e9',
            message_gap_ms: 120,
          },
        },
      },
    ],
  },
  version: { minor: 0, major: 4 },
};

describe('addDeviceEntries', () => {
  test('appends the entry upstream writes for a new device, leaving the parsed file untouched', () => {
    const root = structuredClone(USER_FILE) as Record<string, unknown>;
    const before = structuredClone(root);
    const { root: after, added } = addDeviceEntries(root, [hush('new-hush', 0)], ids());
    expect(added).toBe(1);
    expect(root).toEqual(before);
    const devices = (after['user_configs'] as { devices: unknown[] }).devices;
    expect(devices.slice(0, 2)).toEqual(USER_FILE.user_configs.devices);
    expect(devices[2]).toEqual({
      identifier: { address: 'new-hush', protocol: 'lovense', identifier: 'Z' },
      config: {
        name: 'Lovense Hush',
        id: '00000000-0000-4000-8000-000000000001',
        base_id: HUSH,
        features: [
          { id: '00000000-0000-4000-8000-000000000002', base_id: HUSH_FEATURES[0] },
          { id: '00000000-0000-4000-8000-000000000003', base_id: HUSH_FEATURES[1] },
        ],
        user_config: { allow: false, deny: false, index: 0 },
      },
    });
    // Only the path to the devices array is copied.
    const protocolsOf = (r: Record<string, unknown>): unknown =>
      (r['user_configs'] as Record<string, unknown>)['protocols'];
    expect(protocolsOf(after)).toBe(protocolsOf(root));
  });

  test('a device that has an entry (same address, protocol and identifier) is not added again', () => {
    const root = structuredClone(USER_FILE) as Record<string, unknown>;
    expect(addDeviceEntries(root, [hush('desk', 9)], ids())).toEqual({ root, added: 0 });
    // Another identifier at the same address is another device, as upstream keys them.
    expect(addDeviceEntries(root, [{ ...hush('desk', 9), identifier: 'P' }], ids()).added).toBe(1);
    const twice = addDeviceEntries(root, [hush('a', 0), hush('a', 0), hush('b', 1)], ids());
    expect(twice.added).toBe(2);
  });

  test('fields it does not know are carried through, wherever they are', () => {
    const root = {
      version: { major: 4, minor: 0, build: 'x' },
      extra: [1, { y: null }],
      user_configs: { devices: [{ identifier: { address: 'q', protocol: 'p' }, note: 'mine' }], other: true },
    };
    const { root: after } = addDeviceEntries(root, [hush('n', 0)], ids());
    expect({ ...after, user_configs: { ...(after['user_configs'] as object), devices: [] } }).toEqual({
      ...root,
      user_configs: { ...root.user_configs, devices: [] },
    });
    expect((after['user_configs'] as { devices: unknown[] }).devices[0]).toEqual(
      root.user_configs.devices[0],
    );
  });
});

describe('withDeviceEntries', () => {
  test('a file that does not exist yet becomes a minimal user config with the entry', () => {
    const r = withDeviceEntries(undefined, [hush('fresh', 3)], ids(), 'user.json');
    if (!r.ok || r.text === null) throw new Error(JSON.stringify(r));
    expect(r.added).toBe(1);
    expect(r.text.startsWith('{\n  "version": {\n    "major": 4,')).toBe(true);
    expect(r.text.endsWith('}\n')).toBe(true);
    const parsed = parseUserConfig(r.text, 'user.json');
    expect(parsed.ok && parsed.value.devices.map((d) => [d.address, d.index])).toEqual([['fresh', 3]]);
    expect(parseUserConfig(EMPTY_USER_CONFIG_TEXT, 'empty.json')).toEqual({
      ok: true,
      warnings: [],
      value: { devices: [] },
    });
  });

  test('the written entry brings the device back with the same configuration and index', () => {
    const r = withDeviceEntries(JSON.stringify(USER_FILE), [hush('new-hush', 2)], ids(), 'user.json');
    if (!r.ok || r.text === null) throw new Error(JSON.stringify(r));
    const parsed = parseUserConfig(r.text, 'user.json');
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const { db, warnings } = buildDatabase({ userConfig: parsed.value });
    // Only the deny entry's unknown base, as before the edit.
    expect(warnings).toEqual([
      expect.stringContaining('user_configs.devices[0].config.base_id: no configuration with id'),
    ]);
    expect(userSettings(db, 'new-hush', 'lovense', 'Z', 'LVS-Z36')).toEqual({ reservedIndex: 2, limits: [] });
    expect(resolveDevice(db, 'lovense', 'Z', 'LVS-Z36', 'new-hush')).toEqual(
      resolveDevice(db, 'lovense', 'Z', 'LVS-Z36'),
    );
  });

  test.skipIf(!hasReference)('what it writes passes the upstream user config schema', () => {
    const { identifier: _none, ...withoutIdentifier } = hush('b', 1);
    const r = withDeviceEntries(undefined, [hush('a', 0), withoutIdentifier], ids(), 'user.json');
    if (!r.ok || r.text === null) throw new Error(JSON.stringify(r));
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'thrum-edit-')), 'user.json');
    writeFileSync(file, r.text);
    expect(upstreamSchemaAccepts(file)).toBe(true);
  });

  test("keeps the file's indentation, line endings, final newline and byte order mark", () => {
    const tabs = `\uFEFF${JSON.stringify(USER_FILE, null, '\t').replace(/\n/g, '\r\n')}`;
    const r = withDeviceEntries(tabs, [hush('n', 0)], ids(), 'user.json');
    if (!r.ok || r.text === null) throw new Error(JSON.stringify(r));
    expect(r.text.startsWith('\uFEFF{\r\n\t"user_configs": {\r\n\t\t"protocols"')).toBe(true);
    expect(r.text.endsWith('}')).toBe(true);
    expect(r.text.replace(/\r\n/g, '').includes('\n')).toBe(false);
    // What was there reads back the same; the new entry is the only difference.
    const old = JSON.parse(tabs.slice(1)) as typeof USER_FILE;
    const now = JSON.parse(r.text.slice(1)) as typeof USER_FILE;
    expect(now.user_configs.devices.slice(0, 2)).toEqual(old.user_configs.devices);
    expect({ ...now, user_configs: { ...now.user_configs, devices: [] } }).toEqual({
      ...old,
      user_configs: { ...old.user_configs, devices: [] },
    });

    const oneLine = withDeviceEntries(JSON.stringify(USER_FILE), [hush('n', 0)], ids(), 'user.json');
    expect(oneLine.ok && oneLine.text?.includes('\n')).toBe(false);
    const fourSpaces = withDeviceEntries(
      `${JSON.stringify(USER_FILE, null, 4)}\n`,
      [hush('n', 0)],
      ids(),
      'user.json',
    );
    expect(fourSpaces.ok && fourSpaces.text?.split('\n').slice(0, 2)).toEqual(['{', '    "user_configs": {']);
    expect(fourSpaces.ok && fourSpaces.text?.endsWith('}\n')).toBe(true);
  });

  test('nothing new: the file is left alone', () => {
    expect(withDeviceEntries(JSON.stringify(USER_FILE), [hush('desk', 0)], ids(), 'user.json')).toEqual({
      ok: true,
      text: null,
      added: 0,
    });
  });

  test('a file that no longer loads is not touched, and says why', () => {
    expect(withDeviceEntries('{ "version": ', [hush('n', 0)], ids(), 'user.json')).toEqual({
      ok: false,
      error: expect.stringMatching(/^user\.json: not valid JSON/),
    });
    expect(
      withDeviceEntries('{"version": {"major": 2, "minor": 0}}', [hush('n', 0)], ids(), 'user.json'),
    ).toEqual({
      ok: false,
      error: 'user.json: version.major: expected 4 (device config format v4), got 2',
    });
  });
});
