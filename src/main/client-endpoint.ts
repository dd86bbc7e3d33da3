// The client-facing WebSocket endpoint on uWebSockets.js. One behaviour object for all sockets
// with module-level handlers; per-socket state lives in the socket's user data (style.md §6).
// Plain HTTP requests (a browser, a health check) get a short status answer; port probes and
// half-open connections cost nothing but a socket uWS already handles.

import type { HttpRequest, HttpResponse, us_socket_context_t, WebSocket } from 'uWebSockets.js';
import type { TlsSettings } from '../platform/tls.js';
import { createUwsApp, webSocketScheme } from '../platform/uws-app.js';
import { listenOnHosts, loadNativeUws } from '../platform/uws-native.js';
import type { DeviceHub } from './device-hub.js';
import { log } from './log.js';
import { ADMITTED, REFUSED, countAdmission } from './counters.js';
import { PingWatchdog } from './ping-watchdog.js';
import { addressText, isLoopbackAddress } from '../access/address.js';
import type { AccessManager } from './access-manager.js';
import { Session, type ClientIdentity, type SessionSettings, type SessionTransport } from './session.js';

interface SocketData {
  session: Session | null;
  transport: UwsTransport | null;
  /**
   * Who connected and what it may do, decided at the upgrade (access control; the operator API
   * shows it). Handed to the session when the socket opens, and not kept here after that.
   */
  identity: ClientIdentity | null;
}

/** A Sec-WebSocket-Protocol entry carrying a token (browsers can set nothing else on a WebSocket). */
const TOKEN_PROTOCOL_PREFIX = 'thrum-token.';

/** Hard cap uWS enforces by closing (1009); frames between our limit and this get an Error. */
const HARD_FRAME_LIMIT_FACTOR = 4;

/** uWS's own backpressure cap sits this far above ours, so the close frame that says why still fits. */
const CLOSE_FRAME_ROOM = 64 * 1024;

// What UwsTransport.corked runs: module-level, so corking needs no closure per call.
let corkedFn: ((arg: never) => void) | null = null;
let corkedArg: unknown = null;
function runCorked(): void {
  const fn = corkedFn as (arg: unknown) => void;
  const arg = corkedArg;
  corkedFn = null;
  corkedArg = null;
  fn(arg);
}

class UwsTransport implements SessionTransport {
  open = true;
  constructor(
    private readonly ws: WebSocket<SocketData>,
    private readonly maxBuffered: number,
  ) {}

  /**
   * The reply budget: nothing is queued that would take this connection's unsent output past the
   * limit, so no connection ever holds more than maxBuffered bytes of output (a string is measured
   * only when its worst case, 3 bytes per UTF-16 unit, could pass the limit).
   */
  send(data: string | Uint8Array, binary: boolean): boolean {
    if (!this.open) return true;
    const room = this.maxBuffered - this.ws.getBufferedAmount();
    if (typeof data === 'string') {
      if (data.length * 3 > room && Buffer.byteLength(data) > room) return false;
    } else if (data.byteLength > room) return false;
    this.ws.send(data, binary, false);
    return true;
  }

  corked<A>(fn: (arg: A) => void, arg: A): void {
    // uWS throws on a closed socket; the session then sends nothing anyway.
    if (!this.open) return fn(arg);
    corkedFn = fn;
    corkedArg = arg;
    this.ws.cork(runCorked);
  }

  close(code: number, reason: string): void {
    if (!this.open) return;
    this.open = false;
    this.ws.end(code, reason);
  }
}

export interface EndpointSettings extends SessionSettings {
  readonly port: number;
  readonly allInterfaces: boolean;
  readonly maxSendBufferBytes: number;
  /** Milliseconds a connection has to send RequestServerInfo; 0 = no deadline. */
  readonly handshakeTimeout: number;
  /**
   * Seconds of silence after which uWS pings the peer at the WebSocket level, and closes it when
   * that goes unanswered too: dead peers are found even with the Buttplug ping off.
   */
  readonly idleTimeout: number;
  /** Access control; null = no access file, everyone has full access (today's behaviour). */
  readonly access: AccessManager | null;
  /** Serve wss:// with these; null = ws://. */
  readonly tls: TlsSettings | null;
}

export interface ListeningEndpoint {
  readonly port: number;
  readonly hosts: readonly string[];
  readonly sessions: ReadonlySet<Session>;
  /** Stop accepting, and close every client connection. */
  close(): void;
}

// Module-level state the handlers reach: one endpoint per process.
let hub: DeviceHub;
let settings: EndpointSettings;
let watchdog: PingWatchdog;
const sessions = new Set<Session>();
/** What a plain HTTP request is told: the scheme to connect with is the one this port serves. */
let upgradeAnswer = '';

function wsOnOpen(ws: WebSocket<SocketData>): void {
  const data = ws.getUserData();
  const transport = new UwsTransport(ws, settings.maxSendBufferBytes);
  const identity = data.identity;
  if (identity === null) throw new Error('a WebSocket opened twice');
  const session = new Session(transport, hub, settings, identity);
  data.identity = null;
  data.transport = transport;
  data.session = session;
  sessions.add(session);
  watchdog.add(session);
  settings.access?.opened(session);
}

function wsOnMessage(ws: WebSocket<SocketData>, message: ArrayBuffer, isBinary: boolean): void {
  const session = ws.getUserData().session;
  if (!session) return;
  // The ArrayBuffer is only valid during this callback: the session decodes it synchronously or
  // the decode pool copies it before this returns.
  session.onFrame(message, isBinary);
}

