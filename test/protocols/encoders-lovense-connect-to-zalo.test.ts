// Encoders of the families lovense-connect-service to zalo, byte for byte against upstream (tryfun*.rs, wetoy.rs, xibao.rs, xiuxiuda.rs,
// xuanhuan.rs, youcups.rs, youou.rs, zalo.rs, vibcrafter.rs, vibratissimo.rs, thehandy*,
// xinput.rs, nintendo_joycon.rs, lovense_connect_service.rs): every output type each family
// supports, range ends, several motors, stop, and the per-device state (packet counters, motor
// speeds) carried from one command to the next.

import { describe, expect, test } from 'vitest';
import type { ProtocolModule } from '../../src/core/protocol.js';
import { connectToy, encodeCommand } from '../../src/protocols/lovense-connect-service.js';
import {
  encodeRumble,
  encodeEnableVibration,
  nintendoJoycon,
  RUMBLE_PERIOD_MS,
  rumbleBytes,
} from '../../src/protocols/nintendo-joycon.js';
import { proto } from '../../src/protocols/protobuf-writer.js';
import {
  encodeMove as v3Move,
  encodeVibrate as v3Vibrate,
  FIRST_COMMAND_ID,
  thehandyV3,
} from '../../src/protocols/thehandy-v3.js';
import { encodeMove as handyMove, encodePing, thehandy } from '../../src/protocols/thehandy.js';
import { tryfunBlackhole } from '../../src/protocols/tryfun-blackhole.js';
import { rotateByte, tryfunMeta2 } from '../../src/protocols/tryfun-meta2.js';
import { tryfun, tryfunChecksum } from '../../src/protocols/tryfun.js';
import { twerkingbutt } from '../../src/protocols/twerkingbutt.js';
import { decrypt, vibcrafter } from '../../src/protocols/vibcrafter.js';
import { vibratissimo } from '../../src/protocols/vibratissimo.js';
import { wetoy } from '../../src/protocols/wetoy.js';
import { xibao } from '../../src/protocols/xibao.js';
import { batteryPercent, encodeSpeeds as xinputSpeeds, xinput } from '../../src/protocols/xinput.js';
import { xiuxiuda } from '../../src/protocols/xiuxiuda.js';
import { XUANHUAN_REPEAT_MS, xuanhuan } from '../../src/protocols/xuanhuan.js';
import { youcups } from '../../src/protocols/youcups.js';
import { youou } from '../../src/protocols/youou.js';
import { zalo } from '../../src/protocols/zalo.js';
import {
  bytesOf,
  OutputDriver,
  resolvedDevice as resolved,
  tuplesOf,
  type Cmd,
  type Sent,
} from './output-driver.js';

/** Feeds commands as the coalescer does: changed outputs plus every value set so far. */
class Driver extends OutputDriver {
  send(...cmds: Cmd[]): Sent[] {
    return tuplesOf(this.encode(...cmds));
  }
  bytes(...cmds: Cmd[]): number[][] {
    return bytesOf(this.encode(...cmds));
  }
}

const drive = (module: ProtocolModule, protocol: string, name: string, identifier?: string) =>
  new Driver(module, resolved(protocol, name, identifier));

describe('TryFun (Yuan series, Surge Pro)', () => {
  test('checksum: 0xff − bytes after the header + their count', () => {
    expect(tryfunChecksum([0x02, 0x07, 0x05])).toBe(0xf4);
    expect(tryfunChecksum([0x02, 0x08, 0x09])).toBe(0xef);
  });

  test('oscillate and rotate, range ends, stop', () => {
    const d = drive(tryfun, 'tryfun', 'TRYFUN-ONE');
    expect(d.send([0, 'Oscillate', 9])).toEqual([['tx', [0xaa, 0x02, 0x07, 0x09, 0xf0], true]]);
    expect(d.send([0, 'Oscillate', 1], [1, 'Rotate', 9])).toEqual([
      ['tx', [0xaa, 0x02, 0x07, 0x01, 0xf8], true],
      ['tx', [0xaa, 0x02, 0x08, 0x09, 0xef], true],
    ]);
    expect(d.bytes([0, 'Oscillate', 0], [1, 'Rotate', 0])).toEqual([
      [0xaa, 0x02, 0x07, 0x00, 0xf9],
      [0xaa, 0x02, 0x08, 0x00, 0xf8],
    ]);
  });

  test('Surge Pro vibration: levels, top, and the stop mode', () => {
    const d = drive(tryfun, 'tryfun', 'TF-SPRAY', 'TF-SPRAY');
    expect(d.send([0, 'Vibrate', 1])).toEqual([
      ['tx', [0x00, 0x02, 0x00, 0x05, 0x02, 0x01, 0x01, 0x00, 0xfc], true],
    ]);
    expect(d.bytes([0, 'Vibrate', 4])).toEqual([[0x00, 0x02, 0x00, 0x05, 0x02, 0x04, 0x01, 0x00, 0xf9]]);
    expect(d.bytes([0, 'Vibrate', 0])).toEqual([[0x00, 0x02, 0x00, 0x05, 0x01, 0x02, 0x01, 0x01, 0xfc]]);
  });
});

