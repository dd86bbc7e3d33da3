// Satisfyer: every motor's speed repeated four times in one tx packet, resent every 3 s (the toys
// stop on silence). The model number, a big-endian u32 from the advertisement's manufacturer data
// or else the device information service, selects the configuration. Facts from the upstream
// device config (protocol "satisfyer") and satisfyer.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import type {
  Advertised,
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle } from './define.js';
import { PacketHandler, requireOutputs } from './shared/handlers.js';
import { currentValue, outputIndexes } from './shared/outputs.js';
import { type ConfigRow, configsFromRows, defaultsFromRow } from './shared/rows.js';
import { bytesWrite } from './shared/writes.js';

/** Upstream RepeatLastPacketStrategyWithTiming(3 s). */
export const SATISFYER_KEEPALIVE_MS = 3_000;
/** Upstream reads the model with these limits. */
export const MODEL_READ_LENGTH = 128;
export const MODEL_READ_TIMEOUT_MS = 500;

/**
 * The model number: four bytes read as a big-endian u32, in decimal ("10160" from 00 00 27 b0).
 * Any other length gives "0", as upstream's conversion does.
 */
export function modelIdentifier(data: Uint8Array): string {
  if (data.length !== 4) return '0';
  return String(((data[0]! << 24) >>> 0) + (data[1]! << 16) + (data[2]! << 8) + data[3]!);
}

/**
 * The model number from the advertisement's manufacturer data when it has any (as upstream, the
 * first entry, whatever its company), else read from the model characteristic.
 */
async function identify(hw: HardwareOps, advertised?: Advertised): Promise<string | undefined> {
  const advertisedModel = advertised?.manufacturerData[0];
  if (advertisedModel !== undefined) return modelIdentifier(Uint8Array.from(advertisedModel.data));
  return modelIdentifier(await hw.read('rxblemodel', MODEL_READ_LENGTH, MODEL_READ_TIMEOUT_MS));
}

/** [a a a a b b b b …]: each motor's speed four times, motors in feature order. */
export function encodeSpeeds(speeds: readonly number[]): HwWrite {
  const data = new Uint8Array(speeds.length * 4);
  speeds.forEach((s, i) => data.fill(s, i * 4, i * 4 + 4));
  return bytesWrite(data);
}

async function initialise(hw: HardwareOps, device: ResolvedDevice): Promise<void> {
  await hw.write('command', Uint8Array.of(0x01), true);
  // Upstream stops a device with a timed keepalive as soon as it connects, which starts the
  // repeat with an all-zero packet; that stop is this protocol's to send here.
  const zeros = encodeSpeeds(outputIndexes(device.features).map(() => 0));
  await hw.write(zeros.endpoint, zeros.data, zeros.withResponse);
}

const SUPPORTED: ReadonlySet<OutputType> = new Set<OutputType>(['Vibrate']);

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, SUPPORTED, 'Satisfyer');
  const motors = outputIndexes(device.features);
  return new PacketHandler(
    (current) => encodeSpeeds(motors.map((f) => currentValue(current, f, 'Vibrate'))),
    { keepaliveMs: SATISFYER_KEEPALIVE_MS },
  );
}

// ------------------------------------------------------------------ database entry

const NAMES = ['SF *'];

const COMMUNICATION = btle({
  names: NAMES,
  manufacturerData: [
    { company: 93, data: [0, 0, 39] },
    { company: 93, data: [0, 0, 40] },
  ],
  services: {
    '180a': { rxblemodel: '2a24' },
    '51361500-c5e7-47c7-8a6e-47ebc99d80e8': {
      command: '51361501-c5e7-47c7-8a6e-47ebc99d80e8',
      tx: '51361502-c5e7-47c7-8a6e-47ebc99d80e8',
    },
  },
});

const DEFAULTS = defaultsFromRow('Satisfyer Device', '9a934b7a-b6aa-4ad6-8d5c-e00971d67159', [
  [0, 'V100', '7153daef-c222-4841-9495-289798fff9ea'],
]);

