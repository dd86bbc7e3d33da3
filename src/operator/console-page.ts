// The operator console's page: the static files of console/ (copied into dist/ by the build), each
// served with its content type and a Content-Security-Policy that lets the page load only its own
// script, style and event stream; and the login prompt a browser gets without a token. The prompt
// is one self-contained document (its style allowed by hash), so nothing but it is served without
// a token: the page's script and style need the cookie like every other route.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface ConsoleAsset {
  readonly path: string;
  readonly file: string;
  readonly contentType: string;
}

/** What the listener serves to a browser holding the token, by request path. */
export const CONSOLE_ASSETS: readonly ConsoleAsset[] = [
  { path: '/', file: 'index.html', contentType: 'text/html; charset=utf-8' },
  { path: '/console.js', file: 'console.js', contentType: 'text/javascript; charset=utf-8' },
  { path: '/console.css', file: 'console.css', contentType: 'text/css; charset=utf-8' },
];

export interface LoadedAsset {
  readonly text: string;
  readonly contentType: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/** 'self' covers the page's WebSocket too (same host and port, ws: for http:). */
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const PAGE_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', PAGE_POLICY],
  ['Referrer-Policy', 'no-referrer'],
];

/** The console's files, read once when the listener starts. */
export function loadConsoleAssets(): ReadonlyMap<string, LoadedAsset> {
  const assets = new Map<string, LoadedAsset>();
  for (const a of CONSOLE_ASSETS) {
    const text = readFileSync(new URL(`./console/${a.file}`, import.meta.url), 'utf8');
    assets.set(a.path, { text, contentType: a.contentType, headers: PAGE_HEADERS });
  }
  return assets;
}

/** Whether a request's Accept header asks for a page (a browser navigating), not JSON. */
export function wantsHtml(accept: string): boolean {
  return accept.includes('text/html');
}

const LOGIN_STYLE = `body{font:16px system-ui,sans-serif;background:#15171c;color:#e8e8ea;display:grid;place-items:center;min-height:90vh;margin:0}
form{background:#1f232b;padding:1.5rem;border-radius:8px;max-width:26rem;width:90%}
h1{font-size:1.3rem;margin:0 0 .5rem}p{color:#a9adb8;margin:.4rem 0 1rem}.retry{color:#ff8f8f}
input{width:100%;box-sizing:border-box;padding:.6rem;font:inherit;border-radius:4px;border:1px solid #555;background:#111;color:inherit}
button{margin-top:.8rem;padding:.6rem 1.2rem;font:inherit;border:0;border-radius:4px;background:#3a7afe;color:#fff}`;

const LOGIN_POLICY = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(LOGIN_STYLE).digest('base64')}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

function loginHtml(retry: boolean): string {
  return `<!doctype html>
<html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>thrum operator: log in</title>
<style>${LOGIN_STYLE}</style>
<form method="get" action="/" id="login">
<h1>thrum operator console</h1>
<p${retry ? ' class="retry">That token was not accepted. Paste' : '>Paste'} the operator token (from the server's ready line, or your access file).</p>
<input name="token" type="password" autocomplete="off" required aria-label="operator token" placeholder="operator token" autofocus>
<button type="submit">Log in</button>
</form>
</html>
`;
}

/** The login prompt: a 401, with no data, that submits the pasted token as `/?token=…`. */
export function loginReply(retry: boolean): {
  readonly status: 401;
  readonly text: string;
  readonly contentType: string;
} {
  return { status: 401, text: loginHtml(retry), contentType: 'text/html; charset=utf-8' };
}

export const LOGIN_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', LOGIN_POLICY],
  ['Referrer-Policy', 'no-referrer'],
  ['WWW-Authenticate', 'Bearer realm="thrum operator"'],
];
