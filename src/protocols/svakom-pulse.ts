// Svakom Pulse and alike: one vibrator, [0x55, 3, 3, 0, on, speed + 1] on tx, so a stop is
// [.., 0, 1] (upstream svakom_pulse.rs).

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';
import { ffe0Btle } from './svakom-shared.js';

export function encodePulseVibrate(speed: number): HwWrite {
  return bytesWrite([0x55, 0x03, 0x03, 0x00, speed === 0 ? 0x00 : 0x01, u8(speed + 1)]);
}

const ENCODERS: PerCommandSpec = { encoders: { Vibrate: (c) => encodePulseVibrate(c.value) } };

export const SVAKOM_PULSE_DEFINITION: ProtocolDefinition = {
  id: 'svakom-pulse',
  communication: [
    ffe0Btle([
      'SWK-SX013A',
      'Pulse Union',
      'Pulse Galaxie',
      'SX033APP',
      'SX033A',
      'BX288A',
      'QH-SX045A-B',
      'SWK-SX067-B',
      'QH-HX029A-B',
    ]),
  ],
  defaults: device('Svakom Pulse Device', '91a8f7f5-d774-4beb-ad76-9864b3a46597', undefined, [
    output(0, '0ee3c15e-b05d-4c97-bb4a-523a5475c520', 'Vibrate', 9),
  ]),
  configurations: [
    device('Svakom Pulse Lite Neo', '5b9918c8-af63-409f-9749-f5e6faf2dca0', ['SWK-SX013A']),
    device('Svakom Pulse Union', 'f40b1405-cf40-43c5-a568-24e3d2d70c65', ['Pulse Union']),
    device('Svakom Pulse Galaxie', 'cd29302f-31f9-4c9f-aa12-ab381f941e82', ['Pulse Galaxie']),
    device('Svakom Mimiki', 'ccb6ce6f-5dc7-4ce4-bd31-3e8f3af14a4b', ['SX033APP', 'SX033A']),
    device('BeYourLover Kyukyu', 'ea05be83-2991-4cb5-8ad0-b108e0a52a5a', ['BX288A']),
    device('Coleur Dor VX045A', '8abdd83e-af93-4f82-b240-d9eeed81e976', ['QH-SX045A-B']),
    device('Momonii Agatha', 'db486014-b4da-4cad-90f4-2ba53a36e335', ['SWK-SX067-B']),
    device('Coleur Dor HX029A', 'b9851f7f-ddc8-4df5-ad81-3071ec9daab1', ['QH-HX029A-B']),
  ],
};

export const svakomPulse: ProtocolModule = {
  definition: SVAKOM_PULSE_DEFINITION,
  createHandler: (d) => perCommandHandler('svakom-pulse', d, ENCODERS),
};
