// Twerking Butt: upstream lists the device (names, characteristics, no features) but has no
// protocol implementation for it, so it is named and never driven. Facts: upstream device config
// "twerkingbutt"; absent from protocol_impl/mod.rs.

import type { ProtocolDefinition } from '../core/database.js';
import { btle, device } from './define.js';
import { undrivenModule } from './shared/handlers.js';

export const TWERKINGBUTT_DEFINITION: ProtocolDefinition = {
  id: 'twerkingbutt',
  communication: [
    btle({
      names: ['BODIKANG', 'Twerking Butt', 'TwerkingButt'],
      services: { '0a60': { tx: '0a66', rx: '0a67' } },
    }),
  ],
  defaults: device('Twerking Butt', '83e29d7a-6f35-499a-90f8-dfba8b674379', undefined, []),
  configurations: [],
};

export const twerkingbutt = undrivenModule(
  TWERKINGBUTT_DEFINITION,
  'upstream has no protocol implementation for it',
);
