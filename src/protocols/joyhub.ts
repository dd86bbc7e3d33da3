// JoyHub: 7-byte motor packets on one tx characteristic, every motor slot in each packet, plus
// one-shot packets for the air pump / suction, heater, light and lube pump. Facts from the upstream
// device config (protocol "joyhub") and upstream joyhub.rs.
//
// A feature's index is its slot on the device: motors (vibrate, rotate, oscillate) live in slots
// 0–3 of the motor packet, which is why the table keeps upstream's gaps (a Petalwish 2 vibrates
// in slot 2) and its output-less placeholder features.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import type { HwWrite, ProtocolHandler, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { btle } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { currentOf } from './shared/outputs.js';
import { type ConfigRow, configsFromRows, defaultsFromRow } from './shared/rows.js';
import { bytesWrite } from './shared/writes.js';

const MOTOR_TYPES: readonly OutputType[] = ['Vibrate', 'Rotate', 'Oscillate'];
const MOTOR_SLOTS = 4;
/** The feature index whose constrict output is the air pump (packet 0x07); others are suction (0x0d). */
const AIR_PUMP_INDEX = 4;
/** Upstream stops the lube pump this long after any spray command (joyhub.rs cancel_spray). */
export const SPRAY_CANCEL_MS = 1000;
export const SPRAY_TICK_MS = 100;

// ------------------------------------------------------------------ encoders (pure)

/** [a0 03 s0 s1 s2 s3 aa]: every motor slot's speed; rotation goes in unsigned. */
export function encodeMotors(slots: readonly number[]): HwWrite {
  return bytesWrite([0xa0, 0x03, ...slots.map((v) => Math.abs(v) & 0xff), 0xaa]);
}

/** Air pump (feature 4): [a0 07 on 00 level ff]; suction elsewhere: [a0 0d 00 00 level ff]. */
export function encodeConstrict(feature: number, level: number): HwWrite {
  return feature === AIR_PUMP_INDEX
    ? bytesWrite([0xa0, 0x07, level === 0 ? 0 : 1, 0x00, level, 0xff])
    : bytesWrite([0xa0, 0x0d, 0x00, 0x00, level, 0xff]);
}

/** On/off packets sharing one shape: heater 0x04, light 0x14, lube pump 0x24. */
function encodeSwitch(code: number, on: boolean): HwWrite {
  return bytesWrite(on ? [0xa0, code, 0x01, 0x00, 0x01, 0xff] : [0xa0, code, 0x00, 0x00, 0x00, 0x00]);
}

export function encodeTemperature(level: number): HwWrite {
  return encodeSwitch(0x04, level !== 0);
}

export function encodeLed(level: number): HwWrite {
  return encodeSwitch(0x14, level !== 0);
}

export function encodeSpray(level: number): HwWrite {
  return encodeSwitch(0x24, level !== 0);
}

// ------------------------------------------------------------------ handler

const SUPPORTED: ReadonlySet<OutputType> = new Set<OutputType>([
  ...MOTOR_TYPES,
  'Constrict',
  'Temperature',
  'Led',
  'Spray',
]);

class JoyHubHandler implements ProtocolHandler {
  /** Ticks left until the lube pump is switched off; 0 = nothing pending. */
  #sprayTicksLeft = 0;
  readonly tickMs?: number;

  constructor(hasSpray: boolean) {
    // Only the one model with a lube pump needs a timer.
    if (hasSpray) this.tickMs = SPRAY_TICK_MS;
  }

  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[] {
    const writes: HwWrite[] = [];
    let motorsSent = false;
    for (const c of changed) {
      switch (c.type) {
        case 'Vibrate':
        case 'Rotate':
        case 'Oscillate':
          // One packet carries every motor: send it once per flush, built from the current table.
          if (!motorsSent) writes.push(encodeMotors(motorSlots(current)));
          motorsSent = true;
          break;
        case 'Constrict':
          writes.push(encodeConstrict(c.feature, c.value));
          break;
        case 'Temperature':
          writes.push(encodeTemperature(c.value));
          break;
        case 'Led':
          writes.push(encodeLed(c.value));
          break;
        case 'Spray':
          writes.push(encodeSpray(c.value));
          this.#sprayTicksLeft = SPRAY_CANCEL_MS / SPRAY_TICK_MS;
          break;
        default:
          break;
      }
    }
    return writes;
  }

  tick(): readonly HwWrite[] {
    if (this.#sprayTicksLeft === 0) return [];
    this.#sprayTicksLeft--;
    return this.#sprayTicksLeft === 0 ? [encodeSpray(0)] : [];
  }
}

function motorSlots(current: ReadonlyMap<string, OutputCommand>): number[] {
  const slots: number[] = [];
  for (let i = 0; i < MOTOR_SLOTS; i++) slots.push(currentOf(current, i, MOTOR_TYPES));
  return slots;
}

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, SUPPORTED, 'JoyHub');
  for (const f of device.features) {
    const motor = MOTOR_TYPES.some((t) => f.output?.[t] !== undefined);
    if (motor && f.index >= MOTOR_SLOTS)
      throw new Error(
        `JoyHub motor feature ${f.index} of ${device.config.name} has no slot in the motor packet`,
      );
  }
  return new JoyHubHandler(device.features.some((f) => f.output?.Spray !== undefined));
}

// ------------------------------------------------------------------ database entry

