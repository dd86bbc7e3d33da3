// The access file's parser and the JSON Schema in docs/ agree: access.md's example and the
// README's are accepted by both, and each broken file is refused by both, the parser with one
// line naming the path of the bad field.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseAccessConfig } from '../../src/access/access-config.js';
import { tokenHash } from '../../src/access/tokens.js';
import { repoRoot } from '../helpers/reference.js';

const schema = JSON.parse(
  readFileSync(path.join(repoRoot, 'docs/access-file.schema.json'), 'utf8'),
) as object;
// ajv is CommonJS: under NodeNext its class is the default export's `default`.
const ajv = new Ajv2020Module.default({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

const H = tokenHash('x');

/** access.md's example, with real hashes. */
const EXAMPLE = {
  admission: { loopback: 'open', remote: 'token' },
  operatorTokens: [{ name: 'front-desk', sha256: H }],
  roles: {
    performer: { devices: ['*'] },
    audience: {
      devices: ['Lovense Hush'],
      outputs: { Vibrate: { cap: 0.4 } },
      ratePerSecond: 20,
      scan: false,
      sensors: false,
      deviceStops: 'own',
    },
  },
  tokens: [
    { name: 'stage-app', sha256: tokenHash('a'), role: 'performer' },
    {
      name: 'overlay',
      sha256: tokenHash('b'),
      role: 'audience',
      expires: '2027-01-01T00:00:00Z',
      maxConnections: 500,
    },
  ],
};

describe('the access file', () => {
  it("access.md's example is accepted by the parser and the schema", () => {
    expect(validate(EXAMPLE), JSON.stringify(validate.errors)).toBe(true);
    const c = parseAccessConfig(JSON.stringify(EXAMPLE));
    expect(c.admission).toEqual({ loopback: 'open', remote: 'token', waitMs: 60_000 });
    const audience = c.roles.get('audience')!;
    expect(audience.outputs?.get('Vibrate')).toEqual({ cap: 0.4 });
    expect(audience).toMatchObject({
      ratePerSecond: 20,
      scan: false,
      sensors: false,
      deviceStops: 'own',
      devices: ['Lovense Hush'],
    });
    expect(c.roles.get('performer')).toMatchObject({
      outputs: null,
      ratePerSecond: null,
      scan: true,
      sensors: true,
      deviceStops: 'everyone',
      aggregate: 'latest',
    });
    expect(
      parseAccessConfig(JSON.stringify({ roles: { crowd: { aggregate: 'mean' } } })).roles.get('crowd')
        ?.aggregate,
    ).toBe('mean');
    expect(c.tokens[1]).toMatchObject({
      name: 'overlay',
      role: 'audience',
      expires: Date.parse('2027-01-01T00:00:00Z'),
      maxConnections: 500,
    });
    expect(c.operatorTokens).toEqual([{ name: 'front-desk', sha256: H }]);
  });

  it('an empty file means the defaults: loopback open, remote token', () => {
    expect(validate({})).toBe(true);
    expect(parseAccessConfig('{}').admission).toEqual({ loopback: 'open', remote: 'token', waitMs: 60_000 });
  });

  /** [why, file, the parser's message, whether the schema can see it too (it cannot cross-check names or parse dates)] */
  const broken: Array<[string, unknown, string, boolean?]> = [
    [
      'an unknown admission mode',
      { admission: { remote: 'maybe' } },
      'admission.remote: must be one of "open", "token", "ask"',
    ],
    [
      'a cap above 1',
      { roles: { a: { outputs: { Vibrate: { cap: 1.5 } } } } },
      'roles.a.outputs.Vibrate.cap: must be a number from 0 to 1',
    ],
    [
      'an unknown output type',
      { roles: { a: { outputs: { Wiggle: { cap: 0.5 } } } } },
      'roles.a.outputs.Wiggle: unknown output type',
    ],
    [
      'a token of a role that does not exist',
      { tokens: [{ name: 't', sha256: H, role: 'nobody' }] },
      'tokens[0].role: no role "nobody" in roles',
      false,
    ],
    [
      'a token stored in clear',
      { roles: { a: {} }, tokens: [{ name: 't', sha256: 'hunter2', role: 'a' }] },
      'tokens[0].sha256: must be the lowercase hex SHA-256',
    ],
    [
      'an expiry that is not a date',
      { roles: { a: {} }, tokens: [{ name: 't', sha256: H, role: 'a', expires: 'soon' }] },
      'tokens[0].expires: must be a date and time',
      false,
    ],
    [
      'a zero connection limit',
      { roles: { a: {} }, tokens: [{ name: 't', sha256: H, role: 'a', maxConnections: 0 }] },
      'tokens[0].maxConnections: must be a whole number of at least 1',
    ],
    [
      'a negative rate',
      { roles: { a: { ratePerSecond: -1 } } },
      'roles.a.ratePerSecond: must be a number above 0',
    ],
    ['an unknown field', { roles: { a: { volume: 11 } } }, 'roles.a.volume: unknown field'],
    [
      'deviceStops of another kind',
      { roles: { a: { deviceStops: 'nobody' } } },
      'roles.a.deviceStops: must be "everyone" or "own"',
    ],
    [
      'an aggregate rule of another kind',
      { roles: { a: { aggregate: 'median' } } },
      'roles.a.aggregate: must be "latest", "mean" or "max"',
    ],
    [
      'an operator token without a hash',
      { operatorTokens: [{ name: 'o' }] },
      'operatorTokens[0].sha256: must be the lowercase hex SHA-256',
    ],
  ];

  it.each(broken)(
    '%s is refused, by the parser with the path of the field',
    (_why, file, message, schemaSees = true) => {
      if (schemaSees) expect(validate(file)).toBe(false);
      expect(() => parseAccessConfig(JSON.stringify(file))).toThrow(message);
    },
  );

  it('duplicate token names and bad JSON are refused by the parser', () => {
    const dup = {
      roles: { a: {} },
      tokens: [
        { name: 't', sha256: H, role: 'a' },
        { name: 't', sha256: tokenHash('y'), role: 'a' },
      ],
    };
    expect(() => parseAccessConfig(JSON.stringify(dup))).toThrow(
      'tokens[1].name: "t" is used by another token',
    );
    expect(() => parseAccessConfig('{ "roles": ')).toThrow(/^not valid JSON/);
  });
});
