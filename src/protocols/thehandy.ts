// The Handy (firmware before 4): "handyplug" protocol-buffers messages on tx, written with
// response. Only moves are sent: a LinearCmd (id 2, device 0) with one vector (index 0, duration,
// position 0.0–1.0). Upstream sends no session setup (its protocomm exchange is disabled) and no
// stop (a position cannot be stopped). Facts: upstream device config "thehandy", thehandy/mod.rs
// and thehandy/handyplug.proto.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { proto, type ProtoWriter } from './protobuf-writer.js';
import { perCommandModule } from './shared/handlers.js';
import { TX } from './shared/writes.js';

// handyplug.proto field numbers.
const PAYLOAD_MESSAGES = 1;
const MESSAGE_PING = 102;
const MESSAGE_LINEAR_CMD = 403;
const LINEAR_ID = 1;
const LINEAR_DEVICE_INDEX = 2;
const LINEAR_VECTORS = 3;
const VECTOR_INDEX = 1;
const VECTOR_DURATION = 2;
const VECTOR_POSITION = 3;
const PING_ID = 1;

/** Upstream's fixed message id for moves (the protocol handles one command at a time). */
const LINEAR_MESSAGE_ID = 2;
/** Upstream's keepalive ping id. */
const PING_MESSAGE_ID = 999;

function payload(field: number, message: ProtoWriter): Uint8Array {
  return proto().message(PAYLOAD_MESSAGES, proto().message(field, message)).bytes();
}

/** Move to `position` (0–100 %) in `duration` ms. */
export function encodeMove(position: number, duration: number): HwWrite {
  const vector = proto()
    .uint(VECTOR_INDEX, 0)
    .uint(VECTOR_DURATION, duration)
    .double(VECTOR_POSITION, position / 100);
  const linear = proto()
    .uint(LINEAR_ID, LINEAR_MESSAGE_ID)
    .uint(LINEAR_DEVICE_INDEX, 0)
    .message(LINEAR_VECTORS, vector);
  return { endpoint: TX, data: payload(MESSAGE_LINEAR_CMD, linear), withResponse: true };
}

/**
 * The ping upstream repeats as a keepalive only on Bluetooth stacks that require one (its iOS
 * setting, every 5 s); on the platforms thrum runs on upstream never sends it, so neither do we.
 */
export function encodePing(): HwWrite {
  return {
    endpoint: TX,
    data: payload(MESSAGE_PING, proto().uint(PING_ID, PING_MESSAGE_ID)),
    withResponse: true,
  };
}

export const THEHANDY_DEFINITION: ProtocolDefinition = {
  id: 'thehandy',
  communication: [
    btle({
      names: ['The Handy'],
      services: {
        '1775244d-6b43-439b-877c-060f2d9bed07': {
          tx: '1775ff55-6b43-439b-877c-060f2d9bed07',
          firmware: '1775ff51-6b43-439b-877c-060f2d9bed07',
        },
      },
    }),
  ],
  defaults: device(
    'The Handy',
    'fc9de0ed-0f9f-402e-a1b5-4d1865e7b87b',
    undefined,
    [
      output(0, '32309a60-f980-490d-a5f4-467ccae2d586', 'HwPositionWithDuration', 100, {
        duration: [0, 100000],
      }),
    ],
    { messageGapMs: 50 },
  ),
  configurations: [],
};

export const thehandy = perCommandModule({
  definition: THEHANDY_DEFINITION,
  supported: ['HwPositionWithDuration'],
  encodersFor: () => ({
    HwPositionWithDuration: (c: OutputCommand) => [encodeMove(c.value, c.duration ?? 0)],
  }),
});
