// Lovehoney Desire: [0xf3, motor, speed] on tx, with response. Motor 0 addresses the whole toy;
// the two-motor Prostate Vibrator takes 1 and 2 for its motors, and 0 when both run at the same
// speed (upstream lovehoney_desire.rs).

import type { OutputCommand } from '../core/commands.js';
import type { HwWrite, ProtocolHandler, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { currentValue } from './shared/outputs.js';
import { bytesWrite } from './shared/writes.js';

export function encodeMotor(motor: 0 | 1 | 2, speed: number): HwWrite {
  return bytesWrite([0xf3, motor, speed], true);
}

/** Both motors' speeds as the writes the Prostate Vibrator takes. */
export function encodeDual(speed0: number, speed1: number): HwWrite[] {
  return speed0 === speed1 ? [encodeMotor(0, speed0)] : [encodeMotor(1, speed0), encodeMotor(2, speed1)];
}

class SingleMotorHandler implements ProtocolHandler {
  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    return changed.map((c) => encodeMotor(0, c.value));
  }
}

/** Upstream writes both motors from its remembered speeds; here they are the current table. */
class DualMotorHandler implements ProtocolHandler {
  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[] {
    if (changed.length === 0) return [];
    return encodeDual(currentValue(current, 0, 'Vibrate'), currentValue(current, 1, 'Vibrate'));
  }
}

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, ['Vibrate'], 'lovehoney-desire');
  // Upstream picks the command set by the number of output features.
  return device.features.filter((f) => f.output !== undefined).length === 1
    ? new SingleMotorHandler()
    : new DualMotorHandler();
}

export const lovehoneyDesire: ProtocolModule = {
  definition: {
    id: 'lovehoney-desire',
    communication: [
      btle({ names: ['PROSTATE VIBE', 'KNICKER VIBE', 'LOVE EGG'], services: { ff00: { tx: 'ff01' } } }),
    ],
    defaults: device('Lovehoney Device', 'fabcaab7-a38b-4c24-bf36-2ca4905a1e49', undefined, [
      output(0, '716bdae7-2075-4e8a-a2cb-d37b6fc35a5b', 'Vibrate', 127),
      output(1, 'ce0315b0-9918-4769-af8e-6ec6258d0e1a', 'Vibrate', 127),
    ]),
    configurations: [
      device('Lovehoney Desire Prostate Vibrator', 'd7aa359d-a9f0-40b1-8e20-b55e8ef809c0', ['PROSTATE VIBE']),
      device(
        'Lovehoney Desire Knicker Vibrator',
        '439c5fe2-3e8d-4917-bcd7-8f24824d854b',
        ['KNICKER VIBE'],
        [output(0, '5e192f37-2beb-4e21-b182-ff113642f465', 'Vibrate', 127)],
      ),
      device(
        'Lovehoney Desire Love Egg',
        '00d4e759-900d-4c37-b6a3-ce446bb8f590',
        ['LOVE EGG'],
        [output(0, '980c9d39-e0bc-45d9-8d41-3e95af348d6c', 'Vibrate', 127)],
      ),
    ],
  },
  createHandler,
};
