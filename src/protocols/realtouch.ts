// RealTouch (USB HID): in the upstream device config, with no protocol implementation upstream
// (protocol_impl/mod.rs has no "realtouch"): listed, never driven (the HID bus finds one and the
// runtime refuses it as not implemented).

import { device, output } from './define.js';
import { undrivenModule } from './shared/handlers.js';

export const realtouch = undrivenModule(
  {
    id: 'realtouch',
    communication: [{ other: { bus: 'hid', data: { pairs: [{ product_id: 1, vendor_id: 8020 }] } } }],
    defaults: device('RealTouch', '2b428728-0785-4cbc-a71f-4f48412af194', undefined, [
      output(0, '60da884f-131a-4036-ae93-97efc97591e2', 'HwPositionWithDuration', 99, {
        duration: [0, 100_000],
      }),
    ]),
    configurations: [],
  },
  'upstream has no realtouch protocol implementation',
);
