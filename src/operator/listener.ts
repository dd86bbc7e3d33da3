// The operator listener: a second uWS app in the main process, on its own port, serving the JSON
// routes of routes.ts, GET /metrics, a WebSocket of live events at /api/events, and the console
// page at / (console-page.ts) with its script and style. Every request is checked in the same order: the
// Origin (403), then the operator token (401), then the route (404/405), then the body (400).
//
// The app is made by one call (`createApp`), so TLS can hand in an SSLApp without touching this.

import type { HttpRequest, HttpResponse, TemplatedApp, WebSocket } from 'uWebSockets.js';
import type { LogLevel } from '../core/index.js';
import { findByToken, newToken, tokenHash } from '../access/tokens.js';
import { listenOnHosts, loadNativeUws, type BoundListeners, type Uws } from '../platform/uws-native.js';
import type { OperatorBackend, OperatorEvent, OperatorEventSink } from './backend.js';
import { CONSOLE_ASSETS, loadConsoleAssets, LOGIN_HEADERS, loginReply, wantsHtml } from './console-page.js';
import { OutputThrottle } from './output-throttle.js';
import {
  authorise,
  OriginPolicy,
  tokenSubprotocol,
  TOKEN_COOKIE,
  type OperatorToken,
  type Presented,
} from './request-auth.js';
import { checkBody, matchRoute, problem, type Method, type Reply } from './routes.js';

export interface OperatorListenerSettings {
  readonly port: number;
  readonly allInterfaces: boolean;
  /** Operator tokens; when empty, one is generated and shown once in the ready line. */
  readonly tokens: readonly OperatorToken[];
  readonly log: (level: LogLevel, msg: string) => void;
  /** Makes the uWS app (TLS passes an SSLApp maker). Default: a plain App. */
  readonly createApp?: (uws: Uws) => TemplatedApp;
  /** 'https' when createApp makes an SSLApp. */
  readonly scheme?: 'http' | 'https';
}

export interface OperatorListener {
  readonly port: number;
  /** "operator console on http://HOST:PORT/", with ?token=… when the token was generated. */
  readonly readyLine: string;
  close(): void;
}

/** Name of the token generated when none is configured (the audit log's "who"). */
export const GENERATED_TOKEN_NAME = 'console';

/** Request bodies are a few fields; anything bigger is refused unread. */
const MAX_BODY_BYTES = 64 * 1024;

const EVENTS_PATH = '/api/events';
const EVENTS_TOPIC = 'events';
/** An event subscriber that leaves this much unread is dropped (it reconnects and gets the state anew). */
const EVENTS_MAX_BACKPRESSURE = 1024 * 1024;

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: '200 OK',
  303: '303 See Other',
  400: '400 Bad Request',
  401: '401 Unauthorized',
  403: '403 Forbidden',
  404: '404 Not Found',
  405: '405 Method Not Allowed',
  413: '413 Payload Too Large',
  500: '500 Internal Server Error',
};

/** Served outside the route table: their methods make a 405 for other methods, not a 404. */
const EXTRA_PATHS: ReadonlyArray<readonly [Method, string]> = [
  ['GET', EVENTS_PATH],
  ...CONSOLE_ASSETS.map((a) => ['GET', a.path] as const),
];

interface EventSocketData {
  readonly who: string;
}

function presented(req: HttpRequest, upgrade: boolean): Presented {
  return {
    authorization: req.getHeader('authorization'),
    cookie: req.getHeader('cookie'),
    query: req.getQuery() ?? '',
    subprotocols: upgrade ? req.getHeader('sec-websocket-protocol') : '',
  };
}

