// The README's promise to a newcomer, run as written: its simulated Lovense Hush peripheral (the
// code block itself, only the port changed to the test server's) plays the device, and two client
// apps connected at the same time — buttplug@3.2.2 (spec v3) and buttplug@5.0.2 (spec v4) — both
// find it, vibrate it and read its battery, while the script prints the exact bytes it receives.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as bp3 from 'buttplug-v3';
import * as bp5 from 'buttplug';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../helpers/reference.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

/** The README's peripheral script: the js block that connects to the simulated device bus. */
function peripheralScript(): string {
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const script = blocks.find((b) => b.includes('ws://127.0.0.1:54818'));
  if (script === undefined) throw new Error('README has no js block for the simulated device bus');
  return script;
}

let server: ServerProcess;
let script: ChildProcess | undefined;
let printed = '';

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  script?.kill();
  await server.stop();
});

/** Resolves once `done()` holds; rejects after `timeoutMs`, saying `what()` it waited for. */
function until(done: () => boolean, what: () => string, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (done()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what()}`));
      }
    }, 10);
  });
}

/** Resolves once the script has printed `line`. */
const printedLine = (line: string) =>
  until(
    () => printed.split('\n').includes(line),
    () => `the README script to print ${JSON.stringify(line)}; it printed:\n${printed}`,
  );

it('the README peripheral plays a Lovense Hush for two client apps at once', async () => {
  expect(readme.split('\n').slice(0, 12).join('\n')).toMatch(/npm install && npm start[\s\S]*npm test/);
  const code = peripheralScript().replace('ws://127.0.0.1:54818', `ws://127.0.0.1:${server.simPort}`);
  expect(code.trim().split('\n').length).toBeLessThanOrEqual(21); // "a 20-line peripheral" (plus its run comment)

  const v3 = new bp3.ButtplugClient('README app v3');
  const v5 = new bp5.ButtplugClient('README app v4');
  await v3.connect(new bp3.ButtplugNodeWebsocketClientConnector(server.url));
  await v5.connect(new bp5.ButtplugNodeWebsocketClientConnector(server.url));
  const found3 = new Promise<bp3.ButtplugClientDevice>((resolve) => v3.on('deviceadded', resolve));
  const found5 = new Promise<bp5.ButtplugClientDevice>((resolve) => v5.on('deviceadded', resolve));
  await v3.startScanning();
  await v5.startScanning();

  // cwd is the repository, so the script's `import WebSocket from 'ws'` resolves as after `npm install ws`.
  script = spawn(process.execPath, ['--input-type=module', '-e', code], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  script.stdout!.on('data', (d: Buffer) => (printed += d.toString()));
  script.stderr!.on('data', (d: Buffer) => (printed += d.toString()));

  const [hush3, hush5] = await Promise.all([found3, found5]);
  expect(hush3.name).toBe('Lovense Hush');
  expect(hush5.name).toBe('Lovense Hush');
  await printedLine('accepted {"protocol":"lovense"}');
  await printedLine('device got DeviceType;');

  await hush3.vibrate(0.5);
  await printedLine('device got Vibrate:10;');
  expect(await hush3.battery()).toBeCloseTo(0.85);

  // The v4 app takes over the same motor: the latest command wins, whoever sent it.
  await hush5.features.get(0)!.runOutput(bp5.DeviceOutput.Vibrate.steps(4));
  await printedLine('device got Vibrate:4;');
  const reading = await hush5.features.get(1)!.runInput(bp5.InputType.Battery, bp5.InputCommandType.Read);
  expect(reading?.value).toBe(85);

  // The v3 app leaves (its library sends StopAllDevices): the motor the v4 app set keeps running.
  await v3.disconnect();
  await until(
    () => server.stderr().includes('"README app v3" disconnected'),
    () => 'the server to see the v3 app leave',
  );
  await new Promise((r) => setTimeout(r, 150)); // two of the Hush's 75 ms gaps: a stop would be out
  expect(printed).not.toContain('device got Vibrate:0;');
  await v5.disconnect();
  await printedLine('device got Vibrate:0;');
});
