// Self-signed TLS certificates made at test time with the `openssl` command (Debian's openssl
// package; .ci/run installs it when missing). Node can check a certificate but not issue one, so
// this is the honest way to get a real certificate and key pair without shipping one.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  /** The certificate in PEM: what a client passes as `ca` to trust it. */
  readonly certPem: string;
  /** Holds the key's passphrase (first line), for a certificate made with one. */
  readonly passphraseFile: string | null;
}

let dir: string | null = null;
let made = 0;

/**
 * A fresh self-signed P-256 certificate for localhost, 127.0.0.1 and ::1 (so clients verify the
 * host name of every loopback URL), valid for a day. With `passphrase`, the key file is encrypted
 * with it (PKCS#8, as openssl writes by default).
 */
export function makeSelfSigned(opts: { readonly passphrase?: string } = {}): TestCertificate {
  dir ??= mkdtempSync(path.join(os.tmpdir(), 'thrum-tls-'));
  const n = ++made;
  const certFile = path.join(dir, `cert-${n}.pem`);
  const keyFile = path.join(dir, `key-${n}.pem`);
  let passphraseFile: string | null = null;
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-days', '1'];
  args.push('-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1');
  args.push('-keyout', keyFile, '-out', certFile);
  if (opts.passphrase === undefined) args.push('-nodes');
  else {
    passphraseFile = path.join(dir, `passphrase-${n}.txt`);
    writeFileSync(passphraseFile, `${opts.passphrase}\n`);
    args.push('-passout', `file:${passphraseFile}`);
  }
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return { certFile, keyFile, certPem: readFileSync(certFile, 'utf8'), passphraseFile };
}

/** The same certificate in DER: a real certificate file that is not PEM. */
export function derCopy(cert: TestCertificate): string {
  const der = cert.certFile.replace(/\.pem$/, '.der');
  execFileSync('openssl', ['x509', '-in', cert.certFile, '-outform', 'DER', '-out', der], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return der;
}

/** A file in the certificates' folder holding `text`. */
export function writeTestFile(name: string, text: string): string {
  dir ??= mkdtempSync(path.join(os.tmpdir(), 'thrum-tls-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}