function write(
  res: HttpResponse,
  reply: Reply,
  headers: ReadonlyArray<readonly [string, string]> = [],
): void {
  res.writeStatus(STATUS_TEXT[reply.status] ?? `${reply.status} Error`);
  res.writeHeader(
    'Content-Type',
    reply.contentType ??
      (reply.text === undefined ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8'),
  );
  res.writeHeader('Cache-Control', 'no-store');
  res.writeHeader('X-Content-Type-Options', 'nosniff');
  for (const [name, value] of headers) res.writeHeader(name, value);
  res.end(reply.text ?? `${JSON.stringify(reply.json)}\n`);
}

const UNAUTHORISED = problem(401, 'an operator token is required: Authorization: Bearer TOKEN');
const UNAUTHORISED_HEADERS = [['WWW-Authenticate', 'Bearer realm="thrum operator"']] as const;
const FOREIGN_ORIGIN = problem(
  403,
  "requests from another site's pages are refused (Origin is not this listener's own)",
);

export async function startOperatorListener(
  backend: OperatorBackend,
  settings: OperatorListenerSettings,
): Promise<OperatorListener> {
  const uws = loadNativeUws();
  const scheme = settings.scheme ?? 'http';
  let tokens = settings.tokens;
  let generated: string | null = null;
  if (tokens.length === 0) {
    // Kept only as its hash, like configured tokens; the text goes to the ready line alone.
    generated = newToken();
    tokens = [{ name: GENERATED_TOKEN_NAME, sha256: tokenHash(generated) }];
  }
  const assets = loadConsoleAssets();
  const app = settings.createApp ? settings.createApp(uws) : uws.App();
  // The port is known only after listening; the policy reads it then.
  let origins = new OriginPolicy(scheme, settings.port, settings.allInterfaces);

  // ---------------------------------------------------------------- events
  const sockets = new Set<WebSocket<EventSocketData>>();
  let unsubscribe: (() => void) | null = null;
  const publish = (text: string): void => {
    app.publish(EVENTS_TOPIC, text, false);
  };
  const throttle = new OutputThrottle(publish);
  const sink: OperatorEventSink = {
    event(e: OperatorEvent) {
      if (e.event === 'deviceRemoved') throttle.forgetDevice(e.device.index);
      // A log line keeps the time it was logged; other events are stamped now.
      publish(JSON.stringify(e.event === 'log' ? e : { ...e, time: new Date().toISOString() }));
    },
    outputChanged(device, feature, output, value, requested, setBy) {
      throttle.changed(device, feature, output, value, requested, setBy);
    },
  };

  app.ws<EventSocketData>(EVENTS_PATH, {
    compression: uws.DISABLED,
    maxPayloadLength: 4096,
    maxBackpressure: EVENTS_MAX_BACKPRESSURE,
    closeOnBackpressureLimit: 1,
    idleTimeout: 60,
    sendPingsAutomatically: true,
    upgrade: (res, req, context) => {
      if (!origins.allows(req.getHeader('origin'))) return write(res, FOREIGN_ORIGIN);
      const p = presented(req, true);
      const token = authorise(tokens, p);
      if (!token) return write(res, UNAUTHORISED, UNAUTHORISED_HEADERS);
      // A token offered as a subprotocol entry is the one selected: browsers close a connection
      // whose server selects none of the offered entries.
      const offered = p.subprotocols;
      const selected = tokenSubprotocol(offered) ?? offered.split(',')[0]?.trim() ?? '';
      res.upgrade<EventSocketData>(
        { who: token.name },
        req.getHeader('sec-websocket-key'),
        selected,
        req.getHeader('sec-websocket-extensions'),
        context,
      );
    },
    open: (ws: WebSocket<EventSocketData>) => {
      ws.subscribe(EVENTS_TOPIC);
      sockets.add(ws);
      if (sockets.size === 1) unsubscribe = backend.subscribe(sink);
      ws.send(
        JSON.stringify({ event: 'state', time: new Date().toISOString(), state: backend.state() }),
        false,
      );
    },
    close: (ws: WebSocket<EventSocketData>) => {
      sockets.delete(ws);
      if (sockets.size > 0) return;
      unsubscribe?.();
      unsubscribe = null;
      throttle.clear();
    },
  });

  // ---------------------------------------------------------------- HTTP
  app.any('/*', (res, req) => {
    const method = req.getMethod().toUpperCase();
    const path = req.getUrl();
    if (!origins.allows(req.getHeader('origin'))) return write(res, FOREIGN_ORIGIN);
    const p = presented(req, false);
    const token = authorise(tokens, p);
    const fromQuery = method === 'GET' && path === '/' ? new URLSearchParams(p.query).get('token') : null;
    if (fromQuery !== null) return login(res, findByToken(tokens, fromQuery) ? fromQuery : null, scheme);
    if (!token) {
      // A browser opening the console without a token gets a login prompt (still a 401, no data).
      if (method === 'GET' && path === '/' && wantsHtml(req.getHeader('accept')))
        return write(res, loginReply(false), LOGIN_HEADERS);
      return write(res, UNAUTHORISED, UNAUTHORISED_HEADERS);
    }
    if (method === 'GET') {
      const asset = assets.get(path);
      if (asset)
        return write(res, { status: 200, text: asset.text, contentType: asset.contentType }, asset.headers);
    }
    const match = matchRoute(method, path, EXTRA_PATHS);
    if (match === null) return write(res, problem(404, `no route ${method} ${path}`));
    if ('allowed' in match) {
      const reply = problem(405, `${path} takes ${match.allowed.join(', ')}`);
      return write(res, reply, [['Allow', match.allowed.join(', ')]]);
    }
    const query = new URLSearchParams(p.query);
    const run = (text: string): void => {
      const body = checkBody(match.route, text);
      if (typeof body === 'string') return write(res, problem(400, body));
      let reply: Reply;
      try {
        reply = match.route.handle(backend, { who: token.name, params: match.params, body, query });
      } catch (err) {
        settings.log(
          'error',
          `operator API ${method} ${path} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        reply = problem(500, 'internal error (see the server log)');
      }
      write(res, reply);
    };
    if (method === 'GET') return run('');
    readBody(res, run);
  });

  const hosts: Array<string | null> = settings.allInterfaces ? [null] : ['127.0.0.1', '::1'];
  const bound: BoundListeners = await listenOnHosts(uws, app, hosts, settings.port, (port) =>
    settings.log('warn', `operator listener: could not listen on [::1]:${port}; serving IPv4 loopback only`),
  ).catch((err: unknown) => {
    throw new Error(`operator listener: ${(err as Error).message}`);
  });
  origins = new OriginPolicy(scheme, bound.port, settings.allInterfaces);
  if (settings.allInterfaces)
    settings.log('warn', `operator listener on every interface, port ${bound.port}: keep its tokens secret`);

  const url = `${scheme}://127.0.0.1:${bound.port}/`;
  return {
    port: bound.port,
    readyLine: `operator console on ${generated === null ? url : `${url}?token=${encodeURIComponent(generated)}`}`,
    close() {
      bound.close();
      for (const ws of [...sockets]) ws.end(1001, 'server shutting down');
      unsubscribe?.();
      unsubscribe = null;
      throttle.clear();
    },
  };
}

/**
 * `/?token=…`: a valid token is moved into an HttpOnly cookie and the browser sent on to `/`, so the
 * token leaves the address bar (and its history entry); a wrong one gets the login prompt again.
 */
function login(res: HttpResponse, valid: string | null, scheme: string): void {
  if (valid === null) return write(res, loginReply(true), LOGIN_HEADERS);
  const secure = scheme === 'https' ? '; Secure' : '';
  write(res, { status: 303, text: 'see /\n' }, [
    ['Location', '/'],
    [
      'Set-Cookie',
      `${TOKEN_COOKIE}=${encodeURIComponent(valid)}; HttpOnly; SameSite=Strict; Path=/${secure}`,
    ],
    // The address bar held the token: never send it on to another page.
    ['Referrer-Policy', 'no-referrer'],
  ]);
}

/** Collect the request body (bounded), then call `done` with it, corked. */
function readBody(res: HttpResponse, done: (text: string) => void): void {
  let finished = false;
  let size = 0;
  const chunks: Buffer[] = [];
  res.onAborted(() => {
    finished = true;
  });
  res.onData((chunk, isLast) => {
    if (finished) return;
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) {
      finished = true;
      res.cork(() =>
        write(res, problem(413, `the body is larger than ${MAX_BODY_BYTES} bytes`), [
          ['Connection', 'close'],
        ]),
      );
      return;
    }
    // uWS reuses the chunk's memory after this callback: copy it.
    chunks.push(Buffer.from(chunk.slice(0)));
    if (!isLast) return;
    finished = true;
    res.cork(() => done(Buffer.concat(chunks).toString('utf8')));
  });
}
