// The Lovense entry of the device database, as data: how Lovense toys are found on Bluetooth LE
// and which configuration each DeviceType answer selects. Facts from the upstream device config
// (buttplug-device-config-v4.json, protocol "lovense"), written as one row per model; the test
// test/protocols/lovense-devices.test.ts checks this table against that file.

import type { BtleSpecifier, DeviceConfig, ProtocolDefinition } from '../core/database.js';
import type { FeatureDef, OutputSpec, OutputType } from '../core/features.js';

// ------------------------------------------------------------------ identification

/** Third-generation services are `PPPPPPP1-00GG-4bd4-bbd5-a6920e4c5653`; these are the heads. */
const GEN3_HEADS = [
  '50300001-0024',
  '57300001-0023',
  '5a300001-0024',
  '50300001-0023',
  '53300001-0023',
  '5a300001-0023',
  '4f300001-0023',
  '42300001-0023',
  '43300001-0023',
  '4c300001-0023',
  '4c410001-0023',
  '56300001-0023',
  '58300001-0023',
  '52300001-0023',
  '46300001-0023',
  '50300011-0023',
  '4a300001-0023',
  '45440001-0023',
  '45420001-0023',
  '54300001-0023',
  '45490001-0023',
  '4e300001-0023',
  '45410001-0023',
  '51300001-0023',
  '45460001-0023',
  '454c0001-0023',
  '55300001-0023',
  '53440001-0023',
  '48300001-0023',
  '46530001-0023',
  '42410001-0023',
  '43410001-0023',
  '4f430001-0023',
  '455a0001-0023',
  '57440001-0023',
  '414e0001-0023',
];
const GEN3_TAIL = '-4bd4-bbd5-a6920e4c5653';
/** Second generation: the Nordic UART service. */
const NORDIC_UART = '6e400001-b5a3-f393-e0a9-e50e24dcca9e';
/** First generation: fff0 with rx fff1, tx fff2 (the one service not following the rule below). */
const GEN1 = '0000fff0-0000-1000-8000-00805f9b34fb';

/** Gen 2 and 3 characteristics differ from their service in the 8th hex digit: 3 = rx, 2 = tx. */
function rxTx(service: string): Record<string, string> {
  return {
    rx: `${service.slice(0, 7)}3${service.slice(8)}`,
    tx: `${service.slice(0, 7)}2${service.slice(8)}`,
  };
}

const ADVERTISED = [NORDIC_UART, ...GEN3_HEADS.map((h) => h + GEN3_TAIL)];

const BTLE: BtleSpecifier = {
  names: ['LVS-*', 'LOVE-*'],
  advertisedServices: ADVERTISED,
  // Lovense's company id 620 (0x026c) with ff 21 leading the data.
  manufacturerData: [{ company: 620, data: [255, 33] }],
  services: {
    [GEN1]: { rx: '0000fff1-0000-1000-8000-00805f9b34fb', tx: '0000fff2-0000-1000-8000-00805f9b34fb' },
    ...Object.fromEntries(ADVERTISED.map((s) => [s, rxTx(s)])),
  },
};

// ------------------------------------------------------------------ devices

/** Output codes used in the table. Speeds are Lovense's 0–20 steps everywhere. */
const OUTPUTS: Readonly<Record<string, Partial<Record<OutputType, OutputSpec>>>> = {
  V: { Vibrate: { value: [0, 20] } },
  O: { Oscillate: { value: [0, 20] } },
  C: { Constrict: { value: [0, 3] } }, // Max air pump levels
  R: { Rotate: { value: [-20, 20] } }, // signed: direction by RotateChange
  r: { Rotate: { value: [0, 20] } }, // Flexer finger: speed only (it sits in an Mply slot)
  // Solace Pro: stroke position 0–100 over a duration, or free-running stroke speed.
  S: { HwPositionWithDuration: { value: [0, 100], duration: [0, 100_000] }, Oscillate: { value: [0, 20] } },
};

type Row = readonly [identifiers: readonly string[], name: string, outputs: readonly string[] | null];

