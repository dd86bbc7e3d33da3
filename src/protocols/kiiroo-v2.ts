// Kiiroo v2 (Fleshlight Launch, Kiiroo Onyx 2): a stroker driven by "position speed" pairs on tx,
// both 0–99, after a single 00 byte to the firmware characteristic switches it into command mode.
// The speed is the Launch speed that covers the distance from the previous position in the
// requested time. Facts from the upstream device config (protocol "kiiroo-v2") and kiiroo_v2.rs.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type {
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { launchSpeed } from './kiiroo-launch.js';
import { requireOutputs } from './shared/handlers.js';
import { bytesWrite, f64ToU8, u8 } from './shared/writes.js';

const FIRMWARE = 'firmware';
/** Positions run 0–99; distances are fractions of that. */
const POSITION_MAX = 99;

export const KIIROO_V2_DEFINITION: ProtocolDefinition = {
  id: 'kiiroo-v2',
  communication: [
    btle({
      names: ['Launch', 'Onyx2'],
      services: {
        '88f80580-0000-01e6-aace-0002a5d5c51b': {
          firmware: '88f80583-0000-01e6-aace-0002a5d5c51b',
          rx: '88f80582-0000-01e6-aace-0002a5d5c51b',
          tx: '88f80581-0000-01e6-aace-0002a5d5c51b',
        },
        'f60402a6-0293-4bdb-9f20-6758133f7090': {
          firmware: 'c7b7a04b-2cc4-40ff-8b10-5d531d1161db',
          rx: 'd44d0393-0731-43b3-a373-8fc70b1f3323',
          tx: '02962ac9-e86f-4094-989d-231d69995fc2',
        },
      },
    }),
  ],
  defaults: device('Kiiroo v2 Device', '1de4322c-86c4-40b1-8e1b-1f51c30392c0', undefined, [
    output(0, '49b06ca8-dd4d-4306-91c6-931143dee212', 'HwPositionWithDuration', POSITION_MAX, {
      duration: [0, 100_000],
    }),
  ]),
  configurations: [
    device('Fleshlight Launch', 'f54eacbc-d84d-4c58-9410-9fbff25f14e8', ['Launch']),
    device('Kiiroo Onyx 2', '5f3e8a6a-3a47-43a0-aed6-689101509481', ['Onyx2']),
  ],
};

/**
 * The speed byte for a move from `previous` to `position` over `durationMs`, as upstream computes
 * it for the Launch family (kiiroo_v2.rs, kiiroo_v21.rs): the Launch speed scaled to 0–99.
 */
export function strokeSpeed(previous: number, position: number, durationMs: number): number {
  const distance = Math.abs(previous - position) / POSITION_MAX;
  return f64ToU8(launchSpeed(distance, durationMs) * POSITION_MAX);
}

export function encodeKiirooV2Move(position: number, speed: number): HwWrite {
  return bytesWrite([u8(position), speed]);
}

/** Remembers the last position sent: the next move's speed depends on the distance from it. */
export class KiirooV2Handler implements ProtocolHandler {
  #previous = 0;

  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    const writes: HwWrite[] = [];
    for (const c of changed) {
      const position = u8(c.value);
      writes.push(encodeKiirooV2Move(position, strokeSpeed(this.#previous, position, c.duration ?? 0)));
      this.#previous = position;
    }
    return writes;
  }
}

export const kiirooV2: ProtocolModule = {
  definition: KIIROO_V2_DEFINITION,
  async initialise(hw: HardwareOps) {
    await hw.write(FIRMWARE, Uint8Array.of(0x00), true);
  },
  createHandler(d: ResolvedDevice) {
    requireOutputs(d, ['HwPositionWithDuration'], 'Kiiroo v2');
    return new KiirooV2Handler();
  },
};
