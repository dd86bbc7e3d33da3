// Kiiroo v1 (Onyx 1, Pearl 1): one ASCII level "x,\n" with x 0–4 on tx; the Pearl vibrates at it,
// the Onyx moves its pressure rings to it (docs.buttplug.io stpihkal/protocols/kiiroo/
// kiiroo-onyx-pearl-1). Identification facts from the upstream device config (protocol
// "kiiroo-v1"). Upstream's server has no encoder for this protocol; this one follows the
// protocol notes. The Onyx's level is a position, so the move's duration is not sent.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { PerCommandHandler, requireOutputs } from './shared/handlers.js';
import { TX } from './shared/writes.js';

const ascii = new TextEncoder();

export const KIIROO_V1_DEFINITION: ProtocolDefinition = {
  id: 'kiiroo-v1',
  communication: [
    btle({
      names: ['ONYX', 'PEARL'],
      services: {
        '49535343-fe7d-4ae5-8fa9-9fafd205e455': {
          command: '49535343-aca3-481c-91ec-d85e28a60318',
          rx: '49535343-1e4d-4bd9-ba61-23c647249616',
          tx: '49535343-8841-43f4-a8d4-ecbe34729bb3',
        },
      },
    }),
  ],
  defaults: device('Kiiroo V1 Device', 'dec656b7-b312-4626-9811-fe2d51ed1242', undefined, []),
  configurations: [
    device(
      'Kiiroo Pearl',
      'aa35c397-8827-44c8-bc9f-a9acc234fba5',
      ['PEARL'],
      [output(0, '31eee57b-a1d8-49de-ac72-0dba46885a28', 'Vibrate', 4)],
    ),
    device(
      'Kiiroo Onyx',
      'f01513ef-a0c9-412d-ae70-b965b65379a8',
      ['ONYX'],
      [
        output(0, '2fe100ee-4665-4132-b4c6-d70a4037d6ac', 'HwPositionWithDuration', 4, {
          duration: [0, 100_000],
        }),
      ],
    ),
  ],
};

export function encodeKiirooV1Level(level: number): HwWrite {
  return { endpoint: TX, data: ascii.encode(`${level},\n`), withResponse: false };
}

function encodeOne(c: OutputCommand): HwWrite {
  return encodeKiirooV1Level(c.value);
}

export const kiirooV1: ProtocolModule = {
  definition: KIIROO_V1_DEFINITION,
  createHandler(d: ResolvedDevice) {
    requireOutputs(d, ['Vibrate', 'HwPositionWithDuration'], 'Kiiroo v1');
    return new PerCommandHandler({ encoders: encodeOne });
  },
};