// One row per model. `outputs` lists the output features in order as `code[:description]`; every
// model also has a battery feature after them. null = the defaults' features (one vibrator).
// Columns aligned: prettier would undo the alignment.
// prettier-ignore
const MODELS: readonly Row[] = [
  [['B'],      'Lovense Max',                             ['V:Vibrator', 'C:Air Pump']],
  [['P'],      'Lovense Edge',                            ['V', 'V']],
  [['A', 'C'], 'Lovense Nora',                            ['V', 'R']],
  [['L'],      'Lovense Ambi',                            null],
  [['S'],      'Lovense Lush',                            null],
  [['AN'],     'Lovense Lush Anal',                       null],
  [['Z'],      'Lovense Hush',                            null],
  [['W'],      'Lovense Domi',                            null],
  [['O'],      'Lovense Osci',                            null],
  [['V'],      'Lovense Mission',                         null],
  [['CA'],     'Lovense Mission 2',                       null],
  [['X'],      'Lovense Ferri',                           null],
  [['R'],      'Lovense Diamo',                           null],
  [['ToyS'],   'Loveai Dolp',                             null],
  [['F'],      'Lovense Sex Machine',                     ['O:Fucking Machine Oscillation Speed']],
  [['FS'],     'Lovense Mini Sex Machine',                ['O:Fucking Machine Oscillation Speed']],
  [['J'],      'Lovense Dolce',                           ['V', 'V']],
  [['OC'],     'Lovense Osci 3',                          ['V', 'V']],
  [['ED'],     'Lovense Gush',                            null],
  [['EZ'],     'Lovense Gush 2',                          null],
  [['EB'],     'Lovense Hyphy',                           ['V', 'V']],
  [['T'],      'Lovense Calor',                           null],
  [['EI'],     'Lovense Flexer (Firmware update needed)', null], // firmware < 3: one "Vibrate:" for all
  [['EI-FW3'], 'Lovense Flexer',                          ['V:Internal Vibe', 'V:External Vibe', 'r:Finger motion']],
  [['N'],      'Lovense Gemini',                          ['V', 'V']],
  [['EA'],     'Lovense Gravity',                         ['V', 'O']],
  [['Q'],      'Lovense Tenera',                          null],
  [['EL'],     'Lovense Ridge',                           ['V', 'R']],
  [['U'],      'Lovense Lapis',                           ['V:Tip Vibe', 'V:Internal Vibe', 'V:External Vibe']],
  [['SD'],     'Lovense Vulse',                           null],
  [['H'],      'Lovense Solace',                          ['O:Stroker Oscillation Speed']],
  [['BA'],     'Lovense Solace Pro',                      ['S:Stroker position Based Movement']],
  [['WD'],     'Lovense Spinel',                          ['V:Attachment vibration', 'O:Thrusting movement']],
];

