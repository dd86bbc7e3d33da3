// Every client message of every spec version (v0–v4), over a real socket to the compiled server,
// with real bus worker threads and three simulated devices: a Lovense Nora (vibrate, rotate,
// battery), a Fleshlight Launch (timed positions) and a KGoal Boost (pressure subscriptions,
// battery). Each message is sent valid — its answer, and for device commands the exact bytes the
// device receives — and invalid in every way that applies to it (a missing or wrong-typed field,
// an out-of-range value, an unknown device or feature, a device without the capability), each
// answered with its exact error code and Id. A coverage check fails when a version has a client
// message (in the upstream schema or in thrum's codec) without cases here. Every message the
// server sends is validated against the upstream schema for the session's version.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { V0 } from '../../src/codec/v0.js';
import { V1 } from '../../src/codec/v1.js';
import { V2 } from '../../src/codec/v2.js';
import { V3 } from '../../src/codec/v3.js';
import { V4 } from '../../src/codec/v4.js';
import { RawClient } from '../helpers/raw-client.js';
import { hasReference } from '../helpers/reference.js';
import { schemaProblems, specMessageNames } from '../helpers/schema.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

type Body = Record<string, unknown>;
type Version = 0 | 1 | 2 | 3 | 4;

/** Error codes of the spec. */
const INIT = 1;
const MSG = 3;
const DEVICE = 4;
/** A device index nothing has. */
const NO_DEVICE = 99;

/** One test's world: a client at its version and three freshly connected devices. */
interface World {
  readonly client: RawClient;
  readonly nora: SimPeripheral;
  readonly launch: SimPeripheral;
  readonly boost: SimPeripheral;
  /** Device indexes. */
  readonly n: number;
  readonly l: number;
  readonly b: number;
}

interface Valid {
  readonly body: (w: World) => Body;
  /** The answer's message type. */
  readonly reply: string;
  /** The answer's body, beyond its Id. */
  readonly answer?: (w: World) => Body;
  /** Lovense Nora output writes the command causes, in order. */
  readonly nora?: readonly string[];
  /** Fleshlight Launch tx writes the command causes, as [position, speed] (null: any speed). */
  readonly launch?: readonly (readonly [number, number | null])[];
  /** Anything else to check after the answer (its body given). */
  readonly then?: (w: World, answer: Body) => Promise<void>;
}

interface Invalid {
  readonly why: string;
  readonly body: (w: World) => Body;
  readonly code: number;
  readonly message: RegExp;
  /** The Id the error must carry, when not the request's own. */
  readonly id?: number;
}

interface MessageCases {
  readonly valid?: Valid;
  readonly invalid: readonly Invalid[];
}

// ------------------------------------------------------------------ invalid variants every message gets

const missingId = (body: (w: World) => Body, name: string): Invalid => ({
  why: 'no Id: Error with Id 0',
  body: (w) => ({ ...body(w), Id: undefined }),
  code: MSG,
  message: new RegExp(`^${name}\\.Id: is required`),
  id: 0,
});

const unknownDevice = (body: (w: World) => Body): Invalid => ({
  why: 'an unknown device',
  body: (w) => ({ ...body(w), DeviceIndex: NO_DEVICE }),
  code: DEVICE,
  message: /^No device with index 99$/,
});

const wrongType = (field: string, value: unknown, name: string, body: (w: World) => Body): Invalid => ({
  why: `a wrong-typed ${field}`,
  body: (w) => ({ ...body(w), [field]: value }),
  code: MSG,
  message: new RegExp(`^${name}\\.${field}: must be`),
});

// ------------------------------------------------------------------ messages every version has

function idOnly(name: string, valid: Omit<Valid, 'body'>): MessageCases {
  const body = () => ({});
  return {
    valid: { body, ...valid },
    invalid: [
      missingId(body, name),
      {
        why: 'a wrong-typed Id',
        body: () => ({ Id: 'one' }),
        code: MSG,
        message: new RegExp(`^${name}\\.Id: must be an integer`),
        id: 0,
      },
      {
        why: 'an extra field',
        body: () => ({ DeviceIndex: 0 }),
        code: MSG,
        message: new RegExp(`^${name}\\.DeviceIndex: is not an allowed field`),
      },
    ],
  };
}

