// A real bus worker thread, started the way the main thread starts it (entry.ts), running the
// simulated bus against the real device database, with a real WebSocket peripheral playing a
// Lovense Hush. Read/readResult frames and the other contract details the fake protocol
// exercises are in simulated-bus.test.ts.

import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusName, BusWorkerData, ToBus, UserDeviceConfig } from '../../src/core/channel.js';
import { busWorkerExecArgv, busWorkerUrl } from '../../src/workers/entry.js';
import { SimPeripheral, freePort } from '../helpers/sim-peripheral.js';
import { Mailbox } from './mailbox.js';

interface Running {
  worker: Worker;
  box: Mailbox;
  url: string;
  exited: Promise<number>;
  send(msg: ToBus): void;
  done(): boolean;
}

const workers: Omit<Running, 'url'>[] = [];
const peripherals: SimPeripheral[] = [];

function spawn(data: BusWorkerData): Omit<Running, 'url'> {
  const worker = new Worker(busWorkerUrl(), { execArgv: busWorkerExecArgv(), workerData: data });
  const box = new Mailbox();
  worker.on('message', box.post);
  worker.on('error', () => {}); // the exit code is what a supervisor acts on
  let done = false;
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve)).finally(() => (done = true));
  const r = { worker, box, exited, send: (msg: ToBus) => worker.postMessage(msg), done: () => done };
  workers.push(r);
  return r;
}

/**
 * As the supervisor must: shutdown, wait for shutdownDone, only then terminate. Terminating a
 * worker whose uWS sockets are open aborts the whole process (see bus-worker.ts).
 */
async function stopWorker(r: Omit<Running, 'url'>): Promise<void> {
  if (r.done()) return;
  if (!r.box.all.some((m) => m.t === 'shutdownDone')) {
    r.send({ t: 'shutdown' });
    await Promise.race([r.box.next('shutdownDone', undefined, 10_000), r.exited]);
  }
  await r.worker.terminate();
}

// Upstream uuids of the Lovense Hush configuration and its (inherited) features.
const HUSH_CONFIG_ID = '37642e1c-a416-44d3-bada-76b6d9e245c9';
const HUSH_VIBRATE_ID = '3f7a25a5-df21-42ca-bf9f-d1c52df1f37e';
const HUSH_BATTERY_ID = '14bd7637-13ed-49ba-9eb9-9c8ba9abec20';

async function startSimulated(
  settings: Record<string, string | number | boolean> = {},
  userConfig: UserDeviceConfig | null = null,
): Promise<Running> {
  const port = await freePort();
  const r = spawn({
    bus: 'simulated',
    logLevel: 'debug',
    settings: { port, ...settings },
    configOverrides: [],
    userConfig,
  });
  await r.box.next('ready', undefined, 15_000);
  return { ...r, url: `ws://127.0.0.1:${port}` };
}

async function hush(r: Running, address = 'sim-hush-1'): Promise<SimPeripheral> {
  const p = await SimPeripheral.connect(r.url);
  peripherals.push(p);
  p.answers.set('DeviceType;', { endpoint: 'rx', text: 'Z:11:0082059AD3BD;' });
  p.answers.set('Battery;', { endpoint: 'rx', text: '85;' });
  p.send({ hello: { version: 1, transport: 'btle', name: 'LVS-Z36', address } });
  return p;
}

async function readyHush(r: Running, address?: string) {
  const p = await hush(r, address);
  const added = await r.box.next('deviceAdded');
  r.send({ t: 'deviceIndexed', device: added.device, index: 0 });
  await p.next('ready');
  expect((await p.nextWrite()).text).toBe('DeviceType;'); // consumed: nextWrite() sees commands only
  return { p, device: added.device, added };
}

afterEach(async () => {
  for (const p of peripherals.splice(0)) p.terminate();
  await Promise.all(workers.splice(0).map(stopWorker));
});

