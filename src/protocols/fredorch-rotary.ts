// Fredorch rotary machines (M1_*): 5-byte frames [0x55, 0x03, cmd, cmd + 3, 0xaa] on tx. Speed
// cannot be set directly: the machine only steps it up or down by one, or stops. Facts: upstream
// device config "fredorch-rotary" and fredorch_rotary.rs.
//
// Upstream runs a loop that steps the machine's speed towards the target one frame at a time; the
// same frames are produced here by the encoder, all at once: |target − current| steps, then the
// machine is at the target. The machine reports nothing back, so the current speed is what we
// last stepped it to (if it beeps twice it powered off and must be reconnected).

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type {
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle, output } from './define.js';
import { listenOnce } from './shared/exchanges.js';
import { requireOutputs } from './shared/handlers.js';
import { bytesWrite, RX, TX } from './shared/writes.js';

/** upstream waits up to this long for an answer to each init frame; silence is fine. */
export const INIT_ANSWER_TIMEOUT_MS = 100;

const CMD_SPEED_UP = 0x01;
const CMD_SPEED_DOWN = 0x02;
const CMD_STOP = 0x24;

function frame(cmd: number): number[] {
  return [0x55, 0x03, cmd, cmd + 3, 0xaa];
}

/** Handshake, password, power up, stop (upstream fredorch_rotary.rs). */
// One frame per line, in the order written: prettier may rewrap them.
// prettier-ignore
export const INIT_FRAMES: readonly (readonly number[])[] = [
  [0x55, 0x03, 0x99, 0x9c, 0xaa],
  [0x55, 0x09, 0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a, 0xaa],
  [0x55, 0x03, 0x1f, 0x22, 0xaa],
  frame(CMD_STOP),
];

/** The frames that take the machine from speed `from` to `to` (0 = one stop frame). */
export function encodeSpeedChange(from: number, to: number): HwWrite[] {
  if (to === 0) return [bytesWrite(frame(CMD_STOP))];
  const step = bytesWrite(frame(to > from ? CMD_SPEED_UP : CMD_SPEED_DOWN));
  return new Array<HwWrite>(Math.abs(to - from)).fill(step);
}

class FredorchRotaryHandler implements ProtocolHandler {
  #speed = 0;

  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    const writes: HwWrite[] = [];
    for (const c of changed) {
      if (c.type !== 'Oscillate') continue;
      writes.push(...encodeSpeedChange(this.#speed, c.value));
      this.#speed = c.value;
    }
    return writes;
  }
}

async function initialise(hw: HardwareOps): Promise<void> {
  await hw.subscribe(RX);
  for (const data of INIT_FRAMES) {
    const answer = listenOnce(hw, RX, INIT_ANSWER_TIMEOUT_MS);
    await hw.write(TX, Uint8Array.from(data), false);
    // After the password the machine answers nothing; the wait only paces the frames.
    await answer;
  }
}

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, ['Oscillate'], 'Fredorch Rotary');
  return new FredorchRotaryHandler();
}

export const FREDORCH_ROTARY_DEFINITION: ProtocolDefinition = {
  id: 'fredorch-rotary',
  communication: [btle({ names: ['M1_*'], services: { ae10: { tx: 'ae01', rx: 'ae02' } } })],
  defaults: {
    name: 'Fredorch Rotary Device',
    id: '86b9ab9e-8507-4abf-b6af-8ecd01a94476',
    features: [
      output(0, '0ec02168-f724-481a-a927-6ea6df4c89b5', 'Oscillate', 20, {
        description: 'Fucking Machine Oscillation Speed',
      }),
    ],
  },
  configurations: [],
};

export const fredorchRotary: ProtocolModule = {
  definition: FREDORCH_ROTARY_DEFINITION,
  initialise,
  createHandler,
};