function wsOnClose(ws: WebSocket<SocketData>): void {
  const data = ws.getUserData();
  if (data.transport) data.transport.open = false;
  const session = data.session;
  if (!session) return;
  data.session = null;
  sessions.delete(session);
  watchdog.delete(session);
  settings.access?.closed(session);
  session.close();
}

/** The token a client presents: `?token=`, `Authorization: Bearer`, or a `thrum-token.` subprotocol. */
function presentedToken(
  query: string,
  authorization: string,
  protocols: string,
): { token: string | null; protocol: string | null } {
  for (const entry of protocols.split(',')) {
    const p = entry.trim();
    if (p.startsWith(TOKEN_PROTOCOL_PREFIX))
      return { token: p.slice(TOKEN_PROTOCOL_PREFIX.length), protocol: p };
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return { token: bearer[1]!, protocol: null };
  if (query !== '') {
    const fromQuery = new URLSearchParams(query).get('token');
    if (fromQuery !== null && fromQuery !== '') return { token: fromQuery, protocol: null };
  }
  return { token: null, protocol: null };
}

/**
 * Admission at the HTTP upgrade, before any Buttplug message: a wrong, expired or over-limit token,
 * or none where one is required, is answered 401 and never becomes a WebSocket.
 */
function wsOnUpgrade(res: HttpResponse, req: HttpRequest, context: us_socket_context_t): void {
  const key = req.getHeader('sec-websocket-key');
  const protocols = req.getHeader('sec-websocket-protocol');
  const extensions = req.getHeader('sec-websocket-extensions');
  const origin = req.getHeader('origin') || null;
  const peer = new Uint8Array(res.getRemoteAddress());
  const loopback = isLoopbackAddress(peer);
  const address = addressText(peer);
  const access = settings.access;
  if (access === null) {
    countAdmission(ADMITTED);
    const identity: ClientIdentity = { tokenName: null, policy: null, ask: false, loopback, address, origin };
    res.upgrade<SocketData>(
      { session: null, transport: null, identity },
      key,
      protocols,
      extensions,
      context,
    );
    return;
  }
  const { token, protocol } = presentedToken(req.getQuery() ?? '', req.getHeader('authorization'), protocols);
  const decision = access.decide(token, loopback);
  if (decision.kind === 'refuse') {
    // The reason names the token's name at most, never the token.
    log('info', `connection from ${address} refused: ${decision.reason}`);
    countAdmission(REFUSED);
    res
      .writeStatus('401 Unauthorized')
      .writeHeader('Content-Type', 'text/plain; charset=utf-8')
      .end(`thrum: ${decision.reason}\n`);
    return;
  }
  // A held client is counted when the operator (or the clock) decides.
  if (decision.kind === 'admit') countAdmission(ADMITTED);
  const identity: ClientIdentity =
    decision.kind === 'ask'
      ? { tokenName: null, policy: access.openRole(), ask: true, loopback, address, origin }
      : {
          tokenName: decision.tokenName,
          policy: access.policy(decision.role),
          ask: false,
          loopback,
          address,
          origin,
        };
  // A browser closes a connection whose server selects none of the subprotocols it offered.
  res.upgrade<SocketData>(
    { session: null, transport: null, identity },
    key,
    protocol ?? protocols,
    extensions,
    context,
  );
}

function httpOnRequest(res: HttpResponse, _req: HttpRequest): void {
  res
    .writeStatus('426 Upgrade Required')
    .writeHeader('Content-Type', 'text/plain; charset=utf-8')
    .writeHeader('Upgrade', 'websocket')
    .end(upgradeAnswer);
}

export async function startClientEndpoint(h: DeviceHub, s: EndpointSettings): Promise<ListeningEndpoint> {
  const uws = loadNativeUws();
  hub = h;
  settings = s;
  watchdog = new PingWatchdog(s.maxPingTime, s.handshakeTimeout);
  upgradeAnswer = `thrum: a Buttplug server. Connect with a WebSocket client (${webSocketScheme(s.tls)}://).\n`;
  const app = createUwsApp(s.tls);
  app.ws<SocketData>('/*', {
    compression: uws.DISABLED,
    maxPayloadLength: s.maxFrameBytes * HARD_FRAME_LIMIT_FACTOR,
    // Our own limit (UwsTransport) is checked against each reply before it is queued, so the
    // buffer never passes it; uWS's cap sits a little above, or it would drop the close frame.
    maxBackpressure: s.maxSendBufferBytes + CLOSE_FRAME_ROOM,
    closeOnBackpressureLimit: 0,
    idleTimeout: s.idleTimeout,
    sendPingsAutomatically: true,
    upgrade: wsOnUpgrade,
    open: wsOnOpen,
    message: wsOnMessage,
    close: wsOnClose,
  });
  app.any('/*', httpOnRequest);

  // Loopback on both IPv4 and IPv6 by default: `localhost` resolves to ::1 on some systems.
  const hosts: Array<string | null> = s.allInterfaces ? [null] : ['127.0.0.1', '::1'];
  const listeners = await listenOnHosts(uws, app, hosts, s.port, (port) =>
    log('warn', `could not listen on [::1]:${port}; serving IPv4 loopback only`),
  );

  return {
    port: listeners.port,
    hosts: hosts.map((h) => h ?? '0.0.0.0'),
    sessions,
    close() {
      listeners.close();
      watchdog.stop();
      for (const session of [...sessions]) session.closeConnection(1001, 'server shutting down');
    },
  };
}