describe('bus worker (simulated bus, real database)', () => {
  it('brings a Lovense Hush from hello to ready and drives it', async () => {
    const r = await startSimulated();
    const p = await hush(r);
    expect(await p.next('accepted')).toEqual({ protocol: 'lovense' });
    expect(await p.next('subscribe')).toEqual({ endpoint: 'rx' });
    expect((await p.nextWrite()).text).toBe('DeviceType;');

    const added = await r.box.next('deviceAdded');
    expect(added).toMatchObject({
      t: 'deviceAdded',
      address: 'sim-hush-1',
      protocol: 'lovense',
      descriptor: { name: 'Lovense Hush', messageTimingGap: 75 },
    });
    expect(added.descriptor.features.some((f) => f.output?.Vibrate)).toBe(true);
    expect(p.frames.some((f) => f.kind === 'ready')).toBe(false);
    r.send({ t: 'deviceIndexed', device: added.device, index: 3 });
    expect(await p.next('ready')).toEqual({ deviceIndex: 3, name: 'Lovense Hush' });

    const vibrate = added.descriptor.features.find((f) => f.output?.Vibrate)!.index;
    r.send({ t: 'output', device: added.device, command: { feature: vibrate, type: 'Vibrate', value: 10 } });
    expect(await p.nextWrite()).toEqual({
      endpoint: 'tx',
      text: 'Vibrate:10;',
      data: [...Buffer.from('Vibrate:10;')],
      withResponse: false,
    });

    // a burst inside the 75 ms gap: one write of the newest value
    for (let v = 11; v <= 20; v++)
      r.send({ t: 'output', device: added.device, command: { feature: vibrate, type: 'Vibrate', value: v } });
    expect((await p.nextWrite()).text).toBe('Vibrate:20;');

    // a stop goes straight out
    r.send({ t: 'output', device: added.device, command: { feature: vibrate, type: 'Vibrate', value: 5 } });
    r.send({ t: 'stop', device: added.device, commands: [{ feature: vibrate, type: 'Vibrate', value: 0 }] });
    expect((await p.nextWrite()).text).toBe('Vibrate:0;');

    // battery: a request/answer over tx/rx notifications
    const battery = added.descriptor.features.find((f) => f.input?.Battery)!.index;
    r.send({
      t: 'input',
      device: added.device,
      req: 41,
      command: { feature: battery, type: 'Battery', command: 'Read' },
    });
    expect(await r.box.next('inputResult', (m) => m.req === 41)).toEqual({
      t: 'inputResult',
      req: 41,
      values: [85],
    });
    expect(p.writes()).toEqual(['DeviceType;', 'Vibrate:10;', 'Vibrate:20;', 'Vibrate:0;', 'Battery;']);
  });

  it('applies the user device config: deny, display name, reserved index, gap and output limits', async () => {
    const userConfig: UserDeviceConfig = {
      devices: [
        { address: 'sim-denied', deny: true },
        {
          address: 'sim-hush-2',
          protocol: 'lovense',
          identifier: 'Z',
          baseId: HUSH_CONFIG_ID,
          displayName: 'Desk Hush',
          index: 5,
          messageGapMs: 20,
          features: [
            { baseId: HUSH_VIBRATE_ID, output: { Vibrate: { value: [2, 12] } } },
            { baseId: HUSH_BATTERY_ID },
          ],
        },
      ],
    };
    const r = await startSimulated({}, userConfig);
    const denied = await hush(r, 'sim-denied');
    expect((await denied.next('rejected')).reason).toContain('denied');
    const { p, device, added } = await readyHush(r, 'sim-hush-2');
    expect(added).toMatchObject({
      reservedIndex: 5,
      descriptor: { name: 'Lovense Hush', displayName: 'Desk Hush', messageTimingGap: 20 },
    });
    const vibrate = added.descriptor.features.find((f) => f.output?.Vibrate)!;
    expect(vibrate.output?.Vibrate?.value).toEqual([0, 10]); // clients get hi − lo steps
    r.send({ t: 'output', device, command: { feature: vibrate.index, type: 'Vibrate', value: 5 } });
    expect((await p.nextWrite()).text).toBe('Vibrate:7;'); // device step lo + 5
  });

  it('reports a closed peripheral as removed and fails its reads in flight', async () => {
    const r = await startSimulated();
    const { p, device, added } = await readyHush(r);
    p.answers.delete('Battery;'); // the read stays in flight
    const battery = added.descriptor.features.find((f) => f.input?.Battery)!.index;
    r.send({ t: 'input', device, req: 7, command: { feature: battery, type: 'Battery', command: 'Read' } });
    await p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'Battery;');
    p.close();
    expect(await r.box.next('deviceRemoved')).toEqual({ t: 'deviceRemoved', device });
    expect(await r.box.next('inputResult', (m) => m.req === 7)).toMatchObject({
      error: { reason: 'THRUM_ERR_DEVICE_GONE', code: 4 },
    });
  });

  it('rejects a malformed hello and a name no protocol matches, and closes both', async () => {
    const r = await startSimulated();
    const bad = await SimPeripheral.connect(r.url);
    peripherals.push(bad);
    bad.sendRaw('{"hello":{"version":1}}');
    expect((await bad.next('rejected')).reason).toMatch(/malformed hello/);
    const foo = await SimPeripheral.hello(r.url, { name: 'Foo', address: 'foo-1' });
    peripherals.push(foo);
    expect(await foo.next('rejected')).toEqual({ reason: "no protocol matches name 'Foo'" });
    await Promise.all([bad.closed, foo.closed]);
    expect(r.box.all.filter((m) => m.t === 'deviceAdded')).toEqual([]);
  });

  it('closes a connection without a hello after helloTimeoutMs', async () => {
    const r = await startSimulated({ helloTimeoutMs: 150 });
    const p = await SimPeripheral.connect(r.url);
    peripherals.push(p);
    expect((await p.closed).code).toBe(1008);
    expect(p.frames).toEqual([]);
  });

  it('on shutdown zeroes the device, closes the peripheral, then answers shutdownDone', async () => {
    const r = await startSimulated();
    const { p, device, added } = await readyHush(r);
    const vibrate = added.descriptor.features.find((f) => f.output?.Vibrate)!.index;
    r.send({ t: 'output', device, command: { feature: vibrate, type: 'Vibrate', value: 12 } });
    await p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'Vibrate:12;');
    r.send({ t: 'shutdown' });
    await r.box.next('shutdownDone');
    await p.closed;
    expect(p.writes().slice(-1)).toEqual(['Vibrate:0;']);
    // the listener is closed too
    await expect(SimPeripheral.connect(r.url)).rejects.toThrow();
  });

  it('answers stopScanning with scanningFinished', async () => {
    const r = await startSimulated();
    r.send({ t: 'startScanning' });
    r.send({ t: 'stopScanning' });
    await r.box.next('scanningFinished');
  });

  it('posts unavailable naming the port when it is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = spawn({
        bus: 'simulated',
        logLevel: 'info',
        settings: { port },
        configOverrides: [],
        userConfig: null,
      });
      const u = await r.box.next('unavailable', undefined, 15_000);
      expect(u.reason).toContain(`127.0.0.1:${port}`);
      r.send({ t: 'shutdown' }); // still answered, so the supervisor never waits in vain
      await r.box.next('shutdownDone');
    } finally {
      blocker.close();
    }
  });

  it('posts unavailable for a bus this build does not have', async () => {
    const r = spawn({
      bus: 'nope' as BusName,
      logLevel: 'info',
      settings: {},
      configOverrides: [],
      userConfig: null,
    });
    expect((await r.box.next('unavailable', undefined, 15_000)).reason).toContain("'nope'");
  });

  it('exits non-zero on a fatal error instead of hanging', async () => {
    const r = spawn({
      bus: 'simulated',
      logLevel: 'info',
      settings: undefined,
      configOverrides: [],
      userConfig: null,
    } as unknown as BusWorkerData);
    expect(await r.exited).not.toBe(0);
  });
});