const NAMES = [
  'J-Ringstar',
  'J-RapidTwist2',
  'J-Melody',
  'J-Virtuoso',
  'J-Pathfinder3',
  'J-RoseLin',
  'J-Viele',
  'J-Pearlconch',
  'J-PearlconchL',
  'J-PetiteRose',
  'J-MoonHorn',
  'J-VibTrefoil',
  'J-Panther',
  'J-Mecha',
  'J-Lagoon',
  'J-Firedragon',
  'J-Dina',
  'J-Vbarbie3f',
  'J-CHERLY2c',
  'J-Pathfinder2',
  'J-Pathfinder',
  'J-VibRipple',
  'J-Verax',
  'J-Verax2',
  'J-Euphoric2',
  'J-ROSEBUD',
  'J-Morningbuds2',
  'J-Rhythmic4',
  'J-Virtuoso2',
  'J-Dyllis',
  'J-Flamewing',
  'J-VelvetRabbit',
  'J-VividPulse',
  'J-VioletVine',
  'J-VibSiren2',
  'J-Veemy',
  'J-Fabledragon',
  'J-Faunus',
  'J-VortexTongue2',
  'J-Torin',
  'J-VBarbiep',
  'J-Vbarbie',
  'J-Viball',
  'J-Vase',
  'J-Vortex2s',
  'J-Royaleye',
  'J-VBarbie2t',
  'J-Pau',
  'J-Petalwish3',
  'J-Marshal',
  'J-Piet2',
  'J-Vince',
  'J-Dallin',
  'J-Mace2',
  'J-Verax4',
  'J-Palmyra',
  'J-Maiden',
  'J-Viele3',
  'J-Xylia',
  'J-Troi',
  'J-Tanmouth',
  'J-Marcela',
  'J-Vita',
  'J-LACH',
  'J-Markel',
  'J-Pipes',
  'J-Vigo',
  'J-Petalwish2',
  'J-VortexTongue',
  'J-Velocity',
  'JOYHUB-ROSELLA2',
  'J-VibSiren',
  'J-ElixirEgg',
  'J-RetroGuard',
  'J-TrueForm',
  'J-TrueForm3',
  'J-Rhythmic2',
  'J-Rhythmic3',
  'J-Mysticolor',
  'J-VividWings',
  'J-Rainbow',
  'J-BlackBull',
  'J-Peacock',
  'J-Mariner',
  'J-Mace',
  'J-MarsLion',
  'J-Tarian',
  'J-Pul',
  'J-Euphoric',
  'J-Euphoric3',
  'J-Torrian',
  'J-Rayen',
  'J-ROSELLA3',
  'J-Mackay',
  'J-Rowdy3',
  'J-Eclipse',
  'J-DukeDazzle2',
  'J-Scarlett',
  'J-Tarik',
  'J-UricaGuard2',
  'J-Viva',
  'J-Ryden',
  'J-Mars',
  'J-MarsLion2',
  'J-Myrna',
  'J-Vase2',
  'J-Martino',
  'J-Enam',
  'J-Viv',
  'J-Vivara',
  'J-Explorer2',
  'J-Derik',
  'J-Peachy',
  'J-Divers',
  'J-VioletGale',
  'J-Vellum',
  'J-Torque',
  'J-Mighty',
  'J-MowgliII',
  'J-Pinhead',
  'J-Victor',
  'J-Mirage3',
  'J-Maelstrom',
  'J-Dodge',
  'J-Pyt',
  'J-Perseus',
  'J-Pogo',
  'J-Pyro',
  'J-MaxSensr',
  'J-Diego',
  'J-RoseVore',
  'J-Rosethorn2',
  'J-Pak',
  'J-VeeLips',
  'J-Veeva2',
  'J-Punch',
];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    ffa0: { tx: 'ffa1' },
  },
});

const DEFAULTS = defaultsFromRow('JoyHub Device', '53cf03db-266d-46c1-964e-0ef505a64200', [
  [0, 'V255', 'fc2f0fc2-fb75-4eee-b92b-20eaf7cc9a1e'],
]);