describe('TryFun Black Hole', () => {
  test('a packet counter leads every packet, across both motors', () => {
    const d = drive(tryfunBlackhole, 'tryfun-blackhole', 'TF-BHPLUS');
    // 0xff − (2+0+3+0x0c+100) + 6 = 0x90
    expect(d.send([0, 'Oscillate', 100])).toEqual([
      ['tx', [0x00, 0x02, 0x00, 0x03, 0x0c, 0x64, 0x90], false],
    ]);
    expect(d.bytes([1, 'Vibrate', 100])).toEqual([[0x01, 0x02, 0x00, 0x03, 0x09, 0x64, 0x93]]);
    expect(d.bytes([0, 'Oscillate', 0], [1, 'Vibrate', 0])).toEqual([
      [0x02, 0x02, 0x00, 0x03, 0x0c, 0x00, 0xf4],
      [0x03, 0x02, 0x00, 0x03, 0x09, 0x00, 0xf7],
    ]);
  });

  test('the counter wraps after 255 and belongs to one device', () => {
    const d = drive(tryfunBlackhole, 'tryfun-blackhole', 'TF-BHPLUS');
    for (let i = 0; i < 256; i++) d.send([1, 'Vibrate', 1]);
    expect(d.bytes([1, 'Vibrate', 1])[0]?.[0]).toBe(0x00);
    const other = drive(tryfunBlackhole, 'tryfun-blackhole', 'TF-BHPLUS');
    expect(other.bytes([1, 'Vibrate', 1])[0]?.[0]).toBe(0x00);
  });

  test('the Rock drives its one vibrator (0–50)', () => {
    const d = drive(tryfunBlackhole, 'tryfun-blackhole', 'TF-ROCK', 'TF-ROCK');
    expect(d.bytes([1, 'Vibrate', 50])).toEqual([[0x00, 0x02, 0x00, 0x03, 0x09, 0x32, 0xc5]]);
  });
});

describe('TryFun Meta 2', () => {
  test('rotation byte: direction inverted, clockwise shifted by one', () => {
    expect(rotateByte(100)).toBe(0x9b);
    expect(rotateByte(-100)).toBe(0x64);
    expect(rotateByte(-50)).toBe(0x32);
    expect(rotateByte(0)).toBe(0xff);
    expect(rotateByte(1)).toBe(0xfe);
  });

  test('every output type with the running counter; stop writes all three', () => {
    const d = drive(tryfunMeta2, 'tryfun-meta2', 'TF-META2');
    expect(d.send([0, 'Oscillate', 100])).toEqual([
      ['tx', [0x00, 0x02, 0x00, 0x05, 0x21, 0x05, 0x0b, 0x64, 0x6b], false],
    ]);
    expect(d.bytes([1, 'Vibrate', 100])).toEqual([[0x01, 0x02, 0x00, 0x05, 0x21, 0x05, 0x08, 0x64, 0x6e]]);
    expect(d.bytes([2, 'Rotate', 100])).toEqual([[0x02, 0x02, 0x00, 0x05, 0x21, 0x05, 0x0e, 0x9b, 0x31]]);
    expect(d.bytes([2, 'Rotate', -100])).toEqual([[0x03, 0x02, 0x00, 0x05, 0x21, 0x05, 0x0e, 0x64, 0x68]]);
    expect(d.bytes([0, 'Oscillate', 0], [1, 'Vibrate', 0], [2, 'Rotate', 0])).toEqual([
      [0x04, 0x02, 0x00, 0x05, 0x21, 0x05, 0x0b, 0x00, 0xcf],
      [0x05, 0x02, 0x00, 0x05, 0x21, 0x05, 0x08, 0x00, 0xd2],
      [0x06, 0x02, 0x00, 0x05, 0x21, 0x05, 0x0e, 0xff, 0xcd],
    ]);
  });
});

