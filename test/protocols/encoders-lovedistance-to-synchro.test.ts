// Per-command encoders of the families lovedistance to synchro (one packet per output command, no state), called through their
// handlers with the device the database resolves, byte for byte against the upstream formulas.
// The upstream YAML cases (test/conformance) cover a few values; these cover range ends, every
// output type and motor, and stop.

import { describe, expect, test } from 'vitest';
import { buildDatabase, resolveDevice } from '../../src/config/index.js';
import type { OutputType } from '../../src/core/features.js';
import type { ProtocolModule } from '../../src/core/protocol.js';
import { PROTOCOLS } from '../../src/protocols/index.js';
import { levelBytes } from '../../src/protocols/mizzzee-v3.js';

const { db } = buildDatabase();

/** The modules this file covers, Love Distance to Synchro. */
const COVERED = new Set([
  'lovedistance',
  'lovehoney-desire',
  'lovenuts',
  'luvmazer',
  'mannuo',
  'maxpro',
  'meese',
  'mizzzee',
  'mizzzee-v2',
  'mizzzee-v3',
  'motorbunny',
  'muse',
  'mymuselinkplus',
  'nextlevelracing',
  'nexus-revo',
  'nobra',
  'omobo',
  'patoo',
  'picobong',
  'pink_punch',
  'prettylove',
  'realov',
  'realtouch',
  'rez-trancevibrator',
  'sakuraneko',
  'sayberx',
  'serveu',
  'synchro',
]);
const MODULES = PROTOCOLS.filter((m) => COVERED.has(m.definition.id));

function moduleOf(id: string): ProtocolModule {
  const m = MODULES.find((p) => p.definition.id === id);
  if (!m) throw new Error(`no module ${id}`);
  return m;
}

interface Written {
  endpoint: string;
  bytes: number[];
  withResponse: boolean;
}

/** One command to a fresh handler for `name` (the advertised name selects the configuration). */
function encodeOne(
  protocol: string,
  name: string,
  feature: number,
  type: OutputType,
  value: number,
): Written[] {
  const device = resolveDevice(db, protocol, undefined, name);
  if (!device) throw new Error(`no ${protocol} configuration for ${name}`);
  const command = { feature, type, value };
  const writes = moduleOf(protocol)
    .createHandler(device)
    .encode([command], new Map([[`${feature}:${type}`, command]]));
  return writes.map((w) => ({ endpoint: w.endpoint, bytes: [...w.data], withResponse: w.withResponse }));
}

const tx = (bytes: number[], withResponse = false): Written => ({ endpoint: 'tx', bytes, withResponse });

type Row = [
  protocol: string,
  name: string,
  feature: number,
  type: OutputType,
  value: number,
  expected: Written[],
];

