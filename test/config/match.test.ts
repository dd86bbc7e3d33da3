// Matching advertisements to protocols (upstream BluetoothLESpecifier rules, prefix manufacturer
// data) and websocket device identifiers.

import { describe, expect, test } from 'vitest';
import {
  buildDatabase,
  configuredVidPids,
  loadDeviceConfigFile,
  matchBtle,
  matchLovenseConnect,
  matchVidPid,
  matchWebsocket,
  normalizeUuid,
} from '../../src/config/index.js';
import { hasReference, referencePath, REFERENCE_SKIP_REASON } from '../helpers/reference.js';

const { db } = buildDatabase();
const protocols = (advert: Parameters<typeof matchBtle>[1]): string[] =>
  matchBtle(db, advert).map((c) => c.protocol);

describe('Bluetooth LE', () => {
  test('name wildcards', () => {
    expect(protocols({ name: 'LVS-Z36' })).toEqual(['lovense']);
    expect(protocols({ name: 'LOVE-Nora' })).toEqual(['lovense']);
    expect(protocols({ name: 'LVS-' })).toEqual(['lovense']);
    expect(protocols({ name: 'LVS' })).toEqual([]);
    expect(protocols({ name: 'lvs-z36' })).toEqual([]); // names are case-sensitive, as upstream
  });

  test('the candidate carries the matching specifier and whether it can be driven', () => {
    const [c] = matchBtle(db, { name: 'LVS-Z36' });
    expect(c?.drivable).toBe(true);
    expect(c?.specifier.services['0000fff0-0000-1000-8000-00805f9b34fb']).toEqual({
      rx: '0000fff1-0000-1000-8000-00805f9b34fb',
      tx: '0000fff2-0000-1000-8000-00805f9b34fb',
    });
  });

  test('advertised services, in any common spelling', () => {
    expect(protocols({ name: 'Unnamed', services: ['5a300001-0023-4bd4-bbd5-a6920e4c5653'] })).toEqual([
      'lovense',
    ]);
    expect(
      protocols({ name: 'Unnamed', services: ['5A3000010023-4BD4BBD5A6920E4C5653'.replace('-', '')] }),
    ).toEqual(['lovense']);
    expect(
      protocols({ name: 'Unnamed', services: ['180f', '0000fff0-0000-1000-8000-00805f9b34fb'] }),
    ).toEqual([]); // fff0 is a GATT service, not advertised
  });

  test('manufacturer data: company, then the database bytes as a prefix', () => {
    const md = (company: number, data: number[]) =>
      protocols({ name: 'Unnamed', manufacturerData: [{ company, data }] });
    expect(md(620, [255, 33])).toEqual(['lovense']);
    expect(md(620, [255, 33, 7, 9])).toEqual(['lovense']);
    expect(md(620, [255])).toEqual([]);
    expect(md(620, [0, 255, 33])).toEqual([]);
    expect(md(621, [255, 33])).toEqual([]);
  });

  test('no match', () => {
    expect(matchBtle(db, { name: 'Foo', services: [], manufacturerData: [] })).toEqual([]);
  });

  test('uuid spellings', () => {
    expect(normalizeUuid('FFF0')).toBe('0000fff0-0000-1000-8000-00805f9b34fb');
    expect(normalizeUuid('0000fff000001000800000805f9b34fb')).toBe('0000fff0-0000-1000-8000-00805f9b34fb');
    expect(normalizeUuid('6E400001-B5A3-F393-E0A9-E50E24DCCA9E')).toBe(
      '6e400001-b5a3-f393-e0a9-e50e24dcca9e',
    );
  });

  const SUITE = 'with the upstream database';
  describe.skipIf(!hasReference)(hasReference ? SUITE : `${SUITE}: ${REFERENCE_SKIP_REASON}`, () => {
    const file = loadDeviceConfigFile(referencePath('buttplug-device-config-v4.json'));
    const full = buildDatabase({ overrides: file.ok ? file.value : [] }).db;

    test('wildcards with spaces, company-only manufacturer data', () => {
      expect(matchBtle(full, { name: 'SF Royal' })).toEqual([
        { protocol: 'satisfyer', specifier: expect.anything(), drivable: true },
      ]);
      expect(
        matchBtle(full, { name: 'x', manufacturerData: [{ company: 26698, data: [1, 2, 3] }] }).map(
          (c) => c.protocol,
        ),
      ).toEqual(['fluffer']);
    });

    test('several matches: drivable protocols first, in database order', () => {
      // A protocol only a config file knows (no encoder) comes last even though it is listed first.
      const unknown = {
        id: 'no-encoder',
        communication: [{ btle: { names: ['LVS-X1'], services: {} } }],
        configurations: [],
      };
      const withUnknown = buildDatabase({ overrides: [unknown, ...(file.ok ? file.value : [])] }).db;
      const all = matchBtle(withUnknown, {
        name: 'LVS-X1',
        services: ['00001320-0000-1000-8000-00805f9b34fb'],
      });
      expect(all.map((c) => [c.protocol, c.drivable])).toEqual([
        ['lovense', true],
        ['adrienlastic', true],
        ['no-encoder', false],
      ]);
    });
  });
});

describe('websocket devices', () => {
  test('identifiers come from the user config protocols', () => {
    const withUser = buildDatabase({
      userConfig: {
        devices: [],
        protocols: [
          { id: 'lovense', communication: [{ websocket: { names: ['my-lovense'] } }], configurations: [] },
        ],
      },
    }).db;
    expect(matchWebsocket(withUser, 'my-lovense')).toEqual([
      { protocol: 'lovense', specifier: { names: ['my-lovense'] }, drivable: true },
    ]);
    expect(matchWebsocket(withUser, 'other')).toEqual([]);
    expect(matchWebsocket(db, 'my-lovense')).toEqual([]);
    // The user's specifier is added to, not in place of, the built-in ones.
    expect(matchBtle(withUser, { name: 'LVS-Z36' }).map((c) => c.protocol)).toEqual(['lovense']);
  });
});

describe('HID, USB and Lovense Connect', () => {
  test('vendor/product id pairs match on their own bus only', () => {
    const joycon = { vendorId: 0x057e, productId: 0x2007 };
    expect(matchVidPid(db, 'hid', joycon).map((c) => c.protocol)).toEqual(['nintendo-joycon']);
    expect(matchVidPid(db, 'usb', joycon)).toEqual([]);
    expect(matchVidPid(db, 'usb', { vendorId: 0x0b49, productId: 0x064f }).map((c) => c.protocol)).toEqual([
      'rez-trancevibrator',
    ]);
    expect(matchVidPid(db, 'hid', { vendorId: 0x057e, productId: 0x2008 })).toEqual([]);
  });

  test('the pairs a bus opens are every pair the database names for it', () => {
    const key = (p: { vendorId: number; productId: number }) =>
      `${p.vendorId.toString(16)}:${p.productId.toString(16)}`;
    // RealTouch (1f54:0001) is named too: found, then refused for want of an encoder.
    expect(configuredVidPids(db, 'hid').map(key).sort()).toEqual([
      '1f54:1',
      '483:5750',
      '57e:2006',
      '57e:2007',
      '57e:2009',
    ]);
    expect(configuredVidPids(db, 'usb').map(key)).toEqual(['b49:64f']);
  });

  test('a Lovense Connect toy is a candidate for the Lovense Connect protocol, identified later by its type', () => {
    expect(matchLovenseConnect(db)).toEqual([
      { protocol: 'lovense-connect-service', specifier: null, drivable: true },
    ]);
  });
});
