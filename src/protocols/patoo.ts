// Patoo: the speed on tx and a mode on txmode, both with response. Mode 4 runs the first motor;
// with it stopped, mode 0x80 runs the second at its speed, and mode 0 stops both. Advertised names
// carry a serial number after the model letters ("PTVEA1234"): the letters are the identifier
// (upstream patoo.rs).

import type { OutputCommand } from '../core/commands.js';
import type {
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { currentValue } from './shared/outputs.js';
import { bytesWrite } from './shared/writes.js';

const MODE_FIRST_MOTOR = 0x04;
const MODE_SECOND_MOTOR = 0x80;
const MODE_STOP = 0x00;

/** "PTVEA1234" → "PTVEA": everything before the first digit. */
export function patooIdentifier(name: string): string {
  const digit = name.search(/[0-9]/);
  return digit < 0 ? name : name.slice(0, digit);
}

/** The toy runs one motor at a time; the first wins when both are set. */
export function encodeSpeeds(speed0: number, speed1: number): HwWrite[] {
  const [speed, mode] =
    speed0 !== 0 ? [speed0, MODE_FIRST_MOTOR] : speed1 !== 0 ? [speed1, MODE_SECOND_MOTOR] : [0, MODE_STOP];
  return [bytesWrite([speed], true, 'tx'), bytesWrite([mode], true, 'txmode')];
}

class PatooHandler implements ProtocolHandler {
  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[] {
    if (changed.length === 0) return [];
    return encodeSpeeds(currentValue(current, 0, 'Vibrate'), currentValue(current, 1, 'Vibrate'));
  }
}

async function identify(hw: HardwareOps): Promise<string> {
  return patooIdentifier(hw.name);
}

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, ['Vibrate'], 'patoo');
  return new PatooHandler();
}

export const patoo: ProtocolModule = {
  definition: {
    id: 'patoo',
    communication: [
      btle({
        names: ['PTVEA*', 'PBT*', 'PCS*', 'PHT*'],
        services: {
          'f000aa64-0451-4000-b000-000000000000': {
            tx: 'f000aa68-0451-4000-b000-000000000000',
            txmode: 'f000aa65-0451-4000-b000-000000000000',
          },
        },
      }),
    ],
    defaults: device('Patoo Device', 'fbb69ec0-dda6-4fca-ae69-390a91c13c03', undefined, [
      output(0, '328761ed-4dd1-4535-9d37-e805f5eb1a61', 'Vibrate', 100),
    ]),
    configurations: [
      device('Patoo Carrot', '929310c1-bf4a-4238-b8d9-96ffcca1f954', ['PTVEA']),
      device('Patoo Vibrator', '91af7b5e-8b16-4489-a916-1584ff1e561c', ['PCS']),
      device('Patoo Bean Sprout', 'a4175adb-1086-4a4a-8a43-9d484e231085', ['PHT']),
      device(
        'Patoo Devil',
        '70af2af2-ba71-4b41-9e5d-4c3000377a2b',
        ['PBT'],
        [
          output(0, 'f2957620-0a5c-4d69-851c-f9d34544e4cc', 'Vibrate', 100),
          output(1, '49f28542-fb54-46e6-a6b8-f412617ce24f', 'Vibrate', 100),
        ],
      ),
    ],
  },
  identify,
  createHandler,
};
