// ServeU stroker: [0x01, goal position, speed], where the speed byte encodes how fast to travel
// from the last goal: position units per second, on a piecewise scale up to 0xfa (upstream
// serveu.rs). The handler remembers the last goal; it starts at 0 as upstream's does.

import type { OutputCommand } from '../core/commands.js';
import type { HwWrite, ProtocolHandler, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

const MAX_SPEED = 0xfa;

/**
 * Units per second → speed byte: ≤50 u/s in steps of 2, ≤750 in steps of 4 from 25, ≤2000 in
 * steps of 25 from 200, beyond that the maximum. No travel is speed 0 (stop). A zero duration
 * asks for infinite speed: the maximum (upstream divides by zero into the same branch).
 */
export function speedByte(from: number, to: number, durationMs: number): number {
  const unitsPerSecond = Math.ceil(Math.abs(to - from) / (durationMs / 1000));
  if (unitsPerSecond <= 0.00001) return 0;
  if (unitsPerSecond <= 50) return Math.ceil(unitsPerSecond / 2);
  if (unitsPerSecond <= 750) return Math.ceil((unitsPerSecond - 50) / 4) + 25;
  if (unitsPerSecond <= 2000) return Math.ceil((unitsPerSecond - 750) / 25) + 200;
  return MAX_SPEED;
}

export function encodeMove(from: number, to: number, durationMs: number): HwWrite {
  return bytesWrite([0x01, to, speedByte(from, to, durationMs)], false);
}

class ServeUHandler implements ProtocolHandler {
  #lastGoal = 0;

  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    const writes: HwWrite[] = [];
    for (const c of changed) {
      if (c.type !== 'HwPositionWithDuration') continue;
      writes.push(encodeMove(this.#lastGoal, c.value, c.duration ?? 0));
      this.#lastGoal = c.value;
    }
    return writes;
  }
}

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, ['HwPositionWithDuration'], 'serveu');
  return new ServeUHandler();
}

export const serveu: ProtocolModule = {
  definition: {
    id: 'serveu',
    communication: [
      btle({
        names: ['ServeU'],
        services: { '31bb1111-33e3-4f3c-a7fb-104288e7cb77': { tx: '31bb2222-33e3-4f3c-a7fb-104288e7cb77' } },
      }),
    ],
    defaults: device('ServeU', '9967414e-8b34-44ed-8b8a-20fe863e0b50', undefined, [
      output(0, '7e756a59-b13c-4322-bc59-27dacfc73b4d', 'HwPositionWithDuration', 100, {
        duration: [0, 100_000],
      }),
    ]),
    configurations: [],
  },
  createHandler,
};
