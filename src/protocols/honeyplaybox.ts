// Honey Play Box: framed packets (STX, a 5-byte flag, a counter, type/command/length, data, ETX,
// CRC-16/MODBUS) on tx. A handshake fetches a 16-byte random token; every vibration packet then
// carries all motors plus the first 8 bytes of an MD5 over the packet, a fixed secret and that
// token. The toy stops on silence, so the current values are resent after 500 ms without a
// command. Facts from the upstream device config (protocol "honeyplaybox") and honeyplaybox.rs.

import { createHash } from 'node:crypto';
import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { InputType, OutputType } from '../core/features.js';
import type {
  HandlerContext,
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { currentOf, outputIndexes } from './shared/outputs.js';
import { type ConfigRow, configsFromRows, defaultsFromRow } from './shared/rows.js';
import { bytesWrite, RX, TX } from './shared/writes.js';

/** Upstream: a keepalive check every 100 ms sends when 500 ms passed since the last packet. */
export const KEEPALIVE_TICK_MS = 100;
export const KEEPALIVE_AFTER_MS = 500;
/** Upstream gives up after this many handshake timeouts; the n-th wait lasts n seconds. */
export const HANDSHAKE_RETRIES = 3;
/** Upstream reads the battery without a bound; we stop here. */
export const BATTERY_TIMEOUT_MS = 2_000;

const STX = 0x02;
const ETX = 0x03;
const FLAG = [0xa5, 0x5a, 0x55, 0xaa, 0xf0] as const;
const HEADER = [STX, ...FLAG] as const;
const TYPE = 0xb1;
const CMD_HANDSHAKE = 0x01;
const CMD_VIBRATE = 0x03;
const RESPONSE_OK = 0x9000;
const SECRET = [
  0x8b, 0xe3, 0xfd, 0x04, 0x68, 0x35, 0x09, 0x86, 0x12, 0x1a, 0xbf, 0x03, 0x30, 0xe9, 0xe3, 0xc5,
];

// ------------------------------------------------------------------ frames

export function crc16Modbus(data: readonly number[]): number {
  let crc = 0xffff;
  for (const b of data) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

export function buildFrame(type: number, cmd: number, data: readonly number[], counter: number): Uint8Array {
  const head = [type, cmd, (data.length >> 8) & 0xff, data.length & 0xff, ...data];
  const crc = crc16Modbus(head);
  return Uint8Array.from([...HEADER, counter & 0xff, ...head, ETX, crc >> 8, crc & 0xff]);
}

export interface ResponseFrame {
  readonly type: number;
  readonly cmd: number;
  readonly data: Uint8Array;
  /** The first two data bytes, big-endian; undefined when the data is shorter. */
  readonly code?: number;
}

export function parseResponse(frame: Uint8Array): ResponseFrame | undefined {
  if (frame.length < 15) return undefined;
  const len = (frame[9]! << 8) | frame[10]!;
  if (frame.length < 11 + len + 3) return undefined;
  const data = frame.subarray(11, 11 + len);
  return {
    type: frame[7]!,
    cmd: frame[8]!,
    data,
    ...(data.length >= 2 && { code: (data[0]! << 8) | data[1]! }),
  };
}

/** The handshake answer's token: data bytes 2–17. */
export function extractToken(frame: Uint8Array): Uint8Array | undefined {
  const len = (frame[9]! << 8) | frame[10]!;
  if (frame.length < 11 + len || len < 18) return undefined;
  return frame.slice(13, 29);
}

/** Reassembles frames split over notifications; bytes before a header are dropped. */
export class FrameCollector {
  #buffer: number[] = [];

  push(bytes: Uint8Array): Uint8Array[] {
    this.#buffer.push(...bytes);
    const frames: Uint8Array[] = [];
    for (;;) {
      const start = this.#findHeader();
      if (start < 0) {
        this.#buffer = [];
        break;
      }
      this.#buffer.splice(0, start);
      if (this.#buffer.length < 11) break;
      const dataLen = (this.#buffer[9]! << 8) | this.#buffer[10]!;
      const frameLen = 11 + dataLen + 3;
      if (this.#buffer.length < frameLen) break;
      if (this.#buffer[11 + dataLen] !== ETX) {
        this.#buffer.splice(0, 1); // not a frame after all: look for the next header
        continue;
      }
      frames.push(Uint8Array.from(this.#buffer.splice(0, frameLen)));
      if (this.#buffer.length < 11) break;
    }
    return frames;
  }

  #findHeader(): number {
    const b = this.#buffer;
    outer: for (let i = 0; i + HEADER.length <= b.length; i++) {
      for (let k = 0; k < HEADER.length; k++) if (b[i + k] !== HEADER[k]) continue outer;
      return i;
    }
    return -1;
  }
}

// ------------------------------------------------------------------ vibration packets (pure)

/** Per motor: mode 1 in the low nibble, the motor in the high; 00 05; 6 s (60 × 100 ms); frequency 0; strength. */
function motorGroup(motor: number, strength: number): number[] {
  return [((motor & 0x0f) << 4) | 1, 0x00, 0x05, 0x00, 60, 0x00, 0x00, strength & 0xff];
}

/** The groups, then MD5(type, cmd, length, groups, secret, token)[0..8]; length counts the 8 too. */
export function vibratePayload(token: Uint8Array, strengths: readonly number[]): number[] {
  const groups = strengths.flatMap((s, i) => motorGroup(i, s));
  const length = groups.length + 8;
  const digest = createHash('md5')
    .update(Uint8Array.from([TYPE, CMD_VIBRATE, (length >> 8) & 0xff, length & 0xff, ...groups, ...SECRET]))
    .update(token)
    .digest();
  return [...groups, ...digest.subarray(0, 8)];
}

export function encodeVibrate(token: Uint8Array, strengths: readonly number[], packetId: number): HwWrite {
  return bytesWrite(buildFrame(TYPE, CMD_VIBRATE, vibratePayload(token, strengths), packetId), true);
}

// ------------------------------------------------------------------ handshake

export interface Session {
  readonly token: Uint8Array;
  /** The frame counter after the handshake; vibration packets continue from it. */
  readonly counter: number;
}

const noop = (): void => undefined;

/**
 * Write the handshake, read up to three notifications, write it again; the n-th timed-out wait
 * lasts n seconds and the fourth timeout fails, as upstream does. An error code fails at once.
 */
export async function handshake(hw: HardwareOps): Promise<Session> {
  await hw.subscribe(RX);
  const collector = new FrameCollector();
  let counter = 0;
  let timeouts = 0;
  for (;;) {
    let next = hw.nextNotification(RX, (timeouts + 1) * 1000);
    next.catch(noop);
    await hw.write(TX, buildFrame(TYPE, CMD_HANDSHAKE, [0x00, 0x10], counter), true);
    counter = (counter + 1) & 0xff;
    for (let read = 0; read < 3; read++) {
      if (read > 0) {
        next = hw.nextNotification(RX, (timeouts + 1) * 1000);
        next.catch(noop);
      }
      let bytes: Uint8Array;
      try {
        bytes = await next;
      } catch {
        timeouts++;
        if (timeouts > HANDSHAKE_RETRIES)
          throw new Error(`Honey Play Box handshake failed after ${HANDSHAKE_RETRIES} retries`);
        continue;
      }
      for (const frame of collector.push(bytes)) {
        const code = parseResponse(frame)?.code;
        if (code === undefined) continue;
        if (code !== RESPONSE_OK)
          throw new Error(
            `Honey Play Box handshake failed, code=${code.toString(16).toUpperCase().padStart(4, '0')}`,
          );
        const token = extractToken(frame);
        if (token !== undefined) return { token, counter };
      }
    }
  }
}

// ------------------------------------------------------------------ handler

const OUTPUT_TYPES: readonly OutputType[] = ['Vibrate', 'Oscillate', 'Rotate'];

class HoneyPlayBoxHandler implements ProtocolHandler {
  readonly tickMs = KEEPALIVE_TICK_MS;
  #packetId: number;
  #ticksSinceSend = 0;
  #strengths: number[];

  constructor(
    private readonly token: Uint8Array,
    counter: number,
    /** Output features in order; a motor's number is its position here. */
    private readonly motors: readonly number[],
  ) {
    this.#packetId = counter;
    this.#strengths = motors.map(() => 0);
  }

  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[] {
    if (changed.length === 0) return [];
    this.#strengths = this.motors.map((f) => Math.abs(currentOf(current, f, OUTPUT_TYPES)));
    return [this.#packet()];
  }

  /** The keepalive: the current strengths again after 500 ms without a packet. */
  tick(): readonly HwWrite[] {
    if (++this.#ticksSinceSend < KEEPALIVE_AFTER_MS / KEEPALIVE_TICK_MS) return [];
    return [this.#packet()];
  }

  #packet(): HwWrite {
    this.#ticksSinceSend = 0;
    this.#packetId = (this.#packetId + 1) & 0xff;
    return encodeVibrate(this.token, this.#strengths, this.#packetId);
  }

  async readInput(hw: HardwareOps, _feature: number, type: InputType): Promise<readonly number[]> {
    if (type !== 'Battery') throw new Error(`Honey Play Box has no readable ${type} input`);
    const data = await hw.read('rxblebattery', 20, BATTERY_TIMEOUT_MS);
    return [data[0] ?? 0];
  }
}

function createHandler(device: ResolvedDevice, context?: HandlerContext<Session>): ProtocolHandler {
  requireOutputs(device, new Set(OUTPUT_TYPES), 'Honey Play Box');
  const session = context?.learned;
  if (session === undefined) throw new Error(`Honey Play Box ${device.config.name}: no handshake token`);
  return new HoneyPlayBoxHandler(session.token, session.counter, outputIndexes(device.features));
}

// ------------------------------------------------------------------ database entry

const NAMES = [
  'JXT002',
  'HPB-393-1',
  'HPB-0520',
  'HONEY-835',
  'HPB-399',
  'HPB-398',
  'HPB-437',
  'HPB-296',
  'HPB-297',
  'HPB-376-1',
  'JXT001',
  'HPB-DDT003',
  'HPB-391',
  'HPB-472',
  'HPB-393',
  'HBP-JXT001',
];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    '180f': { rxblebattery: '2a19' },
    ff12: { rx: 'ff02', tx: 'ff03' },
  },
});

const DEFAULTS = defaultsFromRow('Honey Play Box Device', '1eca1a4f-eeae-4da0-a9b6-a8dd1bc38f74', [
  [0, 'V100', 'b29ed0d1-5eab-41e0-bdb9-487b34f979e4'],
  [1, 'B', 'acfaa268-2fc3-4192-ac90-16d64f598999'],
]);

const CONFIGS: readonly ConfigRow[] = [
  ['HPB-0520', 'Honey Play Box Pearl 2', 'da2a5051-be98-4c1b-b8a9-03836fadfd0e'],
  ['HONEY-835', 'Honey Play Box Lili', '71f44e23-43b9-491b-9e7c-f38437619147'],
  ['HPB-398', 'Honey Play Box Pleasure Pivot', 'c205e707-9561-4016-97aa-0bde609b0edc'],
  ['HPB-296', 'Honey Play Box Anello', '0a9c43fb-2d58-4af9-aef2-60f48c6e7707'],
  ['HBP-JXT001', 'Honey Play Box Puff', '0a9c43fb-2d58-4af9-aef2-60f48c6e7707'],
  [
    'JXT002',
    'Honey Play Box Vibrosa',
    'af0ddeec-2e45-41d1-953d-9052dd960ffb',
    [
      [0, 'V100', 'a92be3ba-ac13-41b9-b199-4396c658208e'],
      [1, 'V100', '609f4878-840b-4240-a3d4-08b687527bf6'],
      [2, 'B', 'dff15849-789e-49ee-afdd-73099d606e1c'],
    ],
  ],
  [
    'HPB-393',
    'Honey Play Box Oly',
    'aa161c35-4074-441d-8277-d56cf56f3610',
    [
      [0, 'V100', '7b6fdb3a-578e-4af8-aa5f-fa6b0cc38b46'],
      [1, 'V100', '76647712-0a86-4391-9812-c5a2c4717264'],
      [2, 'B', '372549a4-2665-4bc8-9aac-f5f993f96208'],
    ],
  ],
  [
    'HPB-393-1',
    'Honey Play Box Oly 2',
    'aa161c35-4074-441d-8277-d56cf56f3610',
    [
      [0, 'V100', '7b6fdb3a-578e-4af8-aa5f-fa6b0cc38b46'],
      [1, 'V100', '76647712-0a86-4391-9812-c5a2c4717264'],
      [2, 'B', '372549a4-2665-4bc8-9aac-f5f993f96208'],
    ],
  ],
  [
    'HPB-399',
    'Honey Play Box Cyrus',
    '7d78a68f-5825-4726-9827-ddaac5a325b2',
    [
      [0, 'V100', '6c0b2f97-df98-4469-807a-ae55aa46b420'],
      [1, 'O100', '617a7f86-3d2d-45cb-ac63-6bb221ab3758'],
      [2, 'B', 'c963e21c-e25f-4580-9b54-15e7a2e1ba66'],
    ],
  ],
  [
    'HPB-437',
    'Honey Play Box Fortexa',
    '4c007d74-ce06-4d33-b69f-aea6f4273ba4',
    [
      [0, 'V100', '952c04c1-29ef-40ae-bce2-3ca171245dc2', 'Finger-Tapping Motion'],
      [1, 'V100', '4c68b1a3-4a87-41a0-ad83-792cc6ee7664'],
      [2, 'B', '81276f3c-73ec-4395-b192-55b65a91ed2a'],
    ],
  ],
  [
    'HPB-297',
    'Honey Play Box Temp',
    '75d298b3-2ce2-4e1e-ae8d-856cde59f10f',
    [
      [0, 'V100', 'c83c1f8e-f187-4280-bea9-0353885c13cc'],
      [1, 'V100', '1f7425be-4fe6-4452-8388-81b81bc9939f', 'Finger-Tapping Motion'],
      [2, 'B', '8a81f70c-9086-4ffa-be66-13bd33ad3d18'],
    ],
  ],
  [
    'HPB-376-1',
    'Honey Play Box Joi Thrust 2',
    'a413bfe8-d8a9-49b9-9f31-0c1b96bda69c',
    [
      [0, 'R100', '24e11b02-ddb2-44f5-8bf4-0b1bf9a7f574', 'Tongue Motion'],
      [1, 'O100', '0a576c3b-6e73-4c46-ae55-8a11e892d8fe'],
      [2, 'B', 'd57d944c-1031-464e-8489-d16e9bb26a93'],
    ],
  ],
  [
    'JXT001',
    'Honey Play Box Vibrosa Mini',
    '58253ea4-01b9-4b00-a6cd-b92264f34eb2',
    [
      [0, 'V100', 'ef04a42e-89a3-4a2b-95c3-545d17d35c37'],
      [1, 'V100', '41cb0fc3-2d4f-47cd-82f4-c5db5d04303c'],
      [2, 'B', 'a6e1a9b9-e4c3-489c-bfc2-52dd79828911'],
    ],
  ],
  [
    'HPB-DDT003',
    'Honey Play Box Tressa',
    'f2fb2c01-eb77-4e96-86f1-f3155674aac1',
    [
      [0, 'V100', '0432c17b-c8e6-49d2-b9cf-681f151fe3b2'],
      [1, 'V100', 'ee368e93-ec17-46c2-a940-6cf0dca7cb11', 'Finger-Tapping Motion'],
      [2, 'B', '25b81d5c-1269-41ea-b893-9aef1751f726'],
    ],
  ],
  [
    'HPB-391',
    'Honey Play Box Trilux',
    '2a4c4340-a135-4ea6-801e-2fb361beafaf',
    [
      [0, 'V100', 'ff5a2649-b36d-443e-8f9c-fa6e4fe52d76'],
      [1, 'V100', 'fd880ea6-5841-4e22-9412-b7d98cfd22dc', 'Finger-Tapping Motion'],
      [2, 'B', '469140b6-e1ed-4c9b-9a0c-080c24cc0de5'],
    ],
  ],
  [
    'HPB-472',
    'Honey Play Box Melody',
    '0eb9cc33-e2b7-4fd5-8a37-f17e5307f01f',
    [
      [0, 'V100', '8057dc14-df15-4397-87be-85c593821780'],
      [1, 'V100', 'c19bb975-5fca-46cf-8f5b-f4037c42f8de'],
      [2, 'B', 'faefd98f-47b9-4aa8-9455-eba7d80e039d'],
    ],
  ],
];

export const HONEYPLAYBOX_DEFINITION: ProtocolDefinition = {
  id: 'honeyplaybox',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: configsFromRows(CONFIGS),
};

export const honeyplaybox: ProtocolModule<Session> = {
  definition: HONEYPLAYBOX_DEFINITION,
  initialise: (hw) => handshake(hw),
  createHandler,
};
