// Nintendo Joy-Con (HID): after enabling vibration (subcommand 0x48), upstream sends a rumble
// report every 15 ms for as long as the device is connected, both motors at the latest amplitude
// (200 Hz), or a stop rumble at 0; commands only change that amplitude. The reports go out through
// the HID bus (src/workers/hid/). Facts: upstream device config
// "nintendo-joycon" and nintendo_joycon.rs (rumble encoding from the Joy-Con reverse-engineering
// notes it follows).

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, HwWrite, ProtocolHandler, ProtocolModule } from '../core/protocol.js';
import { device, output } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { TX } from './shared/writes.js';

/** Upstream's rumble loop period. */
export const RUMBLE_PERIOD_MS = 15;
const REPORT_LENGTH = 0x40;
const COMMAND_RUMBLE_AND_SUBCOMMAND = 0x01;
const COMMAND_RUMBLE_ONLY = 0x10;
const SUBCOMMAND_ENABLE_VIBRATION = 0x48;
const RUMBLE_FREQUENCY_HZ = 200;

const f32 = Math.fround;
/** Rust's float → u8 cast: truncate toward zero, saturate at 0 and 255, NaN → 0. */
const u8 = (x: number): number => (Number.isNaN(x) ? 0 : Math.min(255, Math.max(0, Math.trunc(x))));
/** Rust's f32::round: halves away from zero. */
const round = (x: number): number => f32(Math.sign(x) * Math.round(Math.abs(x)));

/** One motor's 4 rumble bytes for (frequency Hz, amplitude 0–1.799), computed in f32 as upstream. */
export function rumbleBytes(frequency: number, amplitude: number): number[] {
  const freq = f32(Math.min(1252, Math.max(0, frequency)));
  const amp = f32(Math.min(1.799, Math.max(0, amplitude)));
  const hexFreq = u8(round(f32(f32(Math.log2(f32(freq / 10))) * 32)));
  const hfFreq = Math.max(0, hexFreq - 0x60) * 4;
  const lfFreq = Math.max(0, hexFreq - 0x41) + 1;
  let hexAmp: number;
  if (amp > f32(0.23)) hexAmp = u8(round(f32(f32(Math.log2(f32(amp * 8.7))) * 32)));
  else if (amp > f32(0.12)) hexAmp = u8(round(f32(f32(Math.log2(f32(amp * 17))) * 16)));
  else hexAmp = u8(round(f32(f32(f32(f32(Math.log2(amp)) * 32) - 96) / f32(4 - f32(2 * amp)))));
  const hfAmp = Math.min(0x1fc, hexAmp * 2);
  const lfAmp = Math.min(0x7f, Math.floor(hexAmp / 2) + 64);
  // Upstream shifts the u8 low-frequency amplitude right by 8 with `wrapping_shr`, which on a u8
  // shifts by 8 mod 8 = 0: the amplitude itself is added (saturating) to the frequency byte.
  return [hfFreq & 0xff, (hfAmp + (hfFreq >> 8)) & 0xff, Math.min(255, lfFreq + lfAmp), lfAmp];
}

/** A 64-byte output report: command, packet number, left and right rumble, subcommand, data. */
export function report(
  command: number,
  packetNumber: number,
  subcommand: number,
  data: readonly number[],
  rumble?: readonly number[],
): HwWrite {
  const buf = new Uint8Array(REPORT_LENGTH);
  buf[0] = command;
  buf[1] = packetNumber;
  if (rumble) {
    buf.set(rumble, 2);
    buf.set(rumble, 6);
  }
  buf[10] = subcommand;
  buf.set(data, 11);
  return { endpoint: TX, data: buf, withResponse: false };
}

export function encodeEnableVibration(): HwWrite {
  return report(COMMAND_RUMBLE_AND_SUBCOMMAND, 0, SUBCOMMAND_ENABLE_VIBRATION, [0x01]);
}

/** The rumble report for a speed 0–1000 (amplitude speed/1000; ≤ 0.001 is the stop rumble). */
export function encodeRumble(speed: number): HwWrite {
  const amp = f32(f32(speed) / 1000);
  const rumble = amp > f32(0.001) ? rumbleBytes(RUMBLE_FREQUENCY_HZ, amp) : rumbleBytes(0, 0);
  return report(COMMAND_RUMBLE_ONLY, 1, 0, [], rumble);
}

class JoyconHandler implements ProtocolHandler {
  readonly tickMs = RUMBLE_PERIOD_MS;
  #speed = 0;

  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    for (const c of changed) this.#speed = c.value;
    return [];
  }

  tick(): readonly HwWrite[] {
    return [encodeRumble(this.#speed)];
  }
}

export const NINTENDO_JOYCON_DEFINITION: ProtocolDefinition = {
  id: 'nintendo-joycon',
  communication: [
    {
      other: {
        bus: 'hid',
        data: {
          pairs: [
            { product_id: 8199, vendor_id: 1406 },
            { product_id: 8198, vendor_id: 1406 },
            { product_id: 8201, vendor_id: 1406 },
          ],
        },
      },
    },
  ],
  defaults: device('Nintendo Joycon', '0aae8323-9095-4b71-b151-d5ef93ab8f6d', undefined, [
    output(0, '7a3195c9-4c04-4004-9fac-a475983f1dd4', 'Vibrate', 1000),
  ]),
  configurations: [],
};

export const nintendoJoycon: ProtocolModule = {
  definition: NINTENDO_JOYCON_DEFINITION,
  async initialise(hw: HardwareOps) {
    const enable = encodeEnableVibration();
    await hw.write(enable.endpoint, enable.data, enable.withResponse);
  },
  createHandler(device) {
    requireOutputs(device, ['Vibrate'], 'nintendo-joycon');
    return new JoyconHandler();
  },
};
