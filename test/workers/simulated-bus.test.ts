// The simulated device bus and the device runtime in this thread, against a real uWS listener
// and real WebSocket peripherals, with a fake protocol (fake-catalog.ts). The wire contract is
// docs/simulated-devices.md; the same flow through a real worker thread and the real database is
// in bus-worker.test.ts.

import { afterEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/workers/bus.js';
import { DeviceRuntime } from '../../src/workers/device-runtime.js';
import { startSimulatedBus } from '../../src/workers/simulated/simulated-comm-manager.js';
import { SimPeripheral, freePort } from '../helpers/sim-peripheral.js';
import { FakeCatalog } from './fake-catalog.js';
import { Mailbox } from './mailbox.js';

interface Harness {
  url: string;
  port: number;
  box: Mailbox;
  logs: string[];
  catalog: FakeCatalog;
  runtime: DeviceRuntime;
  bus: Bus;
}

const open: Harness[] = [];
const peripherals: SimPeripheral[] = [];

async function start(settings: Record<string, string | number | boolean> = {}): Promise<Harness> {
  const port = await freePort();
  const box = new Mailbox();
  const logs: string[] = [];
  const log = (level: string, msg: string) => logs.push(`${level} ${msg}`);
  const catalog = new FakeCatalog();
  const runtime = new DeviceRuntime({ catalog, post: box.post, log });
  const bus = await startSimulatedBus({
    settings: { port, readTimeoutMs: 300, ...settings },
    log,
    attach: (p) => runtime.attach(p),
  });
  if ('unavailable' in bus) throw new Error(bus.unavailable);
  const h = { url: `ws://127.0.0.1:${port}`, port, box, logs, catalog, runtime, bus };
  open.push(h);
  return h;
}

async function peripheral(h: Harness, hello: Record<string, unknown>, letter = 'A'): Promise<SimPeripheral> {
  const p = await SimPeripheral.connect(h.url);
  peripherals.push(p);
  p.answers.set('ID;', { endpoint: 'rx', text: `${letter};` });
  p.send({ hello: { version: 1, transport: 'btle', ...hello } });
  return p;
}

/** A peripheral taken through hello → accepted → init → deviceAdded → deviceIndexed → ready. */
async function readyDevice(h: Harness, address = 'sim-1', letter = 'A') {
  const p = await peripheral(h, { name: 'FAKE-1', address }, letter);
  const added = await h.box.next('deviceAdded', (m) => m.address === address);
  h.runtime.indexed(added.device, 7);
  await p.next('ready');
  // the initialisation writes came before ready: consume them so nextWrite() sees commands only
  expect([(await p.nextWrite()).text, (await p.nextWrite()).text]).toEqual(['ID;', 'INIT;']);
  return { p, device: added.device, added };
}

let barrierReq = 1000;

/**
 * Frames the peripheral sent before this call have been handled by the bus once it resolves: a
 * battery read is one more round trip over the same socket.
 */
async function barrier(h: Harness, p: SimPeripheral, device: number): Promise<void> {
  const req = barrierReq++;
  h.runtime.input(device, req, { feature: 2, type: 'Battery', command: 'Read' });
  const read = await p.next('read');
  p.send({ readResult: { id: read.id, data: [1] } });
  await h.box.next('inputResult', (m) => m.req === req);
}

afterEach(async () => {
  for (const p of peripherals.splice(0)) p.terminate();
  for (const h of open.splice(0)) {
    await h.runtime.shutdown();
    await h.bus.close();
  }
});

describe('simulated device bus', () => {
  it('takes a peripheral from hello to ready: accepted, init frames in order, deviceAdded, ready with the hub index', async () => {
    const h = await start();
    h.catalog.users.set('sim-1', { displayName: 'My toy', reservedIndex: 3 });
    const p = await peripheral(h, {
      name: 'FAKE-1',
      address: 'sim-1',
      services: ['fff0'],
      manufacturerData: [{ company: 620, data: [1] }],
    });
    expect(await p.next('accepted')).toEqual({ protocol: 'fakeproto' });
    const added = await h.box.next('deviceAdded');
    expect(added).toEqual({
      t: 'deviceAdded',
      device: added.device,
      address: 'sim-1',
      protocol: 'fakeproto',
      descriptor: {
        name: 'Fake Vibe',
        displayName: 'My toy',
        messageTimingGap: 50,
        features: expect.any(Array),
      },
      reservedIndex: 3,
      // The fake database has no upstream ids: nothing a user config entry could name.
      identity: { identifier: 'A', configName: 'Fake Vibe' },
    });
    expect(added.descriptor.features).toHaveLength(5);
    await p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'INIT;');
    // initialisation: identify (subscribe, write) then initialise, one frame per operation
    expect(p.frames.map((f) => [f.kind, f.body])).toEqual([
      ['accepted', { protocol: 'fakeproto' }],
      ['subscribe', { endpoint: 'rx' }],
      ['write', { endpoint: 'tx', data: [...Buffer.from('ID;')], withResponse: false }],
      ['write', { endpoint: 'tx', data: [...Buffer.from('INIT;')], withResponse: true }],
    ]);
    expect(p.frames.some((f) => f.kind === 'ready')).toBe(false); // not before the hub indexed it
    h.runtime.indexed(added.device, 4);
    expect(await p.next('ready')).toEqual({ deviceIndex: 4, name: 'Fake Vibe' });
  });

  it('applies the user settings: client view of features, gap, step mapping; stops use the device features', async () => {
    const h = await start();
    h.catalog.users.set('sim-u', {
      messageGapMs: 0,
      features: [{ index: 0, description: 'motor 1', output: { Vibrate: { value: [0, 10] } } }],
      toDevice: (c) => ({ ...c, value: c.value === 0 ? 0 : c.value + 2 }),
    });
    const { p, device, added } = await readyDevice(h, 'sim-u');
    expect(added.descriptor).toMatchObject({ messageTimingGap: 0, features: [{ index: 0 }] });
    expect(added.descriptor.features).toHaveLength(1);
    h.runtime.output(device, { feature: 0, type: 'Vibrate', value: 5 });
    expect((await p.nextWrite()).text).toBe('Vibrate0:7;');
    h.runtime.stop(device, [{ feature: 0, type: 'Vibrate', value: 0 }]);
    expect((await p.nextWrite()).text).toBe('Vibrate0:0;');
    await h.runtime.shutdown();
    await p.closed;
    // feature 1 is hidden from clients but still stopped (forced: the device hears every zero)
    expect(p.writes().slice(-2)).toEqual(['Vibrate0:0;', 'Rotate1:0;']);
  });

  it('writes an output as a write frame with the exact bytes, and coalesces a burst inside the gap', async () => {
    const h = await start();
    const { p, device } = await readyDevice(h);
    h.runtime.output(device, { feature: 0, type: 'Vibrate', value: 5 });
    expect(await p.nextWrite()).toEqual({
      endpoint: 'tx',
      text: 'Vibrate0:5;',
      data: [...Buffer.from('Vibrate0:5;')],
      withResponse: false,
    });
    for (let v = 6; v <= 15; v++) h.runtime.output(device, { feature: 0, type: 'Vibrate', value: v });
    h.runtime.output(device, { feature: 1, type: 'Rotate', value: -3 });
    expect((await p.nextWrite()).text).toBe('Vibrate0:15;');
    expect((await p.nextWrite()).text).toBe('Rotate1:-3;');
    // nothing else: the peripheral saw the latest state, not the backlog
    h.runtime.output(device, { feature: 0, type: 'Vibrate', value: 1 });
    expect((await p.nextWrite()).text).toBe('Vibrate0:1;');
    await barrier(h, p, device);
    expect(p.writes().slice(2)).toEqual(['Vibrate0:5;', 'Vibrate0:15;', 'Rotate1:-3;', 'Vibrate0:1;']);
  });

  it('sends stops at once and drops the pending value they replace', async () => {
    const h = await start();
    const { p, device } = await readyDevice(h);
    h.runtime.output(device, { feature: 0, type: 'Vibrate', value: 9 });
    await p.nextWrite();
    h.runtime.output(device, { feature: 0, type: 'Vibrate', value: 10 }); // pending for ~50 ms
    h.runtime.stop(device, [{ feature: 0, type: 'Vibrate', value: 0 }]);
    expect((await p.nextWrite(20)).text).toBe('Vibrate0:0;');
    await new Promise((r) => setTimeout(r, 120)); // past the gap: the replaced 10 must not appear
    expect(p.writes().slice(2)).toEqual(['Vibrate0:9;', 'Vibrate0:0;']);
  });

  it('uses gap 0 from the configuration: every command is written as it comes', async () => {
    const h = await start();
    const { p, device, added } = await readyDevice(h, 'sim-z', 'Z');
    expect(added.descriptor).toMatchObject({ name: 'Fake Fast', messageTimingGap: 0 });
    // Each command in its own turn is written; no gap is waited between them.
    for (let v = 1; v <= 3; v++) {
      h.runtime.output(device, { feature: 0, type: 'Vibrate', value: v });
      await p.next('write', (w) => Buffer.from(w.data as number[]).toString() === `Vibrate0:${v};`, 1000);
    }
    expect(p.writes().slice(2)).toEqual(['Vibrate0:1;', 'Vibrate0:2;', 'Vibrate0:3;']);
  });

  it('answers a read from the readResult with the same id, and a missing readResult with a timeout error', async () => {
    const h = await start();
    const { p, device } = await readyDevice(h);
    h.runtime.input(device, 1, { feature: 2, type: 'Battery', command: 'Read' });
    const read = await p.next('read');
    expect(read).toEqual({ id: expect.any(Number), endpoint: 'rx', length: 1 });
    p.send({ readResult: { id: 999, data: [1] } }); // unknown id: ignored
    p.send({ readResult: { id: read.id, data: [85] } });
    expect(await h.box.next('inputResult', (m) => m.req === 1)).toEqual({
      t: 'inputResult',
      req: 1,
      values: [85],
    });

    h.runtime.input(device, 2, { feature: 2, type: 'Battery', command: 'Read' });
    await p.next('read');
    const timedOut = await h.box.next('inputResult', (m) => m.req === 2);
    expect(timedOut.error).toMatchObject({ reason: 'THRUM_ERR_DEVICE_TIMEOUT', code: 4 });
    expect(timedOut.error?.message).toContain('300 ms');
  });

  it('routes notifications of a subscribed input to inputReading, and ignores notify while unsubscribed', async () => {
    const h = await start();
    const { p, device } = await readyDevice(h);
    p.notify('rx2', 'P:1;'); // not subscribed yet: dropped by the bus
    await barrier(h, p, device);
    h.runtime.input(device, 1, { feature: 3, type: 'Pressure', command: 'Subscribe' });
    expect(await p.next('subscribe', (b) => b.endpoint === 'rx2')).toEqual({ endpoint: 'rx2' });
    expect(await h.box.next('inputResult', (m) => m.req === 1)).toEqual({ t: 'inputResult', req: 1 });
    p.notify('rx2', 'P:666;'); // the decoder throws: logged, nothing posted, device lives on
    p.notify('rx2', 'P:42;');
    expect(await h.box.next('inputReading')).toEqual({
      t: 'inputReading',
      device,
      feature: 3,
      type: 'Pressure',
      values: [42],
    });
    h.runtime.input(device, 2, { feature: 3, type: 'Pressure', command: 'Unsubscribe' });
    await p.next('unsubscribe');
    await h.box.next('inputResult', (m) => m.req === 2);
    p.notify('rx2', 'P:43;');
    await barrier(h, p, device);
    expect(h.box.of('inputReading')).toHaveLength(1);
    expect(h.logs.some((l) => l.includes('decoder bug'))).toBe(true);
  });

  it('answers Rssi from the last rssi frame and feeds Rssi subscribers', async () => {
    const h = await start();
    const { p, device } = await readyDevice(h);
    h.runtime.input(device, 1, { feature: 4, type: 'Rssi', command: 'Read' });
    expect((await h.box.next('inputResult', (m) => m.req === 1)).error?.reason).toBe('THRUM_ERR_DEVICE_IO');
    p.send({ rssi: { value: -48 } });
    await barrier(h, p, device);
    h.runtime.input(device, 5, { feature: 4, type: 'Rssi', command: 'Subscribe' });
    await h.box.next('inputResult', (m) => m.req === 5);
    p.send({ rssi: { value: -50 } });
    expect(await h.box.next('inputReading')).toMatchObject({ feature: 4, type: 'Rssi', values: [-50] });
    h.runtime.input(device, 2, { feature: 4, type: 'Rssi', command: 'Read' });
    expect(await h.box.next('inputResult', (m) => m.req === 2)).toEqual({
      t: 'inputResult',
      req: 2,
      values: [-50],
    });
  });

  it('answers an input the protocol cannot do with MESSAGE_UNSUPPORTED, and one for an unknown device with DEVICE_GONE', async () => {
    const h = await start();
    const { device } = await readyDevice(h, 'sim-z', 'Z');
    h.runtime.input(device, 1, { feature: 2, type: 'Battery', command: 'Read' });
    expect((await h.box.next('inputResult')).error).toEqual({
      reason: 'THRUM_ERR_MESSAGE_UNSUPPORTED',
      code: 4,
      message: 'Device Fake Fast does not support Read Battery on feature 2',
    });
    h.runtime.input(device, 3, { feature: 3, type: 'Pressure', command: 'Subscribe' });
    expect((await h.box.next('inputResult', (m) => m.req === 3)).error?.reason).toBe(
      'THRUM_ERR_MESSAGE_UNSUPPORTED',
    );
    h.runtime.input(99, 2, { feature: 2, type: 'Battery', command: 'Read' });
    expect((await h.box.next('inputResult', (m) => m.req === 2)).error?.reason).toBe('THRUM_ERR_DEVICE_GONE');
  });

  it('logs and ignores bad frames without disturbing the device', async () => {
    const h = await start();
    const { p, device } = await readyDevice(h);
    p.sendRaw('not json');
    p.sendRaw('{"notify":{"endpoint":"rx2","data":[300]}}');
    p.sendRaw('{"bogus":{}}');
    p.sendRaw('{"rssi":{"value":-1},"notify":{}}');
    p.sendRaw('[1,2]');
    p.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    p.send({ hello: { version: 1, transport: 'btle', name: 'FAKE-1', address: 'again' } });
    await barrier(h, p, device);
    h.runtime.output(device, { feature: 0, type: 'Vibrate', value: 3 });
    expect((await p.nextWrite()).text).toBe('Vibrate0:3;');
    expect(h.logs.filter((l) => l.includes('frame ignored')).length).toBeGreaterThanOrEqual(6);
  });

  it('rejects a malformed hello with a reason and closes', async () => {
    const h = await start();
    const cases: [string, string][] = [
      ['{"hello":', 'not valid JSON'],
      ['{"hello":{"version":1,"transport":"btle","name":"FAKE-1"}}', 'address'],
      ['{"hello":{"version":2,"transport":"btle","name":"FAKE-1","address":"a"}}', 'version'],
      ['{"hello":{"version":1,"transport":"serial","name":"FAKE-1","address":"a"}}', 'transport'],
      ['{"hello":{"version":1,"transport":"btle","name":7,"address":"a"}}', 'name'],
      [
        '{"hello":{"version":1,"transport":"btle","name":"FAKE-1","address":"a","services":"fff0"}}',
        'services',
      ],
      [
        '{"hello":{"version":1,"transport":"btle","name":"FAKE-1","address":"a","manufacturerData":[{"company":1,"data":[256]}]}}',
        'manufacturerData',
      ],
      ['{"notify":{"endpoint":"rx","data":[]}}', 'hello'],
    ];
    for (const [text, mention] of cases) {
      const p = await SimPeripheral.connect(h.url);
      peripherals.push(p);
      p.sendRaw(text);
      const rejected = await p.next('rejected');
      expect(rejected.reason).toEqual(expect.stringContaining(mention));
      await p.closed;
    }
    expect(h.box.all.filter((m) => m.t !== 'log')).toEqual([]);
  });

  it('rejects a peripheral no protocol matches, naming it', async () => {
    const h = await start();
    const p = await peripheral(h, { name: 'Foo', address: 'x' });
    expect(await p.next('rejected')).toEqual({ reason: "no protocol matches name 'Foo'" });
    await p.closed;
  });

  it('rejects a denied address and a device whose identification has no configuration', async () => {
    const h = await start();
    h.catalog.denied.add('bad');
    const denied = await peripheral(h, { name: 'FAKE-1', address: 'bad' });
    expect((await denied.next('rejected')).reason).toContain('denied');
    const unknown = await peripheral(h, { name: 'FAKE-1', address: 'u' }, 'Q');
    await unknown.next('accepted');
    expect((await unknown.next('rejected')).reason).toContain("identifier 'Q'");
    await Promise.all([denied.closed, unknown.closed]);
    expect(h.box.of('deviceAdded')).toEqual([]);
  });

  it('rejects a peripheral whose initialisation fails (an endpoint it does not have, a read nobody answers)', async () => {
    const h = await start();
    const noTx = await peripheral(h, { name: 'FAKE-1', address: 'n', endpoints: ['rx'] });
    expect((await noTx.next('rejected')).reason).toContain("no endpoint 'tx'");
    const silent = await SimPeripheral.hello(h.url, { name: 'FAKE-1', address: 's' }); // never answers ID;
    peripherals.push(silent);
    expect((await silent.next('rejected', undefined, 3000)).reason).toContain('timed out');
    expect(h.box.of('deviceAdded')).toEqual([]);
  });

  it('closes a connection that sends no hello in time, with no effect on the bus', async () => {
    const h = await start({ helloTimeoutMs: 100 });
    const p = await SimPeripheral.connect(h.url);
    peripherals.push(p);
    const closed = await p.closed;
    expect(closed.code).toBe(1008);
    expect(p.frames).toEqual([]);
    // a port probe that closes before its hello leaves nothing behind either
    const probe = await SimPeripheral.connect(h.url);
    probe.close();
    await probe.closed;
    const { device } = await readyDevice(h);
    expect(device).toBeGreaterThan(0);
    expect(h.box.all.filter((m) => m.t !== 'log').map((m) => m.t)).toEqual(['deviceAdded']);
  });

  it('removes the device when the socket closes and fails reads in flight with DEVICE_GONE', async () => {
    const h = await start();
    const { p, device } = await readyDevice(h);
    h.runtime.input(device, 1, { feature: 2, type: 'Battery', command: 'Read' });
    await p.next('read');
    p.terminate();
    const [removed, result] = await Promise.all([h.box.next('deviceRemoved'), h.box.next('inputResult')]);
    expect(removed).toEqual({ t: 'deviceRemoved', device });
    expect(result).toMatchObject({ req: 1, error: { reason: 'THRUM_ERR_DEVICE_GONE', code: 4 } });
    h.runtime.output(device, { feature: 0, type: 'Vibrate', value: 1 }); // ignored, no throw
    h.runtime.input(device, 2, { feature: 2, type: 'Battery', command: 'Read' });
    expect((await h.box.next('inputResult', (m) => m.req === 2)).error?.reason).toBe('THRUM_ERR_DEVICE_GONE');
  });

  it('on shutdown zeroes every stoppable output at once, then closes every peripheral', async () => {
    const h = await start();
    const { p, device } = await readyDevice(h);
    h.runtime.output(device, { feature: 0, type: 'Vibrate', value: 7 });
    await p.nextWrite();
    h.runtime.output(device, { feature: 0, type: 'Vibrate', value: 8 }); // pending: replaced by the stop
    h.runtime.output(device, { feature: 1, type: 'Position', value: 40 }); // pending
    const done = h.runtime.shutdown();
    h.runtime.output(device, { feature: 0, type: 'Vibrate', value: 9 }); // after the final zeroes: ignored
    await done;
    await h.bus.close();
    await p.closed;
    // feature 0: Vibrate 0; feature 1: its first stoppable type is Rotate (Position holds)
    expect(p.writes().slice(2)).toEqual(['Vibrate0:7;', 'Vibrate0:0;', 'Rotate1:0;']);
    open.splice(open.indexOf(h), 1);
  });

  it('reports a port in use as unavailable, naming the port', async () => {
    const h = await start();
    const second = await startSimulatedBus({ settings: { port: h.port }, log: () => {}, attach: () => {} });
    expect(second).toEqual({ unavailable: expect.stringContaining(`127.0.0.1:${h.port}`) });
  });

  it('rejects bad settings', async () => {
    expect(await startSimulatedBus({ settings: { port: 70000 }, log: () => {}, attach: () => {} })).toEqual({
      unavailable: expect.stringContaining("'port'"),
    });
  });
});
