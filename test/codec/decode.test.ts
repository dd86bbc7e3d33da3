import { describe, expect, it } from 'vitest';
import { decodeHandshake, decodeMessage, parseJsonFrame, type SpecVersion } from '../../src/codec/index.js';
import { expectError } from './support.js';

describe('parseJsonFrame', () => {
  it('returns the messages of a JSON array', () => {
    expect(parseJsonFrame('[{"Ping":{"Id":1}},{"Ping":{"Id":2}}]')).toEqual([
      { Ping: { Id: 1 } },
      { Ping: { Id: 2 } },
    ]);
  });
  it('answers bad JSON with THRUM_ERR_BAD_JSON and Id 0', () => {
    for (const text of ['', '[', '{"Ping":', 'not json', '[{"Ping":{"Id":1}}]]']) {
      expectError(parseJsonFrame(text), 'THRUM_ERR_BAD_JSON', 0, /^Frame is not valid JSON: /);
    }
  });
  it('answers anything but a non-empty array with THRUM_ERR_BAD_FRAME and Id 0', () => {
    for (const text of ['[]', '{"Ping":{"Id":1}}', '1', 'null', '"[]"']) {
      expectError(
        parseJsonFrame(text),
        'THRUM_ERR_BAD_FRAME',
        0,
        'Frame must be a non-empty array of messages',
      );
    }
  });
});

describe('decodeHandshake', () => {
  it('reads each version’s RequestServerInfo', () => {
    expect(decodeHandshake({ RequestServerInfo: { Id: 1, ClientName: 'v0' } })).toEqual({
      kind: 'RequestServerInfo',
      id: 1,
      clientName: 'v0',
      version: 0,
      minor: 0,
    });
    for (const v of [1, 2, 3]) {
      expect(decodeHandshake({ RequestServerInfo: { Id: 2, ClientName: 'old', MessageVersion: v } })).toEqual(
        {
          kind: 'RequestServerInfo',
          id: 2,
          clientName: 'old',
          version: v,
          minor: 0,
        },
      );
    }
    expect(
      decodeHandshake({
        RequestServerInfo: { Id: 3, ClientName: 'new', ProtocolVersionMajor: 4, ProtocolVersionMinor: 2 },
      }),
    ).toEqual({
      kind: 'RequestServerInfo',
      id: 3,
      clientName: 'new',
      version: 4,
      minor: 2,
    });
  });
  it('passes a future version through for the session to refuse', () => {
    expect(
      decodeHandshake({
        RequestServerInfo: { Id: 1, ClientName: 'x', ProtocolVersionMajor: 9, ProtocolVersionMinor: 0 },
      }),
    ).toMatchObject({ version: 9 });
    expect(
      decodeHandshake({ RequestServerInfo: { Id: 1, ClientName: 'x', MessageVersion: 7 } }),
    ).toMatchObject({ version: 7 });
  });
  it('refuses any other message with ERROR_INIT and its Id', () => {
    for (const raw of [
      { Ping: { Id: 4 } },
      { StartScanning: { Id: 4 } },
      { VibrateCmd: { Id: 4, DeviceIndex: 0, Speeds: [] } },
      { Ok: { Id: 4 } },
      { Bogus: { Id: 4 } },
    ]) {
      expectError(
        decodeHandshake(raw),
        'THRUM_ERR_HANDSHAKE_REQUIRED',
        4,
        `RequestServerInfo must be the first message; got ${Object.keys(raw)[0]}`,
      );
    }
    expectError(decodeHandshake({ Ping: { Id: 'x' } }), 'THRUM_ERR_HANDSHAKE_REQUIRED', 0);
  });
  it('checks the fields of the shape it recognised', () => {
    expectError(
      decodeHandshake({ RequestServerInfo: { Id: 1, ClientName: 'x', MessageVersion: '3' } }),
      'THRUM_ERR_INVALID_FIELD',
      1,
      'RequestServerInfo.MessageVersion: must be an integer in [0, 4294967295]',
    );
    expectError(
      decodeHandshake({ RequestServerInfo: { Id: 1, ClientName: 'x', ProtocolVersionMajor: 4 } }),
      'THRUM_ERR_INVALID_FIELD',
      1,
      'RequestServerInfo.ProtocolVersionMinor: is required',
    );
    expectError(
      decodeHandshake({
        RequestServerInfo: {
          Id: 1,
          ClientName: 'x',
          ProtocolVersionMajor: 4,
          ProtocolVersionMinor: 0,
          MessageVersion: 3,
        },
      }),
      'THRUM_ERR_INVALID_FIELD',
      1,
      'RequestServerInfo.MessageVersion: is not an allowed field',
    );
    expectError(
      decodeHandshake({ RequestServerInfo: { Id: 1, ClientName: 'x', ProtocolVersionMinor: 0 } }),
      'THRUM_ERR_INVALID_FIELD',
      1,
      'RequestServerInfo.ProtocolVersionMinor: is not an allowed field',
    );
    expectError(
      decodeHandshake({ RequestServerInfo: { Id: 0, ClientName: 'x' } }),
      'THRUM_ERR_INVALID_FIELD',
      0,
      'RequestServerInfo.Id: must be an integer in [1, 4294967295]',
    );
    expectError(
      decodeHandshake({ RequestServerInfo: 'hello' }),
      'THRUM_ERR_INVALID_FIELD',
      0,
      'RequestServerInfo: must be an object',
    );
  });
  it('refuses a malformed envelope with Id 0', () => {
    for (const raw of [null, 1, [], {}, { RequestServerInfo: { Id: 1, ClientName: 'x' }, Ping: { Id: 2 } }]) {
      expectError(decodeHandshake(raw), 'THRUM_ERR_BAD_MESSAGE', 0);
    }
  });
});

