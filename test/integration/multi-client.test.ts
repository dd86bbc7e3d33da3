// Several clients at once, each in its own spec version, under the arbitration rules of
// architecture.md "Many clients": the latest command per output wins; a client's own stops only
// touch outputs whose latest value it set; a stop aimed at a device stops it for everyone.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import { schemaProblems } from '../helpers/schema.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

let server: ServerProcess;
let seq = 0;
const peripherals: SimPeripheral[] = [];
const clients: Array<{ c: RawClient; v: number }> = [];

beforeAll(async () => {
  server = await startServer();
});
afterEach(async () => {
  for (const { c, v } of clients.splice(0)) {
    expect(schemaProblems(v, c.received)).toEqual([]);
    await c.close();
  }
  for (const p of peripherals.splice(0)) {
    p.ws.close();
    await p.closed;
  }
});
afterAll(async () => {
  await server.stop();
});

async function client(version: number): Promise<RawClient> {
  const c = await RawClient.handshake(server.url, version, `client v${version}`);
  clients.push({ c, v: version });
  return c;
}

/** A Lovense Edge: two vibrators (Vibrate1/Vibrate2) and a battery. */
async function edge(): Promise<{ p: SimPeripheral; index: number }> {
  const p = await SimPeripheral.lovense(server.simPort, { letter: 'P', address: `sim-edge-${++seq}` });
  const ready = await p.next('ready');
  expect(ready.name).toBe('Lovense Edge');
  await p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'DeviceType;');
  peripherals.push(p);
  return { p, index: ready.deviceIndex as number };
}

const text = (b: Record<string, unknown>) => Buffer.from(b.data as number[]).toString();
const nextWrite = async (p: SimPeripheral) => text(await p.next('write'));
/** Wait out the Edge's 75 ms gap after a round trip, so no coalesced write is still pending. */
async function settle(c: RawClient): Promise<void> {
  await c.request('RequestDeviceList');
  await new Promise((r) => setTimeout(r, 150));
}

const ok = (m: Msg) => expect(m).toHaveProperty('Ok');

describe('two clients, two spec versions, one device', () => {
  it('both see the device; each drives its own motor; disconnecting stops only its own', async () => {
    const a = await client(3);
    const b = await client(4);
    const added = a.nextOfType('DeviceAdded');
    const listed = b.nextOfType('DeviceList');
    const { p, index } = await edge();
    await added;
    await listed;

    ok(await a.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.5 }] }));
    expect(await nextWrite(p)).toBe('Vibrate1:10;');
    ok(
      await b.request('OutputCmd', {
        DeviceIndex: index,
        FeatureIndex: 1,
        Command: { Vibrate: { Value: 15 } },
      }),
    );
    expect(await nextWrite(p)).toBe('Vibrate2:15;');

    // A leaves (its library would also send StopAllDevices): only motor 1 stops.
    await a.close();
    clients.splice(
      clients.findIndex((x) => x.c === a),
      1,
    );
    expect(await nextWrite(p)).toBe('Vibrate1:0;');
    await settle(b);
    expect(p.writes().filter((w) => w.startsWith('Vibrate2'))).toEqual(['Vibrate2:15;']);

    // B's index-less StopCmd stops what B drives.
    ok(await b.request('StopCmd', {}));
    expect(await nextWrite(p)).toBe('Vibrate2:0;');
  });

  it('StopAllDevices leaves alone an output another client set since', async () => {
    const a = await client(3);
    const b = await client(2);
    const { p, index } = await edge();
    ok(await a.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.5 }] }));
    expect(await nextWrite(p)).toBe('Vibrate1:10;');
    await new Promise((r) => setTimeout(r, 100));
    ok(await b.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.25 }] }));
    expect(await nextWrite(p)).toBe('Vibrate1:5;');
    // B now owns motor 1: A's StopAllDevices must not stop it.
    ok(await a.request('StopAllDevices'));
    await settle(a);
    expect(p.writes().filter((w) => w.startsWith('Vibrate'))).toEqual(['Vibrate1:10;', 'Vibrate1:5;']);
    // B's own StopAllDevices does.
    ok(await b.request('StopAllDevices'));
    expect(await nextWrite(p)).toBe('Vibrate1:0;');
  });

  it('a stop aimed at the device stops it for everyone', async () => {
    const a = await client(3);
    const b = await client(4);
    const { p, index } = await edge();
    ok(
      await b.request('OutputCmd', {
        DeviceIndex: index,
        FeatureIndex: 0,
        Command: { Vibrate: { Value: 20 } },
      }),
    );
    ok(
      await b.request('OutputCmd', {
        DeviceIndex: index,
        FeatureIndex: 1,
        Command: { Vibrate: { Value: 20 } },
      }),
    );
    expect([await nextWrite(p), await nextWrite(p)]).toEqual(['Vibrate1:20;', 'Vibrate2:20;']);
    ok(await a.request('StopDeviceCmd', { DeviceIndex: index }));
    const stops = [await nextWrite(p), await nextWrite(p)].sort();
    expect(stops).toEqual(['Vibrate1:0;', 'Vibrate2:0;']);
    // And nobody owns the outputs any more: B leaving writes nothing.
    await b.close();
    clients.splice(
      clients.findIndex((x) => x.c === b),
      1,
    );
    await settle(a);
    expect(p.writes().filter((w) => w.endsWith(':0;'))).toHaveLength(2);
  });

  it('a v4 StopCmd on one feature stops only that feature', async () => {
    const b = await client(4);
    const { p, index } = await edge();
    ok(
      await b.request('OutputCmd', {
        DeviceIndex: index,
        FeatureIndex: 0,
        Command: { Vibrate: { Value: 4 } },
      }),
    );
    ok(
      await b.request('OutputCmd', {
        DeviceIndex: index,
        FeatureIndex: 1,
        Command: { Vibrate: { Value: 6 } },
      }),
    );
    expect([await nextWrite(p), await nextWrite(p)]).toEqual(['Vibrate1:4;', 'Vibrate2:6;']);
    ok(await b.request('StopCmd', { DeviceIndex: index, FeatureIndex: 1 }));
    expect(await nextWrite(p)).toBe('Vibrate2:0;');
    await settle(b);
    expect(p.writes().filter((w) => w.startsWith('Vibrate1'))).toEqual(['Vibrate1:4;']);
  });

  it('device events reach every client in its own version', async () => {
    const v0 = await client(0);
    const v2 = await client(2);
    const v4 = await client(4);
    const events = [v0.nextOfType('DeviceAdded'), v2.nextOfType('DeviceAdded'), v4.nextOfType('DeviceList')];
    const { p, index } = await edge();
    const [a0, a2, l4] = (await Promise.all(events)) as [Msg, Msg, Msg];
    expect((a0.DeviceAdded as { DeviceMessages: string[] }).DeviceMessages).toContain(
      'SingleMotorVibrateCmd',
    );
    expect((a2.DeviceAdded as { DeviceMessages: Record<string, unknown> }).DeviceMessages).toHaveProperty(
      'VibrateCmd',
    );
    expect(Object.keys((l4.DeviceList as { Devices: object }).Devices)).toContain(String(index));
    const gone = [
      v0.nextOfType('DeviceRemoved'),
      v2.nextOfType('DeviceRemoved'),
      v4.nextOfType('DeviceList'),
    ];
    peripherals.splice(peripherals.indexOf(p), 1);
    p.ws.close();
    const [r0, , l4b] = (await Promise.all(gone)) as [Msg, Msg, Msg];
    expect(r0).toEqual({ DeviceRemoved: { Id: 0, DeviceIndex: index } });
    expect(Object.keys((l4b.DeviceList as { Devices: object }).Devices)).not.toContain(String(index));
  });
});

