// Hgod (AMN NEO): the device runs only while it keeps hearing [0x55, 0x04, 0, 0, 0, speed] on tx,
// so the packet is repeated every 100 ms while the speed is above zero, and a stop is simply
// silence. Facts: upstream device config "hgod" and hgod.rs (its update loop).

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolHandler, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { btle, output } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export const HGOD_REPEAT_MS = 100;

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0x55, 0x04, 0x00, 0x00, 0x00, speed]);
}

/**
 * Commands only set the speed; the tick writes it, as upstream's loop does (so a new speed is on
 * the air within one period, and a stop ends the packets).
 */
export class HgodHandler implements ProtocolHandler {
  readonly tickMs = HGOD_REPEAT_MS;
  #packet: HwWrite | null = null;

  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    for (const c of changed) {
      if (c.type === 'Vibrate') this.#packet = c.value > 0 ? encodeVibrate(c.value) : null;
    }
    return [];
  }

  tick(): readonly HwWrite[] {
    return this.#packet === null ? [] : [this.#packet];
  }
}

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, ['Vibrate'], 'Hgod');
  return new HgodHandler();
}

export const HGOD_DEFINITION: ProtocolDefinition = {
  id: 'hgod',
  communication: [btle({ names: ['AMN NEO'], services: { ffe3: { tx: 'ffe1', rx: 'ffe2' } } })],
  defaults: {
    name: 'Hgod Device',
    id: 'd786a1cc-7a7c-4b8b-996c-1d2fce573ca2',
    features: [output(0, 'cd638669-9f47-400f-8dcf-80583e7e563a', 'Vibrate', 10)],
  },
  configurations: [],
};

export const hgod: ProtocolModule = {
  definition: HGOD_DEFINITION,
  createHandler,
};
