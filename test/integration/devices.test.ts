// A simulated Lovense Hush end to end: peripheral ↔ simulated bus worker ↔ hub ↔ session ↔ a raw
// client of each spec version, asserting the exact bytes the device receives.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import { schemaProblems } from '../helpers/schema.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

let server: ServerProcess;
let seq = 0;
const cleanup: Array<() => Promise<unknown>> = [];
const clients: Array<{ c: RawClient; v: number }> = [];

beforeAll(async () => {
  server = await startServer();
});
afterEach(async () => {
  for (const { c, v } of clients.splice(0)) {
    expect(schemaProblems(v, c.received)).toEqual([]);
    await c.close();
  }
  for (const f of cleanup.splice(0)) await f();
});
afterAll(async () => {
  await server.stop();
});

async function client(version: number): Promise<RawClient> {
  const c = await RawClient.handshake(server.url, version);
  clients.push({ c, v: version });
  return c;
}

/** A Lovense toy that answers DeviceType; and Battery; like the real thing. */
async function lovense(letter = 'Z', battery = '85;'): Promise<{ p: SimPeripheral; index: number }> {
  const p = await SimPeripheral.lovense(server.simPort, { letter, battery, address: `sim-dev-${++seq}` });
  expect(await p.next('accepted')).toEqual({ protocol: 'lovense' });
  // Initialisation: subscribe rx, then DeviceType; on tx.
  await p.next('subscribe', (b) => b.endpoint === 'rx');
  expect((await p.nextWrite()).text).toBe('DeviceType;');
  const ready = await p.next('ready');
  cleanup.push(async () => {
    p.ws.close();
    await p.closed;
  });
  return { p, index: ready.deviceIndex as number };
}

/** The next write that is an output command (battery queries are answered by the peripheral). */
async function nextOutput(p: SimPeripheral): Promise<string> {
  const b = await p.next(
    'write',
    (w) => !['Battery;', 'DeviceType;'].includes(Buffer.from(w.data as number[]).toString()),
  );
  return Buffer.from(b.data as number[]).toString();
}

const body = (m: Msg) => Object.values(m)[0] as Record<string, unknown>;

