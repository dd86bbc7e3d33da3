// The lovense-connect bus end to end: the compiled server with --use-lovense-connect and
// --lovense-connect-address pointing at a local HTTP server that plays the phone app
// (test/helpers/lovense-connect-app.ts, real sockets). A buttplug@5.0.2 client finds the toys the
// app lists as connected, its commands reach the app as the exact HTTP requests upstream sends,
// the battery comes from the toy list, and toys leave when the app lists them as disconnected or
// the phone goes away. Discovery through the Lovense API is covered in
// test/workers/lovense-connect-bus.test.ts (no internet here).

import * as bp5 from 'buttplug';
import { afterEach, expect, it } from 'vitest';
import { LovenseConnectApp } from '../helpers/lovense-connect-app.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';

const opened: Array<{ server: ServerProcess; app: LovenseConnectApp; client: bp5.ButtplugClient }> = [];

afterEach(async () => {
  for (const { server, app, client } of opened.splice(0)) {
    if (client.connected) await client.disconnect();
    await server.stop();
    await app.stop();
  }
});

async function start(app: LovenseConnectApp) {
  const server = await startServer(['--use-lovense-connect', '--lovense-connect-address', app.url], {
    simulated: false,
  });
  const client = new bp5.ButtplugClient('connect test');
  opened.push({ server, app, client });
  await client.connect(new bp5.ButtplugNodeWebsocketClientConnector(server.url));
  return { server, client };
}

/** Resolves with the next `count` devices the client is told about. */
function added(client: bp5.ButtplugClient, count: number): Promise<bp5.ButtplugClientDevice[]> {
  const found: bp5.ButtplugClientDevice[] = [];
  return new Promise((resolve) =>
    client.on('deviceadded', (d: bp5.ButtplugClientDevice) => {
      found.push(d);
      if (found.length === count) resolve(found);
    }),
  );
}

/** Resolves with the next `count` devices the client is told are gone. */
function removed(client: bp5.ButtplugClient, count = 1): Promise<bp5.ButtplugClientDevice[]> {
  const gone: bp5.ButtplugClientDevice[] = [];
  return new Promise((resolve) =>
    client.on('deviceremoved', (d: bp5.ButtplugClientDevice) => {
      gone.push(d);
      if (gone.length === count) resolve(gone);
    }),
  );
}

it('finds the connected toys, sends commands as the exact HTTP requests, reads the battery, and drops the toys when the phone goes away', async () => {
  const app = await LovenseConnectApp.start();
  app.addToy('c44f2b8a1f0e', 'Nora', 64);
  app.addToy('d00d00000001', 'Lush', null);
  app.addToy('0ff0ff000002', 'Hush').status = 0; // paired with the app but not connected: not a device
  const { client } = await start(app);
  const found = added(client, 2);
  await client.startScanning();
  const devices = await found;
  const nora = devices.find((d) => d.name === 'Lovense Nora');
  const lush = devices.find((d) => d.name === 'Lovense Lush');
  expect(nora).toBeDefined();
  expect(lush).toBeDefined();
  await client.stopScanning();
  expect(client.devices.size).toBe(2);

  // The Nora's vibrator (feature 0): "Vibrate1?v=<step>&t=<toy id>", step 0–20.
  let from = app.commands().length;
  await nora!.features.get(0)!.runOutput(bp5.DeviceOutput.Vibrate.steps(10));
  expect(await app.nextCommand(() => true, from)).toBe('/Vibrate1?v=10&t=c44f2b8a1f0e');
  from = app.commands().length;
  await lush!.features.get(0)!.runOutput(bp5.DeviceOutput.Vibrate.steps(7));
  expect(await app.nextCommand(() => true, from)).toBe('/Vibrate1?v=7&t=d00d00000001');

  // The battery is what the app's toy list says (null there reads as 0, as upstream).
  const noraBattery = nora!.features.get(2)!; // vibrator, rotator, battery
  expect((await noraBattery.runInput(bp5.InputType.Battery, bp5.InputCommandType.Read))?.value).toBe(64);

  // The phone goes away: its next toy-list poll fails and both toys are removed.
  const gone = removed(client, 2);
  await app.stop();
  expect((await gone).map((d) => d.name).sort()).toEqual(['Lovense Lush', 'Lovense Nora']);
  expect(client.devices.size).toBe(0);
});

it('a toy the app lists as disconnected is removed; the others stay', async () => {
  const app = await LovenseConnectApp.start();
  const edge = app.addToy('e1e1e1e1e1e1', 'Edge');
  app.addToy('f2f2f2f2f2f2', 'Lush');
  const { client, server } = await start(app);
  const found = added(client, 2);
  await client.startScanning();
  await found;
  const left = removed(client);
  edge.status = 0;
  expect((await left).map((d) => d.name)).toEqual(['Lovense Edge']);
  expect([...client.devices.values()].map((d) => d.name)).toEqual(['Lovense Lush']);
  expect(server.stderr()).toMatch(/toy e1e1e1e1e1e1 is no longer connected to the app/);
});
