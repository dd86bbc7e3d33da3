// Svakom Sam Neo (upstream svakom_sam.rs). Initialisation subscribes to rx. Two packet
// generations exist, told apart by the characteristics the device has: with a txmode or a
// firmware characteristic, vibration is [18, 1, 3, 0, on ? 4 : 0, speed]; without,
// [18, 1, 3, 0, 5, speed]. Suction (Constrict) is [18, 6, 1, level] on both.
// (Upstream notes that a Sam with firmware but no txmode characteristic vibrates at one speed.)

import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandHandler } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';

export function encodeSamVibrate(speed: number, secondGeneration: boolean): HwWrite {
  return bytesWrite(
    secondGeneration ? [18, 1, 3, 0, speed === 0 ? 0x00 : 0x04, u8(speed)] : [18, 1, 3, 0, 5, u8(speed)],
  );
}

export function encodeSamSuction(level: number): HwWrite {
  return bytesWrite([18, 6, 1, u8(level)]);
}

export function isSecondGeneration(endpoints: ReadonlySet<string>): boolean {
  return endpoints.has('txmode') || endpoints.has('firmware');
}

async function initialise(hw: HardwareOps): Promise<void> {
  await hw.subscribe('rx');
}

export const SVAKOM_SAM_DEFINITION: ProtocolDefinition = {
  id: 'svakom-sam',
  communication: [
    btle({
      names: ['Sam Neo'],
      services: { ae00: { rx: 'ae02', tx: 'ae01', txmode: 'ae10' }, ffac: { firmware: 'ffb4' } },
    }),
  ],
  defaults: device('Svakom Sam Neo', 'd5fac59d-8e57-43a6-bcc9-61d06f6b8587', undefined, [
    output(0, '260f221c-b861-4ee2-bd0f-17a0dd9a14ba', 'Vibrate', 10),
    output(1, 'cfdf5760-bce0-465c-a2c6-60c86fdd3c95', 'Constrict', 1),
  ]),
  configurations: [],
};

export const svakomSam: ProtocolModule = {
  definition: SVAKOM_SAM_DEFINITION,
  initialise,
  createHandler(d, context) {
    // The generation shows in the device's characteristics (first generation when built offline).
    const secondGeneration = context !== undefined && isSecondGeneration(context.endpoints);
    return perCommandHandler('svakom-sam', d, {
      encoders: {
        Vibrate: (c) => encodeSamVibrate(c.value, secondGeneration),
        Constrict: (c) => encodeSamSuction(c.value),
      },
    });
  },
};