describe('Twerking Butt', () => {
  test('is listed but, as upstream, not driven', () => {
    expect(() => twerkingbutt.createHandler(resolved('twerkingbutt', 'Twerking Butt'))).toThrow(/not driven/);
  });
});

describe('WeToy', () => {
  test('levels 1–3 are modes 0–2; 0 is the stop (init) packet; all with response', () => {
    const d = drive(wetoy, 'wetoy', 'WeToy');
    expect(d.send([0, 'Vibrate', 1])).toEqual([['tx', [0xb2, 0x00], true]]);
    expect(d.send([0, 'Vibrate', 3])).toEqual([['tx', [0xb2, 0x02], true]]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([['tx', [0x80, 0x03], true]]);
  });
});

describe('Xibao', () => {
  test('speed and speed + 0xb5 (wrapping) end the frame', () => {
    const d = drive(xibao, 'xibao', 'CCYB_1904');
    const frame = [0x66, 0x3a, 0x00, 0x06, 0x00, 0x06, 0x01, 0x02, 0x00, 0x02, 0x04];
    expect(d.send([0, 'Oscillate', 99])).toEqual([['tx', [...frame, 0x63, 0x18], false]]);
    expect(d.bytes([0, 'Oscillate', 0x4b])).toEqual([[...frame, 0x4b, 0x00]]);
    expect(d.bytes([0, 'Oscillate', 0])).toEqual([[...frame, 0x00, 0xb5]]);
  });
});

describe('Xiuxiuda', () => {
  test('range ends', () => {
    const d = drive(xiuxiuda, 'xiuxiuda', 'XXD-Lush1');
    expect(d.send([0, 'Vibrate', 19])).toEqual([['tx', [0, 0, 0, 0, 0x65, 0x3a, 0x30, 19, 0x64], false]]);
    expect(d.bytes([0, 'Vibrate', 0])).toEqual([[0, 0, 0, 0, 0x65, 0x3a, 0x30, 0, 0x64]]);
  });
});

describe('Xuanhuan', () => {
  test('each command is sent; the running speed repeats every 300 ms, nothing while stopped', () => {
    const d = drive(xuanhuan, 'xuanhuan', 'QUXIN');
    expect(d.handler.tickMs).toBe(XUANHUAN_REPEAT_MS);
    expect(d.handler.tick!()).toEqual([]);
    expect(d.send([0, 'Vibrate', 10])).toEqual([['tx', [0x03, 0x02, 0x00, 0x0a], true]]);
    expect(d.handler.tick!().map((w) => [...w.data])).toEqual([[0x03, 0x02, 0x00, 0x0a]]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([['tx', [0x03, 0x02, 0x00, 0x00], true]]);
    expect(d.handler.tick!()).toEqual([]);
  });
});

describe('Youcups', () => {
  test('"$SYS,<level>?"', () => {
    const d = drive(youcups, 'youcups', 'Youcups');
    const text = (cmd: Cmd) =>
      d.send(cmd).map(([ep, data, wr]) => [ep, Buffer.from(data).toString('latin1'), wr]);
    expect(text([0, 'Vibrate', 8])).toEqual([['tx', '$SYS,8?', false]]);
    expect(text([0, 'Vibrate', 0])).toEqual([['tx', '$SYS,0?', false]]);
  });
});

describe('Youou', () => {
  test('counter, speed, on/off state and an XOR check, padded to 17 bytes', () => {
    const d = drive(youou, 'youou', 'VX001_1234', 'VX001_');
    // 0xaa^0x55^0^2^3^1^0xff^1 = 0x01
    expect(d.send([0, 'Vibrate', 255])).toEqual([
      ['tx', [0xaa, 0x55, 0x00, 0x02, 0x03, 0x01, 0xff, 0x01, 0x01, 0xff, 0, 0, 0, 0, 0, 0, 0], false],
    ]);
    // 0xaa^0x55^1^2^3^1^0^0 = 0xfe
    expect(d.bytes([0, 'Vibrate', 0])).toEqual([
      [0xaa, 0x55, 0x01, 0x02, 0x03, 0x01, 0x00, 0x00, 0xfe, 0xff, 0, 0, 0, 0, 0, 0, 0],
    ]);
  });

  test('identifies every device as "VX001_" and falls back to the defaults', async () => {
    expect(await youou.identify!({ name: 'VX001_99' } as never)).toBe('VX001_');
    expect(resolved('youou', 'VX001_99', 'VX001_').config.name).toBe('Youou Wand Vibrator');
  });
});

describe('Zalo', () => {
  test('both motors in each packet, built as each command arrives; 0 is sent as 1', () => {
    const d = drive(zalo, 'zalo', 'ZALO-Queen', 'ZALO-Queen');
    expect(d.send([0, 'Vibrate', 8])).toEqual([['tx', [0x01, 0x08, 0x01], true]]);
    expect(d.bytes([0, 'Vibrate', 3], [1, 'Vibrate', 5])).toEqual([
      [0x01, 0x03, 0x01],
      [0x01, 0x03, 0x05],
    ]);
    expect(d.bytes([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([
      [0x01, 0x01, 0x05],
      [0x02, 0x01, 0x01],
    ]);
  });

  test('single-motor Jeanne', () => {
    const d = drive(zalo, 'zalo', 'ZALO-Jeanne', 'ZALO-Jeanne');
    expect(d.bytes([0, 'Vibrate', 4])).toEqual([[0x01, 0x04, 0x01]]);
    expect(d.bytes([0, 'Vibrate', 0])).toEqual([[0x02, 0x01, 0x01]]);
  });
});

describe('VibCrafter', () => {
  const text = (d: Driver, ...cmds: Cmd[]) =>
    d.send(...cmds).map(([ep, data, wr]) => [ep, decrypt(Uint8Array.from(data)), wr]);

  test('both motors as two digits each, encrypted', () => {
    const d = drive(vibcrafter, 'vibcrafter', 'Hayden', 'Hayden');
    expect(text(d, [0, 'Vibrate', 5])).toEqual([['tx', 'MtInt:0500;', false]]);
    expect(text(d, [0, 'Vibrate', 99], [1, 'Vibrate', 42])).toEqual([
      ['tx', 'MtInt:9900;', false],
      ['tx', 'MtInt:9942;', false],
    ]);
    expect(text(d, [0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([
      ['tx', 'MtInt:0042;', false],
      ['tx', 'MtInt:0000;', false],
    ]);
  });

  test('the cipher is AES-128-ECB with PKCS#7: one block for a short command', () => {
    const d = drive(vibcrafter, 'vibcrafter', 'Janna', 'Janna');
    const [[, data]] = d.send([0, 'Vibrate', 7]) as [Sent];
    expect(data).toHaveLength(16);
    expect(decrypt(Uint8Array.from(data))).toBe('MtInt:0700;');
  });
});

describe('Vibratissimo', () => {
  test('write mode, then every vibrator; one vibrator is padded with 0', () => {
    const d = drive(vibratissimo, 'vibratissimo', 'Vibratissimo');
    expect(d.send([0, 'Vibrate', 255])).toEqual([
      ['txmode', [0x03, 0xff], false],
      ['txvibrate', [0xff, 0x00], false],
    ]);
    expect(d.bytes([0, 'Vibrate', 0])).toEqual([
      [0x03, 0xff],
      [0x00, 0x00],
    ]);
  });

  test('the Rabbit sends its three motors together', () => {
    const d = drive(vibratissimo, 'vibratissimo', 'Vibratissimo', 'Rabbit');
    expect(d.bytes([2, 'Vibrate', 2])).toEqual([
      [0x03, 0xff],
      [0x00, 0x00, 0x02],
    ]);
    expect(d.bytes([0, 'Vibrate', 10], [1, 'Vibrate', 20])).toEqual([
      [0x03, 0xff],
      [0x0a, 0x00, 0x02],
      [0x03, 0xff],
      [0x0a, 0x14, 0x02],
    ]);
  });
});

describe('The Handy (handyplug)', () => {
  test('a move is Payload{Message{LinearCmd{id 2, vector{duration, position/100}}}}', () => {
    const double05 = [0, 0, 0, 0, 0, 0, 0xe0, 0x3f];
    const vector = [0x10, 0xf4, 0x03, 0x19, ...double05];
    const linear = [0x08, 0x02, 0x1a, vector.length, ...vector];
    const message = [0x9a, 0x19, linear.length, ...linear];
    const w = handyMove(50, 500);
    expect([...w.data]).toEqual([0x0a, message.length, ...message]);
    expect(w.withResponse).toBe(true);
    expect(w.endpoint).toBe('tx');
  });

  test('range ends: position 0 and duration 0 are left out, as proto3 does', () => {
    expect([...handyMove(0, 0).data]).toEqual([0x0a, 0x07, 0x9a, 0x19, 0x04, 0x08, 0x02, 0x1a, 0x00]);
    const one = [0, 0, 0, 0, 0, 0, 0xf0, 0x3f];
    const vector = [0x10, 0xa0, 0x8d, 0x06, 0x19, ...one]; // 100000 ms
    const linear = [0x08, 0x02, 0x1a, vector.length, ...vector];
    expect([...handyMove(100, 100000).data]).toEqual([
      0x0a,
      linear.length + 3,
      0x9a,
      0x19,
      linear.length,
      ...linear,
    ]);
  });

  test('the handler sends moves only (nothing to stop)', () => {
    const d = drive(thehandy, 'thehandy', 'The Handy');
    expect(d.send([0, 'HwPositionWithDuration', 50, 500])).toEqual([
      ['tx', [...handyMove(50, 500).data], true],
    ]);
    expect(d.handler.keepaliveMs).toBeUndefined();
  });

  test('the keepalive ping upstream keeps for stacks that need one', () => {
    expect([...encodePing().data]).toEqual([0x0a, 0x06, 0xb2, 0x06, 0x03, 0x08, 0xe7, 0x07]);
  });
});

describe('The Handy (firmware 4+, hdy_rpc)', () => {
  test('a move: RpcMessage{Request, Request{id, HdspXpTSet{xp, t, stop_on_target}}}', () => {
    const params = [0x0d, 0x00, 0x00, 0x80, 0x3f, 0x10, 0xe8, 0x07, 0x18, 0x01];
    const req = [0x10, 0x02, 0xc2, 0x2e, params.length, ...params];
    expect([...v3Move(2, 100, 1000).data]).toEqual([0x08, 0x01, 0x12, req.length, ...req]);
    // Position 0 leaves xp out.
    expect([...v3Move(3, 0, 1000).data]).toEqual([
      0x08, 0x01, 0x12, 0x0a, 0x10, 0x03, 0xc2, 0x2e, 0x05, 0x10, 0xe8, 0x07, 0x18, 0x01,
    ]);
  });

  test('vibration: HvpSet{amplitude, 100 Hz}, HvpStop at 0', () => {
    const params = [0x0d, 0x00, 0x00, 0x00, 0x3f, 0x10, 0x64];
    const req = [0x10, 0x03, 0xa2, 0x38, params.length, ...params];
    expect([...v3Vibrate(3, 50).data]).toEqual([0x08, 0x01, 0x12, req.length, ...req]);
    expect([...v3Vibrate(4, 0).data]).toEqual([0x08, 0x01, 0x12, 0x05, 0x10, 0x04, 0xaa, 0x38, 0x00]);
  });

  test('request ids count up from 2 across output types', () => {
    expect(FIRST_COMMAND_ID).toBe(2);
    const d = drive(thehandyV3, 'thehandy-v3', 'OHD_hw1_1', 'hw1');
    expect(d.bytes([0, 'Vibrate', 100])).toEqual([[...v3Vibrate(2, 100).data]]);
    expect(d.send([0, 'Vibrate', 0])).toEqual([['tx', [...v3Vibrate(3, 0).data], true]]);
    const handy = drive(thehandyV3, 'thehandy-v3', 'OHD_hw4_1', 'hw4');
    expect(handy.bytes([0, 'HwPositionWithDuration', 40, 250])).toEqual([[...v3Move(2, 40, 250).data]]);
  });

  test('varints longer than two bytes', () => {
    expect([...proto().uint(2, 300000).bytes()]).toEqual([0x10, 0xe0, 0xa7, 0x12]);
  });
});

describe('XInput', () => {
  test('right motor first, little-endian u16s, as each command arrives', () => {
    const d = drive(xinput, 'xinput', 'XInput Gamepad');
    expect(d.send([0, 'Vibrate', 65535])).toEqual([['tx', [0x00, 0x00, 0xff, 0xff], false]]);
    expect(d.bytes([1, 'Vibrate', 0x1234])).toEqual([[0x34, 0x12, 0xff, 0xff]]);
    expect(d.bytes([0, 'Vibrate', 0], [1, 'Vibrate', 0])).toEqual([
      [0x34, 0x12, 0x00, 0x00],
      [0x00, 0x00, 0x00, 0x00],
    ]);
    expect([...xinputSpeeds(1, 2).data]).toEqual([0x02, 0x00, 0x01, 0x00]);
  });

  test('battery levels 0–3 as percentages', () => {
    expect([0, 1, 2, 3].map(batteryPercent)).toEqual([0, 33, 66, 100]);
    expect(() => batteryPercent(4)).toThrow();
  });
});

describe('Nintendo Joy-Con', () => {
  test('rumble bytes (200 Hz) across the amplitude formulas, and the stop rumble', () => {
    expect(rumbleBytes(200, 1)).toEqual([0xa8, 0xc8, 0xbc, 0x72]);
    expect(rumbleBytes(200, 0.5)).toEqual([0xa8, 0x88, 0xac, 0x62]);
    expect(rumbleBytes(200, 0.15)).toEqual([0xa8, 0x2c, 0x95, 0x4b]);
    expect(rumbleBytes(200, 0.05)).toEqual([0xa8, 0x00, 0x8a, 0x40]);
    expect(rumbleBytes(0, 0)).toEqual([0x00, 0x00, 0x41, 0x40]);
  });

  test('reports: 64 bytes, both motors, rumble-only command 0x10, packet 1', () => {
    const full = [...encodeRumble(1000).data];
    expect(full).toHaveLength(64);
    expect(full.slice(0, 11)).toEqual([0x10, 0x01, 0xa8, 0xc8, 0xbc, 0x72, 0xa8, 0xc8, 0xbc, 0x72, 0x00]);
    expect(full.slice(11).every((b) => b === 0)).toBe(true);
    expect([...encodeRumble(0).data].slice(0, 10)).toEqual([
      0x10, 0x01, 0x00, 0x00, 0x41, 0x40, 0x00, 0x00, 0x41, 0x40,
    ]);
    // Amplitudes up to 0.001 are a stop.
    expect([...encodeRumble(1).data]).toEqual([...encodeRumble(0).data]);
    const enable = [...encodeEnableVibration().data];
    expect(enable.slice(0, 12)).toEqual([0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x48, 0x01]);
  });

  test('commands only set the amplitude; the 15 ms tick sends it', () => {
    const d = drive(nintendoJoycon, 'nintendo-joycon', 'Joycon');
    expect(d.handler.tickMs).toBe(RUMBLE_PERIOD_MS);
    expect(d.send([0, 'Vibrate', 1000])).toEqual([]);
    expect(d.handler.tick!().map((w) => [...w.data])).toEqual([[...encodeRumble(1000).data]]);
    d.send([0, 'Vibrate', 0]);
    expect(d.handler.tick!().map((w) => [...w.data])).toEqual([[...encodeRumble(0).data]]);
  });
});

describe('Lovense Connect service', () => {
  const text = (ws: readonly { data: Uint8Array }[]) => ws.map((w) => Buffer.from(w.data).toString('latin1'));
  const features = (name: string, identifier: string) =>
    resolved('lovense-connect-service', name, identifier).features;

  test('vibrators are numbered from 1 and carry the toy id', () => {
    const toy = connectToy('Edge', 'abc', features('Edge', 'Edge'));
    expect(text(encodeCommand(toy, { feature: 1, type: 'Vibrate', value: 20 }))).toEqual([
      'Vibrate2?v=20&t=abc',
    ]);
    expect(text(encodeCommand(toy, { feature: 0, type: 'Vibrate', value: 0 }))).toEqual([
      'Vibrate1?v=0&t=abc',
    ]);
  });

  test('oscillation is Thrusting beside a vibrator, AirAuto alone; the Solace always thrusts', () => {
    const gravity = connectToy('Gravity', 'g', features('Gravity', 'Gravity'));
    expect(text(encodeCommand(gravity, { feature: 1, type: 'Oscillate', value: 7 }))).toEqual([
      'Thrusting?v=7&t=g',
    ]);
    const machine = connectToy('XMachine', 'x', features('XMachine', 'XMachine'));
    expect(text(encodeCommand(machine, { feature: 0, type: 'Oscillate', value: 7 }))).toEqual([
      'AirAuto?v=7&t=x',
    ]);
    const solace = connectToy('Solace', 's', features('Solace', 'Solace'));
    expect(text(encodeCommand(solace, { feature: 0, type: 'Oscillate', value: 20 }))).toEqual([
      'Thrusting?v=20&t=s',
    ]);
  });

  test('rotation and the air pump send nothing, as upstream', () => {
    const nora = connectToy('Nora', 'n', features('Nora', 'Nora'));
    expect(encodeCommand(nora, { feature: 1, type: 'Rotate', value: -20 })).toEqual([]);
    const max = connectToy('Max', 'm', features('Max', 'Max'));
    expect(encodeCommand(max, { feature: 1, type: 'Constrict', value: 3 })).toEqual([]);
  });
});
