// The access file at run time: loaded at start (a broken file stops start-up with one line),
// reloaded on SIGHUP and when the file changes (a broken edit is one warning and the old rules
// stay), and applied to the clients already connected: a client whose token was revoked or has
// expired, or whose address class now needs a token, is disconnected (its outputs stop as on any
// disconnect); everyone still allowed stays, under their role as it now reads.

import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import {
  DEFAULT_ROLE,
  parseAccessConfig,
  type AccessConfig,
  type OperatorTokenEntry,
} from '../access/access-config.js';
import {
  AdmissionDesk,
  decideAdmission,
  type AdmissionDecision,
  type DeskDecision,
} from '../access/admission.js';
import { ADMITTED, DENIED, TIMED_OUT, countAdmission } from './counters.js';
import { RolePolicy } from '../access/policy.js';
import { log } from './log.js';
import type { Session } from './session.js';

/** How often the file's modification time is checked (fs.watchFile polls; survives replace-by-rename). */
const WATCH_INTERVAL_MS = 500;
/** How often connected clients' tokens are checked for expiry. */
const EXPIRY_CHECK_MS = 10_000;

export class AccessError extends Error {}

function readConfig(file: string): AccessConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AccessError(
      `access file ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  try {
    return parseAccessConfig(text);
  } catch (err) {
    throw new AccessError(`access file ${file}: ${(err as Error).message}`);
  }
}

function policies(config: AccessConfig): Map<string, RolePolicy> {
  return new Map([...config.roles].map(([name, role]) => [name, new RolePolicy(role)]));
}

const signatures = new WeakMap<RolePolicy, string>();

/** A role's rules as comparable text: a reload that leaves a role as it was leaves its clients alone. */
function signature(p: RolePolicy | null): string {
  if (p === null) return '';
  let sig = signatures.get(p);
  if (sig === undefined) {
    const r = p.role;
    sig = JSON.stringify([
      r.devices,
      r.outputs && [...r.outputs],
      r.ratePerSecond,
      r.scan,
      r.sensors,
      r.deviceStops,
    ]);
    signatures.set(p, sig);
  }
  return sig;
}

function countDeskDecision(decision: DeskDecision): void {
  countAdmission(decision === 'admitted' ? ADMITTED : decision === 'denied' ? DENIED : TIMED_OUT);
}

export class AccessManager {
  readonly desk = new AdmissionDesk();
  private config: AccessConfig;
  private roles: Map<string, RolePolicy>;
  private readonly connections = new Map<string, number>();
  private sessions: () => Iterable<Session> = () => [];
  private expiryTimer: NodeJS.Timeout | null = null;

  private constructor(
    readonly file: string,
    config: AccessConfig,
  ) {
    this.config = config;
    this.roles = policies(config);
    this.desk.setWait(config.admission.waitMs);
    this.desk.onDecision = countDeskDecision;
  }

  /** Load the file, or throw an AccessError whose message is one line naming the problem. */
  static load(file: string): AccessManager {
    return new AccessManager(file, readConfig(file));
  }

  get operatorTokens(): readonly OperatorTokenEntry[] {
    return this.config.operatorTokens;
  }

  /** The decision for a connection at its HTTP upgrade. */
  decide(token: string | null, loopback: boolean): AdmissionDecision {
    return decideAdmission(
      this.config,
      token,
      loopback,
      Date.now(),
      (name) => this.connections.get(name) ?? 0,
    );
  }

  policy(role: string | null): RolePolicy | null {
    return role === null ? null : (this.roles.get(role) ?? null);
  }

  opened(session: Session): void {
    if (session.tokenName !== null)
      this.connections.set(session.tokenName, (this.connections.get(session.tokenName) ?? 0) + 1);
  }

  closed(session: Session): void {
    const name = session.tokenName;
    if (name === null) return;
    const n = (this.connections.get(name) ?? 1) - 1;
    if (n <= 0) this.connections.delete(name);
    else this.connections.set(name, n);
  }

  /** Reload on SIGHUP and on change; check token expiry now and then. */
  watch(sessions: () => Iterable<Session>): void {
    this.sessions = sessions;
    watchFile(this.file, { interval: WATCH_INTERVAL_MS, persistent: false }, this.onFileChange);
    process.on('SIGHUP', this.onSighup);
    this.expiryTimer = setInterval(() => this.expire(), EXPIRY_CHECK_MS);
    this.expiryTimer.unref();
  }

  stop(): void {
    unwatchFile(this.file, this.onFileChange);
    process.off('SIGHUP', this.onSighup);
    if (this.expiryTimer) clearInterval(this.expiryTimer);
    this.expiryTimer = null;
  }

  private readonly onFileChange = (): void => void this.reload('the file changed');
  private readonly onSighup = (): void => void this.reload('SIGHUP');

  /** Read the file again; keep the old rules if it is broken. */
  reload(why: string): boolean {
    let next: AccessConfig;
    try {
      next = readConfig(this.file);
    } catch (err) {
      log('warn', `${(err as Error).message}; keeping the rules loaded before`);
      return false;
    }
    this.config = next;
    this.roles = policies(next);
    this.desk.setWait(next.admission.waitMs);
    log(
      'info',
      `access file ${this.file} reloaded (${why}): ${next.roles.size} roles, ${next.tokens.length} tokens`,
    );
    this.apply();
    return true;
  }

  /** Disconnect clients whose token has expired since they connected (checked now and then). */
  private expire(): void {
    const now = Date.now();
    if (!this.config.tokens.some((t) => t.expires !== null && now >= t.expires)) return;
    for (const s of [...this.sessions()]) {
      if (s.tokenName === null) continue;
      const reason = this.stillAllowed(s, now);
      if (reason === null) continue;
      log('info', `client ${s.clientId} "${s.clientName}" disconnected: ${reason}`);
      s.closeConnection(1008, reason);
    }
  }

  /** Bring every connected client in line with the rules as they read now. */
  private apply(): void {
    const now = Date.now();
    for (const s of [...this.sessions()]) {
      const reason = this.stillAllowed(s, now);
      if (reason !== null) {
        log('info', `client ${s.clientId} "${s.clientName}" disconnected: ${reason}`);
        s.closeConnection(1008, reason);
        continue;
      }
      const next = this.policyNow(s);
      // Same rules under the same role name: a new object only (views are recomputed lazily).
      if (s.roleName === (next?.name ?? null) && signature(s.rolePolicy) === signature(next))
        s.swapPolicy(next);
      else s.changePolicy(next);
    }
  }

  /** Why `s` may no longer stay connected, or null. */
  private stillAllowed(s: Session, now: number): string | null {
    if (s.tokenName !== null) {
      const entry = this.config.tokens.find((t) => t.name === s.tokenName);
      if (entry === undefined) return 'token revoked';
      if (entry.expires !== null && now >= entry.expires) return 'token expired';
      return null;
    }
    const mode = s.loopback ? this.config.admission.loopback : this.config.admission.remote;
    return mode === 'token' ? 'a token is now required' : null;
  }

  /** The role a connected client has under the current rules. */
  private policyNow(s: Session): RolePolicy | null {
    if (s.tokenName !== null) {
      const entry = this.config.tokens.find((t) => t.name === s.tokenName)!;
      return this.policy(entry.role);
    }
    return this.openRole();
  }

  /** The role of a client let in without a token (open, or admitted by the operator). */
  openRole(): RolePolicy | null {
    return this.policy(this.config.roles.has(DEFAULT_ROLE) ? DEFAULT_ROLE : null);
  }
}
