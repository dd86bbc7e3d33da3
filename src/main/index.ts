#!/usr/bin/env node
// Entry point: `npm start -- <flags>` / `node dist/main/index.js <flags>`.

import { readFileSync } from 'node:fs';
import { HELP, parseArgs } from './cli.js';
import { log } from './log.js';
import { StartupError, startServer } from './server.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv.slice(2));
  switch (cli.kind) {
    case 'version':
      process.stdout.write(`thrum ${version()}\n`);
      return;
    case 'help':
      process.stdout.write(HELP);
      return;
    case 'error':
      process.stderr.write(`thrum: ${cli.message}\n`);
      process.exitCode = 2;
      return;
    case 'run':
      break;
  }

  let server;
  try {
    server = await startServer(cli.options);
  } catch (err) {
    if (err instanceof StartupError) {
      process.stderr.write(`thrum: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  for (const line of server.readyLines) process.stdout.write(`${line}\n`);

  const onSignal = (signal: NodeJS.Signals): void => {
    log('info', `${signal} received`);
    const forced = setTimeout(() => process.exit(0), 5000);
    forced.unref();
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

void main();