function common(version: Version): Record<string, MessageCases> {
  return {
    RequestServerInfo: {
      // The valid handshake is every test's fixture (checked there); a second one is refused.
      invalid: [
        {
          why: 'a second handshake',
          body: () =>
            version === 4
              ? { ClientName: 'again', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 }
              : { ClientName: 'again', ...(version > 0 && { MessageVersion: version }) },
          code: INIT,
          message: /^RequestServerInfo was already received on this connection$/,
        },
      ],
    },
    Ping: idOnly('Ping', { reply: 'Ok' }),
    StartScanning: idOnly('StartScanning', { reply: 'Ok' }),
    StopScanning: idOnly('StopScanning', { reply: 'Ok' }),
    RequestDeviceList: idOnly('RequestDeviceList', {
      reply: 'DeviceList',
      // v0–v3 list an array, v4 a map by index.
      then: async (w, answer) => {
        const indexes = Object.values(answer.Devices as Body[] | Record<string, Body>).map(
          (d) => d.DeviceIndex,
        );
        expect(indexes).toEqual(expect.arrayContaining([w.n, w.l, w.b]));
      },
    }),
  };
}

// ------------------------------------------------------------------ stops

/** Vibrate the Nora at step 10 with the version's vibrate command, so a stop has something to stop. */
async function vibrateNora(w: World, version: Version): Promise<void> {
  const reply =
    version === 4
      ? await w.client.request('OutputCmd', {
          DeviceIndex: w.n,
          FeatureIndex: 0,
          Command: { Vibrate: { Value: 10 } },
        })
      : version === 0
        ? await w.client.request('SingleMotorVibrateCmd', { DeviceIndex: w.n, Speed: 0.5 })
        : await w.client.request('VibrateCmd', { DeviceIndex: w.n, Speeds: [{ Index: 0, Speed: 0.5 }] });
  expect(reply).toHaveProperty('Ok');
  expect(await nextOutput(w.nora)).toBe('Vibrate:10;');
}

function stops(): Record<string, MessageCases> {
  const device = (w: World) => ({ DeviceIndex: w.n });
  const stopped = async (w: World) => expect(await nextOutput(w.nora)).toBe('Vibrate:0;');
  return {
    StopDeviceCmd: {
      valid: { body: device, reply: 'Ok', then: stopped },
      invalid: [
        missingId(device, 'StopDeviceCmd'),
        wrongType('DeviceIndex', 'zero', 'StopDeviceCmd', device),
        unknownDevice(device),
      ],
    },
    StopAllDevices: idOnly('StopAllDevices', { reply: 'Ok', then: stopped }),
  };
}

// ------------------------------------------------------------------ output commands

const vibrateCmd = (name: 'VibrateCmd'): MessageCases => {
  const body = (w: World) => ({ DeviceIndex: w.n, Speeds: [{ Index: 0, Speed: 0.25 }] });
  return {
    valid: { body, reply: 'Ok', nora: ['Vibrate:5;'] },
    invalid: [
      missingId(body, name),
      wrongType('Speeds', 'fast', name, body),
      {
        why: 'a speed above 1',
        body: (w) => ({ ...body(w), Speeds: [{ Index: 0, Speed: 1.5 }] }),
        code: MSG,
        message: /^VibrateCmd\.Speeds\[0\]\.Speed: must be a number in \[0, 1\]$/,
      },
      {
        why: 'an unknown feature',
        body: (w) => ({ ...body(w), Speeds: [{ Index: 3, Speed: 0.5 }] }),
        code: DEVICE,
        message: /has no feature 3 for VibrateCmd/,
      },
      {
        why: 'a device that cannot vibrate',
        body: (w) => ({ ...body(w), DeviceIndex: w.l }),
        code: DEVICE,
        message: /does not support VibrateCmd/,
      },
      unknownDevice(body),
    ],
  };
};

const rotateCmd = (): MessageCases => {
  const body = (w: World) => ({ DeviceIndex: w.n, Rotations: [{ Index: 0, Speed: 0.5, Clockwise: false }] });
  return {
    valid: { body, reply: 'Ok', nora: ['RotateChange;', 'Rotate:10;'] },
    invalid: [
      missingId(body, 'RotateCmd'),
      {
        why: 'a wrong-typed Clockwise',
        body: (w) => ({ ...body(w), Rotations: [{ Index: 0, Speed: 0.5, Clockwise: 'yes' }] }),
        code: MSG,
        message: /^RotateCmd\.Rotations\[0\]\.Clockwise: must be a boolean$/,
      },
      {
        why: 'a negative speed',
        body: (w) => ({ ...body(w), Rotations: [{ Index: 0, Speed: -0.5, Clockwise: true }] }),
        code: MSG,
        message: /^RotateCmd\.Rotations\[0\]\.Speed: must be a number in \[0, 1\]$/,
      },
      {
        why: 'an unknown feature',
        body: (w) => ({ ...body(w), Rotations: [{ Index: 1, Speed: 0.5, Clockwise: true }] }),
        code: DEVICE,
        message: /has no feature 1 for RotateCmd/,
      },
      {
        why: 'a device that cannot rotate',
        body: (w) => ({ ...body(w), DeviceIndex: w.b }),
        code: DEVICE,
        message: /does not support RotateCmd/,
      },
      unknownDevice(body),
    ],
  };
};