describe('a simulated Lovense Hush', () => {
  it('v3: appears with DeviceAdded, vibrates with exact bytes, reads battery, stops', async () => {
    const c = await client(3);
    expect(await c.request('StartScanning')).toHaveProperty('Ok');
    const added = c.nextOfType('DeviceAdded');
    const { p, index } = await lovense();
    const info = body(await added);
    expect(info).toMatchObject({ DeviceIndex: index, DeviceName: 'Lovense Hush' });
    expect(info.DeviceMessages).toHaveProperty('ScalarCmd');
    expect(p.frames.slice(0, 3).map((f) => f.kind)).toEqual(['accepted', 'subscribe', 'write']);

    expect(
      await c.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.5 }] }),
    ).toHaveProperty('Ok');
    expect(await nextOutput(p)).toBe('Vibrate:10;');
    expect(
      await c.request('ScalarCmd', {
        DeviceIndex: index,
        Scalars: [{ Index: 0, Scalar: 1, ActuatorType: 'Vibrate' }],
      }),
    ).toHaveProperty('Ok');
    expect(await nextOutput(p)).toBe('Vibrate:20;');

    const battery = await c.request('SensorReadCmd', {
      DeviceIndex: index,
      SensorIndex: 0,
      SensorType: 'Battery',
    });
    expect(body(battery)).toMatchObject({ DeviceIndex: index, SensorType: 'Battery', Data: [85] });

    expect(await c.request('StopDeviceCmd', { DeviceIndex: index })).toHaveProperty('Ok');
    expect(await nextOutput(p)).toBe('Vibrate:0;');
    const finished = c.nextOfType('ScanningFinished');
    expect(await c.request('StopScanning')).toHaveProperty('Ok');
    await finished;
  });

  it('v4: DeviceList on change, OutputCmd, InputCmd battery read', async () => {
    const c = await client(4);
    const listed = c.nextOfType('DeviceList');
    const { p, index } = await lovense();
    const devices = body(await listed).Devices as Record<string, Record<string, unknown>>;
    expect(devices[String(index)]).toMatchObject({
      DeviceName: 'Lovense Hush',
      DeviceIndex: index,
      DeviceMessageTimingGap: 75,
    });

    expect(
      await c.request('OutputCmd', {
        DeviceIndex: index,
        FeatureIndex: 0,
        Command: { Vibrate: { Value: 7 } },
      }),
    ).toHaveProperty('Ok');
    expect(await nextOutput(p)).toBe('Vibrate:7;');
    const reading = await c.request('InputCmd', {
      DeviceIndex: index,
      FeatureIndex: 1,
      Type: 'Battery',
      Command: 'Read',
    });
    expect(body(reading)).toMatchObject({
      DeviceIndex: index,
      FeatureIndex: 1,
      Reading: { Battery: { Value: 85 } },
    });
    // Out of range is refused and nothing is written.
    const bad = await c.request('OutputCmd', {
      DeviceIndex: index,
      FeatureIndex: 0,
      Command: { Vibrate: { Value: 21 } },
    });
    expect(body(bad)).toMatchObject({ ErrorCode: 4 });
    // A feature the device does not have.
    const missing = await c.request('OutputCmd', {
      DeviceIndex: index,
      FeatureIndex: 9,
      Command: { Vibrate: { Value: 1 } },
    });
    expect(body(missing)).toMatchObject({ ErrorCode: 4 });
  });

  it('v2: BatteryLevelCmd answers 0..1; v1 VibrateCmd; v0 SingleMotorVibrateCmd', async () => {
    const { p, index } = await lovense('Z', '40;');
    const v2 = await client(2);
    expect(body(await v2.request('BatteryLevelCmd', { DeviceIndex: index }))).toMatchObject({
      DeviceIndex: index,
      BatteryLevel: 0.4,
    });
    const v1 = await client(1);
    expect(
      await v1.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.25 }] }),
    ).toHaveProperty('Ok');
    expect(await nextOutput(p)).toBe('Vibrate:5;');
    const v0 = await client(0);
    const list = body(await v0.request('RequestDeviceList')).Devices as Array<Record<string, unknown>>;
    expect(list.find((d) => d.DeviceIndex === index)?.DeviceMessages).toContain('SingleMotorVibrateCmd');
    expect(await v0.request('SingleMotorVibrateCmd', { DeviceIndex: index, Speed: 1 })).toHaveProperty('Ok');
    expect(await nextOutput(p)).toBe('Vibrate:20;');
  });

  it('rapid commands are coalesced: the device gets the newest value, not a backlog', async () => {
    const { p, index } = await lovense();
    const c = await client(4);
    const replies: Array<Promise<Msg>> = [];
    for (let v = 1; v <= 20; v++) {
      replies.push(
        c.request('OutputCmd', { DeviceIndex: index, FeatureIndex: 0, Command: { Vibrate: { Value: v } } }),
      );
    }
    for (const r of await Promise.all(replies)) expect(r).toHaveProperty('Ok');
    // First at once, then one flush of the newest value at the end of the 75 ms gap.
    await p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'Vibrate:20;', 2000);
    const writes = p.writes().filter((w) => w.startsWith('Vibrate'));
    expect(writes.length).toBeLessThanOrEqual(3);
    expect(writes.at(-1)).toBe('Vibrate:20;');
  });

  it('a read issued right after a command reaches the device after it', async () => {
    const { p, index } = await lovense();
    const c = await client(3);
    const vib = c.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.75 }] });
    const read = c.request('SensorReadCmd', { DeviceIndex: index, SensorIndex: 0, SensorType: 'Battery' });
    await Promise.all([vib, read]);
    expect(p.writes().slice(-2)).toEqual(['Vibrate:15;', 'Battery;']);
  });

  it('output, stop, output in one frame: the device ends on the last output', async () => {
    const { p, index } = await lovense();
    const c = await client(4);
    const done = c.waitFor((m) => (Object.values(m)[0] as { Id: number }).Id === 903);
    c.sendRaw(
      JSON.stringify([
        { OutputCmd: { Id: 901, DeviceIndex: index, FeatureIndex: 0, Command: { Vibrate: { Value: 5 } } } },
        { StopCmd: { Id: 902, DeviceIndex: index } },
        { OutputCmd: { Id: 903, DeviceIndex: index, FeatureIndex: 0, Command: { Vibrate: { Value: 9 } } } },
      ]),
    );
    await done;
    await p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'Vibrate:9;', 2000);
    await new Promise((r) => setTimeout(r, 150)); // past the gap: nothing may follow
    expect(p.writes().at(-1)).toBe('Vibrate:9;');
  });

  it('a client that disconnects stops what it was driving', async () => {
    const { p, index } = await lovense();
    const c = await RawClient.handshake(server.url, 3);
    await c.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.5 }] });
    expect(await nextOutput(p)).toBe('Vibrate:10;');
    await c.close();
    expect(await nextOutput(p)).toBe('Vibrate:0;');
  });

  it('a client that misses its ping stops what it was driving, and only that', async () => {
    const pinged = await startServer(['--max-ping-time', '300']);
    const p = await SimPeripheral.lovense(pinged.simPort, { letter: 'P', address: `sim-ping-${++seq}` }); // Edge: two motors
    const index = (await p.next('ready')).deviceIndex as number;
    const silent = await RawClient.handshake(pinged.url, 3, 'silent');
    const pinging = await RawClient.handshake(pinged.url, 3, 'pinging');
    const keepAlive = setInterval(() => void pinging.request('Ping'), 100);
    cleanup.push(async () => {
      clearInterval(keepAlive);
      await pinging.close();
      p.ws.close();
      await pinged.stop();
    });
    await silent.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.5 }] });
    expect(await nextOutput(p)).toBe('Vibrate1:10;');
    await pinging.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 1, Speed: 0.25 }] });
    expect(await nextOutput(p)).toBe('Vibrate2:5;');

    expect(body(await silent.nextOfType('Error', 3000))).toMatchObject({ Id: 0, ErrorCode: 2 });
    await silent.closed;
    expect(await nextOutput(p)).toBe('Vibrate1:0;');
    await new Promise((r) => setTimeout(r, 200)); // longer than the Edge's gap: no other stop follows
    expect(p.writes().filter((w) => w.startsWith('Vibrate2'))).toEqual(['Vibrate2:5;']);
  });
});

