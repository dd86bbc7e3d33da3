// Galaku: obfuscated 12-byte frames on tx ("#", ten payload bytes, a checksum, each byte after the
// first mixed with a key table), battery level notified on a separate characteristic after a
// request frame. The Galaku Vision's controller (advertised "AC695X_1(BLE)") takes a plain 16-byte
// frame instead. Facts from the upstream device config (protocol "galaku") and galaku.rs.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { InputType, OutputType } from '../core/features.js';
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
import { bytesWrite, TX } from './shared/writes.js';

const BATTERY = 'rxblebattery';
/** The controller that takes plain frames (upstream galaku.rs, "caiping pump device"). */
export const PLAIN_FRAME_NAME = 'AC695X_1(BLE)';
/** Upstream waits for the battery notification without a bound; we stop here. */
export const BATTERY_TIMEOUT_MS = 2_000;
const OUTPUT_TYPES: readonly OutputType[] = ['Vibrate', 'Oscillate', 'Constrict', 'Rotate'];

// ------------------------------------------------------------------ frame obfuscation

/** Row = the previous obfuscated byte & 3, column = the byte's position (upstream KEY_TAB). */
// One table row per line, so an entry reads off by row and column: prettier may rewrap rows.
// prettier-ignore
const KEY_TABLE: readonly (readonly number[])[] = [
  [0, 24, 152, 247, 165, 61, 13, 41, 37, 80, 68, 70],
  [0, 69, 110, 106, 111, 120, 32, 83, 45, 49, 46, 55],
  [0, 101, 120, 32, 84, 111, 121, 115, 10, 142, 157, 163],
  [0, 197, 214, 231, 248, 10, 50, 32, 111, 98, 13, 10],
];
const FRAME_START = 0x23;

/**
 * "#" + payload + checksum (sum of all before it), then every byte after the first becomes
 * ((key ^ "#" ^ byte) + key) & 0xff, the key chosen by the previous output byte. Shared with
 * galaku-pump, whose frames are the same with another payload.
 */
export function galakuFrame(payload: readonly number[]): Uint8Array {
  const plain = [FRAME_START, ...payload];
  plain.push(plain.reduce((a, b) => a + b, 0) & 0xff);
  const out = new Uint8Array(plain.length);
  out[0] = FRAME_START;
  for (let i = 1; i < plain.length; i++) {
    const key = KEY_TABLE[out[i - 1]! & 3]![i]!;
    out[i] = ((key ^ FRAME_START ^ plain[i]!) + key) & 0xff;
  }
  return out;
}

// ------------------------------------------------------------------ encoders (pure)

/** One motor: payload 5a 00 00 01 31 speed 00 00 00 00. */
export function encodeSingle(speed: number): HwWrite {
  return bytesWrite(galakuFrame([90, 0, 0, 1, 49, speed, 0, 0, 0, 0]));
}

/** Two motors in one frame: payload 5a 00 00 01 40 03 a b 00 00. */
export function encodeDual(first: number, second: number): HwWrite {
  return bytesWrite(galakuFrame([90, 0, 0, 1, 64, 3, first, second, 0, 0]));
}