const linearCmd = (): MessageCases => {
  const body = (w: World) => ({ DeviceIndex: w.l, Vectors: [{ Index: 0, Duration: 500, Position: 1 }] });
  return {
    valid: { body, reply: 'Ok', launch: [[99, 40]] },
    invalid: [
      missingId(body, 'LinearCmd'),
      {
        why: 'a wrong-typed Duration',
        body: (w) => ({ ...body(w), Vectors: [{ Index: 0, Duration: 'slow', Position: 1 }] }),
        code: MSG,
        message: /^LinearCmd\.Vectors\[0\]\.Duration: must be an integer/,
      },
      {
        why: 'a position above 1',
        body: (w) => ({ ...body(w), Vectors: [{ Index: 0, Duration: 500, Position: 2 }] }),
        code: MSG,
        message: /^LinearCmd\.Vectors\[0\]\.Position: must be a number in \[0, 1\]$/,
      },
      {
        why: 'an unknown feature',
        body: (w) => ({ ...body(w), Vectors: [{ Index: 2, Duration: 500, Position: 1 }] }),
        code: DEVICE,
        message: /has no feature 2 for LinearCmd/,
      },
      {
        why: 'a device without a linear axis',
        body: (w) => ({ ...body(w), DeviceIndex: w.n }),
        code: DEVICE,
        message: /does not support LinearCmd/,
      },
      unknownDevice(body),
    ],
  };
};

const rawCommands = (): Record<string, MessageCases> => {
  const raw = (name: string, extra: Body): MessageCases => ({
    invalid: [
      {
        why: 'raw device access',
        body: (w) => ({ DeviceIndex: w.n, Endpoint: 'tx', ...extra }),
        code: MSG,
        message: new RegExp(`^${name} is not supported: thrum does not allow raw device access$`),
      },
    ],
  });
  return {
    RawWriteCmd: raw('RawWriteCmd', { Data: [1, 2], WriteWithResponse: false }),
    RawReadCmd: raw('RawReadCmd', { ExpectedLength: 1, Timeout: 100 }),
    RawSubscribeCmd: raw('RawSubscribeCmd', {}),
    RawUnsubscribeCmd: raw('RawUnsubscribeCmd', {}),
  };
};

// ------------------------------------------------------------------ spec v0 and v1 only

const singleMotorVibrateCmd = (): MessageCases => {
  const body = (w: World) => ({ DeviceIndex: w.n, Speed: 0.5 });
  return {
    valid: { body, reply: 'Ok', nora: ['Vibrate:10;'] },
    invalid: [
      missingId(body, 'SingleMotorVibrateCmd'),
      wrongType('Speed', 'half', 'SingleMotorVibrateCmd', body),
      {
        why: 'a speed above 1',
        body: (w) => ({ ...body(w), Speed: 1.5 }),
        code: MSG,
        message: /^SingleMotorVibrateCmd\.Speed: must be a number in \[0, 1\]$/,
      },
      {
        why: 'a device that cannot vibrate',
        body: (w) => ({ ...body(w), DeviceIndex: w.b }),
        code: DEVICE,
        message: /does not support SingleMotorVibrateCmd/,
      },
      unknownDevice(body),
    ],
  };
};

/**
 * FW12 and Kiiroo moves are timed from the last position the server sent: the first move of a
 * fresh device starts from an assumed one, so its speed is the server's guess; the next arrives at
 * the Launch with the speed the app asked for.
 */
async function secondMove(w: World, name: string, body: Body, expected: [number, number]): Promise<void> {
  expect(await w.client.request(name, { DeviceIndex: w.l, ...body })).toHaveProperty('Ok');
  expect(await nextMove(w.launch)).toEqual(expected);
}

const fleshlightLaunchFW12Cmd = (): MessageCases => {
  const body = (w: World) => ({ DeviceIndex: w.l, Position: 0, Speed: 99 });
  return {
    valid: {
      body,
      reply: 'Ok',
      launch: [[0, null]],
      then: (w) => secondMove(w, 'FleshlightLaunchFW12Cmd', { Position: 99, Speed: 50 }, [99, 50]),
    },
    invalid: [
      missingId(body, 'FleshlightLaunchFW12Cmd'),
      wrongType('Speed', 'fast', 'FleshlightLaunchFW12Cmd', body),
      {
        why: 'a position above 99',
        body: (w) => ({ ...body(w), Position: 100 }),
        code: MSG,
        message: /^FleshlightLaunchFW12Cmd\.Position: must be an integer in \[0, 99\]$/,
      },
      {
        why: 'a device without a linear axis',
        body: (w) => ({ ...body(w), DeviceIndex: w.n }),
        code: DEVICE,
        message: /does not support FleshlightLaunchFW12Cmd/,
      },
      unknownDevice(body),
    ],
  };
};

