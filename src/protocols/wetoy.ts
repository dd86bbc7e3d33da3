// WeToy MiNa: an init packet, then one packet per command on tx, written with response; stop is
// the init packet again. Facts: upstream device config "wetoy" and wetoy.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite, TX } from './shared/writes.js';

const STOP = [0x80, 0x03];

/** Vibration 0–3: 0 is the stop packet, levels 1–3 are the device's modes 0–2. */
export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite(speed === 0 ? STOP : [0xb2, speed - 1], true);
}

export const WETOY_DEFINITION: ProtocolDefinition = {
  id: 'wetoy',
  communication: [btle({ names: ['WeToy'], services: { fff0: { tx: 'fff3' } } })],
  defaults: device('WeToy MiNa', '1c7420e2-1af5-4b1c-8247-6a3702eb2335', undefined, [
    output(0, '693b0fbc-eee5-4948-b8f4-aa264a78bcc2', 'Vibrate', 3),
  ]),
  configurations: [],
};

export const wetoy = perCommandModule({
  definition: WETOY_DEFINITION,
  supported: ['Vibrate'],
  encodersFor: () => ({ Vibrate: (c) => [encodeVibrate(c.value)] }),
  async initialise(hw) {
    await hw.write(TX, Uint8Array.from(STOP), true);
  },
});
