// The operator API from a test: the port and generated token from the ready line, HTTP requests
// over node:http (so no header is added that the test did not ask for, Origin included), and the
// live event stream over a real WebSocket.

import { request } from 'node:http';
import WebSocket from 'ws';

export interface OperatorAddress {
  readonly port: number;
  /** The token from the ready line; null when one was configured instead. */
  readonly token: string | null;
}

const READY_LINE = /operator console on http:\/\/[^:\s/]+:(\d+)\/(?:\?token=(\S+))?\n/;

/** Port and token from the ready output (`operator console on http://HOST:PORT/?token=TOKEN`). */
export function operatorFromReadyLines(stdout: string): OperatorAddress {
  const m = READY_LINE.exec(stdout);
  if (!m) throw new Error(`no operator ready line in:\n${stdout}`);
  return { port: Number(m[1]), token: m[2] === undefined ? null : decodeURIComponent(m[2]) };
}

/** The operator listener of a started server, once its ready line is out. */
export async function operatorOf(server: { stdout(): string }, timeoutMs = 5000): Promise<OperatorAddress> {
  const deadline = Date.now() + timeoutMs;
  while (!READY_LINE.test(server.stdout()) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 10));
  return operatorFromReadyLines(server.stdout());
}

export interface OperatorReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly json: any;
}

export interface OperatorRequest {
  /** Sent as Authorization: Bearer; null = no header. */
  readonly token?: string | null;
  readonly origin?: string;
  /** A JSON value (serialised) or raw text. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export function operatorRequest(
  port: number,
  method: string,
  path: string,
  opts: OperatorRequest = {},
): Promise<OperatorReply> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.origin !== undefined) headers.origin = opts.origin;
  const body =
    opts.body === undefined
      ? undefined
      : typeof opts.body === 'string'
        ? opts.body
        : JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The operator event stream: every event kept in order, with waits on events instead of sleeps. */
export class OperatorEvents {
  readonly events: Array<Record<string, any>> = [];
  private waiters: Array<{
    pred: (e: Record<string, unknown>) => boolean;
    resolve: (e: Record<string, unknown>) => void;
  }> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const e = JSON.parse(data.toString()) as Record<string, unknown>;
      this.events.push(e);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(e)) return true;
        w.resolve(e);
        return false;
      });
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  /** Connect; rejects with the HTTP status when the upgrade is refused. */
  static connect(
    port: number,
    opts: { query?: string; protocols?: string[]; headers?: Record<string, string> } = {},
  ): Promise<OperatorEvents> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events${opts.query ?? ''}`, opts.protocols ?? [], {
        headers: opts.headers ?? {},
      });
      const events = new OperatorEvents(ws);
      ws.once('open', () => resolve(events));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** The first event (already received or to come) matching `pred`. */
  waitFor(pred: (e: Record<string, any>) => boolean, timeoutMs = 5000): Promise<Record<string, any>> {
    const have = this.events.find(pred);
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching operator event within ${timeoutMs} ms; got ${JSON.stringify(this.events).slice(-2000)}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  close(): void {
    this.ws.close();
  }
}