describe('input subscriptions shared by several clients', () => {
  /** A KGoal Boost: two pressure inputs that can be subscribed. */
  async function boost(): Promise<{ p: SimPeripheral; index: number }> {
    const p = await SimPeripheral.hello(`ws://127.0.0.1:${server.simPort}`, {
      name: 'Boost',
      address: `sim-boost-${++seq}`,
    });
    const ready = await p.next('ready');
    peripherals.push(p);
    return { p, index: ready.deviceIndex as number };
  }
  const pressure = (normalised: number) => [0x00, 0x01, 0x04, normalised >> 8, normalised & 0xff, 0, 0];
  const reading = (m: Msg) =>
    (m.InputReading as { Reading: { Pressure: { Value: number } } }).Reading.Pressure.Value;

  it('every subscriber gets each reading; the device is unsubscribed when the last one leaves', async () => {
    const { p, index } = await boost();
    const a = await client(4);
    const b = await client(4);
    const input = { DeviceIndex: index, FeatureIndex: 0, Type: 'Pressure' };
    ok(await a.request('InputCmd', { ...input, Command: 'Subscribe' }));
    ok(await b.request('InputCmd', { ...input, Command: 'Subscribe' }));
    await p.next('subscribe', (f) => f.endpoint === 'rxpressure');

    let readings = [a.nextOfType('InputReading'), b.nextOfType('InputReading')];
    p.notify('rxpressure', pressure(300));
    expect((await Promise.all(readings)).map(reading)).toEqual([300, 300]);

    // a leaves the subscription; b still gets readings, and the device stays subscribed.
    ok(await a.request('InputCmd', { ...input, Command: 'Unsubscribe' }));
    readings = [b.nextOfType('InputReading')];
    p.notify('rxpressure', pressure(400));
    expect(reading((await readings[0])!)).toBe(400);
    expect(a.received.filter((m) => 'InputReading' in m)).toHaveLength(1);
    expect(p.frames.filter((f) => f.kind === 'unsubscribe')).toEqual([]);

    // b disconnects without unsubscribing: its subscription ends with it.
    await b.close();
    expect(await p.next('unsubscribe')).toEqual({ endpoint: 'rxpressure' });
  });
});
