// Svakom v2 (upstream svakom_v2.rs), written with response: a vibrator at feature 1 is
// [0x55, 6, 1, 0, speed, speed]; any other [0x55, 3, 3, 0, on, speed]. (Every model in the
// database has just one vibrator.)

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

export function encodeSvakomV2Vibrate(feature: number, speed: number): HwWrite {
  return feature === 1
    ? bytesWrite([0x55, 0x06, 0x01, 0x00, u8(speed), u8(speed)], true)
    : bytesWrite([0x55, 0x03, 0x03, 0x00, speed === 0 ? 0x00 : 0x01, u8(speed)], true);
}

const ENCODERS: PerCommandSpec = { encoders: { Vibrate: (c) => encodeSvakomV2Vibrate(c.feature, c.value) } };

export const SVAKOM_V2_DEFINITION: ProtocolDefinition = {
  id: 'svakom-v2',
  communication: [
    ffe0Btle([
      '116',
      '117',
      'Edeny',
      '118',
      'Viviana',
      'Ella NEO',
      'S38A',
      'Vick NEO',
      'Vick Neo',
      'STG05A',
      'QH-SJ007A',
      'Cici 2',
      'Emma Neo 2',
    ]),
  ],
  defaults: device('Svakom Device v2', 'b1189537-2ef1-452b-b6b8-e8e0ba823156', undefined, [
    output(0, '4a225b9d-94c6-437a-a038-3deb4ded5bc5', 'Vibrate', 10),
  ]),
  configurations: [
    device('Svakom Phoenix Neo', '11905923-4084-4efb-9ac3-a6eba2bf4190', ['116']),
    device('Svakom Viviana', '4bbda06f-ca32-4d34-a11f-d91d8987dc6d', ['Viviana']),
    device('Svakom Ella Neo', '87419e85-5570-41f0-84f2-7f15b138326d', ['Ella NEO']),
    device('Svakom Edeny', '448ee908-2abc-46cb-aa3f-732830a25139', ['117', 'Edeny']),
    device('Svakom Tammy Pro', 'b2c3e1ed-0c66-49d7-859d-7c9677c66297', ['S38A']),
    device('Svakom Vick Neo', 'c37b8380-dd41-4fd1-8310-8c24230658bf', ['Vick NEO', 'Vick Neo']),
    device('Svakom Aravinda', '63893174-b1fd-4ad3-940f-fbbb939ffa57', ['STG05A']),
    device('ToyCod Vanesia', 'a61ae863-a8fc-4708-b313-b36385926dbf', ['118']),
    device('Svakom Winni 2', 'f0609171-5e85-4800-adee-a43ef2e3826a', ['QH-SJ007A']),
    device('Svakom Cici 2', '5c03568c-9318-4648-b149-b0fc716d5605', ['Cici 2']),
    device('Svakom Emma Neo 2', 'a3c23c99-09e7-47d4-898b-9581dfc1f28b', ['Emma Neo 2']),
  ],
};

export const svakomV2: ProtocolModule = {
  definition: SVAKOM_V2_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-v2', d, ENCODERS),
};
