// Admission: who may connect, decided at the HTTP upgrade from the token a client presents (if
// any) and the class of its address, and for `ask`, by the operator while the client waits at
// RequestServerInfo.

import { ADMISSION_WAIT_MS, DEFAULT_ROLE, type AccessConfig, type TokenEntry } from './access-config.js';
import { findByToken } from './tokens.js';

export type AdmissionDecision =
  /** Refused before any Buttplug message (HTTP 401). `reason` never contains the token. */
  | { readonly kind: 'refuse'; readonly reason: string }
  /** Let in with this role (null = full access) under this token name (null = no token). */
  | { readonly kind: 'admit'; readonly tokenName: string | null; readonly role: string | null }
  /** Let the socket open; hold its RequestServerInfo until the operator decides. */
  | { readonly kind: 'ask' };

/** Whether a token entry may be used now: unexpired, under its connection limit. */
export function tokenUsable(entry: TokenEntry, now: number, connections: number): string | null {
  if (entry.expires !== null && now >= entry.expires) return `token "${entry.name}" has expired`;
  if (entry.maxConnections !== null && connections >= entry.maxConnections) {
    return `token "${entry.name}" already has ${connections} connection${connections === 1 ? '' : 's'} (its limit)`;
  }
  return null;
}

/**
 * Decide a connection. Without an access file everyone is let in with full access (today's
 * behaviour). A presented token must be valid whatever the admission mode.
 */
export function decideAdmission(
  config: AccessConfig | null,
  token: string | null,
  loopback: boolean,
  now: number,
  connectionsOf: (tokenName: string) => number,
): AdmissionDecision {
  if (config === null) return { kind: 'admit', tokenName: null, role: null };
  if (token !== null) {
    const entry = findByToken(config.tokens, token);
    if (entry === undefined) return { kind: 'refuse', reason: 'unknown token' };
    const problem = tokenUsable(entry, now, connectionsOf(entry.name));
    if (problem !== null) return { kind: 'refuse', reason: problem };
    return { kind: 'admit', tokenName: entry.name, role: entry.role };
  }
  const mode = loopback ? config.admission.loopback : config.admission.remote;
  if (mode === 'token')
    return { kind: 'refuse', reason: `a token is required for ${loopback ? 'loopback' : 'remote'} clients` };
  if (mode === 'ask') return { kind: 'ask' };
  return { kind: 'admit', tokenName: null, role: config.roles.has(DEFAULT_ROLE) ? DEFAULT_ROLE : null };
}

export type DeskDecision = 'admitted' | 'denied' | 'timed_out';

/** A client waiting at RequestServerInfo for the operator's decision. */
export interface HeldClient {
  readonly id: number;
  readonly name: string;
  readonly address: string;
  readonly origin: string | null;
  /** Date.now() when it started waiting. */
  readonly since: number;
}

export interface AdmissionWaiter extends HeldClient {
  admitted(): void;
  denied(reason: string): void;
}

function rememberKey(name: string, origin: string | null): string {
  return `${name}\n${origin ?? ''}`;
}

/**
 * Clients held by `ask` admission. The operator admits or denies each; a decision may be
 * remembered for that client name and Origin, so the same app on the same page is not asked again
 * (for the life of the process).
 */
export class AdmissionDesk {
  private readonly held = new Map<number, { waiter: AdmissionWaiter; timer: NodeJS.Timeout }>();
  private readonly remembered = new Map<string, boolean>();
  /** Told whenever a client starts or stops waiting (the operator's live events). */
  onChange: ((held: readonly HeldClient[]) => void) | null = null;
  /** Told each decision the desk makes (/metrics counts them). */
  onDecision: ((decision: DeskDecision) => void) | null = null;

  constructor(private waitMs = ADMISSION_WAIT_MS) {}

  /** A reloaded access file may change the wait; clients already waiting keep theirs. */
  setWait(ms: number): void {
    this.waitMs = ms;
  }

  /** Hold `w`, or decide at once when a remembered decision covers it. */
  request(w: AdmissionWaiter): void {
    const known = this.remembered.get(rememberKey(w.name, w.origin));
    if (known === true) {
      this.onDecision?.('admitted');
      return w.admitted();
    }
    if (known === false) {
      this.onDecision?.('denied');
      return w.denied('the operator refused this client');
    }
    const timer = setTimeout(admissionTimedOut, this.waitMs, this, w.id);
    timer.unref();
    this.held.set(w.id, { waiter: w, timer });
    this.changed();
  }

  admit(id: number, remember = false): boolean {
    const h = this.take(id);
    if (!h) return false;
    if (remember) this.remembered.set(rememberKey(h.name, h.origin), true);
    this.onDecision?.('admitted');
    h.admitted();
    return true;
  }

  deny(id: number, remember = false): boolean {
    const h = this.take(id);
    if (!h) return false;
    if (remember) this.remembered.set(rememberKey(h.name, h.origin), false);
    this.onDecision?.('denied');
    h.denied('the operator refused this client');
    return true;
  }

  /** The client left while waiting. */
  cancel(id: number): void {
    this.take(id);
  }

  /** @internal the wait ran out. */
  expire(id: number): void {
    const h = this.take(id);
    if (!h) return;
    this.onDecision?.('timed_out');
    h.denied(`no decision from the operator within ${Math.round(this.waitMs / 1000)} s`);
  }

  list(): HeldClient[] {
    return [...this.held.values()].map(({ waiter: { id, name, address, origin, since } }) => ({
      id,
      name,
      address,
      origin,
      since,
    }));
  }

  private take(id: number): AdmissionWaiter | undefined {
    const h = this.held.get(id);
    if (!h) return undefined;
    clearTimeout(h.timer);
    this.held.delete(id);
    this.changed();
    return h.waiter;
  }

  private changed(): void {
    this.onChange?.(this.list());
  }
}

function admissionTimedOut(desk: AdmissionDesk, id: number): void {
  desk.expire(id);
}