// Upstream uuids, so that user device configs written against the upstream database (their
// `base_id`s) find their base here too. Keyed by first identifier: the configuration's id, then
// its features' ids in order (battery last); a model on the defaults' features has only its own.
// Keys aligned, one model per line: prettier would undo the alignment and wrap the lists.
// prettier-ignore
const UUIDS: Readonly<Record<string, readonly string[]>> = {
  '':     ['d3b1219a-aafe-4257-9d5d-3979b5da3c9a', '3f7a25a5-df21-42ca-bf9f-d1c52df1f37e', '14bd7637-13ed-49ba-9eb9-9c8ba9abec20'],
  B:      ['99024e29-c0ed-4c26-aede-e0db0679eae5', 'd9c9b4a7-008e-4182-b28c-0984af970c32', 'fed393a9-3ac6-4924-859d-5cb4ae059cea', 'b4be6835-5b91-4540-bc7b-0c3d8dcb89fd'],
  P:      ['2e309985-6bbf-4b75-866f-76d845b3ce42', 'cb286b22-998b-4420-82f3-84e8d39db6b5', 'c8b72e1d-d7d4-4417-8cbc-e6c0f435889a', '66b31efb-3bd9-4e3a-9972-88c66e9fca28'],
  A:      ['463a18b9-42a5-4f7b-8156-0e61346fdb8a', '2c5da93b-36a0-4209-ac8c-cead63b838c6', '515e07e2-a6e6-4ac0-a4b0-512504311260', '820d8fb1-c6ec-434d-b7c4-835bdf36552a'],
  L:      ['7053fde9-0902-4aab-926d-fc51869f6ccc'],
  S:      ['670560f0-981e-42cb-b83d-c911dd9826e2'],
  AN:     ['c0879e9a-2db6-40b3-a133-4a06e2ff16cb'],
  Z:      ['37642e1c-a416-44d3-bada-76b6d9e245c9'],
  W:      ['e788f8d5-037a-4ce4-a13f-6b2e8ec31fb6'],
  O:      ['45bf66e7-01e0-48ad-ad1c-2b48d1279da1'],
  V:      ['45e2fc5c-79e8-4228-beba-a97a14d84e7d'],
  CA:     ['a8f36834-d8eb-48d5-9bad-237e67f6fd5b'],
  X:      ['481b101b-ff4d-4045-84fe-da2b9bba93e2'],
  R:      ['df95c01b-88d3-49b3-b360-69777b341795'],
  ToyS:   ['30830f67-4550-4133-88a9-b5eccd83083b'],
  F:      ['8667f7b6-7baa-4e46-9d76-947fb707f0f3', 'f9506652-c4ac-43b1-b184-cd8016b64623', '7c382c60-0ee2-4315-b8cf-cfd3ab4c9ccd'],
  FS:     ['48d5c76b-8c0e-4152-9f3b-5ba92ebf30fe', 'aaf55cab-8ebd-42b3-9bbb-74a57efdf014', '68defbd8-af87-4f04-97da-edfa8fb576f9'],
  J:      ['0bddb3da-2c8d-4af8-9e80-1e0038878f27', '930b9aee-0ba5-4268-95ca-2a5691d31239', '62b2b22c-c028-4aa4-a85c-a7fe8c5f9dcb', '60868f44-3d56-44ed-bcc4-00041a7b5997'],
  OC:     ['a8b175a8-3447-4938-b1df-7215464b56e6', '4cf78058-44c7-4513-913a-37558a84b91e', 'f4ada339-8bb2-4b02-b907-69a3257bce3b', '3933bfcb-6daf-4c33-b834-877cb29ce77d'],
  ED:     ['6071cc3a-a8e7-4142-bc80-08fe122452d8'],
  EZ:     ['51de38d3-114f-453e-a440-3958918af423'],
  EB:     ['a6a0c988-3e04-4fa3-89e2-4f4d2f242ffd', '39b063fa-958b-4d1a-bbd1-8480e105dd88', 'b40accca-7c73-4bff-9819-45f806a194a8', '8fa6dc63-430e-42cb-9345-42d37f0c2629'],
  T:      ['bdab9bf5-25f8-4140-bf4d-3f0edf1883d2'],
  EI:     ['c90a2d78-5b08-40ad-a2c9-ac7eacb43b3d'],
  'EI-FW3': ['8f93dd90-1788-4d2c-8b8f-9a339be12c0e', '9b2dcb58-6c2c-46ef-abe4-81631d1a5f66', 'd8b571fd-614e-4d33-8595-b9fbc81b96bd', 'eb6a2d21-93e0-4a08-9674-36fa2d299651', '6548133f-118f-419d-8900-660fde26b42f'],
  N:      ['9c72451e-1df7-410a-b4b6-e133f3bd9219', 'de8d83b6-76b4-4851-b53d-616d3527040c', '2ea51cd8-b173-408c-bfef-f6508c5b9087', '710384a5-a7dd-43f1-b55c-147256dc636a'],
  EA:     ['b57dfb65-260d-49b2-bff0-659e38947186', '93fa269e-ba3b-4c09-85d0-43385b49ee79', '475bde3a-4aae-4e84-87be-4df3a634da26', '104da492-67f1-46fc-b412-b98871ebb518'],
  Q:      ['abe8f908-3d93-4ba3-8bb1-3623fcd04202'],
  EL:     ['bbfd764c-b419-4c13-aeb0-e753a86318ed', '0627be5e-8553-4f20-b4cf-15f5e1896e5f', '360d81e7-5126-4dbb-b72d-7bb60eb67400', '50b9b31f-c2a8-459a-81fd-c54604f5184e'],
  U:      ['5454d487-ed23-4067-80e2-9e2f0c01fabf', '414e5c3e-e52a-4064-b367-893bc0b1fb95', 'be8d8608-d3aa-4fc5-ac5c-8df429f9e63c', '8bd37a96-7f7a-450f-aa4b-ffe8aa398d1e', 'ad93f903-a354-40ae-b87e-f8390606a964'],
  SD:     ['73fcd02b-fa45-4e11-a62a-598aec256fbd'],
  H:      ['c53de5c8-fc4a-421b-9332-271ec742a156', '5100187a-40c7-44a4-a0ce-368cc24429cd', 'e4193650-2d46-4e6e-8dd8-b1d8d9a1baff'],
  BA:     ['ed5f76c6-84b9-4fee-891f-28f9f4fa3632', 'c4b2855d-5ecc-4010-8a8d-17fd3e51cc57', '0b1cba39-8bb7-4f87-9bed-c59f2284d702'],
  WD:     ['b1ab0746-9659-41f3-9f51-2b4966123210', '0e3ff3c1-295d-47cf-a641-8d52286ac13c', '7cf78858-31c9-484c-9b2e-93a5db520ece', 'd3cb3f91-3b19-401f-88b5-a33006f7c5bc'],
};

function features(outputs: readonly string[], ids: readonly string[]): FeatureDef[] {
  const list: FeatureDef[] = outputs.map((entry, index) => {
    const [code = '', description = ''] = entry.split(/:(.*)/);
    const output = OUTPUTS[code];
    if (output === undefined) throw new Error(`lovense table: unknown output code '${code}'`);
    return { index, id: ids[index + 1], description, output };
  });
  list.push({
    index: list.length,
    id: ids[list.length + 1],
    description: 'battery Level',
    input: { Battery: { value: [[0, 100]], command: ['Read'] } },
  });
  return list;
}

function config(
  name: string,
  key: string,
  identifiers: readonly string[] | undefined,
  outputs: readonly string[] | null,
): DeviceConfig {
  const ids = UUIDS[key] ?? [];
  return {
    name,
    id: ids[0],
    ...(identifiers && { identifiers }),
    ...(outputs && { features: features(outputs, ids) }),
  };
}

export const LOVENSE_DEFINITION: ProtocolDefinition = {
  id: 'lovense',
  communication: [{ btle: BTLE }],
  defaults: config('Lovense Device', '', undefined, ['V']),
  configurations: MODELS.map(([identifiers, name, outputs]) =>
    config(name, identifiers[0] ?? '', identifiers, outputs),
  ),
};
