// Luvmazer: [0xa0, channel, a, b, c, level] per output type (upstream luvmazer.rs): vibration
// names its motor, rotation and oscillation have fixed channels, and constriction sends 0x14 in
// the fifth byte while running, 0 when stopped.

import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

export function encodeVibrate(motor: number, speed: number): HwWrite {
  return bytesWrite([0xa0, 0x01, 0x00, motor, 0x64, speed], false);
}

export function encodeRotate(speed: number): HwWrite {
  return bytesWrite([0xa0, 0x0f, 0x00, 0x00, 0x64, speed & 0xff], false);
}

export function encodeOscillate(speed: number): HwWrite {
  return bytesWrite([0xa0, 0x06, 0x01, 0x00, 0x64, speed], false);
}

export function encodeConstrict(level: number): HwWrite {
  return bytesWrite([0xa0, 0x0d, 0x00, 0x00, level === 0 ? 0x00 : 0x14, level], false);
}

export const luvmazer = perCommandModule({
  definition: {
    id: 'luvmazer',
    communication: [
      btle({
        names: ['TKLM-W001-BT', 'TKLM-W003-BT-RX', 'TKLM-C003-BT', 'TKLM-C004-BT', 'TKLM-C005-BT'],
        services: { ffa0: { tx: 'ffa1' } },
      }),
    ],
    defaults: device('Luvmazer Finger Magic', 'c6d24bef-8263-4e3b-898d-7aeb7e58cc11', undefined, [
      output(0, 'af257986-e34f-47f9-a69e-7a78afd43d31', 'Vibrate', 255),
      output(1, '8f021f8a-a07e-4934-af3b-fa3bafd2a747', 'Rotate', 255),
    ]),
    configurations: [
      device('Luvmazer Finger Magic', 'cb63c51d-ed29-4e07-81ce-aca8162e52ba', ['TKLM-W001-BT']),
      device(
        'Luvmazer Cat Paw',
        '54723a02-4d77-4d58-90ee-1e692768db9d',
        ['TKLM-W003-BT-RX'],
        [
          output(0, '8deea69f-ea53-46bb-80ae-51dd5d49bba9', 'Vibrate', 255),
          output(1, '5ae8bb6f-6280-4a8d-9e08-a3d5e5fb89a8', 'Oscillate', 255),
        ],
      ),
      device(
        'Luvmazer Cock Ring',
        '3f3cb905-d570-41dc-80ed-720762770093',
        ['TKLM-C003-BT'],
        [
          output(0, '4dd378c8-a91b-400e-846b-f16e81ac5690', 'Vibrate', 255),
          output(1, 'c04a2518-81a2-49cb-8a0a-1a5b9c163737', 'Vibrate', 255),
        ],
      ),
      device(
        'Luvmazer Interstellar',
        'd76d8d49-beca-49f3-931e-5a040b463111',
        ['TKLM-C004-BT'],
        [
          output(0, 'e04ad6f5-278e-4acc-b6fa-711954c2e1ab', 'Vibrate', 255),
          output(1, '8a4f2884-887f-46e3-9a36-c0b91b1b1363', 'Oscillate', 255),
          output(2, '389aa8b8-2550-462c-bd4f-1158c0981606', 'Constrict', 54),
        ],
      ),
      device(
        'Luvmazer Dildo',
        'bf7f9090-02a4-43b7-9752-232c97a05a49',
        ['TKLM-C005-BT'],
        [
          output(0, 'd4559035-06e7-4ee1-a3ac-08f46abe10a8', 'Vibrate', 255),
          output(1, '264aa9db-05ee-49dc-bf95-15ecd90bad5c', 'Oscillate', 255),
        ],
      ),
    ],
  },
  encoders: {
    Vibrate: (c) => [encodeVibrate(c.feature, c.value)],
    Rotate: (c) => [encodeRotate(c.value)],
    Oscillate: (c) => [encodeOscillate(c.value)],
    Constrict: (c) => [encodeConstrict(c.value)],
  },
});
