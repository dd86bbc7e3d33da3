// Youcups Warrior II: an ASCII command per vibration level on tx, no response. Facts: upstream
// device config "youcups" and youcups.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { textWrite } from './shared/writes.js';

/** Vibration 0–8 as "$SYS,<level>?". */
export function encodeVibrate(speed: number): HwWrite {
  return textWrite(`$SYS,${speed & 0xff}?`, false);
}

export const YOUCUPS_DEFINITION: ProtocolDefinition = {
  id: 'youcups',
  communication: [
    btle({ names: ['Youcups'], services: { fee9: { tx: 'd44bc439-abfd-45a2-b575-925416129600' } } }),
  ],
  defaults: device('Youcups Warrior II', 'f73311e4-69d4-43d7-9781-1294e9d5bf0d', undefined, [
    output(0, 'd0c286dc-2608-4f8a-a621-3f65927ed57e', 'Vibrate', 8),
  ]),
  configurations: [],
};

export const youcups = perCommandModule({
  definition: YOUCUPS_DEFINITION,
  supported: ['Vibrate'],
  encodersFor: () => ({ Vibrate: (c) => [encodeVibrate(c.value)] }),
});