const vorzeA10CycloneCmd = (): MessageCases => {
  const body = (w: World) => ({ DeviceIndex: w.n, Speed: 99, Clockwise: true });
  return {
    valid: { body, reply: 'Ok', nora: ['Rotate:20;'] },
    invalid: [
      missingId(body, 'VorzeA10CycloneCmd'),
      wrongType('Clockwise', 1, 'VorzeA10CycloneCmd', body),
      {
        why: 'a speed above 99',
        body: (w) => ({ ...body(w), Speed: 100 }),
        code: MSG,
        message: /^VorzeA10CycloneCmd\.Speed: must be an integer in \[0, 99\]$/,
      },
      {
        why: 'a device that cannot rotate',
        body: (w) => ({ ...body(w), DeviceIndex: w.l }),
        code: DEVICE,
        message: /does not support VorzeA10CycloneCmd/,
      },
      unknownDevice(body),
    ],
  };
};

const kiirooCmd = (): MessageCases => {
  // Kiiroo position 4 is Buttplug position 0, and 0 is 1; a Kiiroo move runs at Launch speed 50.
  const body = (w: World) => ({ DeviceIndex: w.l, Command: '4' });
  return {
    valid: {
      body,
      reply: 'Ok',
      launch: [[0, null]],
      then: (w) => secondMove(w, 'KiirooCmd', { Command: '0' }, [99, 50]),
    },
    invalid: [
      missingId(body, 'KiirooCmd'),
      wrongType('Command', 2, 'KiirooCmd', body),
      {
        why: 'a position outside 0–4',
        body: (w) => ({ ...body(w), Command: '9' }),
        code: MSG,
        message: /^KiirooCmd\.Command: must be an integer string in \[0, 4\]$/,
      },
      {
        why: 'a device without a position axis',
        body: (w) => ({ ...body(w), DeviceIndex: w.n }),
        code: DEVICE,
        message: /does not support KiirooCmd/,
      },
      unknownDevice(body),
    ],
  };
};

const lovenseCmd = (): MessageCases => ({
  invalid: [
    {
      why: 'raw device access',
      body: (w) => ({ DeviceIndex: w.n, Command: 'Vibrate:5;' }),
      code: MSG,
      message: /^LovenseCmd is not supported: thrum does not allow raw device access$/,
    },
  ],
});

const test = (): MessageCases => {
  const body = () => ({ TestString: 'echo me' });
  return {
    valid: { body, reply: 'Test', answer: () => ({ TestString: 'echo me' }) },
    invalid: [missingId(body, 'Test'), wrongType('TestString', 5, 'Test', body)],
  };
};

const requestLog = (version: Version): MessageCases => {
  const body = () => ({ LogLevel: 'Debug' });
  return {
    valid: {
      body,
      reply: 'Ok',
      // v0/v1 stream Log messages (another client connecting logs a line); v2 has no Log
      // message, so nothing is streamed there.
      then: async (w) => {
        const other = await RawClient.handshake(server.url, 3, `log line ${version}`);
        await other.close();
        if (version <= 1) {
          const log = await w.client.waitFor(
            (m) => 'Log' in m && String(m.Log.LogMessage).includes(`log line ${version}`),
          );
          expect(log.Log).toMatchObject({ Id: 0, LogLevel: expect.stringMatching(/^(Info|Debug)$/) });
        }
        expect(await w.client.request('RequestLog', { LogLevel: 'Off' })).toHaveProperty('Ok');
        if (version > 1) expect(w.client.received.filter((m) => 'Log' in m)).toEqual([]);
      },
    },
    invalid: [
      missingId(body, 'RequestLog'),
      {
        why: 'an unknown level',
        body: () => ({ LogLevel: 'Loud' }),
        code: MSG,
        message: /^RequestLog\.LogLevel: must be one of/,
      },
    ],
  };
};

// ------------------------------------------------------------------ spec v2: battery, RSSI

const batteryLevelCmd = (): MessageCases => {
  const body = (w: World) => ({ DeviceIndex: w.n });
  return {
    valid: {
      body,
      reply: 'BatteryLevelReading',
      answer: (w) => ({ DeviceIndex: w.n, BatteryLevel: 0.85 }),
      // A battery read from the standard characteristic (the Boost) too.
      then: async (w) => {
        const r = await w.client.request('BatteryLevelCmd', { DeviceIndex: w.b });
        expect(r.BatteryLevelReading).toMatchObject({ DeviceIndex: w.b, BatteryLevel: 0.77 });
      },
    },
    invalid: [
      missingId(body, 'BatteryLevelCmd'),
      wrongType('DeviceIndex', 'zero', 'BatteryLevelCmd', body),
      {
        why: 'a device without a battery',
        body: (w) => ({ DeviceIndex: w.l }),
        code: DEVICE,
        message: /does not support BatteryLevelCmd/,
      },
      unknownDevice(body),
    ],
  };
};

