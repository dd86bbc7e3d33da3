// Who may use the operator API: tokens by header, query, subprotocol entry or cookie, and the
// Origin rule (the listener's own scheme and port, with its own names only).

import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { tokenHash } from '../../src/access/tokens.js';
import {
  authorise,
  OriginPolicy,
  presentedTokens,
  tokenSubprotocol,
} from '../../src/operator/request-auth.js';

const none = { authorization: '', cookie: '', query: '', subprotocols: '' };
const TOKENS = [
  { name: 'front-desk', sha256: tokenHash('desk-secret') },
  { name: 'button', sha256: tokenHash('btn') },
];

describe('operator tokens', () => {
  it('are read from a Bearer header, ?token=, a thrum-token. subprotocol entry and the console cookie', () => {
    expect(presentedTokens({ ...none, authorization: 'Bearer abc' })).toEqual(['abc']);
    expect(presentedTokens({ ...none, authorization: 'bearer   abc  ' })).toEqual(['abc']);
    expect(presentedTokens({ ...none, authorization: 'Basic abc' })).toEqual([]);
    expect(presentedTokens({ ...none, query: 'x=1&token=a%2Bb' })).toEqual(['a+b']);
    expect(presentedTokens({ ...none, subprotocols: 'chat, thrum-token.xyz' })).toEqual(['xyz']);
    expect(presentedTokens({ ...none, cookie: 'a=1; thrum-operator=c%3Dd; b=2' })).toEqual(['c=d']);
    expect(tokenSubprotocol('thrum-token.')).toBeNull();
  });

  it('authorise to the matching entry, whichever way it came; a wrong one to nothing', () => {
    expect(authorise(TOKENS, { ...none, authorization: 'Bearer btn' })?.name).toBe('button');
    expect(
      authorise(TOKENS, { ...none, authorization: 'Bearer wrong', query: 'token=desk-secret' })?.name,
    ).toBe('front-desk');
    expect(authorise(TOKENS, { ...none, authorization: 'Bearer wrong' })).toBeUndefined();
    expect(authorise(TOKENS, none)).toBeUndefined();
    expect(authorise([], { ...none, authorization: 'Bearer btn' })).toBeUndefined();
  });
});

describe('operator Origin rule', () => {
  it('on loopback takes only its own scheme and port under loopback names; no Origin at all passes', () => {
    const p = new OriginPolicy('http', 12346, false);
    for (const ok of [
      '',
      'http://127.0.0.1:12346',
      'http://localhost:12346',
      'http://[::1]:12346',
      'HTTP://LOCALHOST:12346',
    ]) {
      expect(p.allows(ok), ok).toBe(true);
    }
    for (const bad of [
      'null',
      'http://evil.example',
      'http://127.0.0.1:12345',
      'https://127.0.0.1:12346',
      'http://127.0.0.1.evil.example:12346',
      'garbage',
    ]) {
      expect(p.allows(bad), bad).toBe(false);
    }
  });

  it('on every interface also takes its own interface addresses; the default port may be left out', () => {
    const addresses = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
    const v4 = addresses.find((a) => a.family === 'IPv4' && !a.internal);
    const all = new OriginPolicy('http', 80, true);
    const loopbackOnly = new OriginPolicy('http', 80, false);
    expect(all.allows('http://localhost')).toBe(true);
    if (v4) {
      expect(all.allows(`http://${v4.address}`)).toBe(true);
      expect(loopbackOnly.allows(`http://${v4.address}`)).toBe(false);
    }
    expect(all.allows('http://203.0.113.9')).toBe(false);
  });
});
