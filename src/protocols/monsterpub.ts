// Sistalk MonsterPub / MonsterHub / Tracy's Dog: every motor's speed in one packet. The model name
// is read from rxblemodel; toys with an rx characteristic first answer a challenge (the 15 bytes
// after a key number, XORed with that key, written back). Which characteristic takes the speeds
// depends on what the toy has. Facts from the upstream device config (protocol "monsterpub") and
// monsterpub.rs.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import type {
  HandlerContext,
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { currentOf, outputIndexes } from './shared/outputs.js';
import { type ConfigRow, configsFromRows, defaultsFromRow } from './shared/rows.js';
import { bytesWrite } from './shared/writes.js';

export const MODEL_READ_LENGTH = 32;
export const MODEL_READ_TIMEOUT_MS = 500;
export const CHALLENGE_READ_LENGTH = 16;
export const CHALLENGE_READ_TIMEOUT_MS = 200;
/** Identifier when the model cannot be read (upstream monsterpub.rs). */
export const UNKNOWN_MODEL = 'Unknown';

/** Challenge keys, chosen by the challenge's first byte ("2IPO", "LSBB", "SIS6", "TALK" repeated). */
const CHALLENGE_KEYS: readonly string[] = ['2IPO', 'LSBB', 'SIS6', 'TALK'];

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function modelName(data: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    throw new Error('MonsterPub model name is not UTF-8');
  }
  return text.replaceAll('\0', '');
}

async function identify(hw: HardwareOps): Promise<string | undefined> {
  let data: Uint8Array;
  try {
    data = await hw.read('rxblemodel', MODEL_READ_LENGTH, MODEL_READ_TIMEOUT_MS);
  } catch {
    return UNKNOWN_MODEL;
  }
  return modelName(data);
}

/** The answer to a challenge: bytes 1–15 XORed with the key its byte 0 names. */
export function challengeAnswer(challenge: Uint8Array): Uint8Array {
  const key = CHALLENGE_KEYS[challenge[0] ?? -1];
  if (key === undefined) throw new Error(`MonsterPub challenge names no key (${challenge[0]})`);
  const answer = new Uint8Array(Math.max(0, Math.min(challenge.length, 16) - 1));
  for (let i = 0; i < answer.length; i++) answer[i] = challenge[i + 1]! ^ key.charCodeAt(i % 4);
  return answer;
}

/** Where speeds go: txvibrate if the toy has it, else tx, else generic0 (Tracy's Dog 3-motor). */
export type SpeedEndpoint = 'txvibrate' | 'tx' | 'generic0';

export function speedEndpointFor(endpoints: ReadonlySet<string>): SpeedEndpoint {
  if (endpoints.has('txvibrate')) return 'txvibrate';
  if (endpoints.has('tx')) return 'tx';
  return 'generic0';
}

async function initialise(hw: HardwareOps): Promise<void> {
  if (hw.endpoints.has('rx')) {
    const challenge = await hw.read('rx', CHALLENGE_READ_LENGTH, CHALLENGE_READ_TIMEOUT_MS);
    await hw.write('rx', challengeAnswer(challenge), true);
  }
}

/**
 * The speeds in feature order; generic0 prefixes a 3. On tx an all-zero packet goes to txmode
 * with response instead (upstream's stop).
 */
export function encodeSpeeds(endpoint: SpeedEndpoint, speeds: readonly number[]): HwWrite {
  if (endpoint === 'generic0') return bytesWrite([3, ...speeds], false, endpoint);
  if (endpoint === 'tx' && speeds.every((s) => s === 0)) return bytesWrite(speeds, true, 'txmode');
  return bytesWrite(speeds, false, endpoint);
}

const OUTPUT_TYPES: readonly OutputType[] = ['Vibrate', 'Oscillate'];

class MonsterPubHandler implements ProtocolHandler {
  constructor(
    private readonly endpoint: SpeedEndpoint,
    private readonly motors: readonly number[],
  ) {}

  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[] {
    if (changed.length === 0) return [];
    return [
      encodeSpeeds(
        this.endpoint,
        this.motors.map((f) => currentOf(current, f, OUTPUT_TYPES)),
      ),
    ];
  }
}

/** The speed endpoint follows the device's characteristics (tx when built without hardware). */
function createHandler(device: ResolvedDevice, context?: HandlerContext): ProtocolHandler {
  requireOutputs(device, new Set(OUTPUT_TYPES), 'MonsterPub');
  const endpoint = context === undefined ? 'tx' : speedEndpointFor(context.endpoints);
  return new MonsterPubHandler(endpoint, outputIndexes(device.features));
}

