// The flags of the Lovense Connect, HID and USB buses: what they set, what they refuse.

import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, HELP, parseArgs } from '../../src/main/cli.js';

describe('hardware bus flags', () => {
  it('are off by default and each turns its bus on, with no warning', () => {
    expect(DEFAULT_OPTIONS).toMatchObject({
      useHid: false,
      useUsb: false,
      useLovenseConnect: false,
      lovenseConnectAddress: null,
    });
    const r = parseArgs(['--use-hid', '--use-usb', '--use-lovense-connect']);
    expect(r).toMatchObject({
      kind: 'run',
      options: {
        useHid: true,
        useUsb: true,
        useLovenseConnect: true,
        lovenseConnectAddress: null,
        ignored: [],
      },
    });
  });

  it.each([
    ['http://192.168.1.5:20010', 'http://192.168.1.5:20010'],
    ['http://192.168.1.5:20010/', 'http://192.168.1.5:20010'],
    ['https://192-168-1-5.lovense.club:30010', 'https://192-168-1-5.lovense.club:30010'],
  ])('--lovense-connect-address %s is the app base URL %s', (given, url) => {
    expect(parseArgs(['--use-lovense-connect', '--lovense-connect-address', given])).toMatchObject({
      options: { lovenseConnectAddress: url },
    });
  });

  it.each([
    '192.168.1.5:20010',
    'ftp://192.168.1.5:21',
    'http://192.168.1.5:20010/GetToys',
    'http://host:1?x=1',
    '',
  ])('--lovense-connect-address %j is refused with the form it takes', (given) => {
    expect(parseArgs(['--use-lovense-connect', '--lovense-connect-address', given])).toEqual({
      kind: 'error',
      message: `--lovense-connect-address takes the app's address as http://host:port, got ${JSON.stringify(given)}`,
    });
  });

  it('--lovense-connect-address alone would do nothing: it needs --use-lovense-connect', () => {
    expect(parseArgs(['--lovense-connect-address', 'http://10.0.0.2:20010'])).toEqual({
      kind: 'error',
      message: '--lovense-connect-address needs --use-lovense-connect',
    });
  });

  it('--use-xinput keeps its one warning (XInput is Windows-only)', () => {
    expect(parseArgs(['--use-xinput'])).toMatchObject({
      options: { ignored: [expect.stringMatching(/^bus xinput unavailable: .*\(--use-xinput\)$/)] },
    });
  });

  it('--help names every one of them', () => {
    for (const flag of ['--use-hid', '--use-usb', '--use-lovense-connect', '--lovense-connect-address'])
      expect(HELP).toContain(`  ${flag} `);
  });
});