describe('advertisement data', () => {
  it("reaches the protocol: a Satisfyer's model number comes from its manufacturer data, without a read", async () => {
    const p = await SimPeripheral.hello(`ws://127.0.0.1:${server.simPort}`, {
      name: 'SF Double Flex',
      address: `sim-satisfyer-${++seq}`,
      manufacturerData: [{ company: 93, data: [0, 0, 0x27, 0x51] }],
    });
    cleanup.push(async () => {
      p.ws.close();
      await p.closed;
    });
    expect((await p.next('ready')).name).toBe('Satisfyer Double Flex');
    expect(p.frames.filter((f) => f.kind === 'read')).toEqual([]);
  });
});

describe('a device vanishing', () => {
  it('fails the read in flight with ERROR_DEVICE, reports removal, refuses later commands', async () => {
    const p = await SimPeripheral.lovense(server.simPort, { address: `sim-vanish-${++seq}` });
    p.answers.delete('Battery;'); // it never answers: it vanishes instead
    const index = (await p.next('ready')).deviceIndex as number;
    const c = await client(3);
    const read = c.request(
      'SensorReadCmd',
      { DeviceIndex: index, SensorIndex: 0, SensorType: 'Battery' },
      500,
    );
    await p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'Battery;');
    const removed = c.nextOfType('DeviceRemoved');
    p.ws.terminate();
    expect(body(await read)).toMatchObject({ Id: 500, ErrorCode: 4 });
    expect(body(await removed)).toEqual({ Id: 0, DeviceIndex: index });
    const late = await c.request(
      'VibrateCmd',
      { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.5 }] },
      501,
    );
    expect(body(late)).toMatchObject({ Id: 501, ErrorCode: 4 });
  });
});