// ------------------------------------------------------------------ database entry

const NAMES = ['MonsterPub', 'MonsterHub', 'TracyDog'];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    '6000': { generic0: '600a', tx: '6001', txmode: '6002', txvibrate: '6003' },
    '6010': { rxblemodel: '6014' },
    '8000': { rx: '8001' },
  },
});

const DEFAULTS = defaultsFromRow('Sistalk MonsterPub Device', '87e76bfc-ecba-4cda-a574-4a92889a6bc3', [
  [0, 'V100', '79df96bb-25af-422e-a066-c7c3f301a843'],
]);

const CONFIGS: readonly ConfigRow[] = [
  [
    'MP2_JK_N_P1',
    'Sistalk MonsterPub 2 Doctor Whale',
    '01eb3034-194f-4c91-88e4-8095bb0f4ff4',
    [
      [0, 'V100', '9cf2d977-c1c3-46c0-bb88-c71a3c65f7ae'],
      [1, 'V100', 'ba941f5c-0946-443c-a6eb-5a0cff38a3b8'],
    ],
  ],
  [
    'MP_MW_TL_P2',
    'Sistalk MonsterPub Magic Kiss',
    'bdf1fea2-374d-4340-9057-6ee76595cb83',
    [
      [0, 'V100', 'd8d639f1-c821-46a6-9eb1-eb1eda9289b5'],
      [1, 'V100', 'd3c1b259-b884-4a63-ba75-b8d9341398be'],
    ],
  ],
  [
    'MP2_QC_TL_P1',
    'Sistalk MonsterPub 2 Mister Devil',
    '5a8c6ddf-15b2-4d7b-bdcf-38c7c49586bb',
    [
      [0, 'V100', 'f9f2b6ae-d54d-4d78-a535-3879d96a7fd6'],
      [1, 'V100', '8186c4b9-40df-422d-8e70-f0babf32f82b'],
    ],
  ],
  [
    'MP_BABY_QC_N_P4',
    'Sistalk MonsterPub Baby Youth Health',
    'fb558c71-beb7-43ec-8b78-2ca975aa7d7b',
    [
      [0, 'V100', '51923606-6704-48ca-b083-01ceacf897a1'],
      [1, 'V100', '553a765a-e91f-4187-85cb-b2be8311944b'],
    ],
  ],
  ['MP_MXY_N_P1', 'Sistalk MonsterPub KiniCat', '19e019be-dd3f-4822-8243-288690cae235'],
  ['MP1N_QC_TL_P2', 'Sistalk MonsterPub BeatHeart', '640958c5-0fc0-4390-bdda-959c1686084d'],
  ['TDG_LIP_PT2', "Tracy's Dog Surreal", 'f2049034-1515-4008-8cc3-2b6914080a5c'],
  ['MP1P_QC_TL_P6', 'Sistalk MonsterPub 1P Mister Devil', '1a39cdde-63ba-407a-8307-27b775c3f365'],
  ['MPMB_QC_TL_P2', 'Sistalk MonsterPub Sweet', '6d613fc2-76b2-4007-af78-e91bfe20e659'],
  ['MPAV_QC_TL_P1', 'Sistalk MonsterPub Amazing', '719a2ee0-bf1e-41bc-84c9-6d369b5646dd'],
  ['MH_TOR_TL_P5', 'Sistalk MonsterHub Tornado', '8ee7eb14-bc8b-4f66-ac29-8586fa3d1f04'],
  [
    'MP_SUCKBANG_P5',
    'Sistalk MonsterPub Pop',
    'da7e6371-b4cd-475a-9a41-501f4bb06ef3',
    [
      [0, 'O100', '6a9d1640-2b72-42f1-8ad1-1e1a97394f82'],
      [1, 'V100', '5462d583-6a92-4288-b743-46957be25efb'],
    ],
  ],
  [
    'TDG_CRAYBIT_PT',
    "Tracy's Dog Craybit Pro",
    '8d9c60c2-eb9a-4fd0-8917-78f7d94320b3',
    [
      [0, 'V100', '3fbc11b2-d07c-4793-a90d-364d62631aca'],
      [1, 'V100', '164c2dca-0f5e-4c06-8698-4e65b027a25e'],
      [2, 'V100', '8bea0dcd-400c-41a0-819e-bca090caf186'],
    ],
  ],
];

export const MONSTERPUB_DEFINITION: ProtocolDefinition = {
  id: 'monsterpub',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: configsFromRows(CONFIGS),
};

export const monsterpub: ProtocolModule = {
  definition: MONSTERPUB_DEFINITION,
  identify,
  initialise,
  createHandler,
};