/** The Vision's plain frame: aa 01 0a 03 speed on, then ten zeros. */
export function encodePlain(speed: number): HwWrite {
  return bytesWrite([0xaa, 1, 10, 3, speed, speed === 0 ? 0 : 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
}

/** The battery request frame, payload 5a 00 00 01 13 00 00 00 00 00, written with response. */
export function batteryRequest(): Uint8Array {
  return galakuFrame([90, 0, 0, 1, 19, 0, 0, 0, 0, 0]);
}

// ------------------------------------------------------------------ handler

/**
 * Upstream sends the whole frame whatever output changed: one motor → its speed; two motors →
 * both, in feature order; it treats vibrate, oscillate and constrict alike. It has no rotate
 * handler, though the Rhino's second motor is configured as one: we drive it like the others.
 */
class GalakuHandler implements ProtocolHandler {
  constructor(
    private readonly motors: readonly number[],
    private readonly plainFrames: boolean,
  ) {}

  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[] {
    if (changed.length === 0) return [];
    const speeds = this.motors.map((f) => currentOf(current, f, OUTPUT_TYPES));
    if (speeds.length === 1) return [this.plainFrames ? encodePlain(speeds[0]!) : encodeSingle(speeds[0]!)];
    return [encodeDual(speeds[0] ?? 0, speeds[1] ?? 0)];
  }

  async readInput(hw: HardwareOps, _feature: number, type: InputType): Promise<readonly number[]> {
    if (type !== 'Battery') throw new Error(`Galaku has no readable ${type} input`);
    await hw.subscribe(BATTERY);
    const answer = hw.nextNotification(BATTERY, BATTERY_TIMEOUT_MS);
    answer.catch(() => undefined);
    await hw.write(TX, batteryRequest(), true);
    const data = await answer;
    return [data[0] ?? 0];
  }
}

const SUPPORTED: ReadonlySet<OutputType> = new Set(OUTPUT_TYPES);
// No handshake: only the advertised name, which picks the frame format.
function createHandler(device: ResolvedDevice, context?: HandlerContext): ProtocolHandler {
  requireOutputs(device, SUPPORTED, 'Galaku');
  const motors = outputIndexes(device.features);
  if (motors.length > 2)
    throw new Error(`Galaku frames carry at most two motors (${device.config.name} has ${motors.length})`);
  return new GalakuHandler(motors, context?.name === PLAIN_FRAME_NAME);
}

// ------------------------------------------------------------------ database entry

const NAMES = [
  'GX85',
  'GX07',
  'GX17',
  'GX21',
  'GX22',
  'GX16',
  'GX29',
  'GX23',
  'GX25',
  'GX26',
  'GK03',
  'GX39',
  'G321',
  'G304',
  'G336',
  'G331',
  'G326',
  'G335',
  'G341',
  'G355',
  'G349',
  'G407',
  'G204',
  'G171',
  'G12D',
  'G123',
  'G23A',
  'G336',
  'G23A',
  'A073',
  'GLMT',
  'G901',
  'G912',
  'G901',
  'G20B',
  'K112',
  'G202',
  'K118',
  'K107',
  'G203',
  'TXHL',
  'TXMM',
  'TXKL',
  'K108',
  'K109',
  'KWL2',
  'TFHL',
  'TFMM',
  'TFKL',
  'K120',
  'K12A',
  'K12C',
  'LL18',
  'CYX2',
  'RC31',
  'MD19',
  'QD48',
  'BGSF',
  'BGQS',
  'AX05',
  'DT01',
  'BGZY',
  'A531',
  'YXSJ',
  'G317',
  'G312',
  'G302',
  'G320',
  'G314',
  'G228',
  'G315',
  'G307',
  'K311',
  'G339',
  'G354',
  'G12B',
  'G29C',
  'G29D',
  'GKML',
  'G348',
  'G913',
  'G213',
  'TFF1',
  'G310',
  'K113',
  'G228',
  'G310',
  'TFF1',
  'D358',
  'G322',
  'D402',
  'G40A',
  'G403',
  'G43A',
  'K12B',
  'QCVW',
  'QCSW',
  'QCPW',
  'SN80',
  'BGCD',
  'TFG1',
  'GK27',
  'GX27',
  'GK25',
  'AC695X_1(BLE)',
  'GX33',
  'WSXK',
];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    '1000': { rxblebattery: '1002', tx: '1001' },
  },
});

const DEFAULTS = defaultsFromRow('Galaku Device', 'c1766383-def6-4bd0-b6ce-1e8f993fa6ae', [
  [0, 'V100', 'f650b5a9-7413-4ac9-b25e-863180daa04c', 'vibrate'],
  [1, 'B', 'd9c34cf9-5645-4e04-bf92-51e5df708417', 'battery Level'],
]);

