// The TLS certificate and key every thrum listener serves wss:// / https:// with, read and checked
// once at start.
//
// uWebSockets.js takes file names and loads them in C: a bad file makes SSLApp throw "App
// construction failed", naming nothing, and an encrypted key without a passphrase makes OpenSSL
// ask for one on the terminal. So the files are read and checked here first, with node:crypto,
// and every problem is one sentence naming the flag and the file.

import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Checked TLS settings, ready for uWS's SSLApp (see createUwsApp). */
export interface TlsSettings {
  readonly certFile: string;
  readonly keyFile: string;
  /** Decrypts the key file; null when the key is not encrypted. */
  readonly passphrase: string | null;
}

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  readonly passphraseFile: string | null;
}

export type TlsResult =
  | { readonly ok: true; readonly tls: TlsSettings; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly error: string };

/** The flags that name these files, so an error points at what to change. */
const CERT_FLAG = '--websocket-tls-cert';
const KEY_FLAG = '--websocket-tls-key';
const PASSPHRASE_FLAG = '--websocket-tls-passphrase-file';

/** uWS loads the chain with SSL_CTX_use_certificate_chain_file: PEM only, leaf first. */
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----/;
/** PKCS#8 (plain or encrypted) and the traditional RSA/EC/DSA forms. */
const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
/** PKCS#8 "ENCRYPTED PRIVATE KEY" or a traditional key's "Proc-Type: 4,ENCRYPTED" header. */
const PEM_ENCRYPTED = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/;

const READ_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
};

type Read = { readonly text: string } | { readonly error: string };

function readText(flag: string, file: string): Read {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { error: `${flag} ${file}: cannot read it (${READ_PROBLEMS[e.code ?? ''] ?? e.message})` };
  }
}

/** OpenSSL's message without its "error:1C800064:Provider routines::" prefix. */
function opensslReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^error:[0-9A-Fa-f]+:[^:]*::?/, '');
}

/** Reads the files, decrypts the key, and checks that it is the certificate's key. */
export function loadTlsSettings(files: TlsFiles): TlsResult {
  const { certFile, keyFile, passphraseFile } = files;
  const warnings: string[] = [];

  const certRead = readText(CERT_FLAG, certFile);
  if ('error' in certRead) return { ok: false, error: certRead.error };
  if (!PEM_CERTIFICATE.test(certRead.text)) {
    return {
      ok: false,
      error: `${CERT_FLAG} ${certFile}: not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line)`,
    };
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certRead.text);
  } catch (err) {
    return {
      ok: false,
      error: `${CERT_FLAG} ${certFile}: the certificate cannot be parsed (${opensslReason(err)})`,
    };
  }

  let passphrase: string | null = null;
  if (passphraseFile !== null) {
    const read = readText(PASSPHRASE_FLAG, passphraseFile);
    if ('error' in read) return { ok: false, error: read.error };
    // The first line, as `openssl -passin file:` reads it: an editor's final newline is no part of it.
    passphrase = read.text.split(/\r?\n/, 1)[0]!;
    if (passphrase === '')
      return { ok: false, error: `${PASSPHRASE_FLAG} ${passphraseFile}: its first line is empty` };
  }

  const keyRead = readText(KEY_FLAG, keyFile);
  if ('error' in keyRead) return { ok: false, error: keyRead.error };
  if (!PEM_PRIVATE_KEY.test(keyRead.text)) {
    return {
      ok: false,
      error: `${KEY_FLAG} ${keyFile}: not a PEM private key (no "-----BEGIN … PRIVATE KEY-----" line)`,
    };
  }
  const encrypted = PEM_ENCRYPTED.test(keyRead.text);
  if (encrypted && passphrase === null) {
    return {
      ok: false,
      error: `${KEY_FLAG} ${keyFile}: the key is encrypted; give its passphrase with ${PASSPHRASE_FLAG}`,
    };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyRead.text, format: 'pem', passphrase: passphrase ?? undefined });
  } catch (err) {
    if (encrypted)
      return {
        ok: false,
        error: `${KEY_FLAG} ${keyFile}: the passphrase in ${passphraseFile} does not decrypt it`,
      };
    return {
      ok: false,
      error: `${KEY_FLAG} ${keyFile}: the private key cannot be parsed (${opensslReason(err)})`,
    };
  }
  if (!cert.checkPrivateKey(key)) {
    return { ok: false, error: `${KEY_FLAG} ${keyFile}: not the key of the certificate in ${certFile}` };
  }

  // An expired certificate still serves (the operator may be mid-renewal), but every client
  // that checks it will refuse to connect: say so once.
  const validTo = new Date(cert.validTo);
  if (validTo.getTime() < Date.now())
    warnings.push(`TLS certificate ${certFile} expired on ${validTo.toISOString()}: clients will refuse it`);

  return { ok: true, tls: { certFile, keyFile, passphrase: encrypted ? passphrase : null }, warnings };
}