const CONFIGS: readonly ConfigRow[] = [
  ['JOYHUB-ROSELLA2', 'JoyHub Rosella 2', '5b78e797-3ff6-4ca8-be15-28a1f3983dca'],
  ['J-Velocity', 'JoyHub Velocity', 'bc35f659-b67b-4df5-afdd-46053c2a5366'],
  ['J-ElixirEgg', 'JoyHub ElixirEgg', '6cbbce9e-6154-4260-8d2c-69cc52edd2ee'],
  ['J-RetroGuard', 'JoyHub Retro Guard', '481344d5-9edd-48c4-8867-d0d639648d09'],
  ['J-TrueForm3', 'JoyHub TrueForm 3', '5a3c541a-2924-44cc-a92d-d48b58cf0159'],
  ['J-TrueForm', 'JoyHub TrueForm', '6368a677-6c33-4765-8baf-1cd0cd4bb06e'],
  ['J-Rhythmic2', 'JoyHub Rhythmic 2', '46533dc6-6f1b-4b17-9f31-06b076f417d6'],
  ['J-Rhythmic3', 'JoyHub Rhythmic 3', '1a5dd035-8107-4db3-924d-503113b1c600'],
  [
    'J-Rainbow',
    'JoyHub Rainbow',
    '907042dc-2681-46a0-9a49-3b8564faa41a',
    [
      [0, 'V255', '24a7fa13-8a0a-462c-9414-b673edac3edf'],
      [6, 'L1', '4f8c159e-667c-400f-ae67-b030d1f364d7'],
    ],
  ],
  ['J-BlackBull', 'JoyHub Black Bull', 'b92595de-f564-4298-a444-9c8bd1a2c7f9'],
  [
    'J-Peacock',
    'JoyHub Peacock',
    '1b560be9-462d-4e08-adb5-2a38690e6ab2',
    [
      [0, 'V255', 'ab7538db-d2a0-4dc6-92fa-68dbab9fd42f'],
      [6, 'L1', 'ddf87591-51ac-44b9-adff-288bd5e4b386'],
    ],
  ],
  ['J-Mace', 'JoyHub Mace', 'b67fe066-44ff-41be-983d-0ed3e4a7b3ee'],
  ['J-Tarian', 'JoyHub Tarian', '609b9d5a-45c2-4f6d-a396-34f21e932c12'],
  ['J-Euphoric', 'JoyHub Euphoric', 'c2aea3e0-551b-4e7f-90e6-819878ad6aec'],
  ['J-Euphoric3', 'JoyHub Euphoric3', '4b936259-c2d8-4459-9824-5992c0c22430'],
  ['J-Torrian', 'JoyHub Torrian', 'a0a65312-dc6a-4e7b-a5cb-b1b8499df070'],
  ['J-Rayen', 'JoyHub Rayen', '08956682-7cf2-4a01-85d7-7132f8b0690e'],
  ['J-Mackay', 'JoyHub Mackay', 'add6c7a5-7a3f-4d3d-abac-da7f9b498ef2'],
  ['J-Rowdy3', 'JoyHub Rowdy 3', 'f175684d-3bc2-4c8a-a36b-b68275602179'],
  ['J-Eclipse', 'JoyHub Eclipse', '26bab7e2-0a38-4790-bdf0-8d9e1927106a'],
  ['J-Scarlett', 'JoyHub Scarlett', 'd7176dba-ce2b-4395-bf26-1b8ab653d8b5'],
  ['J-Tarik', 'JoyHub Tarik', 'f6b8c5db-eca9-4041-9e07-48521ed3a55f'],
  ['J-Derik', 'JoyHub Urica Guard', '7252d5cc-5f1c-49ca-b2c8-49d7502c1f6b'],
  ['J-UricaGuard2', 'JoyHub Urica Guard 2', 'a2f973ff-e6cd-4b70-a711-2b24f2d03b6d'],
  ['J-Viva', 'JoyHub Viva', '6d3ee1c9-0452-4a01-8f73-75d196179e5c'],
  ['J-Ryden', 'JoyHub Ryden', '25ef0abd-31ed-497f-8fc0-ea374f600ee7'],
  ['J-Peachy', 'JoyHub Peachy', 'eda4e5c4-4a91-4260-a14b-570926e346f6'],
  ['J-Enam', 'JoyHub Enam', 'b1aa4a71-1346-43c4-9de3-7ecc642607d5'],
  ['J-Viv', 'JoyHub Viv', '5a4c2185-67a9-4e15-862b-3c913aaecaad'],
  ['J-Vivara', 'JoyHub Vivara', '307496a5-a0e0-498e-b635-c6bc346cab1c'],
  ['J-Explorer2', 'JoyHub Explorer 2', 'f499492b-571c-4766-830c-c751706e280d'],
  ['J-Peachy', 'JoyHub Peachy', '38def4f2-5ec4-4466-a3e3-d7a9e35f4a2b'],
  ['J-Divers', 'JoyHub Divers', '44372cb8-208a-4d11-afc7-88ee69bf65fd'],
  ['J-VioletGale', 'JoyHub Violet Gale', '167a92b5-2e79-448d-9988-a1f7673dafe9'],
  ['J-Vellum', 'JoyHub Vellum', 'a168338f-a110-4485-94b4-8f2186a0f4b0'],
  [
    'J-Petalwish2',
    'JoyHub Petalwish 2',
    '904ef5c8-7030-4c2f-9c12-d69154ab10c3',
    [
      [0, 'O255', '0d5685ae-95ea-4d2d-849e-b75b7354bc35'],
      [2, 'V255', 'e092343a-c826-4bc8-a579-e179b50cf65e'],
    ],
  ],
  [
    'J-VortexTongue',
    'JoyHub Vortex Tongue',
    'c85fd4cf-5bc1-4300-9cb8-a4db4fa8b85f',
    [
      [0, 'V255', '95313411-9fb3-4df9-b672-c7279ca7d243'],
      [1, 'R255', '042a4817-348c-4595-9fbc-463ffa903041'],
      [4, 'C3', 'd2f66bd3-96c4-4377-b1f5-45a2f3d99c9e', 'Air Pump'],
    ],
  ],
  [
    'J-VibSiren',
    'JoyHub VibSiren',
    '380428d0-73a4-4437-bf48-fb6b26663d1d',
    [
      [0, 'V255', 'd03ea16f-3126-469d-bf85-843a7c6e2cf6', 'External vibrator'],
      [1, 'V255', 'cd3828ee-8fe0-4214-acce-9fc4aac9ea46', 'Internal vibrator'],
      [2, 'O255', '115ec3d5-df22-474a-aa5a-32236fcb517e'],
      [6, 'T1', 'c99ebac0-a315-45a1-8403-562c79b37f1d'],
    ],
  ],
  [
    'J-Mysticolor',
    'JoyHub Mysticolor',
    '1ca6396e-bee2-42c8-901c-82e975998085',
    [
      [0, 'R255', 'a7a34c6b-5d77-4a38-9708-780ba97cd34f'],
      [4, 'C7', '7891e1b3-82c3-4e83-936c-2a156f2ba826', 'Air Pump'],
    ],
  ],
  [
    'J-VividWings',
    'JoyHub Vivid Wings',
    '576095da-d4a5-4f19-9b14-6244cbfe8096',
    [
      [0, 'V255', '686761a8-fcc9-4a41-9725-045d5cb0dae9'],
      [2, 'O255', '21c831d4-0956-4b9b-a90e-31a545a89708'],
    ],
  ],
  [
    'J-Mariner',
    'JoyHub Mariner',
    '67ed28b9-c0fe-4155-b7b8-3829ec12a485',
    [
      [0, 'R255', '439bea28-4c09-4b81-8dd5-dce2ec31781e'],
      [4, 'C2', '9f386242-41a2-4c86-9167-db6c58840cc7', 'Air Pump'],
    ],
  ],
  [
    'J-MarsLion',
    'JoyHub MarsLion',
    '3f3b7c49-94b2-49b6-ba67-3e5539e204b9',
    [
      [0, 'V255', 'e43f723f-412d-4c75-8123-2483113a06a8'],
      [4, 'C5', '54e3da8e-7f97-46c7-8a1e-9fa549b877c2', 'Air Pump'],
    ],
  ],
  [
    'J-Pul',
    'JoyHub Pul',
    'db3efe9b-839c-495e-8c2e-b800b3125b36',
    [[0, 'O255', 'a9b7d261-2877-4214-a539-8ce30e038386']],
  ],
  [
    'J-ROSELLA3',
    'JoyHub Rose Love',
    'ca36d3a7-c305-45e3-b8f7-3106b36b233a',
    [[0, 'V255', '0d3b3010-d438-4899-b1c2-d81bff0c6714', 'Suction Vibrator']],
  ],
  [
    'J-DukeDazzle2',
    'JoyHub Edasich',
    '877a8e55-9f08-4bea-826c-20371ba57577',
    [
      [0, 'V255', '9fde0544-3307-4a4f-8abf-88ffb1dc3caf'],
      [2, 'O255', 'e0ca1697-1e42-4822-925c-691561916bee'],
      [6, 'T1', '3c6dd010-b9b5-4cb0-8e99-2f1ed4acfe9b', 'Heater'],
    ],
  ],
  [
    'J-Mars',
    'JoyHub Mars',
    'b4235543-7287-4698-a1e7-9d78c53d4c0a',
    [[0, 'O255', 'a4a079b4-6cf2-47fc-bfef-0f2921c243db']],
  ],
  [
    'J-Martino',
    'JoyHub Martino',
    '76d1ddf5-e46b-4912-bea1-a748ce28a18e',
    [[0, 'O255', 'b306148c-c1d9-4281-bae9-fe1ccd876399']],
  ],
  [
    'J-MarsLion2',
    'JoyHub Mars Lion 2',
    'e693fbe3-f697-446e-8fa2-87e99e9e8cb6',
    [
      [0, 'V255', 'b6ffc3b3-9e8a-46cd-82f2-97df7237be83'],
      [4, 'C5', 'ead93a87-9ad6-448f-a26a-cce980db265e'],
    ],
  ],
  [
    'J-Myrna',
    'JoyHub Myrna',
    'e6502f8e-73c3-4b1f-9080-4428d6670045',
    [
      [0, 'V255', '393dfa94-e3c8-4962-a053-c39e0447e420'],
      [4, 'C9', 'b6e89b8c-207d-4588-9fff-f71d42e1a1a5'],
    ],
  ],
  [
    'J-Vase2',
    'JoyHub Vase 2',
    'cd4e9b09-367e-4ac1-8571-4f0ff4ca8996',
    [
      [0, 'V255', '7e13af66-c20f-42b3-ba85-764a2cdeaca0', 'Biting lips'],
      [2, 'V255', 'f80dc564-7d53-4c6b-991e-ec18051a3207', 'Sideways flicker'],
    ],
  ],
  [
    'J-Pearlconch',
    'JoyHub Pearlconch',
    '7f324fea-ce2c-4e72-bfc2-b2227251a2c7',
    [
      [0, 'R255', 'ae8e847a-fbe2-4650-8c7e-372399981bac'],
      [1, 'V255', 'eb9b02b6-7902-4f4e-8a3d-ae9b6a77595d'],
    ],
  ],
  [
    'J-PearlconchL',
    'JoyHub Pearlconch L',
    'd91c5f72-7a5e-4a38-999a-3118a49ff6d4',
    [
      [0, 'R255', 'a696f55c-376d-4304-aaa4-c25013c4e20f'],
      [1, 'V255', '597375f8-9698-4c08-8d45-9d732b84b06e'],
    ],
  ],
  [
    'J-Piet2',
    'JoyHub Piet 2',
    'd2aa1980-7943-4c39-b66d-a2f0ba495ce5',
    [
      [0, 'V255', '00a0dfd6-93a3-40e9-a72f-8c182bb76b67'],
      [1, 'R255', '67e1286e-5572-4c3a-bf11-15f1161f3697'],
    ],
  ],
  [
    'J-Panther',
    'JoyHub Panther',
    '84323f4e-f5f0-48be-9504-cb2798702780',
    [
      [0, 'V255', '3d236d1d-51b3-4412-bba4-6fc959e5fddf'],
      [1, 'R255', '9307744e-0fcb-4a8a-a5cc-537b4d57c326'],
    ],
  ],
  [
    'J-PetiteRose',
    'JoyHub Petite Rose',
    'a8b1f6cd-6b86-488a-a21a-5715669134cc',
    [
      [0, 'V255', 'bb3a1f82-2b94-40b7-993b-375c77a92a4f'],
      [1, 'R255', '4b5e922d-f920-43eb-b6f9-2772a4c62496'],
    ],
  ],
  [
    'J-MoonHorn',
    'JoyHub Moon Horn',
    '46fe6203-6b1c-40c5-ba96-91748b35cdd7',
    [
      [0, 'V255', '12048627-fb6c-48af-8fd1-2ab5f40c59df'],
      [4, '', 'a83ebd95-c56d-462b-a5de-24859c8b876e'],
      [5, 'C9', '8b6ce43b-6b60-4497-9c5b-d2b48de13c13', 'Suction'],
      [6, 'T1', 'de6a3c95-b7b8-427e-9775-7c9fd612631f', 'Heater'],
    ],
  ],
  [
    'J-Mecha',
    'JoyHub Mecha',
    'cfb295b4-2110-4080-a405-e66edd7aa0f5',
    [
      [0, 'V255', '23b843f6-801e-48cb-b741-ecfb249ad6a0'],
      [4, '', '79711ccb-c38d-4fe9-8117-a5c8021198e7'],
      [5, 'C7', 'd67b7e66-080e-4d2c-bbb8-d6e38392961b', 'Suction'],
      [6, 'T1', 'de6a3c95-b7b8-427e-9775-7c9fd612631f', 'Heater'],
    ],
  ],
  [
    'J-Lagoon',
    'JoyHub Lagoon',
    '74ba519b-e31f-4708-8430-6bf0cdea42ac',
    [
      [0, 'V255', '4095e42c-1979-42c1-895f-033c3a348a3f'],
      [4, '', '8fd4f422-1916-4e62-9a4c-63fbf008e0f9'],
      [5, 'C5', 'c663c71c-befb-4ed1-bb81-d344ee61f3c0', 'Suction'],
    ],
  ],
  [
    'J-VibTrefoil',
    'JoyHub VibTrefoil',
    'f3b581da-64cd-4643-97d9-0d97683c26f3',
    [
      [0, 'V255', '8c5ab96c-da9e-419b-ae89-a775ee65fc6d', 'External vibrator'],
      [1, 'V255', '18af5f39-ea31-43d6-af1e-1b0073576294', 'Internal vibrator'],
    ],
  ],
  [
    'J-Firedragon',
    'JoyHub Firedragon',
    '1a1e5e28-5892-4f51-b236-9af6e190cb29',
    [
      [0, 'O255', '5bdbe9f5-8075-4afe-8df0-6a960030feeb'],
      [1, 'V255', '49429631-a654-4a44-bffe-58c0c2d5289a'],
    ],
  ],
  [
    'J-Dina',
    'JoyHub Deena',
    'bd517815-efb5-427d-88a1-edaff6b0ceba',
    [
      [0, 'O255', '32860a3d-7370-41ce-9183-046b4fb78f15'],
      [1, 'V255', 'c88be4c1-7aed-45b5-af68-1f6345d30acb', 'Internal vibrator'],
      [2, 'V255', 'bebeab4e-9bbd-4064-adb2-d704958c63b0', 'External vibrator'],
    ],
  ],
  [
    'J-Vbarbie3f',
    'JoyHub Cherly',
    'ed4f639b-e041-4258-ad8d-4f9ef5f850a7',
    [
      [0, 'V255', '08410e6a-b6f6-4bea-a570-9535407b946b', 'External vibrator'],
      [1, 'V255', '5a5dc25a-0859-4491-a092-814c71b33b67', 'Internal vibrator'],
      [2, 'O255', '52cc6b42-a1f1-4b8b-ab81-cde582ce1aa9'],
    ],
  ],
  [
    'J-CHERLY2c',
    'JoyHub Cherly 2c',
    '0b29424b-d609-4049-b206-831c00bd53c1',
    [
      [0, 'V255', '3b9cebe0-369d-4086-8a6c-c2d1fe0499a5', 'Internal vibrator'],
      [1, 'V255', 'de793e03-1879-40e3-aa8a-5b76a832a56d', 'Internal Whip'],
      [2, 'V255', 'ddec3601-be51-490c-a20a-df9a01def1a5', 'External vibrator'],
      [6, 'T1', '79d03d77-af13-4bd4-b291-ac96b58920f4', 'Heater'],
    ],
  ],
  [
    'J-Pathfinder2',
    'JoyHub Pathfinder 2',
    '5b6ebea4-e363-463d-9922-99add3a7c656',
    [
      [0, 'O255', '2dcf4211-6e27-413a-aa7a-bd9085edb9fe'],
      [1, 'V255', '0bde094e-f3d9-48d1-b076-56412838d1c9'],
    ],
  ],
  [
    'J-Pathfinder',
    'JoyHub Pathfinder',
    '828d5f2d-9381-4363-bb7e-ffa4964a0970',
    [
      [0, 'O255', 'b4564c01-12d0-44f9-b3cf-de53068d4692'],
      [1, 'V255', '881dc72c-b2a1-4b0e-9cf7-a351d7b27fe9'],
    ],
  ],
  [
    'J-VibRipple',
    'JoyHub Angela',
    '9f1be5fa-70c9-4853-bc11-1685304a0d86',
    [
      [0, 'V255', '788cb23d-d3c2-4a84-8114-1ee7df4fe367', 'External vibrator'],
      [1, 'V255', 'f70b48a2-75ab-44ca-98d3-3f11a2440698', 'Internal vibrator'],
    ],
  ],
  [
    'J-Verax',
    'JoyHub Verax',
    '07ce35bd-9fc9-4224-8809-13245fe1d3f0',
    [
      [0, 'V255', '36586dac-a0e5-45ce-a5d5-ff2ec6961e83', 'Internal Whip'],
      [1, 'V255', '76c2ca34-393d-407c-9ae8-954fcc6c13d1', 'Internal vibrator'],
    ],
  ],
  [
    'J-Verax2',
    'JoyHub Verax 2',
    '258d4904-2feb-4b68-b7fc-7dd4df687a9e',
    [
      [0, 'V255', 'be955fe4-d3af-4a0a-a4f9-0c2b3c3cddf7'],
      [1, 'R255', '763324b6-3056-497a-bd07-99c69780358a'],
    ],
  ],
  [
    'J-Euphoric2',
    'JoyHub Euphoric 2',
    'f09e8dde-475d-488e-bf21-60bf80f8d2ac',
    [
      [0, 'O255', '7a437340-eb86-450a-8db3-4c594a638d63'],
      [1, 'V255', '42504b4b-cd77-49c0-abb0-f2ddba7cda72'],
    ],
  ],
  [
    'J-ROSEBUD',
    'JoyHub RoseBUD',
    '40a2d620-719e-4d0f-abfc-ec3fa2fe9f92',
    [
      [0, 'V255', 'd4c00919-5cd0-434c-9164-62da64967ec8'],
      [1, 'R255', '727d8c05-7896-4812-9996-36decea2dd49', 'Flicker'],
      [5, 'C5', 'c9f73966-4777-4512-91c2-30349a0bd270', 'Suction'],
    ],
  ],
  [
    'J-Morningbuds2',
    'JoyHub Morningbuds',
    '10030c6e-d04d-4613-8feb-41748e638684',
    [
      [0, 'R255', '3ecaa10d-338b-4119-bd21-77d662cc1fd1'],
      [1, 'V255', 'f33780a7-56a9-4e8a-b05b-6f92ca0c1366'],
    ],
  ],
  [
    'J-Rhythmic4',
    'JoyHub Rhythmic 4',
    'da2596bc-b8c9-4a47-b671-20095ac1bcdb',
    [
      [0, 'O255', '77ff9786-c024-4755-af20-0b86a5165269'],
      [1, 'V255', '05de8ce7-24c5-4cb4-8162-5d57f9b46d26'],
    ],
  ],
  [
    'J-Virtuoso2',
    'JoyHub Virtuoso 2',
    'b73b29bf-5202-4c45-b292-b9a3d538bbb6',
    [
      [0, 'V255', '3391b4b5-a2f5-4bcd-9274-76e8586a4af6'],
      [1, 'R255', 'e06a6c43-a6ed-4e13-a49e-6375b8aab136'],
      [5, 'C3', '10ca15ff-70e6-4ec4-a258-d7ac8119c47a', 'Suction'],
    ],
  ],
  [
    'J-Dyllis',
    'JoyHub Dyllis',
    'a8278c49-58c3-416e-9ae1-072dcfe0f694',
    [
      [0, 'O255', 'aa769623-c0cb-41d2-bbfa-eb15348422f7'],
      [1, 'V255', 'e783132a-c6e1-4445-83e2-6ab985c2af66'],
      [6, 'T1', '70903377-5343-411c-9570-f3d763726b0b'],
    ],
  ],
  [
    'J-Flamewing',
    'JoyHub PhoenixGP',
    '1f6a2310-f773-40aa-8a93-bd83f7d78119',
    [
      [0, 'O255', '0c1cd9b2-a466-4807-a8be-5b2158a7b04d'],
      [1, 'V255', 'da7ca1ac-4c38-4cc6-aa88-737ff2d4be27'],
    ],
  ],
  [
    'J-Fabledragon',
    'JoyHub Fable Dragon',
    'ee76aeea-337d-44b8-9631-2bd8c8f2acda',
    [
      [0, 'O255', 'f20ff8eb-afc6-45c4-be6b-0b071141b1bc'],
      [1, 'V255', '52eb1885-853a-45f8-85a2-b43a18b79d89'],
    ],
  ],
  [
    'J-Faunus',
    'JoyHub Faunus',
    '8c4d26b6-f091-4e34-bf13-c6bc303712b5',
    [
      [0, 'O255', '06b57eb1-50f8-4393-908d-05628120bd14'],
      [1, 'V255', '5a4433de-c45c-46b6-9911-b17948daae74'],
    ],
  ],
  [
    'J-VelvetRabbit',
    'JoyHub Velvet Rabbit',
    '6eae28db-c885-454f-98d4-2e5683bb05d9',
    [
      [0, 'V255', '03b40869-05c1-4d17-9ebf-9566f7f2e9c9'],
      [1, 'V255', '9231af9e-98db-464a-931a-fe80bad3fcaf'],
    ],
  ],
  [
    'J-VividPulse',
    'JoyHub Vivid Pulse',
    '90caf141-3bee-4024-8d5e-cc854da852d0',
    [
      [0, 'V255', '66e6dd1e-6717-4f47-8868-de317e09b42a'],
      [1, 'O255', '7e8fc7f6-39c5-469c-b479-dcf85e8deeef'],
    ],
  ],
  [
    'J-VioletVine',
    'JoyHub Violet Vine',
    '4b0128a4-b849-4f60-a0b4-16ebe8500cfe',
    [
      [0, 'V255', 'd45e5cf6-fe20-4eb3-9c48-0c8ed6a4aad6'],
      [1, 'V255', 'fc78a0c8-262e-4b24-920e-8e91f38417c0'],
    ],
  ],
  [
    'J-VibSiren2',
    'JoyHub VibSiren 2',
    'e2eeccb0-2601-43d1-b1cc-b10234e0004d',
    [
      [0, 'V255', '904e3dfa-d69c-4e0e-9d50-9f119ff959f2'],
      [1, 'V255', 'ffc701ee-ec1b-42d1-8c99-9a755d595438'],
      [2, 'O255', '7fafb528-74f3-49df-af78-dc2b64e4bed1'],
    ],
  ],
  [
    'J-Veemy',
    'JoyHub Veemy',
    '873595ac-acdd-41b2-b162-74ca9776f0f8',
    [
      [0, 'V255', '53ef1d9b-4020-408d-8126-1d484448bccc'],
      [1, 'V255', '88fbe85b-a98a-4965-9f47-c69812fbc66f'],
    ],
  ],
  [
    'J-Viball',
    'JoyHub Viball',
    'e3646777-6550-4984-91bb-3cd738744494',
    [
      [0, 'V255', '9ac37f94-8129-4c09-83d2-bd2b0d4aae53'],
      [1, 'O255', 'fce9a8eb-f227-41f1-bb75-f6dc64573fc5'],
      [2, 'V255', 'ccecf0fc-e657-432a-8a68-ada09d396934'],
      [6, 'T1', '83f5e8e1-44c8-4a2a-820c-9197b9add2c6'],
    ],
  ],
  [
    'J-Vase',
    'JoyHub Vase',
    '24d26313-74a9-4515-945f-0f31edb3650a',
    [
      [0, 'V255', '0d80c22d-a8c4-4f7a-8ec0-0f912653b8a4'],
      [1, 'V255', '21fff2c0-5ccf-459c-9eea-02f95b3174a8'],
      [2, 'O255', 'c534acf2-bc28-4384-aa79-f70537b23ab8'],
    ],
  ],
  [
    'J-Vortex2s',
    'JoyHub Vortex 2s',
    'dbe616e2-478e-4e87-8f7b-4c86835502fe',
    [
      [0, 'V255', 'a0383ad8-05ae-4dae-be06-b384744499f3'],
      [1, 'V255', 'cddef660-59b2-4f4b-b9ec-16439cd7c12e'],
      [2, 'V255', '14c6efec-d40c-4f21-8459-67a11c079c2d'],
    ],
  ],
  [
    'J-VortexTongue2',
    'JoyHub Lips',
    '83956181-5ebd-4251-bc92-4b10f9bec1f4',
    [
      [0, 'V255', 'e72404a7-9f94-4074-bf3c-40ba5e2a4fbf'],
      [1, 'R255', '25ceb7c6-0dfd-415e-aa74-b1f4ac49d031'],
      [5, 'C3', '4bda889f-f1b5-4293-8bd8-f05e30ac188c', 'Air Pump'],
    ],
  ],
  [
    'J-Torin',
    'JoyHub Torin',
    '985e3726-cc4d-4059-972d-654af41a5947',
    [
      [0, 'V255', '051de0d3-5d2f-4a04-8f4c-a9a6747b2cd1'],
      [1, 'V255', 'ac0377fa-a7c2-4d5b-bbcc-402d378a1343'],
    ],
  ],
  [
    'J-VBarbiep',
    'JoyHub VBarbie p',
    '1347963d-6bad-41c5-bf3a-314980e3316b',
    [
      [0, 'V255', '38c3e4ae-0de5-4e17-9d7a-2e639c293aeb'],
      [1, 'V255', '95db76e1-abc0-4774-a588-9092615291e7'],
      [6, 'T1', 'e0960a02-fcc5-4644-b2da-ad63d919c40e'],
    ],
  ],
  [
    'J-Vbarbie',
    'JoyHub VBarbie',
    '73a6f6a2-1fb0-45b0-b379-89eac6aefae5',
    [
      [0, 'V255', '058349cf-49ea-453d-8fbd-0b13e880c301'],
      [1, 'V255', '0cbd4cd8-3a5d-4528-b49a-05f199828155'],
      [6, 'T1', 'ae59166a-9c6c-434c-aa30-a5197a65e7ab'],
    ],
  ],
  [
    'J-Royaleye',
    'JoyHub Royaleye',
    '6f05cc4a-adb1-402d-a392-daa120223257',
    [
      [0, 'V255', '6ee6fa8a-a6a3-4131-8ea9-c35909999167'],
      [1, 'V255', '06a656af-181b-4fa3-94e2-4aa0115cfbc9'],
    ],
  ],
  [
    'J-VBarbie2t',
    'JoyHub Norma',
    '2e417090-ec06-4039-8e60-bf497cec3257',
    [
      [0, 'V255', 'd314083c-0588-46ae-aecb-9695305c3439'],
      [1, 'V255', 'e8afb080-dd64-418a-a07a-197bc6779a9e'],
      [2, 'O255', '9c9a7901-540d-44b1-ba38-0c8e794e1d9b'],
      [6, 'T1', '0e1c23a5-3d69-4ae0-ba1a-cfc76c4c52b2'],
    ],
  ],
  [
    'J-Pau',
    'JoyHub Pau',
    'd693dc6b-3b7a-4ff0-8990-1a10f884ddc4',
    [
      [0, 'O255', '63355e3e-edef-4317-a679-89b85ced0f4a'],
      [1, 'V255', 'a159d6eb-2e95-4d4b-b74d-537cc77cf7b1'],
    ],
  ],
  [
    'J-Petalwish3',
    'JoyHub Petalwish 3',
    'cb6f0926-32bd-4b48-8676-4cd6df9123a4',
    [
      [0, 'O255', 'fe2531e3-3815-4110-9022-06f7f4aa44aa'],
      [1, 'V255', '5930bf48-ec9a-4914-b110-47d7e13ddbaf'],
    ],
  ],
  [
    'J-Marshal',
    'JoyHub Marshal',
    'a4d28447-2535-415b-aaab-ebe3ee2e92ba',
    [
      [0, 'V255', '29a272ab-f6b6-4a90-ad84-7c21846d7164'],
      [4, '', '2ea22d54-0da1-491b-8c02-9823d9126d75'],
      [5, 'C9', '485b9a41-05d4-440a-a3a4-a3b2bf1ee693', 'Air Pump'],
    ],
  ],
  [
    'J-Vince',
    'JoyHub Vince',
    '6dd6c377-c35d-4300-a892-4aace5589ec5',
    [
      [0, 'V255', 'b8bf1392-8a84-4647-a833-be03de144b0a'],
      [1, 'V255', 'e983d64e-411e-486f-8695-76b4e57b3bd1'],
    ],
  ],
  [
    'J-Dallin',
    'JoyHub Dallin',
    'b559b1ec-d336-45bb-b6e6-cc22344eefd7',
    [
      [0, 'O255', '8412021b-0962-4469-b45e-0a59f3272ad0'],
      [1, 'V255', 'bbc10f1c-171a-4f14-b6e4-520dda5df19f'],
      [6, 'T1', 'e4e0597f-7cbe-4f80-9f71-3f475cacfb27', 'Heater'],
    ],
  ],
  [
    'J-Mace2',
    'JoyHub Maynor',
    'd418dd65-6f41-4af4-a04d-4b343ec778ab',
    [
      [0, 'V255', 'f79abcb3-666d-4ba4-b6d3-9cff722b8a1f'],
      [4, '', '47c40ef0-f8da-43cd-9c58-58dc2de95683'],
      [5, 'C9', '92fb7f24-e7a2-4bdd-8c93-27610ba1f45d', 'Air Pump'],
      [6, 'T1', '2a88a8fa-f765-4a9c-a2ee-3049256e135d', 'Heater'],
    ],
  ],
  [
    'J-Verax4',
    'JoyHub Verax 4',
    '2a5abb95-efac-45e0-9f56-9fb9f1c9f274',
    [
      [0, 'V255', '9ee6b8e0-a694-4c22-8a82-3fc01f60f99c'],
      [1, 'V255', '514ec2f4-2a2b-4c1e-9eb3-eed3b67c2951'],
      [2, 'V255', '905657e5-fda1-4f0b-9043-a7b3d760e7da'],
    ],
  ],
  [
    'J-Palmyra',
    'JoyHub Palmyra',
    '8fe7695d-60aa-4af5-92c2-364e8eebf076',
    [
      [0, 'V255', 'd7fed551-18b0-4da8-a8b0-596e93fc3e0b'],
      [1, 'O255', '33414af0-d5bc-461c-821f-54c43d85423b'],
    ],
  ],
  [
    'J-Xylia',
    'JoyHub Xylia',
    'bdc796d7-d029-4732-9d8d-037e421f19e8',
    [
      [0, 'V255', '8148b859-0acd-4749-a8f3-57ca82d4a156'],
      [1, 'O255', 'b1e1444f-e6d7-4045-8565-adff4f25eb87'],
      [6, 'T1', 'e35119ff-ec16-4748-aeb4-14ef508876f4'],
    ],
  ],
  [
    'J-Maiden',
    'JoyHub Maiden',
    'c5bd6fb4-b36f-4b3c-865c-943eab645f5e',
    [
      [0, 'R255', '90bf6a90-e1cb-4600-ad00-d4f29bfc4adb'],
      [4, '', '22443807-be73-410c-a4a8-275dd497f902'],
      [5, 'C5', '0663888b-60c0-491d-aa66-7ec4c2c57b08'],
    ],
  ],
  [
    'J-Viele3',
    'JoyHub Viele 3',
    '5a23e800-0b33-435b-9139-023533b92880',
    [
      [0, 'V255', '518d1ed4-3b91-4f56-bd29-b7af30598ef1'],
      [1, 'R255', 'f575f285-a104-4d0d-b5f7-414ea6d67433'],
    ],
  ],
  [
    'J-Troi',
    'JoyHub Troi',
    '01ba3988-0a1c-4afc-b6c7-1c19a2b15ac4',
    [
      [0, 'V255', 'f48cb279-cbe7-4857-8178-632bd0d1081c'],
      [1, 'V255', '3041d01a-fb7c-48c3-a302-e71d37f5a12e'],
    ],
  ],
  [
    'J-Tanmouth',
    'JoyHub Tanmouth',
    '192325d9-a343-4b9b-bd77-6d9b665a6988',
    [
      [0, 'V255', 'd2f033a7-0805-40e0-acc2-51d4bb635095'],
      [1, 'V255', 'a44ab42a-fb71-4120-b7a9-705181549ecb'],
    ],
  ],
  [
    'J-Marcela',
    'JoyHub Marcela',
    '1df39ccb-a6d2-41d5-906e-14a42bbd96ed',
    [
      [0, 'O255', 'aab23df2-2530-488b-8d1a-3bc6429409ae'],
      [1, 'V255', 'cfe637a9-7024-4aa0-9b97-55815f082332'],
    ],
  ],
  [
    'J-Vita',
    'JoyHub Vita',
    '1a066cb3-b758-48d2-9296-4dec65115e9a',
    [
      [0, 'V255', 'e3308e8e-c0ba-4cf8-a3b3-26cbbea3bea5'],
      [1, 'R255', '95ebe9f7-ad90-4627-bfcc-4ee1f1fdfdba'],
      [2, 'O255', 'ad45f3ec-513d-423e-a60f-57765c5a07b0'],
    ],
  ],
  [
    'J-LACH',
    'JoyHub Lach',
    'e309c90f-c63a-4883-af14-4a69e899cf12',
    [
      [0, 'V255', '33aa95b4-e36d-4af8-9de7-cc6447afd03d'],
      [4, '', 'f06bae9a-a0e3-4f63-969f-6c6ffcc96b97'],
      [5, 'C5', '5ee461b4-770f-4686-bd6c-c13f12ab0f54'],
    ],
  ],
  [
    'J-Markel',
    'JoyHub Markel',
    'd818b1e1-4270-4e38-8b07-d723c0a97e31',
    [
      [0, 'O255', '90cfdc1e-9bc5-49f9-8993-058f85e5e082'],
      [2, 'V255', '22e539e8-4bf0-49e9-883c-112a2d51ea60'],
      [5, 'C9', '2cb024d3-33be-4369-bb0c-4c61cc39c62e', 'Suction'],
    ],
  ],
  [
    'J-Pipes',
    'JoyHub Pipes',
    '641296fe-8ccc-4a63-8487-790dd419321e',
    [
      [0, 'R255', '558425ee-cf28-48bf-b08f-12568cd3b3ee'],
      [1, 'V255', '8c8f8f70-e814-4a0e-aa5c-b06b53a9ab80'],
    ],
  ],
  [
    'J-Vigo',
    'JoyHub Vigo',
    '398a3a62-3bba-433e-80ad-50d129b695db',
    [
      [0, 'V255', '89a3e300-3640-4a11-99e4-6585dce725a4'],
      [1, 'V255', 'a23b9a72-7b22-42ec-ab7d-7936d7141689'],
      [2, 'O255', '1e6c3008-5efc-4dd1-bee5-95e7e0b016ad'],
    ],
  ],
  [
    'J-Torque',
    'JoyHub Torque',
    '5266591c-7cee-473c-ae96-a9253be79cc4',
    [
      [0, 'V255', 'a0be3d5f-e6f3-4c0b-ba69-1c872b918485'],
      [1, 'R255', '0b616fad-e802-43ff-b5b2-78ba0233acc6'],
    ],
  ],
  [
    'J-Mighty',
    'JoyHub Mighty',
    '2a0798ba-a2e3-48ce-82ab-335fb03d44a9',
    [
      [0, 'O255', '6f2e25ae-d5f0-4823-a8db-9072e8e6a0d4'],
      [1, 'R255', '9b73399f-04a8-4a3b-9e65-b98e11a47f47'],
    ],
  ],
  [
    'J-Ringstar',
    'JoyHub Starfish',
    '40241a70-ecbd-4c08-8acf-8ee70e7b5d55',
    [[3, 'O255', 'd0e55c39-6f42-4311-87b8-81741f416bb4']],
  ],
  [
    'J-RapidTwist2',
    'JoyHub Resi Ring 2',
    '4611fa22-18b8-46fe-bece-070e24e1b9e8',
    [[3, 'O255', '207c6bd2-77e3-41f1-8ecf-f83e2b863b23']],
  ],
  [
    'J-RoseLin',
    'JoyHub RoseLin',
    'cea67021-dff3-4012-88c0-321706408a55',
    [
      [0, 'V255', '95e495dc-7b4f-43fd-91ee-b7842f047f59'],
      [3, 'R255', '0f6f75c5-66e8-4293-9ee0-50af9ecfc1b0'],
      [4, 'C4', '487bb0bd-af93-40ff-a92c-6e18772e707f', 'Suction'],
    ],
  ],
  [
    'J-Viele',
    'JoyHub Viele',
    '7c5a1ffd-3228-4513-a180-115c94983eac',
    [
      [0, 'R255', 'c731fe0b-3216-428a-9cc5-8e8f2fa21275', 'Internal Simulator'],
      [2, 'V255', '5462e403-9c83-429f-9dd5-db099f18e4e8', 'Internal Whip'],
      [3, 'V255', 'f4407e47-4094-41c6-95b8-41f7c20e0f04', 'Internal Vibrator'],
    ],
  ],
  [
    'J-MowgliII',
    'JoyHub Mowgli II',
    '61c8d9e2-7561-4fff-aef1-c576b57a8a18',
    [
      [3, 'R255', '4e3b6192-d5dd-4fcf-b307-7487ca18fc1b'],
      [4, 'C7', 'f272232f-a549-4a08-9b94-0587e2d4f467'],
    ],
  ],
  [
    'J-Virtuoso',
    'JoyHub Virtuoso',
    'fa5a696c-780f-4763-9af2-a619cbae330c',
    [
      [2, 'R255', '2c03096f-8fd6-4c80-84ba-d07936f76928'],
      [4, 'C1', 'e9e32817-2cc1-4365-baa6-054fb7f6aa74', 'Suction'],
    ],
  ],
  [
    'J-Pathfinder3',
    'JoyHub Pathfinder 3',
    '6e782468-f084-442a-936f-27d7abd5f840',
    [
      [0, 'O255', '3e00301a-c942-4b8d-8f49-fe2af7ecf0b6'],
      [2, 'V255', 'b91f2775-f628-43c4-bd04-a8844f74d4e1'],
    ],
  ],
  [
    'J-Perseus',
    'JoyHub Perseus',
    'c31f74b8-c859-47ab-8b1c-66745cb11355',
    [
      [0, 'O255', '12f36e6d-e9ce-439c-b6f5-3f80a4f4b47d'],
      [2, 'V255', '94025679-badf-49bb-a247-1dab022d9204'],
    ],
  ],
  [
    'J-Melody',
    'JoyHub Melody',
    '2c33b13e-9d00-4823-bc5b-fda18dbd3691',
    [
      [1, 'V255', '9fbf30f4-3f0d-4377-a232-55132d023d11'],
      [5, 'C9', 'a38653c9-c245-4c98-86c9-3c0da68d646c', 'Suction'],
      [6, 'T1', '8a6b866f-8e6b-48ad-95ba-c6317c3a76ee', 'Heater'],
    ],
  ],
  [
    'J-Pinhead',
    'JoyHub Pinhead',
    '60582f6f-0017-4d08-98f9-2f6a3ff6b6fd',
    [
      [0, 'O255', '04f025cd-0181-4c64-bd02-4dd4ea5b6194'],
      [2, 'V255', '84aa2133-189c-42bb-8e88-3e418e22e51c'],
    ],
  ],
  [
    'J-Victor',
    'JoyHub Victor',
    '9c3a767a-b227-4993-a56d-e7aa2efdba35',
    [
      [0, 'V255', 'c44d3eca-eed7-4e9e-8752-43d9fbd370eb'],
      [1, 'R255', '49456548-0a3b-4f0a-8aab-1b892f198d1d'],
    ],
  ],
  [
    'J-Maelstrom',
    'JoyHub Thermos',
    '7b440f5f-3d18-49a4-a1da-1d0a164d0d7a',
    [[0, 'O255', '3401ff95-984d-4661-be3c-e473efe92f01']],
  ],
  [
    'J-Mirage3',
    'JoyHub Mirage 3',
    'c3efbec1-44f4-49de-88a1-f232873215a3',
    [
      [0, 'R255', 'a0d03e23-8751-4851-862c-ab292a6452d5'],
      [3, 'V255', '1a2a3afe-ba4f-400b-aa3b-50c1e284f069'],
      [5, 'C7', '511da9f2-b954-484e-bf98-44c9d1be15da'],
    ],
  ],
  [
    'J-Dodge',
    'JoyHub Dodge',
    '2d9730d2-272b-489a-a525-22a9a5ce15dd',
    [
      [0, 'O255', '0f684f33-7e8a-476d-a743-c90679f1dcbd'],
      [1, 'V255', '78d004f2-35c4-4e62-a31d-945015241153'],
      [7, 'S1', '4f24b8c1-9508-4ebc-9bba-2077b8bd26f0'],
    ],
  ],
  [
    'J-Pyt',
    'JoyHub Pyt',
    'd5bd0e69-7bdc-4ad7-80ab-6c7a2255208f',
    [
      [0, 'V255', '7edb7f9a-78f3-4afb-8441-d3c8ad5d790c'],
      [1, 'O255', '4dd04a7e-38ac-45a0-966d-c8ba652dc1d2'],
    ],
  ],
  [
    'J-Pogo',
    'JoyHub Pogo',
    '53ce5d2f-d0c9-448b-8df5-4f739bd44a4b',
    [
      [0, 'V255', '96f2b666-1663-4b59-83a3-5b9f95097095'],
      [1, 'O255', 'ddff38ef-a553-4e6a-85cd-40a1143452f5'],
    ],
  ],
  [
    'J-Pyro',
    'JoyHub Pyro',
    '682796f5-1855-4f5c-ac58-c7a41b9f80dd',
    [
      [0, 'V255', '304f0407-7de2-4c6f-adfc-079c61044315'],
      [1, 'R255', 'b7471ca3-cbd9-4caf-affd-54865699f439'],
    ],
  ],
  [
    'J-MaxSensr',
    'JoyHub MaxSensr',
    '6760c297-4a6a-4b0b-b14f-6151b96fc6a0',
    [
      [0, 'V255', 'dab7bb9f-eb4a-438a-a258-38ca4681e90a'],
      [1, 'O255', '32e2e5ba-18d5-458f-ad3e-1a2a2d843d37'],
      [4, 'C7', 'f0d063d7-7f65-433d-8a05-2c77feae822c'],
    ],
  ],
  [
    'J-Diego',
    'JoyHub Diego',
    'd862601d-1567-48c3-9dd8-bd4596a6657e',
    [
      [0, 'O255', '606f197a-5b57-40e0-b2a6-ff5e708e8dd2'],
      [1, 'V255', '9b714873-28ec-490c-a3e7-11b4a70dd74b'],
      [5, 'T1', '70802c01-4a36-40fe-bdc2-a9e162437566'],
    ],
  ],
  [
    'J-RoseVore',
    'JoyHub Rose Vore',
    '1939df4a-2041-4d8e-bf08-0f6144f54490',
    [
      [0, 'V255', 'ff39d6f4-d876-4701-9746-6c7bbe4db308'],
      [1, 'R255', '6753b978-3d72-4a35-a81c-c9a82b868509'],
      [4, 'C7', '1ce54e39-94cf-4fa8-8717-a31917eaa73a'],
    ],
  ],
  [
    'J-Rosethorn2',
    'JoyHub Rosethorn 2',
    '5b0614a8-857b-4d8f-b1ec-0d078d35c068',
    [
      [0, 'O255', '8e0414b6-87e2-4359-be06-aaf965d08e58'],
      [1, 'V255', 'e66e5331-26c9-4b6b-b2a3-f5d13e07a60c'],
    ],
  ],
  [
    'J-Pak',
    'JoyHub Pak',
    'fc64af3a-5ce1-4306-884f-80bfe3264390',
    [
      [0, 'V255', 'bf2f834c-8aeb-4256-aca6-aa8dab875335'],
      [1, 'V255', '250903cb-4f2b-42c5-89a9-56f7d5a022a6'],
      [2, 'O255', 'd4e5df1e-4a94-4046-8e15-426a50bbbd32'],
    ],
  ],
  [
    'J-VeeLips',
    'JoyHub VeeLips',
    '7cea69f0-7451-4a9b-91bc-30029c20daad',
    [
      [0, 'R255', 'c445c35e-ede0-41c8-a9a5-fdc149eaa749'],
      [1, 'V255', '8e352fda-af55-4f38-8c6a-b62765229b4f'],
      [2, 'V255', '242d7a8d-cc3b-47fe-ac22-58b2392d9f4e'],
    ],
  ],
  [
    'J-Veeva2',
    'JoyHub Veeva 2',
    'be0ffcb5-e529-4d6c-9002-1764631b1fb6',
    [
      [0, 'O255', '04a84dfd-d14b-46e1-90f8-db8d95bac592'],
      [1, 'V255', '48f551e8-7e1d-4705-a487-600105b9a6f4'],
    ],
  ],
  [
    'J-Punch',
    'JoyHub Punch',
    'bafdaacd-8e51-4779-9624-7b9af4a8a657',
    [
      [0, 'R255', 'bd5209de-3544-49c7-9c77-c612f958f78c'],
      [1, 'V255', 'd4fad572-2b04-4491-9ed0-97555053b5ce'],
    ],
  ],
];

export const JOYHUB_DEFINITION: ProtocolDefinition = {
  id: 'joyhub',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: configsFromRows(CONFIGS),
};

export const joyhub: ProtocolModule = {
  definition: JOYHUB_DEFINITION,
  createHandler,
};
