// Rez TranceVibrator (USB): one byte, the speed, to the vendor control endpoint. The current
// upstream has no implementation (protocol_impl/mod.rs has no "rez-trancevibrator"); the bytes
// are those of upstream's last one (buttplug commit 73b4d662, rez_trance_vibrator.rs). The USB bus
// (src/workers/usb/) turns the write into the vendor control transfer.

import type { HwWrite } from '../core/protocol.js';
import { device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export const VENDOR_CONTROL = 'txvendorcontrol';

export function encodeVibrate(speed: number): HwWrite {
  return bytesWrite([speed], false, VENDOR_CONTROL);
}

export const rezTrancevibrator = perCommandModule({
  definition: {
    id: 'rez-trancevibrator',
    communication: [{ other: { bus: 'usb', data: { pairs: [{ product_id: 1615, vendor_id: 2889 }] } } }],
    defaults: device('Rez TranceVibrator', '04923383-f64b-4b39-bed6-83862c5314d5', undefined, [
      output(0, '01e369e0-541d-417a-9809-0600dab964c6', 'Vibrate', 255),
    ]),
    configurations: [],
  },
  encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
});
