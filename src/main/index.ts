#!/usr/bin/env node
// Entry point: `npm start -- <flags>` / `node dist/main/index.js <flags>`.

import { readFileSync } from 'node:fs';
import { newToken, tokenHash } from '../access/tokens.js';
import { HELP, parseArgs } from './cli.js';
import { log } from './log.js';
import { writePidFile } from './pid-file.js';
import { StartupError, startServer, type RunningServer } from './server.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** A fresh token, shown once, and the entry (with only its hash) to paste into the access file. */
function tokenNewText(role: string | null, name: string | null): string {
  const token = newToken();
  const sha256 = tokenHash(token);
  const entryName = name ?? `${role ?? 'operator'}-${sha256.slice(0, 6)}`;
  const entry = role === null ? { name: entryName, sha256 } : { name: entryName, sha256, role };
  const list = role === null ? '"operatorTokens"' : '"tokens"';
  return [
    `token: ${token}`,
    `(shown once: thrum keeps only its SHA-256; give it to whoever connects${role === null ? ' to the operator API' : ` as "${role}"`})`,
    `add to ${list} in the access file:`,
    `  ${JSON.stringify(entry)}`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv.slice(2));
  switch (cli.kind) {
    case 'version':
      process.stdout.write(`thrum ${version()}\n`);
      return;
    case 'serverVersion':
      process.stdout.write(`${version()}\n`);
      return;
    case 'help':
      process.stdout.write(HELP);
      return;
    case 'error':
      process.stderr.write(`thrum: ${cli.message}\n`);
      process.exitCode = 2;
      return;
    case 'tokenNew':
      process.stdout.write(tokenNewText(cli.role, cli.name));
      return;
    case 'run':
      break;
  }

  // Handlers go in before start-up, so a signal at any moment stops devices rather than killing
  // the process outright. A second signal forces the exit.
  let server: RunningServer | null = null;
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) process.exit(1);
    signalled = true;
    log('info', `${signal} received`);
    setTimeout(() => process.exit(0), 5000).unref();
    if (server) void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A hardware button script engages the latched emergency stop with `kill -USR2 <pid>`, no token
  // needed. One that arrives during start-up is applied as soon as the hub exists.
  let estopBySignal = false;
  process.on('SIGUSR2', () => {
    if (server) server.control.emergencyStop('signal');
    else estopBySignal = true;
  });

  if (cli.options.pidFile) {
    try {
      writePidFile(cli.options.pidFile);
    } catch (err) {
      process.stderr.write(`thrum: ${(err as Error).message}\n`);
      process.exit(1);
    }
  }

  try {
    server = await startServer(cli.options);
  } catch (err) {
    if (err instanceof StartupError) {
      process.stderr.write(`thrum: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  if (signalled) {
    await server.stop();
    process.exit(0);
  }
  if (estopBySignal) server.control.emergencyStop('signal');
  // One write: whoever waits for the first ready line finds the others with it.
  process.stdout.write(server.readyLines.map((line) => `${line}\n`).join(''));
}

void main();
