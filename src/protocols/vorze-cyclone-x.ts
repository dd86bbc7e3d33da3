// Vorze (Rends) Cyclone X10: a USB HID rotator taking one 16-byte raw write
// "00 3c 30 31 35 32 pause speed 30 mode 30 01 02 03 68 3e", each field an ASCII digit: pause 0
// (running), speed 0–10, mode 0 forwards / 1 backwards (docs.buttplug.io stpihkal/protocols/
// cyclone). Identification facts from the upstream device config (protocol "vorze-cyclone-x").
// Upstream has no encoder for it; this one writes the report to tx, the endpoint HID devices get
// upstream and on thrum's HID bus (src/workers/hid/).

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { device, output } from './define.js';
import { PerCommandHandler, requireOutputs } from './shared/handlers.js';
import { bytesWrite } from './shared/writes.js';

const ASCII_ZERO = 0x30;

export const VORZE_CYCLONE_X_DEFINITION: ProtocolDefinition = {
  id: 'vorze-cyclone-x',
  communication: [{ other: { bus: 'hid', data: { pairs: [{ product_id: 0x5750, vendor_id: 0x0483 }] } } }],
  defaults: device('Vorze Cyclone X10 Device', 'ac27ce47-6d49-4c43-ac6f-01a19e546305', undefined, [
    output(0, '1d1b4dea-ab29-4426-a9f4-dda2c594eefb', 'Rotate', 10, { min: -10 }),
  ]),
  configurations: [],
};

/** Signed speed: the sign picks the mode (forwards for zero and up), the size the speed digit. */
export function encodeCycloneX(speed: number): HwWrite {
  const mode = speed < 0 ? 1 : 0;
  const digit = Math.min(10, Math.abs(speed));
  return bytesWrite([
    0x00,
    0x3c,
    0x30,
    0x31,
    0x35,
    0x32,
    ASCII_ZERO,
    ASCII_ZERO + digit,
    0x30,
    ASCII_ZERO + mode,
    0x30,
    0x01,
    0x02,
    0x03,
    0x68,
    0x3e,
  ]);
}

function encodeOne(c: OutputCommand): HwWrite {
  return encodeCycloneX(c.value);
}

export const vorzeCycloneX: ProtocolModule = {
  definition: VORZE_CYCLONE_X_DEFINITION,
  createHandler(d: ResolvedDevice) {
    requireOutputs(d, ['Rotate'], 'Vorze Cyclone X10');
    return new PerCommandHandler({ encoders: encodeOne });
  },
};
