// --device-config-file in the upstream v4 format: the reference database loads whole, and broken
// files are refused with messages naming the file and the JSON path.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ProtocolDefinition } from '../../src/core/database.js';
import { loadDeviceConfigFile, parseDeviceConfig } from '../../src/config/index.js';
import { hasReference, referencePath, REFERENCE_SKIP_REASON } from '../helpers/reference.js';
import { upstreamSchemaAccepts } from './schema.js';

const SUITE = 'the upstream device config';

describe.skipIf(!hasReference)(hasReference ? SUITE : `${SUITE}: ${REFERENCE_SKIP_REASON}`, () => {
  const file = referencePath('buttplug-device-config-v4.json');
  const loaded = loadDeviceConfigFile(file);
  const byId = new Map<string, ProtocolDefinition>(loaded.ok ? loaded.value.map((p) => [p.id, p]) : []);
  const get = (id: string): ProtocolDefinition => byId.get(id) as ProtocolDefinition;

  test('all 139 protocols load (and the upstream schema accepts the file too)', () => {
    expect(upstreamSchemaAccepts(file)).toBe(true);
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    expect(loaded.value).toHaveLength(139);
    // Upstream's own file misspells one key; upstream ignores it, we say so.
    expect(loaded.warnings).toEqual([
      `${file}: protocols.sexverse-v5.configuration: unknown property, ignored; did you mean "configurations"?`,
    ]);
  });

  test('Bluetooth names, services and manufacturer data', () => {
    const [spec] = get('satisfyer').communication;
    expect(spec).toMatchObject({
      btle: {
        names: ['SF *'],
        manufacturerData: [
          { company: 93, data: [0, 0, 39] },
          { company: 93, data: [0, 0, 40] },
        ],
      },
    });
    expect(get('fluffer').communication[0]).toMatchObject({
      btle: { manufacturerData: [{ company: 26698 }] },
    });
    expect(get('adrienlastic').communication[0]).toMatchObject({
      btle: { advertisedServices: ['00001320-0000-1000-8000-00805f9b34fb'] },
    });
  });

  test('serial, opaque buses, gaps and variants', () => {
    const tcode = get('tcode-v03');
    expect(tcode.communication).toContainEqual({
      serial: { port: 'default', baudRate: 115200, dataBits: 8, parity: 'N', stopBits: 1 },
    });
    expect(tcode.defaults).toMatchObject({ name: 'TCode v0.3 (Single Linear Axis)', messageGapMs: 20 });
    expect(get('thehandy').defaults?.messageGapMs).toBe(50);
    expect(get('xinput').communication).toEqual([{ other: { bus: 'xinput', data: { exists: true } } }]);
    expect(get('realtouch').communication).toEqual([
      { other: { bus: 'hid', data: { pairs: [{ product_id: 1, vendor_id: 8020 }] } } },
    ]);
    const ufo = get('vorze-sa').configurations.find((c) => c.name === 'Vorze UFO TW');
    expect(ufo).toMatchObject({ variant: 'vorze-sa-dual-rotator', identifiers: expect.any(Array) });
  });

  test('features: snake_case output and input names become ours; configurations keep inheritance implicit', () => {
    const lovense = get('lovense');
    const pro = lovense.configurations.find((c) => c.identifiers?.includes('BA'));
    expect(pro?.features?.[0]?.output).toEqual({
      HwPositionWithDuration: { value: [0, 100], duration: [0, 100000] },
      Oscillate: { value: [0, 20] },
    });
    expect(pro?.features?.[1]).toEqual({
      index: 1,
      id: '0b1cba39-8bb7-4f87-9bed-c59f2284d702',
      description: 'battery Level',
      input: { Battery: { value: [[0, 100]], command: ['Read'] } },
    });
    // Hush has no features of its own: it inherits the defaults' when resolved.
    expect(lovense.configurations.find((c) => c.name === 'Lovense Hush')).toEqual({
      name: 'Lovense Hush',
      id: '37642e1c-a416-44d3-bada-76b6d9e245c9',
      identifiers: ['Z'],
    });
    const pressure = [...byId.values()]
      .flatMap((p) => [p.defaults, ...p.configurations])
      .flatMap((c) => c?.features ?? [])
      .find((f) => f.input?.Pressure);
    expect(pressure?.input?.Pressure).toEqual({ value: [[0, 2000]], command: ['Subscribe'] });
  });
});

