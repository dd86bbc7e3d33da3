// Mu Se / Love Spouse OEM toys (Dream Lover, Galaku): in the upstream device config, with no
// protocol implementation upstream (protocol_impl/mod.rs has no "muse"), so not driven here
// either. The stpihkal notes describe a two-byte command but not the second byte of a speed
// command, which is not enough to drive the toy safely.

import { btle, device, output } from './define.js';
import { undrivenModule } from './shared/handlers.js';

export const muse = undrivenModule(
  {
    id: 'muse',
    communication: [btle({ names: ['WB-ZDB-WST', 'WB-TDD'], services: { aaa0: { tx: 'aaa1' } } })],
    defaults: device('Muse Device', '94e9d8e0-94cc-42f5-b14d-c55cc91e2e68', undefined, [
      output(0, '6dcc57e0-8a30-4e90-ba9e-4b8dd488d166', 'Vibrate', 9),
    ]),
    configurations: [
      device('Dream Lover Archer 2', '48b17c67-fb1f-40c7-8dcb-b67dfb041afc', ['WB-ZDB-WST']),
      device('Galaku Panty Vib', 'dd40210e-1523-4d61-bdaf-3827635fb181', ['WB-TDD']),
    ],
  },
  'upstream has no muse protocol implementation',
);
