// Xuanhuan Masturbator: one packet per command on tx, written with response. The device stops on
// silence, so upstream repeats the current speed every 300 ms while it is not 0 (a loop of its
// own, independent of commands). Facts: upstream device config "xuanhuan" and xuanhuan.rs.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolHandler, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

/** Upstream xuanhuan.rs resends the running speed this often. */
export const XUANHUAN_REPEAT_MS = 300;

/** Vibration 0–10. */
export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([0x03, 0x02, 0x00, speed], true);
}

class XuanhuanHandler implements ProtocolHandler {
  readonly tickMs = XUANHUAN_REPEAT_MS;
  #speed = 0;

  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    return changed.map((c) => {
      this.#speed = c.value;
      return encodeVibrate(c.value);
    });
  }

  tick(): readonly HwWrite[] {
    return this.#speed === 0 ? [] : [encodeVibrate(this.#speed)];
  }
}

export const XUANHUAN_DEFINITION: ProtocolDefinition = {
  id: 'xuanhuan',
  communication: [btle({ names: ['QUXIN'], services: { fffe: { tx: 'fe02' } } })],
  defaults: device('Xuanhuan Masturbator', '60b567f2-8b50-4673-a295-6dda343a7029', undefined, [
    output(0, 'b52a4a37-3eae-40da-a4c2-abe546934900', 'Vibrate', 10),
  ]),
  configurations: [],
};

export const xuanhuan: ProtocolModule = {
  definition: XUANHUAN_DEFINITION,
  createHandler(device) {
    requireOutputs(device, ['Vibrate'], 'xuanhuan');
    return new XuanhuanHandler();
  },
};
