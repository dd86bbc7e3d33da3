// Xibao Smart Masturbation Cup: one fixed-frame packet per command on tx, no response. Facts:
// upstream device config "xibao" and xibao.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

/** Stroke speed 0–99; the last byte is the speed plus 0xb5, modulo 256. */
export function encodeOscillate(speed: number): HwWrite {
  return bytesWrite(
    [0x66, 0x3a, 0x00, 0x06, 0x00, 0x06, 0x01, 0x02, 0x00, 0x02, 0x04, speed, speed + 0xb5],
    false,
  );
}

export const XIBAO_DEFINITION: ProtocolDefinition = {
  id: 'xibao',
  communication: [btle({ names: ['CCYB_*'], services: { fff0: { tx: 'fff2' } } })],
  defaults: device('Xibao Smart Masturbation Cup', '3a3dd2ec-01d9-48d2-afbf-a969c33a147c', undefined, [
    output(0, 'c91a5d82-547c-4bcb-8cd9-1a5085253d11', 'Oscillate', 99),
  ]),
  configurations: [],
};

export const xibao = perCommandModule({
  definition: XIBAO_DEFINITION,
  supported: ['Oscillate'],
  encodersFor: () => ({ Oscillate: (c) => [encodeOscillate(c.value)] }),
});