const rssiLevelCmd = (): MessageCases => ({
  invalid: [
    {
      why: 'retired, as in the reference server',
      body: (w) => ({ DeviceIndex: w.n }),
      code: MSG,
      message: /^RSSILevelCmd is no longer supported/,
    },
  ],
});

// ------------------------------------------------------------------ spec v3: scalars and sensors

const scalarCmd = (): MessageCases => {
  const body = (w: World) => ({
    DeviceIndex: w.n,
    Scalars: [
      { Index: 0, Scalar: 0.5, ActuatorType: 'Vibrate' },
      { Index: 1, Scalar: 0.25, ActuatorType: 'Rotate' },
    ],
  });
  return {
    valid: { body, reply: 'Ok', nora: ['Vibrate:10;', 'Rotate:5;'] },
    invalid: [
      missingId(body, 'ScalarCmd'),
      {
        why: 'an unknown actuator type',
        body: (w) => ({ ...body(w), Scalars: [{ Index: 0, Scalar: 0.5, ActuatorType: 'Wiggle' }] }),
        code: MSG,
        message: /^ScalarCmd\.Scalars\[0\]\.ActuatorType: must be one of/,
      },
      {
        why: 'a scalar above 1',
        body: (w) => ({ ...body(w), Scalars: [{ Index: 0, Scalar: 1.5, ActuatorType: 'Vibrate' }] }),
        code: MSG,
        message: /^ScalarCmd\.Scalars\[0\]\.Scalar: must be a number in \[0, 1\]$/,
      },
      {
        why: 'an unknown feature',
        body: (w) => ({ ...body(w), Scalars: [{ Index: 5, Scalar: 0.5, ActuatorType: 'Vibrate' }] }),
        code: DEVICE,
        message: /has no feature 5 for ScalarCmd/,
      },
      {
        why: 'a feature of another actuator type',
        body: (w) => ({ ...body(w), Scalars: [{ Index: 0, Scalar: 0.5, ActuatorType: 'Rotate' }] }),
        code: DEVICE,
        message: /feature 0 \(ScalarCmd Index\) does not support Rotate/,
      },
      unknownDevice(body),
    ],
  };
};

const sensorReadCmd = (): MessageCases => {
  const body = (w: World) => ({ DeviceIndex: w.n, SensorIndex: 0, SensorType: 'Battery' });
  return {
    valid: {
      body,
      reply: 'SensorReading',
      answer: (w) => ({ DeviceIndex: w.n, SensorIndex: 0, SensorType: 'Battery', Data: [85] }),
    },
    invalid: [
      missingId(body, 'SensorReadCmd'),
      wrongType('SensorIndex', 'first', 'SensorReadCmd', body),
      {
        why: 'a sensor of another type',
        body: (w) => ({ ...body(w), SensorType: 'Pressure' }),
        code: DEVICE,
        message: /does not support Pressure reads/,
      },
      {
        why: 'an unknown sensor',
        body: (w) => ({ ...body(w), SensorIndex: 4 }),
        code: DEVICE,
        message: /has no feature 4 for SensorReadCmd/,
      },
      {
        why: 'a device without sensors',
        body: (w) => ({ ...body(w), DeviceIndex: w.l }),
        code: DEVICE,
        message: /does not support SensorReadCmd/,
      },
      unknownDevice(body),
    ],
  };
};

/** The reference server never implemented v3 subscriptions: refused, even for a pressure sensor. */
const sensorSubscription = (name: string): MessageCases => {
  const body = (w: World) => ({ DeviceIndex: w.b, SensorIndex: 0, SensorType: 'Pressure' });
  return {
    invalid: [
      { why: 'not offered in v3', body, code: DEVICE, message: new RegExp(`does not support ${name}`) },
      missingId(body, name),
      wrongType('SensorType', 3, name, body),
      unknownDevice(body),
    ],
  };
};

// ------------------------------------------------------------------ spec v4

