// Tokens: random strings handed to people, kept by thrum only as the lowercase hex SHA-256 of
// their UTF-8 bytes (access.md). A presented token is hashed and compared with each stored hash
// in constant time, so neither the token nor how much of it matched leaks through timing or logs.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Bytes of randomness in a new token (base64url: 43 characters). */
const TOKEN_BYTES = 32;

/** A fresh random token, URL-safe (it is pasted into `?token=` query strings). */
export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** The stored form of a token: lowercase hex SHA-256 of its UTF-8 bytes. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `hash` is a well-formed stored hash (64 lowercase hex digits). */
export function isTokenHash(hash: string): boolean {
  return /^[0-9a-f]{64}$/.test(hash);
}

/**
 * The entry whose hash matches `token`, or undefined. Every entry is compared, each in constant
 * time, so the answer takes as long whichever entry (if any) matches.
 */
export function findByToken<T extends { readonly sha256: string }>(
  entries: readonly T[],
  token: string,
): T | undefined {
  const presented = Buffer.from(tokenHash(token), 'hex');
  let found: T | undefined;
  for (const entry of entries) {
    const stored = Buffer.from(entry.sha256, 'hex');
    if (stored.length === presented.length && timingSafeEqual(stored, presented) && found === undefined)
      found = entry;
  }
  return found;
}