// Split and append input at random (undici test/fuzzing): nothing may throw, and every failure
// must be a well-formed DecodeError.
describe('fuzzing', () => {
  const seeds = [
    '[{"VibrateCmd":{"Id":1,"DeviceIndex":0,"Speeds":[{"Index":0,"Speed":0.5}]}}]',
    '[{"OutputCmd":{"Id":2,"DeviceIndex":0,"FeatureIndex":1,"Command":{"HwPositionWithDuration":{"Value":5,"Duration":9}}}}]',
    '[{"ScalarCmd":{"Id":3,"DeviceIndex":0,"Scalars":[{"Index":0,"Scalar":0.1,"ActuatorType":"Vibrate"}]}}]',
    '[{"RequestServerInfo":{"Id":1,"ClientName":"x","MessageVersion":3}},{"StopCmd":{"Id":9}}]',
  ];
  let state = 42;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  it('never throws on mangled frames, for any version', () => {
    for (let round = 0; round < 3000; round++) {
      const a = seeds[rand(seeds.length)]!;
      const b = seeds[rand(seeds.length)]!;
      const text = a.slice(0, rand(a.length + 1)) + b.slice(rand(b.length + 1));
      const frame = parseJsonFrame(text);
      if (!Array.isArray(frame)) {
        expect(frame.kind).toBe('Error');
        continue;
      }
      for (const raw of frame) {
        expect(() => decodeHandshake(raw)).not.toThrow();
        for (const v of [0, 1, 2, 3, 4] as SpecVersion[]) {
          const r = decodeMessage(raw, v);
          if (r.kind === 'Error') {
            expect(r.failure.code).toBeGreaterThanOrEqual(0);
            expect(Number.isInteger(r.id)).toBe(true);
          }
        }
      }
    }
  });
  it('never throws on structurally odd values', () => {
    const odd = [
      undefined,
      NaN,
      Infinity,
      -0,
      '',
      [],
      [[]],
      { a: undefined },
      Object.create(null),
      { Ping: Object.create(null) },
      { Ping: { Id: 1n } },
      { __proto__: { Ping: { Id: 1 } } },
    ];
    for (const raw of odd) {
      for (const v of [0, 1, 2, 3, 4] as SpecVersion[]) expect(() => decodeMessage(raw, v)).not.toThrow();
      expect(() => decodeHandshake(raw)).not.toThrow();
    }
  });
});
