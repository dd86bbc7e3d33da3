// One place where thrum's listeners get their uWebSockets.js app, so the client port and the
// operator port serve the same TLS settings the same way: App() in plain text, SSLApp() under TLS.

import type { TemplatedApp } from 'uWebSockets.js';
import type { TlsSettings } from './tls.js';
import { loadNativeUws } from './uws-native.js';

/** A uWS app, TLS when `tls` is given (already checked by loadTlsSettings). */
export function createUwsApp(tls: TlsSettings | null): TemplatedApp {
  const uws = loadNativeUws();
  if (tls === null) return uws.App();
  try {
    return uws.SSLApp({
      cert_file_name: tls.certFile,
      key_file_name: tls.keyFile,
      ...(tls.passphrase === null ? {} : { passphrase: tls.passphrase }),
    });
  } catch {
    // The files passed loadTlsSettings a moment ago: replaced since, or a format OpenSSL in uWS
    // reads differently from Node's. uWS says only "App construction failed".
    throw new Error(`uWebSockets.js could not load TLS certificate ${tls.certFile} with key ${tls.keyFile}`);
  }
}

/** The WebSocket URL scheme a listener with these settings serves. */
export function webSocketScheme(tls: TlsSettings | null): 'ws' | 'wss' {
  return tls === null ? 'ws' : 'wss';
}

/** The HTTP URL scheme a listener with these settings serves. */
export function httpScheme(tls: TlsSettings | null): 'http' | 'https' {
  return tls === null ? 'http' : 'https';
}
