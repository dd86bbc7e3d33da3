// Svakom Sam Neo (upstream svakom_sam.rs). Initialisation subscribes to rx. Two packet
// generations exist, told apart by the characteristics the device has: with a txmode or a
// firmware characteristic, vibration is [18, 1, 3, 0, on ? 4 : 0, speed]; without,
// [18, 1, 3, 0, 5, speed]. Suction (Constrict) is [18, 6, 1, level] on both.
// (Upstream notes that a Sam with firmware but no txmode characteristic vibrates at one speed.)

import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, HwWrite, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { batchAHandler, txWrite, u8 } from './a-shared.js';
import { btle, device, output } from './define.js';

export function encodeSamVibrate(speed: number, secondGeneration: boolean): HwWrite {
  return txWrite(secondGeneration ? [18, 1, 3, 0, speed === 0 ? 0x00 : 0x04, u8(speed)] : [18, 1, 3, 0, 5, u8(speed)]);
}

export function encodeSamSuction(level: number): HwWrite {
  return txWrite([18, 6, 1, u8(level)]);
}

export function isSecondGeneration(endpoints: ReadonlySet<string>): boolean {
  return endpoints.has('txmode') || endpoints.has('firmware');
}

// What initialise learned from the hardware, for createHandler (which sees only the resolved
// device; the runtime passes the same object to both). Weak: nothing outlives the device.
const SECOND_GENERATION = new WeakMap<ResolvedDevice, boolean>();

async function initialise(hw: HardwareOps, resolved: ResolvedDevice): Promise<void> {
  await hw.subscribe('rx');
  SECOND_GENERATION.set(resolved, isSecondGeneration(hw.endpoints));
}

export const SVAKOM_SAM_DEFINITION: ProtocolDefinition = {
  id: 'svakom-sam',
  communication: [btle({ names: ['Sam Neo'], services: { ae00: { rx: 'ae02', tx: 'ae01', txmode: 'ae10' }, ffac: { firmware: 'ffb4' } } })],
  defaults: device('Svakom Sam Neo', 'd5fac59d-8e57-43a6-bcc9-61d06f6b8587', undefined, [
    output(0, '260f221c-b861-4ee2-bd0f-17a0dd9a14ba', 'Vibrate', 10),
    output(1, 'cfdf5760-bce0-465c-a2c6-60c86fdd3c95', 'Constrict', 1),
  ]),
  configurations: [],
};

export const svakomSam: ProtocolModule = {
  definition: SVAKOM_SAM_DEFINITION,
  initialise,
  createHandler(d) {
    const secondGeneration = SECOND_GENERATION.get(d) ?? false;
    return batchAHandler('svakom-sam', d, {
      single: {
        Vibrate: (c) => encodeSamVibrate(c.value, secondGeneration),
        Constrict: (c) => encodeSamSuction(c.value),
      },
    });
  },
};
