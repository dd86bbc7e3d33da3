import { describe, expect, it } from 'vitest';
import { findByToken, isTokenHash, newToken, tokenHash } from '../../src/access/tokens.js';

describe('tokens', () => {
  it('hashes UTF-8 bytes with SHA-256, lowercase hex', () => {
    // sha256("abc"), a published test vector
    expect(tokenHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(isTokenHash(tokenHash('é'))).toBe(true);
    expect(isTokenHash('ABC')).toBe(false);
  });

  it('new tokens are long, URL-safe and different every time', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
  });

  it('finds the entry a token belongs to, and nothing for another token', () => {
    const entries = [
      { name: 'a', sha256: tokenHash('one') },
      { name: 'b', sha256: tokenHash('two') },
    ];
    expect(findByToken(entries, 'two')?.name).toBe('b');
    expect(findByToken(entries, 'three')).toBeUndefined();
    expect(findByToken(entries, '')).toBeUndefined();
  });
});
