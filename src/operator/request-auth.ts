// Who may use the operator API: a request must carry an operator token, and a request from a
// browser page must come from the listener's own origin (access.md). The Origin rule stops other
// sites from driving the API through a browser that holds the console's cookie; the token stops
// everyone else. Both are checked before a route does anything.

import { networkInterfaces, hostname } from 'node:os';
import { findByToken } from '../access/tokens.js';

export interface OperatorToken {
  readonly name: string;
  /** Lowercase hex SHA-256 of the token (access.md); the token itself is never kept. */
  readonly sha256: string;
}

/** The console page's cookie (set by GET /?token=…, HttpOnly, SameSite=Strict). */
export const TOKEN_COOKIE = 'thrum-operator';

/** Subprotocol entries of this form carry a token (browsers cannot set headers on a WebSocket). */
export const TOKEN_SUBPROTOCOL_PREFIX = 'thrum-token.';

/** What a request presented, read from its headers and query before the handler returns. */
export interface Presented {
  readonly authorization: string;
  readonly cookie: string;
  readonly query: string;
  /** The Sec-WebSocket-Protocol header (upgrades only). */
  readonly subprotocols: string;
}

/** The tokens a request presents, in the order they are tried. */
export function presentedTokens(p: Presented): string[] {
  const tokens: string[] = [];
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(p.authorization);
  if (bearer) tokens.push(bearer[1]!);
  const fromQuery = new URLSearchParams(p.query).get('token');
  if (fromQuery) tokens.push(fromQuery);
  const entry = tokenSubprotocol(p.subprotocols);
  if (entry !== null) tokens.push(entry.slice(TOKEN_SUBPROTOCOL_PREFIX.length));
  for (const part of p.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === TOKEN_COOKIE)
      tokens.push(decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return tokens;
}

/** The offered subprotocol entry that carries a token, or null. */
export function tokenSubprotocol(header: string): string | null {
  for (const raw of header.split(',')) {
    const entry = raw.trim();
    if (entry.startsWith(TOKEN_SUBPROTOCOL_PREFIX) && entry.length > TOKEN_SUBPROTOCOL_PREFIX.length)
      return entry;
  }
  return null;
}

/** The operator token a request presents, or undefined. Every presented token is checked. */
export function authorise(tokens: readonly OperatorToken[], p: Presented): OperatorToken | undefined {
  for (const token of presentedTokens(p)) {
    const found = findByToken(tokens, token);
    if (found) return found;
  }
  return undefined;
}

/**
 * The listener's own origins: its scheme and port with any name or address it can be reached by
 * on this machine. Loopback names always; every interface address and the host name when it
 * listens on all interfaces (read per check, so an address gained later is accepted).
 */
export class OriginPolicy {
  constructor(
    private readonly scheme: 'http' | 'https',
    private readonly port: number,
    private readonly allInterfaces: boolean,
  ) {}

  /** Whether a request with this Origin header may proceed. An absent header ('') may. */
  allows(origin: string): boolean {
    if (origin === '') return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // "null" (sandboxed frames, file: pages) and anything unreadable
    }
    if (url.protocol !== `${this.scheme}:`) return false;
    const port = url.port === '' ? (this.scheme === 'https' ? 443 : 80) : Number(url.port);
    if (port !== this.port) return false;
    return this.hostNames().has(url.hostname.toLowerCase());
  }

  private hostNames(): Set<string> {
    const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
    if (!this.allInterfaces) return names;
    names.add(hostname().toLowerCase());
    for (const addresses of Object.values(networkInterfaces())) {
      for (const a of addresses ?? []) {
        // A browser's Origin never carries an IPv6 zone, so a link-local address is named without it.
        names.add(a.family === 'IPv6' ? `[${a.address.split('%')[0]!.toLowerCase()}]` : a.address);
      }
    }
    return names;
  }
}
