// The lovense-connect bus and the device runtime in this thread, with the real device database,
// against a local HTTP server playing both the Lovense API's discovery endpoint and the phone app
// (test/helpers/lovense-connect-app.ts). The compiled server with a configured address is
// test/integration/lovense-connect.test.ts.

import { afterEach, expect, it } from 'vitest';
import { hostFromDomain, parseToyList } from '../../src/workers/lovense-connect/connect-api.js';
import {
  startLovenseConnectBusWith,
  type ConnectBusOptions,
} from '../../src/workers/lovense-connect/connect-comm-manager.js';
import { LovenseConnectApp } from '../helpers/lovense-connect-app.js';
import { freePort } from '../helpers/server-process.js';
import { stopAll, withRuntime } from './runtime-harness.js';

const apps: LovenseConnectApp[] = [];

afterEach(async () => {
  await stopAll();
  for (const app of apps.splice(0)) await app.stop();
});

function start(opts: ConnectBusOptions, app: LovenseConnectApp | null) {
  if (app !== null) apps.push(app);
  return withRuntime('lovense-connect', (ctx) => startLovenseConnectBusWith(ctx, opts));
}

it('finds the app through the discovery endpoint and drives its toy', async () => {
  const app = await LovenseConnectApp.start();
  app.addToy('a1b2c3d4e5f6', 'Solace', 55);
  const h = start({ address: null, discoveryUrl: app.discoveryUrl }, app);
  h.bus.startScanning();
  const added = await h.box.next('deviceAdded');
  expect(added).toMatchObject({
    address: 'a1b2c3d4e5f6',
    protocol: 'lovense-connect-service',
    descriptor: { name: 'Lovense Solace' },
  });
  expect(h.logs).toContain(`info lovense-connect: found the app at ${app.url}`);
  // The Solace's stroke depth is set when it connects; its oscillator goes out as "Thrusting".
  expect(app.commands()).toEqual(['/Depth?v=3&t=a1b2c3d4e5f6']);
  h.runtime.output(added.device, { feature: 0, type: 'Oscillate', value: 12 });
  expect(await app.nextCommand(() => true, 1)).toBe('/Thrusting?v=12&t=a1b2c3d4e5f6');
  expect(app.requests.slice(0, 2)).toEqual(['/api/lan/getToys', '/GetToys']);
});

it('an unreachable Lovense API is logged once; the bus keeps scanning and stops cleanly', async () => {
  const closedPort = await freePort();
  const h = start(
    { address: null, discoveryUrl: `http://127.0.0.1:${closedPort}/api/lan/getToys`, scanIntervalMs: 20 },
    null,
  );
  h.bus.startScanning();
  await new Promise((r) => setTimeout(r, 300));
  await h.bus.stopScanning();
  const asked = h.logs.filter((l) => l.includes(`cannot ask http://127.0.0.1:${closedPort}/api/lan/getToys`));
  expect(asked.length).toBeGreaterThan(1); // it kept trying …
  expect(asked.filter((l) => l.startsWith('warn '))).toHaveLength(1); // … and said so once
  expect(h.runtime.size).toBe(0);
});

it('a toy the runtime refuses is refused once, not on every pass, and tried again once the app lists it again', async () => {
  const app = await LovenseConnectApp.start();
  // A Solace is initialised with a Depth command; an app that drops it fails the initialisation.
  app.dropCommands = true;
  const odd = app.addToy('0dd0dd0dd0dd', 'Solace');
  const h = start({ address: app.url, scanIntervalMs: 20 }, app);
  h.bus.startScanning();
  await new Promise((r) => setTimeout(r, 300));
  const refusals = () =>
    h.logs.filter((l) => l.includes('0dd0dd0dd0dd (Solace) rejected: initialisation failed'));
  expect(app.requests.filter((r) => r === '/GetToys').length).toBeGreaterThan(3);
  expect(refusals()).toHaveLength(1);
  odd.status = 0;
  await new Promise((r) => setTimeout(r, 100));
  odd.status = 1;
  await new Promise((r) => setTimeout(r, 100));
  expect(refusals()).toHaveLength(2);
  await h.bus.stopScanning();
});

it('a configured app that goes away and comes back: its toys are removed, then found again', async () => {
  const first = await LovenseConnectApp.start();
  first.addToy('b0b0b0b0b0b0', 'Lush');
  const h = start({ address: first.url, scanIntervalMs: 20, watchIntervalMs: 20 }, first);
  h.bus.startScanning();
  const before = await h.box.next('deviceAdded');
  await first.stop();
  expect(await h.box.next('deviceRemoved')).toEqual({ t: 'deviceRemoved', device: before.device });
  const again = await LovenseConnectApp.start(first.port);
  apps.push(again);
  again.addToy('b0b0b0b0b0b0', 'Lush');
  const after = await h.box.next('deviceAdded');
  expect(after).toMatchObject({ address: 'b0b0b0b0b0b0', descriptor: { name: 'Lovense Lush' } });
  // Said once at info level however many polls fail while it is away (the rest are debug lines).
  expect(
    h.logs.filter((l) => l.startsWith(`info lovense-connect: the app at ${first.url} does not answer`)),
  ).toHaveLength(1);
  expect(h.logs).toContain(`info lovense-connect: the app at ${first.url} answers`);
  await h.bus.stopScanning();
});

it('reads the app answers the way upstream does', () => {
  expect(hostFromDomain('192-168-1-5.lovense.club')).toBe('192.168.1.5');
  const toys = parseToyList(
    JSON.stringify({
      type: 'OK',
      code: 200,
      data: {
        a: { id: 'a', name: 'Lush', nickName: '', status: '1', version: '', battery: null },
        b: { id: 'b', name: 'Max', status: 0, battery: 140 },
      },
    }),
  );
  expect(toys).toEqual([
    { id: 'a', name: 'Lush', connected: true, battery: 0 },
    { id: 'b', name: 'Max', connected: false, battery: 100 },
  ]);
  expect(() => parseToyList('not json')).toThrow();
});