const outputCmd = (): MessageCases => {
  const body = (w: World) => ({ DeviceIndex: w.n, FeatureIndex: 1, Command: { Rotate: { Value: -4 } } });
  return {
    valid: {
      body,
      reply: 'Ok',
      nora: ['RotateChange;', 'Rotate:4;'],
      then: async (w) => {
        const vibrate = await w.client.request('OutputCmd', {
          DeviceIndex: w.n,
          FeatureIndex: 0,
          Command: { Vibrate: { Value: 7 } },
        });
        expect(vibrate).toHaveProperty('Ok');
        expect(await nextOutput(w.nora)).toBe('Vibrate:7;');
        const move = await w.client.request('OutputCmd', {
          DeviceIndex: w.l,
          FeatureIndex: 0,
          Command: { HwPositionWithDuration: { Value: 99, Duration: 500 } },
        });
        expect(move).toHaveProperty('Ok');
        expect(await nextMove(w.launch)).toEqual([99, 40]);
      },
    },
    invalid: [
      missingId(body, 'OutputCmd'),
      {
        why: 'an unknown output type',
        body: (w) => ({ ...body(w), Command: { Wiggle: { Value: 1 } } }),
        code: MSG,
        message: /^OutputCmd\.Command\.Wiggle: unknown output type/,
      },
      {
        why: 'a wrong-typed value',
        body: (w) => ({ ...body(w), Command: { Rotate: { Value: 'fast' } } }),
        code: MSG,
        message: /^OutputCmd\.Command\.Rotate\.Value: must be an integer/,
      },
      {
        why: 'a value outside the feature’s range',
        body: (w) => ({ ...body(w), Command: { Rotate: { Value: 21 } } }),
        code: DEVICE,
        message: /^Rotate value 21 is outside \[-20, 20\]$/,
      },
      {
        why: 'a duration outside the feature’s range',
        body: (w) => ({
          DeviceIndex: w.l,
          FeatureIndex: 0,
          Command: { HwPositionWithDuration: { Value: 9, Duration: 100_001 } },
        }),
        code: DEVICE,
        message: /Duration value 100001 is outside \[0, 100000\]$/,
      },
      {
        why: 'an unknown feature',
        body: (w) => ({ ...body(w), FeatureIndex: 7 }),
        code: DEVICE,
        message: /^Device \d+ has no feature 7$/,
      },
      {
        why: 'a feature without that output',
        body: (w) => ({ ...body(w), FeatureIndex: 0 }),
        code: DEVICE,
        message: /feature 0 does not support Rotate$/,
      },
      unknownDevice(body),
    ],
  };
};

const inputCmd = (): MessageCases => {
  const body = (w: World) => ({ DeviceIndex: w.n, FeatureIndex: 2, Type: 'Battery', Command: 'Read' });
  return {
    valid: {
      body,
      reply: 'InputReading',
      answer: (w) => ({ DeviceIndex: w.n, FeatureIndex: 2, Reading: { Battery: { Value: 85 } } }),
      // Subscribe to the Boost's pressure, get a reading, unsubscribe.
      then: async (w) => {
        const pressure = { DeviceIndex: w.b, FeatureIndex: 0, Type: 'Pressure' };
        expect(await w.client.request('InputCmd', { ...pressure, Command: 'Subscribe' })).toHaveProperty(
          'Ok',
        );
        await w.boost.next('subscribe', (s) => s.endpoint === 'rxpressure');
        const reading = w.client.nextOfType('InputReading');
        w.boost.notify('rxpressure', [0x00, 0x01, 0x04, 0x01, 0x2c, 0x02, 0x58]);
        expect((await reading).InputReading).toEqual({
          Id: 0,
          DeviceIndex: w.b,
          FeatureIndex: 0,
          Reading: { Pressure: { Value: 300 } },
        });
        expect(await w.client.request('InputCmd', { ...pressure, Command: 'Unsubscribe' })).toHaveProperty(
          'Ok',
        );
        await w.boost.next('unsubscribe', (s) => s.endpoint === 'rxpressure');
      },
    },
    invalid: [
      missingId(body, 'InputCmd'),
      {
        why: 'an unknown input type',
        body: (w) => ({ ...body(w), Type: 'Mood' }),
        code: MSG,
        message: /^InputCmd\.Type: must be one of/,
      },
      {
        why: 'an unknown command',
        body: (w) => ({ ...body(w), Command: 'Poll' }),
        code: MSG,
        message: /^InputCmd\.Command: must be one of/,
      },
      {
        why: 'a command the input does not offer',
        body: (w) => ({ ...body(w), Command: 'Subscribe' }),
        code: DEVICE,
        message: /feature 2 does not support Battery Subscribe$/,
      },
      {
        why: 'an unknown feature',
        body: (w) => ({ ...body(w), FeatureIndex: 9 }),
        code: DEVICE,
        message: /^Device \d+ has no feature 9$/,
      },
      {
        why: 'a feature without that input',
        body: (w) => ({ ...body(w), FeatureIndex: 0 }),
        code: DEVICE,
        message: /feature 0 does not support Battery$/,
      },
      unknownDevice(body),
    ],
  };
};