const CONFIGS: readonly ConfigRow[] = [
  ['V415', 'Galaku Nebula', '53a117ec-0e2d-43ce-a77b-0ed4fbf82d07'],
  ['GX85', 'Galaku Shana', '6c62e478-d684-4c3a-9d74-0860be907a8e'],
  ['GX07', 'Galaku Miya', 'ccda61b7-8517-4d31-8ef6-a730b1a0ab9a'],
  ['GX17', 'Galaku Capsule lipstick', '0f24a925-bad8-48ec-9a35-887f78bc967d'],
  ['GX21', 'Galaku Vitality Cat', '9d8d0d14-1507-48ee-8b99-1b5cc6f4a67e'],
  ['GX22', 'Galaku Phantom X', '22e21fb8-c399-490f-9680-5abe44c46bc9'],
  ['GX16', 'Galaku Vitality Strawberry', 'c829fb46-4cf5-4034-bdea-2032e00a34c3'],
  ['GX29', 'Galaku Little Magic Box', 'aaa2d14e-2b93-46e5-87a0-c622f6f9c82b'],
  ['GX23', 'Galaku Little Whale', '859c82eb-9163-426c-90c4-4b567ff34e95'],
  ['GX25', 'Galaku Happy Vibrator', 'fffd1a38-2ac8-470a-bffb-70360a4099ba'],
  ['GX26', 'Galaku Xiaobao Beans', 'a2e6b3c3-8101-4ff7-8113-4d5c9641f557'],
  ['GK03', 'Galaku Capsule Vibrator', '28e47ecf-6a79-48c0-acd1-82ee75955836'],
  ['GX39', 'Galaku Ice cone miniAV stick', 'af836ee8-9c73-4759-80f4-d305a14e51c1'],
  ['G321', 'Galaku mini ice cream cone', '9b6a27bd-75d6-42c7-9a71-7f95807eb9c4'],
  ['G304', "Galaku Shia's Collar", 'a1042c91-cfa0-41b8-9afa-637599c076ac'],
  ['G336', 'Galaku The Second Generation of Vitality Bird', 'bae928b3-7ff5-45d1-b251-882812d5ef88'],
  ['G331', 'Galaku Octopus glans massager', '074ef604-51bf-4f0a-97ee-16508c582968'],
  ['G326', 'Galaku Alice', 'ca21391e-6aa2-4480-a1a5-c138318bf44c'],
  ['G335', 'Galaku Unicorn Butt Plug', 'd1a0cd58-1aa2-447c-bd7e-da471fdee5d8'],
  ['G341', 'Galaku Ace', '398c32ab-6498-4358-a25f-8553916719fd'],
  ['G355', 'Galaku Little cute turtle', '05dc7803-1513-48d9-9c2f-2719e8b71905'],
  ['G349', 'Galaku Little Bullet', '5e8a289b-9f5f-4865-9f92-d7bd06c68950'],
  ['G407', 'Galaku Joy Vibrator', '9cc769ed-e911-491b-b8ad-1a78ed8675fe'],
  ['G204', 'Galaku Bowling', 'e213ecfd-d0f9-44e1-9c17-d3d78f7c6216'],
  ['G171', 'Galaku Mixin Controller', '299b1c71-e7fc-426b-8d6f-0375685de6a8'],
  ['G12D', 'Galaku Hua Chao Brush', 'aa6c0314-58bc-4b83-b9d7-5988151b0c53'],
  ['G123', 'Galaku 花sai', 'ed5b32b5-79fa-4d74-8d44-3afc3e71fc38'],
  ['G23A', 'Galaku Dream Vibration', '9811b596-7c23-4f18-b0b6-895680d273b0'],
  ['G336', 'Galaku The Second Generation of Vitality Bird', '36d612d2-806c-49f5-85b6-0f291342ea34'],
  ['G23A', 'Galaku Dream Vibration', '83521db1-be7a-4ca6-be82-fe218dac73db'],
  ['A073', 'Galaku Joy Vibrator', 'd34943d6-709c-4972-97c8-ffa75c7ff005'],
  ['GLMT', 'Galaku Rogue Rabbit', '587af267-9322-4ac6-afe6-8dcd4217ced4'],
  ['G901', 'Galaku Suck the vibrator', '3ee263a4-1aa6-4b6c-8d09-b82d24df4017'],
  ['G912', 'Galaku Donut', '25528b16-8cfa-45d5-b8bc-cd238f2a0416'],
  ['G901', 'Galaku Suck the vibrator', '9593572e-e19d-4863-86ba-3e0542ad54fb'],
  ['G20B', 'Galaku Ballet Vibrator', '1d5f2345-034e-4d41-93a7-3d0ef80933e0'],
  ['K112', 'Galaku Donut', '52071636-ceb7-4f79-afb1-5d8af4dbf5a2'],
  ['G202', 'Galaku Flirting Pen', 'd9abd771-c3bc-449a-8c4a-06938231111d'],
  ['K118', 'Galaku Ball vibrator', 'bbb54012-bee5-451a-aea3-98f28ca695a9'],
  ['K107', 'Galaku Cyberpunk Airplane Cup', '104e8fcf-db34-4006-9a27-183ca2b8aaf5'],
  ['G203', 'Galaku Vitality Cute Pet', '48e98efa-7c01-4a8e-a0b5-f721799d78e0'],
  ['TXHL', 'Galaku Little gourd vibrating egg', '76ad7e0f-fcbf-4c21-b4f9-c2affe73355a'],
  ['TXMM', 'Galaku little kitten', '2c2a664d-851d-4686-b432-1e2eef36b713'],
  ['TXKL', 'Galaku Little Dinosaur', '7ab1f6e5-ed53-463c-8379-40db8fa580b4'],
  ['K108', 'Galaku Bell sucking', '43e3d3d0-0c9f-46c0-b44b-4d2739a43522'],
  ['K109', 'Galaku Ring vibration', '7ce8bdb5-eebc-44e8-9369-b8a9633a0365'],
  ['KWL2', 'Galaku Erection Booster', '9106168e-1758-424e-8713-7266b96cbf6d'],
  ['TFHL', 'Galaku Gyoyo-G (meaning Yue-little gourd)', 'b56b1b77-0174-47f6-8429-06f83a7c2382'],
  ['TFMM', 'Galaku Gyoyo (meaning joy)', 'c90795b9-355b-4cc3-b493-e63c92c4efe5'],
  ['TFKL', 'Galaku Gyoyo (meaning joy)', 'f73faf1a-dc8d-47a6-ba00-435aec9fbfb1'],
  ['K120', 'Galaku Pinky stick', '911b8708-8cc6-406b-8fca-f31dbecb8cbc'],
  ['K12A', 'Galaku Little Turtle Stick', '03a0ede5-fb62-4f5c-a3e9-c821a9afbfbf'],
  ['K12C', 'Galaku Xiao Xian Wan', 'd924b656-3e8e-4742-ab5e-cba345aa6c9b'],
  ['LL18', 'Galaku Mitang', '761d7fc2-ba70-4093-8bf7-f3e3ee1d639e'],
  ['CYX2', 'Secret Lover Simon', 'bdd69b72-0c3d-4c14-b923-accd305e9ccc'],
  ['RC31', 'Secret Lover Betty', 'e17ab832-ca1b-430a-b03a-c053c268407e'],
  ['MD19', 'Secret Lover Kevin', '546731c9-21c5-4bca-bb85-9fec1c3c627e'],
  ['QD48', 'Adorime Wearable Egg Vibrator', 'f4cdbb77-f674-49df-9b76-75d460179c69'],
  ['BGSF', 'Adorime Male Masturbator', 'c81608ec-36cc-4ca1-9a17-72e4e3ce020f'],
  ['BGQS', 'Adorime Penis Vibrator', '0c62c632-fbf1-43f1-b3ab-bff41ea88c3a'],
  ['AX05', 'Adorime Anal Vibrator', 'bce17a9d-1cfa-47e7-a6fd-6471896bb1d3'],
  ['DT01', 'Adorime Chastity Cage', 'deb3f920-40f7-4595-92b1-8877b0ef0636'],
  ['BGZY', 'Adorime Penis Helmet Vibrator', '67bc4304-d2c3-493f-aa57-de708361e615'],
  ['A531', 'Adorime Pink Touch', '5cfdd204-e0dd-4ec5-b133-205bd6ce660a'],
  [
    'G317',
    'Galaku Zaku Aircraft Cup',
    '58de185f-a52c-42e0-b06f-bb7a293a9d40',
    [
      [0, 'O100', 'f427019a-a136-45a0-a866-dac460d8770c', 'oscillate'],
      [1, 'V100', '0fa679ef-eb23-4b10-a456-dd1f99ed7dee', 'vibrate'],
      [2, 'B', '19ac04ae-9d77-4b3b-a706-5df8252569a7', 'battery Level'],
    ],
  ],
  [
    'G312',
    'Galaku Mecha',
    '8c3f6848-0c63-4a56-8f28-ffba313240e3',
    [
      [0, 'O100', '9a04b080-4956-499c-894d-d7538322160e', 'oscillate'],
      [1, 'V100', 'a8a8f9c0-f406-4b80-8c8e-3ff1bf9bff72', 'vibrate'],
      [2, 'B', '769865df-58b9-4d0f-8697-4ee78304a10c', 'battery Level'],
    ],
  ],
  [
    'G302',
    'Galaku Little Devil',
    '1f53344c-173d-4a00-abb4-623969d7b174',
    [
      [0, 'V100', 'c09c7502-7e42-49be-8620-44bf0dda08af', 'vibrate'],
      [1, 'V100', 'ccf2e0e7-4ade-4a9b-8b49-405653f72c7c', 'vibrate'],
      [2, 'B', '22792e4e-bf84-42d4-a1ec-cbffddd3d777', 'battery Level'],
    ],
  ],
  [
    'G320',
    'Galaku Athena',
    'e8c6ef4f-b574-4fa3-8887-df3415368621',
    [
      [0, 'O100', 'c86290fd-1271-45d3-98bf-bcd168a1948a', 'oscillate'],
      [1, 'V100', '70de4e79-4db7-45ee-a7c1-490cdf23bb33', 'vibrate'],
      [2, 'B', 'a6fb0d1b-9160-40ca-81a7-905776aeff83', 'battery Level'],
    ],
  ],
  [
    'G314',
    'Galaku Vitality Octopus II',
    'a8f4769e-945e-4f32-b2fb-1d15c6be62c6',
    [
      [0, 'V100', '75943039-8932-4a1c-af26-d1f075e78c01', 'vibrate'],
      [1, 'V100', '05804a02-980d-4380-b407-a30f56477f8e', 'vibrate'],
      [2, 'B', 'a104dc8a-7759-4dd9-8113-d3b450b24658', 'battery Level'],
    ],
  ],
  [
    'G228',
    'Galaku Little Dolphin',
    'ead84aad-7180-415d-8740-3a8c84be3fc9',
    [
      [0, 'V100', '7751e53b-a722-49e5-9534-5a5798de081c', 'vibrate'],
      [1, 'V100', '68d399dd-a3c9-4423-b244-d231c7e0a131', 'vibrate'],
      [2, 'B', '398eb416-b3d7-4f23-90ec-2f9fb05487f7', 'battery Level'],
    ],
  ],
  [
    'G315',
    'Galaku Unicorn',
    '9ca11ed6-aa8a-4506-a7f8-78f515075340',
    [
      [0, 'V100', '02fda4c8-b86c-4131-8d9f-447534785404', 'vibrate'],
      [1, 'V100', 'a21f8a77-22ce-47a3-b220-028f87d3a50d', 'vibrate'],
      [2, 'B', 'e85a8553-4f3c-49ba-ae88-929d0052e04d', 'battery Level'],
    ],
  ],
  [
    'G307',
    'Galaku Queen Bee Gun',
    '113cb4d3-f8a9-45b5-bf66-3e93e5209e4d',
    [
      [0, 'O100', '3525faff-24d5-4b84-9b4d-b6e92f51f2f4', 'oscillate'],
      [1, 'V100', 'c1150106-9f41-4a80-b30b-6015e1a7e80a', 'vibrate'],
      [2, 'B', '57638eed-03e4-4279-8fc1-cc03a2d9066c', 'battery Level'],
    ],
  ],
  [
    'K311',
    'Galaku Freya',
    '13e7fd6e-2dec-400e-80e5-908a088572fc',
    [
      [0, 'V100', 'c52a581b-0838-4431-bd39-179628da18d4', 'vibrate'],
      [1, 'V100', 'ba7de25e-d0fd-4431-afc5-e8b72431b025', 'vibrate'],
      [2, 'B', '309ff7a2-aa2f-44e4-ace9-c1d485bf47ae', 'battery Level'],
    ],
  ],
  [
    'G339',
    'Galaku Rhino Prostate Massager',
    '5d47e890-6093-4eae-b7e8-e637dc82a2ea',
    [
      [0, 'V100', '75e8f6e5-a69b-48d4-937b-c202961b464f', 'vibrate'],
      [1, 'R100', '10007a9c-8e51-4d38-b55a-03e09954b0d2', 'rotate'],
      [2, 'B', 'be8475dd-8928-447d-9e94-1e0543056b29', 'battery Level'],
    ],
  ],
  [
    'G354',
    'Galaku Armoured-ONE',
    '1d9030a8-bfd2-4e49-8e8d-683c7776ae83',
    [
      [0, 'O100', 'dc4348f2-7788-4b63-96f8-80ed74e4f9c2', 'Oscillate'],
      [1, 'V100', 'e79abb39-74ab-46cc-9363-41637a43c885', 'vibrate'],
      [2, 'B', '23e5cc47-944a-427c-be33-8611fffc70c8', 'battery Level'],
    ],
  ],
  [
    'G12B',
    'Galaku Flower Season',
    '7565ed2f-36c6-4210-830b-c916c4f8132b',
    [
      [0, 'V100', 'e86333ca-254b-4c40-b448-eeb0e397e2f6', 'vibrate'],
      [1, 'V100', 'f531ad54-4f1f-4fe6-91dd-bba265307fb5', 'vibrate'],
      [2, 'B', 'f989b7c6-ad5d-49fa-b103-2a21ff2213d5', 'battery Level'],
    ],
  ],
  [
    'G29C',
    "Galaku Little Rubik's Cube",
    '8a41b478-7239-4412-b251-66dcb62f0e98',
    [
      [0, 'V100', 'd8b78598-520b-4d28-9340-1a51d918f31a', 'vibrate'],
      [1, 'V100', 'ddc439b2-dc60-46bd-b6dc-4ce2b92783c0', 'vibrate'],
      [2, 'B', '34bf9651-bbd6-475f-a2ea-536b04c5db62', 'battery Level'],
    ],
  ],
  [
    'G29D',
    'Galaku Small powder cake',
    'fae6c568-0e7f-446f-9523-81964f51728c',
    [
      [0, 'V100', '8dccfd7a-397e-450c-8911-31d2258506f5', 'vibrate'],
      [1, 'V100', '6031712c-95a0-457f-93b6-e24b8ab7d335', 'vibrate'],
      [2, 'B', '7e0681c6-7206-41d0-97d2-f3e01d6c8de4', 'battery Level'],
    ],
  ],
  [
    'GKML',
    'Galaku Milly',
    '722fc3e9-8349-4659-b71b-9c77d437f695',
    [
      [0, 'V100', '48936afe-dfda-4a35-bd45-1da66bdc020f', 'vibrate'],
      [1, 'V100', 'f17eba7d-aab9-43d9-a621-4e5b3addd682', 'vibrate'],
      [2, 'B', '67430820-ef54-4821-8d43-37b7ebc6702f', 'battery Level'],
    ],
  ],
  [
    'G348',
    'Galaku Rhinoceros Back Court',
    'd546987d-311b-4db1-80d6-b8df1a06b275',
    [
      [0, 'V100', '8afa26c6-e525-4afc-84f7-a9602d82ddf9', 'vibrate'],
      [1, 'V100', 'ed5039d6-24ea-4adb-becd-ab549aff67ce', 'vibrate'],
      [2, 'B', '8b8b2df2-1f06-4649-b575-ae0abef990dc', 'battery Level'],
    ],
  ],
  [
    'G913',
    'Galaku Unicorn II',
    '536ea0fc-ef97-40a1-be31-56f9cabd489e',
    [
      [0, 'V100', 'dff9df20-91d3-478f-b5dd-409db449d9ff', 'vibrate'],
      [1, 'V100', 'f23839bb-69c4-4570-9eb0-ea387a1fa87f', 'vibrate'],
      [2, 'B', '10d3c65c-e6b1-4802-b71f-5843bb6ae4bd', 'battery Level'],
    ],
  ],
  [
    'G213',
    'Galaku Phantom',
    'ee326d2c-8241-40b7-9ccd-3662a5901197',
    [
      [0, 'V100', '5e4c85dc-27df-45fa-a7cc-f2870596b7ed', 'vibrate'],
      [1, 'V100', 'cb5581ba-2f77-49e3-bf0a-856639e045e1', 'vibrate'],
      [2, 'B', 'f8057621-5690-43fe-8cf9-aa2b1d4ceb07', 'battery Level'],
    ],
  ],
  [
    'TFF1',
    'Galaku F1 Aircraft Cup',
    'e1516f9a-9f56-4859-832d-6b637c6880e5',
    [
      [0, 'O100', '5027b245-170a-47ca-b9b6-d93c48532d56', 'oscillate'],
      [1, 'V100', '376aee27-8c1b-4d26-a5e3-9b92be56036d', 'vibrate'],
      [2, 'B', '42b39996-60ac-4ee7-9880-1bc8d73b543a', 'battery Level'],
    ],
  ],
  [
    'G310',
    'Galaku Scepter AV Stick',
    'a849f281-4415-4b0d-a2e2-5b93e8d36833',
    [
      [0, 'V100', '7d6f9b0d-2296-42d6-a989-63366e943fff', 'vibrate'],
      [1, 'V100', 'ed69fd16-6951-4176-96b5-e267cb4213e4', 'vibrate'],
      [2, 'B', '76599534-d259-4420-acf8-f172421b684e', 'battery Level'],
    ],
  ],
  [
    'K113',
    'Galaku Unicorn II',
    '568f5426-4d6d-4fed-b915-c4ead0dc2b70',
    [
      [0, 'V100', '5debcf2d-4e98-4b5f-88b0-45f4bcd3aaf1', 'vibrate'],
      [1, 'V100', '787e3d35-0ea2-407e-8b4b-ecb0680ddfa3', 'vibrate'],
      [2, 'B', 'c6d8ebc8-bba3-4aaa-b616-3758a6a84b06', 'battery Level'],
    ],
  ],
  [
    'G228',
    'Galaku Little Dolphin',
    'b1a680ee-43ea-44a1-95f0-b287d9b87d07',
    [
      [0, 'V100', '484bcea7-f227-49f3-83f8-ab825c46e0f4', 'vibrate'],
      [1, 'V100', '4d68f7a8-2fd1-40f3-8d5f-b932b0fb5d8f', 'vibrate'],
      [2, 'B', 'f93f3c1d-8046-40f2-a4d3-4c5315c809e6', 'battery Level'],
    ],
  ],
  [
    'G310',
    'Galaku Scepter AV Stick',
    '59723525-29b0-4cfe-b327-c4337e94cce7',
    [
      [0, 'V100', '525a328a-1fe1-4f54-be62-1aade3f4dcab', 'vibrate'],
      [1, 'V100', '0f5a8b59-1ba2-4e0f-9de4-272ee2fae908', 'vibrate'],
      [2, 'B', '246cddf5-f04a-45e2-ba07-1f5354d15fdd', 'battery Level'],
    ],
  ],
  [
    'TFF1',
    'Galaku F1 Aircraft Cup',
    'f989e3e1-6df9-4ab1-a2a6-04aded3fe9a3',
    [
      [0, 'V100', 'e19f5460-6145-48b9-9151-c16765130341', 'vibrate'],
      [1, 'V100', 'f44a3499-e077-41c5-93ba-56a840c8485b', 'vibrate'],
      [2, 'B', '79874bf3-3055-4d5a-a6aa-ea183f434324', 'battery Level'],
    ],
  ],
  [
    'D358',
    'Galaku Classic vibration-absorbing AV state',
    '3ff9c409-8790-4b06-af84-a0ddf103bf23',
    [
      [0, 'V100', '98b72986-86e9-44dc-a48c-e4b64d5941c0', 'vibrate'],
      [1, 'V100', '907f514f-4cfa-4210-88c8-2ae602cade4b', 'vibrate'],
      [2, 'B', '338f4e14-793b-4cb7-b26e-0ff47f2e72cc', 'battery Level'],
    ],
  ],
  [
    'G322',
    'Galaku Unicorn',
    'd3c966a9-9341-44b5-a54d-842402010dc5',
    [
      [0, 'V100', 'd61c7b5a-b021-43bf-a246-9b7dc193cf98', 'vibrate'],
      [1, 'V100', '64ecb833-2b8a-46c6-afac-28aa36d05580', 'vibrate'],
      [2, 'B', '87973aa3-f77e-47b1-92dc-1a6b32bba5d5', 'battery Level'],
    ],
  ],
  [
    'D402',
    'Galaku New series of vibrators',
    '9ccc2c45-2762-4005-9de1-f636b44d0e0e',
    [
      [0, 'V100', 'daedd54d-0d62-434f-8408-d3d9f69cd151', 'vibrate'],
      [1, 'V100', '7ebb5f9d-e447-4b67-8b3a-997b46a5f2be', 'vibrate'],
      [2, 'B', 'b872a7d6-df4c-4d50-8e7b-57cc7102b151', 'battery Level'],
    ],
  ],
  [
    'G40A',
    'Galaku New series of vibrators',
    '8202daae-1d8f-468e-b772-31f6032e92ff',
    [
      [0, 'V100', '1954d249-a830-4c2f-9a54-73962b0a7f62', 'vibrate'],
      [1, 'V100', 'b0a5e213-8e34-4868-9f93-477d707b555a', 'vibrate'],
      [2, 'B', 'f5555828-157d-44af-a6f3-61c184adc78b', 'battery Level'],
    ],
  ],
  [
    'G403',
    'Galaku New series of vibrators',
    '5910e68c-1ed0-4dd1-b9b9-74bb2332d3b7',
    [
      [0, 'V100', '1db2e6ef-89a9-44a6-b4fe-858c583181cc', 'vibrate'],
      [1, 'V100', 'af1c0858-6f69-49bd-81e0-2b5634cba141', 'vibrate'],
      [2, 'B', '0acf4462-c96b-4dec-b283-d56fdeae3e09', 'battery Level'],
    ],
  ],
  [
    'G43A',
    'Galaku New series of vibrators',
    '49ce5f25-f210-43cf-a20e-bb0879b89c63',
    [
      [0, 'V100', '9204650b-9e73-4423-9de1-94e87cf8cf7b', 'vibrate'],
      [1, 'V100', '3e533985-211f-4c4e-996e-6ee5999a8f7b', 'vibrate'],
      [2, 'B', '01388799-5cdf-4127-824b-a51ae1c38e60', 'battery Level'],
    ],
  ],
  [
    'K12B',
    'Galaku Little Turtle Stick',
    'ec43f998-0089-4bef-8a8d-d3ce49747fff',
    [
      [0, 'V100', '50c856df-a8d2-4840-bc3d-17f7bc2144e8', 'vibrate'],
      [1, 'V100', 'cc865a89-7a1f-4d9c-ac03-8822ec1ab715', 'vibrate'],
      [2, 'B', '9ecdcaa7-b228-4f67-b04b-a1ff3642ebe2', 'battery Level'],
    ],
  ],
  [
    'QCVW',
    'Kisstoy Lost (Vibrating)',
    'c61bdc8f-230b-4cc8-9474-c145ecba7682',
    [
      [0, 'V100', 'cf8ed969-86d5-4597-850f-35c60cfc40e8', 'vibrate'],
      [1, 'V100', '13dd1aad-9102-46c9-b126-5293b5da88ad', 'vibrate'],
      [2, 'B', '421f8bf8-6732-405a-b563-139e858bc4fb', 'battery Level'],
    ],
  ],
  [
    'QCSW',
    'Kisstoy Lost (Sucking)',
    '287d283c-d1f6-4dd4-9b53-fc01adafed30',
    [
      [0, 'V100', '02b1d882-d47e-4dc2-8062-91e9b6defdd4', 'vibrate'],
      [1, 'V100', '1e4691ca-fda3-40da-bad9-b2f7393d5554', 'vibrate'],
      [2, 'B', '0b41e97c-17f9-475d-8a30-d8ed1f52cb67', 'battery Level'],
    ],
  ],
  [
    'QCPW',
    'Kisstoy Lost (Insertable)',
    '746b8d6f-41ba-433f-b225-b3bf98c7aec9',
    [
      [0, 'V100', '2d070dbf-a2ad-4072-b7ee-a13b278fe4a4', 'vibrate'],
      [1, 'V100', 'cddbd1f6-227d-48e3-a1bc-74332b153a24', 'vibrate'],
      [2, 'B', 'ad753ac1-6c20-495a-bb0d-409b251fbe26', 'battery Level'],
    ],
  ],
  [
    'SN80',
    'Adorime G-spot Rabbit Dildo Vibrator',
    '361c0746-f630-41d3-a0bf-f993e2259217',
    [
      [0, 'V100', '42efb235-b450-44a6-97fd-a98b3d9750ad', 'vibrate'],
      [1, 'V100', '76a8c59e-2001-4334-bacd-f436f6858e85', 'vibrate'],
      [2, 'B', '47b24f11-bb92-4173-9123-80a330c76041', 'battery Level'],
    ],
  ],
  [
    'BGCD',
    'Adorime Backy',
    '349e64b6-931f-4e1a-b69c-4f9652f0cf2c',
    [
      [0, 'V100', '72c39683-55e5-418c-94fd-3733089b76a6', 'Vibrate'],
      [1, 'V100', 'dfabda24-3995-4160-9f00-1732fc38281d', 'Vibrate'],
      [2, 'B', 'deb32910-37e0-4be7-8783-4dd5745be738'],
    ],
  ],
  [
    'YXSJ',
    'Adorime Cock Ring',
    '20bfb1be-613b-47de-ae68-a6e8be7f493d',
    [
      [0, 'V100', 'ed25baca-3647-489d-96a8-9cf528dfbe34', 'Vibrate'],
      [1, 'V100', '9ffd40ba-f94e-41e2-ae42-83fd29f9d6a1', 'Vibrate'],
      [2, 'B', '0b444666-695e-4ee3-a7a2-33f22259f80e'],
    ],
  ],
  [
    'TFG1',
    'Galaku Aurora Aircraft Cup',
    '0d60d3a5-bad0-4df7-99ad-4bf4ee442c5d',
    [
      [0, 'V100', '2b5fdcd4-3b35-4939-b086-950a827141e1', 'vibrate'],
      [1, 'C100', '59498f0e-ad39-4701-9197-a5c7428b0acc', 'Suction Pump'],
      [2, 'B', '591ca427-79d4-4d6a-bf00-8596cd9cb493', 'battery Level'],
    ],
  ],
  [
    ['GK27', 'GX27'],
    'Galaku Cannon-GT',
    '687bbb0e-b5a6-47d8-bca3-3395c510d996',
    [
      [0, 'V100', 'ff51f8a4-4ac0-434c-b656-d94e0b2eec53', 'vibrate'],
      [1, 'B', 'e0b9f2c7-68d9-4c7b-9327-6e0802973a44', 'battery Level'],
    ],
  ],
  [
    'GK25',
    'Galaku Phantom PLUS',
    '4169f6af-723c-437c-be39-d90508c95e0a',
    [
      [0, 'V100', 'd8411669-9823-4755-afe4-969f7a4200cd', 'vibrate'],
      [1, 'B', 'afb9c389-4624-4871-bfed-c19eccbcd3e3', 'battery Level'],
    ],
  ],
  [
    'AC695X_1(BLE)',
    'Galaku Vision',
    '637fec12-7e76-4107-ba18-931046975976',
    [
      [0, 'V100', '8626a95c-2ebd-43b4-a592-27282c6cc275', 'vibrate'],
      [1, 'B', 'b680b236-52f4-4d8e-907e-78e71a0d23e9', 'battery Level'],
    ],
  ],
  [
    'GX33',
    'Galaku Dimension No. 1',
    '34c495ac-a36f-4d8c-9823-191895926d49',
    [
      [0, 'V100', '90351a28-a5c0-4b77-bd61-d5e667588cf1', 'vibrate'],
      [1, 'B', 'ab7abe60-7733-4391-a61d-765655275261', 'battery Level'],
    ],
  ],
  [
    'WSXK',
    'Galaku Starry Sky CUP',
    '938f9e14-3d1d-4778-821a-a1c17bb42936',
    [
      [0, 'V100', '80d6340d-70bd-40ba-87bd-014f034a3186', 'vibrate'],
      [1, 'B', '1ef7a2d2-1725-4fd9-9e70-d8e0674ac17f', 'battery Level'],
    ],
  ],
];

export const GALAKU_DEFINITION: ProtocolDefinition = {
  id: 'galaku',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: configsFromRows(CONFIGS),
};

export const galaku: ProtocolModule = {
  definition: GALAKU_DEFINITION,
  createHandler,
};