describe('broken device config files', () => {
  const errors = (json: unknown): readonly string[] => {
    const r = parseDeviceConfig(typeof json === 'string' ? json : JSON.stringify(json), 'dev.json');
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.errors;
  };
  const btle = (over: Record<string, unknown>): unknown => ({
    version: { major: 4, minor: 0 },
    protocols: {
      lovense: {
        communication: [
          {
            btle: {
              names: ['LVS-*'],
              services: {
                '0000fff0-0000-1000-8000-00805f9b34fb': { tx: '0000fff2-0000-1000-8000-00805f9b34fb' },
              },
              ...over,
            },
          },
        ],
      },
    },
  });

  test('not JSON', () => {
    const [e] = errors('{"version": ');
    expect(e).toMatch(/^dev\.json: not valid JSON: /);
  });

  test('wrong types, each with its path', () => {
    expect(errors(btle({ names: 'LVS-*' }))).toEqual([
      'dev.json: protocols.lovense.communication[0].btle.names: expected array of strings',
    ]);
    expect(errors(btle({ names: [] }))).toEqual([
      'dev.json: protocols.lovense.communication[0].btle.names: expected at least 1 string',
    ]);
    expect(errors(btle({ manufacturer_data: [{ company: 'x', data: [1, 300] }] }))).toEqual([
      'dev.json: protocols.lovense.communication[0].btle.manufacturer_data[0].company: expected integer, got string',
      'dev.json: protocols.lovense.communication[0].btle.manufacturer_data[0].data[1]: 300 is outside [0, 255]',
    ]);
    expect(errors(btle({ services: { 'not-a-uuid': {} } }))).toEqual([
      'dev.json: protocols.lovense.communication[0].btle.services.not-a-uuid: expected lowercase uuid, got "not-a-uuid"',
    ]);
    expect(
      errors(
        btle({
          services: {
            '0000fff0-0000-1000-8000-00805f9b34fb': { nope: '0000fff2-0000-1000-8000-00805f9b34fb' },
          },
        }),
      ),
    ).toEqual([
      'dev.json: protocols.lovense.communication[0].btle.services.0000fff0-0000-1000-8000-00805f9b34fb.nope: unknown endpoint name',
    ]);
    expect(errors(btle({ colour: 'red' }))).toEqual([
      'dev.json: protocols.lovense.communication[0].btle.colour: unknown property',
    ]);
  });

  test('version', () => {
    expect(errors({ protocols: {} })).toEqual(['dev.json: version: required']);
    expect(errors({ version: { major: 3, minor: 0 } })).toEqual([
      'dev.json: version.major: expected 4 (device config format v4), got 3',
    ]);
    expect(errors({ version: 4 })).toEqual(['dev.json: version: expected object, got number']);
    expect(errors([])).toEqual(['dev.json: (root): expected object, got array']);
  });

  test('configurations and features: every problem at once', () => {
    const bad = {
      version: { major: 4, minor: 0 },
      protocols: {
        foo: {
          communication: [
            { carrier_pigeon: {} },
            { serial: { port: 'COM1', baud_rate: 9600, data_bits: 8, parity: 'X', stop_bits: 1 } },
          ],
          defaults: { name: 'Foo', id: '00000000-0000-0000-0000-000000000000' },
          configurations: [
            {
              name: 'Foo 1',
              id: '00000000-0000-0000-0000-000000000001',
              features: [
                {
                  index: 0,
                  id: '00000000-0000-0000-0000-000000000002',
                  output: { vibrate: { value: [20, 0] }, wiggle: { value: [0, 1] } },
                },
                {
                  index: 0,
                  id: '00000000-0000-0000-0000-000000000003',
                  input: { battery: { value: [[0, 100]], command: ['Poll'] } },
                },
              ],
            },
          ],
        },
      },
    };
    expect(errors(bad)).toEqual([
      'dev.json: protocols.foo.communication[0].carrier_pigeon: unknown bus; expected one of btle, serial, websocket, usb, hid, xinput, lovense_connect_service',
      'dev.json: protocols.foo.communication[1].serial.parity: expected "N", "E" or "O", got "X"',
      'dev.json: protocols.foo.defaults.features: required',
      'dev.json: protocols.foo.configurations[0].identifier: required',
    ]);
    bad.protocols.foo.communication = [];
    (bad.protocols.foo.defaults as Record<string, unknown>)['features'] = [];
    (bad.protocols.foo.configurations[0] as Record<string, unknown>)['identifier'] = ['foo1'];
    expect(errors(bad)).toEqual([
      'dev.json: protocols.foo.configurations[0].features[0].output.vibrate.value: empty range [20, 0]',
      'dev.json: protocols.foo.configurations[0].features[0].output.wiggle: unknown output type; expected one of vibrate, rotate, oscillate, constrict, spray, temperature, led, position, hw_position_with_duration',
      'dev.json: protocols.foo.configurations[0].features[1].input.battery.command: unknown input command "Poll"; expected Read or Subscribe',
      'dev.json: protocols.foo.configurations[0].features[1].index: duplicate feature index 0',
    ]);
  });

  test('a file that cannot be read', () => {
    const r = loadDeviceConfigFile('/nonexistent/dev.json');
    expect(r).toEqual({ ok: false, errors: ['/nonexistent/dev.json: cannot read: ENOENT'], warnings: [] });
  });

  test('a minimal valid file, read from disk', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'thrum-config-'));
    const file = path.join(dir, 'dev.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: { major: 4, minor: 1 },
        protocols: { foo: { communication: [{ websocket: { name: 'foo-ws' } }] } },
      }),
    );
    expect(loadDeviceConfigFile(file)).toEqual({
      ok: true,
      value: [{ id: 'foo', communication: [{ websocket: { names: ['foo-ws'] } }], configurations: [] }],
      warnings: [],
    });
  });
});