const stopCmd = (): MessageCases => {
  const body = (w: World) => ({ DeviceIndex: w.n, FeatureIndex: 0 });
  return {
    valid: {
      body,
      reply: 'Ok',
      then: async (w) => {
        expect(await nextOutput(w.nora)).toBe('Vibrate:0;');
        // Without a device index: everything this client drives (a feature index alone is
        // ignored, as the spec says).
        for (const body of [{}, { FeatureIndex: 1 }]) {
          await vibrateNora(w, 4);
          expect(await w.client.request('StopCmd', body)).toHaveProperty('Ok');
          expect(await nextOutput(w.nora)).toBe('Vibrate:0;');
        }
      },
    },
    invalid: [
      missingId(body, 'StopCmd'),
      wrongType('FeatureIndex', 'first', 'StopCmd', body),
      {
        why: 'an unknown feature',
        body: (w) => ({ ...body(w), FeatureIndex: 8 }),
        code: DEVICE,
        message: /has no feature 8/,
      },
      unknownDevice(body),
    ],
  };
};

const disconnect = (): MessageCases => ({
  valid: {
    body: () => ({}),
    reply: 'Ok',
    then: async (w) => {
      // The connection closes, and what the client drove stops.
      expect(await w.client.closed).toMatchObject({ code: expect.any(Number) });
      expect(await nextOutput(w.nora)).toBe('Vibrate:0;');
    },
  },
  invalid: [missingId(() => ({}), 'Disconnect')],
});

// ------------------------------------------------------------------ the versions

const CASES: Record<Version, Record<string, MessageCases>> = {
  0: {
    ...common(0),
    ...stops(),
    SingleMotorVibrateCmd: singleMotorVibrateCmd(),
    FleshlightLaunchFW12Cmd: fleshlightLaunchFW12Cmd(),
    VorzeA10CycloneCmd: vorzeA10CycloneCmd(),
    KiirooCmd: kiirooCmd(),
    LovenseCmd: lovenseCmd(),
    RequestLog: requestLog(0),
    Test: test(),
  },
  1: {
    ...common(1),
    ...stops(),
    SingleMotorVibrateCmd: singleMotorVibrateCmd(),
    FleshlightLaunchFW12Cmd: fleshlightLaunchFW12Cmd(),
    VorzeA10CycloneCmd: vorzeA10CycloneCmd(),
    KiirooCmd: kiirooCmd(),
    RequestLog: requestLog(1),
    Test: test(),
    VibrateCmd: vibrateCmd('VibrateCmd'),
    LinearCmd: linearCmd(),
    RotateCmd: rotateCmd(),
  },
  2: {
    ...common(2),
    ...stops(),
    RequestLog: requestLog(2),
    VibrateCmd: vibrateCmd('VibrateCmd'),
    LinearCmd: linearCmd(),
    RotateCmd: rotateCmd(),
    BatteryLevelCmd: batteryLevelCmd(),
    RSSILevelCmd: rssiLevelCmd(),
    ...rawCommands(),
  },
  3: {
    ...common(3),
    ...stops(),
    VibrateCmd: vibrateCmd('VibrateCmd'),
    LinearCmd: linearCmd(),
    RotateCmd: rotateCmd(),
    ScalarCmd: scalarCmd(),
    SensorReadCmd: sensorReadCmd(),
    SensorSubscribeCmd: sensorSubscription('SensorSubscribeCmd'),
    SensorUnsubscribeCmd: sensorSubscription('SensorUnsubscribeCmd'),
    ...rawCommands(),
  },
  4: {
    ...common(4),
    StopCmd: stopCmd(),
    OutputCmd: outputCmd(),
    InputCmd: inputCmd(),
    Disconnect: disconnect(),
  },
};

/** The tests that need the Nora vibrating first (what a stop stops). */
const NEEDS_VIBRATION = new Set(['StopDeviceCmd', 'StopAllDevices', 'StopCmd', 'Disconnect']);

// ------------------------------------------------------------------ device helpers

const COMMAND_ECHOES = new Set(['Battery;', 'DeviceType;']);

/** The Nora's next output write (battery queries are answered by the peripheral). */
async function nextOutput(p: SimPeripheral): Promise<string> {
  const w = await p.next(
    'write',
    (b) => b.endpoint === 'tx' && !COMMAND_ECHOES.has(Buffer.from(b.data as number[]).toString()),
  );
  return Buffer.from(w.data as number[]).toString();
}

/** The Launch's next move on tx: [position, speed]. */
async function nextMove(p: SimPeripheral): Promise<number[]> {
  return (await p.next('write', (b) => b.endpoint === 'tx')).data as number[];
}