// One case per row, columns aligned, a blank line between protocols: prettier would undo the alignment.
// prettier-ignore
const ROWS: Row[] = [
  ['lovedistance', 'REACH', 0, 'Vibrate', 121, [tx([0xf3, 0x00, 121])]],
  ['lovedistance', 'REACH', 0, 'Vibrate', 0,   [tx([0xf3, 0x00, 0x00])]],

  ['lovenuts', 'Love_Nuts', 0, 'Vibrate', 15, [tx([0x45, 0x56, 0x4f, 0x4c, ...Array(10).fill(0xff), 0x00, 0xff])]],
  ['lovenuts', 'Love_Nuts', 0, 'Vibrate', 1,  [tx([0x45, 0x56, 0x4f, 0x4c, ...Array(10).fill(0x11), 0x00, 0xff])]],
  ['lovenuts', 'Love_Nuts', 0, 'Vibrate', 0,  [tx([0x45, 0x56, 0x4f, 0x4c, ...Array(10).fill(0x00), 0x00, 0xff])]],

  ['luvmazer', 'TKLM-W001-BT',    0, 'Vibrate',   255, [tx([0xa0, 0x01, 0x00, 0x00, 0x64, 0xff])]],
  ['luvmazer', 'TKLM-W001-BT',    1, 'Rotate',    255, [tx([0xa0, 0x0f, 0x00, 0x00, 0x64, 0xff])]],
  ['luvmazer', 'TKLM-W001-BT',    1, 'Rotate',    0,   [tx([0xa0, 0x0f, 0x00, 0x00, 0x64, 0x00])]],
  ['luvmazer', 'TKLM-C003-BT',    1, 'Vibrate',   7,   [tx([0xa0, 0x01, 0x00, 0x01, 0x64, 0x07])]], // second motor by index
  ['luvmazer', 'TKLM-W003-BT-RX', 1, 'Oscillate', 128, [tx([0xa0, 0x06, 0x01, 0x00, 0x64, 0x80])]],
  ['luvmazer', 'TKLM-C004-BT',    2, 'Constrict', 54,  [tx([0xa0, 0x0d, 0x00, 0x00, 0x14, 54])]],
  ['luvmazer', 'TKLM-C004-BT',    2, 'Constrict', 0,   [tx([0xa0, 0x0d, 0x00, 0x00, 0x00, 0x00])]],

  ['mannuo', 'LXCDVP', 0, 'Vibrate', 3, [tx([0xaa, 0x55, 0x06, 0x01, 0x01, 0x01, 0x03, 0xfa, 0x01], true)]],
  ['mannuo', 'LXCDVP', 0, 'Vibrate', 0, [tx([0xaa, 0x55, 0x06, 0x01, 0x01, 0x01, 0x00, 0xfa, 0x02], true)]],

  ['maxpro', 'M2', 0, 'Vibrate', 100, [tx([0x55, 0x04, 0x07, 0xff, 0xff, 0x3f, 0x64, 0x5f, 0x64, 0xc4])]],
  ['maxpro', 'M2', 0, 'Vibrate', 0,   [tx([0x55, 0x04, 0x07, 0xff, 0xff, 0x3f, 0x00, 0x5f, 0x00, 0xfc])]],

  ['meese', 'Meese-V389', 0, 'Vibrate', 10, [tx([0x01, 0x80, 0x01, 0x0a], true)]],
  ['meese', 'Meese-V389', 1, 'Vibrate', 3,  [tx([0x01, 0x80, 0x02, 0x03], true)]],
  ['meese', 'Meese-cd',   0, 'Vibrate', 0,  [tx([0x01, 0x80, 0x01, 0x00], true)]],

  ['mizzzee', 'NFY008', 0, 'Vibrate', 68, [tx([0x69, 0x96, 0x03, 0x01, 0x01, 68])]],
  ['mizzzee', 'NFY008', 0, 'Vibrate', 0,  [tx([0x69, 0x96, 0x03, 0x01, 0x00, 0x00])]],

  ['mizzzee-v2', 'XHT', 0, 'Vibrate', 68, [tx([0x69, 0x96, 0x04, 0x02, 68, 0x2c, 68])]],

  ['mizzzee-v3', 'XHTKJ', 0, 'Vibrate', 1000, [tx([0x03, 0x12, 0xf3, 0x00, 0xfc, 0x00, 0xfe, 0x40, 0x01, 0xfc, 0xff, 0x00, 0xfc, 0x00, 0xfe, 0x40, 0x01, 0xfc, 0xff, 0x00], true)]],
  ['mizzzee-v3', 'XHTKJ', 0, 'Vibrate', 1,    [tx([0x03, 0x12, 0xf3, 0x00, 0xfc, 0x00, 0xfe, 0x40, 0x01, 0xfc, 0x4c, 0x00, 0xfc, 0x00, 0xfe, 0x40, 0x01, 0xfc, 0x4c, 0x00], true)]],
  ['mizzzee-v3', 'XHTKJ', 0, 'Vibrate', 0,    [tx([0x03, 0x12, ...Array(18).fill(0)], true)]],

  ['motorbunny', 'MB Controller', 0, 'Vibrate', 255,  [tx([0xff, ...Array(7).fill([0xff, 0x14]).flat(), 0x85, 0xec])]],
  ['motorbunny', 'MB Controller', 0, 'Vibrate', 0,    [tx([0xf0, 0x00, 0x00, 0x00, 0x00, 0xec])]],
  ['motorbunny', 'MB LINK 201',   1, 'Rotate',  1,    [tx([0xaf, ...Array(7).fill([0x2a, 0x01]).flat(), 0x2d, 0xec])]],
  ['motorbunny', 'MB LINK 201',   1, 'Rotate',  -255, [tx([0xaf, ...Array(7).fill([0x29, 0xff]).flat(), 0x18, 0xec])]],
  ['motorbunny', 'MB LINK 201',   1, 'Rotate',  0,    [tx([0xa0, 0x00, 0x00, 0x00, 0x00, 0xec])]],

  ['mymuselinkplus', 'MM Massager', 0, 'Vibrate', 3, [tx([0xaa, 0x55, 0x06, 0x01, 0x01, 0x01, 0x03, 0xff])]],
  ['mymuselinkplus', 'MM Massager', 0, 'Vibrate', 0, [tx([0xaa, 0x55, 0x06, 0xaa, 0x00, 0x00, 0x00, 0x00])]],

  ['nextlevelracing', 'serial', 0, 'Vibrate', 255, [tx([...Buffer.from('M0255\r')])]],
  ['nextlevelracing', 'serial', 7, 'Vibrate', 0,   [tx([...Buffer.from('M70\r')])]],

  ['nexus-revo', 'XW-LW3', 0, 'Vibrate', 10, [tx([0xaa, 0x01, 0x01, 0x00, 0x01, 0x0a], true)]],
  ['nexus-revo', 'XW-LW3', 1, 'Rotate',  2,  [tx([0xaa, 0x01, 0x02, 0x00, 0x04, 0x00], true)]],
  ['nexus-revo', 'XW-LW3', 1, 'Rotate',  -1, [tx([0xaa, 0x01, 0x02, 0x00, 0x01, 0x00], true)]],
  ['nexus-revo', 'XW-LW3', 1, 'Rotate',  0,  [tx([0xaa, 0x01, 0x02, 0x00, 0x00, 0x00], true)]],

  ['nobra', 'NobraControl', 0, 'Vibrate', 15, [tx([0x6f])]],
  ['nobra', 'NobraControl', 0, 'Vibrate', 1,  [tx([0x61])]],
  ['nobra', 'NobraControl', 0, 'Vibrate', 0,  [tx([0x70])]],

  ['omobo', 'S6', 0, 'Vibrate', 100, [tx([0xa1, 0x04, 0x04, 0x01, 0x64, 0xff, 0x55], true)]],

  ['picobong', 'Diver', 0, 'Vibrate', 10, [tx([0x01, 0x01, 0x0a])]],
  ['picobong', 'Diver', 0, 'Vibrate', 0,  [tx([0x01, 0xff, 0x00])]],

  ['pink_punch', 'PinkPunch_Peachu', 0, 'Vibrate', 100, [tx([0x09, 0x64], true)]],
  ['pink_punch', 'PinkPunch_Peachu', 0, 'Vibrate', 0,   [tx([0x09, 0x00], true)]],

  ['prettylove', 'Aogu BLE 1', 0, 'Vibrate', 3, [tx([0x00, 0x03], true)]],

  ['realov', 'REALOV_VIBE', 0, 'Vibrate', 50, [tx([0xc5, 0x55, 0x32, 0xaa])]],
  ['realov', 'REALOV_VIBE', 0, 'Vibrate', 0,  [tx([0xc5, 0x55, 0x00, 0xaa])]],

  ['rez-trancevibrator', 'usb', 0, 'Vibrate', 255, [{ endpoint: 'txvendorcontrol', bytes: [0xff], withResponse: false }]],

  ['sakuraneko', 'sakuraneko-04', 0, 'Vibrate', 100, [tx([0xa1, 0x08, 0x01, 0x00, 0x00, 0x00, 0x64, 0x64, 0x00, 0x64, 0xdf, 0x55])]],
  ['sakuraneko', 'sakuraneko-04', 1, 'Rotate',  100, [tx([0xa2, 0x08, 0x01, 0x00, 0x00, 0x00, 0x64, 0x64, 0x00, 0x32, 0xdf, 0x55])]],

  ['synchro', 'Shinkuro',   0, 'Rotate', 6,  [tx([0xa1, 0x01, 0x06, 0x77, 0x55])]],
  ['synchro', 'synchro EX', 0, 'Rotate', -6, [tx([0xa1, 0x01, 0x86, 0x77, 0x55])]],
  ['synchro', 'synchro EX', 0, 'Rotate', -1, [tx([0xa1, 0x01, 0x81, 0x77, 0x55])]],
];

