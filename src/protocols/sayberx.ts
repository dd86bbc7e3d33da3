// SayberX stroker and its X-Ring controller: in the upstream device config, with no protocol
// implementation upstream (protocol_impl/mod.rs has no "sayberx"), so not driven here either.
// (The stpihkal notes describe "AT+SPD<nn>" speed commands, unverified against upstream.)

import { btle, device, output } from './define.js';
import { undrivenModule } from './shared/handlers.js';

export const sayberx = undrivenModule(
  {
    id: 'sayberx',
    communication: [btle({ names: ['SayberX', 'X-Ring *'], services: { fff0: { rx: 'fff8', tx: 'fff6' } } })],
    defaults: device('SayberX Device', '9635a829-753b-4e5b-825c-24249526af09', undefined, []),
    configurations: [
      device(
        'SayberX',
        '22716d89-5e28-462b-9723-60528fb7373e',
        ['SayberX'],
        [output(0, 'a62d0356-a05f-475c-8a5f-fcfec1327b2a', 'Vibrate', 4)],
      ),
      device('Sayber X-Ring', 'e77a2f7b-8556-48b8-8245-30c2c80681e7', ['X-Ring']),
    ],
  },
  'upstream has no sayberx protocol implementation',
);
