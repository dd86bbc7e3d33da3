// Sexverse v3 (Tay, Zeus), upstream sexverse_v3.rs: each motor is [0xa1, 4, speed, number],
// numbered from 1 in feature order, written with response. The device stops when it hears
// nothing, so the last packet is repeated every 100 ms while idle.
//
// Zeus's second motor is an Oscillate output. Upstream's v4 handler encodes only Vibrate and
// Rotate, so it refuses Zeus's oscillation; the implementation that added Zeus (upstream commit
// c7a2d814, metaxsire_v3.rs) wrote every scalar output with this same packet, and so do we.

import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandHandler, type PerCommandSpec } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';

export const SEXVERSE_V3_KEEPALIVE_MS = 100;

export function encodeSexverseV3(feature: number, speed: number): HwWrite {
  return bytesWrite([0xa1, 0x04, u8(speed), u8(feature + 1)], true);
}

const ENCODERS: PerCommandSpec = {
  encoders: {
    Vibrate: (c) => encodeSexverseV3(c.feature, c.value),
    Rotate: (c) => encodeSexverseV3(c.feature, c.value),
    Oscillate: (c) => encodeSexverseV3(c.feature, c.value),
  },
  keepaliveMs: SEXVERSE_V3_KEEPALIVE_MS,
};

export const SEXVERSE_V3_DEFINITION: ProtocolDefinition = {
  id: 'sexverse-v3',
  communication: [
    btle({ names: ['TAY001', 'TAY006', 'TAY009', 'TA-S001A'], services: { fff0: { tx: 'fe02' } } }),
  ],
  defaults: device('Sexverse Tay', '2e8ff651-b10d-4686-89b5-b8197e80e159', undefined, [
    output(0, '074a15d1-2efc-4cd8-8f1f-0f32f1468024', 'Vibrate', 20),
  ]),
  configurations: [
    device('Sexverse Tay 1', 'c7615c1d-d53f-4d24-82e1-ce08c301da66', ['TAY001']),
    device('Sexverse Tay 9', 'ddfe0ac7-f275-4e08-b16b-a5cd579e9a9e', ['TAY009']),
    device('Sexverse Tay 6', 'edfecee1-3b6f-4501-a9d9-717b2bd515a2', ['TAY006']),
    device(
      'Sexverse Zeus',
      'ae1e373f-1a35-476b-8da8-6017dcb7e0de',
      ['TA-S001A'],
      [
        output(0, '11c78de9-800a-4444-9647-0ed33181e63c', 'Vibrate', 20),
        output(1, '47646747-4dea-47ba-80b2-407e2a276ae2', 'Oscillate', 20),
      ],
    ),
  ],
};

export const sexverseV3: ProtocolModule = {
  definition: SEXVERSE_V3_DEFINITION,
  createHandler: (d) => perCommandHandler('sexverse-v3', d, ENCODERS),
};