describe('one command, one packet', () => {
  test.each(ROWS)('%s (%s): feature %i %s %i', (protocol, name, feature, type, value, expected) => {
    expect(encodeOne(protocol, name, feature, type, value)).toEqual(expected);
  });
});

describe('several outputs in one flush', () => {
  test('each changed output is written in the order given (Meese, two motors)', () => {
    const device = resolveDevice(db, 'meese', undefined, 'Meese-V389')!;
    const changed = [
      { feature: 0, type: 'Vibrate' as const, value: 0 },
      { feature: 1, type: 'Vibrate' as const, value: 0 },
    ];
    const writes = moduleOf('meese').createHandler(device).encode(changed, new Map());
    expect(writes.map((w) => [...w.data])).toEqual([
      [0x01, 0x80, 0x01, 0x00],
      [0x01, 0x80, 0x02, 0x00],
    ]);
  });
});

describe('Mizz Zee v3 level (32-bit float arithmetic, as upstream)', () => {
  test.each([
    [500, [0x3c, 0xa6]], // test_mizzzee_v3_protocol.yaml
    [1000, [0xfc, 0xff]],
    [1, [0xfc, 0x4c]],
  ])('step %i → %j', (step, bytes) => {
    expect(levelBytes(step)).toEqual(bytes);
  });
});

describe('configuration-time checks', () => {
  test('every configuration of every driven module gets a handler', () => {
    for (const m of MODULES) {
      if (['muse', 'realtouch', 'sayberx'].includes(m.definition.id)) continue;
      const configs = [m.definition.defaults!, ...m.definition.configurations];
      for (const c of configs) {
        const device = resolveDevice(db, m.definition.id, undefined, c.identifiers?.[0] ?? 'unknown');
        expect(() => m.createHandler(device!), `${m.definition.id} ${c.name}`).not.toThrow();
      }
    }
  });

  test('an output type a family cannot encode is refused at creation', () => {
    const device = resolveDevice(db, 'omobo', undefined, 'S6')!;
    const rotating = {
      ...device,
      features: [{ index: 0, description: '', output: { Rotate: { value: [0, 10] as const } } }],
    };
    expect(() => moduleOf('omobo').createHandler(rotating)).toThrow(/omobo has no Rotate encoder/);
  });
});