// ------------------------------------------------------------------ the suite

let server: ServerProcess;
let seq = 0;
const worlds: Array<{ world: World; version: Version }> = [];

beforeAll(async () => {
  server = await startServer();
});
afterEach(async () => {
  for (const { world, version } of worlds.splice(0)) {
    expect(schemaProblems(version, world.client.received)).toEqual([]);
    await world.client.close();
    for (const p of [world.nora, world.launch, world.boost]) {
      p.close();
      await p.closed;
    }
  }
});
afterAll(async () => {
  await server.stop();
});

async function ready(p: SimPeripheral, protocol: string): Promise<number> {
  expect(await p.next('accepted')).toEqual({ protocol });
  return (await p.next('ready')).deviceIndex as number;
}

async function world(version: Version): Promise<World> {
  const id = ++seq;
  const url = `ws://127.0.0.1:${server.simPort}`;
  const nora = await SimPeripheral.lovense(server.simPort, { letter: 'A', address: `every-nora-${id}` });
  const launch = await SimPeripheral.hello(url, { name: 'Launch', address: `every-launch-${id}` });
  const boost = await SimPeripheral.hello(url, { name: 'Boost', address: `every-boost-${id}` });
  boost.reads.set('rxblebattery', [77]);
  const [n, l, b] = await Promise.all([
    ready(nora, 'lovense'),
    ready(launch, 'kiiroo-v2'),
    ready(boost, 'kgoal-boost'),
  ]);
  // The Launch's init switches it into command mode before any move.
  expect((await launch.next('write')).data).toEqual([0]);
  const client = await RawClient.handshake(server.url, version, `every message v${version}`);
  const w: World = { client, nora, launch, boost, n, l, b };
  worlds.push({ world: w, version });
  return w;
}

/** Server messages: what a client never sends. */
const SERVER_ONLY =
  /^(Ok|Error|ServerInfo|DeviceList|DeviceAdded|DeviceRemoved|ScanningFinished|Log|BatteryLevelReading|RSSILevelReading|SensorReading|InputReading|RawReading)$/;

/** The client messages of a version: thrum's codec table and the upstream schema's list. */
function clientMessagesOf(version: Version): string[] {
  const codec = [...[V0, V1, V2, V3, V4][version]!.keys()];
  const upstream = hasReference ? specMessageNames(version).filter((name) => !SERVER_ONLY.test(name)) : [];
  return [...new Set([...codec, ...upstream])];
}

describe.each([0, 1, 2, 3, 4] as const)('spec v%i', (version) => {
  const cases = CASES[version];

  it('has cases for every client message of the version', () => {
    const missing = clientMessagesOf(version).filter((name) => !(name in cases));
    expect(missing).toEqual([]);
  });

  for (const [name, { valid, invalid }] of Object.entries(cases)) {
    if (valid !== undefined) {
      it(`${name}: valid`, async () => {
        const w = await world(version);
        if (NEEDS_VIBRATION.has(name)) await vibrateNora(w, version);
        const reply = await w.client.request(name, valid.body(w));
        expect(Object.keys(reply)).toEqual([valid.reply]);
        if (valid.answer)
          expect(reply[valid.reply]).toEqual({ Id: reply[valid.reply]!.Id, ...valid.answer(w) });
        for (const text of valid.nora ?? []) expect(await nextOutput(w.nora)).toBe(text);
        for (const [position, speed] of valid.launch ?? []) {
          const [sentPosition, sentSpeed] = await nextMove(w.launch);
          expect(sentPosition).toBe(position);
          if (speed !== null) expect(sentSpeed).toBe(speed);
        }
        await valid.then?.(w, reply[valid.reply]!);
      });
    }
    for (const bad of invalid) {
      it(`${name}: ${bad.why} → error ${bad.code}`, async () => {
        const w = await world(version);
        // A body's own Id (even undefined, which JSON drops) replaces the default 40.
        const frame = [{ [name]: { Id: 40, ...bad.body(w) } }];
        const answer = w.client.waitFor((m) => 'Error' in m);
        w.client.sendRaw(JSON.stringify(frame));
        const error = (await answer).Error as { Id: number; ErrorCode: number; ErrorMessage: string };
        expect(error).toMatchObject({ Id: bad.id ?? 40, ErrorCode: bad.code });
        expect(error.ErrorMessage).toMatch(bad.message);
        // Nothing reached a device, and the connection still answers.
        expect(await w.client.request('Ping')).toHaveProperty('Ok');
        expect(w.nora.writes().filter((t) => !COMMAND_ECHOES.has(t))).toEqual([]);
        expect(w.launch.frames.filter((f) => f.kind === 'write')).toHaveLength(1);
      });
    }
  }
});
