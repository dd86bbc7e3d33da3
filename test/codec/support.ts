// Shared fixtures and the table-driven suite every per-version test file runs: realistic device
// descriptors, the upstream schema through ajv, and generated bad variants of every message.
import { describe, expect, it } from 'vitest';
import type { ReasonCode } from '../../src/core/index.js';
import { REASONS } from '../../src/core/index.js';
import {
  decodeMessage,
  type ClientRequest,
  type DecodeError,
  type DeviceCommand,
  type SpecVersion,
} from '../../src/codec/index.js';
import { hasReference, REFERENCE_SKIP_REASON } from '../helpers/reference.js';
import { specValidator } from '../helpers/schema.js';

export { hasReference, REFERENCE_SKIP_REASON };

export * from './devices.js';

// ------------------------------------------------------------------ schema

export { anyVersionValidator, specValidator } from '../helpers/schema.js';

// ------------------------------------------------------------------ expectations

export function expectError(
  result: ClientRequest | DecodeError | unknown[],
  reason: ReasonCode,
  id: number,
  message?: string | RegExp,
): void {
  expect(result).toMatchObject({ kind: 'Error', id, failure: { reason, code: REASONS[reason][0] } });
  if (message !== undefined) {
    const text = (result as DecodeError).failure.message;
    if (typeof message === 'string') expect(text).toBe(message);
    else expect(text).toMatch(message);
  }
}

type Body = Record<string, unknown>;

export interface VersionSuite {
  /** One valid body per client message of the version, and what it decodes to. */
  readonly valid: Record<string, { body: Body; expected: ClientRequest; schemaDeviation?: string }>;
  /** Messages the version defines but refuses after checking them (THRUM_ERR_MESSAGE_RETIRED). */
  readonly refused?: Record<string, Body>;
  /** Refused messages answered with another reason than THRUM_ERR_MESSAGE_RETIRED. */
  readonly refusedWith?: Record<string, ReasonCode>;
  /** Bad values: [message name, body, expected `Path: reason` text]. */
  readonly badValues: ReadonlyArray<readonly [string, Body, string]>;
  /** Names of other versions' client messages that must be unknown here. */
  readonly notInVersion: readonly string[];
}