const CONFIGS: readonly ConfigRow[] = [
  [
    '10005',
    'Satisfyer Hot Spot',
    'a8a7887f-c5dd-4e2c-ae88-d20e954bc65a',
    [[0, 'V100', 'b9bcbd6f-9f4a-4738-9a64-08e646fa2297']],
  ],
  [
    '10006',
    'Satisfyer Heated Affair',
    '444d9fc4-23ed-4ea5-a1a5-923680d78af3',
    [
      [0, 'V100', 'b03a8a9e-13ef-4ed6-820e-cb07d4e3aa30'],
      [1, 'V100', '624f9203-ca16-429c-b076-0725a5c04077'],
    ],
  ],
  ['10007', 'Satisfyer Big Heat', '67f6a3ba-d167-4d44-ac52-0991dbf1df16'],
  [
    '10008',
    'Satisfyer Heated Thrill',
    '4bb68190-ea62-4277-b7f1-3d6f055a939a',
    [[0, 'V100', 'e5368b0e-00a7-4f20-b338-2a33d65db794']],
  ],
  [
    '10009',
    'Satisfyer Hot Bunny',
    'b8219c94-f239-4f12-b3ab-ceeb816bdfb4',
    [
      [0, 'V100', 'cd889856-c5a8-4d7b-9ff6-5f7e49c13b4a'],
      [1, 'V100', '5e8eba19-d6cf-4c85-9824-5afd6191c95a'],
    ],
  ],
  [
    '10010',
    'Satisfyer Heat Climax',
    '1340347e-7e6a-4c27-a593-7b7a41b09332',
    [[0, 'V100', '7473ae23-1678-4d6c-bc45-311e126dce65']],
  ],
  [
    '10011',
    'Satisfyer Heat Climax+',
    '4ffc5fb8-a619-4cbc-8cc9-23104a473ee4',
    [
      [0, 'V100', '715282dc-6919-4a8f-a339-adeb0fa8b4b0'],
      [1, 'V100', '1eb40efb-6aa5-4154-a2f4-8cc962cd2682'],
    ],
  ],
  [
    '10012',
    'Satisfyer Hot Passion',
    'a05e4d51-c296-4395-b5ba-1b8801079a15',
    [[0, 'V100', '46c676b0-5dae-4376-b6b3-c3f0b9526260']],
  ],
  [
    '10013',
    'Satisfyer Haute Couture+',
    'defd08cf-76b3-4957-88ef-5c7fb2a89ff0',
    [
      [0, 'V100', 'dd995a89-a889-40a8-9a88-aa05b8fe3e60'],
      [1, 'V100', 'd39282bc-910b-40d2-a8f6-2c729ba5e2f2'],
    ],
  ],
  [
    '10014',
    'Satisfyer High Fashion+',
    'd36dda3c-edf3-4ec2-be9a-393934157102',
    [
      [0, 'V100', '9b18554d-8f0d-4941-8649-7e34375a0005'],
      [1, 'V100', '3fba6850-e170-4bbf-b61c-e105b3ea7762'],
    ],
  ],
  [
    '10015',
    'Satisfyer Prêt-à-porter+',
    '3925e9e4-fc21-4bad-8ecd-4a8780a5ce83',
    [
      [0, 'V100', 'cee6ec1f-1f35-48ef-8864-fa76d2ebb8a5'],
      [1, 'V100', 'c1a929c7-adf1-4cbe-907e-a24e6164e7af'],
    ],
  ],
  [
    ['10024', '10025'],
    'Satisfyer Love Triangle',
    'c771d860-0592-4962-8a05-dc2e7187bff6',
    [
      [0, 'V100', '9dcbc0b0-b076-4b50-9104-c071d52e39ff'],
      [1, 'V100', '5ae0c642-bd10-4f21-8fef-60f94ca755c5'],
    ],
  ],
  [
    ['10027', '10028'],
    'Satisfyer Curvy 1+',
    '4e47a95f-3a70-4bb4-829f-8b617afaaa1d',
    [
      [0, 'V100', '95143c24-8928-405c-a6d0-1a64b3830498'],
      [1, 'V100', '78533341-96c5-4b21-aede-857ec827c1e6'],
    ],
  ],
  [
    ['10030', '10031'],
    'Satisfyer Curvy 2+',
    '7fa5b1e2-c30f-411f-a9b5-9eeee3d95170',
    [
      [0, 'V100', 'f0bed160-760d-4d18-b462-247e124c537f'],
      [1, 'V100', '81b4e5d2-8fd7-4fed-a6cb-d3df12366040'],
    ],
  ],
  ['10032', 'Satisfyer Double Wand-er', '942818a5-f94f-4efb-b775-693f8b27ab9b'],
  [
    ['10046', '10047', '10048'],
    'Satisfyer Double Joy',
    '8b5e975e-4215-4b0c-a169-7d6209746d88',
    [
      [0, 'V100', '0b359281-588c-4aad-bfe1-54d605377120'],
      [1, 'V100', '9b9f616a-3219-4424-9ecf-c52520dec964'],
    ],
  ],
  [
    ['10049', '10050', '10051'],
    'Satisfyer Double Fun',
    '05f9af5c-d7b9-43f0-8cf5-41f0c09def28',
    [
      [0, 'V100', 'd6f94a0f-11cd-4242-b05e-e7f237e6b7c0'],
      [1, 'V100', '2fe89205-fb8d-4fb7-93d3-d4169f92875d'],
    ],
  ],
  [
    ['10052', '10053', '10054'],
    'Satisfyer Double Love',
    '82270653-6408-43ef-a148-cdfca58a5d2d',
    [
      [0, 'V100', 'eb62f1da-11a0-48b1-8c8e-2c8ea6e24e61'],
      [1, 'V100', '16f5a83d-f0fc-41c1-a4d3-43ce13dd3529'],
    ],
  ],
  [
    '10055',
    'Satisfyer Curvy 3+',
    'e7c09700-6df1-40c5-b5bb-0203c782dc01',
    [
      [0, 'V100', '5d900545-d8cc-4c32-9ff5-e1d8e0c30b90'],
      [1, 'V100', '823f51aa-1766-41f4-b48f-f8b2de4c588e'],
    ],
  ],
  [
    ['10059', '10060', '10061'],
    'Satisfyer Hot Lover',
    '5c90d251-a2fe-461a-a4ae-0e5172a9739d',
    [
      [0, 'V100', '406de8d0-b6d9-4f5d-b9cd-479092898aac'],
      [1, 'V100', '19f2225e-4bc8-4f70-9fb2-734abc8dd5be'],
    ],
  ],
  [
    ['10062', '10063', '10064'],
    'Satisfyer Mono Flex',
    '44dae430-c6b4-4688-8ab6-9696d82a4b00',
    [
      [0, 'V100', 'd1bf52af-d49d-42bb-a277-73cc394dce90'],
      [1, 'V100', 'd1d6a777-21e2-4e6c-9f2e-679d1e75c932'],
    ],
  ],
  [
    ['10065', '10066', '10067', '10068'],
    'Satisfyer Double Flex',
    '1715eee4-4aa5-4696-9f41-6e6c299061ec',
    [
      [0, 'V100', 'a824a4f4-11c4-4a84-81d6-424a622d1b06'],
      [1, 'V100', '7aa798ab-9bc5-47b4-a318-5349c68ebf93'],
      [2, 'V100', '467802b9-6e3b-4810-b659-da69885b7366'],
    ],
  ],
  [
    ['10069', '10070', '10071'],
    'Satisfyer Heat Wave',
    'ce5ebe09-6d9d-44a1-93e9-f5247c03d3f1',
    [
      [0, 'V100', '704fd1ec-a242-4e02-80ab-9db6f2377a7c'],
      [1, 'V100', 'c6971493-fa87-45d6-b131-67af138f7b13'],
    ],
  ],
  ['10072', 'Satisfyer Little Secret', 'b9a13914-c02c-44ac-b9a8-9e95776e3ceb'],
  ['10073', 'Satisfyer Sexy Secret', 'c62c869a-8d62-4386-a7f9-ec68ccc99513'],
  ['10074', 'Satisfyer Strong One', '03082593-a2ea-455b-9b94-66c3b1953144'],
  ['10075', 'Satisfyer Mighty One', 'e8b06812-88be-4a7d-9581-8ea7210f809a'],
  ['10076', 'Satisfyer Powerful One', 'd0832c21-c990-4bd8-b06f-32e5768af9d2'],
  ['10077', 'Satisfyer Royal One', '1f6254b1-301c-4455-9a5e-84886d5e3fce'],
  ['10078', 'Satisfyer Signet Ring', '571d6d2c-351a-4870-9a2a-af16bdc97731'],
  [
    ['10079', '10080'],
    'Satisfyer Dual Love',
    '8d5afdb3-47d1-4841-92d6-d3c7b1b2238e',
    [
      [0, 'V100', '39ca4a7a-c9f3-430a-8248-6001719c6a40'],
      [1, 'V100', '07ff65a4-ae65-4054-bd70-419ddac6d241'],
    ],
  ],
  [
    ['10081', '10082'],
    'Satisfyer Dual Pleasure',
    'd609d09e-86e5-4544-bda3-16b15b532f2d',
    [
      [0, 'V100', '18661df2-7eb2-452a-b611-85433bd99ea0'],
      [1, 'V100', 'c6b1acf6-511e-44bd-ab1c-b2d944a35cf0'],
    ],
  ],
  [
    '10090',
    'Satisfyer Hero+',
    'cfcd017c-d3fb-46ab-82d9-55438e96a3d7',
    [[0, 'V100', 'ec61550d-e557-4c57-b6a3-02b28bd5e0d6']],
  ],
  [
    '10091',
    'Satisfyer Knight+',
    '7fb611fe-6af4-4d0e-a6b8-0d4ee72e34af',
    [[0, 'V100', '5a8dba5a-ca48-4340-8140-fa1fc4d86b73']],
  ],
  [
    ['10092', '10093'],
    'Satisfyer Newcomer+',
    '98dcb92c-84a1-4a1f-88b9-7c61098020de',
    [[0, 'V100', '31fb6881-d23e-4f07-b233-c6531ccc79b3']],
  ],
  [
    ['10100', '10101'],
    'Satisfyer Plug-ilicious 1',
    'c7d1d682-b311-4ce8-b552-d68b8fcde1bc',
    [
      [0, 'V100', 'fec3511d-2fcd-4463-9ef0-b139c8aa8b0a'],
      [1, 'V100', '49020dca-5124-4965-9add-4230dfd0fe28'],
    ],
  ],
  [
    ['10102', '10103', '10104'],
    'Satisfyer Plug-ilicious 2',
    '22513021-0cb9-4f30-ada7-f7ca6a86e085',
    [
      [0, 'V100', '28f3bea8-f927-46a9-ab45-55daf1f76c87'],
      [1, 'V100', '540b8330-f039-4870-a6d2-d536f2415cf2'],
    ],
  ],
  [
    '10105',
    'Satisfyer E-Love Foreplay',
    '6c07e79d-8842-4e27-88a9-9a471928da5e',
    [[0, 'V100', '0a939b92-0209-4d2f-b658-0db0ac9a2e6e']],
  ],
  [
    '10108',
    'Satisfyer E-Love G-Hunter',
    '39bfa539-7c58-49a4-87ca-a691a11c16f1',
    [[0, 'V100', 'e46297ee-6037-44a8-ac06-5f8328d41b19']],
  ],
  [
    '10109',
    'Satisfyer E-Love G-Hunter+',
    '0b5bcc9b-b5d7-49d3-9c0a-c8dc82214306',
    [
      [0, 'V100', '9248bdf7-d918-4682-b197-59707ac5ea95'],
      [1, 'V100', '8d541f70-6595-49b1-b75d-77187f9b75dc'],
    ],
  ],
  [
    '10110',
    'Satisfyer E-Love G-Spotter',
    '40653fca-c115-4bd4-b3fa-c3875c41a562',
    [[0, 'V100', '8f8b7024-005e-4fda-9c65-adf55dc3c470']],
  ],
  [
    '10111',
    'Satisfyer E-Love G-Spotter+',
    '5a5afa20-0518-420e-a5ab-e5b09c5c9842',
    [
      [0, 'V100', '397a61df-a515-49e1-a14d-af2de7855a3f'],
      [1, 'V100', '27720871-f08b-4151-96f1-006a5cc137fc'],
    ],
  ],
  [
    '10112',
    'Satisfyer E-Love Story',
    '0bfe78b6-a128-4c68-b874-e85ee18273f0',
    [[0, 'V100', '56f7a9fe-d8ef-4a21-b15f-77307a6417ea']],
  ],
  [['10119', '10120', '10182'], 'Satisfyer Love Birds 1', 'c62ea9ae-dc65-429e-90e4-473fa8c5ffaa'],
  [['10121', '10122', '10123'], 'Satisfyer Love Birds 2', '17b98fe5-4aeb-4c75-b554-701daf147dff'],
  [['10124', '10125', '10126'], 'Satisfyer Love Birds Vary', 'fde0831c-e1da-46f0-b6fe-8bccfbe9fdae'],
  [['10127', '10128', '10129', '10201'], 'Satisfyer Ribbed Petal', '30fb0255-b2e5-424b-bca5-8abdbe864ebf'],
  [['10130', '10131', '10132', '10133'], 'Satisfyer Shiny Petal', 'b10e2742-01b9-4bc8-8caf-b18f0dc51baa'],
  [['10134', '10135', '10136', '10202'], 'Satisfyer Smooth Petal', '37096541-c085-4b30-a978-cf1ab8c79198'],
  [
    '10140',
    'Satisfyer Men Vibration+',
    '518071d2-a6b5-4ee9-9d10-9248fcc72d76',
    [
      [0, 'V100', '54c660d2-c326-4272-a1a8-a6ab0a3f5620'],
      [1, 'V100', '992e2870-64ed-4704-a74b-2faf3baa0e4b'],
    ],
  ],
  ['10141', 'Satisfyer Power Plug', 'fb04247f-1ade-4c3e-816f-1a4c81ae0db4'],
  [
    ['10142', '10143'],
    'Satisfyer Rotator Plug 1+',
    '16d47710-4849-42b0-aa9b-e7375a533dc5',
    [
      [0, 'V100', '55ed967f-f37b-47e9-acbd-e091ece4a25a'],
      [1, 'V100', '4deb6ffc-7ffb-4892-adb9-ff3829cbf7bb'],
    ],
  ],
  [
    ['10144', '10145'],
    'Satisfyer Rotator Plug 2+',
    '7ef01670-5fa3-4bb2-b8b5-3c952f4cf263',
    [
      [0, 'V100', '08a92451-b728-4bf8-bde0-b2af748fc0bd'],
      [1, 'V100', 'f9b0e791-a348-4485-b1a5-cd90e3503e13'],
    ],
  ],
  [['10146', '10147'], 'Satisfyer Deep Diver', '3e04ed12-9d6e-4f7a-9cc8-09e58a9f760e'],
  [['10148', '10149'], 'Satisfyer Sweet Seal', '99f4d915-7fea-4be1-893e-3ab74488a383'],
  [['10150', '10151'], 'Satisfyer Trendsetter', 'e26a9471-44ab-438a-8290-4793ac6d5ddd'],
  [['10154', '10155', '10156'], 'Satisfyer Twirling Joy', '682c5153-d84c-4a30-b172-42732eaa7081'],
  [['10157', '10158'], 'Satisfyer Ultra Power Bullet 8', 'b7ed864e-a11d-40de-b3bc-2a28d6ebc2f2'],
  [
    ['10160', '10161', '10162'],
    'Satisfyer Double Desire',
    '17d338a2-dcb1-4170-9a01-ab2250f73b8f',
    [
      [0, 'V100', 'c1c09c65-a2d4-4caa-9f56-cec54897758b'],
      [1, 'V100', 'bc03728b-573a-40d6-ae99-1aa1f508a804'],
    ],
  ],
  [
    ['10163', '10164', '10165', '10166'],
    'Satisfyer Double Lust',
    '4729ddda-fb21-4c3a-9868-b0fcbca18480',
    [
      [0, 'V100', '9564b21d-c2ba-444e-85c4-dd9dcd80e3b5'],
      [1, 'V100', 'c70c801e-980a-4052-a275-f8109058a1ad'],
    ],
  ],
  ['10167', 'Satisfyer Epic Duo', 'b3879662-a471-4bea-ad9a-5d8b59a476a5'],
  ['10168', 'Satisfyer Pleasure Wand+', '9404874e-3de2-4696-a620-943f5affb910'],
  [
    ['10169', '10170', '10171'],
    'Satisfyer Top Secret',
    '98f72ae0-a840-4805-918d-3427541325ca',
    [
      [0, 'V100', '9ccf5505-2b55-4386-aa8c-80cb7117f6c2'],
      [1, 'V100', '33b12687-c341-47da-81c2-2e2cf9862712'],
    ],
  ],
  [
    ['10172', '10173', '10174'],
    'Satisfyer Top Secret+',
    '99cfefd9-fd09-40c6-9a2f-3d68385a04bc',
    [
      [0, 'V100', 'be9d24ff-8470-481d-aee0-0ea30f0877de'],
      [1, 'V100', 'ed63da4f-ee14-469c-a47c-12003141716a'],
    ],
  ],
  [['10175', '10176'], 'Satisfyer Bullseye', '48bb511e-1cc2-4b1d-9497-022b015287bc'],
  [
    ['10177', '10178', '10179'],
    'Satisfyer Sunray',
    'f624b4d4-5fe4-4390-9fbb-8ef170b5846c',
    [
      [0, 'V100', 'd2786210-46f4-47ce-9f5b-80fa691e0ad2'],
      [1, 'V100', 'e0dbd014-7415-4d0f-946e-188e239a8154'],
    ],
  ],
  [
    ['10180', '10181'],
    'Satisfyer Curvy Trinity 5+',
    '69243058-fb93-4791-b78e-f32f50f902b3',
    [
      [0, 'V100', 'ff20f721-e6fe-4787-964d-327d29b0c391'],
      [1, 'V100', 'e8322905-46aa-45f8-b7f7-25a88507a55d'],
    ],
  ],
  [['10183', '10184'], 'Satisfyer Intensity Plug', '20c58cef-83e0-48f2-a352-a3663453403f'],
  ['10185', 'Satisfyer Power Masturbator', 'baa0ad15-08cc-426c-b1f2-02d9768f6e2c'],
  [
    ['10186', '10187'],
    'Satisfyer Hug me',
    '7d92f936-f672-478a-a26f-616758ff621d',
    [
      [0, 'V100', '4019145b-56cf-473e-a286-4a8d040e80cc'],
      [1, 'V100', '7dc4760f-3a7c-4c2e-a7da-e7d8d52b196b'],
    ],
  ],
  [
    '10188',
    'Satisfyer Air Pump Bunny 5+',
    'd112fbc4-9a5e-4518-b40c-f1200be124cd',
    [
      [0, 'V100', '7abb00ea-bb62-4bef-a26f-a7f7135dec2c'],
      [1, 'V100', 'c77d5b49-6257-4381-900a-9225caea7124'],
    ],
  ],
  [
    '10189',
    'Satisfyer Air Pump Vibrator 5+',
    '2278b99f-cee5-48fa-9326-8add9730e1e2',
    [[0, 'V100', '1acf7f71-e57a-4a1a-81d3-d8bb977d6b72']],
  ],
  [
    ['10190', '10191'],
    'Satisfyer Threesome 4',
    '537ce4cb-f8e2-423b-80a5-5bcbb07e6e15',
    [
      [0, 'V100', '467accb0-f1f6-4175-afe5-08f48d069fe3'],
      [1, 'V100', '4b1b417b-ce44-45fd-be3f-77d939162e18'],
    ],
  ],
  ['10192', 'Satisfyer G-Spot Flex 4+', '8ba85779-5b40-48ae-88d5-7744bf852d22'],
  [['10193', '10194'], 'Satisfyer G-Spot Flex 5+', '3844ee0f-94ed-49bf-9a9e-795f407c0ade'],
  [
    '10195',
    'Satisfyer Air Pump Booty 5+',
    '0687264e-3150-4d0a-818b-be6ad231d54c',
    [[0, 'V100', '12990ee9-76cc-4b48-b711-f70587f14fd7']],
  ],
  [
    '10196',
    'Satisfyer Pro+ Wave 4',
    '7c33ff57-e4c7-4110-9814-451062806981',
    [
      [0, 'V100', 'c8d73535-d37b-4baa-81c6-c301f32390e0'],
      [1, 'V100', '304c7318-bd1b-40ba-a475-90b4d7127c46'],
    ],
  ],
  [
    ['10197', '10198'],
    'Satisfyer Mini Wand-er+',
    'a1cb3608-d17c-4c5f-b3d5-4c7ee87d5467',
    [
      [0, 'V100', '3a37453d-605c-4dd4-a83a-28be69ac55b8'],
      [1, 'V100', '42dafbc1-0aac-4348-898a-8d467d903191'],
    ],
  ],
  [['10199', '10200'], 'Satisfyer Tropical Tip', '7790e568-454e-45f8-85bb-5f8fd855c554'],
  [
    ['10203', '10204'],
    'Satisfyer Twirling Pro+',
    '1bc5cd0a-feb7-4cfc-9155-09c7565d85e0',
    [
      [0, 'V100', '866a3152-759b-4777-8578-8abaff6aea9a'],
      [1, 'V100', '5a7b0180-16b1-41e7-a016-af4a761564de'],
    ],
  ],
  ['10205', 'Satisfyer Perfect Pair 4', '7c2560dc-06d4-4da6-874a-5f6c2c05810d'],
  [
    ['10206', '10207', '10208'],
    'Satisfyer Booty Absolute Beginners 5',
    '0a682803-b5ad-457a-bbf0-40e48b71cbcf',
  ],
  [
    ['10241', '10242'],
    'Satisfyer Rrrolling Sensation',
    '2a429cdd-20f9-4a22-82a9-dd79234e23de',
    [
      [0, 'V100', 'fdb9014d-b7b9-4b28-8804-cdf26b432df1'],
      [1, 'V100', '6665fc3b-a8e6-4a36-ad11-46f449abfc90'],
    ],
  ],
  [
    ['10307', '10308', '10309'],
    'Satisfyer Pro 2 Gen 3',
    'b0578f68-2b0b-497a-b49a-2e897d3a040a',
    [
      [0, 'V100', 'f14fc3ea-05f0-426a-ac01-70cdbadb43ec'],
      [1, 'V100', '1a3c8f91-c172-4378-9fe2-64891a06e8d1'],
    ],
  ],
];

export const SATISFYER_DEFINITION: ProtocolDefinition = {
  id: 'satisfyer',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: configsFromRows(CONFIGS),
};

export const satisfyer: ProtocolModule = {
  definition: SATISFYER_DEFINITION,
  identify,
  initialise,
  createHandler,
};
