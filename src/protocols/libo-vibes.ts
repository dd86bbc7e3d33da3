// Libo vibrators: the first motor's speed as one byte on tx, the second's on txmode. Facts from the
// upstream device config (protocol "libo-vibes") and libo_vibes.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import type { HwWrite, ProtocolHandler, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { btle } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { type ConfigRow, configsFromRows, defaultsFromRow } from './shared/rows.js';
import { bytesWrite } from './shared/writes.js';

/**
 * Feature 0 → tx [speed], and on 0 also txmode [0] (upstream: a one-motor toy needs the stop on
 * txmode too); feature 1 → txmode [speed].
 */
export function encodeVibes(feature: number, speed: number): HwWrite[] {
  if (feature === 1) return [bytesWrite([speed], false, 'txmode')];
  if (feature !== 0) return [];
  return speed === 0 ? [bytesWrite([0]), bytesWrite([0], false, 'txmode')] : [bytesWrite([speed])];
}

const SUPPORTED: ReadonlySet<OutputType> = new Set<OutputType>(['Vibrate']);

const handler: ProtocolHandler = {
  encode(changed) {
    const writes: HwWrite[] = [];
    for (const c of changed) writes.push(...encodeVibes(c.feature, c.value));
    return writes;
  },
};

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, SUPPORTED, 'Libo');
  return handler;
}

// ------------------------------------------------------------------ database entry

const NAMES = [
  'XiaoLu',
  'LuXiaoHan',
  'BaiHu',
  'Gugudai',
  'Yuyi',
  'LuWuShuang',
  'LiBo',
  'QingTing',
  'Huohu',
  'Yuyi',
  'Haima',
];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    '6000': { tx: '6001', txmode: '6002' },
  },
});

const DEFAULTS = defaultsFromRow('Libo Vibes Device', '8ba2bd4c-962b-45ff-87e1-3812084c7c1c', [
  [0, 'V100', 'db5d9b0a-8498-4f5a-b53b-111a9940367d'],
]);

const CONFIGS: readonly ConfigRow[] = [
  ['XiaoLu', 'Libo Lottie', '9c9b46bd-ab5e-4ec2-a9db-c80571074cfb'],
  ['LuXiaoHan', 'Libo LuLu', '80deea27-6833-4bdc-9d24-02615c3197d9'],
  ['Yuyi', 'Libo Lina', '982d708e-788b-4962-b9bb-c253f49becf8'],
  ['LuWuShuang', 'Libo Adel', 'd761eb50-9051-44ce-82ed-d301aa532cc3'],
  ['LiBo', 'Libo Lily', 'f9e758fe-3327-435b-94e3-eda7445d49e1'],
  ['QingTing', 'Libo Lucy', '93ce6ac4-2f24-4a8e-ab81-7a046403eb0c'],
  ['Huohu', 'Libo Lara', 'f0234003-d8d3-4858-837b-8051109e6770'],
  [
    'Yuyi',
    'Libo Feather',
    'c63739df-3b00-4602-8d3d-8f1080ec499c',
    [[0, 'V99', '39eca274-5634-4433-9be5-2c688fb9b65c']],
  ],
  [
    'BaiHu',
    'Libo LaLa',
    '2de690ff-ad02-4272-a2c7-845c3ea8b28c',
    [
      [0, 'V100', '4239e32b-b3ad-49e2-a96e-1fb7298b1889'],
      [1, 'V3', '5f43a406-9567-43fc-b3b8-5383b5200bfd'],
    ],
  ],
  [
    'Gugudai',
    'Libo Carlos',
    '8e342d89-66d4-4943-ae42-015cb268444b',
    [
      [0, 'V100', '6fc0149e-d041-4987-a66e-dbf36739331f'],
      [1, 'V3', '80b80fb2-b458-4661-a1e2-a8f27651d390'],
    ],
  ],
  [
    'Haima',
    'Libo Selina',
    '6d2f4df7-18a1-4568-81be-0e8e545e82a1',
    [
      [0, 'V100', '54c02210-8494-40c6-a04c-e0a302aa735e'],
      [1, 'V3', 'a2fb0a58-895b-49f5-bc88-b0a38bc64e68'],
    ],
  ],
];

export const LIBO_VIBES_DEFINITION: ProtocolDefinition = {
  id: 'libo-vibes',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: configsFromRows(CONFIGS),
};

export const liboVibes: ProtocolModule = {
  definition: LIBO_VIBES_DEFINITION,
  createHandler,
};