/** A wrong-typed stand-in for a field's value. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 5;
  if (typeof value === 'number') return 'five';
  if (typeof value === 'boolean') return 'yes';
  return 'not-an-object';
}

export function runVersionSuite(version: SpecVersion, suite: VersionSuite): void {
  const decode = (raw: unknown) => decodeMessage(raw, version);

  describe(`spec v${version}: valid messages`, () => {
    for (const [name, { body, expected }] of Object.entries(suite.valid)) {
      it(`${name} decodes`, () => {
        expect(decode({ [name]: body })).toEqual(expected);
      });
    }
  });

  const schemaSuite = `spec v${version}: valid samples against the upstream schema`;
  describe.skipIf(!hasReference)(
    hasReference ? schemaSuite : `${schemaSuite}: ${REFERENCE_SKIP_REASON}`,
    () => {
      for (const [name, { body, schemaDeviation }] of Object.entries(suite.valid)) {
        it(`${name} ${schemaDeviation ? `is outside the schema (${schemaDeviation})` : 'validates'}`, () => {
          expect(specValidator(version)([{ [name]: body }])).toBe(schemaDeviation === undefined);
        });
      }
    },
  );

  describe(`spec v${version}: generated bad variants`, () => {
    for (const [name, { body }] of Object.entries({
      ...suite.valid,
      ...Object.fromEntries(Object.entries(suite.refused ?? {}).map(([n, b]) => [n, { body: b }])),
    })) {
      const id = body.Id as number;
      it(`${name}: every missing field`, () => {
        for (const field of Object.keys(body)) {
          const { [field]: _gone, ...rest } = body;
          if (name === 'StopCmd' && field !== 'Id') continue; // all but Id are optional
          expectError(
            decode({ [name]: rest }),
            'THRUM_ERR_INVALID_FIELD',
            field === 'Id' ? 0 : id,
            `${name}.${field}: is required`,
          );
        }
      });
      it(`${name}: every wrong-typed field`, () => {
        for (const [field, value] of Object.entries(body)) {
          const r = decode({ [name]: { ...body, [field]: wrongType(value) } });
          expectError(
            r,
            'THRUM_ERR_INVALID_FIELD',
            field === 'Id' ? 0 : id,
            new RegExp(`^${name}\\.${field}: `),
          );
        }
      });
      it(`${name}: an extra field`, () => {
        expectError(
          decode({ [name]: { ...body, Extra: 1 } }),
          'THRUM_ERR_INVALID_FIELD',
          id,
          `${name}.Extra: is not an allowed field`,
        );
      });
      it(`${name}: bad Ids carry Id 0`, () => {
        for (const bad of [0, -1, 1.5, 4294967296, '1', null]) {
          expectError(
            decode({ [name]: { ...body, Id: bad } }),
            'THRUM_ERR_INVALID_FIELD',
            0,
            `${name}.Id: must be an integer in [1, 4294967295]`,
          );
        }
      });
      it(`${name}: a body that is not an object`, () => {
        for (const bad of [null, 3, 'x', [body]])
          expectError(decode({ [name]: bad }), 'THRUM_ERR_INVALID_FIELD', 0, `${name}: must be an object`);
      });
    }
  });

  describe(`spec v${version}: bad values`, () => {
    for (const [name, body, text] of suite.badValues) {
      it(text, () => {
        expectError(decode({ [name]: body }), 'THRUM_ERR_INVALID_FIELD', (body.Id as number) ?? 0, text);
      });
    }
  });

  describe.runIf(suite.refused !== undefined)(`spec v${version}: refused messages`, () => {
    for (const [name, body] of Object.entries(suite.refused ?? {})) {
      const reason = suite.refusedWith?.[name];
      it(`${name} is checked, then refused with ERROR_MSG`, () => {
        if (reason !== undefined)
          expectError(
            decode({ [name]: body }),
            reason,
            body.Id as number,
            new RegExp(`^${name} is not supported`),
          );
        else
          expectError(
            decode({ [name]: body }),
            'THRUM_ERR_MESSAGE_RETIRED',
            body.Id as number,
            new RegExp(`^${name} is no longer supported`),
          );
      });
    }
  });

  describe(`spec v${version}: envelope and unknown messages`, () => {
    it('rejects anything but an object with one key, with Id 0', () => {
      for (const raw of [
        42,
        null,
        'Ping',
        [],
        [{ Ping: { Id: 1 } }],
        {},
        { Ping: { Id: 1 }, Test: { Id: 2, TestString: '' } },
      ]) {
        expectError(decode(raw), 'THRUM_ERR_BAD_MESSAGE', 0);
      }
    });
    it('names other versions’ messages unknown, with their Id', () => {
      for (const name of [...suite.notInVersion, 'NoSuchMessage']) {
        expectError(
          decode({ [name]: { Id: 9, DeviceIndex: 0 } }),
          'THRUM_ERR_UNKNOWN_MESSAGE',
          9,
          `Unknown message type ${name} for spec version ${version}`,
        );
      }
    });
    it('refuses server messages from a client', () => {
      for (const name of [
        'Ok',
        'Error',
        'ServerInfo',
        'DeviceList',
        'DeviceAdded',
        'DeviceRemoved',
        'ScanningFinished',
        'SensorReading',
        'InputReading',
        'BatteryLevelReading',
        'Log',
      ]) {
        expectError(
          decode({ [name]: { Id: 4 } }),
          'THRUM_ERR_NOT_CLIENT_MESSAGE',
          4,
          `${name} is sent by servers, not clients`,
        );
      }
    });
    it('refuses raw device access', () => {
      for (const name of ['RawWriteCmd', 'RawReadCmd', 'RawSubscribeCmd', 'RawUnsubscribeCmd', 'RawCmd']) {
        expectError(
          decode({ [name]: { Id: 6, DeviceIndex: 0, Endpoint: 'tx', Data: [1], WriteWithResponse: false } }),
          'THRUM_ERR_RAW_UNSUPPORTED',
          6,
        );
      }
    });
    it('truncates absurdly long unknown names in the error text', () => {
      const r = decode({ ['X'.repeat(10_000)]: { Id: 2 } }) as DecodeError;
      expect(r.failure.message.length).toBeLessThan(200);
    });
  });
}

/** The request a suite's device command decodes to, as an expectation (name and body as the suite has them). */
export function deviceCommand(name: string, version: SpecVersion, body: Body): ClientRequest {
  return {
    kind: 'DeviceCommand',
    id: body.Id as number,
    device: body.DeviceIndex as number,
    command: { name, version, body } as unknown as DeviceCommand,
  };
}
