// The Handy (firmware 4+) and the Oh!: "hdy_rpc" protocol-buffers requests on tx, answers on rx.
// The model comes from the advertised name ("OHD_hw4_…" → "hw4"). Init asks the battery and the
// capabilities (answers are only logged upstream). Moves are HdspXpTSet requests, the Oh!'s
// vibration HvpSet (HvpStop at 0), each with a request id counting up. Facts: upstream device
// config "thehandy-v3", thehandy_v3/mod.rs and thehandy_v3/hdy_rpc.rs (field numbers).

import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { proto, type ProtoWriter } from './protobuf-writer.js';
import { listenOnce } from './shared/exchanges.js';
import { perCommandModule } from './shared/handlers.js';
import { RX, TX } from './shared/writes.js';

// hdy_rpc.rs field numbers and values.
const RPC_TYPE = 1;
const RPC_REQUEST = 2;
const MESSAGE_TYPE_REQUEST = 1;
const REQUEST_ID = 2;
const PARAMS_BATTERY_GET = 710;
const PARAMS_CAPABILITIES_GET = 713;
const PARAMS_HDSP_XPT_SET = 744;
const PARAMS_HVP_SET = 900;
const PARAMS_HVP_STOP = 901;
const XPT_XP = 1;
const XPT_T = 2;
const XPT_STOP_ON_TARGET = 3;
const HVP_AMPLITUDE = 1;
const HVP_FREQUENCY = 2;
const HVP_POSITION = 3;

/** Upstream's fixed vibration frequency (Hz); it does not map speed to frequency. */
const HVP_FREQUENCY_HZ = 100;
/** Upstream waits for each init answer without a bound; we go on after this. */
export const INIT_ANSWER_TIMEOUT_MS = 2_000;
/**
 * The first command's request id. Upstream's handler counts ids from 0, but building its
 * keepalive packet takes one, and the server builds it twice when the device is set up (device
 * handle creation), so commands start at 2.
 */
export const FIRST_COMMAND_ID = 2;

/** "OHD_hw4_1234" → "hw4"; names without two underscores are "unknown" (upstream). */
export function modelFromName(name: string): string {
  const bits = name.split('_');
  return bits.length > 2 ? (bits[1] as string) : 'unknown';
}

/** An RpcMessage of type Request carrying one request with `id` and its params. */
export function request(id: number, paramsField: number, params: ProtoWriter = proto()): Uint8Array {
  const body = proto().uint(REQUEST_ID, id).message(paramsField, params);
  return proto().uint(RPC_TYPE, MESSAGE_TYPE_REQUEST).message(RPC_REQUEST, body).bytes();
}

/** Move to `position` (0–100 %) in `duration` ms, stopping there. */
export function encodeMove(id: number, position: number, duration: number): HwWrite {
  const params = proto()
    .float(XPT_XP, Math.fround(position / 100))
    .uint(XPT_T, duration)
    .uint(XPT_STOP_ON_TARGET, true);
  return { endpoint: TX, data: request(id, PARAMS_HDSP_XPT_SET, params), withResponse: true };
}

/** Vibration 0–100 %: HvpSet at a fixed frequency, HvpStop at 0. */
export function encodeVibrate(id: number, speed: number): HwWrite {
  const data =
    speed === 0
      ? request(id, PARAMS_HVP_STOP)
      : request(
          id,
          PARAMS_HVP_SET,
          proto()
            .float(HVP_AMPLITUDE, Math.fround(speed / 100))
            .uint(HVP_FREQUENCY, HVP_FREQUENCY_HZ)
            .float(HVP_POSITION, 0),
        );
  return { endpoint: TX, data, withResponse: true };
}

async function ask(hw: HardwareOps, id: number, paramsField: number): Promise<void> {
  const answer = listenOnce(hw, RX, INIT_ANSWER_TIMEOUT_MS);
  await hw.write(TX, request(id, paramsField), false);
  await answer; // upstream only logs it
}

async function initialise(hw: HardwareOps): Promise<void> {
  await hw.subscribe(RX);
  await ask(hw, 1, PARAMS_BATTERY_GET);
  await ask(hw, 2, PARAMS_CAPABILITIES_GET);
}

export const THEHANDY_V3_DEFINITION: ProtocolDefinition = {
  id: 'thehandy-v3',
  communication: [
    btle({
      names: ['OHD_hw0_*', 'OHD_hw1_*', 'OHD_hw2_*', 'OHD_hw3_*', 'OHD_hw4_*'],
      services: {
        '77834d26-40f7-11ee-be56-0242ac120002': {
          tx: '77835032-40f7-11ee-be56-0242ac120002',
          rx: '77835410-40f7-11ee-be56-0242ac120002',
        },
      },
    }),
  ],
  defaults: device(
    'The Handy (FW4+)',
    'ccbbda59-cf58-477e-b1b2-e0897c4bb0ce',
    undefined,
    // Upstream gives this feature its configuration's uuid.
    [
      output(0, 'ccbbda59-cf58-477e-b1b2-e0897c4bb0ce', 'HwPositionWithDuration', 100, {
        duration: [0, 100000],
      }),
    ],
    { messageGapMs: 50 },
  ),
  configurations: [
    device('The Handy 2 Pro', '156b5088-94f4-4522-a2d3-f1c665755307', ['hw4']),
    device('The Handy 2 Standard', '21686593-c4b8-4772-bc7b-d8986689f394', ['hw3']),
    device(
      'The Oh!',
      'b6ea38ac-ce2c-4fa0-a24f-7f0fc6a23951',
      ['hw1'],
      [output(0, 'e63c0735-ac52-4e4d-adf9-d272a46e53ed', 'Vibrate', 100)],
    ),
  ],
};

export const thehandyV3 = perCommandModule({
  definition: THEHANDY_V3_DEFINITION,
  supported: ['HwPositionWithDuration', 'Vibrate'],
  encodersFor: () => {
    let nextId = FIRST_COMMAND_ID;
    const take = () => {
      const id = nextId;
      nextId = (nextId + 1) >>> 0; // upstream's AtomicU32 wraps
      return id;
    };
    return {
      HwPositionWithDuration: (c) => [encodeMove(take(), c.value, c.duration ?? 0)],
      Vibrate: (c) => [encodeVibrate(take(), c.value)],
    };
  },
  identify: async (hw) => modelFromName(hw.name),
  initialise,
});
