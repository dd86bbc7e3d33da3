// Fredorch (YXlinksSPP machines): Modbus-style register writes on tx, each followed by its CRC-16
// (Modbus: init 0xffff, reflected polynomial 0xa001, low byte first). Facts: upstream device
// config "fredorch" and fredorch.rs.
//
// The machine has 15 stroke positions, which its registers count in tens (0–150). A move is a
// little program — speed out, speed back, two positions, run — and its speed is looked up from
// the distance and the requested duration in a table measured upstream (SPEED_TIMES_MS).

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
import { RX, TX } from './shared/writes.js';

/** upstream waits this long for each answer during init (fredorch.rs). */
export const INIT_ANSWER_TIMEOUT_MS = 500;

/** Modbus CRC-16 of `data`, as the two bytes to append (low byte first). */
export function modbusCrc(data: readonly number[]): [number, number] {
  let crc = 0xffff;
  for (const byte of data) {
    crc ^= byte & 0xff;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return [crc & 0xff, crc >> 8];
}

function withCrc(data: readonly number[]): Uint8Array {
  return Uint8Array.from([...data, ...modbusCrc(data)]);
}

/** The init program, in order (upstream fredorch.rs); each write is answered with an echo. */
// One packet per line with what it does: prettier may rewrap a long packet across lines.
// prettier-ignore
export const INIT_PACKETS: readonly (readonly number[])[] = [
  [0x01, 0x06, 0x00, 0x64, 0x00, 0x01], // program mode
  [0x01, 0x06, 0x00, 0x69, 0x00, 0x00], // program mode: record
  [0x01, 0x10, 0x00, 0x6b, 0x00, 0x05, 0x0a, 0x00, 0x05, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01], // to position 0 at speed 5
  [0x01, 0x06, 0x00, 0x69, 0x00, 0x01], // run the program
  [0x01, 0x06, 0x00, 0x6a, 0x00, 0x01], // repeat it
];

/**
 * Milliseconds a stroke takes, by distance (row, 1–15 positions) and speed (column, 1–20); from
 * upstream fredorch.rs.
 */
// A grid aligned by column so a cell reads off by row and column: prettier would refill it.
// prettier-ignore
const SPEED_TIMES_MS: readonly (readonly number[])[] = [
  [1000,  800,  400,  235,  200,  172,  155,   92,   60,   45,   38,   34,   32,   28,   27,   26,   25,   24,   23,   22], //  1
  [1500, 1000,  800,  680,  600,  515,  425,  265,  165,  115,   80,   70,   50,   48,   45,   35,   34,   33,   32,   30], //  2
  [2500, 2310, 1135,  925,  792,  695,  565,  380,  218,  155,  105,   82,   70,   68,   65,   60,   48,   45,   43,   40], //  3
  [3000, 2800, 1500, 1155,  965,  810,  690,  465,  260,  195,  140,  110,   85,   75,   74,   73,   70,   65,   60,   55], //  4
  [3400, 3232, 2305, 1380, 1200, 1165,  972,  565,  328,  235,  162,  132,   98,   78,   75,   74,   73,   72,   71,   70], //  5
  [3500, 3350, 2500, 1640, 1250, 1210, 1010,  645,  385,  275,  175,  160,  115,   95,   91,   90,   85,   80,   77,   75], //  6
  [3600, 3472, 2980, 2060, 1560, 1275, 1132,  738,  430,  310,  230,  170,  128,  122,  110,  108,  105,  103,  101,  100], //  7
  [3800, 3500, 3055, 2105, 1740, 1370, 1290,  830,  490,  355,  235,  195,  150,  140,  135,  132,  130,  125,  120,  119], //  8
  [3900, 3518, 3190, 2315, 2045, 1510, 1442, 1045,  552,  392,  280,  225,  172,  145,  140,  138,  135,  134,  132,  130], //  9
  [6000, 5755, 3240, 2530, 2135, 1605, 1500, 1200,  595,  425,  285,  245,  175,  170,  160,  155,  150,  145,  142,  140], // 10
  [6428, 5872, 3335, 2780, 2270, 1782, 1590, 1310,  648,  470,  315,  255,  182,  180,  175,  172,  170,  162,  160,  155], // 11
  [6730, 5950, 3490, 2995, 2395, 1890, 1650, 1350,  700,  500,  350,  290,  220,  190,  185,  180,  175,  170,  165,  160], // 12
  [6962, 6122, 3880, 3205, 2465, 1900, 1700, 1400,  835,  545,  375,  310,  228,  195,  190,  185,  182,  181,  180,  175], // 13
  [7945, 6365, 4130, 3470, 2505, 1910, 1755, 1510,  855,  580,  400,  330,  235,  210,  205,  200,  195,  190,  185,  180], // 14
  [8048, 7068, 4442, 3708, 2668, 1930, 1800, 1520,  878,  618,  428,  365,  260,  255,  250,  240,  230,  220,  210,  200], // 15
];
const MAX_SPEED = 20;
const MAX_POSITION = 15;

/**
 * The slowest speed that covers `distance` positions in less than `durationMs`; 20 (the fastest)
 * when none does, 0 for no distance.
 */
export function speedFor(distance: number, durationMs: number): number {
  const d = Math.min(Math.max(distance, 0), MAX_POSITION);
  if (d === 0) return 0;
  const row = SPEED_TIMES_MS[d - 1] as readonly number[];
  for (let speed = 1; speed < MAX_SPEED; speed++) {
    if ((row[speed - 1] as number) < durationMs) return speed;
  }
  return MAX_SPEED;
}

/** The move program: both speeds, both positions (register units), run once. */
export function programPacket(speed: number, from: number, to: number): HwWrite {
  const data = [
    0x01,
    0x10,
    0x00,
    0x6b,
    0x00,
    0x05,
    0x0a,
    0x00,
    speed & 0xff,
    0x00,
    speed & 0xff,
    0x00,
    from & 0xff,
    0x00,
    to & 0xff,
    0x00,
    0x01,
  ];
  return { endpoint: TX, data: withCrc(data), withResponse: false };
}

/** A move to `position` (0–15) over `durationMs`, from `previous`. */
export function encodeMove(previous: number, position: number, durationMs: number): HwWrite {
  const speed = speedFor(Math.abs(previous - position), durationMs);
  return programPacket(speed, position * 10, position * 10);
}

/**
 * Free-running strokes over the whole range at `speed`; 0 parks at position 0 (upstream
 * fredorch.rs, which marks this path as not quite right yet). No configuration has an Oscillate
 * feature today, so the handler does not route to it.
 */
export function encodeOscillate(speed: number): HwWrite {
  return programPacket(speed, 0, speed === 0 ? 0 : MAX_POSITION * 15);
}

class FredorchHandler implements ProtocolHandler {
  /** The last position sent: the speed depends on how far the next move goes. */
  #position = 0;

  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    const writes: HwWrite[] = [];
    for (const c of changed) {
      if (c.type !== 'HwPositionWithDuration') continue;
      writes.push(encodeMove(this.#position, c.value, c.duration ?? 0));
      this.#position = c.value;
    }
    return writes;
  }
}

/**
 * Listen on rx, give the machine up to 500 ms to say it is awake (it may not), then send the init
 * program; every packet must be answered within 500 ms or initialisation fails.
 */
async function initialise(hw: HardwareOps): Promise<void> {
  const awake = listenOnce(hw, RX, INIT_ANSWER_TIMEOUT_MS);
  await hw.subscribe(RX);
  await awake;
  for (const packet of INIT_PACKETS) {
    const answer = listenOnce(hw, RX, INIT_ANSWER_TIMEOUT_MS);
    await hw.write(TX, withCrc(packet), false);
    if ((await answer) === undefined) throw new Error('Fredorch device timed out while initialising');
  }
}

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, ['HwPositionWithDuration'], 'Fredorch');
  return new FredorchHandler();
}

export const FREDORCH_DEFINITION: ProtocolDefinition = {
  id: 'fredorch',
  communication: [btle({ names: ['YXlinksSPP'], services: { ffb0: { tx: 'ffb1', rx: 'ffb2' } } })],
  defaults: {
    name: 'Fredorch Device',
    id: 'cbd6a5b5-50c0-4fb5-93e3-408fd027ff4d',
    features: [
      output(0, 'd3985f07-f95a-4f72-859e-8b0ac76f251f', 'HwPositionWithDuration', MAX_POSITION, {
        duration: [0, 100_000],
      }),
    ],
  },
  configurations: [],
};

export const fredorch: ProtocolModule = {
  definition: FREDORCH_DEFINITION,
  initialise,
  createHandler,
};
